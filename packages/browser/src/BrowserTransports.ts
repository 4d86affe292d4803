import {
  FetchHttpTransport,
  type HttpTransport,
  type SocketTransport,
  WebSocketTransport,
} from "@taskroute/core"
import { Layer } from "effect"

/**
 * The global `fetch` as a {@link FetchHttpTransport.FetchLike}: an abort controller per request and a timer that
 * aborts it with a `TimeoutError` after `timeoutMs` (body included). The timer is not cleared: aborting a
 * completed request does nothing, and a browser app sends few requests (this keeps the bundle small).
 */
const fetchLike: FetchHttpTransport.FetchLike = (input, { timeoutMs, ...init }) => {
  const controller = new AbortController()
  setTimeout(
    () => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")),
    timeoutMs,
  )
  return {
    response: fetch(input, { ...init, redirect: "follow", signal: controller.signal }),
    abort: () => controller.abort(),
  }
}

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
  FetchHttpTransport.layer(fetchLike),
  WebSocketTransport.layer((url) => new WebSocket(url)),
)
