import { Context, Effect, Layer, Option } from "effect"
import * as NumberedPage from "../pagination/NumberedPage.js"
import type * as Paginator from "../pagination/Paginator.js"
import type { PaginationError } from "../pagination/PaginationError.js"
import { QlError } from "../ql/QlError.js"
import { HttpTransport } from "../transport/HttpTransport.js"
import type { TransportError } from "../transport/TransportError.js"
import { GtlError } from "./GtlError.js"
import type { GtlPage, GtlQuery, GtlTask } from "./GtlPage.js"
import { type CookieJar, makeCookieJar, mergeCookieHeaders } from "./internal/cookies.js"
import { decodeMessages, decodePage } from "./internal/decode.js"
import { qlItems, requestBody, searchUrl } from "./internal/request.js"

/**
 * Where and how the client talks to the GTL API. `baseUrl` is the API base, e.g.
 * `http://127.0.0.1:8080/iwd_manager/api`. `cookies`: `jar` keeps the session cookie (`JSESSIONID`) in the
 * client (hosts without a cookie store, such as Node); `browser` leaves cookies to the browser.
 *
 * @example
 * ```ts
 * import type { Gtl } from "@taskroute/core"
 * const config: Gtl.GtlClientConfig = {
 *   baseUrl: "http://127.0.0.1:8080/iwd_manager/api",
 *   headers: { authorization: `Basic ${btoa("user:secret")}` },
 *   cookies: "jar",
 * }
 * ```
 */
export interface GtlClientConfig {
  readonly baseUrl: string
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly cookies?: "jar" | "browser" | undefined
}

/** Everything a GTL request can fail with. */
export type GtlFailure = GtlError | QlError | TransportError

/**
 * The Global Task List client: searches pages of tasks over server-side snapshots.
 * - `fetchPage` sends one search (POST with the QL items as the body, or the legacy GET); a redirect of an
 *   out-of-range page is followed and reported on the page; 400, 403 and 404 fail with {@link GtlError}
 *   carrying the server's messages; bad QL fails with `QlError` before anything is sent.
 * - `release` releases a snapshot (the API releases a snapshot only by taking a new one: it requests page 1
 *   of the query with `release_snapshot`; the new snapshot expires on the server's idle timer).
 * - `pages` / `tasks` read every page over one snapshot and release it when the listing ends, whatever the
 *   reason (done, limit, abandoned, failed).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Gtl } from "@taskroute/core"
 * const firstPage = Gtl.GtlClient.use((gtl) => gtl.fetchPage({ solutionDbid: 101, ql: "IWD_priority > 5" }))
 * ```
 */
export class GtlClient extends Context.Service<
  GtlClient,
  {
    readonly fetchPage: (query: GtlQuery) => Effect.Effect<GtlPage, GtlFailure>
    readonly release: (query: GtlQuery, snapshotId: string) => Effect.Effect<void, GtlFailure>
    readonly pages: (
      query: GtlQuery,
    ) => Paginator.Paginator<GtlPage, GtlFailure | PaginationError, never, GtlPage>
    readonly tasks: (
      query: GtlQuery,
    ) => Paginator.Paginator<GtlTask, GtlFailure | PaginationError, never, GtlPage>
  }
>()("@taskroute/core/GtlClient") {
  /**
   * The client over the `HttpTransport` in context.
   *
   * @example
   * ```ts
   * import { Gtl } from "@taskroute/core"
   * const live = Gtl.GtlClient.layer({ baseUrl: "http://127.0.0.1:8080/iwd_manager/api" })
   * ```
   */
  static readonly layer = (config: GtlClientConfig): Layer.Layer<GtlClient, never, HttpTransport> =>
    Layer.effect(
      GtlClient,
      Effect.map(HttpTransport, (http) => make(config, http)),
    )
}

const reasonOf = (status: number): GtlError["reason"] =>
  status === 400 ? "BadRequest" : status === 403 ? "Forbidden" : status === 404 ? "NotFound" : "Unexpected"

/**
 * Builds the client's operations over an HTTP transport.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Gtl, HttpTransport } from "@taskroute/core"
 * const client = Effect.map(HttpTransport, (http) => Gtl.make({ baseUrl: "http://127.0.0.1:1/iwd_manager/api" }, http))
 * ```
 */
export const make = (config: GtlClientConfig, http: HttpTransport["Service"]): GtlClient["Service"] => {
  const jar: CookieJar | undefined = config.cookies === "browser" ? undefined : makeCookieJar()
  const baseHeaders: Record<string, string> = { accept: "application/json" }
  for (const [k, v] of Object.entries(config.headers ?? {})) baseHeaders[k.toLowerCase()] = v

  const fetchPage = (query: GtlQuery): Effect.Effect<GtlPage, GtlFailure> =>
    Effect.suspend((): Effect.Effect<GtlPage, GtlFailure> => {
      let items: ReturnType<typeof qlItems>
      try {
        items = qlItems(query)
      } catch (e) {
        if (e instanceof QlError) return Effect.fail(e)
        return Effect.die(e)
      }
      if (query.legacyGet === true && items.length > 0) {
        return Effect.fail(
          new GtlError({
            reason: "InvalidRequest",
            message:
              "QL is sent in the body of the POST search request (iWD 9.0.013 and later); the legacy GET carries none",
            messages: [],
          }),
        )
      }
      if (query.snapshotId !== undefined && query.releaseSnapshot !== undefined) {
        // The server answers 400 as well; saying it here names the mistake without a round trip.
        return Effect.fail(
          new GtlError({
            reason: "InvalidRequest",
            message: "snapshotId and releaseSnapshot are mutually exclusive",
            messages: [],
          }),
        )
      }
      const body = requestBody(query, items)
      const cookie = mergeCookieHeaders(baseHeaders.cookie, jar?.header())
      const headers: Record<string, string> = {
        ...baseHeaders,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(cookie === undefined ? {} : { cookie }),
      }
      const requestedPage = query.page ?? 1
      return Effect.flatMap(
        http.send({
          method: body === undefined ? "GET" : "POST",
          url: searchUrl(config.baseUrl, query),
          headers,
          ...(body === undefined ? {} : { body }),
        }),
        (response): Effect.Effect<GtlPage, GtlError> => {
          jar?.store(response.headers["set-cookie"])
          if (response.status === 200) {
            const page = decodePage(response.body, requestedPage, response.redirected)
            if (typeof page === "string") {
              return Effect.fail(
                new GtlError({
                  reason: "Unexpected",
                  message: `Unexpected GTL response: ${page}`,
                  status: 200,
                  messages: [],
                }),
              )
            }
            return Effect.succeed(page)
          }
          const messages = decodeMessages(response.body)
          const text = messages.map((m) => m.message).join("; ")
          return Effect.fail(
            new GtlError({
              reason: reasonOf(response.status),
              message: text === "" ? `The GTL API answered HTTP ${response.status}` : text,
              status: response.status,
              messages,
            }),
          )
        },
      )
    })

  const release = (query: GtlQuery, snapshotId: string): Effect.Effect<void, GtlFailure> =>
    Effect.asVoid(fetchPage({ ...query, page: 1, snapshotId: undefined, releaseSnapshot: snapshotId }))

  const listing = (query: GtlQuery) => ({
    fetch: (page: number, previous: Option.Option<GtlPage>) =>
      Option.match(previous, {
        onNone: () => fetchPage({ ...query, page }),
        onSome: (p) => fetchPage({ ...query, page, snapshotId: p.snapshotId, releaseSnapshot: undefined }),
      }),
    info: (p: GtlPage): NumberedPage.Info => ({
      page: p.page,
      tasksPerPage: p.tasksPerPage,
      totalTasks: p.totalTasks,
    }),
    firstPage: query.page ?? 1,
    release: ({ lastPage }: Paginator.ReleaseEvent<GtlPage>) =>
      Option.match(lastPage, {
        onNone: () => Effect.void,
        onSome: (p) => Effect.ignore(release(query, p.snapshotId)),
      }),
  })

  return {
    fetchPage,
    release,
    pages: (query) => NumberedPage.paginator({ ...listing(query), items: (p: GtlPage) => [p] }),
    tasks: (query) => NumberedPage.paginator({ ...listing(query), items: (p: GtlPage) => p.tasks }),
  }
}
