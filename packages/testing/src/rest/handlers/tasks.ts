/**
 * Tasks and their reservations.
 *
 * @internal
 */
import {
  cancelTask,
  completeTask,
  deleteTask,
  reevaluateTask,
  requeueTask,
  taskAttributes,
  wrapTask,
} from "../../routing/assignment.js"
import { compile, isProblem } from "../../routing/expressions.js"
import { emitTask } from "../../store/events.js"
import type { ReservationState, TaskState, WorkspaceState } from "../../store/model.js"
import { addTask } from "../../store/resources.js"
import {
  checkIfMatch,
  etag,
  findTaskChannel,
  jsonObjectParam,
  noContent,
  ok,
  type OrderCompare,
  orderingParam,
  sortByOrdering,
  missing,
  orNotFound,
  taskOf,
  workspaceOf,
} from "../common.js"
import { invalid } from "../errors.js"
import { pageByOffset, pageBySeq, versionKey } from "../paging.js"
import type { Ctx, Handler } from "../router.js"
import { reservationView, taskView } from "../views.js"
import { updateReservation } from "./workers.js"

/** The `Ordering` attributes of the task list. */
const taskOrder: Readonly<Record<string, OrderCompare<TaskState>>> = {
  DateCreated: (a, b) => a.dateCreated - b.dateCreated,
  Priority: (a, b) => a.priority - b.priority,
  VirtualStartTime: (a, b) => a.virtualStartTime - b.virtualStartTime,
}

const maxTimeout = 1_209_600
const maxPriority = 2_147_483_647

const priorityParam = (ctx: Ctx): number | undefined => {
  const n = ctx.params.integer("Priority")
  if (n !== undefined && (n < 0 || n > maxPriority))
    throw invalid(`Invalid value ${n} for parameter Priority: must be between 0 and ${maxPriority}`)
  return n
}

const channelParam = (ctx: Ctx, ws: WorkspaceState): string | undefined => {
  const key = ctx.params.string("TaskChannel")
  if (key === undefined) return undefined
  const channel = findTaskChannel(ws, key)
  if (channel === undefined)
    throw invalid(
      `Invalid value for parameter TaskChannel: TaskChannel ${key} not found in workspace ${ws.sid}`,
    )
  return channel.sid
}

const virtualStartParam = (ctx: Ctx): number | undefined => {
  const ms = ctx.params.date("VirtualStartTime")
  if (ms === undefined) return undefined
  if (ms > ctx.now) throw invalid("Invalid value for parameter VirtualStartTime: must not be in the future")
  if (ms < Date.UTC(1900, 0, 1))
    throw invalid("Invalid value for parameter VirtualStartTime: must not be before 1900")
  return ms
}

const cannot = (ws: WorkspaceState, task: TaskState, what: string, why: string) =>
  invalid(
    `Cannot ${what} task ${task.sid} in workspace ${ws.sid} for account ${ws.accountSid} because ${why}`,
  )

const taskResponse = (ctx: Ctx, ws: WorkspaceState, task: TaskState, status = 200) => ({
  status,
  headers: etag(task.version),
  body: taskView(ctx.base, ws, task, ctx.now),
})

const reservationOf = (ctx: Ctx, ws: WorkspaceState, task: TaskState): ReservationState => {
  const r = orNotFound(ctx, ws.reservations.get(ctx.path.Sid ?? ""))
  if (r.taskSid !== task.sid) missing(ctx)
  return r
}

/** @internal */
export const taskHandlers: Record<string, Handler> = {
  ListTask: (ctx) => {
    const ws = workspaceOf(ctx)
    const p = ctx.params
    const priority = p.integer("Priority")
    const statuses = p.all("AssignmentStatus").flatMap((s) => s.split(",").map((x) => x.trim()))
    for (const s of statuses)
      if (!["pending", "reserved", "assigned", "canceled", "completed", "wrapping"].includes(s))
        throw invalid(
          `Invalid value ${JSON.stringify(s)} for parameter AssignmentStatus: must be one of pending, reserved, assigned, canceled, completed, wrapping`,
        )
    const workflowSid = p.string("WorkflowSid")
    const workflowName = p.string("WorkflowName")
    const queueSid = p.string("TaskQueueSid")
    const queueName = p.string("TaskQueueName")
    const routingTarget = p.string("RoutingTarget")
    const hasAddons = p.boolean("HasAddons")
    const exprText = p.string("EvaluateTaskAttributes")
    const expr = exprText === undefined ? undefined : compile(exprText)
    if (expr !== undefined && isProblem(expr))
      throw invalid(`Invalid value for parameter EvaluateTaskAttributes: ${expr.message}`)
    const ordering = orderingParam(p.string("Ordering"), Object.keys(taskOrder))
    const attrs = ordering.map((o) => o.attribute)
    if (attrs.includes("DateCreated") && attrs.includes("VirtualStartTime"))
      throw invalid(
        "Invalid value for parameter Ordering: DateCreated and VirtualStartTime cannot be combined",
      )
    const filter = (t: TaskState): boolean => {
      if (priority !== undefined && t.priority !== priority) return false
      if (statuses.length > 0 && !statuses.includes(t.status)) return false
      if (workflowSid !== undefined && t.workflowSid !== workflowSid) return false
      if (workflowName !== undefined) {
        const f = t.workflowSid === null ? undefined : ws.workflows.get(t.workflowSid)
        if (f?.friendlyName !== workflowName) return false
      }
      if (queueSid !== undefined && t.taskQueueSid !== queueSid) return false
      if (queueName !== undefined) {
        const q = t.taskQueueSid === null ? undefined : ws.taskQueues.get(t.taskQueueSid)
        if (q?.friendlyName !== queueName) return false
      }
      if (routingTarget !== undefined && t.routingTarget !== routingTarget) return false
      if (hasAddons !== undefined && (t.addons !== null && t.addons !== "{}") !== hasAddons) return false
      if (expr !== undefined && !isProblem(expr) && !expr.test(taskAttributes(t))) return false
      return true
    }
    const view = (t: TaskState) => taskView(ctx.base, ws, t, ctx.now)
    const defaultOrder =
      ordering.length === 0 ||
      (ordering.length === 1 && ordering[0]?.attribute === "DateCreated" && !ordering[0].descending)
    if (defaultOrder) return pageBySeq(ctx, "tasks", ws.tasks, filter, view, versionKey)
    const items = sortByOrdering(ws.tasks.toArray().filter(filter), ordering, taskOrder)
    return pageByOffset(ctx, "tasks", items, view, versionKey)
  },
  CreateTask: (ctx) => {
    const ws = workspaceOf(ctx)
    const p = ctx.params
    const attributes = p.string("Attributes") ?? "{}"
    jsonObjectParam("Attributes", attributes)
    const priority = priorityParam(ctx) ?? 0
    const timeout = p.integer("Timeout") ?? 86_400
    if (timeout < 1 || timeout > maxTimeout)
      throw invalid(
        `Invalid value ${timeout} for parameter Timeout: must be between 1 and ${maxTimeout} seconds`,
      )
    const channelSid =
      channelParam(ctx, ws) ??
      findTaskChannel(ws, "default")?.sid ??
      ws.taskChannels.values().next().value?.sid
    if (channelSid === undefined)
      throw invalid(`Workspace ${ws.sid} has no TaskChannel; create one or pass TaskChannel`)
    const virtualStartTime = virtualStartParam(ctx)
    const routingTarget = p.string("RoutingTarget")
    if (routingTarget !== undefined) {
      const exists =
        (routingTarget.startsWith("WK") && ws.workers.has(routingTarget)) ||
        (routingTarget.startsWith("WQ") && ws.taskQueues.has(routingTarget)) ||
        (routingTarget.startsWith("WW") && ws.workflows.has(routingTarget))
      if (!exists)
        throw invalid(
          `Invalid value for parameter RoutingTarget: ${routingTarget} is not a Worker, TaskQueue or Workflow of workspace ${ws.sid}`,
        )
    }
    const ignoreText = p.string("IgnoreCapacity")
    if (ignoreText !== undefined && !["true", "false"].includes(ignoreText.toLowerCase()))
      throw invalid(
        `Invalid value ${JSON.stringify(ignoreText)} for parameter IgnoreCapacity: must be true or false`,
      )
    const ignoreCapacity =
      ignoreText !== undefined
        ? ignoreText.toLowerCase() === "true"
        : routingTarget?.startsWith("WK") === true
          ? true
          : null
    const workflowSid =
      p.string("WorkflowSid") ?? (routingTarget?.startsWith("WW") === true ? routingTarget : undefined)
    const queueSid =
      p.string("TaskQueueSid") ?? (routingTarget?.startsWith("WQ") === true ? routingTarget : undefined)
    let via:
      | { workflow: NonNullable<ReturnType<typeof ws.workflows.get>> }
      | { queue: NonNullable<ReturnType<typeof ws.taskQueues.get>> }
    if (workflowSid !== undefined) {
      const workflow = ws.workflows.get(workflowSid)
      if (workflow === undefined)
        throw invalid(
          `Invalid value for parameter WorkflowSid: Workflow ${workflowSid} not found in workspace ${ws.sid}`,
        )
      via = { workflow }
    } else if (queueSid !== undefined) {
      const queue = ws.taskQueues.get(queueSid)
      if (queue === undefined)
        throw invalid(
          `Invalid value for parameter TaskQueueSid: TaskQueue ${queueSid} not found in workspace ${ws.sid}`,
        )
      via = { queue }
    } else {
      if (ws.workflows.size !== 1)
        throw invalid(
          `Missing required parameter WorkflowSid in the post body: workspace ${ws.sid} has ${ws.workflows.size} workflows`,
        )
      const only = ws.workflows.values().next().value
      if (only === undefined) throw invalid("Missing required parameter WorkflowSid in the post body")
      via = { workflow: only }
    }
    const task = addTask(ctx.e, ws, {
      attributes,
      priority,
      timeout,
      taskChannelSid: channelSid,
      virtualStartTime,
      routingTarget: routingTarget ?? null,
      ignoreCapacity,
      via,
    })
    return taskResponse(ctx, ws, task, 201)
  },
  FetchTask: (ctx) => {
    const ws = workspaceOf(ctx)
    return taskResponse(ctx, ws, taskOf(ctx, ws))
  },
  UpdateTask: (ctx) => {
    const ws = workspaceOf(ctx)
    const task = taskOf(ctx, ws)
    checkIfMatch(ctx, task.sid, task.version)
    const p = ctx.params
    const attributes = p.string("Attributes")
    if (attributes !== undefined) jsonObjectParam("Attributes", attributes)
    const priority = priorityParam(ctx)
    const channelSid = channelParam(ctx, ws)
    const virtualStartTime = virtualStartParam(ctx)
    const status = p.string("AssignmentStatus")
    const reason = p.string("Reason") ?? null
    const finished = task.status === "canceled" || task.status === "completed"
    const changes =
      attributes !== undefined ||
      priority !== undefined ||
      channelSid !== undefined ||
      virtualStartTime !== undefined
    if (finished && (changes || status !== undefined))
      throw cannot(ws, task, "update", `it is ${task.status}`)
    if (status !== undefined) {
      if (status === "canceled" && task.status !== "pending" && task.status !== "reserved")
        throw cannot(ws, task, "cancel", `it's ${task.status}`)
      if (status === "wrapping" && task.status !== "assigned")
        throw cannot(ws, task, "wrap up", "it's not currently assigned")
      if (status === "completed" && task.status !== "assigned" && task.status !== "wrapping")
        throw cannot(ws, task, "complete", "it's not currently assigned")
      if (status === "pending" || status === "reserved" || status === "assigned")
        throw cannot(
          ws,
          task,
          `set the assignment status of`,
          `only canceled, wrapping and completed can be requested`,
        )
    }
    if (changes) {
      if (attributes !== undefined) {
        task.attributes = attributes
      }
      if (priority !== undefined) task.priority = priority
      if (channelSid !== undefined) task.taskChannelSid = channelSid
      if (virtualStartTime !== undefined) task.virtualStartTime = virtualStartTime
      task.dateUpdated = ctx.now
      task.version++
      emitTask(ctx.e, ws, "task.updated", task, `Task ${task.sid} updated`)
      const workflow = task.workflowSid === null ? undefined : ws.workflows.get(task.workflowSid)
      if (
        attributes !== undefined &&
        workflow !== undefined &&
        status === undefined &&
        task.status === "pending"
      )
        reevaluateTask(ctx.e, ws, task, workflow)
      else requeueTask(ctx.e, ws, task)
    }
    if (status === "canceled") cancelTask(ctx.e, ws, task, reason)
    else if (status === "wrapping") wrapTask(ctx.e, ws, task, "task")
    else if (status === "completed") completeTask(ctx.e, ws, task, reason, "task")
    return taskResponse(ctx, ws, task)
  },
  DeleteTask: (ctx) => {
    const ws = workspaceOf(ctx)
    const task = taskOf(ctx, ws)
    checkIfMatch(ctx, task.sid, task.version)
    deleteTask(ctx.e, ws, task)
    return noContent()
  },

  ListTaskReservation: (ctx) => {
    const ws = workspaceOf(ctx)
    const task = taskOf(ctx, ws)
    const status = ctx.params.string("ReservationStatus")
    const workerSid = ctx.params.string("WorkerSid")
    const items = (task.reservations ?? []).filter(
      (r) =>
        (status === undefined || r.status === status) &&
        (workerSid === undefined || r.workerSid === workerSid),
    )
    return pageByOffset(
      ctx,
      "reservations",
      items,
      (r) => reservationView(ctx.base, ws, r, "task"),
      versionKey,
    )
  },
  FetchTaskReservation: (ctx) => {
    const ws = workspaceOf(ctx)
    const r = reservationOf(ctx, ws, taskOf(ctx, ws))
    return ok(reservationView(ctx.base, ws, r, "task"), etag(r.version))
  },
  UpdateTaskReservation: (ctx) => {
    const ws = workspaceOf(ctx)
    const r = reservationOf(ctx, ws, taskOf(ctx, ws))
    updateReservation(ctx, ws, r)
    return ok(reservationView(ctx.base, ws, r, "task"), etag(r.version))
  },
}
