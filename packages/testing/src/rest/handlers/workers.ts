/**
 * Workers, their channels and their reservations; reservation updates (shared with the task view).
 *
 * @internal
 */
import {
  acceptReservation,
  completeTask,
  eligibleFor,
  isAvailable,
  rejectReservation,
  requestAssignment,
  setWorkerActivity,
  touchWorker,
  workerRecord,
  wrapTask,
} from "../../routing/assignment.js"
import { compile, isProblem } from "../../routing/expressions.js"
import { Kind } from "../../routing/history.js"
import { emitWorker } from "../../store/events.js"
import type { ReservationState, WorkerChannelState, WorkerState, WorkspaceState } from "../../store/model.js"
import { addWorker } from "../../store/resources.js"
import {
  cached,
  checkIfMatch,
  created,
  etag,
  jsonObjectParam,
  nameParam,
  noContent,
  ok,
  okCached,
  sortByOrdering,
  type OrderCompare,
  orderingParam,
  missing,
  orNotFound,
  workerOf,
  workspaceOf,
} from "../common.js"
import { invalid } from "../errors.js"
import { pageByOffset, pageBySeq, versionKey } from "../paging.js"
import { parseBoolean } from "../params.js"
import type { Ctx, Handler } from "../router.js"
import { reservationView, workerChannelView, workerView } from "../views.js"

const view = (ctx: Ctx, ws: WorkspaceState, w: WorkerState) =>
  cached(w, ctx.base, () => workerView(ctx.base, ws, w))

const duplicateWorker = (ws: WorkspaceState, name: string, except?: WorkerState): void => {
  const lower = name.toLowerCase()
  for (const w of ws.workers.values())
    if (w !== except && w.friendlyName.toLowerCase() === lower)
      throw invalid(
        `Worker named ${name} already exists for workspace ${ws.sid} for account ${ws.accountSid}`,
      )
}

const activityParam = (ctx: Ctx, ws: WorkspaceState): string | undefined => {
  const sid = ctx.params.string("ActivitySid")
  if (sid === undefined) return undefined
  if (!ws.activities.has(sid))
    throw invalid(`Invalid value for parameter ActivitySid: Activity ${sid} not found in workspace ${ws.sid}`)
  return sid
}

const channelOf = (ctx: Ctx, ws: WorkspaceState, w: WorkerState): WorkerChannelState => {
  const key = ctx.path.Sid ?? ""
  for (const c of w.channels.values()) {
    if (
      c.sid === key ||
      c.taskChannelSid === key ||
      ws.taskChannels.get(c.taskChannelSid)?.uniqueName === key
    )
      return c
  }
  return missing(ctx)
}

const reservationStatusParam = (ctx: Ctx): string | undefined => ctx.params.string("ReservationStatus")

/** Applies a reservation update (`ReservationStatus` / `Instruction`), shared by the task and worker views. @internal */
export const updateReservation = (ctx: Ctx, ws: WorkspaceState, r: ReservationState): void => {
  checkIfMatch(ctx, r.sid, r.version)
  const p = ctx.params
  const instruction = p.string("Instruction")
  let status = reservationStatusParam(ctx)
  if (instruction !== undefined) {
    const known = ["accept", "reject", "conference", "dequeue", "call", "redirect", "supervise"]
    if (!known.includes(instruction))
      throw invalid(
        `Invalid value ${JSON.stringify(instruction)} for parameter Instruction: must be one of ${known.join(", ")}`,
      )
    if (instruction === "reject") status = status ?? "rejected"
    else if (instruction !== "supervise") status = status ?? "accepted"
  }
  const activitySid = p.string("WorkerActivitySid")
  if (activitySid !== undefined && !ws.activities.has(activitySid))
    throw invalid(
      `Invalid value for parameter WorkerActivitySid: Activity ${activitySid} not found in workspace ${ws.sid}`,
    )
  if (status === undefined) return
  const task = ws.tasks.get(r.taskSid)
  const refuse = (verb: string) =>
    invalid(
      `Cannot ${verb} reservation ${r.sid} in workspace ${ws.sid} for account ${ws.accountSid} because it is ${r.status}`,
    )
  switch (status) {
    case "accepted":
      if (r.status !== "pending") throw refuse("accept")
      acceptReservation(ctx.e, ws, r)
      return
    case "rejected":
      if (r.status !== "pending") throw refuse("reject")
      rejectReservation(ctx.e, ws, r, activitySid)
      return
    case "wrapping":
      if (r.status !== "accepted" || task === undefined || task.status !== "assigned") throw refuse("wrap up")
      wrapTask(ctx.e, ws, task, "reservation")
      return
    case "completed":
      if ((r.status !== "accepted" && r.status !== "wrapping") || task === undefined) throw refuse("complete")
      completeTask(ctx.e, ws, task, "All reservations were completed", "reservation")
      return
    default:
      throw invalid(
        `Invalid value ${JSON.stringify(status)} for parameter ReservationStatus: a reservation can be set to accepted, rejected, wrapping or completed`,
      )
  }
}

/** The `Ordering` attributes of the worker list. */
const workerOrder: Readonly<Record<string, OrderCompare<WorkerState>>> = {
  DateCreated: (a, b) => a.dateCreated - b.dateCreated,
  DateStatusChanged: (a, b) => a.dateStatusChanged - b.dateStatusChanged,
  FriendlyName: (a, b) => a.friendlyName.localeCompare(b.friendlyName),
}

const statusFilter = (ctx: Ctx): ((r: ReservationState) => boolean) => {
  const status = reservationStatusParam(ctx)
  return status === undefined ? () => true : (r) => r.status === status
}

/** @internal */
export const workerHandlers: Record<string, Handler> = {
  ListWorker: (ctx) => {
    const ws = workspaceOf(ctx)
    const p = ctx.params
    const activityName = p.string("ActivityName")
    const activitySid = p.string("ActivitySid")
    const availableText = p.string("Available")
    const available = availableText === undefined ? undefined : parseBoolean(availableText) === true
    const friendlyName = p.string("FriendlyName")
    const exprText = p.string("TargetWorkersExpression")
    const expr = exprText === undefined ? undefined : compile(exprText)
    if (expr !== undefined && isProblem(expr))
      throw invalid(`Invalid value for parameter TargetWorkersExpression: ${expr.message}`)
    const queueName = p.string("TaskQueueName")
    const queueSid = p.string("TaskQueueSid")
    const queues = [...ws.taskQueues.values()].filter(
      (q) =>
        (queueSid === undefined || q.sid === queueSid) &&
        (queueName === undefined || q.friendlyName === queueName),
    )
    const byQueue = queueSid !== undefined || queueName !== undefined
    const filter = (w: WorkerState): boolean => {
      if (activitySid !== undefined && w.activitySid !== activitySid) return false
      if (activityName !== undefined && ws.activities.get(w.activitySid)?.friendlyName !== activityName)
        return false
      if (available !== undefined && isAvailable(ws, w) !== available) return false
      if (friendlyName !== undefined && w.friendlyName.toLowerCase() !== friendlyName.toLowerCase())
        return false
      if (expr !== undefined && !isProblem(expr) && !expr.test(workerRecord(ws, w))) return false
      if (byQueue && !queues.some((q) => eligibleFor(ws, q, w))) return false
      return true
    }
    const ordering = orderingParam(p.string("Ordering"), Object.keys(workerOrder))
    const itemView = (w: WorkerState) => view(ctx, ws, w).json
    if (ordering.length === 0) return pageBySeq(ctx, "workers", ws.workers, filter, itemView, versionKey)
    const items = sortByOrdering(ws.workers.toArray().filter(filter), ordering, workerOrder)
    return pageByOffset(ctx, "workers", items, itemView, versionKey)
  },
  CreateWorker: (ctx) => {
    const ws = workspaceOf(ctx)
    const friendlyName = nameParam("FriendlyName", ctx.params.string("FriendlyName") ?? "")
    const activitySid = activityParam(ctx, ws) ?? ws.defaultActivitySid
    const attributes = ctx.params.string("Attributes") ?? "{}"
    const parsedAttributes = jsonObjectParam("Attributes", attributes)
    duplicateWorker(ws, friendlyName)
    const worker = addWorker(ctx.e, ws, { friendlyName, activitySid, attributes, parsedAttributes })
    return created(view(ctx, ws, worker).json, etag(worker.version))
  },
  FetchWorker: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    return okCached(view(ctx, ws, w), etag(w.version))
  },
  UpdateWorker: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    checkIfMatch(ctx, w.sid, w.version)
    const p = ctx.params
    const activitySid = activityParam(ctx, ws)
    const attributes = p.string("Attributes")
    const parsed = attributes === undefined ? undefined : jsonObjectParam("Attributes", attributes)
    const friendlyName = p.has("FriendlyName")
      ? nameParam("FriendlyName", p.string("FriendlyName") ?? "")
      : undefined
    if (friendlyName !== undefined) duplicateWorker(ws, friendlyName, w)
    const rejectPending = p.boolean("RejectPendingReservations") ?? false
    if (rejectPending && ws.activities.get(activitySid ?? w.activitySid)?.available === true)
      throw invalid(
        "Invalid value for parameter RejectPendingReservations: only allowed when moving to an unavailable Activity",
      )
    if (friendlyName !== undefined && friendlyName !== w.friendlyName) {
      w.friendlyName = friendlyName
      touchWorker(ctx.e, w)
    }
    if (attributes !== undefined && parsed !== undefined) {
      w.attributes = attributes
      w.parsedAttributes = parsed
      touchWorker(ctx.e, w)
      emitWorker(ctx.e, ws, "worker.attributes.update", w, `Worker ${w.friendlyName} attributes updated`)
      requestAssignment(ctx.e, ws, { worker: w })
    }
    if (activitySid !== undefined) setWorkerActivity(ctx.e, ws, w, activitySid, rejectPending)
    return okCached(view(ctx, ws, w), etag(w.version))
  },
  DeleteWorker: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    checkIfMatch(ctx, w.sid, w.version)
    for (const r of w.reservations)
      if (r.status === "pending" || r.status === "accepted" || r.status === "wrapping")
        throw invalid(
          `Cannot delete Worker ${w.sid} in workspace ${ws.sid} for account ${ws.accountSid} because reservation ${r.sid} is ${r.status}`,
        )
    ws.history.record(Kind.ActivitySpan, ctx.now, {
      worker: w.sid,
      activity: w.activitySid,
      a: w.dateStatusChanged,
    })
    ws.workers.delete(w.sid)
    emitWorker(ctx.e, ws, "worker.deleted", w, `Worker ${w.friendlyName} deleted`)
    return noContent()
  },

  ListWorkerChannel: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    const channels = [...w.channels.values()]
    return pageByOffset(ctx, "channels", channels, (c) => workerChannelView(ctx.base, ws, w, c))
  },
  FetchWorkerChannel: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    return ok(workerChannelView(ctx.base, ws, w, channelOf(ctx, ws, w)))
  },
  UpdateWorkerChannel: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    const c = channelOf(ctx, ws, w)
    const capacity = ctx.params.integer("Capacity")
    if (capacity !== undefined && (capacity < 0 || capacity > 50))
      throw invalid(`Invalid value ${capacity} for parameter Capacity: must be between 0 and 50`)
    const available = ctx.params.boolean("Available")
    if (capacity !== undefined && capacity !== c.configuredCapacity) {
      c.configuredCapacity = capacity
      c.dateUpdated = ctx.now
      emitWorker(ctx.e, ws, "worker.capacity.update", w, `Worker ${w.friendlyName} capacity updated`, {}, c)
    }
    if (available !== undefined && available !== c.available) {
      c.available = available
      c.dateUpdated = ctx.now
      emitWorker(
        ctx.e,
        ws,
        "worker.channel.availability.update",
        w,
        `Worker ${w.friendlyName} channel availability updated`,
        {},
        c,
      )
    }
    requestAssignment(ctx.e, ws, { worker: w })
    return ok(workerChannelView(ctx.base, ws, w, c))
  },

  ListWorkerReservation: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    const filter = statusFilter(ctx)
    return pageByOffset(
      ctx,
      "reservations",
      w.reservations.filter(filter),
      (r) => reservationView(ctx.base, ws, r, "worker"),
      versionKey,
    )
  },
  FetchWorkerReservation: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    const r = orNotFound(ctx, ws.reservations.get(ctx.path.Sid ?? ""))
    if (r.workerSid !== w.sid) missing(ctx)
    return ok(reservationView(ctx.base, ws, r, "worker"), etag(r.version))
  },
  UpdateWorkerReservation: (ctx) => {
    const ws = workspaceOf(ctx)
    const w = workerOf(ctx, ws)
    const r = orNotFound(ctx, ws.reservations.get(ctx.path.Sid ?? ""))
    if (r.workerSid !== w.sid) missing(ctx)
    updateReservation(ctx, ws, r)
    return ok(reservationView(ctx.base, ws, r, "worker"), etag(r.version))
  },
}
