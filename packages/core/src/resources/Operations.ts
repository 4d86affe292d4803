/**
 * The TaskRouter v1 operation table (all 61 operations of the OpenAPI description) and the plain, Schema-free
 * helpers the client and the emulator build requests with: `validateParams`, `partitionParams`, `encodeForm`,
 * `buildPath`, and `toWireRequest` (the first three steps in one pass, as the client's request path uses them).
 *
 * The table is generated from the spec by `scripts/gen-manifest.mjs`; a test checks it against the committed
 * manifest, so the two cannot drift.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * const { operations, validateParams, buildPath, encodeForm } = Resources
 * const spec = operations.CreateTask
 * const wire = validateParams("CreateTask", { Priority: 5, Attributes: { type: "chat" } })
 * const path = buildPath(spec, { WorkspaceSid: "WS" + "0".repeat(32) })
 * const body = encodeForm(wire) // "Priority=5&Attributes=%7B%22type%22%3A%22chat%22%7D"
 * ```
 *
 * @module
 */
import { Data, Effect } from "effect"
import { isJsonObjectText, isPlainObject } from "../internal/guards.js"
import { hasLoneSurrogate, LONE_SURROGATES } from "../internal/loneSurrogate.js"
import { type OperationId, operationRows } from "./internal/operationTable.js"
import { describeSid, matchesSid } from "./internal/sidPrefixes.js"

export type { OperationId } from "./internal/operationTable.js"

/** An HTTP method used by TaskRouter v1. */
export type HttpMethod = "GET" | "POST" | "DELETE"

/** Where a parameter travels. */
export type ParamIn = "path" | "query" | "body" | "header"

/** The wire type of a parameter. `date-time` values travel as `YYYY-MM-DDTHH:mm:ssZ`. */
export type ParamType = "string" | "integer" | "number" | "boolean" | "date-time" | "object" | "array"

/**
 * One parameter of an operation, as the spec declares it.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.operations.ListTask.params.find((p) => p.name === "AssignmentStatus")
 * // { name: "AssignmentStatus", in: "query", type: "array", itemType: "string", required: false }
 * ```
 */
export interface ParamSpec {
  readonly name: string
  readonly in: ParamIn
  readonly type: ParamType
  /** The item type of an `array` parameter. */
  readonly itemType?: ParamType
  /** The allowed values (of the items, for an `array` parameter). */
  readonly enum?: ReadonlyArray<string>
  readonly required: boolean
  /** The SID prefix the value must carry (`WW` for `WorkflowSid`), when the spec gives a SID pattern. */
  readonly sidPrefix?: string
  /** Inclusive bounds of a numeric parameter (`PageSize` is 1..1000). */
  readonly minimum?: number
  readonly maximum?: number
}

/**
 * One TaskRouter v1 operation.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * const op = Resources.operations.FetchWorker
 * op.method // "GET"
 * op.path // "/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}"
 * op.pathParams // ["WorkspaceSid", "Sid"]
 * ```
 */
export interface OperationSpec {
  readonly operationId: OperationId
  readonly method: HttpMethod
  /** The path template, e.g. `/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}`. */
  readonly path: string
  /** The names of the path template's parameters, in order. */
  readonly pathParams: ReadonlyArray<string>
  /** Every parameter, path ones included. */
  readonly params: ReadonlyArray<ParamSpec>
  /** `form` (application/x-www-form-urlencoded), `json` (application/json) or `none`. */
  readonly bodyType: "form" | "json" | "none"
  readonly successStatus: 200 | 201 | 204
  /** The key of the items array in a list response (`workers`, `channels`, ...). */
  readonly listKey?: string
}

/** The normalised wire form of an operation's parameters. */
export type WireParams = Record<string, string | Array<string>>

/**
 * A parameter failed validation: unknown, missing, or of the wrong type. `parameter` names it (several names,
 * comma-separated, when several required ones are missing).
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * try { Resources.validateParams("CreateTask", { Priority: "high" }) } catch (e) {
 *   if (e instanceof Resources.ParamError) console.log(e.message)
 *   // Invalid parameter Priority of CreateTask: expected an integer, got "high"
 * }
 * ```
 */
export class ParamError extends Data.TaggedError("ParamError")<{
  readonly operationId: string
  readonly parameter: string
  readonly reason: string
  readonly message: string
}> {}

// --- the table ------------------------------------------------------------------------------------------------

const IN_CODES: Record<string, ParamIn> = { p: "path", q: "query", b: "body", h: "header" }
const TYPE_CODES: Record<string, ParamType> = {
  s: "string",
  i: "integer",
  n: "number",
  b: "boolean",
  d: "date-time",
  o: "object",
  a: "array",
}
const TOKEN =
  /^([^:]+):([pqbh])([sinbdoa])(!)?(?:\*([sinbdoa]))?(?:=([^~@]+))?(?:~(-?\d*),(-?\d*))?(?:@([A-Z]{2}))?$/

const parseParam = (token: string): ParamSpec => {
  const m = TOKEN.exec(token)
  const place = m === null ? undefined : IN_CODES[m[2] ?? ""]
  const type = m === null ? undefined : TYPE_CODES[m[3] ?? ""]
  if (m === null || m[1] === undefined || place === undefined || type === undefined) {
    throw new Error(`taskroute: malformed operation table entry ${JSON.stringify(token)}`)
  }
  const itemType = m[5] === undefined ? undefined : TYPE_CODES[m[5]]
  return {
    name: m[1],
    in: place,
    type,
    required: m[4] === "!",
    ...(itemType === undefined ? {} : { itemType }),
    ...(m[6] === undefined ? {} : { enum: m[6].split(",") }),
    ...(m[7] === undefined || m[7] === "" ? {} : { minimum: Number(m[7]) }),
    ...(m[8] === undefined || m[8] === "" ? {} : { maximum: Number(m[8]) }),
    ...(m[9] === undefined ? {} : { sidPrefix: m[9] }),
  }
}

const PATH_PARAM = /\{([^}]+)\}/g

const buildTable = (): Partial<Record<OperationId, OperationSpec>> => {
  const table: Partial<Record<OperationId, OperationSpec>> = {}
  for (const [operationId, method, path, successStatus, bodyType, listKey, params] of operationRows) {
    table[operationId] = {
      operationId,
      method,
      path,
      pathParams: Array.from(path.matchAll(PATH_PARAM), (m) => m[1] ?? ""),
      params: params === "" ? [] : params.split(" ").map(parseParam),
      bodyType,
      successStatus,
      ...(listKey === "" ? {} : { listKey }),
    }
  }
  return table
}

const partialTable = buildTable()

/**
 * Every operation id of TaskRouter v1, in the spec's order.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.operationIds.length // 61
 * ```
 */
export const operationIds: ReadonlyArray<OperationId> = operationRows.map((row) => row[0])

const isComplete = (
  t: Partial<Record<OperationId, OperationSpec>>,
): t is Record<OperationId, OperationSpec> => operationIds.every((id) => t[id] !== undefined)

if (!isComplete(partialTable)) throw new Error("taskroute: the operation table is incomplete")

/**
 * Every TaskRouter v1 operation by its operationId.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.operations.CreateTask.successStatus // 201
 * Resources.operations.ListWorkerChannel.listKey // "channels"
 * ```
 */
export const operations: { readonly [K in OperationId]: OperationSpec } = partialTable

/**
 * True when `s` names a TaskRouter v1 operation.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.isOperationId("FetchWorker") // true
 * ```
 */
export const isOperationId = (s: unknown): s is OperationId =>
  typeof s === "string" && Object.hasOwn(operations, s)

/**
 * Per operation, built on first use: its parameters by name, its path template split at the parameters, and its
 * required parameters outside the path.
 */
interface Index {
  readonly byName: Map<string, ParamSpec>
  readonly segments: ReadonlyArray<string>
  readonly required: ReadonlyArray<ParamSpec>
}
const indexes = new Map<OperationSpec, Index>()
const indexOf = (spec: OperationSpec): Index => {
  let index = indexes.get(spec)
  if (index === undefined) {
    index = {
      byName: new Map(spec.params.map((p) => [p.name, p])),
      segments: spec.path.split(/\{([^}]+)\}/),
      required: spec.params.filter((p) => p.required && p.in !== "path"),
    }
    indexes.set(spec, index)
  }
  return index
}

// --- validation -----------------------------------------------------------------------------------------------

/** Parameters whose string value is a JSON document; they may also be given as objects. */
const JSON_PARAMS = new Set(["Attributes", "Configuration", "EvaluateWorkerAttributes"])

const show = (u: unknown): string => {
  if (typeof u === "string") return JSON.stringify(u.length > 60 ? `${u.slice(0, 57)}...` : u)
  if (typeof u === "number" || typeof u === "boolean" || typeof u === "bigint") return String(u)
  if (u === null) return "null"
  if (u === undefined) return "undefined"
  if (Array.isArray(u)) return "an array"
  if (u instanceof Date) return "an invalid Date"
  return typeof u === "object" ? "an object" : typeof u
}

const pad = (n: number): string => String(n).padStart(2, "0")

/**
 * Formats a date as TaskRouter expects it: `YYYY-MM-DDTHH:mm:ssZ` (UTC, whole seconds).
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.formatDateTime(new Date(Date.UTC(2020, 5, 16, 23, 59, 59))) // "2020-06-16T23:59:59Z"
 * ```
 */
export const formatDateTime = (d: Date): string =>
  `${String(d.getUTCFullYear()).padStart(4, "0")}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

type Check = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string }
const ok = (value: string): Check => ({ ok: true, value })
const bad = (expected: string, u: unknown): Check => ({
  ok: false,
  reason: `expected ${expected}, got ${show(u)}`,
})

/**
 * The refusal of text with a lone UTF-16 surrogate: it has no UTF-8 or percent-encoding, and a form would carry it
 * as U+FFFD, so the parameter is refused instead of being sent changed.
 */
const illFormed = (s: string): string => `expected well-formed text, got a lone surrogate in ${show(s)}`

const INTEGER = /^-?\d+$/
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/

const checkRange = (p: ParamSpec, n: number, raw: string): Check => {
  if (p.minimum !== undefined && n < p.minimum)
    return { ok: false, reason: `expected at least ${p.minimum}, got ${raw}` }
  if (p.maximum !== undefined && n > p.maximum)
    return { ok: false, reason: `expected at most ${p.maximum}, got ${raw}` }
  return ok(raw)
}

const checkScalar = (p: ParamSpec, type: ParamType, u: unknown): Check => {
  switch (type) {
    case "integer": {
      if (typeof u === "number")
        return Number.isSafeInteger(u) ? checkRange(p, u, String(u)) : bad("an integer", u)
      if (typeof u === "bigint") return checkRange(p, Number(u), u.toString())
      if (typeof u === "string" && INTEGER.test(u.trim()))
        return checkRange(p, Number(u.trim()), String(BigInt(u.trim())))
      return bad("an integer", u)
    }
    case "number": {
      if (typeof u === "number")
        return Number.isFinite(u) ? checkRange(p, u, String(u)) : bad("a finite number", u)
      if (typeof u === "string" && NUMBER.test(u.trim())) return checkRange(p, Number(u.trim()), u.trim())
      return bad("a number", u)
    }
    case "boolean": {
      if (typeof u === "boolean") return ok(u ? "true" : "false")
      if (u === "true" || u === "false") return ok(u)
      return bad("a boolean (true or false)", u)
    }
    case "date-time": {
      if (u instanceof Date) return Number.isNaN(u.getTime()) ? bad("a valid Date", u) : ok(formatDateTime(u))
      if (typeof u === "string" && ISO_DATE.test(u)) {
        const d = new Date(u.length === 10 ? `${u}T00:00:00Z` : u)
        if (!Number.isNaN(d.getTime())) return ok(formatDateTime(d))
      }
      return bad("a Date or an ISO-8601 date-time string", u)
    }
    case "object": {
      return checkJson(u)
    }
    case "array": {
      return bad("a scalar inside an array", u)
    }
    case "string": {
      if (JSON_PARAMS.has(p.name)) return checkJson(u)
      let s: string
      if (typeof u === "string") {
        if (hasLoneSurrogate(u)) return { ok: false, reason: illFormed(u) }
        s = u
      } else if (typeof u === "boolean") s = u ? "true" : "false"
      else if (typeof u === "number" && Number.isFinite(u)) s = String(u)
      else return bad("a string", u)
      if (p.enum !== undefined && !p.enum.includes(s)) return bad(`one of ${p.enum.join(", ")}`, u)
      if (p.sidPrefix !== undefined && p.in !== "path" && !matchesSid(p.sidPrefix, s)) {
        return bad(describeSid(p.sidPrefix), u)
      }
      return ok(s)
    }
  }
}

const checkJson = (u: unknown): Check => {
  if (typeof u === "string") {
    if (!isJsonObjectText(u)) return bad("a JSON object (as a string or a plain object)", u)
    // (An object is stringified with JSON escapes for lone surrogates; a given text may hold them raw.)
    return hasLoneSurrogate(u) ? { ok: false, reason: illFormed(u) } : ok(u)
  }
  if (!isPlainObject(u)) return bad("a JSON object (as a string or a plain object)", u)
  try {
    return ok(JSON.stringify(u))
  } catch (e) {
    return {
      ok: false,
      reason: `cannot be serialised to JSON (${e instanceof Error ? e.message : String(e)})`,
    }
  }
}

const checkParam = (p: ParamSpec, u: unknown): { ok: true; value: string | Array<string> } | Check => {
  if (p.type !== "array") return checkScalar(p, p.type, u)
  const itemType = p.itemType ?? "string"
  const items: ReadonlyArray<unknown> = Array.isArray(u) ? u : [u]
  const out: Array<string> = []
  for (let i = 0; i < items.length; i++) {
    const c = checkScalar(p, itemType, items[i])
    if (!c.ok) return { ok: false, reason: Array.isArray(u) ? `item ${i}: ${c.reason}` : c.reason }
    out.push(c.value)
  }
  return { ok: true, value: out }
}

const levenshtein = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost))
    }
    prev = cur
  }
  return prev[b.length] ?? 0
}

const suggest = (name: string, spec: OperationSpec): string | undefined => {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, "")
  const exact = spec.params.find((p) => norm(p.name) === norm(name))
  if (exact !== undefined) return exact.name
  let best: { name: string; d: number } | undefined
  for (const p of spec.params) {
    const d = levenshtein(norm(name), norm(p.name))
    if (d <= Math.max(1, Math.floor(p.name.length / 4)) && (best === undefined || d < best.d))
      best = { name: p.name, d }
  }
  return best?.name
}

const JSON_BODY_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/

const paramError = (operationId: string, parameter: string, reason: string, message: string): ParamError =>
  new ParamError({ operationId, parameter, reason, message })

/** A refusal: the message defaults to "Invalid parameter X of Op: reason". */
const refused = (
  operationId: string,
  parameter: string,
  reason: string,
  message = `Invalid parameter ${parameter} of ${operationId}: ${reason}`,
): ParamError => paramError(operationId, parameter, reason, message)

/**
 * The core of validation: checks each parameter of `params` (skipping those named in `fixed`, and `undefined`
 * values) and hands its wire value to `put` with its spec (`undefined` for a free-form JSON body key); then
 * checks the required ones. Returns the refusal, or `undefined` when every parameter passed.
 */
const validateInto = (
  spec: OperationSpec,
  params: unknown,
  fixed: Readonly<Record<string, string>> | undefined,
  put: (p: ParamSpec | undefined, name: string, value: string | Array<string>) => void,
): ParamError | undefined => {
  const operationId = spec.operationId
  if (params === undefined || params === null) params = {}
  if (!isPlainObject(params)) {
    const reason = `expected an object of parameters, got ${show(params)}`
    return refused(operationId, "", reason, `Invalid parameters of ${operationId}: ${reason}`)
  }
  const { byName, required } = indexOf(spec)
  for (const name of Object.keys(params)) {
    const value = params[name]
    if (value === undefined || (fixed !== undefined && Object.hasOwn(fixed, name))) continue
    const p = byName.get(name)
    if (p === undefined) {
      if (spec.bodyType === "json" && JSON_BODY_KEY.test(name)) {
        // The spec leaves the JSON body free-form (e.g. QueueSids of CreateTaskQueueBulkRealTimeStatistics).
        const c = checkParam({ name, in: "body", type: "array", itemType: "string", required: false }, value)
        if (!c.ok) return refused(operationId, name, c.reason)
        put(undefined, name, Array.isArray(value) ? c.value : (c.value[0] ?? ""))
        continue
      }
      const hint = suggest(name, spec)
      const reason = `not a parameter of ${operationId}${hint === undefined ? "" : `; did you mean ${hint}?`}`
      return refused(
        operationId,
        name,
        reason,
        `Unknown parameter ${name} of ${operationId}${hint === undefined ? "" : ` (did you mean ${hint}?)`}`,
      )
    }
    if (p.in === "path") {
      if (typeof value !== "string" || value === "") {
        return refused(operationId, name, `expected a non-empty string, got ${show(value)}`)
      }
      put(p, name, value)
      continue
    }
    const c = checkParam(p, value)
    if (!c.ok) return refused(operationId, name, c.reason)
    put(p, name, c.value)
  }
  const given = params
  if (required.some((p) => given[p.name] === undefined)) {
    const missing = required.filter((p) => given[p.name] === undefined).map((p) => p.name)
    const names = missing.join(", ")
    const plural = missing.length > 1 ? "parameters" : "parameter"
    return refused(
      operationId,
      names,
      `missing required ${plural}`,
      `Missing required ${plural} ${names} of ${operationId}`,
    )
  }
  return undefined
}

/** {@link validateInto} into one flat record. */
const validate = (operationId: string, params: unknown): WireParams | ParamError => {
  if (!isOperationId(operationId)) {
    return refused(operationId, "", "unknown operation", `Unknown operation ${JSON.stringify(operationId)}`)
  }
  const out: WireParams = {}
  return (
    validateInto(operations[operationId], params, undefined, (_, name, value) => {
      out[name] = value
    }) ?? out
  )
}

/**
 * Validates and normalises the parameters of an operation, and returns their wire form: booleans as
 * `"true"`/`"false"`, dates as `YYYY-MM-DDTHH:mm:ssZ`, numbers as decimal strings, `Attributes`/`Configuration`
 * objects JSON-stringified, arrays as string arrays. `undefined` values are skipped. Path parameters may be
 * included (they are checked to be non-empty strings) but are not required here: {@link buildPath} needs them.
 * Throws a {@link ParamError} naming the offending parameter. Never mutates `params`.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.validateParams("UpdateWorker", { Attributes: { skills: ["en"] }, RejectPendingReservations: true })
 * // { Attributes: '{"skills":["en"]}', RejectPendingReservations: "true" }
 * ```
 */
export const validateParams = (
  operationId: OperationId | string,
  params: Record<string, unknown>,
): WireParams => {
  const r = validate(operationId, params)
  if (r instanceof ParamError) throw r
  return r
}

/**
 * The Effect variant of {@link validateParams}: fails with a {@link ParamError} instead of throwing.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Resources } from "@taskroute/core"
 * const wire = Resources.validateParamsEffect("CreateWorker", { FriendlyName: "Alice" })
 * Effect.runSync(wire) // { FriendlyName: "Alice" }
 * ```
 */
export const validateParamsEffect = (
  operationId: OperationId | string,
  params: Record<string, unknown>,
): Effect.Effect<WireParams, ParamError> =>
  Effect.suspend(() => {
    const r = validate(operationId, params)
    return r instanceof ParamError ? Effect.fail(r) : Effect.succeed(r)
  })

/** Wire parameters by where they travel; `header` is created with the first header parameter. */
interface Parts {
  readonly path: Record<string, string>
  readonly query: WireParams
  readonly body: WireParams
  header: Record<string, string> | undefined
}

const emptyParts = (): Parts => ({ path: {}, query: {}, body: {}, header: undefined })

/**
 * Puts one wire parameter where it travels (`place` undefined: a free-form JSON body key, so the body). Path and
 * header values are single strings: an array is comma-joined.
 */
const sortParam = (
  parts: Parts,
  place: ParamIn | undefined,
  name: string,
  value: string | Array<string>,
): void => {
  if (place === "path" || place === "header") {
    const scalar = typeof value === "string" ? value : value.join(",")
    if (place === "path") parts.path[name] = scalar
    else parts.header = { ...parts.header, [name]: scalar }
  } else if (place === "query") parts.query[name] = value
  else parts.body[name] = value
}

/**
 * Splits wire parameters by where they travel. Parameters unknown to the spec (only possible for the free-form
 * JSON body of `CreateTaskQueueBulkRealTimeStatistics`) go to `body`.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * const op = Resources.operations.UpdateTask
 * Resources.partitionParams(op, { "If-Match": "etag", Priority: "3" })
 * // { path: {}, query: {}, body: { Priority: "3" }, header: { "If-Match": "etag" } }
 * ```
 */
export const partitionParams = (
  spec: OperationSpec,
  wire: WireParams,
): {
  readonly path: Record<string, string>
  readonly query: WireParams
  readonly body: WireParams
  readonly header: Record<string, string>
} => {
  const parts = emptyParts()
  const byName = indexOf(spec).byName
  for (const name of Object.keys(wire)) sortParam(parts, byName.get(name)?.in, name, wire[name] ?? "")
  return { ...parts, header: parts.header ?? {} }
}

// --- encoding ---------------------------------------------------------------------------------------------------

const formComponent = (s: string): string =>
  encodeURIComponent(s.replace(LONE_SURROGATES, "\uFFFD"))
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+")

/**
 * Encodes parameters as `application/x-www-form-urlencoded` (the WHATWG serialisation, as `URLSearchParams`
 * does), with one `key=value` pair per array item (`AssignmentStatus=pending&AssignmentStatus=reserved`).
 * Also usable for query strings. As `URLSearchParams`, it writes a lone UTF-16 surrogate as U+FFFD; the client
 * never sends one, because validation refuses such a parameter first.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.encodeForm({ FriendlyName: "Jane Doe", AssignmentStatus: ["pending", "reserved"] })
 * // "FriendlyName=Jane+Doe&AssignmentStatus=pending&AssignmentStatus=reserved"
 * ```
 */
export const encodeForm = (params: Readonly<Record<string, string | ReadonlyArray<string>>>): string => {
  const parts: Array<string> = []
  for (const [key, value] of Object.entries(params)) {
    const k = formComponent(key)
    if (typeof value === "string") parts.push(`${k}=${formComponent(value)}`)
    else for (const v of value) parts.push(`${k}=${formComponent(v)}`)
  }
  return parts.join("&")
}

/**
 * Fills an operation's path template. Each value is percent-encoded; a missing or empty one, or one with a lone
 * UTF-16 surrogate (which has no percent-encoding), is a {@link ParamError}. SID formats are not checked here: the
 * server answers 404 for an unknown SID.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.buildPath(Resources.operations.FetchWorker, { WorkspaceSid: "WS1", Sid: "WK2" })
 * // "/v1/Workspaces/WS1/Workers/WK2"
 * ```
 */
export const buildPath = (spec: OperationSpec, pathParams: Readonly<Record<string, unknown>>): string => {
  const path = fillPath(spec, pathParams)
  if (path instanceof ParamError) throw path
  return path
}

/** {@link buildPath} returning its refusal. */
const fillPath = (
  spec: OperationSpec,
  pathParams: Readonly<Record<string, unknown>>,
): string | ParamError => {
  // The template split at its parameters: literal, name, literal, ..., literal.
  const segments = indexOf(spec).segments
  let path = segments[0] ?? ""
  for (let i = 1; i < segments.length; i += 2) {
    const v = pathParams[segments[i] ?? ""]
    if (typeof v !== "string" || v === "") {
      const missing = spec.pathParams.filter((name) => {
        const x = pathParams[name]
        return typeof x !== "string" || x === ""
      })
      const names = missing.join(", ")
      const plural = missing.length > 1 ? "parameters" : "parameter"
      return paramError(
        spec.operationId,
        names,
        `missing path ${plural}`,
        `Missing path ${plural} ${names} of ${spec.operationId}`,
      )
    }
    let encoded: string
    try {
      encoded = encodeURIComponent(v)
    } catch {
      // (It throws a URIError only for a lone UTF-16 surrogate.)
      return refused(spec.operationId, segments[i] ?? "", illFormed(v))
    }
    path += encoded + (segments[i + 1] ?? "")
  }
  return path
}

/**
 * An operation's request in wire form: the path (its template filled in) and the other parameters by where
 * they travel.
 *
 * @example
 * ```ts
 * import type { Resources } from "@taskroute/core"
 * const request: Resources.WireRequest = { path: "/v1/Workspaces/WSx/Workers", query: { PageSize: "2" }, body: {}, header: undefined }
 * ```
 */
export interface WireRequest {
  readonly path: string
  readonly query: WireParams
  readonly body: WireParams
  readonly header: Readonly<Record<string, string>> | undefined
}

/**
 * {@link validateParams}, {@link partitionParams} and {@link buildPath} in one pass (the client's request path):
 * validates `params`, fills the path template (the `fixed` path parameters, such as the workspace SID, take the
 * place of given ones) and sorts the other wire parameters by where they travel. Returns the {@link ParamError}
 * instead of throwing it.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.toWireRequest(Resources.operations.ListWorker, { PageSize: 2 }, { WorkspaceSid: "WSx" })
 * // { path: "/v1/Workspaces/WSx/Workers", query: { PageSize: "2" }, body: {}, header: undefined }
 * ```
 */
export const toWireRequest = (
  spec: OperationSpec,
  params: Readonly<Record<string, unknown>> | undefined,
  fixed: Readonly<Record<string, string>>,
): WireRequest | ParamError => {
  const parts = emptyParts()
  const error = validateInto(spec, params, fixed, (p, name, value) => sortParam(parts, p?.in, name, value))
  if (error !== undefined) return error
  const filled = fillPath(spec, Object.assign(parts.path, fixed))
  return filled instanceof ParamError
    ? filled
    : { path: filled, query: parts.query, body: parts.body, header: parts.header }
}
