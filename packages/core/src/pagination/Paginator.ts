/**
 * One paginator over any paged listing (TaskRouter cursor pages, GTL numbered snapshot pages), consumed as an
 * `AsyncIterable`, an RxJS `Observable`, an Effect (`collect`) or, through `PaginatorStream`, an Effect `Stream`.
 * Pages are fetched lazily, one when the consumer needs an item beyond the current page, and never beyond
 * `limit` items. Every consumption ends by running the paginator's release hook exactly once, with the reason:
 * `exhausted` (no next page), `limit` (the limit was reached), `abandoned` (the consumer stopped: `break` in
 * `for await`, `unsubscribe()`, stream interruption) or `failed` (a fetch failed).
 *
 * This module does not import `effect/Stream`, so a bundle that only iterates or observes does not pay for it.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Paginator } from "@taskroute/core"
 * const pages = [[1, 2], [3, 4], [5]]
 * const numbers = Paginator.make({
 *   first: Effect.succeed(0),
 *   items: (i: number) => pages[i] ?? [],
 *   next: (i) => (i + 1 < pages.length ? Option.some(Effect.succeed(i + 1)) : Option.none()),
 * })
 * for await (const n of Paginator.toAsyncIterable(numbers, Effect.runPromise, { limit: 3 })) console.log(n)
 * ```
 *
 * @module
 */
import { Cause, Effect, type Fiber, Option } from "effect"
import { Observable } from "rxjs"
import { makeSession } from "../internal/pagination/session.js"
import type { PaginationError } from "./PaginationError.js"

export { PaginationError } from "./PaginationError.js"

/**
 * How a consumption of a paginator ended, as given to the release hook.
 *
 * @example
 * ```ts
 * import { Paginator } from "@taskroute/core"
 * const keepSnapshot = (reason: Paginator.ReleaseReason) => reason === "exhausted"
 * ```
 */
export type ReleaseReason = "exhausted" | "limit" | "abandoned" | "failed"

/**
 * What the release hook receives: why the listing ended and the last page fetched (none if no page was).
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Paginator } from "@taskroute/core"
 * const release = (e: Paginator.ReleaseEvent<{ snapshot_id: string }>) =>
 *   Option.match(e.lastPage, { onNone: () => Effect.void, onSome: (p) => Effect.log(`release ${p.snapshot_id}`) })
 * ```
 */
export interface ReleaseEvent<P> {
  readonly reason: ReleaseReason
  readonly lastPage: Option.Option<P>
}

/**
 * A fetched page as consumers see it: the raw page and its items (cut to the limit on the last page).
 *
 * @example
 * ```ts
 * import { Paginator } from "@taskroute/core"
 * const sizes = (pages: ReadonlyArray<Paginator.Page<string>>) => pages.map((p) => p.items.length)
 * ```
 */
export interface Page<A, P = unknown> {
  readonly page: P
  readonly items: ReadonlyArray<A>
}

/**
 * A fetched page linked to the effect that fetches the next one and to its release hook. Built by {@link make};
 * the links make a paginator covariant in every type parameter.
 *
 * @example
 * ```ts
 * import { Option } from "effect"
 * import { Paginator } from "@taskroute/core"
 * const isLast = (step: Paginator.Step<number, never, never, unknown>) => Option.isNone(step.next)
 * ```
 */
export interface Step<A, E, R, P> extends Page<A, P> {
  readonly next: Option.Option<Effect.Effect<Step<A, E, R, P>, E, R>>
  readonly release: (reason: ReleaseReason) => Effect.Effect<void, never, R>
}

/**
 * A lazily fetched listing of `A`s; `E` is the fetch error, `R` the services the fetches need, `P` the raw page.
 * A paginator is a description: every consumption starts again from the first page.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Paginator } from "@taskroute/core"
 * const one: Paginator.Paginator<string> = Paginator.make({
 *   first: Effect.succeed(["a"]),
 *   items: (page: ReadonlyArray<string>) => page,
 *   next: () => Option.none(),
 * })
 * ```
 */
export interface Paginator<A, E = never, R = never, P = unknown> {
  readonly first: Effect.Effect<Step<A, E, R, P>, E, R>
  /** The release hook for a listing that ended before its first page arrived. */
  readonly releaseBeforeFirst: (reason: ReleaseReason) => Effect.Effect<void, never, R>
}

/**
 * What {@link make} needs: how to fetch the first page, the items of a page, the fetch of the page after a
 * page (none on the last), and an optional release hook.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import type { Paginator } from "@taskroute/core"
 * const options: Paginator.MakeOptions<number, number, never, never> = {
 *   first: Effect.succeed(1),
 *   items: (n) => [n],
 *   next: (n) => (n < 3 ? Option.some(Effect.succeed(n + 1)) : Option.none()),
 * }
 * ```
 */
export interface MakeOptions<P, A, E, R> {
  readonly first: Effect.Effect<P, E, R>
  readonly items: (page: P) => ReadonlyArray<A>
  readonly next: (page: P) => Option.Option<Effect.Effect<P, E, R>>
  readonly release?: ((event: ReleaseEvent<P>) => Effect.Effect<void, never, R>) | undefined
}

/**
 * Builds a paginator from a first-page fetch and a next-page function.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Paginator } from "@taskroute/core"
 * const pages = [["a", "b"], ["c"]]
 * const letters = Paginator.make({
 *   first: Effect.succeed(0),
 *   items: (i: number) => pages[i] ?? [],
 *   next: (i) => (i + 1 < pages.length ? Option.some(Effect.succeed(i + 1)) : Option.none()),
 *   release: ({ reason }) => Effect.log(`listing ended: ${reason}`),
 * })
 * ```
 */
export const make = <P, A, E = never, R = never>(options: MakeOptions<P, A, E, R>): Paginator<A, E, R, P> => {
  const hook = options.release
  const releaseFor =
    (lastPage: Option.Option<P>) =>
    (reason: ReleaseReason): Effect.Effect<void, never, R> =>
      hook === undefined ? Effect.void : Effect.suspend(() => hook({ reason, lastPage }))
  const toStep = (page: P): Step<A, E, R, P> => ({
    page,
    items: options.items(page),
    next: Option.map(options.next(page), (fetch) => Effect.map(fetch, toStep)),
    release: releaseFor(Option.some(page)),
  })
  return { first: Effect.map(options.first, toStep), releaseBeforeFirst: releaseFor(Option.none()) }
}

/**
 * Transforms every item (e.g. decodes wire records), keeping laziness and the release hook.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Paginator } from "@taskroute/core"
 * const raw = Paginator.make({ first: Effect.succeed([1, 2]), items: (p: ReadonlyArray<number>) => p, next: () => Option.none() })
 * const labels = Paginator.map(raw, (n) => `#${n}`)
 * ```
 */
export const map = <A, B, E, R, P>(self: Paginator<A, E, R, P>, f: (a: A) => B): Paginator<B, E, R, P> => {
  const mapStep = (step: Step<A, E, R, P>): Step<B, E, R, P> => ({
    page: step.page,
    items: step.items.map(f),
    next: Option.map(step.next, (fetch) => Effect.map(fetch, mapStep)),
    release: step.release,
  })
  return { first: Effect.map(self.first, mapStep), releaseBeforeFirst: self.releaseBeforeFirst }
}

/**
 * Consumption options: `limit` is the maximum number of items delivered (a non-negative integer; no page is
 * fetched once it is reached). An invalid limit fails the consumption with a `PaginationError`.
 *
 * @example
 * ```ts
 * import type { Paginator } from "@taskroute/core"
 * const firstHundred: Paginator.ConsumeOptions = { limit: 100 }
 * ```
 */
export interface ConsumeOptions {
  readonly limit?: number | undefined
}

/**
 * Collects the items into an array, fetching only as many pages as `limit` needs.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Paginator } from "@taskroute/core"
 * const p = Paginator.make({ first: Effect.succeed([1, 2, 3]), items: (x: ReadonlyArray<number>) => x, next: () => Option.none() })
 * Effect.runPromise(Paginator.collect(p, { limit: 2 })) // [1, 2]
 * ```
 */
export const collect = <A, E, R, P>(
  self: Paginator<A, E, R, P>,
  options?: ConsumeOptions,
): Effect.Effect<ReadonlyArray<A>, E | PaginationError, R> =>
  Effect.suspend(() => {
    const session = makeSession(self, options?.limit)
    const out: Array<A> = []
    const loop: Effect.Effect<ReadonlyArray<A>, E | PaginationError, R> = Effect.flatMap(
      session.pull,
      (page) => {
        if (page === undefined) return Effect.succeed(out)
        for (const item of page.items) out.push(item)
        return loop
      },
    )
    return Effect.ensuring(loop, session.close)
  })

/**
 * Runs an effect to a Promise that rejects with the failure itself: `Effect.runPromise`, or a
 * `ManagedRuntime`'s `runPromise` when the fetches need services.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { Paginator } from "@taskroute/core"
 * const run: Paginator.RunPromise<never, never> = Effect.runPromise
 * ```
 */
export type RunPromise<E, R> = <X>(effect: Effect.Effect<X, E, R>) => Promise<X>

/**
 * Consumes the paginator as an `AsyncIterable` of items. Each `for await` starts a new listing; leaving the loop
 * early (`break`, `return`, a throw) calls the iterator's `return()`, which fetches nothing more and runs the
 * release hook. Fetch failures reject `next()` with the failure (after the release hook ran).
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Paginator } from "@taskroute/core"
 * const p = Paginator.make({ first: Effect.succeed(["a", "b"]), items: (x: ReadonlyArray<string>) => x, next: () => Option.none() })
 * for await (const item of Paginator.toAsyncIterable(p, Effect.runPromise)) {
 *   if (item === "a") break // no further page is fetched; the release hook runs
 * }
 * ```
 */
export const toAsyncIterable = <A, E, R, P>(
  self: Paginator<A, E, R, P>,
  run: RunPromise<E | PaginationError, R>,
  options?: ConsumeOptions,
): AsyncIterable<A> => ({
  [Symbol.asyncIterator](): AsyncIterator<A> {
    const session = makeSession(self, options?.limit)
    let buffer: ReadonlyArray<A> = []
    let index = 0
    let finished = false
    // next() and return() calls are queued so that a return() during a pending next() waits for it.
    let queue: Promise<unknown> = Promise.resolve()
    const serially = <T>(task: () => Promise<T>): Promise<T> => {
      const result = queue.then(task)
      queue = result.catch(() => undefined)
      return result
    }
    const done: IteratorReturnResult<undefined> = { done: true, value: undefined }
    const finish = async (): Promise<void> => {
      if (finished) return
      finished = true
      buffer = []
      await run(session.close)
    }
    const next = async (): Promise<IteratorResult<A, undefined>> => {
      for (;;) {
        if (finished) return done
        if (index < buffer.length) {
          const value = buffer[index] as A // index < length was checked just above
          index++
          return { done: false, value }
        }
        let page: Page<A, P> | undefined
        try {
          page = await run(session.pull)
        } catch (error) {
          await finish().catch(() => undefined)
          throw error
        }
        if (page === undefined) {
          await finish()
          return done
        }
        buffer = page.items
        index = 0
      }
    }
    return {
      next: () => serially(next),
      return: () =>
        serially(async () => {
          await finish()
          return done
        }),
    }
  },
})

/**
 * Starts an effect as a fiber: `Effect.runFork`, or a `ManagedRuntime`'s `runFork`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { Paginator } from "@taskroute/core"
 * const runFork: Paginator.RunFork<never> = Effect.runFork
 * ```
 */
export type RunFork<R> = <X, E>(effect: Effect.Effect<X, E, R>) => Fiber.Fiber<X, unknown>

/**
 * Consumes the paginator as a cold RxJS `Observable` of items: each subscription starts a listing in its own
 * fiber. `unsubscribe()` interrupts it (an in-flight fetch included) and runs the release hook; a fetch failure
 * is delivered to `error` with the failure value, after the release hook ran.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { take } from "rxjs"
 * import { Paginator } from "@taskroute/core"
 * const p = Paginator.make({ first: Effect.succeed([1, 2, 3]), items: (x: ReadonlyArray<number>) => x, next: () => Option.none() })
 * Paginator.toObservable(p, Effect.runFork).pipe(take(2)).subscribe((n) => console.log(n))
 * ```
 */
export const toObservable = <A, E, R, P>(
  self: Paginator<A, E, R, P>,
  runFork: RunFork<R>,
  options?: ConsumeOptions,
): Observable<A> =>
  new Observable<A>((subscriber) => {
    const session = makeSession(self, options?.limit)
    const loop: Effect.Effect<void, E | PaginationError, R> = Effect.flatMap(session.pull, (page) => {
      if (page === undefined || subscriber.closed) return Effect.void
      for (const item of page.items) {
        if (subscriber.closed) return Effect.void
        subscriber.next(item)
      }
      return subscriber.closed ? Effect.void : loop
    })
    const fiber = runFork(Effect.ensuring(loop, session.close))
    fiber.addObserver((exit) => {
      if (exit._tag === "Success") subscriber.complete()
      else if (!Cause.hasInterruptsOnly(exit.cause)) subscriber.error(Cause.squash(exit.cause))
    })
    return () => {
      if (fiber.pollUnsafe() === undefined) fiber.interruptUnsafe()
    }
  })
