/**
 * The one HTTP handler behind both doors of the emulator (the node:http server and the in-process
 * `HttpTransport`): REST v1 with HTTP Basic under `/v1/...`, the event-bridge proxy on
 * `/v1/wschannels/{AccountSid}/{channel}`, the GTL API under `/iwd_manager/api/...`, CORS, faults.
 *
 * Requests are routed by path only: the host of the URL just becomes the origin of URLs in answers, so a client
 * configured with `https://taskrouter.twilio.com` works in-process unchanged.
 *
 * @since 0.1.0
 */
import type { HttpResponse } from "@taskroute/core"
import { Effect } from "effect"
import { handleProxy } from "../bridge/EventBridge.js"
import { originOf } from "../bridge/internal/urls.js"
import type { FaultController } from "../faults/Faults.js"
import type { Emulator, RestRequest } from "../store/Emulator.js"
import { applyFaults } from "./internal/applyFaults.js"
import { decodeForm } from "./internal/form.js"
import {
  badRequest,
  type DoorRequest,
  errorResponse,
  jsonResponse,
  restAnswer,
  textResponse,
} from "./internal/response.js"
import { notFoundBody, tooLargeBody, twilioErrorBody, unauthorizedBody } from "./internal/twilioError.js"

export type { DoorRequest } from "./internal/response.js"

/**
 * The default limit of a request body: 1 MiB.
 *
 * @example
 * ```ts
 * const handler = HttpHandler.make({ emulator, faults, maxBodyBytes: 4 * HttpHandler.DEFAULT_MAX_BODY_BYTES })
 * ```
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/**
 * An API mounted under `/iwd_manager/api` (the GTL API): it gets requests after the door checked the account's
 * Basic credentials, with the path after the prefix and the decoded query.
 *
 * @example
 * ```ts
 * const gtl: HttpHandler.MountedApi = makeGtlApi(GtlSource.fromEmulator(emulator))
 * ```
 */
export interface MountedApi {
  readonly handle: (request: {
    readonly method: string
    readonly path: string
    readonly query: ReadonlyArray<readonly [string, string]>
    readonly headers: Readonly<Record<string, string>>
    readonly body?: string | undefined
    readonly accountSid: string
  }) => Effect.Effect<{
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body?: string | undefined
  }>
}

/**
 * Options of {@link make}.
 *
 * @example
 * ```ts
 * const options: HttpHandler.HttpHandlerOptions = { emulator, faults: Faults.make(), maxBodyBytes: 65_536 }
 * ```
 */
export interface HttpHandlerOptions {
  readonly emulator: Emulator
  readonly faults: FaultController
  /** The GTL API, answering every request whose path starts with `/iwd_manager/api` (Basic auth checked here). */
  readonly gtl?: MountedApi | undefined
  /** Bodies longer than this many bytes are answered 413 (default {@link DEFAULT_MAX_BODY_BYTES}). */
  readonly maxBodyBytes?: number | undefined
}

/**
 * The shared handler: never fails, every problem is an HTTP answer (Twilio error body for the REST API).
 *
 * @example
 * ```ts
 * const status = (handler: HttpHandler.HttpHandler) =>
 *   Effect.map(handler({ method: "GET", url: "http://127.0.0.1:1/v1/Workspaces", headers: {} }), (r) => r.status)
 * ```
 */
export type HttpHandler = (request: DoorRequest) => Effect.Effect<HttpResponse>

const CHANNEL_PATH = /^\/v1\/wschannels\/([^/]+)\/([^/]+)\/?$/
const GTL_PREFIX = "/iwd_manager/api"
const ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS"
const DEFAULT_ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, Accept, Cookie, X-Requested-With"
const EXPOSED_HEADERS = "ETag, Retry-After, Location, X-Twilio-Error-Code"

/** The UTF-8 byte length of a string, without encoding it. */
const utf8Length = (text: string): number => {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/** Adds the CORS headers a browser page on another origin (e.g. another loopback port) needs. */
const withCors = (request: DoorRequest, response: HttpResponse): HttpResponse => {
  const origin = request.headers.origin
  const cors: Record<string, string> =
    origin === undefined
      ? { "access-control-allow-origin": "*", "access-control-expose-headers": EXPOSED_HEADERS }
      : {
          "access-control-allow-origin": origin,
          "access-control-allow-credentials": "true",
          "access-control-expose-headers": EXPOSED_HEADERS,
          vary: "Origin",
        }
  return { ...response, headers: { ...response.headers, ...cors } }
}

const preflight = (request: DoorRequest): HttpResponse =>
  textResponse(request.url, 204, "", {
    "access-control-allow-methods": ALLOWED_METHODS,
    "access-control-allow-headers":
      request.headers["access-control-request-headers"] ?? DEFAULT_ALLOWED_HEADERS,
    "access-control-max-age": "600",
  })

/** The account SID and auth token of an `Authorization: Basic` header, or undefined. */
const basicCredentials = (header: string | undefined): { user: string; password: string } | undefined => {
  if (header === undefined) return undefined
  const m = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header)
  if (m === null || m[1] === undefined) return undefined
  let decoded: string
  try {
    decoded = atob(m[1].replace(/-/g, "+").replace(/_/g, "/"))
  } catch {
    return undefined
  }
  const colon = decoded.indexOf(":")
  if (colon === -1) return undefined
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

const splitUrl = (raw: string): { path: string; search: string; origin: string } | undefined => {
  const origin = originOf(raw)
  if (origin === undefined) return undefined
  const rest = raw.slice(origin.length) || "/"
  const hash = rest.indexOf("#")
  const noHash = hash === -1 ? rest : rest.slice(0, hash)
  const q = noHash.indexOf("?")
  return q === -1
    ? { path: noHash, search: "", origin }
    : { path: noHash.slice(0, q), search: noHash.slice(q + 1), origin }
}

/**
 * Builds the shared HTTP handler of an emulator.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator, Faults, HttpHandler } from "@taskroute/testing"
 * const program = Effect.gen(function*() {
 *   const emulator = yield* Emulator.make({ seed: "demo" })
 *   const handler = HttpHandler.make({ emulator, faults: Faults.make() })
 *   const auth = btoa(`${emulator.seed.accountSid}:${emulator.seed.authToken}`)
 *   return yield* handler({ method: "GET", url: "https://taskrouter.twilio.com/v1/Workspaces",
 *     headers: { authorization: `Basic ${auth}` } })
 * })
 * ```
 */
export const make = (options: HttpHandlerOptions): HttpHandler => {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const { emulator, faults } = options

  // Clients send the same Authorization header on every request: remember the last few decodings.
  const decoded = new Map<string, { user: string; password: string } | undefined>()
  /** The account of valid Basic credentials, or undefined. */
  const authenticate = (request: DoorRequest): string | undefined => {
    const header = request.headers.authorization
    if (header === undefined) return undefined
    let credentials = decoded.get(header)
    if (credentials === undefined && !decoded.has(header)) {
      credentials = basicCredentials(header)
      if (decoded.size >= 64) decoded.clear()
      decoded.set(header, credentials)
    }
    if (credentials === undefined) return undefined
    const expected = emulator.authToken(credentials.user)
    return expected !== undefined && expected === credentials.password ? credentials.user : undefined
  }

  const rest = (
    request: DoorRequest,
    method: "GET" | "POST" | "DELETE",
    path: string,
    search: string,
    origin: string,
  ): Effect.Effect<HttpResponse> =>
    Effect.gen(function* () {
      const faulted = yield* applyFaults(faults, request.url, [method], [path])
      if (faulted !== undefined) return faulted
      const accountSid = authenticate(request)
      if (accountSid === undefined) {
        return errorResponse(request.url, unauthorizedBody(), {
          "www-authenticate": 'Basic realm="Twilio API"',
        })
      }
      const query = decodeForm(search)
      if ("_tag" in query) return badRequest(request.url, `Invalid query string: ${query.message}`)
      let form: ReadonlyArray<readonly [string, string]> = []
      let json: unknown
      let hasJson = false
      const body = request.body ?? ""
      if (method === "POST" && body !== "") {
        const contentType = (request.headers["content-type"] ?? "").toLowerCase()
        if (contentType.includes("application/json")) {
          try {
            json = JSON.parse(body)
            hasJson = true
          } catch (e) {
            return badRequest(
              request.url,
              `The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
            )
          }
        } else {
          const decoded = decodeForm(body)
          if ("_tag" in decoded) return badRequest(request.url, `Invalid form body: ${decoded.message}`)
          form = decoded.pairs
        }
      }
      let normalized = path
      while (normalized.length > 1 && normalized.endsWith("/")) normalized = normalized.slice(0, -1)
      const headers: Record<string, string> = {}
      const ifMatch = request.headers["if-match"]
      if (ifMatch !== undefined) headers["if-match"] = ifMatch
      const restRequest: RestRequest = {
        method,
        path: normalized,
        query: query.pairs,
        form,
        ...(hasJson ? { json } : {}),
        headers,
        accountSid,
        baseUrl: origin,
      }
      return restAnswer(request.url, yield* emulator.handle(restRequest))
    })

  const gtlRoute = (
    gtl: MountedApi,
    request: DoorRequest,
    method: string,
    path: string,
    search: string,
  ): Effect.Effect<HttpResponse> =>
    Effect.gen(function* () {
      const faulted = yield* applyFaults(faults, request.url, [method], [path])
      if (faulted !== undefined) return faulted
      const iwdError = (status: number, id: string, message: string, headers: Record<string, string> = {}) =>
        jsonResponse(request.url, status, [{ severity: "ERROR", message_id: id, args: {}, message }], headers)
      const accountSid = authenticate(request)
      if (accountSid === undefined) {
        return iwdError(
          401,
          "UNAUTHORIZED",
          "Authentication required: HTTP Basic with the account SID and auth token",
          {
            "www-authenticate": 'Basic realm="iwd_manager"',
          },
        )
      }
      const query = decodeForm(search)
      if ("_tag" in query) return iwdError(400, "BAD_REQUEST", `Invalid query string: ${query.message}`)
      const response = yield* gtl.handle({
        method,
        path: path.slice(GTL_PREFIX.length) || "/",
        query: query.pairs,
        headers: request.headers,
        body: request.body,
        accountSid,
      })
      return textResponse(request.url, response.status, response.body ?? "", response.headers)
    })

  const route = (request: DoorRequest): Effect.Effect<HttpResponse> => {
    const parts = splitUrl(request.url)
    if (parts === undefined)
      return Effect.succeed(badRequest(request.url, `Invalid request URL "${request.url}"`))
    const { path, search, origin } = parts
    const method = request.method.toUpperCase()
    if (method === "OPTIONS") return Effect.succeed(preflight(request))
    const body = request.body ?? ""
    // A UTF-16 unit is at most 3 UTF-8 bytes: a short body cannot be too large, skip counting it.
    if (body.length > maxBodyBytes / 3 && utf8Length(body) > maxBodyBytes) {
      return Effect.succeed(errorResponse(request.url, tooLargeBody(maxBodyBytes)))
    }
    if (path === GTL_PREFIX || path.startsWith(`${GTL_PREFIX}/`)) {
      const gtl = options.gtl
      if (gtl === undefined) return Effect.succeed(errorResponse(request.url, notFoundBody(path)))
      return gtlRoute(gtl, request, method, path, search)
    }
    const channel = CHANNEL_PATH.exec(path)
    if (channel !== null) {
      if (method !== "POST") {
        return Effect.succeed(
          errorResponse(
            request.url,
            twilioErrorBody(
              method === "GET" ? 426 : 405,
              20004,
              method === "GET"
                ? "Upgrade Required: open a websocket on this channel URL, or POST the JSON envelope to it"
                : `Method not allowed: ${method} on an event-bridge channel (use POST)`,
            ),
          ),
        )
      }
      return handleProxy(
        { emulator, faults },
        {
          url: request.url,
          origin,
          accountSid: safeDecode(channel[1] ?? ""),
          channel: safeDecode(channel[2] ?? ""),
          headers: request.headers,
          body,
        },
      )
    }
    if (path === "/v1" || path.startsWith("/v1/")) {
      if (method !== "GET" && method !== "POST" && method !== "DELETE") {
        return Effect.succeed(
          errorResponse(request.url, twilioErrorBody(405, 20004, `Method not allowed: ${method} ${path}`)),
        )
      }
      return rest(request, method, path, search, origin)
    }
    return Effect.succeed(errorResponse(request.url, notFoundBody(path)))
  }

  return (request) =>
    route(request).pipe(
      Effect.catchDefect((defect) =>
        Effect.succeed(
          errorResponse(
            request.url,
            twilioErrorBody(500, 20500, `Internal Server Error: the emulator failed (${String(defect)})`),
          ),
        ),
      ),
      Effect.map((response) => withCors(request, response)),
    )
}

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
