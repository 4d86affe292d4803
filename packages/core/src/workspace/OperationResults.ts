/**
 * The domain type each workspace operation answers with (as `WorkspaceClient.request` shapes it: camelCase,
 * parsed JSON documents, `Date`s; lists as pages of these items). Types only: nothing here reaches a bundle.
 *
 * @example
 * ```ts
 * import type { OperationItem } from "@taskroute/core"
 * type W = OperationItem<"ListWorker"> // Resources.Worker
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
import type { Workspace } from "../resources/Workspace.js"
import type {
  WorkspaceCumulativeStatistics,
  WorkspaceRealTimeStatistics,
  WorkspaceStatistics,
} from "../resources/WorkspaceStatistics.js"

/**
 * Operation id → the resource it returns (for lists: the type of one item; deletes return nothing).
 *
 * @example
 * ```ts
 * import type { OperationItems } from "@taskroute/core"
 * type Stats = OperationItems["FetchWorkspaceStatistics"] // Resources.WorkspaceStatistics
 * ```
 */
export interface OperationItems {
  readonly FetchWorkspace: Workspace
  readonly UpdateWorkspace: Workspace
  readonly DeleteWorkspace: undefined
  readonly FetchWorkspaceStatistics: WorkspaceStatistics
  readonly FetchWorkspaceRealTimeStatistics: WorkspaceRealTimeStatistics
  readonly FetchWorkspaceCumulativeStatistics: WorkspaceCumulativeStatistics
  readonly ListActivity: Activity
  readonly CreateActivity: Activity
  readonly FetchActivity: Activity
  readonly UpdateActivity: Activity
  readonly DeleteActivity: undefined
  readonly ListTaskChannel: TaskChannel
  readonly CreateTaskChannel: TaskChannel
  readonly FetchTaskChannel: TaskChannel
  readonly UpdateTaskChannel: TaskChannel
  readonly DeleteTaskChannel: undefined
  readonly ListTaskQueue: TaskQueue
  readonly CreateTaskQueue: TaskQueue
  readonly FetchTaskQueue: TaskQueue
  readonly UpdateTaskQueue: TaskQueue
  readonly DeleteTaskQueue: undefined
  readonly FetchTaskQueueStatistics: TaskQueueStatistics
  readonly FetchTaskQueueRealTimeStatistics: TaskQueueRealTimeStatistics
  readonly FetchTaskQueueCumulativeStatistics: TaskQueueCumulativeStatistics
  readonly ListTaskQueuesStatistics: TaskQueuesStatistics
  readonly CreateTaskQueueBulkRealTimeStatistics: TaskQueueBulkRealTimeStatistics
  readonly ListWorker: Worker
  readonly CreateWorker: Worker
  readonly FetchWorker: Worker
  readonly UpdateWorker: Worker
  readonly DeleteWorker: undefined
  readonly FetchWorkerStatistics: WorkerStatistics
  readonly FetchWorkersRealTimeStatistics: WorkersRealTimeStatistics
  readonly FetchWorkersCumulativeStatistics: WorkersCumulativeStatistics
  readonly FetchWorkerInstanceStatistics: WorkerInstanceStatistics
  readonly ListWorkerChannel: WorkerChannel
  readonly FetchWorkerChannel: WorkerChannel
  readonly UpdateWorkerChannel: WorkerChannel
  readonly ListWorkerReservation: WorkerReservation
  readonly FetchWorkerReservation: WorkerReservation
  readonly UpdateWorkerReservation: WorkerReservation
  readonly ListWorkflow: Workflow
  readonly CreateWorkflow: Workflow
  readonly FetchWorkflow: Workflow
  readonly UpdateWorkflow: Workflow
  readonly DeleteWorkflow: undefined
  readonly FetchWorkflowStatistics: WorkflowStatistics
  readonly FetchWorkflowRealTimeStatistics: WorkflowRealTimeStatistics
  readonly FetchWorkflowCumulativeStatistics: WorkflowCumulativeStatistics
  readonly ListTask: Task
  readonly CreateTask: Task
  readonly FetchTask: Task
  readonly UpdateTask: Task
  readonly DeleteTask: undefined
  readonly ListTaskReservation: TaskReservation
  readonly FetchTaskReservation: TaskReservation
  readonly UpdateTaskReservation: TaskReservation
  readonly ListEvent: Event
  readonly FetchEvent: Event
}

/**
 * The item type of an operation (see {@link OperationItems}).
 *
 * @example
 * ```ts
 * import type { OperationItem } from "@taskroute/core"
 * type T = OperationItem<"FetchTask"> // Resources.Task
 * ```
 */
export type OperationItem<Op extends keyof OperationItems> = OperationItems[Op]
