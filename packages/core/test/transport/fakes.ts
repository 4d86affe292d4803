// Small fakes of the runtime transports for service tests: scripted HTTP answers, sockets the test drives.
import { Effect, Layer } from "effect"
import * as FetchHttpTransport from "../../src/transport/FetchHttpTransport.js"
import { HttpTransport, type HttpRequest, type HttpResponse } from "../../src/transport/HttpTransport.js"
import { type SocketHandlers, SocketTransport } from "../../src/transport/SocketTransport.js"
import { TransportError } from "../../src/transport/TransportError.js"

export const AC = `AC${"a".repeat(32)}`
export const WS = `WS${"b".repeat(32)}`

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url")

/** An unsigned capability token (the client never verifies signatures); `exp` in seconds on the test clock. */
export const makeToken = (claims: Record<string, unknown> = {}): string =>
  `${b64({ alg: "HS256", typ: "JWT" })}.${b64({
    iss: AC,
    version: "v1",
    account_sid: AC,
    workspace_sid: WS,
    channel: WS,
    policies: [],
    ...claims,
  })}.c2lnbmF0dXJl`

export type Answer = Partial<HttpResponse> | TransportError

export interface FakeHttp {
  readonly layer: Layer.Layer<HttpTransport>
  readonly requests: Array<HttpRequest>
  /** Envelopes (parsed JSON bodies) of the requests. */
  readonly envelopes: () => Array<Record<string, unknown>>
}

/** An HTTP transport answering with `respond(request, index)`. */
export const makeFakeHttp = (respond: (request: HttpRequest, index: number) => Answer): FakeHttp => {
  const requests: Array<HttpRequest> = []
  const layer = Layer.succeed(HttpTransport)({
    send: (request) =>
      Effect.suspend(() => {
        requests.push(request)
        const answer = respond(request, requests.length - 1)
        if (answer instanceof TransportError) return Effect.fail(answer)
        return Effect.succeed({
          status: 200,
          url: request.url,
          redirected: false,
          headers: {},
          body: "",
          ...answer,
        })
      }),
  })
  return {
    layer,
    requests,
    envelopes: () => requests.map((r) => JSON.parse(r.body ?? "null") as Record<string, unknown>),
  }
}

/**
 * The same scripted HTTP fake as {@link makeFakeHttp}, behind `FetchHttpTransport` over a fake fetch: the
 * transport then has `start`, so the facade's fast path is used. `starts`/`sends` count the requests that came
 * through `start` (no fiber) and through `send` (an effect); `aborted` lists the URLs whose request was aborted.
 * A `hang` predicate keeps matching requests pending until they are aborted.
 */
export const makeFakeFetchHttp = (
  respond: (request: HttpRequest, index: number) => Answer,
  hang: (request: HttpRequest) => boolean = () => false,
): FakeHttp & { readonly counts: { starts: number; sends: number }; readonly aborted: Array<string> } => {
  const requests: Array<HttpRequest> = []
  const counts = { starts: 0, sends: 0 }
  const aborted: Array<string> = []
  const fetchLike: FetchHttpTransport.FetchLike = (url, init) => {
    const request: HttpRequest = {
      method: init.method === "POST" || init.method === "DELETE" ? init.method : "GET",
      url,
      headers: init.headers,
      ...(init.body === undefined ? {} : { body: init.body }),
    }
    requests.push(request)
    let abort: () => void = () => {}
    const response = new Promise<FetchHttpTransport.FetchResponseLike>((resolve, reject) => {
      abort = () => {
        aborted.push(url)
        reject(Object.assign(new Error("This operation was aborted"), { name: "AbortError" }))
      }
      if (hang(request)) return
      const answer = respond(request, requests.length - 1)
      if (answer instanceof TransportError) {
        reject(new TypeError(`fetch failed: ${answer.message}`))
        return
      }
      const headers = answer.headers ?? {}
      setTimeout(() =>
        resolve({
          status: answer.status ?? 200,
          url,
          redirected: false,
          headers: {
            forEach: (f) => {
              for (const [k, v] of Object.entries(headers)) f(v, k)
            },
          },
          text: async () => answer.body ?? "",
        }),
      )
    })
    return { response, abort: () => abort() }
  }
  const send = FetchHttpTransport.make(fetchLike)
  const start = FetchHttpTransport.start(fetchLike)
  const layer = Layer.succeed(HttpTransport)({
    send: (request) =>
      Effect.suspend(() => {
        counts.sends++
        return send(request)
      }),
    start: (request, onResponse, onFailure) => {
      counts.starts++
      return start(request, onResponse, onFailure)
    },
  })
  return {
    layer,
    requests,
    envelopes: () => requests.map((r) => JSON.parse(r.body ?? "null") as Record<string, unknown>),
    counts,
    aborted,
  }
}

/** A JSON answer. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: JSON.stringify(body),
  headers,
})

export interface FakeConnection {
  readonly url: string
  readonly handlers: SocketHandlers
  /** Set when the client closed the connection. */
  clientClose: { readonly code: number | undefined; readonly reason: string | undefined } | undefined
  ended: boolean
  open(): void
  frame(text: string): void
  /** The server or the network ends the connection. */
  drop(code?: number): void
}

export interface FakeSockets {
  readonly layer: Layer.Layer<SocketTransport>
  readonly connections: Array<FakeConnection>
  readonly last: () => FakeConnection
}

/** A socket transport whose connections the test opens, feeds and drops. */
export const makeFakeSockets = (): FakeSockets => {
  const connections: Array<FakeConnection> = []
  const layer = Layer.succeed(SocketTransport)({
    open: (url, handlers) => {
      const c: FakeConnection = {
        url,
        handlers,
        clientClose: undefined,
        ended: false,
        open: () => {
          if (!c.ended) handlers.onOpen()
        },
        frame: (text) => {
          if (!c.ended) handlers.onMessage(text)
        },
        drop: (code = 1006) => {
          if (c.ended) return
          c.ended = true
          handlers.onClose(code, "")
        },
      }
      connections.push(c)
      return {
        close: (code, reason) => {
          if (c.ended) return
          c.ended = true
          c.clientClose = { code, reason }
          handlers.onClose(code ?? 1000, reason ?? "")
        },
      }
    },
  })
  return {
    layer,
    connections,
    last: () => {
      const c = connections.at(-1)
      if (c === undefined) throw new Error("no connection was opened")
      return c
    },
  }
}

/** A workspace payload as the service sends it. */
export const workspacePayload = {
  sid: WS,
  account_sid: AC,
  friendly_name: "Workspace 1",
  prioritize_queue_order: "FIFO",
  default_activity_name: "Offline",
  event_callback_url: null,
  date_created: "2020-06-16T10:00:00Z",
  date_updated: "2020-06-16T10:00:00Z",
  url: `https://taskrouter.twilio.com/v1/Workspaces/${WS}`,
  links: {},
}
