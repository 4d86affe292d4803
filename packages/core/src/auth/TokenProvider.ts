import { Clock, Context, Data, Deferred, Effect, Layer, Ref, type Scope } from "effect"
import { readClaims } from "../internal/tokenClaims.js"
import { TokenError } from "./TokenError.js"

/**
 * The refresh function given to {@link TokenProvider} failed or returned something that is not a token.
 *
 * @example
 * ```ts
 * import { TokenRefreshError } from "@taskroute/core"
 * new TokenRefreshError({ message: "refresh failed: 503", cause: new Error("503") })
 * ```
 */
export class TokenRefreshError extends Data.TaggedError("TokenRefreshError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * What the client reads from a capability token (as TaskRouter.js v1 does; policies are left to the service).
 * `CapabilityToken.decode` gives every claim.
 *
 * @example
 * ```ts
 * import type { TokenClaims } from "@taskroute/core"
 * const channelOf = (claims: TokenClaims) => `${claims.accountSid}/${claims.channel}`
 * ```
 */
export interface TokenClaims {
  readonly accountSid: string
  readonly workspaceSid: string
  readonly channel: string
  readonly workerSid?: string
  readonly taskqueueSid?: string
  /** From `exp`, when present. */
  readonly expiresAt?: Date
}

/**
 * Reads a token's claims with TaskRouter.js v1's checks and messages ("Token is required for TaskRouter JS SDK",
 * "Wrong number of segments", "Missing minimum payload values. ...").
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { readTokenClaims } from "@taskroute/core"
 * const sid = readTokenClaims(token).pipe(Effect.map((c) => c.workspaceSid))
 * ```
 */
export const readTokenClaims = (token: string): Effect.Effect<TokenClaims, TokenError> =>
  Effect.suspend(() => {
    const claims = readClaims(token)
    return claims instanceof TokenError ? Effect.fail(claims) : Effect.succeed(claims)
  })

/**
 * A snapshot of the shared token. `version` grows by one on every change (update, refresh, expiry, a failed
 * refresh), so a fiber can wait for the next change with {@link TokenProvider} `changes`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TokenProvider } from "@taskroute/core"
 * const msLeft = TokenProvider.use((t) => Effect.map(t.current, (s) => (s.expiresAt ?? Infinity) - Date.now()))
 * ```
 */
export interface TokenState {
  readonly token: string
  readonly claims: TokenClaims
  /** When the token expires (epoch milliseconds, from `exp`); `undefined` when it has no `exp`. */
  readonly expiresAt: number | undefined
  /** True once the expiry margin was reached without a newer token. */
  readonly expired: boolean
  /** How long before `expiresAt` a token counts as expired (`expiryMarginMs`). */
  readonly expiryMarginMs: number
  /** The last failure of the refresh function since the token last changed. */
  readonly refreshError: TokenRefreshError | undefined
  readonly version: number
  /** When this token was installed (epoch milliseconds on the Effect Clock). */
  readonly installedAt: number
}

/**
 * Options of {@link TokenProvider.make}.
 *
 * @example
 * ```ts
 * import type { TokenProviderOptions } from "@taskroute/core"
 * const options: TokenProviderOptions = { token, refresh: () => fetch("/token").then((r) => r.text()) }
 * ```
 */
export interface TokenProviderOptions {
  /** The first capability token. */
  readonly token: string
  /** Called ahead of expiry for a fresh token; failures are retried until it succeeds or `close`. */
  readonly refresh?: (() => Promise<string> | string) | undefined
  /** How long before expiry `refresh` is called (default 60 s, at most half the token's remaining lifetime). */
  readonly refreshAheadMs?: number | undefined
  /**
   * How long before `exp` the token counts as expired (default 5 s, TaskRouter.js v1's buffer): `token.expired`
   * fires then, leaving time for `updateToken`.
   */
  readonly expiryMarginMs?: number | undefined
}

const DEFAULT_REFRESH_AHEAD_MS = 60_000
const DEFAULT_EXPIRY_MARGIN_MS = 5_000
const REFRESH_RETRY_MIN_MS = 1_000
const REFRESH_RETRY_MAX_MS = 30_000

/**
 * The one current capability token, shared by every request and every (re)connection: `updateToken` replaces
 * it everywhere at once (TaskRouter.js v1 left old tokens in some resources). It also watches expiry on the
 * Effect `Clock`: an optional `refresh` function is called ahead of expiry, and the state turns `expired`
 * `expiryMarginMs` before `exp` when no newer token arrived.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TokenProvider } from "@taskroute/core"
 * const program = Effect.gen(function* () {
 *   const tokens = yield* TokenProvider
 *   const { token } = yield* tokens.current
 *   yield* tokens.update(newToken)
 * }).pipe(Effect.provide(TokenProvider.layer({ token })))
 * ```
 */
export class TokenProvider extends Context.Service<
  TokenProvider,
  {
    /** The current state (token, claims, expiry). */
    readonly current: Effect.Effect<TokenState>
    /** Optional: the current state read outside a fiber (what `current` would give now). */
    readonly currentUnsafe?: (() => TokenState) | undefined
    /** Installs a new token for every later request and reconnection; fails if it does not decode. */
    readonly update: (token: string) => Effect.Effect<TokenState, TokenError>
    /** Waits for the first state whose `version` is greater than `afterVersion` (returns at once if there is one). */
    readonly changes: (afterVersion: number) => Effect.Effect<TokenState>
  }
>()("@taskroute/core/TokenProvider") {
  /**
   * Builds a provider and starts its expiry watch in the current scope.
   *
   * @example
   * ```ts
   * import { Effect } from "effect"
   * import { TokenProvider } from "@taskroute/core"
   * const tokens = Effect.scoped(TokenProvider.make({ token }))
   * ```
   */
  static readonly make = (
    options: TokenProviderOptions,
  ): Effect.Effect<TokenProvider["Service"], TokenError, Scope.Scope> =>
    Effect.gen(function* () {
      const claims = yield* readTokenClaims(options.token)
      const now = yield* Clock.currentTimeMillis
      const margin = Math.max(0, options.expiryMarginMs ?? DEFAULT_EXPIRY_MARGIN_MS)
      const ref = yield* Ref.make<TokenState>({
        token: options.token,
        claims,
        expiresAt: claims.expiresAt?.getTime(),
        expired: false,
        expiryMarginMs: margin,
        refreshError: undefined,
        version: 0,
        installedAt: now,
      })
      let signal = Deferred.makeUnsafe<void>()

      const publish = (f: (s: TokenState) => TokenState): Effect.Effect<TokenState> =>
        Effect.gen(function* () {
          const next = yield* Ref.updateAndGet(ref, (s) => ({ ...f(s), version: s.version + 1 }))
          const fired = signal
          signal = Deferred.makeUnsafe<void>()
          yield* Deferred.succeed(fired, undefined)
          return next
        })

      const changes = (afterVersion: number): Effect.Effect<TokenState> =>
        Effect.suspend(() => {
          const s = Ref.getUnsafe(ref)
          if (s.version > afterVersion) return Effect.succeed(s)
          return Deferred.await(signal).pipe(Effect.andThen(changes(afterVersion)))
        })

      const update = (token: string): Effect.Effect<TokenState, TokenError> =>
        Effect.gen(function* () {
          const next = yield* readTokenClaims(token)
          const at = yield* Clock.currentTimeMillis
          return yield* publish(() => ({
            token,
            claims: next,
            expiresAt: next.expiresAt?.getTime(),
            expired: false,
            expiryMarginMs: margin,
            refreshError: undefined,
            version: 0,
            installedAt: at,
          }))
        })

      const ahead = Math.max(0, options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS)
      const refresh = options.refresh

      const callRefresh: Effect.Effect<string, TokenRefreshError> =
        refresh === undefined
          ? Effect.fail(new TokenRefreshError({ message: "No refresh function was given" }))
          : Effect.tryPromise({
              try: async () => refresh(),
              catch: (cause) =>
                new TokenRefreshError({
                  message: `The token refresh function failed: ${cause instanceof Error ? cause.message : String(cause)}`,
                  cause,
                }),
            }).pipe(
              Effect.flatMap((t) =>
                typeof t === "string" && t !== ""
                  ? Effect.succeed(t)
                  : Effect.fail(
                      new TokenRefreshError({ message: "The token refresh function did not return a token" }),
                    ),
              ),
            )

      // One round of the watch: sleep until the next deadline (refresh or expiry) unless the token changes first.
      let failures = 0
      let retryAt: number | undefined
      const round = Effect.gen(function* () {
        const s = yield* Ref.get(ref)
        const now = yield* Clock.currentTimeMillis
        const expireAt = s.expiresAt === undefined ? undefined : s.expiresAt - margin
        let refreshAt: number | undefined
        if (refresh !== undefined && s.expiresAt !== undefined) {
          const lifetime = Math.max(0, s.expiresAt - s.installedAt)
          refreshAt = retryAt ?? s.expiresAt - Math.min(ahead, lifetime / 2)
        }
        const candidates = [s.expired ? undefined : expireAt, refreshAt].filter(
          (t): t is number => t !== undefined,
        )
        if (candidates.length === 0) {
          yield* changes(s.version)
          return
        }
        const wakeAt = Math.min(...candidates)
        const woke = yield* Effect.raceFirst(
          Effect.sleep(Math.max(0, wakeAt - now)).pipe(Effect.as("timer" as const)),
          changes(s.version).pipe(Effect.as("changed" as const)),
        )
        if (woke === "changed") {
          const latest = yield* Ref.get(ref)
          if (latest.token !== s.token) {
            failures = 0
            retryAt = undefined
          }
          return
        }
        const at = yield* Clock.currentTimeMillis
        if (
          expireAt !== undefined &&
          !s.expired &&
          at >= expireAt &&
          (refreshAt === undefined || expireAt <= refreshAt)
        ) {
          yield* publish((x) => ({ ...x, expired: true }))
          return
        }
        if (refreshAt !== undefined && at >= refreshAt) {
          const outcome = yield* Effect.result(callRefresh.pipe(Effect.flatMap((t) => update(t))))
          if (outcome._tag === "Success") {
            failures = 0
            retryAt = undefined
            return
          }
          failures++
          const delay = Math.min(REFRESH_RETRY_MAX_MS, REFRESH_RETRY_MIN_MS * 2 ** (failures - 1))
          retryAt = at + delay
          const failure = outcome.failure
          const error =
            failure._tag === "TokenRefreshError"
              ? failure
              : new TokenRefreshError({
                  message: `The refreshed token is invalid: ${failure.message}`,
                  cause: failure,
                })
          yield* publish((x) => ({ ...x, refreshError: error }))
        }
      })
      yield* Effect.forkScoped(Effect.forever(round))

      return TokenProvider.of({
        current: Ref.get(ref),
        currentUnsafe: () => Ref.getUnsafe(ref),
        update,
        changes,
      })
    })

  /**
   * A layer holding one {@link TokenProvider}; its expiry watch stops when the layer is released.
   *
   * @example
   * ```ts
   * import { TokenProvider } from "@taskroute/core"
   * const layer = TokenProvider.layer({ token, refresh: async () => (await fetch("/token")).text() })
   * ```
   */
  static readonly layer = (options: TokenProviderOptions): Layer.Layer<TokenProvider, TokenError> =>
    Layer.effect(TokenProvider, TokenProvider.make(options))
}
