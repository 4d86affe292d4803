/**
 * The event-bridge REST proxy of TaskRouter.js v1: `POST {url}/v1/wschannels/{AccountSid}/{channel}` with the
 * JSON envelope `{url, method, params, token, event_type?}` sent as text/plain, no auth header. The token is
 * verified (HS256 with the account's auth token, `exp`), its policies are enforced against the channel URL
 * (POST) and against the proxied method and URL, and the proxied request is answered by the emulator.
 *
 * Success ALWAYS answers HTTP 200 with `{event_type?, payload}` (v1 treats anything else as an error), creates
 * and deletes included (a delete's payload is `null`); lists keep the legacy `meta` format v1 reads.
 * Failures answer the matching status with the Twilio error body.
 *
 * @since 0.1.0
 */
import { type HttpResponse, Policy } from "@taskroute/core"
import { Effect } from "effect"
import type { FaultController } from "../faults/Faults.js"
import { applyFaults } from "../http/internal/applyFaults.js"
import {
  badRequest,
  errorResponse,
  JSON_HEADERS,
  restAnswer,
  textResponse,
} from "../http/internal/response.js"
import { twilioErrorBody } from "../http/internal/twilioError.js"
import type { Emulator, RestRequest } from "../store/Emulator.js"
import { type Envelope, pairsToParams, parseEnvelope } from "./internal/envelope.js"
import { verifyToken } from "./internal/token.js"
import { canonicalUrlOfPath, makeCanonicalize, type ResolvedUrl, resolveUrl } from "./internal/urls.js"

/**
 * What the proxy needs from its door.
 *
 * @example
 * ```ts
 * const context: EventBridge.ProxyContext = { emulator, faults: Faults.make() }
 * ```
 */
export interface ProxyContext {
  readonly emulator: Emulator
  readonly faults: FaultController
}

/**
 * One proxy request, as the HTTP handler routed it.
 *
 * @example
 * ```ts
 * const request: EventBridge.ProxyRequest = {
 *   url: "http://127.0.0.1:4010/v1/wschannels/ACxxx/WSxxx", origin: "http://127.0.0.1:4010",
 *   accountSid: "ACxxx", channel: "WSxxx", headers: {}, body: "{}",
 * }
 * ```
 */
export interface ProxyRequest {
  /** The absolute URL of the HTTP request (the channel URL). */
  readonly url: string
  /** The origin the client reached the emulator on (`http://127.0.0.1:PORT`). */
  readonly origin: string
  readonly accountSid: string
  readonly channel: string
  /** Lower-case header names. `if-match` is forwarded to the proxied request. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

const forbidden = (url: string, message: string): HttpResponse =>
  errorResponse(url, twilioErrorBody(403, 20403, `Forbidden: ${message}`))

/**
 * Answers one event-bridge proxy request. Never fails: every problem is an HTTP answer with a Twilio error body.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { EventBridge } from "@taskroute/testing"
 * const answer = EventBridge.handleProxy({ emulator, faults }, {
 *   url: "http://127.0.0.1:4000/v1/wschannels/ACxxx/WSxxx", origin: "http://127.0.0.1:4000",
 *   accountSid: "ACxxx", channel: "WSxxx", headers: {},
 *   body: JSON.stringify({ url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx", method: "GET", token }),
 * })
 * ```
 */
export const handleProxy = (context: ProxyContext, request: ProxyRequest): Effect.Effect<HttpResponse> =>
  Effect.gen(function* () {
    const { url } = request
    const parsed = parseEnvelope(request.body)
    if ("error" in parsed) return badRequest(url, parsed.error)
    const envelope: Envelope = parsed
    const resolved = resolveUrl(envelope.url, request.origin)
    const channelPath = `/v1/wschannels/${request.accountSid}/${request.channel}`

    const faulted = yield* applyFaults(
      context.faults,
      url,
      ["POST", envelope.method],
      "error" in resolved ? [channelPath] : [channelPath, resolved.path],
    )
    if (faulted !== undefined) return faulted

    const verified = yield* Effect.result(
      verifyToken(envelope.token, request.accountSid, context.emulator.authToken),
    )
    if (verified._tag === "Failure") return errorResponse(url, verified.failure)
    const claims = verified.success
    if (claims.channel !== request.channel) {
      return forbidden(
        url,
        `the token is for channel ${claims.channel}, the request was sent to ${request.channel}`,
      )
    }
    const canonicalize = makeCanonicalize(request.origin)
    const bridgeDecision = Policy.authorize(
      claims.policies,
      { method: "POST", url: canonicalUrlOfPath(channelPath) },
      { canonicalize },
    )
    if (!bridgeDecision.allowed) {
      return forbidden(url, `the token may not use this channel's REST proxy (${bridgeDecision.reason})`)
    }

    if ("error" in resolved) return badRequest(url, resolved.error)
    const target: ResolvedUrl = resolved
    if (target.service !== "taskrouter" || !target.path.startsWith("/v1/")) {
      return badRequest(url, `Envelope url must name a TaskRouter REST resource, got "${envelope.url}"`)
    }

    const query = envelope.method === "POST" ? target.query : [...target.query, ...envelope.params]
    const form = envelope.method === "POST" ? envelope.params : []
    const proxied = Policy.authorize(
      claims.policies,
      {
        method: envelope.method,
        url: canonicalUrlOfPath(target.path),
        query: pairsToParams(query),
        post: pairsToParams(form),
      },
      { canonicalize },
    )
    if (!proxied.allowed) {
      return forbidden(
        url,
        `the token's policies do not allow ${envelope.method} ${target.path}: ${proxied.reason}`,
      )
    }

    const ifMatch = request.headers["if-match"]
    const restRequest: RestRequest = {
      method: envelope.method,
      path: target.path,
      query,
      form,
      headers: ifMatch === undefined ? {} : { "if-match": ifMatch },
      accountSid: claims.accountSid,
      baseUrl: target.origin,
    }
    const response = yield* context.emulator.handle(restRequest)
    if (response.status >= 200 && response.status < 300) {
      const payload = response.body === undefined ? "null" : (response.text ?? JSON.stringify(response.body))
      const head =
        envelope.eventType === undefined ? "{" : `{"event_type":${JSON.stringify(envelope.eventType)},`
      const headers =
        response.headers.etag === undefined ? JSON_HEADERS : { ...JSON_HEADERS, etag: response.headers.etag }
      return textResponse(url, 200, `${head}"payload":${payload}}`, headers)
    }
    return restAnswer(url, response)
  })
