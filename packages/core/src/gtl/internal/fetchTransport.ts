/**
 * An HttpTransport over a structural `fetch` for the GTL client. Two cookie modes:
 * - `jar` (Node and other hosts without a cookie store): redirects are followed here (`redirect: "manual"`),
 *   so the cookies a redirect sets go with the next hop; every hop's `set-cookie` is passed on in the final
 *   response's headers, for the client's jar;
 * - `browser`: the browser keeps cookies (`credentials: "include"`) and follows redirects itself.
 *
 * @internal
 */
import { Effect } from "effect"
import type { HttpRequest, HttpResponse } from "../../transport/HttpTransport.js"
import { TransportError } from "../../transport/TransportError.js"
import { mergeCookieHeaders } from "./cookies.js"

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
  readonly maxRedirects: number
}

const ORIGIN_RE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i

/** Resolves a Location header against the URL it came from (no URL class in the isomorphic core). */
export const resolveLocation = (from: string, location: string): string => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return location
  const origin = ORIGIN_RE.exec(from)?.[0] ?? ""
  if (location.startsWith("//")) return `${from.slice(0, from.indexOf(":") + 1)}${location}`
  if (location.startsWith("/")) return `${origin}${location}`
  const path = from.slice(origin.length).split(/[?#]/)[0] ?? "/"
  return `${origin}${path.slice(0, path.lastIndexOf("/") + 1)}${location}`
}

const setCookies = (headers: FetchHeadersLike): ReadonlyArray<string> => {
  if (typeof headers.getSetCookie === "function") return headers.getSetCookie()
  const combined = headers.get("set-cookie")
  return combined === null ? [] : [combined]
}

const describe = (cause: unknown): string => {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : ""
    return `${cause.message}${inner}`
  }
  return String(cause)
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

export const makeFetchSend =
  (fetchFn: () => FetchLike, options: FetchTransportOptions) =>
  (request: HttpRequest): Effect.Effect<HttpResponse, TransportError> =>
    Effect.tryPromise({
      try: async (signal) => {
        const fetch = fetchFn()
        if (options.cookies === "browser") {
          const response = await fetch(request.url, {
            method: request.method,
            headers: { ...request.headers },
            ...(request.body === undefined ? {} : { body: request.body }),
            redirect: "follow",
            credentials: "include",
            signal,
          })
          const headers: Record<string, string> = {}
          response.headers.forEach((value, key) => {
            headers[key.toLowerCase()] = value
          })
          return {
            status: response.status,
            url: response.url || request.url,
            redirected: response.redirected,
            headers,
            body: await response.text(),
          }
        }
        let url = request.url
        let method: string = request.method
        let body = request.body
        let headers: Record<string, string> = { ...request.headers }
        const seenCookies: Array<string> = []
        for (let hop = 0; ; hop++) {
          const response = await fetch(url, {
            method,
            headers,
            ...(body === undefined ? {} : { body }),
            redirect: "manual",
            signal,
          })
          const cookies = setCookies(response.headers)
          seenCookies.push(...cookies)
          const location = response.headers.get("location")
          if (REDIRECTS.has(response.status) && location !== null && hop < options.maxRedirects) {
            await response.text()
            const pairs = cookies.map((c) => (c.split(";")[0] ?? "").trim()).filter((p) => p.includes("="))
            const cookie = mergeCookieHeaders(headers.cookie, pairs.join("; "))
            url = resolveLocation(url, location)
            if (
              response.status === 303 ||
              ((response.status === 301 || response.status === 302) && method === "POST")
            ) {
              method = "GET"
              body = undefined
              const { "content-type": _, ...rest } = headers
              headers = rest
            }
            if (cookie !== undefined) headers = { ...headers, cookie }
            continue
          }
          const out: Record<string, string> = {}
          response.headers.forEach((value, key) => {
            out[key.toLowerCase()] = value
          })
          if (seenCookies.length > 0) out["set-cookie"] = seenCookies.join("\n")
          return {
            status: response.status,
            url: response.url || url,
            redirected: hop > 0,
            headers: out,
            body: await response.text(),
          }
        }
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
