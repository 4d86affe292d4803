/**
 * Workspaces, Activities and TaskChannels.
 *
 * @internal
 */
import { cancelTask } from "../../routing/assignment.js"
import { emitActivity, emitWorkspace } from "../../store/events.js"
import type { WorkspaceState } from "../../store/model.js"
import { addActivity, addTaskChannel, createWorkspace } from "../../store/resources.js"
import { activityView, taskChannelView, workspaceView } from "../views.js"
import {
  activityOf,
  cached,
  created,
  nameParam,
  noContent,
  okCached,
  taskChannelOf,
  workspaceOf,
} from "../common.js"
import { invalid } from "../errors.js"
import { pageBySeq } from "../paging.js"
import { parseBoolean } from "../params.js"
import type { Ctx, Handler } from "../router.js"

const wsView = (ctx: Ctx, ws: WorkspaceState) => cached(ws, ctx.base, () => workspaceView(ctx.base, ws))

/** Drops every cached view of a workspace (after a change other views show, e.g. an activity's name). */
const invalidateViews = (ws: WorkspaceState): void => {
  ws.view = undefined
  for (const q of ws.taskQueues.values()) q.view = undefined
  for (const w of ws.workers.values()) {
    w.view = undefined
    w.record = undefined
  }
}

const activitySidParam = (ctx: Ctx, ws: WorkspaceState, name: string): string | undefined => {
  const sid = ctx.params.string(name)
  if (sid === undefined) return undefined
  if (!ws.activities.has(sid))
    throw invalid(`Invalid value for parameter ${name}: Activity ${sid} not found in workspace ${ws.sid}`)
  return sid
}

/** @internal */
export const workspaceHandlers: Record<string, Handler> = {
  ListWorkspace: (ctx) => {
    const name = ctx.params.string("FriendlyName")
    const workspaces = ctx.account.workspaces
    return pageBySeq(
      ctx,
      "workspaces",
      workspaces,
      name === undefined ? undefined : (ws) => ws.friendlyName === name,
      (ws) => wsView(ctx, ws).json,
    )
  },
  CreateWorkspace: (ctx) => {
    const friendlyName = nameParam("FriendlyName", ctx.params.string("FriendlyName") ?? "")
    const template = ctx.params.string("Template") ?? "NONE"
    if (template !== "NONE" && template !== "FIFO")
      throw invalid(`Invalid value ${JSON.stringify(template)} for parameter Template: must be NONE or FIFO`)
    const order = ctx.params.string("PrioritizeQueueOrder")
    const ws = createWorkspace(ctx.e, ctx.account, {
      friendlyName,
      eventCallbackUrl: ctx.params.string("EventCallbackUrl") ?? null,
      eventsFilter: ctx.params.string("EventsFilter") ?? null,
      multiTaskEnabled: ctx.params.boolean("MultiTaskEnabled") ?? true,
      template,
      prioritizeQueueOrder: order === "LIFO" ? "LIFO" : "FIFO",
    })
    return created(wsView(ctx, ws).json)
  },
  FetchWorkspace: (ctx) => okCached(wsView(ctx, workspaceOf(ctx))),
  UpdateWorkspace: (ctx) => {
    const ws = workspaceOf(ctx)
    const p = ctx.params
    const friendlyName = p.has("FriendlyName")
      ? nameParam("FriendlyName", p.string("FriendlyName") ?? "")
      : undefined
    const defaultActivity = activitySidParam(ctx, ws, "DefaultActivitySid")
    const timeoutActivity = activitySidParam(ctx, ws, "TimeoutActivitySid")
    const multi = p.boolean("MultiTaskEnabled")
    if (multi === false && ws.multiTaskEnabled)
      throw invalid(
        `Invalid value for parameter MultiTaskEnabled: workspace ${ws.sid} cannot be switched back to single-tasking`,
      )
    if (friendlyName !== undefined) ws.friendlyName = friendlyName
    if (defaultActivity !== undefined) ws.defaultActivitySid = defaultActivity
    if (timeoutActivity !== undefined) ws.timeoutActivitySid = timeoutActivity
    if (multi !== undefined) ws.multiTaskEnabled = multi
    if (p.has("EventCallbackUrl")) ws.eventCallbackUrl = p.string("EventCallbackUrl") || null
    if (p.has("EventsFilter")) ws.eventsFilter = p.string("EventsFilter") || null
    const order = p.string("PrioritizeQueueOrder")
    if (order === "FIFO" || order === "LIFO") ws.prioritizeQueueOrder = order
    ws.dateUpdated = ctx.now
    ws.view = undefined
    emitWorkspace(ctx.e, ws, "workspace.updated", "updated")
    return okCached(wsView(ctx, ws))
  },
  DeleteWorkspace: (ctx) => {
    const ws = workspaceOf(ctx)
    for (const task of ws.tasks.values()) {
      if (task.status === "pending" || task.status === "reserved")
        cancelTask(ctx.e, ws, task, "Workspace deleted")
      ctx.e.timers.cancel(task.ttlTimer)
      if (task.routing !== undefined) ctx.e.timers.cancel(task.routing.timer)
    }
    for (const r of ws.reservations.values()) ctx.e.timers.cancel(r.timer)
    emitWorkspace(ctx.e, ws, "workspace.deleted", "deleted")
    ctx.account.workspaces.delete(ws.sid)
    return noContent()
  },

  ListActivity: (ctx) => {
    const ws = workspaceOf(ctx)
    const name = ctx.params.string("FriendlyName")
    const available = ctx.params.string("Available")
    const wantAvailable = available === undefined ? undefined : parseBoolean(available) === true
    return pageBySeq(
      ctx,
      "activities",
      ws.activities,
      (a) =>
        (name === undefined || a.friendlyName === name) &&
        (wantAvailable === undefined || a.available === wantAvailable),
      (a) => cached(a, ctx.base, () => activityView(ctx.base, ws, a)).json,
    )
  },
  CreateActivity: (ctx) => {
    const ws = workspaceOf(ctx)
    const friendlyName = nameParam("FriendlyName", ctx.params.string("FriendlyName") ?? "")
    const activity = addActivity(ctx.e, ws, friendlyName, ctx.params.boolean("Available") ?? false)
    return created(cached(activity, ctx.base, () => activityView(ctx.base, ws, activity)).json)
  },
  FetchActivity: (ctx) => {
    const ws = workspaceOf(ctx)
    const a = activityOf(ctx, ws)
    return okCached(cached(a, ctx.base, () => activityView(ctx.base, ws, a)))
  },
  UpdateActivity: (ctx) => {
    const ws = workspaceOf(ctx)
    const a = activityOf(ctx, ws)
    if (ctx.params.has("FriendlyName")) {
      a.friendlyName = nameParam("FriendlyName", ctx.params.string("FriendlyName") ?? "")
      a.dateUpdated = ctx.now
      a.view = undefined
      invalidateViews(ws)
      emitActivity(ctx.e, ws, "activity.updated", a, "updated")
    }
    return okCached(cached(a, ctx.base, () => activityView(ctx.base, ws, a)))
  },
  DeleteActivity: (ctx) => {
    const ws = workspaceOf(ctx)
    const a = activityOf(ctx, ws)
    const refuse = (why: string) =>
      invalid(
        `Cannot delete Activity ${a.sid} in workspace ${ws.sid} for account ${ws.accountSid} because ${why}`,
      )
    if (ws.defaultActivitySid === a.sid) throw refuse("it is the workspace's default activity")
    if (ws.timeoutActivitySid === a.sid) throw refuse("it is the workspace's timeout activity")
    for (const w of ws.workers.values()) if (w.activitySid === a.sid) throw refuse(`Worker ${w.sid} is in it`)
    for (const q of ws.taskQueues.values())
      if (q.assignmentActivitySid === a.sid || q.reservationActivitySid === a.sid)
        throw refuse(`TaskQueue ${q.sid} refers to it`)
    ws.activities.delete(a.sid)
    emitActivity(ctx.e, ws, "activity.deleted", a, "deleted")
    return noContent()
  },

  ListTaskChannel: (ctx) => {
    const ws = workspaceOf(ctx)
    return pageBySeq(
      ctx,
      "channels",
      ws.taskChannels,
      undefined,
      (c) => cached(c, ctx.base, () => taskChannelView(ctx.base, ws, c)).json,
    )
  },
  CreateTaskChannel: (ctx) => {
    const ws = workspaceOf(ctx)
    const friendlyName = nameParam("FriendlyName", ctx.params.string("FriendlyName") ?? "")
    const uniqueName = nameParam("UniqueName", ctx.params.string("UniqueName") ?? "")
    for (const c of ws.taskChannels.values())
      if (c.uniqueName === uniqueName)
        throw invalid(
          `TaskChannel with UniqueName ${uniqueName} already exists for workspace ${ws.sid} for account ${ws.accountSid}`,
        )
    const channel = addTaskChannel(
      ctx.e,
      ws,
      uniqueName,
      friendlyName,
      ctx.params.boolean("ChannelOptimizedRouting") ?? null,
    )
    return created(cached(channel, ctx.base, () => taskChannelView(ctx.base, ws, channel)).json)
  },
  FetchTaskChannel: (ctx) => {
    const ws = workspaceOf(ctx)
    const c = taskChannelOf(ctx, ws)
    return okCached(cached(c, ctx.base, () => taskChannelView(ctx.base, ws, c)))
  },
  UpdateTaskChannel: (ctx) => {
    const ws = workspaceOf(ctx)
    const c = taskChannelOf(ctx, ws)
    const friendlyName = ctx.params.has("FriendlyName")
      ? nameParam("FriendlyName", ctx.params.string("FriendlyName") ?? "")
      : undefined
    if (friendlyName !== undefined) c.friendlyName = friendlyName
    const cor = ctx.params.boolean("ChannelOptimizedRouting")
    if (cor !== undefined) c.channelOptimizedRouting = cor
    c.dateUpdated = ctx.now
    c.view = undefined
    return okCached(cached(c, ctx.base, () => taskChannelView(ctx.base, ws, c)))
  },
  DeleteTaskChannel: (ctx) => {
    const ws = workspaceOf(ctx)
    const c = taskChannelOf(ctx, ws)
    for (const t of ws.tasks.values())
      if (t.taskChannelSid === c.sid && t.status !== "canceled" && t.status !== "completed")
        throw invalid(
          `Cannot delete TaskChannel ${c.sid} in workspace ${ws.sid} for account ${ws.accountSid} because Task ${t.sid} uses it`,
        )
    ws.taskChannels.delete(c.sid)
    for (const w of ws.workers.values()) {
      if (w.channels.delete(c.sid)) w.view = undefined
    }
    return noContent()
  },
}
