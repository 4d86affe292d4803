/**
 * TaskRouter capability-token policies: the `policies` claim of a TaskRouter.js v1 token, the rules the service
 * uses to authorize a request with them, and builders for the usual workspace policies.
 *
 * A policy is `{ url, method, queryFilter, postFilter, allow }`. A request is allowed only if at least one policy
 * with `allow: true` matches it and no policy with `allow: false` matches it ("deny overrides").
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * const policies = [...Policy.workspaceFetch("WSxxx"), ...Policy.allowFetchSubresources("WSxxx")]
 * Policy.authorize(policies, { method: "GET", url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx/Workers" })
 * // { allowed: true, reason: "allowed by policies[1] (GET https://taskrouter.twilio.com/v1/Workspaces/WSxxx/**)" }
 * ```
 *
 * @packageDocumentation
 */
import { isRecord } from "../internal/guards.js"
import { PolicyError } from "./PolicyError.js"

export { PolicyError } from "./PolicyError.js"

/**
 * How a filter constrains one request parameter:
 * - a string literal: the parameter must be present and every value of it must equal the literal;
 * - `{ required: true }`: the parameter must be present (any value);
 * - `{ required: true, value }`: the parameter must be present and every value must equal `value`;
 * - `{ required: false, value }`: the parameter may be absent; if present every value must equal `value`;
 * - `{ required: false }`: no constraint.
 *
 * @example
 * ```ts
 * import type { Policy } from "@taskroute/core"
 * const onlyActivity: Policy.Filter = { ActivitySid: { required: true } }
 * const fixedQueue: Policy.Filter = { TaskQueueSid: "WQxxx" }
 * ```
 */
export type FilterMatcher = string | { readonly required: boolean; readonly value?: string }

/**
 * A query or POST filter: parameter name to {@link FilterMatcher}. Parameters the filter does not name are not
 * constrained; an empty filter accepts any parameters.
 *
 * @example
 * ```ts
 * import type { Policy } from "@taskroute/core"
 * const filter: Policy.Filter = { ActivitySid: { required: true } }
 * ```
 */
export type Filter = Readonly<Record<string, FilterMatcher>>

/**
 * One access policy, in the domain's camelCase. `allow: false` is a deny rule and is preserved by
 * {@link toWire} and {@link fromWire} (twilio-node 6.2.0 serializes it as `true`).
 *
 * `url` is a full URL without a query string. It is either a literal, or ends in `/*` (exactly one more
 * non-empty path segment) or `/**` (one or more non-empty path segments below, never the path itself). A `*`
 * anywhere else is an ordinary character.
 *
 * @example
 * ```ts
 * import type { Policy } from "@taskroute/core"
 * const p: Policy.Policy = {
 *   url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx/Workers/*",
 *   method: "POST",
 *   queryFilter: {},
 *   postFilter: { ActivitySid: { required: true } },
 *   allow: true,
 * }
 * ```
 */
export interface Policy {
  readonly url: string
  /** An HTTP method: `GET`, `POST` or `DELETE` for TaskRouter. Compared case-insensitively. */
  readonly method: string
  readonly queryFilter: Filter
  readonly postFilter: Filter
  readonly allow: boolean
}

/**
 * A policy as it appears in a token's `policies` claim (snake_case, key order as twilio-node writes it).
 *
 * @example
 * ```ts
 * import type { Policy } from "@taskroute/core"
 * const wire: Policy.PolicyWire = { url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx", method: "GET",
 *   query_filter: {}, post_filter: {}, allow: true }
 * ```
 */
export interface PolicyWire {
  readonly url: string
  readonly method: string
  readonly query_filter: Filter
  readonly post_filter: Filter
  readonly allow: boolean
}

/**
 * The request parameters given to {@link authorize}: name to value, or to all values of a repeated parameter.
 * `undefined` values count as absent.
 *
 * @example
 * ```ts
 * import type { Policy } from "@taskroute/core"
 * const post: Policy.Params = { ActivitySid: "WAxxx", AssignmentStatus: ["pending", "reserved"] }
 * ```
 */
export type Params = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/**
 * The request {@link authorize} decides on. `url` may carry a query string: its parameters are merged with
 * `query` (explicit `query` entries win) and it is not part of the URL match.
 *
 * @example
 * ```ts
 * import type { Policy } from "@taskroute/core"
 * const request: Policy.Request = { method: "POST", url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx",
 *   post: { FriendlyName: "Support" } }
 * ```
 */
export interface Request {
  readonly method: string
  readonly url: string
  readonly query?: Params | undefined
  readonly post?: Params | undefined
}

/**
 * Options of {@link authorize} and {@link matches}.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * const options: Policy.AuthorizeOptions = { canonicalize: Policy.canonicalTwilioUrl }
 * ```
 */
export interface AuthorizeOptions {
  /**
   * Maps a URL to the form URLs are compared in. It is applied to the request URL (without its query string)
   * and to each policy URL (without its trailing `/*` or `/**`). Default: the identity, so URLs are compared
   * exactly as given. An emulator passes a function that maps the Twilio hosts onto itself, e.g. one built on
   * {@link canonicalTwilioUrl}.
   */
  readonly canonicalize?: ((url: string) => string) | undefined
}

/**
 * The decision of {@link authorize}, with a human-readable reason naming the deciding policy (by its index in
 * the list) or why no policy applied.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * const d: Policy.Decision = Policy.authorize([], { method: "GET", url: "https://x" })
 * d.allowed // false
 * ```
 */
export interface Decision {
  readonly allowed: boolean
  readonly reason: string
}

/**
 * The REST base URL of TaskRouter, as twilio-node's `util.TASKROUTER_BASE_URL`.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * `${Policy.TASKROUTER_BASE_URL}/v1/Workspaces` // "https://taskrouter.twilio.com/v1/Workspaces"
 * ```
 */
export const TASKROUTER_BASE_URL = "https://taskrouter.twilio.com"

/**
 * The event-bridge channel base URL, as twilio-node's `util.EVENT_URL_BASE`.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * `${Policy.EVENT_BRIDGE_CHANNELS_URL}/ACxxx/WSxxx`
 * ```
 */
export const EVENT_BRIDGE_CHANNELS_URL = "https://event-bridge.twilio.com/v1/wschannels"

/**
 * Builds a policy, validating it. `queryFilter` and `postFilter` default to `{}`.
 *
 * @throws {PolicyError} when `url` or `method` is empty or a filter is malformed.
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * const deny = Policy.make({ url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx/Tasks/**", method: "DELETE",
 *   allow: false })
 * ```
 */
export const make = (input: {
  readonly url: string
  readonly method: string
  readonly allow: boolean
  readonly queryFilter?: Filter | undefined
  readonly postFilter?: Filter | undefined
}): Policy =>
  fromWire({
    url: input.url,
    method: input.method,
    query_filter: input.queryFilter ?? {},
    post_filter: input.postFilter ?? {},
    allow: input.allow,
  })

/**
 * Converts a policy to its wire form, keys in twilio-node's order. `allow: false` stays `false`.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * const [get] = Policy.workspaceFetch("WSxxx")
 * JSON.stringify(Policy.toWire(get!))
 * // {"url":"https://taskrouter.twilio.com/v1/Workspaces/WSxxx","method":"GET","query_filter":{},"post_filter":{},"allow":true}
 * ```
 */
export const toWire = (policy: Policy): PolicyWire => ({
  url: policy.url,
  method: policy.method,
  query_filter: policy.queryFilter,
  post_filter: policy.postFilter,
  allow: policy.allow,
})

const describe = (u: unknown): string => {
  if (u === null) return "null"
  if (Array.isArray(u)) return "an array"
  if (typeof u === "string") return JSON.stringify(u)
  if (typeof u === "object") return "an object"
  return String(u)
}

const fieldError = (index: number | undefined, field: string, expected: string, got: unknown): PolicyError =>
  new PolicyError({
    index,
    field,
    message: `${index === undefined ? "policy" : `policies[${index}]`}.${field} ${expected}, got ${describe(got)}`,
  })

const decodeFilter = (index: number | undefined, field: string, u: unknown): Filter | PolicyError => {
  if (u === undefined || u === null) return {}
  if (!isRecord(u)) return fieldError(index, field, "must be an object of parameter matchers", u)
  // Entries then Object.fromEntries, so that a parameter named "__proto__" stays an own property.
  const out: Array<[string, FilterMatcher]> = []
  for (const [name, matcher] of Object.entries(u)) {
    if (typeof matcher === "string") {
      out.push([name, matcher])
    } else if (isRecord(matcher) && typeof matcher.required === "boolean") {
      const value = matcher.value
      if (value === undefined) {
        out.push([name, { required: matcher.required }])
      } else if (typeof value === "string") {
        out.push([name, { required: matcher.required, value }])
      } else {
        return fieldError(index, `${field}.${name}.value`, "must be a string when present", value)
      }
    } else {
      return fieldError(
        index,
        `${field}.${name}`,
        'must be a string literal or {"required": boolean, "value"?: string}',
        matcher,
      )
    }
  }
  return Object.fromEntries(out)
}

const decodeWire = (u: unknown, index?: number): Policy | PolicyError => {
  if (!isRecord(u)) {
    return new PolicyError({
      index,
      field: "",
      message: `${index === undefined ? "policy" : `policies[${index}]`} must be an object, got ${describe(u)}`,
    })
  }
  const url = u.url
  if (typeof url !== "string" || url.length === 0)
    return fieldError(index, "url", "must be a non-empty string", url)
  const method = u.method
  if (typeof method !== "string" || !/^[A-Za-z]+$/.test(method)) {
    return fieldError(index, "method", "must be an HTTP method such as GET, POST or DELETE", method)
  }
  const queryFilter = decodeFilter(index, "query_filter", u.query_filter)
  if (queryFilter instanceof PolicyError) return queryFilter
  const postFilter = decodeFilter(index, "post_filter", u.post_filter)
  if (postFilter instanceof PolicyError) return postFilter
  const allow = u.allow
  if (allow !== undefined && typeof allow !== "boolean") {
    return fieldError(index, "allow", "must be a boolean", allow)
  }
  // TaskRouter's documentation: `allow` defaults to false. twilio-node always writes it.
  return { url, method, queryFilter, postFilter, allow: allow ?? false }
}

/**
 * Decodes a policy from its wire form (as found in a token). Missing `query_filter` / `post_filter` become `{}`;
 * a missing `allow` is `false`, as TaskRouter's documentation defines it.
 *
 * @throws {PolicyError} naming the field (and the index, when given) that is malformed.
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * Policy.fromWire({ url: "https://x/v1/Workspaces/WSxxx", method: "GET", query_filter: {}, post_filter: {},
 *   allow: false }).allow // false
 * ```
 */
export const fromWire = (u: unknown, index?: number): Policy => {
  const result = decodeWire(u, index)
  if (result instanceof PolicyError) throw result
  return result
}

// ---------------------------------------------------------------------------------------------------------
// Matching

type Glob = { readonly kind: "exact" | "one" | "any"; readonly base: string }

const parseGlob = (url: string): Glob => {
  if (url.endsWith("/**")) return { kind: "any", base: url.slice(0, -3) }
  if (url.endsWith("/*")) return { kind: "one", base: url.slice(0, -2) }
  return { kind: "exact", base: url }
}

const splitQuery = (url: string): { readonly path: string; readonly search: string } => {
  const hash = url.indexOf("#")
  const noHash = hash === -1 ? url : url.slice(0, hash)
  const q = noHash.indexOf("?")
  return q === -1 ? { path: noHash, search: "" } : { path: noHash.slice(0, q), search: noHash.slice(q + 1) }
}

const decodeComponent = (s: string): string => {
  const plus = s.replace(/\+/g, " ")
  try {
    return decodeURIComponent(plus)
  } catch {
    return plus
  }
}

const parseSearch = (search: string): Record<string, Array<string>> => {
  const out = new Map<string, Array<string>>()
  for (const part of search.split("&")) {
    if (part === "") continue
    const eq = part.indexOf("=")
    const name = decodeComponent(eq === -1 ? part : part.slice(0, eq))
    const value = eq === -1 ? "" : decodeComponent(part.slice(eq + 1))
    const list = out.get(name)
    if (list === undefined) out.set(name, [value])
    else list.push(value)
  }
  return Object.fromEntries(out)
}

const valuesOf = (params: Params | undefined, name: string): ReadonlyArray<string> | undefined => {
  if (params === undefined || !Object.hasOwn(params, name)) return undefined
  const v = params[name]
  if (v === undefined) return undefined
  return typeof v === "string" ? [v] : v
}

const identity = (url: string): string => url

/** {@link urlMatches} for a `target` URL already passed through `canonicalize`. */
const targetMatches = (pattern: string, target: string, canonicalize: (url: string) => string): boolean => {
  const glob = parseGlob(pattern)
  const base = canonicalize(glob.base)
  if (glob.kind === "exact") return target === base
  if (!target.startsWith(base + "/")) return false
  const rest = target.slice(base.length + 1)
  if (rest === "") return false
  const segments = rest.split("/")
  if (segments.some((s) => s === "")) return false
  return glob.kind === "any" || segments.length === 1
}

/**
 * True when `url` (already without query string) falls under the policy URL `pattern` (see {@link Policy} for
 * the glob rules). Both are passed through `canonicalize` (default: identity) first.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * Policy.urlMatches("https://x/v1/Workspaces/*", "https://x/v1/Workspaces/WS1") // true
 * Policy.urlMatches("https://x/v1/Workspaces/WS1/**", "https://x/v1/Workspaces/WS1") // false
 * ```
 */
export const urlMatches = (
  pattern: string,
  url: string,
  canonicalize: (url: string) => string = identity,
): boolean => targetMatches(pattern, canonicalize(url), canonicalize)

const filterFailure = (filter: Filter, params: Params | undefined, what: string): string | undefined => {
  for (const [name, matcher] of Object.entries(filter)) {
    const values = valuesOf(params, name)
    const required = typeof matcher === "string" ? true : matcher.required
    const expected = typeof matcher === "string" ? matcher : matcher.value
    if (values === undefined || values.length === 0) {
      if (required) return `its ${what} filter requires the parameter ${name}`
      continue
    }
    if (expected !== undefined && values.some((v) => v !== expected)) {
      return `its ${what} filter requires ${name}=${JSON.stringify(expected)}`
    }
  }
  return undefined
}

type Evaluation =
  | { readonly _tag: "NoUrl" }
  | { readonly _tag: "NoMethod" }
  | { readonly _tag: "FilterMismatch"; readonly why: string }
  | { readonly _tag: "Match" }

/** `r` comes from {@link normalizeRequest}; `r.target` is its path already canonicalized. */
const evaluate = (
  policy: Policy,
  r: NormalizedRequest,
  canonicalize: (url: string) => string,
): Evaluation => {
  const { method, query, post } = r
  if (!targetMatches(policy.url, r.target, canonicalize)) return { _tag: "NoUrl" }
  if (policy.method.toUpperCase() !== method) return { _tag: "NoMethod" }
  const q = filterFailure(policy.queryFilter, query, "query")
  if (q !== undefined) return { _tag: "FilterMismatch", why: q }
  const p = filterFailure(policy.postFilter, post, "post")
  if (p !== undefined) return { _tag: "FilterMismatch", why: p }
  return { _tag: "Match" }
}

interface NormalizedRequest {
  readonly method: string
  readonly path: string
  /** `path` passed through `canonicalize`, once per request rather than once per policy. */
  readonly target: string
  readonly query: Params
  readonly post: Params | undefined
}

const normalizeRequest = (request: Request, canonicalize: (url: string) => string): NormalizedRequest => {
  const { path, search } = splitQuery(request.url)
  const query: Params = { ...parseSearch(search), ...request.query }
  return { method: request.method.toUpperCase(), path, target: canonicalize(path), query, post: request.post }
}

/**
 * True when the policy matches the request: its URL (see {@link Policy} for `*` and `**`), its method
 * (case-insensitive) and both filters. `allow` is not considered here.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * const [updates] = Policy.allowUpdates("WSxxx")
 * Policy.matches(updates!, { method: "post", url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx" }) // true
 * ```
 */
export const matches = (policy: Policy, request: Request, options?: AuthorizeOptions): boolean => {
  const canonicalize = options?.canonicalize ?? identity
  return evaluate(policy, normalizeRequest(request, canonicalize), canonicalize)._tag === "Match"
}

const label = (policy: Policy, index: number): string =>
  `policies[${index}] (${policy.method.toUpperCase()} ${policy.url})`

/**
 * Decides whether the policies allow a request: allowed only if some policy with `allow: true` matches it and
 * no policy with `allow: false` matches it ("deny overrides"; a deny rule wins even over a more specific allow
 * rule). The reason names the deciding policy, or explains why none allowed the request (e.g. which filter
 * parameter was missing).
 *
 * URLs are compared exactly as given unless `options.canonicalize` maps them; the request URL's query string
 * is not part of the URL match, its parameters are checked by the query filters together with
 * `request.query`.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * const policies = [
 *   ...Policy.allowFetchSubresources("WSxxx"),
 *   Policy.make({ url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx/Workers/**", method: "GET", allow: false }),
 * ]
 * Policy.authorize(policies, { method: "GET", url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx/Workers" })
 * // { allowed: false, reason: "denied by policies[1] (GET .../Workers/**) which has allow: false" }
 * ```
 */
export const authorize = (
  policies: ReadonlyArray<Policy>,
  request: Request,
  options?: AuthorizeOptions,
): Decision => {
  const canonicalize = options?.canonicalize ?? identity
  const r = normalizeRequest(request, canonicalize)
  let allowedBy: number | undefined
  let nearMiss: string | undefined
  for (let i = 0; i < policies.length; i++) {
    const policy = policies[i]
    if (policy === undefined) continue
    const e = evaluate(policy, r, canonicalize)
    if (e._tag === "Match") {
      if (!policy.allow) {
        return { allowed: false, reason: `denied by ${label(policy, i)} which has allow: false` }
      }
      allowedBy ??= i
    } else if (e._tag === "FilterMismatch" && policy.allow && nearMiss === undefined) {
      nearMiss = `${label(policy, i)} matches the URL and method but ${e.why}`
    }
  }
  if (allowedBy !== undefined) {
    const policy = policies[allowedBy]
    if (policy !== undefined) return { allowed: true, reason: `allowed by ${label(policy, allowedBy)}` }
  }
  const what = `${r.method} ${r.path}`
  return {
    allowed: false,
    reason: nearMiss === undefined ? `no policy allows ${what}` : `${what}: ${nearMiss}`,
  }
}

/**
 * A canonical form for Twilio URLs, for {@link AuthorizeOptions.canonicalize}: lower-cases the scheme and host,
 * maps `wss:`/`ws:` to `https:`/`http:`, maps regional hosts (`event-bridge.ie1-ix.us1.twilio.com`,
 * `taskrouter.dublin.ie1.twilio.com`) to the global ones (`event-bridge.twilio.com`, `taskrouter.twilio.com`),
 * drops a default port, and removes trailing slashes from the path (TaskRouter.js v1 sends
 * `.../Workspaces/WSxxx/` for workspace updates). Anything that is not an absolute http(s)/ws(s) URL is
 * returned unchanged.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * Policy.canonicalTwilioUrl("wss://event-bridge.ie1-ix.us1.twilio.com/v1/wschannels/ACx/WSx")
 * // "https://event-bridge.twilio.com/v1/wschannels/ACx/WSx"
 * ```
 */
export const canonicalTwilioUrl = (url: string): string => {
  const m = /^(https?|wss?):\/\/([^/?#]+)(.*)$/i.exec(url)
  if (m === null) return url
  const scheme = (m[1] ?? "").toLowerCase()
  const secure = scheme === "https" || scheme === "wss"
  let host = (m[2] ?? "").toLowerCase()
  let path = m[3] ?? ""
  if ((secure && host.endsWith(":443")) || (!secure && host.endsWith(":80"))) {
    host = host.slice(0, host.lastIndexOf(":"))
  }
  const regional = /^(event-bridge|taskrouter)\.[a-z0-9.-]+\.twilio\.com$/.exec(host)
  if (regional !== null) host = `${regional[1]}.twilio.com`
  while (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1)
  if (path === "/") path = ""
  return `${secure ? "https" : "http"}://${host}${path}`
}

// ---------------------------------------------------------------------------------------------------------
// Builders

const allowing = (url: string, method: "GET" | "POST" | "DELETE"): Policy => ({
  url,
  method,
  queryFilter: {},
  postFilter: {},
  allow: true,
})

const workspaceUrl = (workspaceSid: string): string => `${TASKROUTER_BASE_URL}/v1/Workspaces/${workspaceSid}`

/**
 * The two policies every TaskRouter.js token needs to open its event-bridge websocket and use the REST proxy:
 * GET and POST on `https://event-bridge.twilio.com/v1/wschannels/{accountSid}/{channel}` (same as twilio-node's
 * `util.defaultEventBridgePolicies`). `channel` is the workspace, worker or task queue SID the token is for.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * const [get, post] = Policy.eventBridge("ACxxx", "WSxxx")
 * get!.url // "https://event-bridge.twilio.com/v1/wschannels/ACxxx/WSxxx"
 * ```
 */
export const eventBridge = (accountSid: string, channel: string): ReadonlyArray<Policy> => {
  const url = `${EVENT_BRIDGE_CHANNELS_URL}/${accountSid}/${channel}`
  return [allowing(url, "GET"), allowing(url, "POST")]
}

/**
 * GET on the workspace itself, `https://taskrouter.twilio.com/v1/Workspaces/{workspaceSid}`: what a workspace
 * token needs to fetch its workspace (TaskRouter.js fires `ready` with it). It does not cover sub-resources.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * Policy.workspaceFetch("WSxxx")[0]!.method // "GET"
 * ```
 */
export const workspaceFetch = (workspaceSid: string): ReadonlyArray<Policy> => [
  allowing(workspaceUrl(workspaceSid), "GET"),
]

/**
 * The seed's `AllowFetchSubresources` ("a workspace can fetch any subresource"): one GET policy on
 * `https://taskrouter.twilio.com/v1/Workspaces/{workspaceSid}/**`, i.e. every URL strictly below the workspace
 * (activities, workers, tasks, statistics, reservations of a worker, ...), but not the workspace itself (see
 * {@link workspaceFetch}).
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * Policy.allowFetchSubresources("WSxxx")[0]!.url // "https://taskrouter.twilio.com/v1/Workspaces/WSxxx/**"
 * ```
 */
export const allowFetchSubresources = (workspaceSid: string): ReadonlyArray<Policy> => [
  allowing(`${workspaceUrl(workspaceSid)}/**`, "GET"),
]

/**
 * The seed's `AllowUpdates` ("a workspace can update its properties"): one POST policy on
 * `https://taskrouter.twilio.com/v1/Workspaces/{workspaceSid}` exactly; no sub-resource.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * Policy.allowUpdates("WSxxx")[0]!.method // "POST"
 * ```
 */
export const allowUpdates = (workspaceSid: string): ReadonlyArray<Policy> => [
  allowing(workspaceUrl(workspaceSid), "POST"),
]

/**
 * The seed's `AllowUpdatesSubresources` ("a workspace can update itself and any subresource"): two POST
 * policies, on `https://taskrouter.twilio.com/v1/Workspaces/{workspaceSid}` and on `.../{workspaceSid}/**`. POST
 * covers both creating (`POST .../Workers`) and updating (`POST .../Workers/WKxxx`).
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * Policy.allowUpdatesSubresources("WSxxx").map((p) => p.url)
 * // [".../Workspaces/WSxxx", ".../Workspaces/WSxxx/**"]
 * ```
 */
export const allowUpdatesSubresources = (workspaceSid: string): ReadonlyArray<Policy> => [
  allowing(workspaceUrl(workspaceSid), "POST"),
  allowing(`${workspaceUrl(workspaceSid)}/**`, "POST"),
]

/**
 * The seed's `AllowDelete` ("a workspace can delete itself"): one DELETE policy on
 * `https://taskrouter.twilio.com/v1/Workspaces/{workspaceSid}` exactly.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * Policy.allowDelete("WSxxx")[0]!.method // "DELETE"
 * ```
 */
export const allowDelete = (workspaceSid: string): ReadonlyArray<Policy> => [
  allowing(workspaceUrl(workspaceSid), "DELETE"),
]

/**
 * The seed's `AllowDeleteSubresources` ("a workspace can delete itself and any subresource"): two DELETE
 * policies, on `https://taskrouter.twilio.com/v1/Workspaces/{workspaceSid}` and on `.../{workspaceSid}/**`.
 *
 * @example
 * ```ts
 * import { Policy } from "@taskroute/core"
 * Policy.allowDeleteSubresources("WSxxx").length // 2
 * ```
 */
export const allowDeleteSubresources = (workspaceSid: string): ReadonlyArray<Policy> => [
  allowing(workspaceUrl(workspaceSid), "DELETE"),
  allowing(`${workspaceUrl(workspaceSid)}/**`, "DELETE"),
]
