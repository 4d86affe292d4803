import { Context } from "effect"

/** Callbacks of one socket connection. Each is called from the runtime's event loop, never synchronously from `open`. */
export interface SocketHandlers {
  readonly onOpen: () => void
  readonly onMessage: (data: string) => void
  /** Called once when the connection ends, whoever ended it; `onOpen` may never have been called. */
  readonly onClose: (code: number, reason: string) => void
  readonly onError: (message: string) => void
}

/** A live (or opening) connection. `close` is idempotent and does not call `onClose` twice. */
export interface SocketConnection {
  readonly close: (code?: number, reason?: string) => void
}

/**
 * The runtime's WebSocket primitive, reduced to what the event bridge needs: text frames in, nothing out.
 *
 * @example
 * ```ts
 * import { SocketTransport } from "@taskroute/core"
 * const open = SocketTransport.use((s) => s.open("ws://127.0.0.1:1/v1/wschannels/AC1/WS1?token=t", handlers))
 * ```
 */
export class SocketTransport extends Context.Service<
  SocketTransport,
  { readonly open: (url: string, handlers: SocketHandlers) => SocketConnection }
>()("@taskroute/core/SocketTransport") {}
