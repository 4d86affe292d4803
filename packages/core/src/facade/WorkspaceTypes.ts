/**
 * The types of the `Workspace` facade: resource instances and lists as TaskRouter.js v1 shapes them (camelCase
 * data plus `update`/`delete`/`fetch`), list pages, statistics fetchers, callbacks and events.
 *
 * @example
 * ```ts
 * import type { WorkerInstance } from "@taskroute/core"
 * const label = (w: WorkerInstance) => `${w.friendlyName} (${w.activityName})`
 * ```
 *
 * @module
 */
import type { Activity } from "../resources/Activity.js"
import type { Event } from "../resources/Event.js"
import type { TaskReservation, WorkerReservation } from "../resources/Reservation.js"
import type { Task } from "../resources/Task.js"
import type { TaskChannel } from "../resources/TaskChannel.js"
import type { TaskQueue } from "../resources/TaskQueue.js"
import type {
  TaskQueueBulkRealTimeStatistics,
  TaskQueueCumulativeStatistics,
  TaskQueueRealTimeStatistics,
  TaskQueueStatistics,
  TaskQueuesStatistics,
} from "../resources/TaskQueueStatistics.js"
import type { Worker } from "../resources/Worker.js"
import type { WorkerChannel } from "../resources/WorkerChannel.js"
import type {
  WorkerInstanceStatistics,
  WorkersCumulativeStatistics,
  WorkerStatistics,
  WorkersRealTimeStatistics,
} from "../resources/WorkerStatistics.js"
import type { Workflow } from "../resources/Workflow.js"
import type {
  WorkflowCumulativeStatistics,
  WorkflowRealTimeStatistics,
  WorkflowStatistics,
} from "../resources/WorkflowStatistics.js"
import type { Workspace as WorkspaceData } from "../resources/Workspace.js"
import type {
  WorkspaceCumulativeStatistics,
  WorkspaceRealTimeStatistics,
  WorkspaceStatistics,
} from "../resources/WorkspaceStatistics.js"
import type { DisconnectReason, KnownDomainEventType } from "../events/WorkspaceEvent.js"
import type { TaskRouteError } from "./TaskRouteError.js"

/**
 * A node-style callback: called exactly once, with a {@link TaskRouteError} or with `null` and the result.
 *
 * @example
 * ```ts
 * import type { Callback, WorkerInstance } from "@taskroute/core"
 * const done: Callback<WorkerInstance> = (error, worker) => console.log(error?.code ?? worker?.sid)
 * ```
 */
export type Callback<T> = (error: TaskRouteError | null, result?: T) => void

/**
 * Request parameters in TaskRouter's PascalCase (`{ FriendlyName: "Alice", Attributes: { skills: ["en"] } }`).
 * Values may be strings (as TaskRouter.js v1 sent them), numbers, booleans, `Date`s, arrays, and plain objects
 * for the JSON-valued `Attributes` and `Configuration`. They are validated before anything is sent and never
 * modified.
 *
 * @example
 * ```ts
 * import type { Params } from "@taskroute/core"
 * const params: Params = { FriendlyName: "Activity1", Available: "true" }
 * ```
 */
export type Params = Readonly<Record<string, unknown>>

/**
 * The methods every fetched instance has. `update` takes TaskRouter.js v1's forms, `("Key", "Value")` and
 * `({ Key: "Value" })`, and the forms its documentation shows with a leading SID, `(sid, "Key", "Value")` and
 * `(sid, { ... })`; the instance's own SID is used (a different, valid SID is an error). The instance is
 * refreshed with the response; the callback or Promise gets a new instance.
 *
 * @example
 * ```ts
 * import type { WorkerInstance } from "@taskroute/core"
 * declare const worker: WorkerInstance
 * await worker.update("ActivitySid", "WAxxx")
 * worker.update({ Attributes: { skills: ["en"] } }, (error, updated) => {})
 * ```
 */
export interface InstanceMethods<Self> extends UpdatableInstance<Self> {
  delete(callback: Callback<void>): void
  delete(): Promise<void>
}

/**
 * The methods of instances that cannot be deleted (reservations, worker channels): `update` in every form of
 * {@link InstanceMethods} and `fetch`.
 *
 * @example
 * ```ts
 * import type { TaskReservationInstance } from "@taskroute/core"
 * declare const reservation: TaskReservationInstance
 * await reservation.update({ ReservationStatus: "accepted" })
 * ```
 */
export interface UpdatableInstance<Self> {
  update(key: string, value: unknown, callback: Callback<Self>): void
  update(params: Params, callback: Callback<Self>): void
  update(sid: string, key: string, value: unknown, callback: Callback<Self>): void
  update(sid: string, params: Params, callback: Callback<Self>): void
  update(sid: string, key: string, value: unknown): Promise<Self>
  update(key: string, value: unknown): Promise<Self>
  update(params: Params): Promise<Self>
  update(sid: string, params: Params): Promise<Self>
  /** Fetches the instance again. */
  fetch(callback: Callback<Self>): void
  fetch(): Promise<Self>
}

/**
 * Fetches one statistics resource, with optional query parameters (`{ Minutes: 240 }`, `{ StartDate, EndDate }`).
 *
 * @example
 * ```ts
 * import type { StatisticsFetcher, WorkspaceStatistics } from "@taskroute/core"
 * declare const stats: StatisticsFetcher<WorkspaceStatistics>
 * const { cumulative } = await stats.fetch({ Minutes: 240 })
 * ```
 */
export interface StatisticsFetcher<S> {
  fetch(callback: Callback<S>): void
  fetch(params: Params, callback: Callback<S>): void
  fetch(params?: Params): Promise<S>
}

/**
 * One page of a list as TaskRouter.js v1 returns it: `data`, the page position, and `next`/`previous`.
 *
 * @example
 * ```ts
 * import type { ListPage, WorkerInstance } from "@taskroute/core"
 * const all = async (page: ListPage<WorkerInstance>): Promise<Array<WorkerInstance>> =>
 *   page.hasNext ? [...page.data, ...(await all(await page.next()))] : [...page.data]
 * ```
 */
export interface ListPage<T> {
  readonly data: ReadonlyArray<T>
  readonly page: number
  readonly pageSize: number
  readonly hasNext: boolean
  readonly hasPrevious: boolean
  next(callback: Callback<ListPage<T>>): void
  next(): Promise<ListPage<T>>
  previous(callback: Callback<ListPage<T>>): void
  previous(): Promise<ListPage<T>>
}

/**
 * Options of a list's `each`: `pageSize` (1..1000, default 50) and `limit` (the most items delivered).
 *
 * @example
 * ```ts
 * import type { EachOptions } from "@taskroute/core"
 * const options: EachOptions = { pageSize: 200, limit: 1000, params: { Available: "true" } }
 * ```
 */
export interface EachOptions {
  readonly pageSize?: number | undefined
  readonly limit?: number | undefined
  /** The list's filters (`{ ActivityName: "Idle" }`). */
  readonly params?: Params | undefined
}

/**
 * A resource list that can only be read (events, worker channels).
 *
 * @example
 * ```ts
 * import type { ReadableList, EventInstance } from "@taskroute/core"
 * declare const events: ReadableList<EventInstance>
 * const page = await events.fetch({ Minutes: 60 })
 * ```
 */
export interface ReadableList<T> {
  fetch(callback: Callback<ListPage<T>>): void
  fetch(sid: string, callback: Callback<T>): void
  fetch(params: Params, callback: Callback<ListPage<T>>): void
  fetch(sid: string): Promise<T>
  fetch(params?: Params): Promise<ListPage<T>>
  /** Every item of every page, fetched lazily: `for await (const w of workspace.workers.each({ pageSize: 200 }))`. */
  each(options?: EachOptions): AsyncIterable<T>
}

/**
 * A list whose items can be updated through it: `update(sid, "Key", "Value")` or `update(sid, { ... })`.
 *
 * @example
 * ```ts
 * import type { UpdatableList, WorkerChannelInstance } from "@taskroute/core"
 * declare const channels: UpdatableList<WorkerChannelInstance>
 * await channels.update("default", { Capacity: 2 })
 * ```
 */
export interface UpdatableList<T> extends ReadableList<T> {
  update(sid: string, key: string, value: unknown, callback: Callback<T>): void
  update(sid: string, params: Params, callback: Callback<T>): void
  update(sid: string, key: string, value: unknown): Promise<T>
  update(sid: string, params: Params): Promise<T>
}

/**
 * A full resource list (activities, task channels, task queues, workers, workflows, tasks).
 *
 * @example
 * ```ts
 * import type { ResourceList, ActivityInstance } from "@taskroute/core"
 * declare const activities: ResourceList<ActivityInstance>
 * const activity = await activities.create({ FriendlyName: "Activity1", Available: "true" })
 * await activities.delete(activity.sid ?? "")
 * ```
 */
export interface ResourceList<T> extends UpdatableList<T> {
  create(params: Params, callback: Callback<T>): void
  create(params: Params): Promise<T>
  delete(sid: string, callback: Callback<void>): void
  delete(sid: string): Promise<void>
}

/**
 * A task reservation (`task.reservations`).
 *
 * @example
 * ```ts
 * import type { TaskReservationInstance } from "@taskroute/core"
 * const accept = (r: TaskReservationInstance) => r.update({ ReservationStatus: "accepted" })
 * ```
 */
export type TaskReservationInstance = TaskReservation & UpdatableInstance<TaskReservationInstance>
/**
 * A worker reservation (`worker.reservations`).
 *
 * @example
 * ```ts
 * import type { WorkerReservationInstance } from "@taskroute/core"
 * const reject = (r: WorkerReservationInstance) => r.update("ReservationStatus", "rejected")
 * ```
 */
export type WorkerReservationInstance = WorkerReservation & UpdatableInstance<WorkerReservationInstance>
/**
 * A worker channel (`worker.channels`).
 *
 * @example
 * ```ts
 * import type { WorkerChannelInstance } from "@taskroute/core"
 * const double = (c: WorkerChannelInstance) => c.update({ Capacity: (c.configuredCapacity ?? 1) * 2 })
 * ```
 */
export type WorkerChannelInstance = WorkerChannel & UpdatableInstance<WorkerChannelInstance>

/**
 * An activity.
 *
 * @example
 * ```ts
 * import type { ActivityInstance } from "@taskroute/core"
 * const rename = (a: ActivityInstance) => a.update("FriendlyName", `${a.friendlyName} (old)`)
 * ```
 */
export type ActivityInstance = Activity & InstanceMethods<ActivityInstance>
/**
 * A task channel.
 *
 * @example
 * ```ts
 * import type { TaskChannelInstance } from "@taskroute/core"
 * const name = (c: TaskChannelInstance) => c.uniqueName
 * ```
 */
export type TaskChannelInstance = TaskChannel & InstanceMethods<TaskChannelInstance>
/**
 * An event of the workspace's event log (read only).
 *
 * @example
 * ```ts
 * import type { EventInstance } from "@taskroute/core"
 * const describe = (e: EventInstance) => `${e.eventType} at ${e.eventDate?.toISOString()}`
 * ```
 */
export type EventInstance = Event

/**
 * A task queue, with its statistics.
 *
 * @example
 * ```ts
 * import type { TaskQueueInstance } from "@taskroute/core"
 * const waiting = async (q: TaskQueueInstance) => (await q.realtimeStats.fetch()).totalEligibleWorkers
 * ```
 */
export type TaskQueueInstance = TaskQueue &
  InstanceMethods<TaskQueueInstance> & {
    readonly statistics: StatisticsFetcher<TaskQueueStatistics>
    readonly cumulativeStats: StatisticsFetcher<TaskQueueCumulativeStatistics>
    readonly realtimeStats: StatisticsFetcher<TaskQueueRealTimeStatistics>
  }

/**
 * A worker, with its statistics, reservations and channels.
 *
 * @example
 * ```ts
 * import type { WorkerInstance } from "@taskroute/core"
 * const goIdle = (w: WorkerInstance, idleSid: string) => w.update({ ActivitySid: idleSid })
 * ```
 */
export type WorkerInstance = Worker &
  InstanceMethods<WorkerInstance> & {
    /** The worker's statistics (TaskRouter has cumulative statistics only for a single worker). */
    readonly statistics: StatisticsFetcher<WorkerInstanceStatistics>
    /** The same resource as `statistics`. */
    readonly cumulativeStats: StatisticsFetcher<WorkerInstanceStatistics>
    readonly reservations: UpdatableList<WorkerReservationInstance>
    readonly channels: UpdatableList<WorkerChannelInstance>
  }

/**
 * A workflow, with its statistics.
 *
 * @example
 * ```ts
 * import type { WorkflowInstance } from "@taskroute/core"
 * const timeout = (w: WorkflowInstance) => w.update("TaskReservationTimeout", 300)
 * ```
 */
export type WorkflowInstance = Workflow &
  InstanceMethods<WorkflowInstance> & {
    readonly statistics: StatisticsFetcher<WorkflowStatistics>
    readonly cumulativeStats: StatisticsFetcher<WorkflowCumulativeStatistics>
    readonly realtimeStats: StatisticsFetcher<WorkflowRealTimeStatistics>
  }

/**
 * A task, with its reservations.
 *
 * @example
 * ```ts
 * import type { TaskInstance } from "@taskroute/core"
 * const cancel = (t: TaskInstance) => t.update({ AssignmentStatus: "canceled", Reason: "waiting" })
 * ```
 */
export type TaskInstance = Task &
  InstanceMethods<TaskInstance> & {
    readonly reservations: UpdatableList<TaskReservationInstance>
  }

/**
 * The workspace resource, as `ready` delivers it.
 *
 * @example
 * ```ts
 * import type { WorkspaceInstance } from "@taskroute/core"
 * const order = (ws: WorkspaceInstance) => ws.prioritizeQueueOrder
 * ```
 */
export type WorkspaceInstance = WorkspaceData &
  InstanceMethods<WorkspaceInstance> & {
    readonly statistics: StatisticsFetcher<WorkspaceStatistics>
    readonly cumulativeStats: StatisticsFetcher<WorkspaceCumulativeStatistics>
    readonly realtimeStats: StatisticsFetcher<WorkspaceRealTimeStatistics>
  }

/**
 * `workspace.taskqueues`: the task queues and their statistics.
 *
 * @example
 * ```ts
 * import type { TaskQueueList } from "@taskroute/core"
 * declare const taskqueues: TaskQueueList
 * const stats = await taskqueues.statistics.fetch({ Minutes: 240 })
 * ```
 */
export interface TaskQueueList extends ResourceList<TaskQueueInstance> {
  /** Statistics of every queue (`GET /TaskQueues/Statistics`), one page. */
  readonly statistics: StatisticsFetcher<ListPage<TaskQueuesStatistics>>
  /** The same resource as `statistics` (it carries each queue's cumulative statistics). */
  readonly cumulativeStats: StatisticsFetcher<ListPage<TaskQueuesStatistics>>
  /** Real-time statistics of several queues at once (`POST /TaskQueues/RealTimeStatistics`, `{ QueueSids }`). */
  readonly realtimeStats: StatisticsFetcher<TaskQueueBulkRealTimeStatistics>
}

/**
 * `workspace.workers`: the workers and their statistics.
 *
 * @example
 * ```ts
 * import type { WorkerList } from "@taskroute/core"
 * declare const workers: WorkerList
 * const { realtime } = await workers.statistics.fetch({ Minutes: 240 })
 * ```
 */
export interface WorkerList extends ResourceList<WorkerInstance> {
  readonly statistics: StatisticsFetcher<WorkerStatistics>
  readonly cumulativeStats: StatisticsFetcher<WorkersCumulativeStatistics>
  readonly realtimeStats: StatisticsFetcher<WorkersRealTimeStatistics>
}

/**
 * What a `disconnected` listener receives.
 *
 * @example
 * ```ts
 * import type { DisconnectedInfo } from "@taskroute/core"
 * const onDisconnected = (info: DisconnectedInfo) => { if (!info.reconnecting) console.log("gave up:", info.message) }
 * ```
 */
export interface DisconnectedInfo {
  readonly message: string
  readonly reason: DisconnectReason
  /** True when a reconnection is scheduled. */
  readonly reconnecting: boolean
  readonly code?: number | undefined
}

/**
 * The payload of a domain event: an instance when the payload names a resource by its SID, else the record.
 *
 * @example
 * ```ts
 * import type { DomainEventPayload } from "@taskroute/core"
 * const sidOf = (p: DomainEventPayload) => String(p.sid)
 * ```
 */
export type DomainEventPayload =
  | ActivityInstance
  | TaskChannelInstance
  | TaskQueueInstance
  | WorkerInstance
  | WorkflowInstance
  | TaskInstance
  | TaskReservationInstance
  | WorkerChannelInstance
  | WorkspaceInstance
  | Readonly<Record<string, unknown>>

/**
 * What each event's listeners receive.
 *
 * @example
 * ```ts
 * import type { WorkspaceEventMap } from "@taskroute/core"
 * const onReady = (ws: WorkspaceEventMap["ready"]) => console.log(ws.friendlyName)
 * ```
 */
export type WorkspaceEventMap = {
  readonly ready: WorkspaceInstance
  readonly connected: undefined
  readonly disconnected: DisconnectedInfo
  readonly "token.expired": undefined
  readonly "token.updated": undefined
  readonly error: TaskRouteError
} & { readonly [K in KnownDomainEventType]: DomainEventPayload }

/**
 * One event of `events$`: `type` is the event name, `payload` what a listener of that name receives.
 *
 * @example
 * ```ts
 * import type { WorkspaceFacadeEvent } from "@taskroute/core"
 * const isReservation = (e: WorkspaceFacadeEvent) => e.type.startsWith("reservation.")
 * ```
 */
export type WorkspaceFacadeEvent =
  | {
      readonly [K in keyof WorkspaceEventMap]: { readonly type: K; readonly payload: WorkspaceEventMap[K] }
    }[keyof WorkspaceEventMap]
  | { readonly type: string; readonly payload: unknown }
