import {
  FetchHttpTransport,
  type HttpTransport,
  type SocketTransport,
  WebSocketTransport,
} from "@taskroute/core"
import { Layer } from "effect"
import { WebSocket } from "ws"

/**
 * The global `fetch` (undici, keep-alive) as a {@link FetchHttpTransport.FetchLike}: one abort controller per
 * request, and one unref'd timer that aborts it with a `TimeoutError` after `timeoutMs` (the body included),
 * cleared by `done` (the transport calls it once the body is read or the request failed) or `abort`.
 *
 * @example
 * ```ts
 * import { FetchHttpTransport, NodeTransports } from "@taskroute/node"
 * const http = FetchHttpTransport.layer(NodeTransports.fetchLike, { timeoutMs: 5_000 })
 * ```
 */
export const fetchLike: FetchHttpTransport.FetchLike = (input, { timeoutMs, method, headers, body }) => {
  const controller = new AbortController()
  const timer = setTimeout(
    () => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")),
    timeoutMs,
  )
  timer.unref()
  const done = () => clearTimeout(timer)
  return {
    response: fetch(input, {
      method,
      headers,
      body: body ?? null,
      redirect: "follow",
      signal: controller.signal,
    }),
    abort: () => {
      done()
      controller.abort()
    },
    done,
  }
}

/**
 * Node's transports: the global `fetch` (undici, keep-alive) and the `ws` package. A socket closed by the
 * heartbeat watchdog is terminated at once instead of waiting for a closing handshake on a dead network.
 *
 * @example
 * ```ts
 * import { NodeTransports, Workspace } from "@taskroute/node"
 * const workspace = new Workspace(token, { transports: NodeTransports.layer })
 * ```
 */
export const layer: Layer.Layer<HttpTransport | SocketTransport> = Layer.mergeAll(
  FetchHttpTransport.layer(fetchLike),
  WebSocketTransport.layer((url) => new WebSocket(url), {
    terminate: (socket) => {
      if (socket instanceof WebSocket) socket.terminate()
      else socket.close()
    },
  }),
)
