/**
 * The REST router: the spec's 61 operations as a segment trie (literal segments win over `{Sid}`), parameter
 * validation, dispatch to the handlers and Twilio error bodies for everything that goes wrong.
 *
 * @internal
 */
import type { Engine } from "../store/engine.js"
import type { RestRequest, RestResponse } from "../store/Emulator.js"
import type { AccountState } from "../store/model.js"
import { withoutTrailingSlash } from "./common.js"
import { errorBody, methodNotAllowed, notFound, RestFailure } from "./errors.js"
import { handlers } from "./handlers.js"
import { type OperationSpec, operations } from "./operations.js"
import { Params } from "./params.js"

/** Everything a handler gets. @internal */
export interface Ctx {
  readonly e: Engine
  readonly request: RestRequest
  readonly op: OperationSpec
  readonly params: Params
  readonly path: Readonly<Record<string, string>>
  readonly account: AccountState
  readonly base: string
  readonly now: number
}

/** A handler of one operation. Throws {@link RestFailure} for refusals. @internal */
export type Handler = (ctx: Ctx) => RestResponse

interface Node {
  readonly literal: Map<string, Node>
  param: Node | undefined
  readonly ops: Map<string, OperationSpec>
}

const newNode = (): Node => ({ literal: new Map(), param: undefined, ops: new Map() })

const root = newNode()
/** Each operation's path parameters: name and segment index, from its template (parsed once, here). */
const pathParams = new Map<OperationSpec, ReadonlyArray<readonly [string, number]>>()
for (const op of operations) {
  let node = root
  const names: Array<readonly [string, number]> = []
  for (const [i, segment] of op.path.split("/").slice(1).entries()) {
    const param = /^\{(\w+)\}$/.exec(segment)
    if (param !== null) {
      names.push([param[1] ?? "", i])
      if (node.param === undefined) node.param = newNode()
      node = node.param
    } else {
      let next = node.literal.get(segment)
      if (next === undefined) {
        next = newNode()
        node.literal.set(segment, next)
      }
      node = next
    }
  }
  node.ops.set(op.method, op)
  pathParams.set(op, names)
}

const match = (segments: ReadonlyArray<string>, i: number, node: Node): Node | undefined => {
  if (i === segments.length) return node.ops.size > 0 ? node : undefined
  const segment = segments[i] ?? ""
  const literal = node.literal.get(segment)
  if (literal !== undefined) {
    const found = match(segments, i + 1, literal)
    if (found !== undefined) return found
  }
  if (node.param !== undefined && segment !== "") {
    const found = match(segments, i + 1, node.param)
    if (found !== undefined) return found
  }
  return undefined
}

/** Finds the operation for a method and path (exported for the doors and tests). @internal */
export const route = (
  method: string,
  path: string,
): { readonly op: OperationSpec; readonly path: Record<string, string> } | RestFailure => {
  const trimmed = withoutTrailingSlash(path)
  const segments = trimmed.split("/").slice(1).map(decodeSegment)
  const node = match(segments, 0, root)
  if (node === undefined) return notFound(trimmed)
  const op = node.ops.get(method)
  if (op === undefined) return methodNotAllowed(method, trimmed)
  // the trie's parameter nodes are shared between templates: name the values by this operation's template
  const named: Record<string, string> = {}
  for (const [name, i] of pathParams.get(op) ?? []) named[name] = segments[i] ?? ""
  return { op, path: named }
}

const decodeSegment = (s: string): string => {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** The time-window parameters of cumulative statistics. */
const TIME_WINDOW: ReadonlySet<string> = new Set(["Minutes", "StartDate", "EndDate"])

/**
 * Real-time statistics have no time window, and the service ignores one: TaskRouter.js v1's documented
 * `taskqueue.realtimeStats.fetch({"Minutes":"240"}, cb)` succeeds there. Every other unknown parameter is still
 * refused.
 */
const withoutIgnoredWindow = (
  op: OperationSpec,
  query: ReadonlyArray<readonly [string, string]>,
): ReadonlyArray<readonly [string, string]> =>
  op.id.includes("RealTimeStatistics") ? query.filter(([name]) => !TIME_WINDOW.has(name)) : query

const failure = (f: RestFailure): RestResponse => ({
  status: f.status,
  headers: { ...f.headers },
  body: errorBody(f),
})

/** Handles one request; never throws. @internal */
export const dispatch = (e: Engine, request: RestRequest): RestResponse => {
  try {
    const routed = route(request.method, request.path)
    if (routed instanceof RestFailure) return failure(routed)
    const account = e.accounts.get(request.accountSid)
    if (account === undefined) return failure(new RestFailure(401, 20003, "Authenticate"))
    const entries =
      routed.op.method === "POST"
        ? request.form
        : routed.op.method === "GET"
          ? withoutIgnoredWindow(routed.op, request.query)
          : []
    const params = new Params(
      routed.op,
      routed.op.json ? [] : entries,
      routed.op.method === "GET" ? "query" : "body",
    )
    const handler = handlers[routed.op.id]
    if (handler === undefined) return failure(notFound(request.path))
    return handler({
      e,
      request,
      op: routed.op,
      params,
      path: routed.path,
      account,
      base: request.baseUrl.replace(/\/+$/, ""),
      now: e.now(),
    })
  } catch (error) {
    if (error instanceof RestFailure) return failure(error)
    return failure(
      new RestFailure(
        500,
        20500,
        `Internal error: ${error instanceof Error ? error.message : String(error)}`,
      ),
    )
  }
}
