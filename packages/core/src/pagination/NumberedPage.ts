/**
 * Numbered pages over a server-side snapshot, as the iWD Global Task List returns them: `page` (from 1),
 * `tasks_per_page`, `total_tasks` and `snapshot_id`. Page n+1 exists while `page * tasks_per_page < total_tasks`.
 *
 * @example
 * ```ts
 * import { NumberedPage } from "@taskroute/core"
 * NumberedPage.hasNext({ page: 2, tasksPerPage: 10, totalTasks: 25 }) // true
 * NumberedPage.hasNext({ page: 3, tasksPerPage: 10, totalTasks: 25 }) // false
 * ```
 *
 * @module
 */
import { Effect, Option } from "effect"
import * as Paginator from "./Paginator.js"
import { PaginationError } from "./PaginationError.js"

/**
 * Where a numbered page sits in its listing.
 *
 * @example
 * ```ts
 * import type { NumberedPage } from "@taskroute/core"
 * const info: NumberedPage.Info = { page: 1, tasksPerPage: 20, totalTasks: 45 }
 * ```
 */
export interface Info {
  readonly page: number
  readonly tasksPerPage: number
  readonly totalTasks: number
}

/**
 * The position fields of a GTL response body as sent on the wire.
 *
 * @example
 * ```ts
 * import type { NumberedPage } from "@taskroute/core"
 * const body: NumberedPage.Wire = { page: 1, tasks_per_page: 20, total_tasks: 45, snapshot_id: "c1-77" }
 * ```
 */
export interface Wire {
  readonly page: number
  readonly tasks_per_page: number
  readonly total_tasks: number
  readonly snapshot_id?: string | undefined
}

/**
 * Reads the position of a wire page.
 *
 * @example
 * ```ts
 * import { NumberedPage } from "@taskroute/core"
 * NumberedPage.fromWire({ page: 1, tasks_per_page: 20, total_tasks: 45 }).tasksPerPage // 20
 * ```
 */
export const fromWire = (wire: Wire): Info => ({
  page: wire.page,
  tasksPerPage: wire.tasks_per_page,
  totalTasks: wire.total_tasks,
})

/**
 * Whether a page follows this one: `page * tasksPerPage < totalTasks` (and `tasksPerPage > 0`, so a malformed
 * response cannot make a listing endless).
 *
 * @example
 * ```ts
 * import { NumberedPage } from "@taskroute/core"
 * NumberedPage.hasNext({ page: 1, tasksPerPage: 0, totalTasks: 5 }) // false
 * ```
 */
export const hasNext = (info: Info): boolean =>
  info.tasksPerPage > 0 && Number.isFinite(info.page) && info.page * info.tasksPerPage < info.totalTasks

/**
 * The number of pages of a listing.
 *
 * @example
 * ```ts
 * import { NumberedPage } from "@taskroute/core"
 * NumberedPage.pageCount({ page: 1, tasksPerPage: 10, totalTasks: 25 }) // 3
 * ```
 */
export const pageCount = (info: Info): number =>
  info.tasksPerPage > 0 ? Math.ceil(Math.max(0, info.totalTasks) / info.tasksPerPage) : 0

/**
 * What {@link paginator} needs: the fetch of page n (given the previous page, to reuse its snapshot), how to read
 * a page's position and items, the first page number (default 1) and an optional release hook.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { NumberedPage } from "@taskroute/core"
 * interface Body extends NumberedPage.Wire { readonly tasks: ReadonlyArray<unknown> }
 * declare const fetchPage: (n: number, snapshot: string | undefined) => Effect.Effect<Body>
 * const options: NumberedPage.PaginatorOptions<Body, unknown, never, never> = {
 *   fetch: (n, previous) => fetchPage(n, previous._tag === "Some" ? previous.value.snapshot_id : undefined),
 *   info: NumberedPage.fromWire,
 *   items: (body) => body.tasks,
 * }
 * ```
 */
export interface PaginatorOptions<P, A, E, R> {
  readonly fetch: (page: number, previous: Option.Option<P>) => Effect.Effect<P, E, R>
  readonly info: (page: P) => Info
  readonly items: (page: P) => ReadonlyArray<A>
  readonly firstPage?: number | undefined
  readonly release?: ((event: Paginator.ReleaseEvent<P>) => Effect.Effect<void, never, R>) | undefined
}

/**
 * A paginator over numbered pages: fetches `firstPage` (default 1), then page n+1 while {@link hasNext}. A later
 * response numbered differently from the page asked for (the snapshot changed under the listing) fails with a
 * `PaginationError` rather than repeating or skipping tasks.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { NumberedPage, Paginator } from "@taskroute/core"
 * interface Body extends NumberedPage.Wire { readonly tasks: ReadonlyArray<string> }
 * declare const fetchPage: (n: number, snapshot: string | undefined) => Effect.Effect<Body>
 * declare const release: (snapshot: string) => Effect.Effect<void>
 * const tasks = NumberedPage.paginator({
 *   fetch: (n, previous) => fetchPage(n, Option.getOrUndefined(previous)?.snapshot_id),
 *   info: NumberedPage.fromWire,
 *   items: (body: Body) => body.tasks,
 *   release: ({ lastPage }) =>
 *     Option.match(lastPage, { onNone: () => Effect.void, onSome: (p) => release(p.snapshot_id ?? "") }),
 * })
 * Paginator.collect(tasks, { limit: 50 })
 * ```
 */
export const paginator = <P, A, E, R>(
  options: PaginatorOptions<P, A, E, R>,
): Paginator.Paginator<A, E | PaginationError, R, P> => {
  const start = options.firstPage ?? 1
  const badStart =
    Number.isSafeInteger(start) && start >= 1
      ? undefined
      : new PaginationError({
          reason: "Envelope",
          message: `firstPage must be an integer of at least 1 (pages are numbered from 1), got ${String(start)}`,
          value: start,
        })
  return Paginator.make<P, A, E | PaginationError, R>({
    first:
      badStart === undefined
        ? Effect.suspend(() => options.fetch(start, Option.none()))
        : Effect.fail(badStart),
    items: options.items,
    next: (page) => {
      const info = options.info(page)
      if (!hasNext(info)) return Option.none()
      const wanted = info.page + 1
      return Option.some(
        Effect.flatMap(
          Effect.suspend(() => options.fetch(wanted, Option.some(page))),
          (nextPage): Effect.Effect<P, PaginationError> => {
            const got = options.info(nextPage).page
            return got === wanted
              ? Effect.succeed(nextPage)
              : Effect.fail(
                  new PaginationError({
                    reason: "Envelope",
                    message: `Asked for page ${wanted} and received page ${got}: the listing changed while it was read; start it again`,
                    value: nextPage,
                  }),
                )
          },
        ),
      )
    },
    release: options.release,
  })
}
