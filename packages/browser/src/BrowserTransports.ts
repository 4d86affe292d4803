import {
  FetchHttpTransport,
  type HttpTransport,
  type SocketTransport,
  WebSocketTransport,
} from "@taskroute/core"
import { Layer } from "effect"

/**
 * The global `fetch` as a {@link FetchHttpTransport.FetchLike}: an abort controller per request and a timer that
 * aborts it with a `TimeoutError` after `timeoutMs` (the body included), cleared by `done` (the transport calls
 * it once the body is read or the request failed) or `abort`. Redirects are followed (fetch's default).
 */
const fetchLike: FetchHttpTransport.FetchLike = (input, { timeoutMs, ...init }) => {
  const controller = new AbortController()
  const timer = setTimeout(
    () => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")),
    timeoutMs,
  )
  const done = () => clearTimeout(timer)
  return {
    response: fetch(input, { ...init, signal: controller.signal }),
    abort: () => {
      done()
      controller.abort()
    },
    done,
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
