import { Effect, Layer } from "effect"
import {
  answer,
  failure,
  NOT_OK,
  normalizeApiBaseUrl,
  okBody,
  sendOver,
  startOver,
} from "../internal/dialectWire.js"
import { encodeForm } from "../resources/Operations.js"
import type { ApiError } from "./ApiError.js"
import { Dialect, type DialectRequest, type DialectResponse } from "./Dialect.js"
import { type HttpResponse, HttpTransport } from "./HttpTransport.js"

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

const utf8 = (s: string): Array<number> => {
  const out: Array<number> = []
  for (const ch of s) {
    let c = ch.codePointAt(0) ?? 0xfffd
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return out
}

/** Standard base64 of a string's UTF-8 bytes (no DOM `btoa`, no Node `Buffer`: the core is isomorphic). */
const base64 = (s: string): string => {
  const bytes = utf8(s)
  let out = ""
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0
    const b = bytes[i + 1]
    const c = bytes[i + 2]
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0)
    out += ALPHABET[(n >> 18) & 63]
    out += ALPHABET[(n >> 12) & 63]
    out += b === undefined ? "=" : ALPHABET[(n >> 6) & 63]
    out += c === undefined ? "=" : ALPHABET[n & 63]
  }
  return out
}

/**
 * Options of {@link layer}: the workspace and HTTP Basic credentials, either the account SID and auth token or an
 * API key SID (`SK...`) and its secret.
 *
 * @example
 * ```ts
 * import type { RestDialect } from "@taskroute/core"
 * const options: RestDialect.Options = { accountSid: "ACx", authToken: "secret", workspaceSid: "WSx" }
 * ```
 */
export type Options = {
  readonly workspaceSid: string
  /** The REST origin (default `https://taskrouter.twilio.com`; a trailing `/v1` is accepted). */
  readonly apiBaseUrl?: string | undefined
} & (
  | { readonly accountSid: string; readonly authToken: string }
  | { readonly apiKeySid: string; readonly apiKeySecret: string; readonly accountSid?: string | undefined }
)

/**
 * Basic credentials of {@link Options}.
 *
 * @example
 * ```ts
 * import { RestDialect } from "@taskroute/core"
 * RestDialect.authorization({ accountSid: "ACx", authToken: "t", workspaceSid: "WSx" }) // "Basic QUN4OnQ="
 * ```
 */
export const authorization = (options: Options): string =>
  "apiKeySid" in options
    ? `Basic ${base64(`${options.apiKeySid}:${options.apiKeySecret}`)}`
    : `Basic ${base64(`${options.accountSid}:${options.authToken}`)}`

/**
 * Builds the HTTP request of a REST call: query string for GET and DELETE, form (or JSON) body for POST,
 * `Accept: application/json` and the Basic `Authorization` header.
 *
 * @example
 * ```ts
 * import { RestDialect } from "@taskroute/core"
 * RestDialect.toHttpRequest({ method: "GET", url: "https://h/v1/Workspaces/WSx/Workers", params: { PageSize: "2" } }, "Basic x")
 * // { method: "GET", url: "https://h/v1/Workspaces/WSx/Workers?PageSize=2", headers: { Accept: ..., Authorization: "Basic x" } }
 * ```
 */
export const toHttpRequest = (request: DialectRequest, auth: string) => {
  const headers: Record<string, string> = {
    ...request.headers,
    Accept: "application/json",
    Authorization: auth,
  }
  if (request.method === "POST") {
    if (request.json !== undefined) {
      headers["Content-Type"] = "application/json"
      return { method: request.method, url: request.url, headers, body: JSON.stringify(request.json) }
    }
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return { method: request.method, url: request.url, headers, body: encodeForm(request.params ?? {}) }
  }
  const query = encodeForm(request.params ?? {})
  const url = query === "" ? request.url : `${request.url}${request.url.includes("?") ? "&" : "?"}${query}`
  return { method: request.method, url, headers }
}

/**
 * The direct REST dialect (server side): form-encoded requests to `{apiBaseUrl}/v1/...` with HTTP Basic
 * authentication. Never use it in a browser: it needs the auth token or an API key secret.
 *
 * @example
 * ```ts
 * import { RestDialect } from "@taskroute/core"
 * const dialect = RestDialect.layer({ accountSid: "ACx", authToken: process.env.AUTH_TOKEN!, workspaceSid: "WSx" })
 * ```
 */
export const layer = (options: Options): Layer.Layer<Dialect, never, HttpTransport> =>
  Layer.effect(
    Dialect,
    Effect.gen(function* () {
      const http = yield* HttpTransport
      const apiBaseUrl = normalizeApiBaseUrl(options.apiBaseUrl)
      const auth = authorization(options)
      const decode = (response: HttpResponse): DialectResponse | Effect.Effect<never, ApiError> => {
        const payload = okBody(response)
        if (payload === NOT_OK) return failure(response)
        return answer(response, payload, undefined)
      }
      const toHttp = (request: DialectRequest) => toHttpRequest(request, auth)
      const exchange = sendOver(http.send, decode)
      const send = (request: DialectRequest) => exchange(toHttp(request))
      const start = startOver(http.start, toHttp, decode)
      return Dialect.of({ kind: "Rest", apiBaseUrl, workspaceSid: options.workspaceSid, send, start })
    }),
  )
