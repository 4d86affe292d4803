import {
  FetchHttpTransport,
  type HttpTransport,
  type SocketTransport,
  WebSocketTransport,
} from "@taskroute/core"
import { Layer } from "effect"

/** The global `fetch` as a {@link FetchHttpTransport.FetchLike}: an abort controller per request and a timeout. */
const fetchLike: FetchHttpTransport.FetchLike = (input, { timeoutMs, ...init }) => {
  const controller = new AbortController()
  let signal: AbortSignal = controller.signal
  if (typeof AbortSignal.any === "function" && typeof AbortSignal.timeout === "function") {
    signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)])
  } else {
    setTimeout(
      () => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")),
      timeoutMs,
    )
  }
  return { response: fetch(input, { ...init, redirect: "follow", signal }), abort: () => controller.abort() }
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
