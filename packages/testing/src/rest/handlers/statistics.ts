/**
 * The statistics operations (15 of the 61) and the Event resource.
 *
 * @internal
 */
import { Sid } from "@taskroute/core"
import { eligibleFor } from "../../routing/assignment.js"
import type { Totals } from "../../routing/history.js"
import {
  mergeTotals,
  queueCumulative,
  queueRealtime,
  tallyTasks,
  totalsWithLiveSpans,
  type Window,
  workersCumulative,
  workersRealtime,
  workflowCumulative,
  workflowRealtime,
  workspaceCumulative,
  workspaceRealtime,
} from "../../routing/statistics.js"
import type {
  EventState,
  TaskQueueState,
  WorkerState,
  WorkflowState,
  WorkspaceState,
} from "../../store/model.js"
import {
  findTaskChannel,
  ok,
  orNotFound,
  requestUrl,
  taskQueueOf,
  workerOf,
  workflowOf,
  workspaceOf,
} from "../common.js"
import { invalid, RestFailure } from "../errors.js"
import { pageByOffset, pageBySeq } from "../paging.js"
import type { Ctx, Handler } from "../router.js"
import { eventView } from "../views.js"

const maxMinutes = 43_200

const windowOf = (ctx: Ctx): Window => {
  const minutes = ctx.params.integer("Minutes")
  const start = ctx.params.date("StartDate")
  const end = ctx.params.date("EndDate")
  if (minutes !== undefined && (minutes < 1 || minutes > maxMinutes))
    throw invalid(`Invalid value ${minutes} for parameter Minutes: must be between 1 and ${maxMinutes}`)
  const until = end ?? ctx.now
  const from = minutes !== undefined ? until - minutes * 60_000 : (start ?? until - 15 * 60_000)
  if (from > until) throw invalid("Invalid value for parameter StartDate: must be before EndDate")
  return { start: from, end: until }
}

const channelOf = (ctx: Ctx, ws: WorkspaceState): string | undefined => {
  const key = ctx.params.string("TaskChannel")
  if (key === undefined) return undefined
  const c = findTaskChannel(ws, key)
  if (c === undefined)
    throw invalid(
      `Invalid value for parameter TaskChannel: TaskChannel ${key} not found in workspace ${ws.sid}`,
    )
  return c.sid
}

const thresholdsOf = (ctx: Ctx): ReadonlyArray<number> | undefined => {
  const text = ctx.params.string("SplitByWaitTime")
  if (text === undefined) return undefined
  const parts = text.split(",").map((s) => s.trim())
  const values = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN))
  if (values.some((v) => Number.isNaN(v) || v <= 0))
    throw invalid(
      `Invalid value ${JSON.stringify(text)} for parameter SplitByWaitTime: use comma-separated seconds such as 5,30`,
    )
  return values
}

const ids = (ctx: Ctx, ws: WorkspaceState) => ({
  account_sid: ws.accountSid,
  workspace_sid: ws.sid,
  url: requestUrl(ctx),
})

/** A statistics resource: `account_sid`, its figures, its owner's SID (`task_queue_sid`, ...), `workspace_sid`, `url`. */
const statisticsOk = (
  ctx: Ctx,
  ws: WorkspaceState,
  figures: object,
  owner: Readonly<Record<string, string>> = {},
) => ok({ account_sid: ws.accountSid, ...figures, ...owner, workspace_sid: ws.sid, url: requestUrl(ctx) })

/** Task-level cumulative figures (workspace, queue or workflow) over the request's window, channel and thresholds. */
const cumulativeOf = <A>(
  ctx: Ctx,
  ws: WorkspaceState,
  scope: { queue?: string; workflow?: string },
  figures: (totals: Totals, window: Window, splitAsked: boolean) => A,
): A => {
  const window = windowOf(ctx)
  const thresholds = thresholdsOf(ctx)
  const channel = channelOf(ctx, ws)
  const totals = ws.history.totals(window.start, window.end, { ...scope, channel }, thresholds ?? [])
  return figures(totals, window, thresholds !== undefined)
}

const queueCumulativeOf = (ctx: Ctx, ws: WorkspaceState, q: TaskQueueState) =>
  cumulativeOf(ctx, ws, { queue: q.sid }, queueCumulative)

const workflowCumulativeOf = (ctx: Ctx, ws: WorkspaceState, f: WorkflowState) =>
  cumulativeOf(ctx, ws, { workflow: f.sid }, workflowCumulative)

const queueRealtimeOf = (ctx: Ctx, ws: WorkspaceState, q: TaskQueueState) => {
  const channel = channelOf(ctx, ws)
  const tally = tallyTasks(ws, ctx.now, channel, (t) => (t.taskQueueSid === q.sid ? q.sid : null)).get(q.sid)
  return queueRealtime(ws, q, tally)
}

const workflowRealtimeOf = (ctx: Ctx, ws: WorkspaceState, f: WorkflowState) => {
  const tally = tallyTasks(ws, ctx.now, channelOf(ctx, ws), (t) => (t.workflowSid === f.sid ? f.sid : null))
  return workflowRealtime(tally.get(f.sid))
}

const workersScope = (ctx: Ctx, ws: WorkspaceState): ReadonlyArray<WorkerState> => {
  const queueSid = ctx.params.string("TaskQueueSid")
  const queueName = ctx.params.string("TaskQueueName")
  const name = ctx.params.string("FriendlyName")
  let workers = ws.workers.toArray()
  if (queueSid !== undefined || queueName !== undefined) {
    const queues = ws.taskQueues
      .toArray()
      .filter(
        (q) =>
          (queueSid === undefined || q.sid === queueSid) &&
          (queueName === undefined || q.friendlyName === queueName),
      )
    workers = workers.filter((w) => queues.some((q) => eligibleFor(ws, q, w)))
  }
  if (name !== undefined)
    workers = workers.filter((w) => w.friendlyName.toLowerCase().includes(name.toLowerCase()))
  return workers
}

const workersTotals = (
  ctx: Ctx,
  ws: WorkspaceState,
  workers: ReadonlyArray<WorkerState>,
  all: boolean,
): { window: Window; totals: Totals } => {
  const window = windowOf(ctx)
  const channel = channelOf(ctx, ws)
  if (all) return { window, totals: totalsWithLiveSpans(ws, window, { channel }, [], workers) }
  const parts = workers.map((w) => totalsWithLiveSpans(ws, window, { worker: w.sid, channel }, [], [w]))
  return { window, totals: mergeTotals(parts, ws.history.totals(1, 0, {}, [])) }
}

const bulkLimit = new WeakMap<WorkspaceState, Array<number>>()

const bulkQueueSids = (ctx: Ctx): ReadonlyArray<string> => {
  const body = ctx.request.json
  const raw =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? (Reflect.get(body, "QueueSids") ?? Reflect.get(body, "queueSids") ?? Reflect.get(body, "queue_sids"))
      : Array.isArray(body)
        ? body
        : undefined
  if (!Array.isArray(raw))
    throw invalid("Missing required parameter QueueSids in the JSON body: an array of 1 to 50 TaskQueue SIDs")
  if (raw.length < 1 || raw.length > 50)
    throw invalid(
      `Invalid value for parameter QueueSids: between 1 and 50 TaskQueue SIDs are allowed, got ${raw.length}`,
    )
  const sids: Array<string> = []
  for (const s of raw) {
    if (typeof s !== "string" || !Sid.is("WQ", s))
      throw invalid(`Invalid value ${JSON.stringify(s)} in parameter QueueSids: not a TaskQueue SID`)
    sids.push(s)
  }
  return sids
}

/** @internal */
export const statisticsHandlers: Record<string, Handler> = {
  FetchWorkspaceStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const cumulative = cumulativeOf(ctx, ws, {}, workspaceCumulative)
    return ok({ ...ids(ctx, ws), realtime: workspaceRealtime(ws, ctx.now, channelOf(ctx, ws)), cumulative })
  },
  FetchWorkspaceRealTimeStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    return statisticsOk(ctx, ws, workspaceRealtime(ws, ctx.now, channelOf(ctx, ws)))
  },
  FetchWorkspaceCumulativeStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    return statisticsOk(ctx, ws, cumulativeOf(ctx, ws, {}, workspaceCumulative))
  },

  FetchTaskQueueStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const q = taskQueueOf(ctx, ws)
    return statisticsOk(
      ctx,
      ws,
      { cumulative: queueCumulativeOf(ctx, ws, q), realtime: queueRealtimeOf(ctx, ws, q) },
      { task_queue_sid: q.sid },
    )
  },
  FetchTaskQueueRealTimeStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const q = taskQueueOf(ctx, ws)
    return statisticsOk(ctx, ws, queueRealtimeOf(ctx, ws, q), { task_queue_sid: q.sid })
  },
  FetchTaskQueueCumulativeStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const q = taskQueueOf(ctx, ws)
    return statisticsOk(ctx, ws, queueCumulativeOf(ctx, ws, q), { task_queue_sid: q.sid })
  },
  ListTaskQueuesStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const name = ctx.params.string("FriendlyName")
    const queues = ws.taskQueues.toArray().filter((q) => name === undefined || q.friendlyName === name)
    const channel = channelOf(ctx, ws)
    const tallies = tallyTasks(ws, ctx.now, channel, (t) => t.taskQueueSid)
    return pageByOffset(ctx, "task_queues_statistics", queues, (q) => ({
      account_sid: ws.accountSid,
      cumulative: queueCumulativeOf(ctx, ws, q),
      realtime: queueRealtime(ws, q, tallies.get(q.sid)),
      task_queue_sid: q.sid,
      workspace_sid: ws.sid,
    }))
  },
  CreateTaskQueueBulkRealTimeStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const recent = (bulkLimit.get(ws) ?? []).filter((t) => t > ctx.now - 1000)
    if (recent.length >= 5) {
      bulkLimit.set(ws, recent)
      throw new RestFailure(
        429,
        20429,
        "Too Many Requests: at most 5 bulk real-time statistics requests per second",
        {
          "retry-after": "1",
        },
      )
    }
    const sids = bulkQueueSids(ctx)
    recent.push(ctx.now)
    bulkLimit.set(ws, recent)
    const wanted = new Set(sids)
    const tallies = tallyTasks(ws, ctx.now, undefined, (t) =>
      t.taskQueueSid !== null && wanted.has(t.taskQueueSid) ? t.taskQueueSid : null,
    )
    const data = sids.map((sid) => {
      const q = ws.taskQueues.get(sid)
      const rt = queueRealtime(ws, q, tallies.get(sid))
      return {
        task_queue_sid: sid,
        total_available_workers: rt.total_available_workers,
        total_eligible_workers: rt.total_eligible_workers,
        total_tasks: rt.total_tasks,
        longest_task_waiting_age: rt.longest_task_waiting_age,
        longest_task_waiting_sid: rt.longest_task_waiting_sid,
        tasks_by_status: rt.tasks_by_status,
        tasks_by_priority: rt.tasks_by_priority,
        activity_statistics: q === undefined ? [] : rt.activity_statistics,
      }
    })
    return ok({
      account_sid: ws.accountSid,
      workspace_sid: ws.sid,
      task_queue_data: data,
      task_queue_response_count: data.length,
      url: requestUrl(ctx),
    })
  },

  FetchWorkerStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const workers = workersScope(ctx, ws)
    const all = workers.length === ws.workers.size
    const { window, totals } = workersTotals(ctx, ws, workers, all)
    return ok({
      ...ids(ctx, ws),
      realtime: workersRealtime(ws, workers),
      cumulative: workersCumulative(ws, totals, window),
    })
  },
  FetchWorkersRealTimeStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    channelOf(ctx, ws)
    return statisticsOk(ctx, ws, workersRealtime(ws, ws.workers.toArray()))
  },
  FetchWorkersCumulativeStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const { window, totals } = workersTotals(ctx, ws, ws.workers.toArray(), true)
    return statisticsOk(ctx, ws, workersCumulative(ws, totals, window))
  },
  FetchWorkerInstanceStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    const { window, totals } = workersTotals(ctx, ws, [w], false)
    return statisticsOk(ctx, ws, { cumulative: workersCumulative(ws, totals, window) }, { worker_sid: w.sid })
  },

  FetchWorkflowStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const f = workflowOf(ctx, ws)
    return statisticsOk(
      ctx,
      ws,
      { cumulative: workflowCumulativeOf(ctx, ws, f), realtime: workflowRealtimeOf(ctx, ws, f) },
      { workflow_sid: f.sid },
    )
  },
  FetchWorkflowRealTimeStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const f = workflowOf(ctx, ws)
    return statisticsOk(ctx, ws, workflowRealtimeOf(ctx, ws, f), { workflow_sid: f.sid })
  },
  FetchWorkflowCumulativeStatistics: (ctx) => {
    const ws = workspaceOf(ctx)
    const f = workflowOf(ctx, ws)
    return statisticsOk(ctx, ws, workflowCumulativeOf(ctx, ws, f), { workflow_sid: f.sid })
  },

  ListEvent: (ctx) => {
    const ws = workspaceOf(ctx)
    const p = ctx.params
    const minutes = p.integer("Minutes")
    if (minutes !== undefined && (minutes < 1 || minutes > maxMinutes))
      throw invalid(`Invalid value ${minutes} for parameter Minutes: must be between 1 and ${maxMinutes}`)
    const startDate = p.date("StartDate")
    const endDate = p.date("EndDate")
    const start =
      minutes !== undefined
        ? ctx.now - minutes * 60_000
        : (startDate ?? (endDate === undefined ? ctx.now - 15 * 60_000 : undefined))
    const channelKey = p.string("TaskChannel")
    const channel =
      channelKey === undefined ? undefined : (findTaskChannel(ws, channelKey)?.sid ?? channelKey)
    const want = {
      type: p.string("EventType"),
      reservation: p.string("ReservationSid"),
      queue: p.string("TaskQueueSid"),
      task: p.string("TaskSid"),
      worker: p.string("WorkerSid"),
      workflow: p.string("WorkflowSid"),
      sid: p.string("Sid"),
    }
    const filter = (e: EventState): boolean =>
      (start === undefined || e.date >= start) &&
      (endDate === undefined || e.date <= endDate) &&
      (want.type === undefined || e.eventType === want.type) &&
      (want.reservation === undefined || e.reservationSid === want.reservation) &&
      (want.queue === undefined || e.taskQueueSid === want.queue) &&
      (want.task === undefined || e.taskSid === want.task) &&
      (want.worker === undefined || e.workerSid === want.worker) &&
      (want.workflow === undefined || e.workflowSid === want.workflow) &&
      (want.sid === undefined || e.sid === want.sid) &&
      (channel === undefined || e.taskChannelSid === channel)
    return pageBySeq(ctx, "events", ws.events, filter, (e) => eventView(ctx.base, ws, e))
  },
  FetchEvent: (ctx) => {
    const ws = workspaceOf(ctx)
    const e = orNotFound(ctx, ws.events.get(ctx.path.Sid ?? ""))
    return ok(eventView(ctx.base, ws, e))
  },
}
