/**
 * Creating resources from already-validated input, as both the REST handlers and the seeds do: records,
 * derived records (worker channels), `*.created` events and routing of new tasks.
 *
 * @internal
 */
import { compile, isProblem } from "../routing/expressions.js"
import { Kind } from "../routing/history.js"
import { routeNewTask, requestAssignment } from "../routing/assignment.js"
import { makeWaitingList } from "../routing/waiting.js"
import type { WorkflowConfig } from "../routing/workflowConfig.js"
import type { Engine } from "./engine.js"
import { emitActivity, emitQueue, emitTask, emitWorker, emitWorkflow, emitWorkspace } from "./events.js"
import type {
  AccountState,
  ActivityState,
  TaskChannelState,
  TaskQueueState,
  TaskState,
  WorkerChannelState,
  WorkerState,
  WorkflowState,
  WorkspaceState,
} from "./model.js"

/** The task channels every new workspace gets (unique name, friendly name). @internal */
export const defaultTaskChannels: ReadonlyArray<readonly [string, string]> = [
  ["default", "Default"],
  ["voice", "Voice"],
  ["sms", "SMS"],
  ["chat", "Chat"],
]

/** @internal */
export interface WorkspaceInput {
  readonly friendlyName: string
  readonly eventCallbackUrl?: string | null
  readonly eventsFilter?: string | null
  readonly multiTaskEnabled?: boolean
  readonly template?: "NONE" | "FIFO"
  readonly prioritizeQueueOrder?: "FIFO" | "LIFO"
}

/**
 * A workspace as the service creates it: activities Offline (default and timeout activity), Available and
 * Unavailable; task channels default, voice, sms and chat; with `Template=FIFO` also a queue and a workflow.
 *
 * @internal
 */
export const createWorkspace = (e: Engine, account: AccountState, input: WorkspaceInput): WorkspaceState => {
  const ws = e.newWorkspace(account, input.friendlyName)
  ws.eventCallbackUrl = input.eventCallbackUrl ?? null
  ws.eventsFilter = input.eventsFilter ?? null
  ws.multiTaskEnabled = input.multiTaskEnabled ?? true
  ws.prioritizeQueueOrder = input.prioritizeQueueOrder ?? "FIFO"
  const offline = addActivity(e, ws, "Offline", false, false)
  addActivity(e, ws, "Available", true, false)
  addActivity(e, ws, "Unavailable", false, false)
  ws.defaultActivitySid = offline.sid
  ws.timeoutActivitySid = offline.sid
  for (const [unique, friendly] of defaultTaskChannels) addTaskChannel(e, ws, unique, friendly, null)
  emitWorkspace(e, ws, "workspace.created", "created")
  if (input.template === "FIFO") {
    const queue = addQueue(e, ws, { friendlyName: "Sample Queue" })
    const configuration = JSON.stringify({ task_routing: { default_filter: { queue: queue.sid } } })
    addWorkflow(e, ws, {
      friendlyName: "Default Fifo Workflow",
      configuration,
      config: { filters: [], defaultTarget: defaultTargetFor(queue.sid), queues: new Set([queue.sid]) },
    })
  }
  return ws
}

const defaultTargetFor = (queue: string): NonNullable<WorkflowConfig["defaultTarget"]> => ({
  queue,
  priority: undefined,
  timeout: undefined,
  expression: undefined,
  skipIf: undefined,
  orderBy: [],
  knownWorkerSid: undefined,
  knownWorkerFriendlyName: undefined,
})

/** @internal */
export const addActivity = (
  e: Engine,
  ws: WorkspaceState,
  friendlyName: string,
  available: boolean,
  announce = true,
): ActivityState => {
  const now = e.now()
  const activity: ActivityState = {
    sid: e.sid("WA"),
    seq: e.nextSeq(),
    friendlyName,
    available,
    dateCreated: now,
    dateUpdated: now,
    view: undefined,
  }
  ws.activities.add(activity)
  if (announce) emitActivity(e, ws, "activity.created", activity, "created")
  return activity
}

/** Adds a task channel and a worker channel (capacity 1) for it on every worker. @internal */
export const addTaskChannel = (
  e: Engine,
  ws: WorkspaceState,
  uniqueName: string,
  friendlyName: string,
  channelOptimizedRouting: boolean | null,
): TaskChannelState => {
  const now = e.now()
  const channel: TaskChannelState = {
    sid: e.sid("TC"),
    seq: e.nextSeq(),
    uniqueName,
    friendlyName,
    channelOptimizedRouting,
    dateCreated: now,
    dateUpdated: now,
    view: undefined,
  }
  ws.taskChannels.add(channel)
  for (const worker of ws.workers.values()) worker.channels.set(channel.sid, newWorkerChannel(e, channel.sid))
  return channel
}

const newWorkerChannel = (e: Engine, taskChannelSid: string): WorkerChannelState => {
  const now = e.now()
  return {
    sid: e.sid("WC"),
    taskChannelSid,
    configuredCapacity: 1,
    available: true,
    assignedTasks: 0,
    dateCreated: now,
    dateUpdated: now,
  }
}

/** @internal */
export interface QueueInput {
  readonly friendlyName: string
  readonly targetWorkers?: string
  readonly maxReservedWorkers?: number
  readonly taskOrder?: "FIFO" | "LIFO"
  readonly reservationActivitySid?: string | null
  readonly assignmentActivitySid?: string | null
}

/** @internal */
export const addQueue = (e: Engine, ws: WorkspaceState, input: QueueInput): TaskQueueState => {
  const now = e.now()
  const targetWorkers = input.targetWorkers ?? "1==1"
  const matcher = compile(targetWorkers)
  const queue: TaskQueueState = {
    sid: e.sid("WQ"),
    seq: e.nextSeq(),
    friendlyName: input.friendlyName,
    targetWorkers,
    targetMatcher: isProblem(matcher) ? { source: targetWorkers, test: () => false } : matcher,
    maxReservedWorkers: input.maxReservedWorkers ?? 1,
    taskOrder: input.taskOrder ?? "FIFO",
    reservationActivitySid: input.reservationActivitySid ?? null,
    assignmentActivitySid: input.assignmentActivitySid ?? null,
    dateCreated: now,
    dateUpdated: now,
    waiting: makeWaitingList(),
    view: undefined,
  }
  ws.taskQueues.add(queue)
  emitQueue(e, ws, "task-queue.created", queue, "created")
  return queue
}

/** @internal */
export interface WorkflowInput {
  readonly friendlyName: string
  readonly configuration: string
  readonly config: WorkflowConfig
  readonly assignmentCallbackUrl?: string | null
  readonly fallbackAssignmentCallbackUrl?: string | null
  readonly taskReservationTimeout?: number
}

/** @internal */
export const addWorkflow = (e: Engine, ws: WorkspaceState, input: WorkflowInput): WorkflowState => {
  const now = e.now()
  const workflow: WorkflowState = {
    sid: e.sid("WW"),
    seq: e.nextSeq(),
    friendlyName: input.friendlyName,
    configuration: input.configuration,
    config: input.config,
    assignmentCallbackUrl: input.assignmentCallbackUrl ?? null,
    fallbackAssignmentCallbackUrl: input.fallbackAssignmentCallbackUrl ?? null,
    taskReservationTimeout: input.taskReservationTimeout ?? 120,
    dateCreated: now,
    dateUpdated: now,
    view: undefined,
  }
  ws.workflows.add(workflow)
  emitWorkflow(e, ws, "workflow.created", workflow, "created")
  return workflow
}

/** @internal */
export interface WorkerInput {
  readonly friendlyName: string
  readonly activitySid: string
  readonly attributes: string
  readonly parsedAttributes: Record<string, unknown>
}

/** @internal */
export const addWorker = (e: Engine, ws: WorkspaceState, input: WorkerInput): WorkerState => {
  const now = e.now()
  const worker: WorkerState = {
    sid: e.sid("WK"),
    seq: e.nextSeq(),
    friendlyName: input.friendlyName,
    attributes: input.attributes,
    parsedAttributes: input.parsedAttributes,
    activitySid: input.activitySid,
    dateStatusChanged: now,
    dateCreated: now,
    dateUpdated: now,
    idleSince: now,
    version: 0,
    record: undefined,
    channels: new Map(),
    reservations: [],
    view: undefined,
  }
  for (const channel of ws.taskChannels.values())
    worker.channels.set(channel.sid, newWorkerChannel(e, channel.sid))
  ws.workers.add(worker)
  emitWorker(e, ws, "worker.created", worker, `Worker ${worker.friendlyName} created`)
  requestAssignment(e, ws, { worker })
  return worker
}

/** @internal */
export interface TaskInput {
  readonly attributes: string
  readonly priority: number
  readonly timeout: number
  readonly taskChannelSid: string
  readonly virtualStartTime?: number | undefined
  readonly routingTarget?: string | null
  readonly ignoreCapacity?: boolean | null
  readonly via: { readonly workflow: WorkflowState } | { readonly queue: TaskQueueState }
}

/** Creates a task, emits `task.created` and routes it. @internal */
export const addTask = (e: Engine, ws: WorkspaceState, input: TaskInput): TaskState => {
  const now = e.now()
  const task: TaskState = {
    sid: e.sid("WT"),
    seq: e.nextSeq(),
    attributes: input.attributes,
    status: "pending",
    priority: input.priority,
    reason: null,
    taskQueueSid: null,
    workflowSid: "workflow" in input.via ? input.via.workflow.sid : null,
    taskChannelSid: input.taskChannelSid,
    timeout: input.timeout,
    dateCreated: now,
    dateUpdated: now,
    queueEnteredDate: null,
    virtualStartTime: input.virtualStartTime ?? now,
    routingTarget: input.routingTarget ?? null,
    ignoreCapacity: input.ignoreCapacity ?? null,
    addons: null,
    version: 0,
    reservations: undefined,
    declined: undefined,
    routing: undefined,
    config: undefined,
    ttlTimer: 0,
    waitingIn: null,
    waitingEpoch: 0,
  }
  ws.tasks.add(task)
  ws.history.record(Kind.TaskCreated, now, { workflow: task.workflowSid, channel: task.taskChannelSid })
  emitTask(e, ws, "task.created", task, `Task ${task.sid} created`)
  routeNewTask(e, ws, task, input.via)
  return task
}
