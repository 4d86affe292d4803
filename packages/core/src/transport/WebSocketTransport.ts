import { Layer } from "effect"
import { type SocketConnection, type SocketHandlers, SocketTransport } from "./SocketTransport.js"

/**
 * The part of a WebSocket the transport uses. The handler slots are typed `unknown` so that both the DOM
 * `WebSocket` and the `ws` package fit; events are checked at run time.
 *
 * @example
 * ```ts
 * import type { WebSocketTransport } from "@taskroute/core"
 * const socket: WebSocketTransport.WebSocketLike = new WebSocket("wss://event-bridge.twilio.com/v1/wschannels/ACx/WSx?token=t")
 * ```
 */
export interface WebSocketLike {
  onopen: unknown
  onmessage: unknown
  onclose: unknown
  onerror: unknown
  close(code?: number, reason?: string): void
}

/**
 * Creates a socket for a URL (e.g. `(url) => new WebSocket(url)`).
 *
 * @example
 * ```ts
 * import type { WebSocketTransport } from "@taskroute/core"
 * const factory: WebSocketTransport.WebSocketFactory = (url) => new WebSocket(url)
 * ```
 */
export type WebSocketFactory = (url: string) => WebSocketLike

const field = (event: unknown, name: string): unknown =>
  typeof event === "object" && event !== null && name in event ? Reflect.get(event, name) : undefined

const textOf = (data: unknown): string | undefined => {
  if (typeof data === "string") return data
  if (typeof data === "object" && data !== null && typeof Reflect.get(data, "toString") === "function") {
    // Node's ws delivers Buffers when used without the event-target wrapper.
    const s: unknown = String(data)
    return typeof s === "string" ? s : undefined
  }
  return undefined
}

/**
 * Opens a connection over a WebSocket factory with the {@link SocketTransport} contract: callbacks run from the
 * event loop, `onClose` runs exactly once, and `close()` ends the connection at once for the caller (handlers
 * are detached, `onClose` is delivered) even when the network is dead and the closing handshake would hang.
 *
 * @example
 * ```ts
 * import { WebSocketTransport } from "@taskroute/core"
 * const open = WebSocketTransport.make((url) => new WebSocket(url))
 * ```
 */
export const make =
  (factory: WebSocketFactory, options: { readonly terminate?: (socket: WebSocketLike) => void } = {}) =>
  (url: string, handlers: SocketHandlers): SocketConnection => {
    let closed = false
    let closing = false
    let socket: WebSocketLike | undefined
    const finish = (code: number, reason: string) => {
      if (closed) return
      closed = true
      if (socket !== undefined) {
        socket.onopen = null
        socket.onmessage = null
        socket.onclose = null
        socket.onerror = () => {}
      }
      handlers.onClose(code, reason)
    }
    try {
      socket = factory(url)
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      void Promise.resolve().then(() => {
        handlers.onError(message)
        finish(1006, message)
      })
      return { close: () => finish(1000, "closed by the client") }
    }
    socket.onopen = () => {
      if (!closed && !closing) handlers.onOpen()
    }
    socket.onmessage = (event: unknown) => {
      if (closed || closing) return
      const text = textOf(field(event, "data"))
      if (text !== undefined) handlers.onMessage(text)
    }
    socket.onerror = (event: unknown) => {
      if (closed || closing) return
      const message = field(event, "message")
      handlers.onError(typeof message === "string" && message !== "" ? message : "WebSocket error")
    }
    socket.onclose = (event: unknown) => {
      const code = field(event, "code")
      const reason = field(event, "reason")
      finish(typeof code === "number" ? code : 1006, typeof reason === "string" ? reason : "")
    }
    const opened = socket
    return {
      close: (code = 1000, reason = "closed by the client") => {
        if (closed || closing) return
        closing = true
        try {
          if (options.terminate !== undefined) options.terminate(opened)
          else opened.close(code >= 3000 && code <= 4999 ? code : 1000, reason)
        } catch {
          // closing a socket that never opened may throw in some runtimes; it is closed either way
        }
        void Promise.resolve().then(() => finish(code, reason))
      },
    }
  }

/**
 * {@link SocketTransport} over a WebSocket factory. `@taskroute/browser` passes the global `WebSocket`,
 * `@taskroute/node` the `ws` package.
 *
 * @example
 * ```ts
 * import { WebSocketTransport } from "@taskroute/core"
 * const sockets = WebSocketTransport.layer((url) => new WebSocket(url))
 * ```
 */
export const layer = (
  factory: WebSocketFactory,
  options: { readonly terminate?: (socket: WebSocketLike) => void } = {},
): Layer.Layer<SocketTransport> => Layer.succeed(SocketTransport)({ open: make(factory, options) })
