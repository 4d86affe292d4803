/**
 * TaskQueues and Workflows.
 *
 * @internal
 */
import { eligibleFor, reevaluateTask, requestAssignment } from "../../routing/assignment.js"
import { compile, isProblem, type Matcher } from "../../routing/expressions.js"
import { parseWorkflowConfig, type WorkflowConfig } from "../../routing/workflowConfig.js"
import { emitQueue, emitWorkflow } from "../../store/events.js"
import type { TaskQueueState, WorkflowState, WorkspaceState } from "../../store/model.js"
import { addQueue, addWorkflow } from "../../store/resources.js"
import {
  cached,
  created,
  jsonObjectParam,
  nameParam,
  noContent,
  okCached,
  type OrderCompare,
  orderingParam,
  sortByOrdering,
  taskQueueOf,
  workflowOf,
  workspaceOf,
} from "../common.js"
import { invalid } from "../errors.js"
import { pageByOffset, pageBySeq } from "../paging.js"
import type { Ctx, Handler } from "../router.js"
import { taskQueueView, workflowView } from "../views.js"

/** The `Ordering` attributes of the task queue list (equal creation times keep creation order either way). */
const queueOrder: Readonly<Record<string, OrderCompare<TaskQueueState>>> = {
  DateCreated: (a, b) => a.dateCreated - b.dateCreated || a.seq - b.seq,
  FriendlyName: (a, b) => a.friendlyName.localeCompare(b.friendlyName),
}

const queueView = (ctx: Ctx, ws: WorkspaceState, q: TaskQueueState) =>
  cached(q, ctx.base, () => taskQueueView(ctx.base, ws, q))

const flowView = (ctx: Ctx, ws: WorkspaceState, f: WorkflowState) =>
  cached(f, ctx.base, () => workflowView(ctx.base, ws, f))

const activityParam = (ctx: Ctx, ws: WorkspaceState, name: string): string | null | undefined => {
  if (!ctx.params.has(name)) return undefined
  const sid = ctx.params.string(name) ?? ""
  if (sid === "") return null
  if (!ws.activities.has(sid))
    throw invalid(`Invalid value for parameter ${name}: Activity ${sid} not found in workspace ${ws.sid}`)
  return sid
}

const targetWorkersParam = (ctx: Ctx): { text: string; matcher: Matcher } | undefined => {
  const text = ctx.params.string("TargetWorkers")
  if (text === undefined) return undefined
  const source = text.trim() === "" ? "1==1" : text
  const matcher = compile(source)
  if (isProblem(matcher)) throw invalid(`Invalid value for parameter TargetWorkers: ${matcher.message}`)
  return { text: source, matcher }
}

const maxReservedParam = (ctx: Ctx): number | undefined => {
  const n = ctx.params.integer("MaxReservedWorkers")
  if (n !== undefined && (n < 1 || n > 50))
    throw invalid(`Invalid value ${n} for parameter MaxReservedWorkers: must be between 1 and 50`)
  return n
}

const duplicateQueue = (ws: WorkspaceState, name: string, except?: TaskQueueState): void => {
  for (const q of ws.taskQueues.values())
    if (q !== except && q.friendlyName === name)
      throw invalid(`Queue named ${name} already exists for workspace ${ws.sid} for account ${ws.accountSid}`)
}

const configParam = (ctx: Ctx, ws: WorkspaceState): { text: string; config: WorkflowConfig } | undefined => {
  const text = ctx.params.string("Configuration")
  if (text === undefined) return undefined
  const config = parseWorkflowConfig(text, (sid) => ws.taskQueues.has(sid))
  if (typeof config === "string") throw invalid(`Invalid value for parameter Configuration: ${config}`)
  return { text, config }
}

const reservationTimeoutParam = (ctx: Ctx): number | undefined => {
  const n = ctx.params.integer("TaskReservationTimeout")
  if (n !== undefined && (n < 1 || n > 86400))
    throw invalid(
      `Invalid value ${n} for parameter TaskReservationTimeout: must be between 1 and 86400 seconds`,
    )
  return n
}

/** @internal */
export const queueHandlers: Record<string, Handler> = {
  ListTaskQueue: (ctx) => {
    const ws = workspaceOf(ctx)
    const p = ctx.params
    const name = p.string("FriendlyName")
    const evalText = p.string("EvaluateWorkerAttributes")
    const evalRecord =
      evalText === undefined ? undefined : jsonObjectParam("EvaluateWorkerAttributes", evalText)
    const workerSid = p.string("WorkerSid")
    const worker = workerSid === undefined ? undefined : ws.workers.get(workerSid)
    if (workerSid !== undefined && worker === undefined)
      throw invalid(
        `Invalid value for parameter WorkerSid: Worker ${workerSid} not found in workspace ${ws.sid}`,
      )
    const ordering = orderingParam(p.string("Ordering"), Object.keys(queueOrder))
    const filter = (q: TaskQueueState) =>
      (name === undefined || q.friendlyName === name) &&
      (evalRecord === undefined || q.targetMatcher.test(evalRecord)) &&
      (worker === undefined || eligibleFor(ws, q, worker))
    const view = (q: TaskQueueState) => queueView(ctx, ws, q).json
    if (ordering.length === 0) return pageBySeq(ctx, "task_queues", ws.taskQueues, filter, view)
    const items = sortByOrdering(ws.taskQueues.toArray().filter(filter), ordering, queueOrder)
    return pageByOffset(ctx, "task_queues", items, view)
  },
  CreateTaskQueue: (ctx) => {
    const ws = workspaceOf(ctx)
    const friendlyName = nameParam("FriendlyName", ctx.params.string("FriendlyName") ?? "")
    const target = targetWorkersParam(ctx)
    const maxReserved = maxReservedParam(ctx)
    const reservationActivity = activityParam(ctx, ws, "ReservationActivitySid")
    const assignmentActivity = activityParam(ctx, ws, "AssignmentActivitySid")
    duplicateQueue(ws, friendlyName)
    const queue = addQueue(ctx.e, ws, {
      friendlyName,
      ...(target === undefined ? {} : { targetWorkers: target.text }),
      ...(maxReserved === undefined ? {} : { maxReservedWorkers: maxReserved }),
      taskOrder: ctx.params.string("TaskOrder") === "LIFO" ? "LIFO" : "FIFO",
      reservationActivitySid: reservationActivity ?? null,
      assignmentActivitySid: assignmentActivity ?? null,
    })
    return created(queueView(ctx, ws, queue).json)
  },
  FetchTaskQueue: (ctx) => {
    const ws = workspaceOf(ctx)
    return okCached(queueView(ctx, ws, taskQueueOf(ctx, ws)))
  },
  UpdateTaskQueue: (ctx) => {
    const ws = workspaceOf(ctx)
    const q = taskQueueOf(ctx, ws)
    const p = ctx.params
    const friendlyName = p.has("FriendlyName")
      ? nameParam("FriendlyName", p.string("FriendlyName") ?? "")
      : undefined
    const target = targetWorkersParam(ctx)
    const maxReserved = maxReservedParam(ctx)
    const reservationActivity = activityParam(ctx, ws, "ReservationActivitySid")
    const assignmentActivity = activityParam(ctx, ws, "AssignmentActivitySid")
    if (friendlyName !== undefined) duplicateQueue(ws, friendlyName, q)
    if (friendlyName !== undefined) q.friendlyName = friendlyName
    const expressionChanged = target !== undefined && target.text !== q.targetWorkers
    if (target !== undefined) {
      q.targetWorkers = target.text
      q.targetMatcher = target.matcher
    }
    if (maxReserved !== undefined) q.maxReservedWorkers = maxReserved
    const order = p.string("TaskOrder")
    if (order === "FIFO" || order === "LIFO") q.taskOrder = order
    if (reservationActivity !== undefined) q.reservationActivitySid = reservationActivity
    if (assignmentActivity !== undefined) q.assignmentActivitySid = assignmentActivity
    q.dateUpdated = ctx.now
    q.view = undefined
    if (expressionChanged)
      emitQueue(ctx.e, ws, "task-queue.expression.updated", q, "target expression updated")
    requestAssignment(ctx.e, ws, "all")
    return okCached(queueView(ctx, ws, q))
  },
  DeleteTaskQueue: (ctx) => {
    const ws = workspaceOf(ctx)
    const q = taskQueueOf(ctx, ws)
    const refuse = (why: string) =>
      invalid(
        `Cannot delete TaskQueue ${q.sid} in workspace ${ws.sid} for account ${ws.accountSid} because ${why}`,
      )
    for (const f of ws.workflows.values())
      if (f.config.queues.has(q.sid)) throw refuse(`Workflow ${f.sid} routes to it`)
    for (const t of ws.tasks.values())
      if (t.taskQueueSid === q.sid && t.status !== "canceled" && t.status !== "completed")
        throw refuse(`Task ${t.sid} is in it`)
    ws.taskQueues.delete(q.sid)
    emitQueue(ctx.e, ws, "task-queue.deleted", q, "deleted")
    return noContent()
  },

  ListWorkflow: (ctx) => {
    const ws = workspaceOf(ctx)
    const name = ctx.params.string("FriendlyName")
    return pageBySeq(
      ctx,
      "workflows",
      ws.workflows,
      name === undefined ? undefined : (f) => f.friendlyName === name,
      (f) => flowView(ctx, ws, f).json,
    )
  },
  CreateWorkflow: (ctx) => {
    const ws = workspaceOf(ctx)
    const friendlyName = nameParam("FriendlyName", ctx.params.string("FriendlyName") ?? "")
    const config = configParam(ctx, ws)
    if (config === undefined) throw invalid("Missing required parameter Configuration in the post body")
    const timeout = reservationTimeoutParam(ctx)
    const workflow = addWorkflow(ctx.e, ws, {
      friendlyName,
      configuration: config.text,
      config: config.config,
      assignmentCallbackUrl: ctx.params.string("AssignmentCallbackUrl") || null,
      fallbackAssignmentCallbackUrl: ctx.params.string("FallbackAssignmentCallbackUrl") || null,
      ...(timeout === undefined ? {} : { taskReservationTimeout: timeout }),
    })
    return created(flowView(ctx, ws, workflow).json)
  },
  FetchWorkflow: (ctx) => {
    const ws = workspaceOf(ctx)
    return okCached(flowView(ctx, ws, workflowOf(ctx, ws)))
  },
  UpdateWorkflow: (ctx) => {
    const ws = workspaceOf(ctx)
    const f = workflowOf(ctx, ws)
    const p = ctx.params
    const friendlyName = p.has("FriendlyName")
      ? nameParam("FriendlyName", p.string("FriendlyName") ?? "")
      : undefined
    const config = configParam(ctx, ws)
    const timeout = reservationTimeoutParam(ctx)
    const reevaluate = p.string("ReEvaluateTasks")
    if (reevaluate !== undefined && !["true", "false"].includes(reevaluate.toLowerCase()))
      throw invalid(
        `Invalid value ${JSON.stringify(reevaluate)} for parameter ReEvaluateTasks: must be true or false`,
      )
    if (friendlyName !== undefined) f.friendlyName = friendlyName
    if (config !== undefined) {
      f.configuration = config.text
      f.config = config.config
    }
    if (timeout !== undefined) f.taskReservationTimeout = timeout
    if (p.has("AssignmentCallbackUrl")) f.assignmentCallbackUrl = p.string("AssignmentCallbackUrl") || null
    if (p.has("FallbackAssignmentCallbackUrl"))
      f.fallbackAssignmentCallbackUrl = p.string("FallbackAssignmentCallbackUrl") || null
    f.dateUpdated = ctx.now
    f.view = undefined
    emitWorkflow(ctx.e, ws, "workflow.updated", f, "updated")
    if (reevaluate?.toLowerCase() === "true") {
      for (const t of ws.tasks.toArray())
        if (t.workflowSid === f.sid && (t.status === "pending" || t.status === "reserved"))
          reevaluateTask(ctx.e, ws, t, f)
    }
    return okCached(flowView(ctx, ws, f))
  },
  DeleteWorkflow: (ctx) => {
    const ws = workspaceOf(ctx)
    const f = workflowOf(ctx, ws)
    for (const t of ws.tasks.values())
      if (t.workflowSid === f.sid && t.status !== "canceled" && t.status !== "completed")
        throw invalid(
          `Cannot delete Workflow ${f.sid} in workspace ${ws.sid} for account ${ws.accountSid} because Task ${t.sid} is routed by it`,
        )
    ws.workflows.delete(f.sid)
    emitWorkflow(ctx.e, ws, "workflow.deleted", f, "deleted")
    return noContent()
  },
}
