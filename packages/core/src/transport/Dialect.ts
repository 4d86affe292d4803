import { Context, type Effect } from "effect"
import type { ApiError } from "./ApiError.js"
import type { HttpMethod, StartedRequest } from "./HttpTransport.js"
import type { TransportError } from "./TransportError.js"

/**
 * One TaskRouter REST call, independent of how it travels. `url` is the absolute REST URL
 * (`{apiBaseUrl}/v1/Workspaces/WS.../Workers`); parameters are already validated and in wire form.
 *
 * @example
 * ```ts
 * import type { DialectRequest } from "@taskroute/core"
 * const request: DialectRequest = { method: "GET", url: "https://taskrouter.twilio.com/v1/Workspaces/WSx/Workers", params: { PageSize: "50" } }
 * ```
 */
export interface DialectRequest {
  readonly method: HttpMethod
  readonly url: string
  /** Query parameters (GET) or form fields (POST), repeated keys as arrays. */
  readonly params?: Readonly<Record<string, string | ReadonlyArray<string>>> | undefined
  /** A JSON body instead of form fields (the bulk task-queue real-time statistics operation). */
  readonly json?: unknown
  /** Request headers the operation defines (`If-Match`). The event-bridge proxy cannot carry them. */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** The event-bridge proxy re-emits the response as this event type (v1 uses `"ready"`); ignored by REST. */
  readonly eventType?: string | undefined
}

/**
 * A successful answer: the REST payload (`undefined` for an empty body, e.g. a delete).
 *
 * @example
 * ```ts
 * import type { DialectResponse } from "@taskroute/core"
 * const isEmpty = (response: DialectResponse) => response.payload === undefined
 * ```
 */
export interface DialectResponse {
  readonly status: number
  readonly payload: unknown
  /** The event type the proxy echoed back, if any. */
  readonly eventType: string | undefined
  /** Response headers (lower-case names). */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * How REST calls reach TaskRouter: through the event-bridge proxy with a capability token (what TaskRouter.js v1
 * does, usable in browsers), or directly with HTTP Basic credentials (server side). Supplied by
 * `EventBridgeDialect.layer` or `RestDialect.layer`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Dialect } from "@taskroute/core"
 * const workers = Dialect.use((d) =>
 *   d.send({ method: "GET", url: `${d.apiBaseUrl}/v1/Workspaces/${d.workspaceSid}/Workers` }))
 * ```
 */
export class Dialect extends Context.Service<
  Dialect,
  {
    readonly kind: "EventBridge" | "Rest"
    /** The REST API's origin, without `/v1` (default `https://taskrouter.twilio.com`). */
    readonly apiBaseUrl: string
    /** The workspace this dialect is bound to (from the token's claims, or the REST options). */
    readonly workspaceSid: string
    readonly send: (request: DialectRequest) => Effect.Effect<DialectResponse, ApiError | TransportError>
    /**
     * Optional: the same call started without a fiber (present when the transport has `start`). `onAnswer` is
     * called once with the response, or, when the call did not succeed, with the Effect that fails with the
     * error (read against the caller's Clock), for the caller to run; the outcome resolves with its result.
     */
    readonly start?:
      | (<A>(
          request: DialectRequest,
          onAnswer: (answer: DialectResponse | Effect.Effect<never, ApiError | TransportError>) => A,
        ) => StartedRequest<A>)
      | undefined
  }
>()("@taskroute/core/Dialect") {}
