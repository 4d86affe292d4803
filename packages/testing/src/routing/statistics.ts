/**
 * Statistics computed from live state (real-time) and from the recorded history (cumulative), in the exact
 * shapes of each level: workspace, task queue (single, list, bulk), workers, worker and workflow.
 *
 * @internal
 */
import { iso } from "../rest/views.js"
import type { TaskQueueState, TaskState, WorkerState, WorkspaceState } from "../store/model.js"
import { eligibleFor, isAvailable } from "./assignment.js"
import { type Aggregate, aggregateAdd, emptyAggregate, type Scope, type Totals } from "./history.js"

/** A statistics window in milliseconds. @internal */
export interface Window {
  readonly start: number
  readonly end: number
}

const seconds = (ms: number): number => Math.round(ms / 1000)

/** Accumulates the real-time task figures of one scope. @internal */
export class TaskTally {
  readonly byStatus = { pending: 0, reserved: 0, assigned: 0, wrapping: 0 }
  readonly byPriority: Record<string, number> = {}
  total = 0
  longestAge = 0
  longestSid: string | null = null
  longestInQueueAge = 0
  longestInQueueSid: string | null = null
  private longestCreated = Number.POSITIVE_INFINITY
  private longestEntered = Number.POSITIVE_INFINITY

  add(task: TaskState, now: number): void {
    const status = task.status
    if (status !== "pending" && status !== "reserved" && status !== "assigned" && status !== "wrapping")
      return
    this.byStatus[status]++
    this.total++
    if (status === "pending" || status === "reserved") {
      const key = String(task.priority)
      this.byPriority[key] = (this.byPriority[key] ?? 0) + 1
      if (task.dateCreated < this.longestCreated) {
        this.longestCreated = task.dateCreated
        this.longestAge = Math.max(0, Math.floor((now - task.dateCreated) / 1000))
        this.longestSid = task.sid
      }
      const entered = task.queueEnteredDate ?? task.dateCreated
      if (entered < this.longestEntered) {
        this.longestEntered = entered
        this.longestInQueueAge = Math.max(0, Math.floor((now - entered) / 1000))
        this.longestInQueueSid = task.sid
      }
    }
  }
}

/** Tallies of the workspace's tasks, per key (queue, workflow, or one scope), for a task channel. @internal */
export const tallyTasks = (
  ws: WorkspaceState,
  now: number,
  channel: string | undefined,
  keyOf: (task: TaskState) => string | null,
): Map<string, TaskTally> => {
  const out = new Map<string, TaskTally>()
  for (const task of ws.tasks.values()) {
    if (channel !== undefined && task.taskChannelSid !== channel) continue
    const key = keyOf(task)
    if (key === null) continue
    let tally = out.get(key)
    if (tally === undefined) {
      tally = new TaskTally()
      out.set(key, tally)
    }
    tally.add(task, now)
  }
  return out
}

/** `[{sid, friendly_name, workers}]` for every activity of the workspace. @internal */
export const activityStatistics = (ws: WorkspaceState, workers: Iterable<WorkerState>) => {
  const counts = new Map<string, number>()
  for (const w of workers) counts.set(w.activitySid, (counts.get(w.activitySid) ?? 0) + 1)
  return ws.activities
    .toArray()
    .map((a) => ({ sid: a.sid, friendly_name: a.friendlyName, workers: counts.get(a.sid) ?? 0 }))
}

const tallyFields = (tally: TaskTally) => ({
  longest_task_waiting_age: tally.longestAge,
  longest_task_waiting_sid: tally.longestSid,
  tasks_by_priority: tally.byPriority,
  tasks_by_status: tally.byStatus,
  total_tasks: tally.total,
})

/** Workspace real-time figures (without ids and url). @internal */
export const workspaceRealtime = (ws: WorkspaceState, now: number, channel: string | undefined) => {
  const tally = tallyTasks(ws, now, channel, () => "all").get("all") ?? new TaskTally()
  return {
    activity_statistics: activityStatistics(ws, ws.workers.values()),
    ...tallyFields(tally),
    total_workers: ws.workers.size,
  }
}

/** Queue real-time figures (without ids and url) from a precomputed tally. @internal */
export const queueRealtime = (
  ws: WorkspaceState,
  queue: TaskQueueState | undefined,
  tally: TaskTally | undefined,
) => {
  const t = tally ?? new TaskTally()
  const eligible = queue === undefined ? [] : ws.workers.toArray().filter((w) => eligibleFor(ws, queue, w))
  return {
    activity_statistics: activityStatistics(ws, eligible),
    longest_task_waiting_age: t.longestAge,
    longest_task_waiting_sid: t.longestSid,
    longest_relative_task_age_in_queue: t.longestInQueueAge,
    longest_relative_task_sid_in_queue: t.longestInQueueSid,
    tasks_by_priority: t.byPriority,
    tasks_by_status: t.byStatus,
    total_available_workers: eligible.filter((w) => isAvailable(ws, w)).length,
    total_eligible_workers: eligible.length,
    total_tasks: t.total,
  }
}

/** Workflow real-time figures (without ids and url). @internal */
export const workflowRealtime = (tally: TaskTally | undefined) => tallyFields(tally ?? new TaskTally())

/** Workers real-time figures (without ids and url). @internal */
export const workersRealtime = (ws: WorkspaceState, workers: ReadonlyArray<WorkerState>) => ({
  activity_statistics: activityStatistics(ws, workers),
  total_workers: workers.length,
})

const durations = (agg: Aggregate) =>
  agg.count === 0
    ? { avg: 0, min: 0, max: 0, total: 0 }
    : {
        avg: seconds(agg.total / agg.count),
        min: seconds(agg.min),
        max: seconds(agg.max),
        total: seconds(agg.total),
      }

const reservations = (t: Totals) => ({
  reservations_created: t.reservations.created,
  reservations_accepted: t.reservations.accepted,
  reservations_rejected: t.reservations.rejected,
  reservations_timed_out: t.reservations.timedOut,
  reservations_canceled: t.reservations.canceled,
  reservations_rescinded: t.reservations.rescinded,
})

const split = (t: Totals, asked: boolean) => {
  if (!asked) return null
  const out: Record<string, unknown> = {}
  for (const [threshold, bucket] of t.split)
    out[String(threshold)] = {
      above: { tasks_canceled: bucket.above.canceled, reservations_accepted: bucket.above.accepted },
      below: { tasks_canceled: bucket.below.canceled, reservations_accepted: bucket.below.accepted },
    }
  return out
}

const times = (w: Window) => ({ start_time: iso(w.start), end_time: iso(w.end) })

const acceptance = (t: Totals) =>
  t.waitUntilAccepted.count === 0 ? 0 : seconds(t.waitUntilAccepted.total / t.waitUntilAccepted.count)

/** The figures every task-level cumulative statistics resource (workspace, queue, workflow) begins with. */
const taskCumulative = (t: Totals, w: Window, splitAsked: boolean) => ({
  avg_task_acceptance_time: acceptance(t),
  ...times(w),
  ...reservations(t),
  split_by_wait_time: split(t, splitAsked),
  wait_duration_until_accepted: durations(t.waitUntilAccepted),
  wait_duration_until_canceled: durations(t.waitUntilCanceled),
})

/** Workspace cumulative figures (without ids and url). @internal */
export const workspaceCumulative = (t: Totals, w: Window, splitAsked: boolean) => ({
  ...taskCumulative(t, w, splitAsked),
  tasks_canceled: t.tasks.canceled,
  tasks_completed: t.tasks.completed,
  tasks_created: t.tasks.created,
  tasks_deleted: t.tasks.deleted,
  tasks_moved: t.tasks.moved,
  tasks_timed_out_in_workflow: t.tasks.timedOutInWorkflow,
})

/** Queue cumulative figures (without ids and url). @internal */
export const queueCumulative = (t: Totals, w: Window, splitAsked: boolean) => ({
  ...taskCumulative(t, w, splitAsked),
  wait_duration_in_queue_until_accepted: durations(t.waitInQueueUntilAccepted),
  tasks_canceled: t.tasks.canceled,
  tasks_completed: t.tasks.completed,
  tasks_deleted: t.tasks.deleted,
  tasks_entered: t.tasks.entered,
  tasks_moved: t.tasks.moved,
})

/** Workflow cumulative figures (without ids and url); `entered` is the number of tasks that entered it. @internal */
export const workflowCumulative = (t: Totals, w: Window, splitAsked: boolean) => ({
  ...taskCumulative(t, w, splitAsked),
  tasks_canceled: t.tasks.canceled,
  tasks_completed: t.tasks.completed,
  tasks_entered: t.tasks.created,
  tasks_deleted: t.tasks.deleted,
  tasks_moved: t.tasks.moved,
  tasks_timed_out_in_workflow: t.tasks.timedOutInWorkflow,
})

/** Worker(s) cumulative figures: reservations, activity durations, window. @internal */
export const workersCumulative = (ws: WorkspaceState, t: Totals, w: Window) => ({
  ...times(w),
  activity_durations: ws.activities.toArray().map((a) => ({
    sid: a.sid,
    friendly_name: a.friendlyName,
    ...durations(t.activities.get(a.sid) ?? emptyAggregate()),
  })),
  ...reservations(t),
})

/** History totals for a scope, with the ongoing activity spans of `workers` added (clipped to the window). @internal */
export const totalsWithLiveSpans = (
  ws: WorkspaceState,
  w: Window,
  scope: Scope,
  thresholds: ReadonlyArray<number>,
  workers: ReadonlyArray<WorkerState>,
): Totals => {
  const totals = ws.history.totals(w.start, w.end, scope, thresholds)
  for (const worker of workers) {
    const from = Math.max(worker.dateStatusChanged, w.start)
    const to = w.end
    if (to < from) continue
    let agg = totals.activities.get(worker.activitySid)
    if (agg === undefined) {
      agg = emptyAggregate()
      totals.activities.set(worker.activitySid, agg)
    }
    aggregateAdd(agg, to - from)
  }
  return totals
}

/** Sums the totals of several scopes (e.g. a filtered set of workers). @internal */
export const mergeTotals = (parts: ReadonlyArray<Totals>, empty: Totals): Totals => {
  const merge = (into: Aggregate, from: Aggregate) => {
    if (from.count === 0) return
    if (into.count === 0) {
      into.min = from.min
      into.max = from.max
    } else {
      into.min = Math.min(into.min, from.min)
      into.max = Math.max(into.max, from.max)
    }
    into.count += from.count
    into.total += from.total
  }
  for (const part of parts) {
    const r = empty.reservations
    r.created += part.reservations.created
    r.accepted += part.reservations.accepted
    r.rejected += part.reservations.rejected
    r.timedOut += part.reservations.timedOut
    r.canceled += part.reservations.canceled
    r.rescinded += part.reservations.rescinded
    const t = empty.tasks
    t.created += part.tasks.created
    t.entered += part.tasks.entered
    t.completed += part.tasks.completed
    t.canceled += part.tasks.canceled
    t.deleted += part.tasks.deleted
    t.moved += part.tasks.moved
    t.timedOutInWorkflow += part.tasks.timedOutInWorkflow
    merge(empty.waitUntilAccepted, part.waitUntilAccepted)
    merge(empty.waitUntilCanceled, part.waitUntilCanceled)
    merge(empty.waitInQueueUntilAccepted, part.waitInQueueUntilAccepted)
    for (const [sid, agg] of part.activities) {
      let into = empty.activities.get(sid)
      if (into === undefined) {
        into = emptyAggregate()
        empty.activities.set(sid, into)
      }
      merge(into, agg)
    }
  }
  return empty
}
