/**
 * An HttpTransport over a structural `fetch` for the GTL client. Two cookie modes:
 * - `jar` (Node and other hosts without a cookie store): one request per call with `redirect: "manual"`, so a
 *   redirect comes back as it is (status, `location`, `set-cookie`) and the client follows it itself, keeping
 *   the cookies a redirect sets for the next hop; every `set-cookie` line is passed on, newline-separated;
 * - `browser`: the browser keeps cookies (`credentials: "include"`) and follows redirects itself.
 *
 * @internal
 */
import { Effect } from "effect"
import { describeCause } from "../../internal/describeCause.js"
import type { HttpRequest, HttpResponse } from "../../transport/HttpTransport.js"
import { TransportError } from "../../transport/TransportError.js"

/** The headers of a fetch response, as far as the transport reads them. */
export interface FetchHeadersLike {
  forEach(callback: (value: string, key: string) => void): void
  get(name: string): string | null
  getSetCookie?: (() => Array<string>) | undefined
}

/** A fetch response, as far as the transport reads it. */
export interface FetchResponseLike {
  readonly status: number
  readonly url: string
  readonly redirected: boolean
  readonly headers: FetchHeadersLike
  text(): Promise<string>
}

/** The options the transport passes to fetch. */
export interface FetchInitLike {
  method: string
  headers: Record<string, string>
  body?: string
  redirect: "manual" | "follow"
  credentials?: "include"
  signal: unknown
}

/** `fetch` as the GTL client calls it (the global fetch of browsers and Node fits). */
export type FetchLike = (input: string, init: FetchInitLike) => Promise<FetchResponseLike>

export interface FetchTransportOptions {
  readonly cookies: "jar" | "browser"
  readonly timeoutMs: number
}

const setCookies = (headers: FetchHeadersLike): ReadonlyArray<string> => {
  if (typeof headers.getSetCookie === "function") return headers.getSetCookie()
  const combined = headers.get("set-cookie")
  return combined === null ? [] : [combined]
}

export const makeFetchSend =
  (fetchFn: () => FetchLike, options: FetchTransportOptions) =>
  (request: HttpRequest): Effect.Effect<HttpResponse, TransportError> =>
    Effect.tryPromise({
      try: async (signal) => {
        const fetch = fetchFn()
        const browser = options.cookies === "browser"
        const init: FetchInitLike = {
          method: request.method,
          headers: { ...request.headers },
          redirect: browser ? "follow" : "manual",
          signal,
        }
        if (request.body !== undefined) init.body = request.body
        if (browser) init.credentials = "include"
        const response = await fetch(request.url, init)
        const headers: Record<string, string> = {}
        response.headers.forEach((value, key) => {
          headers[key.toLowerCase()] = value
        })
        if (!browser) {
          const cookies = setCookies(response.headers)
          if (cookies.length > 0) headers["set-cookie"] = cookies.join("\n")
        }
        return {
          status: response.status,
          url: response.url || request.url,
          redirected: response.redirected,
          headers,
          body: await response.text(),
        }
      },
      catch: (cause) =>
        cause instanceof TypeError && /invalid url|failed to parse url/i.test(cause.message)
          ? new TransportError({ reason: "InvalidUrl", message: `Invalid URL ${request.url}`, cause })
          : new TransportError({
              reason: "Network",
              message: `${request.method} ${request.url} failed: ${describeCause(cause)}`,
              cause,
            }),
    }).pipe(
      Effect.timeoutOrElse({
        duration: options.timeoutMs,
        orElse: () =>
          Effect.fail(
            new TransportError({
              reason: "Timeout",
              message: `${request.method} ${request.url} did not complete within ${options.timeoutMs} ms`,
            }),
          ),
      }),
    )
