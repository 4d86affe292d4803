import {
  FetchHttpTransport,
  type HttpTransport,
  type SocketTransport,
  WebSocketTransport,
} from "@taskroute/core"
import { Layer } from "effect"

/**
 * The browser's transports: the global `fetch` and `WebSocket`.
 *
 * @example
 * ```ts
 * import { BrowserTransports, Workspace } from "@taskroute/browser"
 * const workspace = new Workspace(token, { transports: BrowserTransports.layer })
 * ```
 */
export const layer: Layer.Layer<HttpTransport | SocketTransport> = Layer.mergeAll(
  FetchHttpTransport.layer((input, { signal, ...init }) =>
    fetch(input, signal instanceof AbortSignal ? { ...init, signal } : init),
  ),
  WebSocketTransport.layer((url) => new WebSocket(url)),
)
