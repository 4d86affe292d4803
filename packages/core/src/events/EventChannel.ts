import { Clock, Context, Deferred, Effect, Fiber, Layer, Random } from "effect"
import { type Observable, Subject } from "rxjs"
import { type TokenState, TokenProvider } from "../auth/TokenProvider.js"
import { eventBridgeOrigin } from "../internal/dialectWire.js"
import { jitterUpperHalf } from "../internal/retryPolicy.js"
import { channelUrl } from "../transport/EventBridgeDialect.js"
import { SocketTransport } from "../transport/SocketTransport.js"
import { WorkspaceClient } from "../workspace/WorkspaceClient.js"
import {
  type DisconnectReason,
  decodeEventFrame,
  EventChannelError,
  type WorkspaceEvent,
} from "./WorkspaceEvent.js"

/**
 * Options of {@link EventChannel.layer}.
 *
 * @example
 * ```ts
 * import type { EventChannelOptions } from "@taskroute/core"
 * const options: EventChannelOptions = { maxRetries: 5, heartbeatTimeoutMs: 45_000 }
 * ```
 */
export interface EventChannelOptions {
  /** The event-bridge origin (default `https://event-bridge.twilio.com`). */
  readonly eventBridgeBaseUrl?: string | undefined
  /** A Twilio region: the host becomes `event-bridge.{region}.us1.twilio.com`, as in TaskRouter.js v1. */
  readonly region?: string | undefined
  /**
   * Consecutive reconnection attempts before giving up for good (`disconnected` with reason `maxRetries`).
   * Default: unbounded (TaskRouter.js v1 reconnects forever), but never with an expired token.
   */
  readonly maxRetries?: number | undefined
  /** Close a socket that received no frame, heartbeats included, for this long (default 60 s, as v1). */
  readonly heartbeatTimeoutMs?: number | undefined
  /** Give up on a socket that neither opens nor closes within this time (default 30 s). */
  readonly connectTimeoutMs?: number | undefined
  /** First reconnection delay (default 1 s); later ones double, as in v1 (1, 3, 7, 15, 30 s), with jitter. */
  readonly backoffBaseMs?: number | undefined
  /** Longest reconnection delay (default 30 s). */
  readonly backoffCapMs?: number | undefined
  /** Fetch the workspace after each (re)connection and publish it as `ready` (default true). */
  readonly fetchOnReady?: boolean | undefined
}

/**
 * Where the channel is in its life.
 *
 * @example
 * ```ts
 * import type { ConnectionState } from "@taskroute/core"
 * const live = (s: ConnectionState) => s === "open"
 * ```
 */
export type ConnectionState =
  | "idle"
  | "connecting"
  | "open"
  | "backoff"
  | "waitingForToken"
  | "failed"
  | "closed"

type Outcome =
  | { readonly _tag: "NeverOpened"; readonly code: number | undefined; readonly message: string }
  | {
      readonly _tag: "Dropped"
      readonly code: number | undefined
      readonly message: string
      readonly heartbeat: boolean
    }
  | { readonly _tag: "Expired"; readonly opened: boolean }

/** "close code 1006" or "close code 4000: reason", for the messages of a closed socket. */
const closeCodeText = (c: { readonly code: number; readonly reason: string }): string =>
  `close code ${c.code}${c.reason === "" ? "" : `: ${c.reason}`}`

/** `https://host/...` → `wss://host/...`, `http://` → `ws://`. */
const toSocketUrl = (url: string): string => url.replace(/^http(s?):\/\//, (_, s: string) => `ws${s}://`)

/**
 * The v1 reconnection delay before retry `retry` (0-based): `min(cap, base * (2^(retry+1) - 1))`, jittered into
 * its upper half, so 1, 3, 7, 15, 30, 30, ... seconds at most with the defaults.
 *
 * @example
 * ```ts
 * import { EventChannel } from "@taskroute/core"
 * EventChannel.reconnectDelayMs(2, 1, { baseMs: 1000, capMs: 30_000 }) // 7000
 * ```
 */
export const reconnectDelayMs = (
  retry: number,
  random: number,
  options: { readonly baseMs: number; readonly capMs: number },
): number => jitterUpperHalf(Math.min(options.capMs, options.baseMs * (2 ** (retry + 1) - 1)), random)

/**
 * The workspace's live connection to the event bridge: it connects with the current token, decodes frames into
 * {@link WorkspaceEvent}s and publishes them on `events` (an RxJS Observable; `EventStream` offers an Effect
 * Stream). A heartbeat watchdog closes a socket that went silent; lost connections are retried with jittered
 * exponential backoff, at most `maxRetries` consecutive times; when the token expires the socket is closed,
 * `token.expired` is published and the channel waits for `updateToken` (or the refresh function) before it
 * reconnects. `ready` follows every successful (re)connection, with the workspace fetched through the proxy.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { EventChannel } from "@taskroute/core"
 * const program = Effect.gen(function* () {
 *   const channel = yield* EventChannel
 *   channel.events.subscribe((e) => console.log(e.name))
 *   yield* channel.connect
 * })
 * ```
 */
export class EventChannel extends Context.Service<
  EventChannel,
  {
    /** Every event, hot: subscribers see what is published after they subscribe. Completes when released. */
    readonly events: Observable<WorkspaceEvent>
    /** Starts connecting (idempotent); also restarts a channel that gave up or was closed. */
    readonly connect: Effect.Effect<void>
    /** Closes the socket and stops reconnecting (publishes `disconnected` with reason `client` if it was open). */
    readonly close: Effect.Effect<void>
    readonly state: Effect.Effect<ConnectionState>
  }
>()("@taskroute/core/EventChannel") {
  /**
   * Builds the channel in the current scope; nothing connects before `connect`. Releasing the scope closes the
   * socket, stops every timer and completes `events`.
   *
   * @example
   * ```ts
   * import { EventChannel } from "@taskroute/core"
   * const channel = EventChannel.make({ heartbeatTimeoutMs: 30_000 })
   * ```
   */
  static readonly make = (options: EventChannelOptions = {}) =>
    Effect.gen(function* () {
      const sockets = yield* SocketTransport
      const tokens = yield* TokenProvider
      const client = yield* WorkspaceClient
      const clock = yield* Clock.Clock
      const scope = yield* Effect.scope

      const maxRetries =
        options.maxRetries === undefined ? Number.POSITIVE_INFINITY : Math.max(0, options.maxRetries)
      const heartbeatMs = Math.max(1, options.heartbeatTimeoutMs ?? 60_000)
      const connectTimeoutMs = Math.max(1, options.connectTimeoutMs ?? 30_000)
      const backoff = { baseMs: options.backoffBaseMs ?? 1_000, capMs: options.backoffCapMs ?? 30_000 }
      const fetchOnReady = options.fetchOnReady ?? true
      const origin = eventBridgeOrigin(options.eventBridgeBaseUrl, options.region)

      const subject = new Subject<WorkspaceEvent>()
      yield* Effect.addFinalizer(() => Effect.sync(() => subject.complete()))
      const emit = (event: WorkspaceEvent): void => subject.next(event)
      const publish = (event: WorkspaceEvent) => Effect.sync(() => emit(event))

      let state: ConnectionState = "idle"
      let loop: Fiber.Fiber<void> | undefined
      let watcher: Fiber.Fiber<void> | undefined

      const socketUrl = (ts: TokenState): string =>
        `${toSocketUrl(channelUrl(origin, ts.claims))}?token=${encodeURIComponent(ts.token)}&closeExistingSessions=false`

      const untilExpired = (from: TokenState): Effect.Effect<TokenState> =>
        from.expired ? Effect.succeed(from) : Effect.flatMap(tokens.changes(from.version), untilExpired)
      const untilValid = (from: TokenState): Effect.Effect<TokenState> =>
        from.expired ? Effect.flatMap(tokens.changes(from.version), untilValid) : Effect.succeed(from)

      const fetchReady = client.request("FetchWorkspace", {}, { eventType: "ready" }).pipe(
        Effect.matchEffect({
          onSuccess: (workspace) => publish({ _tag: "Ready", name: "ready", workspace }),
          onFailure: (error) =>
            publish({
              _tag: "Error",
              name: "error",
              error,
              message: `Fetching the workspace after connecting failed: ${error.message}`,
            }),
        }),
      )

      /** One socket, from opening to its end. */
      const attempt = (ts: TokenState): Effect.Effect<Outcome> =>
        Effect.suspend(() => {
          const opened = Deferred.makeUnsafe<void>()
          const closed = Deferred.makeUnsafe<{ readonly code: number; readonly reason: string }>()
          let isOpen = false
          let lastFrameAt = clock.currentTimeMillisUnsafe()
          const connection = sockets.open(socketUrl(ts), {
            onOpen: () => {
              isOpen = true
              lastFrameAt = clock.currentTimeMillisUnsafe()
              emit({ _tag: "Connected", name: "connected" })
              Deferred.doneUnsafe(opened, Effect.void)
            },
            onMessage: (text) => {
              if (!isOpen) return
              lastFrameAt = clock.currentTimeMillisUnsafe()
              const frame = decodeEventFrame(text)
              if (frame._tag !== "Heartbeat") emit(frame)
            },
            onClose: (code, reason) => {
              isOpen = false
              Deferred.doneUnsafe(closed, Effect.succeed({ code, reason }))
            },
            onError: (message) =>
              emit({
                _tag: "Error",
                name: "error",
                error: new EventChannelError({
                  reason: "Socket",
                  message: `Websocket had an error: ${message}`,
                }),
                message: `Websocket had an error: ${message}`,
              }),
          })
          const closeSocket = (code: number, reason: string) =>
            Effect.sync(() => connection.close(code, reason))

          // The socket lives on the token it was opened with: it ends when that token expires (its expiry margin
          // reached), even if a newer token was installed meanwhile; the loop then reconnects with the newer one.
          const socketTokenExpiry: Effect.Effect<void> =
            ts.expiresAt === undefined
              ? Effect.never
              : Effect.suspend(() =>
                  Effect.sleep(
                    Math.max(0, (ts.expiresAt ?? 0) - ts.expiryMarginMs - clock.currentTimeMillisUnsafe()),
                  ),
                )

          const watchdog: Effect.Effect<"heartbeat"> = Effect.suspend(() => {
            const idle = clock.currentTimeMillisUnsafe() - lastFrameAt
            return idle >= heartbeatMs
              ? Effect.succeed("heartbeat" as const)
              : Effect.andThen(Effect.sleep(heartbeatMs - idle), watchdog)
          })

          const whileOpen: Effect.Effect<Outcome> = Effect.gen(function* () {
            state = "open"
            if (fetchOnReady) yield* Effect.forkIn(fetchReady, scope)
            const end = yield* Effect.raceAll([
              Effect.map(Deferred.await(closed), (c) => ({ _tag: "closed" as const, ...c })),
              Effect.map(watchdog, () => ({ _tag: "heartbeat" as const })),
              Effect.map(socketTokenExpiry, () => ({ _tag: "expired" as const })),
            ])
            switch (end._tag) {
              case "closed":
                return {
                  _tag: "Dropped",
                  code: end.code,
                  message: `Websocket disconnected due to lost connectivity (${closeCodeText(end)})`,
                  heartbeat: false,
                }
              case "heartbeat":
                yield* closeSocket(4000, "heartbeat timeout")
                return {
                  _tag: "Dropped",
                  code: undefined,
                  message: `Heartbeat timed out after ${heartbeatMs} ms; the socket was closed`,
                  heartbeat: true,
                }
              case "expired":
                yield* closeSocket(1000, "token expired")
                return { _tag: "Expired", opened: true }
            }
          })

          const beforeOpen: Effect.Effect<Outcome> = Effect.gen(function* () {
            const first = yield* Effect.raceAll([
              Effect.map(Deferred.await(opened), () => ({ _tag: "open" as const })),
              Effect.map(Deferred.await(closed), (c) => ({ _tag: "closed" as const, ...c })),
              Effect.map(socketTokenExpiry, () => ({ _tag: "expired" as const })),
              Effect.map(Effect.sleep(connectTimeoutMs), () => ({
                _tag: "timeout" as const,
              })),
            ])
            switch (first._tag) {
              case "open":
                return yield* whileOpen
              case "closed":
                return {
                  _tag: "NeverOpened",
                  code: first.code,
                  message: `The websocket closed before it opened (${closeCodeText(first)})`,
                }
              case "expired":
                yield* closeSocket(1000, "token expired")
                return { _tag: "Expired", opened: false }
              case "timeout":
                yield* closeSocket(4001, "connect timeout")
                return {
                  _tag: "NeverOpened",
                  code: undefined,
                  message: `The websocket did not open within ${connectTimeoutMs} ms`,
                }
            }
          })
          return beforeOpen.pipe(Effect.onInterrupt(() => closeSocket(1000, "closed by the client")))
        })

      const disconnected = (
        message: string,
        reason: DisconnectReason,
        reconnecting: boolean,
        code?: number | undefined,
      ): WorkspaceEvent => ({
        _tag: "Disconnected",
        name: "disconnected",
        message,
        reason,
        reconnecting,
        code,
      })

      const run: Effect.Effect<void> = Effect.gen(function* () {
        let retries = 0
        while (true) {
          let ts = yield* tokens.current
          if (ts.expired) {
            state = "waitingForToken"
            ts = yield* untilValid(ts)
          }
          state = "connecting"
          const outcome = yield* attempt(ts)
          if (outcome._tag === "Expired") {
            retries = 0
            if (outcome.opened) {
              const renewed = !(yield* tokens.current).expired
              yield* publish(
                disconnected(
                  renewed
                    ? "The socket's token expired; reconnecting with the new token"
                    : "The token expired; reconnecting after updateToken",
                  "tokenExpired",
                  renewed,
                ),
              )
            }
            continue
          }
          if (outcome._tag === "Dropped") retries = 0
          const giveUp = retries >= maxRetries
          if (outcome._tag === "Dropped") {
            yield* publish(
              disconnected(
                outcome.message,
                outcome.heartbeat ? "heartbeat" : "closed",
                !giveUp,
                outcome.code,
              ),
            )
          }
          if (giveUp) {
            state = "failed"
            const message =
              maxRetries === 0
                ? `Could not stay connected and maxRetries is 0: ${outcome.message}`
                : `Gave up after ${maxRetries} consecutive failed reconnection attempts: ${outcome.message}`
            yield* publish(disconnected(message, "maxRetries", false, outcome.code))
            return
          }
          if (outcome._tag === "NeverOpened") {
            yield* publish({
              _tag: "Error",
              name: "error",
              error: new EventChannelError({ reason: "Socket", message: outcome.message }),
              message: outcome.message,
            })
          }
          const delay = reconnectDelayMs(retries, yield* Random.next, backoff)
          retries++
          state = "backoff"
          const current = yield* tokens.current
          yield* Effect.raceFirst(Effect.sleep(delay), Effect.asVoid(untilExpired(current)))
        }
      })

      /** Publishes token.expired / token.updated / refresh failures as they happen. */
      const watch = (from: TokenState): Effect.Effect<void> =>
        Effect.flatMap(tokens.changes(from.version), (next) =>
          Effect.gen(function* () {
            if (next.token !== from.token) yield* publish({ _tag: "TokenUpdated", name: "token.updated" })
            if (next.expired && !from.expired) yield* publish({ _tag: "TokenExpired", name: "token.expired" })
            if (next.refreshError !== undefined && next.refreshError !== from.refreshError) {
              const error = new EventChannelError({
                reason: "TokenRefresh",
                message: next.refreshError.message,
                cause: next.refreshError,
              })
              yield* publish({ _tag: "Error", name: "error", error, message: next.refreshError.message })
            }
            yield* watch(next)
          }),
        )

      const connect: Effect.Effect<void> = Effect.gen(function* () {
        if (watcher === undefined) {
          const ts = yield* tokens.current
          if (ts.expired) yield* publish({ _tag: "TokenExpired", name: "token.expired" })
          watcher = yield* Effect.forkIn(watch(ts), scope)
        }
        if (loop !== undefined && state !== "failed" && state !== "closed") return
        state = "connecting"
        loop = yield* Effect.forkIn(run, scope)
      })

      const close: Effect.Effect<void> = Effect.gen(function* () {
        const running = loop
        const wasOpen = state === "open"
        loop = undefined
        state = "closed"
        if (running !== undefined) yield* Fiber.interrupt(running)
        if (wasOpen) yield* publish(disconnected("Closed by the client", "client", false))
      })

      return EventChannel.of({
        events: subject.asObservable(),
        connect,
        close,
        state: Effect.sync(() => state),
      })
    })

  /**
   * The channel as a layer; it needs the socket transport, the token and the workspace client (for `ready`).
   *
   * @example
   * ```ts
   * import { Layer } from "effect"
   * import { EventChannel } from "@taskroute/core"
   * const channel = EventChannel.layer({ region: "ie1-ix", maxRetries: 10 })
   * ```
   */
  static readonly layer = (
    options: EventChannelOptions = {},
  ): Layer.Layer<EventChannel, never, SocketTransport | TokenProvider | WorkspaceClient> =>
    Layer.effect(EventChannel, EventChannel.make(options))
}
