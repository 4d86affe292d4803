import { Context, type Effect } from "effect"
import type { TransportError } from "./TransportError.js"

/** An HTTP method used by TaskRouter v1 and the GTL API. */
export type HttpMethod = "GET" | "POST" | "DELETE"

/** A request as the transport sends it: the URL is absolute, the body already encoded. */
export interface HttpRequest {
  readonly method: HttpMethod
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | undefined
}

/**
 * A response as received. Header names are lower case; each `set-cookie` line is kept, one per line. Whether
 * redirects are followed is the transport's own behaviour: the fetch transports follow them (then `redirected` is
 * true and `url` is the final URL), `@taskroute/node`'s default `node:http` binding and the emulator's in-process
 * door hand a 3xx back as it is. A client that depends on redirects (the Global Task List) handles a 3xx itself,
 * so it works over both.
 */
export interface HttpResponse {
  readonly status: number
  readonly url: string
  readonly redirected: boolean
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * The runtime's HTTP primitive. `@taskroute/node` and `@taskroute/browser` supply it from `fetch`;
 * `@taskroute/testing` supplies it straight from the emulator's store.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { HttpTransport } from "@taskroute/core"
 * const status = HttpTransport.use((http) => http.send({ method: "GET", url: "http://127.0.0.1:1/v1", headers: {} }))
 * ```
 */
export class HttpTransport extends Context.Service<
  HttpTransport,
  {
    readonly send: (request: HttpRequest) => Effect.Effect<HttpResponse, TransportError>
    /**
     * Optional: the same request started without a fiber, for callers on a Promise path (the `Workspace` facade
     * sends through it and enters Effect only when a request fails). Exactly one of `onResponse` (with what
     * `send` would succeed with) and `onFailure` (with what it would fail with) is called, and the outcome
     * resolves with its result; `abort` cancels the request. `FetchHttpTransport` supplies it.
     */
    readonly start?:
      | (<A>(
          request: HttpRequest,
          onResponse: (response: HttpResponse) => A,
          onFailure: (error: TransportError) => A,
        ) => StartedRequest<A>)
      | undefined
  }
>()("@taskroute/core/HttpTransport") {}

/**
 * A request started outside a fiber: its outcome and a way to cancel it.
 *
 * @example
 * ```ts
 * import type { StartedRequest, HttpResponse } from "@taskroute/core"
 * declare const started: StartedRequest<HttpResponse>
 * const status = started.outcome.then((r) => r.status)
 * ```
 */
export interface StartedRequest<A> {
  /** What the callback returned (a promise it returned is flattened, as `then` does). */
  readonly outcome: Promise<Awaited<A>>
  readonly abort: () => void
}
