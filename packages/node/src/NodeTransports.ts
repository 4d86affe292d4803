import {
  FetchHttpTransport,
  type HttpTransport,
  type SocketTransport,
  WebSocketTransport,
} from "@taskroute/core"
import { Layer } from "effect"
import { WebSocket } from "ws"

/** The global `fetch` as a {@link FetchHttpTransport.FetchLike}: an abort controller per request and a timeout. */
const fetchLike: FetchHttpTransport.FetchLike = (input, { timeoutMs, ...init }) => {
  const controller = new AbortController()
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)])
  return { response: fetch(input, { ...init, redirect: "follow", signal }), abort: () => controller.abort() }
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
