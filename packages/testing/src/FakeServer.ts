/**
 * The network door of the emulator: one node:http server on loopback serving the TaskRouter REST API, the
 * event-bridge proxy and websocket, and the GTL API, from one in-memory store on the live clock.
 *
 * @since 0.1.0
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { Duplex } from "node:stream"
import { Effect, Exit, Scope } from "effect"
import { type WebSocket, WebSocketServer } from "ws"
import { type MintTokenOptions, mintEffect } from "./bridge/internal/mint.js"
import type { Faults } from "./faults/Faults.js"
import { type Door, makeDoor } from "./http/internal/door.js"
import type { DoorRequest } from "./http/internal/response.js"
import { DEFAULT_MAX_BODY_BYTES } from "./http/HttpHandler.js"
import { tooLargeBody, twilioErrorBody } from "./http/internal/twilioError.js"
import type { Emulator } from "./store/Emulator.js"
import { CloseCode, type SocketSession } from "./ws/EventSocketHub.js"

export type { MintTokenOptions } from "./bridge/internal/mint.js"

/**
 * Options of {@link startFakeServer}.
 *
 * @example
 * ```ts
 * const options: FakeServerOptions = { port: 0, seed: "demo", heartbeatMs: 1000 }
 * ```
 */
export interface FakeServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number | undefined
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string | undefined
  /** `demo` (default): a small contact centre; `empty`: one new workspace. */
  readonly seed?: "empty" | "demo" | undefined
  /** Seeds the SID generator and the fault PRNG: same seed, same SIDs. */
  readonly random?: number | string | undefined
  readonly accountSid?: string | undefined
  readonly authToken?: string | undefined
  /** Period of the blank heartbeat frames on websockets (default 30000 ms). */
  readonly heartbeatMs?: number | undefined
  /** Larger request bodies are answered 413 (default 1 MiB). */
  readonly maxBodyBytes?: number | undefined
}

/**
 * A running emulator on a port. Close it with `close()`, or let `await using` do it.
 *
 * @example
 * ```ts
 * import { startFakeServer } from "@taskroute/testing"
 * await using server = await startFakeServer({ seed: "demo" })
 * const token = await server.mintToken({ ttl: 600 })
 * const res = await fetch(`${server.url}/v1/Workspaces/${server.workspaceSid}`, {
 *   headers: { authorization: `Basic ${btoa(`${server.accountSid}:${server.authToken}`)}` },
 * })
 * ```
 */
export interface FakeServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string
  readonly accountSid: string
  readonly authToken: string
  readonly workspaceSid: string
  readonly solutionDbid: number
  /** Mints a capability token for the seeded workspace (see {@link MintTokenOptions}). */
  readonly mintToken: (options?: MintTokenOptions) => Promise<string>
  /** Drops every open websocket abruptly (clients see 1006) and idle keep-alive connections. Returns how many sockets. */
  readonly dropConnections: () => number
  readonly faults: Faults
  readonly emulator: Emulator
  /** Number of open event-bridge websockets. */
  readonly sockets: () => number
  /** Stops listening, closes every socket (1001) and the emulator. Idempotent. */
  readonly close: () => Promise<void>
  readonly [Symbol.asyncDispose]: () => Promise<void>
}

const headerRecord = (req: IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  413: "Payload Too Large",
}

const refuseUpgrade = (socket: Duplex, status: number, body: unknown): void => {
  const text = JSON.stringify(body)
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      "Access-Control-Allow-Origin: *\r\n" +
      "Connection: close\r\n\r\n" +
      text,
  )
}

const listen = (server: Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once("error", onError)
    server.listen(port, host, () => {
      server.off("error", onError)
      resolve()
    })
  })

/**
 * Starts the emulator on a port (default: a free port on 127.0.0.1) and resolves once it listens.
 *
 * @example
 * ```ts
 * import { startFakeServer } from "@taskroute/testing"
 * const server = await startFakeServer({ seed: "empty" })
 * console.log(server.url, server.workspaceSid)
 * await server.close()
 * ```
 */
export const startFakeServer = async (options: FakeServerOptions = {}): Promise<FakeServer> => {
  const host = options.host ?? "127.0.0.1"
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const scope = Effect.runSync(Scope.make())
  const door: Door = await Effect.runPromise(
    makeDoor({ ...options, seed: options.seed ?? "demo", maxBodyBytes }).pipe(
      Effect.provideService(Scope.Scope, scope),
    ),
  )
  const { emulator, controller, hub, handler } = door

  const answer = (
    res: ServerResponse,
    status: number,
    headers: Readonly<Record<string, string>>,
    body: string,
  ) => {
    if (res.headersSent || res.destroyed) return
    res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) })
    res.end(body)
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const headers = headerRecord(req)
    const url = `http://${headers.host ?? `${host}:${port}`}${req.url ?? "/"}`
    const declared = Number(headers["content-length"] ?? "0")
    const tooLarge = () => {
      const body = JSON.stringify(tooLargeBody(maxBodyBytes))
      res.once("finish", () => req.destroy())
      answer(res, 413, { "content-type": "application/json; charset=utf-8", connection: "close" }, body)
    }
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      tooLarge()
      return
    }
    const dispatch = (body: string | undefined) => {
      const request: DoorRequest = { method: req.method ?? "GET", url, headers, body }
      Effect.runFork(handler(request)).addObserver((exit) => {
        if (Exit.isSuccess(exit)) {
          answer(res, exit.value.status, exit.value.headers, exit.value.body)
        } else {
          answer(
            res,
            500,
            { "content-type": "application/json; charset=utf-8" },
            JSON.stringify(twilioErrorBody(500, 20500, "Internal Server Error")),
          )
        }
      })
    }
    // No Content-Length and no Transfer-Encoding: the request has no body (RFC 9112 6.3), answer right away.
    if (headers["content-length"] === undefined && headers["transfer-encoding"] === undefined) {
      req.resume()
      dispatch(undefined)
      return
    }
    const chunks: Array<Buffer> = []
    let size = 0
    let rejected = false
    req.on("data", (chunk: Buffer) => {
      if (rejected) return
      size += chunk.length
      if (size > maxBodyBytes) {
        rejected = true
        tooLarge()
        return
      }
      chunks.push(chunk)
    })
    req.on("error", () => {
      rejected = true
    })
    req.on("end", () => {
      if (rejected) return
      dispatch(chunks.length === 0 ? undefined : Buffer.concat(chunks).toString("utf8"))
    })
  }

  const server = createServer({ keepAlive: true }, onRequest)
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy())
    Effect.runFork(Effect.result(hub.authorize(req.url ?? "/"))).addObserver((exit) => {
      if (!Exit.isSuccess(exit)) {
        refuseUpgrade(socket, 500, twilioErrorBody(500, 20500, "Internal Server Error"))
        return
      }
      const result = exit.value
      if (result._tag === "Failure") {
        refuseUpgrade(socket, result.failure.status, result.failure.error)
        return
      }
      const authorized = result.success
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        let session: SocketSession | undefined
        let closed = false
        ws.on("close", () => {
          closed = true
          session?.detach()
        })
        ws.on("error", () => ws.terminate())
        session = Effect.runSync(
          hub.attach(authorized, {
            send: (text) => {
              if (ws.readyState === ws.OPEN) ws.send(text)
            },
            close: (code, reason) => {
              if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason)
            },
            terminate: () => ws.terminate(),
          }),
        )
        if (closed) session.detach()
      })
    })
  }
  server.on("upgrade", onUpgrade)

  try {
    await listen(server, options.port ?? 0, host)
  } catch (error) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw error
  }
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0)
  const urlHost = host.includes(":") ? `[${host}]` : host
  const url = `http://${urlHost}:${port}`

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      hub.closeAll(CloseCode.GoingAway, "Server shutting down")
      // Give the close frames a moment to reach the clients, then cut whatever is left.
      const open = [...wss.clients].filter((ws) => ws.readyState !== ws.CLOSED)
      await Promise.race([
        Promise.all(open.map((ws) => new Promise<void>((resolve) => ws.once("close", () => resolve())))),
        new Promise<void>((resolve) => setTimeout(resolve, 250).unref()),
      ])
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await Effect.runPromise(Scope.close(scope, Exit.void))
    })()
    return closing
  }

  return {
    url,
    accountSid: emulator.seed.accountSid,
    authToken: emulator.seed.authToken,
    workspaceSid: emulator.seed.workspaceSid,
    solutionDbid: emulator.seed.solutionDbid,
    mintToken: (mintOptions = {}) => Effect.runPromise(mintEffect(emulator.seed, mintOptions)),
    dropConnections: () => {
      const n = hub.dropAll()
      server.closeIdleConnections()
      return n
    },
    faults: controller.faults,
    emulator,
    sockets: () => hub.size(),
    close,
    [Symbol.asyncDispose]: close,
  }
}
