/**
 * TaskRouter v1 list pages: the `meta` envelope (`key`, `page`, `page_size`, `url`, `first_page_url`,
 * `previous_page_url`, `next_page_url`), `PageSize` bounds (1..1000, default 50), and a paginator that follows
 * `next_page_url` (whose query carries the opaque `PageToken`) until it is null.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { CursorPage } from "@taskroute/core"
 * const page = CursorPage.decode({ meta: { key: "workers", page: 0, page_size: 50, url: "u", next_page_url: null }, workers: [] })
 * Result.isSuccess(page) // true
 * ```
 *
 * @module
 */
import { Effect, Option, Result } from "effect"
import { isRecord } from "../internal/guards.js"
import * as Paginator from "./Paginator.js"
import { PaginationError } from "./PaginationError.js"

/**
 * The default `PageSize` of every TaskRouter list operation.
 *
 * @example
 * ```ts
 * import { CursorPage } from "@taskroute/core"
 * CursorPage.defaultPageSize // 50
 * ```
 */
export const defaultPageSize = 50

/**
 * The largest `PageSize` TaskRouter accepts.
 *
 * @example
 * ```ts
 * import { CursorPage } from "@taskroute/core"
 * CursorPage.maxPageSize // 1000
 * ```
 */
export const maxPageSize = 1000

/**
 * The `meta` envelope of a list response, camel-cased. URLs are absolute; `nextPageUrl` is null on the last page.
 *
 * @example
 * ```ts
 * import { CursorPage } from "@taskroute/core"
 * const isLast = (meta: CursorPage.Meta) => meta.nextPageUrl === null
 * ```
 */
export interface Meta {
  readonly key: string
  readonly page: number
  readonly pageSize: number
  readonly url: string | null
  readonly firstPageUrl: string | null
  readonly previousPageUrl: string | null
  readonly nextPageUrl: string | null
}

/**
 * One list page: its envelope and the records under `meta.key`.
 *
 * @example
 * ```ts
 * import { CursorPage } from "@taskroute/core"
 * const count = (page: CursorPage.CursorPage<unknown>) => page.items.length
 * ```
 */
export interface CursorPage<A> {
  readonly meta: Meta
  readonly items: ReadonlyArray<A>
}

/**
 * Checks a `PageSize`: an integer from 1 to 1000.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { CursorPage } from "@taskroute/core"
 * Result.isSuccess(CursorPage.pageSize(1000)) // true
 * Result.isFailure(CursorPage.pageSize(0)) // true
 * ```
 */
export const pageSize = (value: number): Result.Result<number, PaginationError> =>
  Number.isInteger(value) && value >= 1 && value <= maxPageSize
    ? Result.succeed(value)
    : Result.fail(
        new PaginationError({
          reason: "PageSize",
          message: `PageSize must be an integer from 1 to ${maxPageSize}, got ${String(value)}`,
          value,
        }),
      )

const envelopeError = (message: string, value: unknown): PaginationError =>
  new PaginationError({ reason: "Envelope", message: `Not a TaskRouter list page: ${message}`, value })

/**
 * Reads a list response body: `meta` and the array under `meta.key`. Fails with a `PaginationError` naming the
 * first field that does not have the documented shape.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { CursorPage } from "@taskroute/core"
 * const r = CursorPage.decode({ workers: [] })
 * if (Result.isFailure(r)) r.failure.message // "Not a TaskRouter list page: meta must be an object, got undefined"
 * ```
 */
export const decode = (body: unknown): Result.Result<CursorPage<unknown>, PaginationError> => {
  if (!isRecord(body)) return Result.fail(envelopeError(`the body must be a JSON object`, body))
  const meta = body.meta
  if (!isRecord(meta))
    return Result.fail(envelopeError(`meta must be an object, got ${describe(meta)}`, body))
  const key = meta.key
  if (typeof key !== "string" || key.length === 0) {
    return Result.fail(envelopeError(`meta.key must name the list, got ${describe(key)}`, body))
  }
  const page = meta.page
  const size = meta.page_size
  if (!Number.isSafeInteger(page) || typeof page !== "number" || page < 0) {
    return Result.fail(envelopeError(`meta.page must be a non-negative integer, got ${describe(page)}`, body))
  }
  if (!Number.isSafeInteger(size) || typeof size !== "number" || size < 0) {
    return Result.fail(
      envelopeError(`meta.page_size must be a non-negative integer, got ${describe(size)}`, body),
    )
  }
  const urls: Array<string | null> = []
  for (const field of ["url", "first_page_url", "previous_page_url", "next_page_url"]) {
    const value = meta[field]
    if (value === undefined || value === null) urls.push(null)
    else if (typeof value === "string") urls.push(value)
    else
      return Result.fail(
        envelopeError(`meta.${field} must be a string or null, got ${describe(value)}`, body),
      )
  }
  const items = body[key]
  if (!Array.isArray(items)) {
    return Result.fail(
      envelopeError(`"${key}" (named by meta.key) must be an array, got ${describe(items)}`, body),
    )
  }
  const [url = null, firstPageUrl = null, previousPageUrl = null, nextPageUrl = null] = urls
  return Result.succeed({
    meta: { key, page, pageSize: size, url, firstPageUrl, previousPageUrl, nextPageUrl },
    items,
  })
}

const describe = (u: unknown): string => {
  if (u === undefined) return "undefined"
  if (Array.isArray(u)) return "an array"
  if (typeof u === "object" && u !== null) return "an object"
  const text = JSON.stringify(u)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/**
 * The value of one query parameter of a URL (the first occurrence, percent-decoded), e.g. `PageToken` of a
 * `next_page_url`. Works without the DOM/Node `URL` class.
 *
 * @example
 * ```ts
 * import { CursorPage } from "@taskroute/core"
 * CursorPage.queryParam("https://x/v1/Workers?PageSize=50&Page=1&PageToken=PAWK1", "PageToken") // Option.some("PAWK1")
 * ```
 */
export const queryParam = (url: string, name: string): Option.Option<string> => {
  const q = url.indexOf("?")
  if (q < 0) return Option.none()
  const h = url.indexOf("#", q)
  const query = url.slice(q + 1, h < 0 ? undefined : h)
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=")
    const rawKey = eq < 0 ? pair : pair.slice(0, eq)
    if (decodeComponent(rawKey) === name)
      return Option.some(eq < 0 ? "" : decodeComponent(pair.slice(eq + 1)))
  }
  return Option.none()
}

const decodeComponent = (s: string): string => {
  const spaced = s.replaceAll("+", " ")
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/**
 * The `PageToken` of the page after this one, if there is one.
 *
 * @example
 * ```ts
 * import { CursorPage } from "@taskroute/core"
 * const token = (page: CursorPage.CursorPage<unknown>) => CursorPage.nextPageToken(page)
 * ```
 */
export const nextPageToken = (page: CursorPage<unknown>): Option.Option<string> =>
  page.meta.nextPageUrl === null ? Option.none() : queryParam(page.meta.nextPageUrl, "PageToken")

/**
 * What {@link paginator} needs: the page size (checked, default 50), the first request, the request that follows
 * a `next_page_url`, and an optional release hook.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { CursorPage } from "@taskroute/core"
 * declare const get: (url: string) => Effect.Effect<CursorPage.CursorPage<string>>
 * const options: CursorPage.PaginatorOptions<string, never, never> = {
 *   pageSize: 100,
 *   first: (size) => get(`https://taskrouter.twilio.com/v1/Workspaces/WS1/Workers?PageSize=${size}`),
 *   next: (url) => get(url),
 * }
 * ```
 */
export interface PaginatorOptions<A, E, R> {
  readonly pageSize?: number | undefined
  readonly first: (pageSize: number) => Effect.Effect<CursorPage<A>, E, R>
  readonly next: (nextPageUrl: string, previous: CursorPage<A>) => Effect.Effect<CursorPage<A>, E, R>
  readonly release?:
    | ((event: Paginator.ReleaseEvent<CursorPage<A>>) => Effect.Effect<void, never, R>)
    | undefined
}

/**
 * A paginator over TaskRouter list pages: fetches `first(pageSize)`, then follows `meta.next_page_url` until it is
 * null. An invalid page size fails the listing before any request; a `next_page_url` equal to the page's own
 * `url` fails with a `PaginationError` instead of looping forever.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CursorPage, Paginator } from "@taskroute/core"
 * declare const get: (url: string) => Effect.Effect<CursorPage.CursorPage<string>>
 * const workers = CursorPage.paginator({
 *   first: (size) => get(`https://taskrouter.twilio.com/v1/Workspaces/WS1/Workers?PageSize=${size}`),
 *   next: (url) => get(url),
 * })
 * const firstTen = Paginator.collect(workers, { limit: 10 })
 * ```
 */
export const paginator = <A, E, R>(
  options: PaginatorOptions<A, E, R>,
): Paginator.Paginator<A, E | PaginationError, R, CursorPage<A>> => {
  const size = pageSize(options.pageSize ?? defaultPageSize)
  return Paginator.make<CursorPage<A>, A, E | PaginationError, R>({
    first: Result.isFailure(size)
      ? Effect.fail(size.failure)
      : Effect.suspend(() => options.first(size.success)),
    items: (page) => page.items,
    next: (page) => {
      const url = page.meta.nextPageUrl
      if (url === null || url.length === 0) return Option.none()
      if (url === page.meta.url) {
        return Option.some(
          Effect.fail(
            envelopeError(`next_page_url repeats the page's own url (${url}); stopping`, page.meta),
          ),
        )
      }
      return Option.some(Effect.suspend(() => options.next(url, page)))
    },
    release: options.release,
  })
}
