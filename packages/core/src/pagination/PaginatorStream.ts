/**
 * Effect `Stream` views of a {@link Paginator.Paginator}, kept apart from `Paginator` so that bundles which only
 * iterate or observe do not include `effect/Stream`.
 *
 * @example
 * ```ts
 * import { Effect, Option, Stream } from "effect"
 * import { Paginator, PaginatorStream } from "@taskroute/core"
 * const p = Paginator.make({ first: Effect.succeed([1, 2, 3]), items: (x: ReadonlyArray<number>) => x, next: () => Option.none() })
 * Effect.runPromise(Stream.runCollect(PaginatorStream.items(p, { limit: 2 }))) // [1, 2]
 * ```
 *
 * @module
 */
import { Effect, Option, Stream } from "effect"
import { makeSession } from "../internal/pagination/session.js"
import type * as Paginator from "./Paginator.js"
import type { PaginationError } from "./PaginationError.js"

/**
 * The items as a Stream. Pages are pulled lazily; when the stream ends, fails or is interrupted (for example by
 * `Stream.take` downstream) the release hook runs once.
 *
 * @example
 * ```ts
 * import { Effect, Option, Stream } from "effect"
 * import { Paginator, PaginatorStream } from "@taskroute/core"
 * const p = Paginator.make({ first: Effect.succeed(["a"]), items: (x: ReadonlyArray<string>) => x, next: () => Option.none() })
 * const names = PaginatorStream.items(p).pipe(Stream.map((s) => s.toUpperCase()))
 * ```
 */
export const items = <A, E, R, P>(
  self: Paginator.Paginator<A, E, R, P>,
  options?: Paginator.ConsumeOptions,
): Stream.Stream<A, E | PaginationError, R> =>
  Stream.suspend(() => {
    const session = makeSession(self, options?.limit)
    return Stream.paginate(undefined, () =>
      Effect.map(session.pull, (page) =>
        page === undefined ? ([[], Option.none()] as const) : ([page.items, Option.some(undefined)] as const),
      ),
    ).pipe(Stream.ensuring(session.close))
  })

/**
 * The pages as a Stream: each raw page with its items (the last one cut to `limit`), empty pages included.
 *
 * @example
 * ```ts
 * import { Effect, Option, Stream } from "effect"
 * import { Paginator, PaginatorStream } from "@taskroute/core"
 * const p = Paginator.make({ first: Effect.succeed(["a"]), items: (x: ReadonlyArray<string>) => x, next: () => Option.none() })
 * const counts = PaginatorStream.pages(p).pipe(Stream.map((page) => page.items.length))
 * ```
 */
export const pages = <A, E, R, P>(
  self: Paginator.Paginator<A, E, R, P>,
  options?: Paginator.ConsumeOptions,
): Stream.Stream<Paginator.Page<A, P>, E | PaginationError, R> =>
  Stream.suspend(() => {
    const session = makeSession(self, options?.limit)
    return Stream.paginate(undefined, () =>
      Effect.map(session.pull, (page) =>
        page === undefined ? ([[], Option.none()] as const) : ([[page], Option.some(undefined)] as const),
      ),
    ).pipe(Stream.ensuring(session.close))
  })
