/**
 * Routing: tasks through workflow filters and targets into queues, reservations to eligible workers, and the
 * lifecycles of tasks, reservations and worker activities, with their timers (target timeouts, reservation
 * timeouts, task TTL, deletion of finished tasks five minutes later), events and history records.
 *
 * Invariant after every operation: no waiting task has an available, eligible worker with free capacity
 * (operations that could break it request an assignment pass, run before the operation's events are delivered).
 *
 * @internal
 */
import type { Engine } from "../store/engine.js"
import { emitReservation, emitTask, emitWorker } from "../store/events.js"
import type {
  ReservationState,
  TaskQueueState,
  TaskState,
  WorkerChannelState,
  WorkerState,
  WorkflowState,
  WorkspaceState,
} from "../store/model.js"
import { Kind } from "./history.js"
import { enterWaiting, leaveWaiting, waitingTasks } from "./waiting.js"
import type { Target, WorkflowConfig } from "./workflowConfig.js"

/** Finished tasks are deleted this long after they finish. @internal */
export const finishedTaskRetentionMs = 5 * 60 * 1000

/** The default reservation timeout when no workflow says otherwise (seconds). @internal */
export const defaultReservationTimeout = 120

// ---- records --------------------------------------------------------------------------------------------

let memoTask: TaskState | undefined
let memoText = ""
let memoRecord: Record<string, unknown> = {}

/**
 * The task's attributes as an object. Not kept on the task (100,000 stored tasks would carry 100,000 parsed
 * copies); the last one parsed is memoised, which serves the repeated reads of one assignment attempt.
 *
 * @internal
 */
export const taskAttributes = (task: TaskState): Record<string, unknown> => {
  if (memoTask === task && memoText === task.attributes) return memoRecord
  let parsed: unknown
  try {
    parsed = JSON.parse(task.attributes)
  } catch {
    parsed = {}
  }
  const record: Record<string, unknown> =
    typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {}
  memoTask = task
  memoText = task.attributes
  memoRecord = record
  return record
}

/** A worker as expressions see it: attributes plus sid, friendly_name, activity_sid, activity_name. @internal */
export const workerRecord = (ws: WorkspaceState, worker: WorkerState): Record<string, unknown> => {
  if (worker.record !== undefined) return worker.record
  const record = {
    ...worker.parsedAttributes,
    sid: worker.sid,
    friendly_name: worker.friendlyName,
    activity_sid: worker.activitySid,
    activity_name: ws.activities.get(worker.activitySid)?.friendlyName ?? null,
  }
  worker.record = record
  return record
}

/** Drops cached views and records of a worker after a change. @internal */
export const touchWorker = (e: Engine, worker: WorkerState): void => {
  worker.dateUpdated = e.now()
  worker.version++
  worker.view = undefined
  worker.record = undefined
}

const touchTask = (e: Engine, task: TaskState): void => {
  task.dateUpdated = e.now()
  task.version++
}

/** Whether the worker's activity is an available one. @internal */
export const isAvailable = (ws: WorkspaceState, worker: WorkerState): boolean =>
  ws.activities.get(worker.activitySid)?.available === true

/** Whether a worker is eligible for a queue (its TargetWorkers). @internal */
export const eligibleFor = (ws: WorkspaceState, queue: TaskQueueState, worker: WorkerState): boolean =>
  queue.targetMatcher.test(workerRecord(ws, worker))

// ---- assignment passes ------------------------------------------------------------------------------------

/** Requests an assignment pass for a task, a worker or the whole workspace. @internal */
export const requestAssignment = (
  e: Engine,
  ws: WorkspaceState,
  what: { readonly task: TaskState } | { readonly worker: WorkerState } | "all",
): void => {
  if (what === "all") e.assignmentWork.push({ kind: "all", ws })
  else if ("task" in what) e.assignmentWork.push({ kind: "task", ws, taskSid: what.task.sid })
  else e.assignmentWork.push({ kind: "worker", ws, workerSid: what.worker.sid })
}

/** Runs the requested assignment passes (and those they request) until none is left. @internal */
export const runPendingAssignments = (e: Engine): void => {
  let guard = 0
  while (e.assignmentWork.length > 0 && guard++ < 100_000) {
    const work = e.assignmentWork.shift()
    if (work === undefined) break
    const ws = work.ws
    if (!isLive(e, ws)) continue
    try {
      if (work.kind === "task") {
        const task = ws.tasks.get(work.taskSid)
        if (task !== undefined) tryAssignTask(e, ws, task)
      } else if (work.kind === "worker") {
        const worker = ws.workers.get(work.workerSid)
        if (worker !== undefined) tryAssignWorker(e, ws, worker)
      } else {
        for (const queue of ws.taskQueues.values())
          for (const task of [...waitingTasks(queue)]) tryAssignTask(e, ws, task)
      }
    } catch {
      // a failed pass leaves its tasks waiting; the request or timer that asked for it still completes
    }
  }
}

const isLive = (e: Engine, ws: WorkspaceState): boolean =>
  e.accounts.get(ws.accountSid)?.workspaces.get(ws.sid) === ws

const currentTarget = (task: TaskState): Target | undefined => {
  const config = task.config
  const position = task.routing
  if (config === undefined || position === undefined) return undefined
  if (position.filter < 0) return config.defaultTarget
  return config.filters[position.filter]?.targets[position.target]
}

const pendingReservations = (task: TaskState): number => {
  let n = 0
  for (const r of task.reservations ?? []) if (r.status === "pending") n++
  return n
}

const canTakeMore = (ws: WorkspaceState, task: TaskState): TaskQueueState | undefined => {
  if (task.status !== "pending" && task.status !== "reserved") return undefined
  if (task.taskQueueSid === null) return undefined
  const queue = ws.taskQueues.get(task.taskQueueSid)
  if (queue === undefined) return undefined
  return pendingReservations(task) < queue.maxReservedWorkers ? queue : undefined
}

const activeReservationCount = (worker: WorkerState): number => {
  let n = 0
  for (const c of worker.channels.values()) n += c.assignedTasks
  return n
}

/** Whether `worker` could take a reservation for `task` now (capacity, activity, history). */
const canReserve = (
  ws: WorkspaceState,
  worker: WorkerState,
  task: TaskState,
): WorkerChannelState | undefined => {
  if (!isAvailable(ws, worker)) return undefined
  const channel = worker.channels.get(task.taskChannelSid)
  if (channel === undefined || !channel.available) return undefined
  const ignoreCapacity = task.ignoreCapacity === true && task.routingTarget === worker.sid
  if (!ignoreCapacity) {
    if (ws.multiTaskEnabled) {
      if (channel.assignedTasks >= channel.configuredCapacity) return undefined
    } else if (channel.configuredCapacity <= 0 || activeReservationCount(worker) > 0) return undefined
  }
  if (task.declined?.has(worker.sid) === true) return undefined
  for (const r of task.reservations ?? []) {
    if (
      r.workerSid === worker.sid &&
      (r.status === "pending" || r.status === "accepted" || r.status === "wrapping")
    )
      return undefined
  }
  return channel
}

/** Whether `worker` matches the task's queue, current target and routing target. */
const matches = (
  ws: WorkspaceState,
  queue: TaskQueueState,
  worker: WorkerState,
  task: TaskState,
): boolean => {
  if (task.routingTarget?.startsWith("WK") && task.routingTarget !== worker.sid) return false
  if (!eligibleFor(ws, queue, worker)) return false
  const target = currentTarget(task)
  if (target === undefined) return true
  const record = workerRecord(ws, worker)
  if (
    target.expression !== undefined &&
    !target.expression.test({ task: taskAttributes(task), worker: record })
  )
    return false
  if (
    target.knownWorkerSid !== undefined &&
    target.knownWorkerSid({ task: taskAttributes(task) }) !== worker.sid
  )
    return false
  if (
    target.knownWorkerFriendlyName !== undefined &&
    target.knownWorkerFriendlyName({ task: taskAttributes(task) }) !== worker.friendlyName
  )
    return false
  return true
}

const compareOrderValues = (a: unknown, b: unknown): number => {
  const an = typeof a === "number" ? a : undefined
  const bn = typeof b === "number" ? b : undefined
  if (an !== undefined && bn !== undefined) return an - bn
  if (an !== undefined) return -1
  if (bn !== undefined) return 1
  return 0
}

/** Creates reservations for `task` up to its queue's MaxReservedWorkers; returns how many were created. @internal */
export const tryAssignTask = (e: Engine, ws: WorkspaceState, task: TaskState): number => {
  let created = 0
  let queue = canTakeMore(ws, task)
  if (queue === undefined) return 0
  const candidates: Array<WorkerState> = []
  for (const worker of ws.workers.values()) {
    if (canReserve(ws, worker, task) !== undefined && matches(ws, queue, worker, task))
      candidates.push(worker)
  }
  if (candidates.length === 0) return 0
  const target = currentTarget(task)
  const orderBy = target?.orderBy ?? []
  candidates.sort((a, b) => {
    for (const key of orderBy) {
      const c = compareOrderValues(
        key.path({ worker: workerRecord(ws, a) }),
        key.path({ worker: workerRecord(ws, b) }),
      )
      if (c !== 0) return key.descending ? -c : c
    }
    return a.idleSince - b.idleSince || a.seq - b.seq
  })
  for (const worker of candidates) {
    queue = canTakeMore(ws, task)
    if (queue === undefined) break
    const channel = canReserve(ws, worker, task)
    if (channel === undefined) continue
    createReservation(e, ws, task, worker, queue, channel)
    created++
  }
  return created
}

/** Fills `worker`'s free capacity with the best waiting tasks of the queues it is eligible for. @internal */
export const tryAssignWorker = (e: Engine, ws: WorkspaceState, worker: WorkerState): void => {
  if (!isAvailable(ws, worker)) return
  const heads: Array<{ queue: TaskQueueState; iterator: Iterator<TaskState>; head: TaskState | undefined }> =
    []
  for (const queue of ws.taskQueues.values()) {
    if (queue.waiting.priorities.length === 0 || !eligibleFor(ws, queue, worker)) continue
    const iterator = waitingTasks(queue)
    const first = iterator.next()
    if (first.done !== true) heads.push({ queue, iterator, head: first.value })
  }
  const lifo = ws.prioritizeQueueOrder === "LIFO"
  while (heads.length > 0) {
    if (!hasAnyCapacity(ws, worker)) return
    let best = -1
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]?.head
      const b = best < 0 ? undefined : heads[best]?.head
      if (h === undefined) continue
      if (b === undefined) {
        best = i
        continue
      }
      if (h.priority !== b.priority) {
        if (h.priority > b.priority) best = i
        continue
      }
      const older =
        h.virtualStartTime < b.virtualStartTime ||
        (h.virtualStartTime === b.virtualStartTime && h.seq < b.seq)
      if (older !== lifo) best = i
    }
    const slot = heads[best]
    if (slot === undefined || slot.head === undefined) return
    const task = slot.head
    const next = slot.iterator.next()
    if (next.done === true) heads.splice(best, 1)
    else slot.head = next.value
    const queue = canTakeMore(ws, task)
    if (queue === undefined || queue.sid !== slot.queue.sid) continue
    const channel = canReserve(ws, worker, task)
    if (channel === undefined || !matches(ws, queue, worker, task)) continue
    createReservation(e, ws, task, worker, queue, channel)
  }
}

const hasAnyCapacity = (ws: WorkspaceState, worker: WorkerState): boolean => {
  if (!isAvailable(ws, worker)) return false
  if (!ws.multiTaskEnabled) return activeReservationCount(worker) === 0
  for (const c of worker.channels.values())
    if (c.available && c.assignedTasks < c.configuredCapacity) return true
  return false
}

// ---- reservations -----------------------------------------------------------------------------------------

const reservationTimeout = (ws: WorkspaceState, task: TaskState): number => {
  const workflow = task.workflowSid === null ? undefined : ws.workflows.get(task.workflowSid)
  return workflow?.taskReservationTimeout ?? defaultReservationTimeout
}

const createReservation = (
  e: Engine,
  ws: WorkspaceState,
  task: TaskState,
  worker: WorkerState,
  queue: TaskQueueState,
  channel: WorkerChannelState,
): ReservationState => {
  const now = e.now()
  const r: ReservationState = {
    sid: e.sid("WR"),
    seq: e.nextSeq(),
    taskSid: task.sid,
    workerSid: worker.sid,
    taskChannelSid: task.taskChannelSid,
    taskQueueSid: queue.sid,
    workflowSid: task.workflowSid,
    status: "pending",
    dateCreated: now,
    dateUpdated: now,
    version: 0,
    timer: 0,
    holdsCapacity: true,
  }
  ws.reservations.set(r.sid, r)
  if (task.reservations === undefined) task.reservations = []
  task.reservations.push(r)
  worker.reservations.push(r)
  channel.assignedTasks++
  channel.dateUpdated = now
  worker.idleSince = now
  if (task.status === "pending") {
    task.status = "reserved"
    touchTask(e, task)
  }
  r.timer = e.timers.schedule(now + reservationTimeout(ws, task) * 1000, () => timeoutReservation(e, ws, r))
  ws.history.record(Kind.ReservationCreated, now, {
    queue: queue.sid,
    workflow: task.workflowSid,
    worker: worker.sid,
    channel: task.taskChannelSid,
  })
  emitReservation(
    e,
    ws,
    "reservation.created",
    r,
    `Reservation ${r.sid} created for Worker ${worker.friendlyName}`,
  )
  if (queue.reservationActivitySid !== null && ws.activities.has(queue.reservationActivitySid))
    setWorkerActivity(e, ws, worker, queue.reservationActivitySid, false)
  return r
}

const releaseCapacity = (e: Engine, ws: WorkspaceState, r: ReservationState): void => {
  if (!r.holdsCapacity) return
  r.holdsCapacity = false
  const worker = ws.workers.get(r.workerSid)
  const channel = worker?.channels.get(r.taskChannelSid)
  if (worker === undefined || channel === undefined) return
  channel.assignedTasks = Math.max(0, channel.assignedTasks - 1)
  channel.dateUpdated = e.now()
  worker.idleSince = e.now()
  requestAssignment(e, ws, { worker })
}

const setReservationStatus = (e: Engine, r: ReservationState, status: ReservationState["status"]): void => {
  r.status = status
  r.dateUpdated = e.now()
  r.version++
  e.timers.cancel(r.timer)
  r.timer = 0
}

const historyFields = (r: ReservationState) => ({
  queue: r.taskQueueSid,
  workflow: r.workflowSid,
  worker: r.workerSid,
  channel: r.taskChannelSid,
})

/** After a reservation ended unaccepted: back to pending when none is left, and route again. */
const afterUnaccepted = (e: Engine, ws: WorkspaceState, task: TaskState): void => {
  if (task.status === "reserved" && pendingReservations(task) === 0) {
    task.status = "pending"
    touchTask(e, task)
  }
  if (task.status === "pending" || task.status === "reserved") requestAssignment(e, ws, { task })
}

/** Accepts a pending reservation: the task becomes assigned, other pending reservations are rescinded. @internal */
export const acceptReservation = (e: Engine, ws: WorkspaceState, r: ReservationState): void => {
  const task = ws.tasks.get(r.taskSid)
  const worker = ws.workers.get(r.workerSid)
  if (task === undefined || worker === undefined) return
  const now = e.now()
  setReservationStatus(e, r, "accepted")
  task.status = "assigned"
  touchTask(e, task)
  leaveWaiting(task.taskQueueSid === null ? undefined : ws.taskQueues.get(task.taskQueueSid), task)
  stopRouting(e, task)
  e.timers.cancel(task.ttlTimer)
  task.ttlTimer = 0
  ws.history.record(Kind.ReservationAccepted, now, {
    ...historyFields(r),
    a: now - task.dateCreated,
    b: now - (task.queueEnteredDate ?? task.dateCreated),
  })
  emitReservation(
    e,
    ws,
    "reservation.accepted",
    r,
    `Reservation ${r.sid} accepted by Worker ${worker.friendlyName}`,
  )
  for (const other of task.reservations ?? []) {
    if (other !== r && other.status === "pending") endReservation(e, ws, other, "rescinded")
  }
  const queue = r.taskQueueSid === null ? undefined : ws.taskQueues.get(r.taskQueueSid)
  if (queue?.assignmentActivitySid != null && ws.activities.has(queue.assignmentActivitySid))
    setWorkerActivity(e, ws, worker, queue.assignmentActivitySid, false)
}

/**
 * A pending reservation ends declined (rejected or timed out): the task will not offer itself to that worker again,
 * the worker's capacity is freed and it moves to `nextActivitySid` (when given), and the task is routed again.
 */
const declineReservation = (
  e: Engine,
  ws: WorkspaceState,
  r: ReservationState,
  status: "rejected" | "timeout",
  description: string,
  nextActivitySid: string | undefined,
): void => {
  const task = ws.tasks.get(r.taskSid)
  const worker = ws.workers.get(r.workerSid)
  setReservationStatus(e, r, status)
  if (task !== undefined) {
    if (task.declined === undefined) task.declined = new Set()
    task.declined.add(r.workerSid)
  }
  ws.history.record(
    status === "rejected" ? Kind.ReservationRejected : Kind.ReservationTimedOut,
    e.now(),
    historyFields(r),
  )
  emitReservation(e, ws, `reservation.${status}`, r, description)
  releaseCapacity(e, ws, r)
  if (worker !== undefined && nextActivitySid !== undefined)
    setWorkerActivity(e, ws, worker, nextActivitySid, false)
  if (task !== undefined) afterUnaccepted(e, ws, task)
}

/** Rejects a pending reservation, optionally moving the worker to another activity. @internal */
export const rejectReservation = (
  e: Engine,
  ws: WorkspaceState,
  r: ReservationState,
  workerActivitySid: string | undefined,
): void => {
  const by = ws.workers.get(r.workerSid)?.friendlyName ?? r.workerSid
  declineReservation(e, ws, r, "rejected", `Reservation ${r.sid} rejected by Worker ${by}`, workerActivitySid)
}

/** The workflow's TaskReservationTimeout elapsed: the worker moves to the workspace's timeout activity. @internal */
export const timeoutReservation = (e: Engine, ws: WorkspaceState, r: ReservationState): void => {
  if (r.status !== "pending") return
  const timeoutActivity = ws.activities.has(ws.timeoutActivitySid) ? ws.timeoutActivitySid : undefined
  declineReservation(e, ws, r, "timeout", `Reservation ${r.sid} timed out`, timeoutActivity)
}

/** Ends a pending reservation as canceled (task canceled or moved) or rescinded (another was accepted). @internal */
export const endReservation = (
  e: Engine,
  ws: WorkspaceState,
  r: ReservationState,
  status: "canceled" | "rescinded",
): void => {
  if (r.status !== "pending") return
  setReservationStatus(e, r, status)
  ws.history.record(
    status === "canceled" ? Kind.ReservationCanceled : Kind.ReservationRescinded,
    e.now(),
    historyFields(r),
  )
  emitReservation(e, ws, `reservation.${status}`, r, `Reservation ${r.sid} ${status}`)
  releaseCapacity(e, ws, r)
}

const acceptedReservation = (task: TaskState): ReservationState | undefined =>
  task.reservations?.find((r) => r.status === "accepted" || r.status === "wrapping")

// ---- tasks -----------------------------------------------------------------------------------------------

const stopRouting = (e: Engine, task: TaskState): void => {
  if (task.routing !== undefined) {
    e.timers.cancel(task.routing.timer)
    task.routing.timer = 0
  }
}

/** Starts routing a new task: through its workflow, or straight into a queue. @internal */
export const routeNewTask = (
  e: Engine,
  ws: WorkspaceState,
  task: TaskState,
  via: { readonly workflow: WorkflowState } | { readonly queue: TaskQueueState },
): void => {
  task.ttlTimer = e.timers.schedule(task.dateCreated + task.timeout * 1000, () => ttlExpired(e, ws, task))
  if ("queue" in via) {
    enterQueue(e, ws, task, via.queue)
    requestAssignment(e, ws, { task })
    return
  }
  task.config = via.workflow.config
  emitTask(e, ws, "workflow.entered", task, `Task ${task.sid} entered Workflow ${via.workflow.friendlyName}`)
  matchFrom(e, ws, task, 0, true)
}

const enterQueue = (e: Engine, ws: WorkspaceState, task: TaskState, queue: TaskQueueState): void => {
  const previous = task.taskQueueSid
  if (previous === queue.sid) {
    enterWaiting(queue, task)
    return
  }
  const now = e.now()
  if (previous !== null) {
    leaveWaiting(ws.taskQueues.get(previous), task)
    ws.history.record(Kind.TaskMoved, now, {
      queue: previous,
      workflow: task.workflowSid,
      channel: task.taskChannelSid,
    })
  }
  task.taskQueueSid = queue.sid
  task.queueEnteredDate = now
  touchTask(e, task)
  if (previous !== null)
    emitTask(e, ws, "task-queue.moved", task, `Task ${task.sid} moved to TaskQueue ${queue.friendlyName}`, {
      task_queue_moved_from_sid: previous,
    })
  ws.history.record(Kind.TaskEntered, now, {
    queue: queue.sid,
    workflow: task.workflowSid,
    channel: task.taskChannelSid,
  })
  emitTask(e, ws, "task-queue.entered", task, `Task ${task.sid} entered TaskQueue ${queue.friendlyName}`)
  enterWaiting(queue, task)
}

/** Evaluates the filters from `from` on; enters the first match (or the default filter when allowed). */
const matchFrom = (
  e: Engine,
  ws: WorkspaceState,
  task: TaskState,
  from: number,
  allowDefault: boolean,
): void => {
  const config = task.config
  if (config === undefined) return
  const attributes = taskAttributes(task)
  for (let i = from; i < config.filters.length; i++) {
    const filter = config.filters[i]
    if (filter?.expression.test(attributes)) {
      enterTarget(e, ws, task, config, i, 0)
      return
    }
  }
  if (allowDefault && config.defaultTarget !== undefined) {
    enterTarget(e, ws, task, config, -1, 0)
    return
  }
  workflowTimeout(e, ws, task, allowDefault ? "Task did not match any Workflow filter" : "Workflow Timeout")
}

const enterTarget = (
  e: Engine,
  ws: WorkspaceState,
  task: TaskState,
  config: WorkflowConfig,
  filterIndex: number,
  targetIndex: number,
): void => {
  const filter = filterIndex < 0 ? undefined : config.filters[filterIndex]
  const target = filterIndex < 0 ? config.defaultTarget : filter?.targets[targetIndex]
  if (target === undefined) return
  const queue = ws.taskQueues.get(target.queue)
  stopRouting(e, task)
  task.routing = { filter: filterIndex, target: targetIndex, timer: 0 }
  if (queue === undefined) {
    advance(e, ws, task)
    return
  }
  if (target.priority !== undefined && target.priority !== task.priority) {
    task.priority = target.priority
    touchTask(e, task)
  }
  enterQueue(e, ws, task, queue)
  emitTask(
    e,
    ws,
    "workflow.target-matched",
    task,
    `Task ${task.sid} matched a target of Workflow ${task.workflowSid}`,
    {
      workflow_filter_name: filter?.name ?? "Default Filter",
      workflow_filter_target_expression: target.expression?.source,
      task_queue_sid: queue.sid,
    },
  )
  if (target.timeout !== undefined) {
    const position = task.routing
    position.timer = e.timers.schedule(e.now() + target.timeout * 1000, () => {
      if (task.routing !== position || (task.status !== "pending" && task.status !== "reserved")) return
      position.timer = 0
      emitTask(
        e,
        ws,
        "task-queue.timeout",
        task,
        `Task ${task.sid} timed out of TaskQueue ${queue.friendlyName}`,
      )
      advance(e, ws, task)
    })
  }
  const created = tryAssignTask(e, ws, task)
  if (created === 0 && target.skipIf !== undefined && target.skipIf.test(skipRecord(ws, queue))) {
    emitTask(
      e,
      ws,
      "workflow.skipped",
      task,
      `Task ${task.sid} skipped a target of Workflow ${task.workflowSid}`,
    )
    advance(e, ws, task)
  }
}

/** `workers.available`, `workers.unavailable`, `workers.WA…` over the queue's eligible workers (for skip_if). */
const skipRecord = (ws: WorkspaceState, queue: TaskQueueState): Record<string, unknown> => {
  const workers: Record<string, number> = { available: 0, unavailable: 0 }
  for (const worker of ws.workers.values()) {
    if (!eligibleFor(ws, queue, worker)) continue
    if (isAvailable(ws, worker)) workers.available = (workers.available ?? 0) + 1
    else workers.unavailable = (workers.unavailable ?? 0) + 1
    workers[worker.activitySid] = (workers[worker.activitySid] ?? 0) + 1
  }
  return { workers }
}

/** Moves a task to its next target (timeout or skip_if), the next matching filter, or out of the workflow. */
const advance = (e: Engine, ws: WorkspaceState, task: TaskState): void => {
  const config = task.config
  const position = task.routing
  if (config === undefined || position === undefined) return
  for (const r of task.reservations ?? []) if (r.status === "pending") endReservation(e, ws, r, "canceled")
  if (task.status === "reserved" && pendingReservations(task) === 0) {
    task.status = "pending"
    touchTask(e, task)
  }
  if (position.filter >= 0) {
    const filter = config.filters[position.filter]
    if (filter !== undefined && position.target + 1 < filter.targets.length) {
      enterTarget(e, ws, task, config, position.filter, position.target + 1)
      return
    }
    matchFrom(e, ws, task, position.filter + 1, false)
    return
  }
  workflowTimeout(e, ws, task, "Workflow Timeout")
}

const workflowTimeout = (e: Engine, ws: WorkspaceState, task: TaskState, reason: string): void => {
  stopRouting(e, task)
  emitTask(e, ws, "workflow.timeout", task, `Task ${task.sid} timed out of Workflow ${task.workflowSid}`)
  ws.history.record(Kind.TaskTimedOutInWorkflow, e.now(), {
    queue: task.taskQueueSid,
    workflow: task.workflowSid,
    channel: task.taskChannelSid,
  })
  cancelTask(e, ws, task, reason)
}

const ttlExpired = (e: Engine, ws: WorkspaceState, task: TaskState): void => {
  task.ttlTimer = 0
  if (task.status === "pending" || task.status === "reserved") cancelTask(e, ws, task, "Task TTL Exceeded")
}

/** Cancels a pending or reserved task. @internal */
export const cancelTask = (e: Engine, ws: WorkspaceState, task: TaskState, reason: string | null): void => {
  for (const r of task.reservations ?? []) if (r.status === "pending") endReservation(e, ws, r, "canceled")
  const now = e.now()
  task.status = "canceled"
  task.reason = reason
  touchTask(e, task)
  finishTask(e, ws, task)
  ws.history.record(Kind.TaskCanceled, now, {
    queue: task.taskQueueSid,
    workflow: task.workflowSid,
    channel: task.taskChannelSid,
    a: now - task.dateCreated,
  })
  emitTask(e, ws, "task.canceled", task, `Task ${task.sid} canceled${reason === null ? "" : `: ${reason}`}`)
}

/** Moves an assigned task to wrapping (its accepted reservation too). @internal */
export const wrapTask = (
  e: Engine,
  ws: WorkspaceState,
  task: TaskState,
  via: "task" | "reservation",
): void => {
  task.status = "wrapping"
  touchTask(e, task)
  const r = acceptedReservation(task)
  if (r !== undefined) {
    r.status = "wrapping"
    r.dateUpdated = e.now()
    r.version++
  }
  const taskEvent = () => emitTask(e, ws, "task.wrapup", task, `Task ${task.sid} wrapping up`)
  const reservationEvent = () => {
    if (r !== undefined) emitReservation(e, ws, "reservation.wrapup", r, `Reservation ${r.sid} wrapping up`)
  }
  if (via === "task") {
    taskEvent()
    reservationEvent()
  } else {
    reservationEvent()
    taskEvent()
  }
}

/** Completes an assigned or wrapping task (its reservation too) and frees the worker's capacity. @internal */
export const completeTask = (
  e: Engine,
  ws: WorkspaceState,
  task: TaskState,
  reason: string | null,
  via: "task" | "reservation",
): void => {
  task.status = "completed"
  task.reason = reason
  touchTask(e, task)
  const r = acceptedReservation(task)
  if (r !== undefined) {
    r.status = "completed"
    r.dateUpdated = e.now()
    r.version++
  }
  finishTask(e, ws, task)
  ws.history.record(Kind.TaskCompleted, e.now(), {
    queue: task.taskQueueSid,
    workflow: task.workflowSid,
    worker: r?.workerSid,
    channel: task.taskChannelSid,
  })
  const taskEvent = () => emitTask(e, ws, "task.completed", task, `Task ${task.sid} completed`)
  const reservationEvent = () => {
    if (r !== undefined) emitReservation(e, ws, "reservation.completed", r, `Reservation ${r.sid} completed`)
  }
  if (via === "task") {
    taskEvent()
    reservationEvent()
  } else {
    reservationEvent()
    taskEvent()
  }
  if (r !== undefined) releaseCapacity(e, ws, r)
}

/** Common end of canceled and completed tasks: timers stop, deletion is scheduled five minutes later. */
const finishTask = (e: Engine, ws: WorkspaceState, task: TaskState): void => {
  leaveWaiting(task.taskQueueSid === null ? undefined : ws.taskQueues.get(task.taskQueueSid), task)
  stopRouting(e, task)
  e.timers.cancel(task.ttlTimer)
  task.declined = undefined
  task.ttlTimer = e.timers.schedule(e.now() + finishedTaskRetentionMs, () => {
    task.ttlTimer = 0
    if (ws.tasks.get(task.sid) === task) deleteTask(e, ws, task)
  })
}

/** Deletes a task (API or retention): pending reservations are canceled, capacity freed. @internal */
export const deleteTask = (e: Engine, ws: WorkspaceState, task: TaskState): void => {
  for (const r of task.reservations ?? []) if (r.status === "pending") endReservation(e, ws, r, "canceled")
  for (const r of task.reservations ?? []) releaseCapacity(e, ws, r)
  leaveWaiting(task.taskQueueSid === null ? undefined : ws.taskQueues.get(task.taskQueueSid), task)
  stopRouting(e, task)
  e.timers.cancel(task.ttlTimer)
  task.ttlTimer = 0
  ws.history.record(Kind.TaskDeleted, e.now(), {
    queue: task.taskQueueSid,
    workflow: task.workflowSid,
    channel: task.taskChannelSid,
  })
  emitTask(e, ws, "task.deleted", task, `Task ${task.sid} deleted`)
  for (const r of task.reservations ?? []) {
    e.timers.cancel(r.timer)
    ws.reservations.delete(r.sid)
    const worker = ws.workers.get(r.workerSid)
    if (worker !== undefined) {
      const i = worker.reservations.indexOf(r)
      if (i >= 0) worker.reservations.splice(i, 1)
    }
  }
  ws.tasks.delete(task.sid)
}

/** Re-routes a pending or reserved task from the start of its (updated) workflow. @internal */
export const reevaluateTask = (
  e: Engine,
  ws: WorkspaceState,
  task: TaskState,
  workflow: WorkflowState,
): void => {
  if (task.status !== "pending" && task.status !== "reserved") return
  for (const r of task.reservations ?? []) if (r.status === "pending") endReservation(e, ws, r, "canceled")
  if (task.status === "reserved") {
    task.status = "pending"
    touchTask(e, task)
  }
  stopRouting(e, task)
  task.config = workflow.config
  task.routing = undefined
  matchFrom(e, ws, task, 0, true)
}

/** Re-sorts a waiting task after its priority or virtual start time changed, and routes it again. @internal */
export const requeueTask = (e: Engine, ws: WorkspaceState, task: TaskState): void => {
  if (task.waitingIn === null) return
  const queue = ws.taskQueues.get(task.waitingIn)
  if (queue === undefined) return
  enterWaiting(queue, task)
  requestAssignment(e, ws, { task })
}

// ---- workers ---------------------------------------------------------------------------------------------

/** Changes a worker's activity: records the span, emits `worker.activity.update`, routes when available. @internal */
export const setWorkerActivity = (
  e: Engine,
  ws: WorkspaceState,
  worker: WorkerState,
  activitySid: string,
  rejectPending: boolean,
): void => {
  const previous = worker.activitySid
  const now = e.now()
  if (previous !== activitySid) {
    const wasAvailable = isAvailable(ws, worker)
    ws.history.record(Kind.ActivitySpan, now, {
      worker: worker.sid,
      activity: previous,
      a: worker.dateStatusChanged,
    })
    const inPrevious = now - worker.dateStatusChanged
    worker.activitySid = activitySid
    worker.dateStatusChanged = now
    touchWorker(e, worker)
    const nowAvailable = isAvailable(ws, worker)
    if (nowAvailable && !wasAvailable) worker.idleSince = now
    const from = ws.activities.get(previous)
    emitWorker(
      e,
      ws,
      "worker.activity.update",
      worker,
      `Worker ${worker.friendlyName} updated to ${ws.activities.get(activitySid)?.friendlyName ?? activitySid} Activity`,
      {
        worker_previous_activity_sid: previous,
        worker_previous_activity_name: from?.friendlyName,
        worker_time_in_previous_activity: Math.floor(inPrevious / 1000),
        worker_time_in_previous_activity_ms: inPrevious,
      },
    )
  }
  if (rejectPending && !isAvailable(ws, worker)) {
    for (const r of [...worker.reservations])
      if (r.status === "pending") rejectReservation(e, ws, r, undefined)
  }
  if (isAvailable(ws, worker)) requestAssignment(e, ws, { worker })
}
