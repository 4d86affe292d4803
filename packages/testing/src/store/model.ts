/**
 * The emulator's state records. Plain mutable objects owned by the engine; the wire JSON is derived from them
 * by the views in `rest/views.ts` (and cached per record until the next change).
 *
 * @internal
 */
import type { Collection } from "./collection.js"
import type { History } from "../routing/history.js"
import type { WorkflowConfig } from "../routing/workflowConfig.js"
import type { Matcher } from "../routing/expressions.js"

/** A cached wire view of a record, valid for one base URL until the record changes. @internal */
export interface ViewCache {
  base: string
  json: Record<string, unknown>
  text: string | undefined
}

/** @internal */
export interface AccountState {
  readonly sid: string
  readonly authToken: string
  readonly workspaces: Collection<WorkspaceState>
}

/** @internal */
export interface ActivityState {
  readonly sid: string
  readonly seq: number
  friendlyName: string
  readonly available: boolean
  readonly dateCreated: number
  dateUpdated: number
  view: ViewCache | undefined
}

/** @internal */
export interface TaskChannelState {
  readonly sid: string
  readonly seq: number
  readonly uniqueName: string
  friendlyName: string
  channelOptimizedRouting: boolean | null
  readonly dateCreated: number
  dateUpdated: number
  view: ViewCache | undefined
}

/** @internal */
export interface TaskQueueState {
  readonly sid: string
  readonly seq: number
  friendlyName: string
  targetWorkers: string
  targetMatcher: Matcher
  maxReservedWorkers: number
  taskOrder: "FIFO" | "LIFO"
  reservationActivitySid: string | null
  assignmentActivitySid: string | null
  readonly dateCreated: number
  dateUpdated: number
  /** Tasks waiting in this queue (pending, or reserved with room for more reservations), by priority. */
  readonly waiting: WaitingList
  view: ViewCache | undefined
}

/** @internal */
export interface WorkflowState {
  readonly sid: string
  readonly seq: number
  friendlyName: string
  configuration: string
  config: WorkflowConfig
  assignmentCallbackUrl: string | null
  fallbackAssignmentCallbackUrl: string | null
  taskReservationTimeout: number
  readonly dateCreated: number
  dateUpdated: number
  view: ViewCache | undefined
}

/** @internal */
export interface WorkerChannelState {
  readonly sid: string
  readonly taskChannelSid: string
  configuredCapacity: number
  available: boolean
  /** Reservations pending or accepted (task assigned or wrapping) on this channel. */
  assignedTasks: number
  readonly dateCreated: number
  dateUpdated: number
}

/** @internal */
export interface WorkerState {
  readonly sid: string
  readonly seq: number
  friendlyName: string
  attributes: string
  parsedAttributes: Record<string, unknown>
  activitySid: string
  dateStatusChanged: number
  readonly dateCreated: number
  dateUpdated: number
  /** Last time the worker finished or was offered work: "longest idle" ordering. */
  idleSince: number
  version: number
  /** The expression record (attributes + sid, friendly_name, activity_sid, activity_name), cached. */
  record: Record<string, unknown> | undefined
  /** One per task channel, keyed by task channel SID. */
  readonly channels: Map<string, WorkerChannelState>
  /** This worker's reservations, in creation order. */
  readonly reservations: Array<ReservationState>
  view: ViewCache | undefined
}

/** The task statuses of TaskRouter v1. @internal */
export type TaskStatus = "pending" | "reserved" | "assigned" | "canceled" | "completed" | "wrapping"

/** Where a task stands in its workflow. @internal */
export interface RoutingPosition {
  /** Index into `filters`, or -1 for the default filter. */
  filter: number
  target: number
  /** Timer id of the current step's timeout (0 when none). */
  timer: number
}

/** @internal */
export interface TaskState {
  readonly sid: string
  readonly seq: number
  attributes: string
  status: TaskStatus
  priority: number
  reason: string | null
  taskQueueSid: string | null
  workflowSid: string | null
  taskChannelSid: string
  timeout: number
  readonly dateCreated: number
  dateUpdated: number
  queueEnteredDate: number | null
  virtualStartTime: number
  routingTarget: string | null
  ignoreCapacity: boolean | null
  addons: string | null
  version: number
  /** Reservations of this task in creation order (undefined until the first). */
  reservations: Array<ReservationState> | undefined
  /** Workers that rejected or timed out on this task: not offered it again. */
  declined: Set<string> | undefined
  routing: RoutingPosition | undefined
  /** The workflow configuration the task is routed by (kept when the workflow is updated). */
  config: WorkflowConfig | undefined
  /** Timer id of the TTL (0 when none). */
  ttlTimer: number
  /** The queue whose waiting list holds this task (null when not waiting). */
  waitingIn: string | null
  /** Bumps on every (re)entry into a waiting list so stale entries are skipped. */
  waitingEpoch: number
}

/** The reservation statuses of TaskRouter v1. @internal */
export type ReservationStatus =
  | "pending"
  | "accepted"
  | "rejected"
  | "timeout"
  | "canceled"
  | "rescinded"
  | "wrapping"
  | "completed"

/** @internal */
export interface ReservationState {
  readonly sid: string
  readonly seq: number
  readonly taskSid: string
  readonly workerSid: string
  readonly taskChannelSid: string
  readonly taskQueueSid: string | null
  readonly workflowSid: string | null
  status: ReservationStatus
  readonly dateCreated: number
  dateUpdated: number
  version: number
  timer: number
  /** Whether this reservation holds capacity on its worker channel. */
  holdsCapacity: boolean
}

/** One entry of a queue's waiting list. @internal */
export interface WaitingEntry {
  readonly task: TaskState
  readonly epoch: number
  readonly ageKey: number
}

/** Tasks waiting in a queue, bucketed by priority (descending) and ordered by age within a bucket. @internal */
export interface WaitingList {
  /** Distinct priorities, descending. */
  readonly priorities: Array<number>
  readonly buckets: Map<number, Array<WaitingEntry>>
  /** Entries known to be stale (compacted when they dominate). */
  dead: number
}

/** A recorded event (the Event resource), also pushed to subscribers as an {@link EventFrame}. @internal */
export interface EventState {
  readonly sid: string
  readonly seq: number
  readonly eventType: string
  readonly date: number
  readonly description: string
  readonly resourceType: string
  readonly resourceSid: string
  readonly actorType: string
  readonly actorSid: string
  readonly eventData: Record<string, unknown>
  /** Filter keys: the SIDs this event concerns. */
  readonly taskSid: string | null
  readonly workerSid: string | null
  readonly reservationSid: string | null
  readonly taskQueueSid: string | null
  readonly workflowSid: string | null
  readonly taskChannelSid: string | null
}

/** @internal */
export interface WorkspaceState {
  readonly sid: string
  readonly seq: number
  readonly accountSid: string
  friendlyName: string
  eventCallbackUrl: string | null
  eventsFilter: string | null
  multiTaskEnabled: boolean
  prioritizeQueueOrder: "FIFO" | "LIFO"
  defaultActivitySid: string
  timeoutActivitySid: string
  readonly dateCreated: number
  dateUpdated: number
  readonly solutionDbid: number
  readonly activities: Collection<ActivityState>
  readonly taskChannels: Collection<TaskChannelState>
  readonly taskQueues: Collection<TaskQueueState>
  readonly workflows: Collection<WorkflowState>
  readonly workers: Collection<WorkerState>
  readonly tasks: Collection<TaskState>
  readonly reservations: Map<string, ReservationState>
  readonly events: Collection<EventState>
  readonly history: History
  view: ViewCache | undefined
}
