import { Context, Effect, Layer, Option } from "effect"
import * as NumberedPage from "../pagination/NumberedPage.js"
import type * as Paginator from "../pagination/Paginator.js"
import type { PaginationError } from "../pagination/PaginationError.js"
import { QlError } from "../ql/QlError.js"
import { type HttpRequest, type HttpResponse, HttpTransport } from "../transport/HttpTransport.js"
import type { TransportError } from "../transport/TransportError.js"
import type { GtlAttributeInfo } from "./GtlAttributes.js"
import { GtlError } from "./GtlError.js"
import type { GtlPage, GtlQuery, GtlTask } from "./GtlPage.js"
import { type CookieJar, makeCookieJar, mergeCookieHeaders } from "./internal/cookies.js"
import { decodeAttributes, decodeMessages, decodePage } from "./internal/decode.js"
import { attributesUrl, qlItems, requestBody, resolveLocation, searchUrl } from "./internal/request.js"

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
 *   out-of-range page (302, 307) is followed and reported on the page; 400, 401, 403 and 404 fail with
 *   {@link GtlError} carrying the server's messages; bad QL fails with `QlError` before anything is sent.
 *   Redirects are followed here when the transport hands them back (the `jar` cookie mode needs that: the
 *   session cookie a redirect sets goes with the next hop); a transport that follows them itself works too.
 * - `attributes` lists the attributes a query of a solution may use (`GET /gtl/attributes/{solution_dbid}`),
 *   with their labels and column names: `qlColumns` of the list is the label map for `parseQl`.
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
    readonly attributes: (solutionDbid: number) => Effect.Effect<ReadonlyArray<GtlAttributeInfo>, GtlFailure>
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
  status === 400
    ? "BadRequest"
    : status === 401
      ? "Unauthorized"
      : status === 403
        ? "Forbidden"
        : status === 404
          ? "NotFound"
          : "Unexpected"

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5

/** The error of an answer that is not a success: the server's messages, or the status when there are none. */
const failureOf = (response: HttpResponse): GtlError => {
  const messages = decodeMessages(response.body)
  const text = messages.map((m) => m.message).join("; ")
  return new GtlError({
    reason: reasonOf(response.status),
    message: text === "" ? `The GTL API answered HTTP ${response.status}` : text,
    status: response.status,
    messages,
  })
}

const unexpected = (what: string): GtlError =>
  new GtlError({
    reason: "Unexpected",
    message: `Unexpected GTL response: ${what}`,
    status: 200,
    messages: [],
  })

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

  /**
   * Sends a request with the session cookie and follows redirects (at most {@link MAX_REDIRECTS}), storing
   * the cookies of every hop first. 303, and 301/302 after a POST, continue as a GET without the body.
   */
  const exchange = (
    request: HttpRequest,
  ): Effect.Effect<{ readonly response: HttpResponse; readonly redirected: boolean }, GtlFailure> =>
    Effect.gen(function* () {
      let current = request
      for (let hop = 0; ; hop++) {
        const cookie = mergeCookieHeaders(baseHeaders.cookie, jar?.header())
        const { cookie: _, ...rest } = current.headers
        const response = yield* http.send({
          ...current,
          headers: cookie === undefined ? rest : { ...rest, cookie },
        })
        jar?.store(response.headers["set-cookie"])
        const location = response.headers.location
        if (!REDIRECTS.has(response.status) || location === undefined || location === "") {
          return { response, redirected: hop > 0 || response.redirected }
        }
        if (hop >= MAX_REDIRECTS) {
          return yield* Effect.fail(
            new GtlError({
              reason: "Unexpected",
              message: `${request.method} ${request.url} was redirected more than ${MAX_REDIRECTS} times`,
              status: response.status,
              messages: [],
            }),
          )
        }
        const url = resolveLocation(current.url, location)
        const asGet =
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && current.method === "POST")
        if (asGet) {
          const { "content-type": _type, ...headers } = current.headers
          current = { method: "GET", url, headers }
        } else {
          current = { ...current, url }
        }
      }
    })

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
      const requestedPage = query.page ?? 1
      return Effect.flatMap(
        exchange({
          method: body === undefined ? "GET" : "POST",
          url: searchUrl(config.baseUrl, query),
          headers: body === undefined ? baseHeaders : { ...baseHeaders, "content-type": "application/json" },
          ...(body === undefined ? {} : { body }),
        }),
        ({ response, redirected }): Effect.Effect<GtlPage, GtlError> => {
          if (response.status !== 200) return Effect.fail(failureOf(response))
          const page = decodePage(response.body, requestedPage, redirected)
          return typeof page === "string" ? Effect.fail(unexpected(page)) : Effect.succeed(page)
        },
      )
    })

  const attributes = (solutionDbid: number): Effect.Effect<ReadonlyArray<GtlAttributeInfo>, GtlFailure> =>
    Effect.flatMap(
      exchange({ method: "GET", url: attributesUrl(config.baseUrl, solutionDbid), headers: baseHeaders }),
      ({ response }): Effect.Effect<ReadonlyArray<GtlAttributeInfo>, GtlError> => {
        if (response.status !== 200) return Effect.fail(failureOf(response))
        const list = decodeAttributes(response.body)
        return typeof list === "string" ? Effect.fail(unexpected(list)) : Effect.succeed(list)
      },
    )

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
    attributes,
    pages: (query) => NumberedPage.paginator({ ...listing(query), items: (p: GtlPage) => [p] }),
    tasks: (query) => NumberedPage.paginator({ ...listing(query), items: (p: GtlPage) => p.tasks }),
  }
}
