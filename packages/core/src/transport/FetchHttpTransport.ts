import { Effect, Layer } from "effect"
import { HttpTransport, type HttpRequest, type HttpResponse } from "./HttpTransport.js"
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
 * The part of `fetch` the transport calls (the global `fetch` of browsers and Node fits).
 *
 * @example
 * ```ts
 * import type { FetchHttpTransport } from "@taskroute/core"
 * const viaGlobal: FetchHttpTransport.FetchLike = (input, { signal, ...init }) =>
 *   fetch(input, signal instanceof AbortSignal ? { ...init, signal } : init)
 * ```
 */
export type FetchLike = (
  input: string,
  init: {
    method: string
    headers: Record<string, string>
    body?: string
    redirect: "follow"
    /** The runtime's `AbortSignal` (the core has no DOM types to name it). */
    signal: unknown
  },
) => Promise<FetchResponseLike>

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

const describe = (cause: unknown): string => {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : ""
    return `${cause.message}${inner}`
  }
  return String(cause)
}

/**
 * Sends a request with the given `fetch`, reading the whole body as text. Interrupting the effect aborts the
 * request; a request slower than `timeoutMs` fails with `TransportError` `Timeout`.
 *
 * @example
 * ```ts
 * import { FetchHttpTransport } from "@taskroute/core"
 * const send = FetchHttpTransport.make(fetch)
 * ```
 */
export const make =
  (fetchFn: FetchLike, options: Options = {}) =>
  (request: HttpRequest): Effect.Effect<HttpResponse, TransportError> => {
    const timeoutMs = options.timeoutMs ?? 30_000
    return Effect.tryPromise({
      try: async (signal) => {
        const response = await fetchFn(request.url, {
          method: request.method,
          headers: { ...request.headers },
          ...(request.body === undefined ? {} : { body: request.body }),
          redirect: "follow",
          signal,
        })
        const body = await response.text()
        // Headers are copied on first read only (most successful responses never need them).
        let headers: Record<string, string> | undefined
        const result: HttpResponse = {
          status: response.status,
          url: response.url || request.url,
          redirected: response.redirected,
          get headers() {
            if (headers === undefined) {
              const copy: Record<string, string> = {}
              response.headers.forEach((value, key) => {
                copy[key.toLowerCase()] = value
              })
              headers = copy
            }
            return headers
          },
          body,
        }
        return result
      },
      catch: (cause) =>
        cause instanceof TypeError && /invalid url|failed to parse url/i.test(cause.message)
          ? new TransportError({ reason: "InvalidUrl", message: `Invalid URL ${request.url}`, cause })
          : new TransportError({
              reason: "Network",
              message: `${request.method} ${request.url} failed: ${describe(cause)}`,
              cause,
            }),
    }).pipe(
      Effect.timeoutOrElse({
        duration: timeoutMs,
        orElse: () =>
          Effect.fail(
            new TransportError({
              reason: "Timeout",
              message: `${request.method} ${request.url} did not complete within ${timeoutMs} ms`,
            }),
          ),
      }),
    )
  }

/**
 * {@link HttpTransport} over a `fetch` function. `@taskroute/node` and `@taskroute/browser` pass the global
 * `fetch`.
 *
 * @example
 * ```ts
 * import { FetchHttpTransport } from "@taskroute/core"
 * const http = FetchHttpTransport.layer(globalThis.fetch)
 * ```
 */
export const layer = (fetchFn: FetchLike, options: Options = {}): Layer.Layer<HttpTransport> =>
  Layer.succeed(HttpTransport)({ send: make(fetchFn, options) })
