import {
  FetchHttpTransport,
  type HttpTransport,
  type SocketTransport,
  WebSocketTransport,
} from "@taskroute/core"
import { Layer } from "effect"
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http"
import { request as httpsRequest } from "node:https"
import { WebSocket } from "ws"

/**
 * A `node:http` response as {@link FetchHttpTransport.FetchResponseLike}. Its body is read as it arrives (into
 * `text()`); the headers are adapted only when read (error messages read them). Redirects are not followed:
 * TaskRouter's REST API sends none.
 */
class NodeResponse implements FetchHttpTransport.FetchResponseLike {
  readonly status: number
  readonly url: string
  readonly redirected = false
  readonly #message: IncomingMessage
  readonly #body: Promise<string>
  constructor(url: string, message: IncomingMessage, body: Promise<string>) {
    this.status = message.statusCode ?? 0
    this.url = url
    this.#message = message
    this.#body = body
  }
  get headers(): FetchHttpTransport.FetchResponseLike["headers"] {
    const raw = this.#message.headers
    return {
      forEach(callback) {
        for (const name of Object.keys(raw)) {
          const value = raw[name]
          // (Only set-cookie comes as a list. Each line is given on its own, as a fetch Headers gives it; the
          // transport's response keeps them one per line.)
          if (Array.isArray(value)) for (const line of value) callback(line, name)
          else if (value !== undefined) callback(value, name)
        }
      },
    }
  }
  text(): Promise<string> {
    return this.#body
  }
}

/** The whole body of a response as UTF-8 text (a byte order mark dropped, as `fetch`'s `text()` does). */
const readText = (message: IncomingMessage, failed: () => Error | undefined): Promise<string> =>
  new Promise<string>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let ended = false
    message.on("data", (chunk: Buffer) => {
      chunks.push(chunk)
    })
    message.on("end", () => {
      ended = true
      const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))?.toString("utf8") ?? ""
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
    })
    message.on("error", (cause) => reject(failed() ?? cause))
    message.on("close", () => {
      if (!ended) reject(failed() ?? new Error("the connection closed before the body ended"))
    })
  })

/** The longest delay `setTimeout` takes (about 24.8 days); a longer one would fire at once. */
const MAX_DELAY = 2 ** 31 - 1

/**
 * Calls `onTimeout` after `ms` on an unref'd timer and returns what clears it. A delay that is not a number up to
 * {@link MAX_DELAY} (`Infinity`, say) sets no timer: the request then has no time limit.
 */
const deadline = (ms: number, onTimeout: () => void): (() => void) => {
  if (!(ms <= MAX_DELAY)) return () => {}
  const timer = setTimeout(onTimeout, ms)
  timer.unref()
  return () => clearTimeout(timer)
}

/**
 * `node:http` / `node:https` on their global agents (keep-alive) as a {@link FetchHttpTransport.FetchLike}, the
 * default of {@link layer}: one unref'd timer per request that destroys it with a `TimeoutError` after
 * `timeoutMs` (the body included; `Infinity` sets none), cleared by `done` or `abort`; `abort` destroys the
 * request with an `AbortError`. The global agents are what `NODE_USE_ENV_PROXY` / `--use-env-proxy` and proxy
 * libraries configure. Redirects are handed back as they are.
 *
 * @example
 * ```ts
 * import { FetchHttpTransport, NodeTransports } from "@taskroute/node"
 * const http = FetchHttpTransport.layer(NodeTransports.httpLike, { timeoutMs: 5_000 })
 * ```
 */
export const httpLike: FetchHttpTransport.FetchLike = (input, { timeoutMs, method, headers, body }) => {
  let failure: Error | undefined
  const failed = () => failure
  // (`request` throws a TypeError for an invalid URL; the promise then rejects with it, which the transport reports
  // as `InvalidUrl`. Destroying a request that has completed does nothing, so a late `abort` is harmless.)
  const send = input.startsWith("https:") ? httpsRequest : httpRequest
  let request: ClientRequest | undefined
  const response = new Promise<FetchHttpTransport.FetchResponseLike>((resolve, reject) => {
    request = send(input, { method, headers }, (message) => {
      const text = readText(message, failed)
      // (Read by the transport at once; a failure before it does is not unhandled.)
      text.catch(() => {})
      resolve(new NodeResponse(input, message, text))
    })
    request.on("error", (cause) => reject(failure ?? cause))
    request.end(body)
  })
  const stop = (reason: Error) => {
    failure ??= reason
    request?.destroy(failure)
  }
  const done = deadline(timeoutMs, () =>
    stop(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")),
  )
  return {
    response,
    abort: () => {
      done()
      stop(new DOMException("the request was aborted", "AbortError"))
    },
    done,
  }
}

/**
 * The global `fetch` (undici, keep-alive) as a {@link FetchHttpTransport.FetchLike}, for {@link fetchLayer}: one
 * abort controller per request, and one unref'd timer that aborts it with a `TimeoutError` after `timeoutMs` (the
 * body included; `Infinity` sets none), cleared by `done` (the transport calls it once the body is read or the
 * request failed) or `abort`.
 *
 * @example
 * ```ts
 * import { FetchHttpTransport, NodeTransports } from "@taskroute/node"
 * const http = FetchHttpTransport.layer(NodeTransports.fetchLike, { timeoutMs: 5_000 })
 * ```
 */
export const fetchLike: FetchHttpTransport.FetchLike = (input, { timeoutMs, method, headers, body }) => {
  const controller = new AbortController()
  const done = deadline(timeoutMs, () =>
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")),
  )
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

/** The `ws` package; a socket closed by the heartbeat watchdog is terminated at once. */
const sockets = WebSocketTransport.layer((url) => new WebSocket(url), {
  terminate: (socket) => {
    if (socket instanceof WebSocket) socket.terminate()
    else socket.close()
  },
})

/**
 * Node's transports, the default of `@taskroute/node`'s `Workspace`: `node:http` / `node:https` on their global
 * agents ({@link httpLike}) and the `ws` package. A socket closed by the heartbeat watchdog is terminated at once
 * instead of waiting for a closing handshake on a dead network.
 * docs/decisions/0004-node-requests-on-node-http.md says why requests do not go through `fetch` by default.
 *
 * @example
 * ```ts
 * import { NodeTransports, Workspace } from "@taskroute/node"
 * const workspace = new Workspace(token, { transports: NodeTransports.layer })
 * ```
 */
export const layer: Layer.Layer<HttpTransport | SocketTransport> = Layer.mergeAll(
  FetchHttpTransport.layer(httpLike),
  sockets,
)

/**
 * {@link layer} with requests sent through the global `fetch` instead ({@link fetchLike}): for applications that
 * route `fetch` with undici's `setGlobalDispatcher` (a `ProxyAgent`, a `MockAgent` in tests).
 *
 * @example
 * ```ts
 * import { NodeTransports, Workspace } from "@taskroute/node"
 * const workspace = new Workspace({
 *   accountSid: "ACxxx",
 *   authToken: process.env.AUTH_TOKEN!,
 *   workspaceSid: "WSxxx",
 *   transports: NodeTransports.fetchLayer,
 * })
 * ```
 */
export const fetchLayer: Layer.Layer<HttpTransport | SocketTransport> = Layer.mergeAll(
  FetchHttpTransport.layer(fetchLike),
  sockets,
)
