import { Cause, Effect, Layer, ManagedRuntime } from "effect"
import type { GtlAttributeInfo } from "../gtl/GtlAttributes.js"
import type { GtlPage, GtlQuery, GtlTask } from "../gtl/GtlPage.js"
import { GtlClient } from "../gtl/GtlClient.js"
import { type FetchLike, makeFetchSend } from "../gtl/internal/fetchTransport.js"
import * as NumberedPage from "../pagination/NumberedPage.js"
import * as Paginator from "../pagination/Paginator.js"
import { toTaskRouteError } from "../internal/facadeSupport.js"
import { isRecord } from "../internal/guards.js"
import { HttpTransport } from "../transport/HttpTransport.js"
import { TaskRouteError } from "./TaskRouteError.js"

/**
 * Options of {@link GlobalTaskList}.
 * - `baseUrl`: the API base, `http(s)://host:port/iwd_manager/api`;
 * - `headers`: sent with every request (e.g. `authorization`);
 * - `fetch`: the fetch to use (default: the global `fetch`, looked up at each request);
 * - `cookies`: `jar` keeps the session cookie in this client (the default where there is no `document`, e.g.
 *   Node), `browser` leaves it to the browser (the default in a page; requests carry credentials);
 * - `timeoutMs`: per request, default 30 s.
 *
 * @example
 * ```ts
 * import type { GlobalTaskListOptions } from "@taskroute/core"
 * const options: GlobalTaskListOptions = {
 *   baseUrl: "http://127.0.0.1:8080/iwd_manager/api",
 *   headers: { authorization: `Basic ${btoa("AC...:token")}` },
 * }
 * ```
 */
export interface GlobalTaskListOptions {
  readonly baseUrl: string
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly fetch?: FetchLike | undefined
  readonly cookies?: "jar" | "browser" | undefined
  readonly timeoutMs?: number | undefined
}

/**
 * A page of the Global Task List that knows its query and snapshot: `next()`, `previous()` and `goTo(n)`
 * open other pages of the same snapshot (`next()` / `previous()` resolve to undefined past either end);
 * `release()` releases the snapshot. When the server redirected an out-of-range page, `redirected` is true
 * and `page` is the page returned (`requestedPage` the one asked for).
 *
 * @example
 * ```ts
 * import type { GlobalTaskListPage } from "@taskroute/core"
 * const ids = (page: GlobalTaskListPage) => page.tasks.map((t) => t.core.id?.value)
 * ```
 */
export interface GlobalTaskListPage extends GtlPage {
  /** The query of this page, with its snapshot. */
  readonly query: GtlQuery
  readonly pageCount: number
  readonly hasNext: boolean
  readonly hasPrevious: boolean
  readonly next: () => Promise<GlobalTaskListPage | undefined>
  readonly previous: () => Promise<GlobalTaskListPage | undefined>
  readonly goTo: (page: number) => Promise<GlobalTaskListPage>
  readonly release: () => Promise<void>
}

const isFetch = (u: unknown): u is FetchLike => typeof u === "function"

/** The facade's error for a failure of the GTL client: GTL and QL errors here, the rest as everywhere else. */
const toError = (failure: unknown): TaskRouteError => {
  if (!isRecord(failure)) return toTaskRouteError(failure)
  const message = typeof failure.message === "string" ? failure.message : String(failure)
  switch (failure._tag) {
    case "GtlError": {
      const messages = Array.isArray(failure.messages) ? failure.messages : []
      const first: unknown = messages[0]
      const id =
        isRecord(first) && typeof first.message_id === "string" && first.message_id !== ""
          ? first.message_id
          : undefined
      return new TaskRouteError(message, {
        code: id ?? (typeof failure.reason === "string" ? failure.reason : "GtlError"),
        status: typeof failure.status === "number" ? failure.status : undefined,
        details: messages,
        cause: failure,
      })
    }
    case "QlError":
      return new TaskRouteError(message, {
        code: "InvalidQl",
        details: { offset: failure.offset, index: failure.index },
        cause: failure,
      })
    default:
      return toTaskRouteError(failure)
  }
}

const defaultCookies = (): "jar" | "browser" =>
  Reflect.get(globalThis, "document") === undefined ? "jar" : "browser"

/**
 * The iWD Global Task List client as Promises: search a solution's tasks with QL (text or items), read
 * numbered pages over one server-side snapshot, iterate every page or task.
 *
 * @example
 * ```ts
 * import { GlobalTaskList } from "@taskroute/core"
 * const gtl = new GlobalTaskList({
 *   baseUrl: "http://127.0.0.1:8080/iwd_manager/api",
 *   headers: { authorization: `Basic ${btoa("AC...:token")}` },
 * })
 * const page = await gtl.fetchPage({
 *   solutionDbid: 101,
 *   ql: "Queue IN ( 'iWD_Rejected' , 'iWD_Canceled' ) and 'Business Value' in ( 1, 2, 3)",
 *   columns: { Queue: "queue", "Business Value": "IWD_businessValue" },
 * })
 * const second = await page.next()
 * await page.release()
 * for await (const task of gtl.tasks({ solutionDbid: 101, orderBy: "data.amount" })) console.log(task.core.id?.value)
 * await gtl.close()
 * ```
 */
export class GlobalTaskList {
  private readonly runtime: ManagedRuntime.ManagedRuntime<GtlClient, never>

  constructor(options: GlobalTaskListOptions) {
    const custom = options.fetch
    const fetchFn = (): FetchLike => {
      if (custom !== undefined) return custom
      const global: unknown = Reflect.get(globalThis, "fetch")
      if (!isFetch(global)) throw new TypeError("No fetch function: pass one in the options (fetch)")
      return global
    }
    const cookies = options.cookies ?? defaultCookies()
    const send = makeFetchSend(fetchFn, { cookies, timeoutMs: options.timeoutMs ?? 30_000 })
    const transport = Layer.succeed(HttpTransport)({ send })
    this.runtime = ManagedRuntime.make(
      GtlClient.layer({ baseUrl: options.baseUrl, headers: options.headers, cookies }).pipe(
        Layer.provide(transport),
      ),
    )
  }

  private run<A, E>(effect: Effect.Effect<A, E, GtlClient>): Promise<A> {
    return this.runtime.runPromiseExit(effect).then((exit) => {
      if (exit._tag === "Success") return exit.value
      const failure = exit.cause.reasons.find(Cause.isFailReason)
      if (failure !== undefined) throw toError(failure.error)
      const defect = exit.cause.reasons.find(Cause.isDieReason)
      if (defect !== undefined) throw toError(defect.defect)
      throw new TaskRouteError("The Global Task List client was closed before the request completed", {
        code: "Closed",
      })
    })
  }

  private wrap(page: GtlPage, query: GtlQuery): GlobalTaskListPage {
    const ofSnapshot: GtlQuery = { ...query, snapshotId: page.snapshotId, releaseSnapshot: undefined }
    const open = (n: number) => this.fetchPage({ ...ofSnapshot, page: n })
    const hasNext = NumberedPage.hasNext(page)
    const hasPrevious = page.page > 1
    return {
      ...page,
      query: ofSnapshot,
      pageCount: NumberedPage.pageCount(page),
      hasNext,
      hasPrevious,
      next: () => (hasNext ? open(page.page + 1) : Promise.resolve(undefined)),
      previous: () => (hasPrevious ? open(page.page - 1) : Promise.resolve(undefined)),
      goTo: open,
      release: () => this.release(page.snapshotId, query),
    }
  }

  /**
   * Fetches one page (default page 1). Rejects with a {@link TaskRouteError}: `status` 400, 403 or 404 and
   * the server's messages in `details` (`code` is the first message id), or `code` `InvalidQl` for QL that
   * does not parse.
   *
   * @example
   * ```ts
   * import { GlobalTaskList } from "@taskroute/core"
   * declare const gtl: GlobalTaskList
   * const page = await gtl.fetchPage({ solutionDbid: 101, page: 2, orderDirection: "ascending" })
   * ```
   */
  fetchPage(query: GtlQuery): Promise<GlobalTaskListPage> {
    return this.run(GtlClient.use((gtl) => gtl.fetchPage(query))).then((page) => this.wrap(page, query))
  }

  /**
   * Releases a snapshot (by requesting page 1 of `query` with `release_snapshot`, the API's only way).
   *
   * @example
   * ```ts
   * import { GlobalTaskList } from "@taskroute/core"
   * declare const gtl: GlobalTaskList
   * await gtl.release("c0ffee-12", { solutionDbid: 101 })
   * ```
   */
  release(snapshotId: string, query: GtlQuery): Promise<void> {
    return this.run(GtlClient.use((gtl) => gtl.release(query, snapshotId)))
  }

  /**
   * The attributes a query of the solution may use (`GET /gtl/attributes/{solutionDbid}`): name, column and
   * filter labels, type, category, whether it is filterable and its column name. `Gtl.qlColumns(list)` makes
   * the label-to-column map that `columns` of a query (and `parseQl`) takes, so a UI can accept QL as people
   * write it. Rejects like {@link fetchPage} (404 for an unknown solution).
   *
   * @example
   * ```ts
   * import { GlobalTaskList, Gtl } from "@taskroute/core"
   * declare const gtl: GlobalTaskList
   * const list = await gtl.attributes(101)
   * const page = await gtl.fetchPage({
   *   solutionDbid: 101,
   *   ql: "Queue IN ('iWD_Rejected', 'iWD_Canceled') AND 'Business Value' IN (1, 2, 3)",
   *   columns: Gtl.qlColumns(list),
   * })
   * ```
   */
  attributes(solutionDbid: number): Promise<ReadonlyArray<GtlAttributeInfo>> {
    return this.run(GtlClient.use((gtl) => gtl.attributes(solutionDbid)))
  }

  /**
   * Every page of a search, over one snapshot, released when the loop ends (also by `break` or a throw).
   *
   * @example
   * ```ts
   * import { GlobalTaskList } from "@taskroute/core"
   * declare const gtl: GlobalTaskList
   * for await (const page of gtl.pages({ solutionDbid: 101 })) console.log(page.page, page.tasks.length)
   * ```
   */
  pages(
    query: GtlQuery,
    options?: { readonly limit?: number | undefined },
  ): AsyncIterable<GlobalTaskListPage> {
    return this.iterate(
      (gtl) => gtl.pages(query),
      options,
      (page) => this.wrap(page, query),
    )
  }

  /**
   * Every task of a search, over one snapshot, released when the loop ends (also by `break` or a throw).
   *
   * @example
   * ```ts
   * import { GlobalTaskList } from "@taskroute/core"
   * declare const gtl: GlobalTaskList
   * for await (const task of gtl.tasks({ solutionDbid: 101, ql: "IWD_priority >= 5" }, { limit: 500 })) {
   *   console.log(task.core.id?.value)
   * }
   * ```
   */
  tasks(query: GtlQuery, options?: { readonly limit?: number | undefined }): AsyncIterable<GtlTask> {
    return this.iterate(
      (gtl) => gtl.tasks(query),
      options,
      (task) => task,
    )
  }

  private iterate<A, B>(
    select: (gtl: GtlClient["Service"]) => Paginator.Paginator<A, unknown, never, GtlPage>,
    options: { readonly limit?: number | undefined } | undefined,
    f: (a: A) => B,
  ): AsyncIterable<B> {
    const run = <X, E>(effect: Effect.Effect<X, E, GtlClient>): Promise<X> => this.run(effect)
    return {
      [Symbol.asyncIterator]: () => {
        let inner: AsyncIterator<A> | undefined
        const start = async (): Promise<AsyncIterator<A>> => {
          if (inner === undefined) {
            const paginator = await run(GtlClient.use((gtl) => Effect.succeed(select(gtl))))
            inner = Paginator.toAsyncIterable(paginator, run, options)[Symbol.asyncIterator]()
          }
          return inner
        }
        return {
          next: async (): Promise<IteratorResult<B, undefined>> => {
            const r = await (await start()).next()
            return r.done === true ? { done: true, value: undefined } : { done: false, value: f(r.value) }
          },
          return: async (): Promise<IteratorResult<B, undefined>> => {
            if (inner?.return !== undefined) await inner.return()
            return { done: true, value: undefined }
          },
        }
      },
    }
  }

  /**
   * Disposes the client's runtime; later calls reject.
   *
   * @example
   * ```ts
   * import { GlobalTaskList } from "@taskroute/core"
   * declare const gtl: GlobalTaskList
   * await gtl.close()
   * ```
   */
  close(): Promise<void> {
    return this.runtime.dispose()
  }
}
