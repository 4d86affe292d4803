/**
 * Helpers shared by the REST handlers: responses, lookups that 404 with the requested path, cached views,
 * ETag / If-Match, JSON attribute validation.
 *
 * @internal
 */
import type { RestResponse } from "../store/Emulator.js"
import type {
  ActivityState,
  TaskChannelState,
  TaskQueueState,
  TaskState,
  ViewCache,
  WorkerState,
  WorkflowState,
  WorkspaceState,
} from "../store/model.js"
import { invalid, notFound, preconditionFailed } from "./errors.js"
import type { Ctx } from "./router.js"

/** 200 with a JSON body. @internal */
export const ok = (body: unknown, headers: Readonly<Record<string, string>> = {}): RestResponse => ({
  status: 200,
  headers,
  body,
})

/** 201 with a JSON body. @internal */
export const created = (body: unknown, headers: Readonly<Record<string, string>> = {}): RestResponse => ({
  status: 201,
  headers,
  body,
})

/** 204 without a body. @internal */
export const noContent = (): RestResponse => ({ status: 204, headers: {}, body: undefined })

/** A path without its trailing slash (`/` stays `/`). @internal */
export const withoutTrailingSlash = (path: string): string =>
  path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path

/** The absolute URL of the requested resource (base URL + path, no trailing slash, no query). @internal */
export const requestUrl = (ctx: Ctx): string => `${ctx.base}${withoutTrailingSlash(ctx.request.path)}`

/** The workspace named by the path, or 404. @internal */
export const workspaceOf = (ctx: Ctx): WorkspaceState => {
  const sid = ctx.path.WorkspaceSid ?? ctx.path.Sid ?? ""
  const ws = ctx.account.workspaces.get(sid)
  if (ws === undefined) throw notFound(ctx.request.path)
  return ws
}

const found = <T>(ctx: Ctx, value: T | undefined): T => {
  if (value === undefined) throw notFound(ctx.request.path)
  return value
}

/** @internal */
export const activityOf = (ctx: Ctx, ws: WorkspaceState): ActivityState =>
  found(ctx, ws.activities.get(ctx.path.Sid ?? ""))

/** A task channel by SID or unique name. @internal */
export const findTaskChannel = (ws: WorkspaceState, key: string): TaskChannelState | undefined => {
  const bySid = ws.taskChannels.get(key)
  if (bySid !== undefined) return bySid
  for (const c of ws.taskChannels.values()) if (c.uniqueName === key) return c
  return undefined
}

/** @internal */
export const taskChannelOf = (ctx: Ctx, ws: WorkspaceState): TaskChannelState =>
  found(ctx, findTaskChannel(ws, ctx.path.Sid ?? ""))

/** @internal */
export const taskQueueOf = (ctx: Ctx, ws: WorkspaceState): TaskQueueState =>
  found(ctx, ws.taskQueues.get(ctx.path.TaskQueueSid ?? ctx.path.Sid ?? ""))

/** @internal */
export const workerOf = (ctx: Ctx, ws: WorkspaceState): WorkerState =>
  found(ctx, ws.workers.get(ctx.path.WorkerSid ?? ctx.path.Sid ?? ""))

/** @internal */
export const workflowOf = (ctx: Ctx, ws: WorkspaceState): WorkflowState =>
  found(ctx, ws.workflows.get(ctx.path.WorkflowSid ?? ctx.path.Sid ?? ""))

/** @internal */
export const taskOf = (ctx: Ctx, ws: WorkspaceState): TaskState =>
  found(ctx, ws.tasks.get(ctx.path.TaskSid ?? ctx.path.Sid ?? ""))

/** Returns `found(ctx, value)`: the value or a 404 on the requested path. @internal */
export const orNotFound = found

/** A 404 on the requested path. @internal */
export const missing = (ctx: Ctx): never => {
  throw notFound(ctx.request.path)
}

/** A record's cached wire view for this base URL, with its serialised text. @internal */
export const cached = (
  holder: { view: ViewCache | undefined },
  base: string,
  build: () => Record<string, unknown>,
): ViewCache => {
  const current = holder.view
  if (current !== undefined && current.base === base) return current
  const view: ViewCache = { base, json: build(), text: undefined }
  holder.view = view
  return view
}

/** A 200 response from a cached view, reusing its serialised text. @internal */
export const okCached = (view: ViewCache, headers: Readonly<Record<string, string>> = {}): RestResponse => {
  if (view.text === undefined) view.text = JSON.stringify(view.json)
  return { status: 200, headers, body: view.json, text: view.text }
}

/** The ETag header of a versioned record. @internal */
export const etag = (version: number): Record<string, string> => ({ etag: String(version) })

/** Enforces `If-Match` against a record's version: 412 / 20412 on mismatch. @internal */
export const checkIfMatch = (ctx: Ctx, sid: string, version: number): void => {
  const header = ctx.request.headers["if-match"]
  if (header === undefined || header.trim() === "" || header.trim() === "*") return
  const given = header.split(",").map((v) =>
    v
      .trim()
      .replace(/^W\//, "")
      .replace(/^"(.*)"$/, "$1"),
  )
  if (!given.includes(String(version))) throw preconditionFailed(sid, String(version), header)
}

/** Parses an `Attributes`-style parameter: a JSON object. @internal */
export const jsonObjectParam = (name: string, text: string): Record<string, unknown> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalid(
      `Invalid value for parameter ${name}: must be a valid JSON object, got ${JSON.stringify(text.slice(0, 80))}`,
    )
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid(`Invalid value for parameter ${name}: must be a JSON object`)
  return { ...value }
}

/** A FriendlyName-style parameter: non-empty, at most `max` characters. @internal */
export const nameParam = (name: string, value: string, max = 64): string => {
  if (value.trim() === "") throw invalid(`Invalid value for parameter ${name}: must not be empty`)
  if (value.length > max)
    throw invalid(`Invalid value for parameter ${name}: must be at most ${max} characters`)
  return value
}

/** An `Ordering` attribute's comparison of two records (ascending). @internal */
export type OrderCompare<T> = (a: T, b: T) => number

/**
 * Sorts `items` in place by a parsed `Ordering`: each attribute's comparison in turn (negated when descending),
 * creation order last. `compare` has one entry per attribute {@link orderingParam} allowed.
 *
 * @internal
 */
export const sortByOrdering = <T extends { readonly seq: number }>(
  items: Array<T>,
  ordering: ReadonlyArray<{ readonly attribute: string; readonly descending: boolean }>,
  compare: Readonly<Record<string, OrderCompare<T>>>,
): Array<T> =>
  items.sort((a, b) => {
    for (const o of ordering) {
      const c = compare[o.attribute]?.(a, b) ?? 0
      if (c !== 0) return o.descending ? -c : c
    }
    return a.seq - b.seq
  })

/** `Ordering=Attr:asc,Other:desc` checked against the allowed attributes. @internal */
export const orderingParam = (
  value: string | undefined,
  allowed: ReadonlyArray<string>,
): ReadonlyArray<{ readonly attribute: string; readonly descending: boolean }> => {
  if (value === undefined || value.trim() === "") return []
  return value.split(",").map((part) => {
    const m = /^\s*(\w+)(?::(asc|desc))?\s*$/i.exec(part)
    const attribute = allowed.find((a) => a.toLowerCase() === (m?.[1] ?? "").toLowerCase())
    if (m === null || attribute === undefined)
      throw invalid(
        `Invalid value ${JSON.stringify(value)} for parameter Ordering: use Attribute:asc|desc with Attribute one of ${allowed.join(", ")}`,
      )
    return { attribute, descending: (m[2] ?? "asc").toLowerCase() === "desc" }
  })
}
