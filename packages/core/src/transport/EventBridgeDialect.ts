import { Effect, Layer } from "effect"
import { TokenProvider, type TokenState } from "../auth/TokenProvider.js"
import {
  answer,
  badBodyError,
  eventBridgeOrigin,
  failure,
  NOT_OK,
  normalizeApiBaseUrl,
  okBody,
  sendOver,
  startOver,
} from "../internal/dialectWire.js"
import { isRecord } from "../internal/guards.js"
import type { ApiError } from "./ApiError.js"
import { Dialect, type DialectRequest, type DialectResponse } from "./Dialect.js"
import { type HttpRequest, type HttpResponse, HttpTransport } from "./HttpTransport.js"

/**
 * Options of {@link layer}.
 *
 * @example
 * ```ts
 * import type { EventBridgeDialect } from "@taskroute/core"
 * const options: EventBridgeDialect.Options = { region: "ie1-ix" }
 * ```
 */
export interface Options {
  /** The REST origin named in envelopes (default `https://taskrouter.twilio.com`; a trailing `/v1` is accepted). */
  readonly apiBaseUrl?: string | undefined
  /** The event-bridge origin (default `https://event-bridge.twilio.com`). */
  readonly eventBridgeBaseUrl?: string | undefined
  /** A Twilio region: the host becomes `event-bridge.{region}.us1.twilio.com`, as in TaskRouter.js v1. */
  readonly region?: string | undefined
}

/**
 * The channel URL of the current token: `{eventBridge}/v1/wschannels/{account_sid}/{channel}`.
 *
 * @example
 * ```ts
 * import { EventBridgeDialect } from "@taskroute/core"
 * EventBridgeDialect.channelUrl("https://event-bridge.twilio.com", { accountSid: "ACx", channel: "WSx" })
 * // "https://event-bridge.twilio.com/v1/wschannels/ACx/WSx"
 * ```
 */
export const channelUrl = (
  origin: string,
  claims: { readonly accountSid: string; readonly channel: string },
): string =>
  `${origin}/v1/wschannels/${encodeURIComponent(claims.accountSid)}/${encodeURIComponent(claims.channel)}`

/**
 * Builds the envelope TaskRouter.js v1 posts: `JSON.stringify({ url, method, params?, token, event_type? })`.
 *
 * @example
 * ```ts
 * import { EventBridgeDialect } from "@taskroute/core"
 * EventBridgeDialect.envelope({ method: "GET", url: "https://taskrouter.twilio.com/v1/Workspaces/WSx" }, "jwt")
 * // '{"url":"https://taskrouter.twilio.com/v1/Workspaces/WSx","method":"GET","token":"jwt"}'
 * ```
 */
export const envelope = (request: DialectRequest, token: string): string =>
  // JSON.stringify leaves out the keys whose value is undefined.
  JSON.stringify({
    url: request.url,
    method: request.method,
    params:
      request.json !== undefined
        ? request.json
        : request.params !== undefined && Object.keys(request.params).length > 0
          ? request.params
          : undefined,
    token,
    event_type: request.eventType,
  })

/**
 * The event-bridge proxy dialect (TaskRouter.js v1's wire): every REST call is a `POST` of a JSON envelope to the
 * token's channel URL, with no headers and the current token in the body. Any 2xx answer is a success
 * `{ event_type?, payload }` (v1 accepted only 200); an error answer yields an `ApiError` built from Twilio's
 * error body when there is one (v1 kept only the status text).
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { EventBridgeDialect, TokenProvider } from "@taskroute/core"
 * const dialect = EventBridgeDialect.layer({ region: "ie1-ix" }).pipe(Layer.provide(TokenProvider.layer({ token })))
 * ```
 */
export const layer = (options: Options = {}): Layer.Layer<Dialect, never, TokenProvider | HttpTransport> =>
  Layer.effect(
    Dialect,
    Effect.gen(function* () {
      const tokens = yield* TokenProvider
      const http = yield* HttpTransport
      const apiBaseUrl = normalizeApiBaseUrl(options.apiBaseUrl)
      const origin = eventBridgeOrigin(options.eventBridgeBaseUrl, options.region)
      const first = yield* tokens.current

      const decode = (response: HttpResponse): DialectResponse | Effect.Effect<never, ApiError> => {
        const body = okBody(response)
        if (body === NOT_OK) return failure(response)
        if (body !== undefined && !isRecord(body)) {
          return Effect.fail(badBodyError(response, "a body that is not a JSON object"))
        }
        const eventType = body?.event_type
        return answer(response, body?.payload, typeof eventType === "string" ? eventType : undefined)
      }
      const toHttp = (request: DialectRequest, { token, claims }: TokenState): HttpRequest => ({
        method: "POST",
        url: channelUrl(origin, claims),
        headers: {},
        body: envelope(request, token),
      })
      const exchange = sendOver(http.send, decode)
      const send = (request: DialectRequest) =>
        Effect.flatMap(tokens.current, (state) => exchange(toHttp(request, state)))
      const peek = tokens.currentUnsafe
      const start = peek && startOver(http.start, (request) => toHttp(request, peek()), decode)

      return Dialect.of({
        kind: "EventBridge",
        apiBaseUrl,
        workspaceSid: first.claims.workspaceSid,
        send,
        start,
      })
    }),
  )
