// Bounded retries of transient request failures, with jittered exponential backoff and Retry-After.
import { Effect, Random } from "effect"
import type { ApiError } from "../transport/ApiError.js"
import type { TransportError } from "../transport/TransportError.js"

/** Statuses worth another attempt: rate limiting and server-side trouble. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])

/** True for a failure that another attempt may cure: 429, 500, 502, 503, 504, or no response at all. */
export const isTransient = (e: ApiError | TransportError): boolean =>
  e._tag === "ApiError" ? TRANSIENT_STATUSES.has(e.status) : e.reason === "Network" || e.reason === "Timeout"

/** A delay of at most `ceiling`, jittered into its upper half by `random` (in [0, 1)). */
export const jitterUpperHalf = (ceiling: number, random: number): number =>
  Math.round(ceiling / 2 + (ceiling / 2) * random)

/** Backoff before retry `attempt` (0-based): `min(cap, base * 2^attempt)`, jittered into its upper half. */
export const backoffMs = (attempt: number, random: number, baseMs: number, capMs: number): number =>
  jitterUpperHalf(Math.min(capMs, baseMs * 2 ** attempt), random)

/** The longest Retry-After honoured (longer asks are capped, not ignored). */
export const MAX_RETRY_AFTER_MS = 120_000

/** How long to wait before retry `attempt` after `error`. */
export const retryDelayMs = (attempt: number, error: ApiError | TransportError, random: number): number => {
  if (error._tag === "ApiError" && error.retryAfterMs !== undefined) {
    return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, error.retryAfterMs))
  }
  return backoffMs(attempt, random, 500, 8_000)
}

/**
 * Runs `attempt` and retries transient failures up to `maxRetries` times, sleeping on the Effect Clock between
 * attempts. `attempt` is re-evaluated each time, so it reads the current token again. `first`, when given, is the
 * first attempt (one already made outside a fiber, finishing with its outcome); `attempt` makes the retries.
 */
export const withRetries = <A, E extends { readonly _tag: string }, R>(
  attempt: Effect.Effect<A, E, R>,
  maxRetries: number,
  transient: (e: E) => boolean,
  delay: (attempt: number, e: E, random: number) => number,
  first: Effect.Effect<A, E, R> = attempt,
): Effect.Effect<A, E, R> => {
  const loop = (n: number, current: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.catch(current, (e: E) =>
      n < maxRetries && transient(e)
        ? Effect.flatMap(Random.next, (r) =>
            Effect.andThen(
              Effect.sleep(delay(n, e, r)),
              Effect.suspend(() => loop(n + 1, attempt)),
            ),
          )
        : Effect.fail(e),
    )
  return loop(0, first)
}
