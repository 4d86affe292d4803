import { Data, Effect, Option } from "effect"
import { Paginator } from "../../src/index.js"

/** A typed failure of a fake page fetch. */
export class Boom extends Data.TaggedError("Boom")<{ readonly page: number }> {}

export interface Log {
  /** Page indexes in the order they were fetched. */
  readonly fetches: Array<number>
  readonly releases: Array<{
    readonly reason: Paginator.ReleaseReason
    readonly lastPage: number | undefined
  }>
  /** Page fetches that were interrupted while in flight. */
  readonly interrupted: Array<number>
}

export interface FakeOptions {
  /** Fail the fetch of this page index. */
  readonly failAt?: number
  /** This page index never arrives (until interrupted). */
  readonly hangAt?: number
}

/**
 * A paginator over `sizes.length` pages; page i holds `sizes[i]` items, numbered consecutively from 0 over the
 * whole listing. Every fetch and release is logged.
 */
export const fake = (sizes: ReadonlyArray<number>, options: FakeOptions = {}) => {
  const log: Log = { fetches: [], releases: [], interrupted: [] }
  const offsets: Array<number> = []
  let total = 0
  for (const size of sizes) {
    offsets.push(total)
    total += size
  }
  const fetch = (i: number): Effect.Effect<number, Boom> => {
    const record = Effect.sync(() => {
      log.fetches.push(i)
    })
    if (options.failAt === i) return Effect.andThen(record, Effect.fail(new Boom({ page: i })))
    if (options.hangAt === i) {
      return Effect.andThen(
        record,
        Effect.never.pipe(
          Effect.onInterrupt(() =>
            Effect.sync(() => {
              log.interrupted.push(i)
            }),
          ),
        ),
      )
    }
    // Yield once so that fetches are really asynchronous steps, as network calls are.
    return Effect.andThen(record, Effect.as(Effect.yieldNow, i))
  }
  const paginator = Paginator.make({
    first: fetch(0),
    items: (i: number): ReadonlyArray<number> =>
      Array.from({ length: sizes[i] ?? 0 }, (_, k) => (offsets[i] ?? 0) + k),
    next: (i) => (i + 1 < sizes.length ? Option.some(fetch(i + 1)) : Option.none()),
    release: (event) =>
      Effect.sync(() => {
        log.releases.push({ reason: event.reason, lastPage: Option.getOrUndefined(event.lastPage) })
      }),
  })
  return { paginator, log, total }
}

/** What a lazy consumer must have fetched, and how the listing ends, for a given limit. */
export const expected = (sizes: ReadonlyArray<number>, limit: number | undefined) => {
  const total = sizes.reduce((a, b) => a + b, 0)
  const wanted = limit === undefined ? total : Math.min(limit, total)
  const items = Array.from({ length: wanted }, (_, i) => i)
  if (limit === 0) return { items, fetched: 0, reason: "limit" as const, lastPage: undefined }
  let fetched = 0
  let cumulative = 0
  for (const size of sizes) {
    fetched++
    cumulative += size
    if (limit !== undefined && cumulative >= limit) break
  }
  const reason: Paginator.ReleaseReason = fetched === sizes.length ? "exhausted" : "limit"
  return { items, fetched, reason, lastPage: fetched - 1 }
}
