import { Cause, Effect, Option } from "effect"
import type { Page, Paginator, ReleaseReason, Step } from "../../pagination/Paginator.js"
import { PaginationError } from "../../pagination/PaginationError.js"

/**
 * One consumption of a paginator: pulls pages lazily (one fetch per pull, none before it is needed), cuts the
 * last page to the item limit, and releases exactly once. Shared by the Stream, AsyncIterable and Observable
 * paths; it uses Effect and Option only, so the latter two stay free of effect/Stream.
 */
export interface Session<A, E, R, P> {
  /** The next page (items already cut to the limit), or undefined once the listing is over. */
  readonly pull: Effect.Effect<Page<A, P> | undefined, E | PaginationError, R>
  /** Runs the release hook once (later calls do nothing); the reason is how the listing ended. */
  readonly close: Effect.Effect<void, never, R>
}

/** The limit as a number of items (Infinity when absent), or the typed error for an invalid one. */
export const checkLimit = (limit: number | undefined): number | PaginationError => {
  if (limit === undefined || limit === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY
  if (Number.isSafeInteger(limit) && limit >= 0) return limit
  return new PaginationError({
    reason: "Limit",
    message: `limit must be a non-negative integer (or Infinity), got ${String(limit)}`,
    value: limit,
  })
}

export const makeSession = <A, E, R, P>(
  paginator: Paginator<A, E, R, P>,
  limit: number | undefined,
): Session<A, E, R, P> => {
  const checked = checkLimit(limit)
  let remaining = typeof checked === "number" ? checked : 0
  let current: Step<A, E, R, P> | undefined
  let ended: ReleaseReason | undefined
  let closed = false

  const accept = (step: Step<A, E, R, P>): Page<A, P> => {
    current = step
    const items = step.items.length <= remaining ? step.items : step.items.slice(0, remaining)
    remaining -= items.length
    return { page: step.page, items }
  }

  const pull = Effect.suspend((): Effect.Effect<Page<A, P> | undefined, E | PaginationError, R> => {
    if (typeof checked !== "number") {
      ended = "failed"
      return Effect.fail(checked)
    }
    if (closed || ended !== undefined) return Effect.succeed(undefined)
    let fetch: Effect.Effect<Step<A, E, R, P>, E, R>
    if (current === undefined) {
      if (remaining <= 0) {
        ended = "limit"
        return Effect.succeed(undefined)
      }
      fetch = paginator.first
    } else {
      const next = current.next
      if (Option.isNone(next)) {
        ended = "exhausted"
        return Effect.succeed(undefined)
      }
      if (remaining <= 0) {
        ended = "limit"
        return Effect.succeed(undefined)
      }
      fetch = next.value
    }
    return fetch.pipe(
      Effect.tapCause((cause) =>
        Effect.sync(() => {
          if (!Cause.hasInterruptsOnly(cause)) ended ??= "failed"
        }),
      ),
      Effect.map(accept),
    )
  })

  const close: Effect.Effect<void, never, R> = Effect.suspend(() => {
    if (closed) return Effect.void
    closed = true
    const reason = ended ?? "abandoned"
    const release = current === undefined ? paginator.releaseBeforeFirst(reason) : current.release(reason)
    // A failing release hook must not turn a finished listing into a failure: its cause is dropped.
    return Effect.catchCause(release, () => Effect.void)
  })

  return { pull, close }
}
