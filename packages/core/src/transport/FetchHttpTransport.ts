import { Effect, Layer } from "effect"
import { describeCause } from "../internal/describeCause.js"
import { endedBeforeSending } from "../internal/startedRequest.js"
import { type HttpRequest, type HttpResponse, HttpTransport, type StartedRequest } from "./HttpTransport.js"
import { TransportError } from "./TransportError.js"

/**
 * The part of a `fetch` response the transport reads.
 *
 * @example
 * ```ts
 * import type { FetchHttpTransport } from "@taskroute/core"
 * const ok = (response: FetchHttpTransport.FetchResponseLike) => response.status < 300
 * ```
 */
export interface FetchResponseLike {
  readonly status: number
  readonly url: string
  readonly redirected: boolean
  readonly headers: { forEach(callback: (value: string, key: string) => void): void }
  text(): Promise<string>
}

/**
 * What the transport asks of a request: method, headers, body, and how long it may take.
 *
 * @example
 * ```ts
 * import type { FetchHttpTransport } from "@taskroute/core"
 * const init: FetchHttpTransport.FetchInit = { method: "GET", headers: { Accept: "application/json" }, timeoutMs: 30_000 }
 * ```
 */
export interface FetchInit {
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
  /** Abort the request after this long; the rejection's `name` is then `"TimeoutError"`. */
  readonly timeoutMs: number
}

/**
 * A started request: its response, a way to abort it (when the effect is interrupted), and optionally `done`,
 * which the transport calls once the body has been read or the request has failed, so that the fetch can
 * release its timeout timer at once.
 *
 * @example
 * ```ts
 * import type { FetchHttpTransport } from "@taskroute/core"
 * declare const call: FetchHttpTransport.FetchCall
 * const status = call.response.then((r) => r.status)
 * ```
 */
export interface FetchCall {
  readonly response: Promise<FetchResponseLike>
  readonly abort: () => void
  readonly done?: (() => void) | undefined
}

/**
 * Starts a request with the runtime's `fetch`, owning its abort controller and timeout (the core has no DOM
 * types to name them). `@taskroute/node` and `@taskroute/browser` supply one over the global `fetch`.
 *
 * @example
 * ```ts
 * import type { FetchHttpTransport } from "@taskroute/core"
 * const viaGlobal: FetchHttpTransport.FetchLike = (input, { timeoutMs, ...init }) => {
 *   const controller = new AbortController()
 *   const timer = setTimeout(() => controller.abort(new DOMException("timed out", "TimeoutError")), timeoutMs)
 *   const done = () => clearTimeout(timer)
 *   const response = fetch(input, { ...init, redirect: "follow", signal: controller.signal })
 *   return { response, abort: () => (done(), controller.abort()), done }
 * }
 * ```
 */
export type FetchLike = (input: string, init: FetchInit) => FetchCall

/**
 * Options of {@link layer}.
 *
 * @example
 * ```ts
 * import type { FetchHttpTransport } from "@taskroute/core"
 * const options: FetchHttpTransport.Options = { timeoutMs: 10_000 }
 * ```
 */
export interface Options {
  /** Abort a request that has not completed after this long (default 30 s). */
  readonly timeoutMs?: number | undefined
}

const nameOf = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && typeof Reflect.get(cause, "name") === "string"
    ? String(Reflect.get(cause, "name"))
    : ""

/** The transport error of a failed request. */
const failure = (request: HttpRequest, cause: unknown, timeoutMs: number): TransportError => {
  if (nameOf(cause) === "TimeoutError") {
    return new TransportError({
      reason: "Timeout",
      message: `${request.method} ${request.url} did not complete within ${timeoutMs} ms`,
      cause,
    })
  }
  if (cause instanceof TypeError && /invalid url|failed to parse url/i.test(cause.message)) {
    return new TransportError({ reason: "InvalidUrl", message: `Invalid URL ${request.url}`, cause })
  }
  return new TransportError({
    reason: nameOf(cause) === "AbortError" ? "Aborted" : "Network",
    message: `${request.method} ${request.url} failed: ${describeCause(cause)}`,
    cause,
  })
}

/**
 * The {@link HttpResponse} of a read response. The URL, the redirect flag and the headers are read on demand: only
 * error messages use them, a fetch Response serialises its URL on each read, and the headers are copied on first
 * read. A class, not an object literal with getters: V8 builds such a literal about 25 times slower, once per
 * request.
 */
class ReadResponse implements HttpResponse {
  readonly status: number
  readonly body: string
  readonly #request: HttpRequest
  readonly #response: FetchResponseLike
  #headers: Record<string, string> | undefined
  constructor(request: HttpRequest, response: FetchResponseLike, body: string) {
    this.status = response.status
    this.body = body
    this.#request = request
    this.#response = response
  }
  get url(): string {
    return this.#response.url || this.#request.url
  }
  get redirected(): boolean {
    return this.#response.redirected
  }
  get headers(): Record<string, string> {
    if (this.#headers === undefined) {
      const copy: Record<string, string> = {}
      this.#response.headers.forEach((value, key) => {
        // (A fetch Headers gives each set-cookie line on its own; they are kept one per line.)
        const name = key.toLowerCase()
        const prior = copy[name]
        copy[name] = prior === undefined ? value : `${prior}\n${value}`
      })
      this.#headers = copy
    }
    return this.#headers
  }
}

/**
 * Starts a request with the given fetch outside a fiber, reading the whole body as text: `onResponse` gets the
 * response, or `onFailure` the {@link TransportError} (`Timeout` after `timeoutMs`); the outcome resolves with
 * what the one called returns. `abort` cancels the request.
 *
 * @example
 * ```ts
 * import { FetchHttpTransport } from "@taskroute/core"
 * declare const fetchLike: FetchHttpTransport.FetchLike
 * const started = FetchHttpTransport.start(fetchLike)(
 *   { method: "GET", url: "http://127.0.0.1:1/v1", headers: {} },
 *   (response) => response.status,
 *   (error) => error.reason,
 * )
 * ```
 */
export const start =
  (fetchFn: FetchLike, options: Options = {}) =>
  <A>(
    request: HttpRequest,
    onResponse: (response: HttpResponse) => A,
    onFailure: (error: TransportError) => A,
  ): StartedRequest<A> => {
    const timeoutMs = options.timeoutMs ?? 30_000
    let call: FetchCall
    try {
      const { method, headers, body } = request
      call = fetchFn(
        request.url,
        body === undefined ? { method, headers, timeoutMs } : { method, headers, body, timeoutMs },
      )
    } catch (cause) {
      return endedBeforeSending(failure(request, cause, timeoutMs), onFailure)
    }
    const fail = (cause: unknown): A => {
      call.done?.()
      return onFailure(failure(request, cause, timeoutMs))
    }
    const read = (response: FetchResponseLike): A | Promise<A> => {
      let text: Promise<string>
      try {
        text = response.text()
      } catch (cause) {
        return fail(cause)
      }
      return text.then((body) => {
        call.done?.()
        return onResponse(new ReadResponse(request, response, body))
      }, fail)
    }
    // (`then` flattens a promise the callbacks return; its typing does not say so.)
    const outcome = call.response.then(read, fail) as Promise<Awaited<A>>
    return { outcome, abort: () => call.abort() }
  }

/**
 * Sends a request with the given fetch, reading the whole body as text. Interrupting the effect aborts the
 * request; a request slower than `timeoutMs` fails with `TransportError` `Timeout`.
 *
 * @example
 * ```ts
 * import { FetchHttpTransport } from "@taskroute/core"
 * declare const fetchLike: FetchHttpTransport.FetchLike
 * const send = FetchHttpTransport.make(fetchLike, { timeoutMs: 10_000 })
 * ```
 */
export const make = (fetchFn: FetchLike, options: Options = {}) => {
  const begin = start(fetchFn, options)
  return (request: HttpRequest): Effect.Effect<HttpResponse, TransportError> =>
    Effect.callback<HttpResponse, TransportError>((resume) => {
      const started = begin(
        request,
        (response) => resume(Effect.succeed(response)),
        (error) => resume(Effect.fail(error)),
      )
      return Effect.sync(started.abort)
    })
}

/**
 * {@link HttpTransport} over a fetch. `@taskroute/node` and `@taskroute/browser` pass the global `fetch`.
 *
 * @example
 * ```ts
 * import { FetchHttpTransport } from "@taskroute/core"
 * declare const fetchLike: FetchHttpTransport.FetchLike
 * const http = FetchHttpTransport.layer(fetchLike)
 * ```
 */
export const layer = (fetchFn: FetchLike, options: Options = {}): Layer.Layer<HttpTransport> =>
  Layer.succeed(HttpTransport)({ send: make(fetchFn, options), start: start(fetchFn, options) })
