import { Layer } from "effect"
import { TokenProvider, type TokenProviderOptions } from "../auth/TokenProvider.js"
import type { TokenError } from "../auth/TokenError.js"
import { EventChannel, type EventChannelOptions } from "../events/EventChannel.js"
import type { Dialect } from "../transport/Dialect.js"
import * as EventBridgeDialect from "../transport/EventBridgeDialect.js"
import type { HttpTransport } from "../transport/HttpTransport.js"
import * as RestDialect from "../transport/RestDialect.js"
import type { SocketTransport } from "../transport/SocketTransport.js"
import { WorkspaceClient } from "./WorkspaceClient.js"

/**
 * Options of {@link layerEventBridge}: the token (and its refresh), where the services live, and the retry and
 * connection settings.
 *
 * @example
 * ```ts
 * import type { WorkspaceLayer } from "@taskroute/core"
 * const options: WorkspaceLayer.EventBridgeOptions = { token, region: "ie1-ix", maxRetries: 5 }
 * ```
 */
export interface EventBridgeOptions extends TokenProviderOptions, Omit<EventChannelOptions, "maxRetries"> {
  /** The REST origin named in envelopes (default `https://taskrouter.twilio.com`; `.../v1` is accepted). */
  readonly apiBaseUrl?: string | undefined
  /**
   * Retries of failed requests (default 3) and consecutive reconnection attempts (default unbounded) before
   * giving up.
   */
  readonly maxRetries?: number | undefined
}

/**
 * Everything {@link layerEventBridge} provides.
 *
 * @example
 * ```ts
 * import type { Effect } from "effect"
 * import type { WorkspaceLayer } from "@taskroute/core"
 * type Program = Effect.Effect<void, never, WorkspaceLayer.EventBridgeServices>
 * ```
 */
export type EventBridgeServices = TokenProvider | Dialect | WorkspaceClient | EventChannel

/**
 * The whole client stack of TaskRouter.js v1's wire: the shared token, the event-bridge proxy dialect, the
 * workspace client and the event channel, over the runtime's transports.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { WorkspaceLayer } from "@taskroute/core"
 * const live = WorkspaceLayer.layerEventBridge({ token }).pipe(Layer.provide(transports))
 * ```
 */
export const layerEventBridge = (
  options: EventBridgeOptions,
): Layer.Layer<EventBridgeServices, TokenError, HttpTransport | SocketTransport> =>
  EventChannel.layer(options).pipe(
    Layer.provideMerge(WorkspaceClient.layer({ maxRetries: options.maxRetries })),
    Layer.provideMerge(
      EventBridgeDialect.layer({
        apiBaseUrl: options.apiBaseUrl,
        eventBridgeBaseUrl: options.eventBridgeBaseUrl,
        region: options.region,
      }),
    ),
    Layer.provideMerge(TokenProvider.layer(options)),
  )

/**
 * Options of {@link layerRest}.
 *
 * @example
 * ```ts
 * import type { WorkspaceLayer } from "@taskroute/core"
 * const options: WorkspaceLayer.RestOptions = { accountSid: "ACx", authToken: "secret", workspaceSid: "WSx" }
 * ```
 */
export type RestOptions = RestDialect.Options & {
  /** Retries of failed requests (default 3). */
  readonly maxRetries?: number | undefined
}

/**
 * The direct REST client stack (server side): the REST dialect with HTTP Basic credentials and the workspace
 * client. There is no event channel: the event bridge needs a capability token.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { WorkspaceLayer } from "@taskroute/core"
 * const live = WorkspaceLayer.layerRest({ accountSid, authToken, workspaceSid }).pipe(Layer.provide(http))
 * ```
 */
export const layerRest = (
  options: RestOptions,
): Layer.Layer<Dialect | WorkspaceClient, never, HttpTransport> =>
  WorkspaceClient.layer({ maxRetries: options.maxRetries }).pipe(
    Layer.provideMerge(RestDialect.layer(options)),
  )
