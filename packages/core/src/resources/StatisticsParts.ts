/**
 * The sub-shapes inside TaskRouter statistics payloads, which the spec leaves untyped: per-activity worker
 * counts, per-activity durations, wait durations, tasks by status and priority, split-by-wait-time buckets and
 * the per-queue entries of the bulk real-time statistics. Wire side snake_case, domain side camelCase.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.ActivityStatistic)({ sid: "WA…", friendly_name: "Idle", workers: 2 })
 * // { sid: "WA…", friendlyName: "Idle", workers: 2 }
 * ```
 *
 * @module
 */
import { Schema } from "effect"
import * as Sid from "../Sid.js"

/**
 * Workers currently in one Activity (`activity_statistics[]`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.ActivityStatistic)({ friendly_name: "Idle", workers: 2 }) // { friendlyName: "Idle", workers: 2 }
 * ```
 */
export const ActivityStatistic = Schema.Struct({
  sid: Schema.optionalKey(Sid.ActivitySid),
  friendlyName: Schema.NullOr(Schema.String),
  workers: Schema.Int,
}).pipe(Schema.encodeKeys({ friendlyName: "friendly_name" }))
/** Workers currently in one Activity. */
export type ActivityStatistic = typeof ActivityStatistic.Type

/**
 * Time spent in one Activity over the interval, in seconds (`activity_durations[]`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.ActivityDuration)({ friendly_name: "Busy", avg: 1, min: 0, max: 2, total: 3 })
 * ```
 */
export const ActivityDuration = Schema.Struct({
  sid: Schema.optionalKey(Sid.ActivitySid),
  friendlyName: Schema.NullOr(Schema.String),
  avg: Schema.Finite,
  min: Schema.Finite,
  max: Schema.Finite,
  total: Schema.Finite,
}).pipe(Schema.encodeKeys({ friendlyName: "friendly_name" }))
/** Time spent in one Activity. */
export type ActivityDuration = typeof ActivityDuration.Type

/**
 * Wait duration statistics in seconds (`wait_duration_until_accepted` and friends).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.WaitDuration)({ avg: 0, min: 0, max: 0, total: 0 })
 * ```
 */
export const WaitDuration = Schema.Struct({
  avg: Schema.Finite,
  min: Schema.Finite,
  max: Schema.Finite,
  total: Schema.Finite,
})
/** Wait duration statistics in seconds. */
export type WaitDuration = typeof WaitDuration.Type

/**
 * Counts of tasks by assignment status (`{ pending: 0, reserved: 0, ... }`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.TasksByStatus)({ pending: 1, assigned: 2 })
 * ```
 */
export const TasksByStatus = Schema.Record(Schema.String, Schema.Finite)
/** Counts of tasks by assignment status. */
export type TasksByStatus = typeof TasksByStatus.Type

/**
 * Counts of tasks by priority (`{ "0": 3, "10": 1 }`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.TasksByPriority)({ "10": 1 })
 * ```
 */
export const TasksByPriority = Schema.Record(Schema.String, Schema.Finite)
/** Counts of tasks by priority. */
export type TasksByPriority = typeof TasksByPriority.Type

/**
 * Tasks canceled and reservations accepted on one side of a wait-time threshold.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.WaitTimeBucket)({ tasks_canceled: 0, reservations_accepted: 2 })
 * ```
 */
export const WaitTimeBucket = Schema.Struct({
  tasksCanceled: Schema.Int,
  reservationsAccepted: Schema.Int,
}).pipe(Schema.encodeKeys({ tasksCanceled: "tasks_canceled", reservationsAccepted: "reservations_accepted" }))
/** One side of a wait-time threshold. */
export type WaitTimeBucket = typeof WaitTimeBucket.Type

/**
 * `split_by_wait_time`: for each threshold in seconds (the `SplitByWaitTime` parameter), the counts above and
 * below it. An object keyed by threshold, although the spec's prose calls it a list.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * const zero = { tasks_canceled: 0, reservations_accepted: 0 }
 * Schema.decodeUnknownSync(Resources.SplitByWaitTime)({ "5": { above: zero, below: zero } })
 * ```
 */
export const SplitByWaitTime = Schema.Record(
  Schema.String,
  Schema.Struct({ above: WaitTimeBucket, below: WaitTimeBucket }),
)
/** Counts above and below each wait-time threshold. */
export type SplitByWaitTime = typeof SplitByWaitTime.Type

/**
 * One TaskQueue's entry in the bulk real-time statistics (`task_queue_data[]`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * const entry = Schema.decodeUnknownSync(Resources.TaskQueueRealTimeData)(wireEntry)
 * entry.totalAvailableWorkers // number
 * ```
 */
export const TaskQueueRealTimeData = Schema.Struct({
  taskQueueSid: Schema.NullOr(Sid.TaskQueueSid),
  totalAvailableWorkers: Schema.Int,
  totalEligibleWorkers: Schema.Int,
  totalTasks: Schema.Int,
  longestTaskWaitingAge: Schema.Int,
  longestTaskWaitingSid: Schema.NullOr(Sid.TaskSid),
  tasksByStatus: Schema.NullOr(TasksByStatus),
  tasksByPriority: Schema.NullOr(TasksByPriority),
  activityStatistics: Schema.NullOr(Schema.Array(ActivityStatistic)),
}).pipe(
  Schema.encodeKeys({
    taskQueueSid: "task_queue_sid",
    totalAvailableWorkers: "total_available_workers",
    totalEligibleWorkers: "total_eligible_workers",
    totalTasks: "total_tasks",
    longestTaskWaitingAge: "longest_task_waiting_age",
    longestTaskWaitingSid: "longest_task_waiting_sid",
    tasksByStatus: "tasks_by_status",
    tasksByPriority: "tasks_by_priority",
    activityStatistics: "activity_statistics",
  }),
)
/** One TaskQueue's entry in the bulk real-time statistics. */
export type TaskQueueRealTimeData = typeof TaskQueueRealTimeData.Type
