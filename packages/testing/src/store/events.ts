/**
 * The events of the TaskRouter vocabulary as the emulator emits them: `event_data` kept raw (rendered in the
 * Event resource's style, snake_case keys and string values, when read) and frame payloads as the resource JSON
 * (`reservation.*` frames also carry the task under `task`).
 *
 * @internal
 */
import {
  activityView,
  canonicalBase,
  reservationView,
  taskQueueView,
  taskView,
  workerChannelView,
  workerView,
  workflowView,
  workspaceView,
} from "../rest/views.js"
import type { Engine } from "./engine.js"
import type {
  ActivityState,
  ReservationState,
  TaskQueueState,
  TaskState,
  WorkerChannelState,
  WorkerState,
  WorkflowState,
  WorkspaceState,
} from "./model.js"

const workspaceData = (ws: WorkspaceState) => ({ workspace_sid: ws.sid, workspace_name: ws.friendlyName })

const taskData = (e: Engine, ws: WorkspaceState, t: TaskState) => {
  const queue = t.taskQueueSid === null ? undefined : ws.taskQueues.get(t.taskQueueSid)
  const workflow = t.workflowSid === null ? undefined : ws.workflows.get(t.workflowSid)
  return {
    task_sid: t.sid,
    task_attributes: t.attributes,
    task_age: Math.max(0, Math.floor((e.now() - t.dateCreated) / 1000)),
    task_priority: t.priority,
    task_assignment_status: t.status,
    task_date_created: t.dateCreated,
    task_channel_sid: t.taskChannelSid,
    task_channel_unique_name: ws.taskChannels.get(t.taskChannelSid)?.uniqueName,
    task_queue_sid: t.taskQueueSid,
    task_queue_name: queue?.friendlyName,
    task_queue_entered_date: t.queueEnteredDate,
    task_queue_target_expression: queue?.targetWorkers,
    workflow_sid: t.workflowSid,
    workflow_name: workflow?.friendlyName,
    task_version: t.version,
    ...(t.status === "canceled" ? { task_canceled_reason: t.reason } : {}),
    ...(t.status === "completed" ? { task_completed_reason: t.reason } : {}),
  }
}

const workerData = (ws: WorkspaceState, w: WorkerState) => ({
  worker_sid: w.sid,
  worker_name: w.friendlyName,
  worker_attributes: w.attributes,
  worker_activity_sid: w.activitySid,
  worker_activity_name: ws.activities.get(w.activitySid)?.friendlyName,
  worker_version: w.version,
})

/** task.*, task-queue.entered/moved/timeout, workflow.* (resource: the task). @internal */
export const emitTask = (
  e: Engine,
  ws: WorkspaceState,
  type: string,
  t: TaskState,
  description: string,
  extra: Record<string, unknown> = {},
): void =>
  e.emit(ws, {
    type,
    resourceType: "task",
    resourceSid: t.sid,
    description,
    data: { ...workspaceData(ws), ...taskData(e, ws, t), ...extra },
    payload: () => taskView(canonicalBase, ws, t, e.now()),
    keys: { task: t.sid, queue: t.taskQueueSid, workflow: t.workflowSid, channel: t.taskChannelSid },
  })

/** reservation.* (resource: the reservation). @internal */
export const emitReservation = (
  e: Engine,
  ws: WorkspaceState,
  type: string,
  r: ReservationState,
  description: string,
): void => {
  const task = ws.tasks.get(r.taskSid)
  const worker = ws.workers.get(r.workerSid)
  e.emit(ws, {
    type,
    resourceType: "reservation",
    resourceSid: r.sid,
    description,
    data: {
      ...workspaceData(ws),
      ...(task === undefined ? {} : taskData(e, ws, task)),
      ...(worker === undefined ? {} : workerData(ws, worker)),
      reservation_sid: r.sid,
      task_queue_sid: r.taskQueueSid,
      workflow_sid: r.workflowSid,
    },
    payload: () => ({
      ...reservationView(canonicalBase, ws, r, "task"),
      ...(task === undefined ? {} : { task: taskView(canonicalBase, ws, task, e.now()) }),
    }),
    keys: {
      task: r.taskSid,
      worker: r.workerSid,
      reservation: r.sid,
      queue: r.taskQueueSid,
      workflow: r.workflowSid,
      channel: r.taskChannelSid,
    },
  })
}

/** worker.* (resource: the worker). @internal */
export const emitWorker = (
  e: Engine,
  ws: WorkspaceState,
  type: string,
  w: WorkerState,
  description: string,
  extra: Record<string, unknown> = {},
  channel?: WorkerChannelState,
): void =>
  e.emit(ws, {
    type,
    resourceType: "worker",
    resourceSid: w.sid,
    description,
    data: {
      ...workspaceData(ws),
      ...workerData(ws, w),
      ...(channel === undefined
        ? {}
        : {
            worker_channel_sid: channel.sid,
            worker_channel_task_channel_sid: channel.taskChannelSid,
            worker_channel_capacity: channel.configuredCapacity,
            worker_channel_available: channel.available,
          }),
      ...extra,
    },
    payload: () =>
      channel === undefined
        ? workerView(canonicalBase, ws, w)
        : workerChannelView(canonicalBase, ws, w, channel),
    keys: { worker: w.sid, channel: channel?.taskChannelSid },
  })

/** activity.* @internal */
export const emitActivity = (
  e: Engine,
  ws: WorkspaceState,
  type: string,
  a: ActivityState,
  verb: string,
): void =>
  e.emit(ws, {
    type,
    resourceType: "activity",
    resourceSid: a.sid,
    description: `Activity ${a.friendlyName} ${verb}`,
    data: {
      ...workspaceData(ws),
      activity_sid: a.sid,
      activity_name: a.friendlyName,
      activity_available: a.available,
    },
    payload: () => activityView(canonicalBase, ws, a),
    keys: {},
  })

/** task-queue.created / deleted / expression.updated @internal */
export const emitQueue = (
  e: Engine,
  ws: WorkspaceState,
  type: string,
  q: TaskQueueState,
  verb: string,
): void =>
  e.emit(ws, {
    type,
    resourceType: "task_queue",
    resourceSid: q.sid,
    description: `TaskQueue ${q.friendlyName} ${verb}`,
    data: {
      ...workspaceData(ws),
      task_queue_sid: q.sid,
      task_queue_name: q.friendlyName,
      task_queue_target_expression: q.targetWorkers,
    },
    payload: () => taskQueueView(canonicalBase, ws, q),
    keys: { queue: q.sid },
  })

/** workflow.created / updated / deleted @internal */
export const emitWorkflow = (
  e: Engine,
  ws: WorkspaceState,
  type: string,
  f: WorkflowState,
  verb: string,
): void =>
  e.emit(ws, {
    type,
    resourceType: "workflow",
    resourceSid: f.sid,
    description: `Workflow ${f.friendlyName} ${verb}`,
    data: { ...workspaceData(ws), workflow_sid: f.sid, workflow_name: f.friendlyName },
    payload: () => workflowView(canonicalBase, ws, f),
    keys: { workflow: f.sid },
  })

/** workspace.created / updated / deleted @internal */
export const emitWorkspace = (e: Engine, ws: WorkspaceState, type: string, verb: string): void =>
  e.emit(ws, {
    type,
    resourceType: "workspace",
    resourceSid: ws.sid,
    description: `Workspace ${ws.friendlyName} ${verb}`,
    data: workspaceData(ws),
    payload: () => workspaceView(canonicalBase, ws),
    keys: {},
  })
