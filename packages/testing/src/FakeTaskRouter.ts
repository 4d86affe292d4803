/**
 * The in-process door of the emulator: a Layer that supplies the core's `HttpTransport` and `SocketTransport`
 * straight from the store (no sockets, no ports), plus the {@link FakeTaskRouter} service with the same controls
 * as the network door. Everything runs on the Effect Clock of the context the layer is built in, so under
 * `it.effect` the TestClock drives heartbeats, token expiry, reservation timeouts and injected latency.
 *
 * @since 0.1.0
 */
import {
  HttpTransport,
  type SocketConnection,
  type SocketHandlers,
  SocketTransport,
  type TokenError,
} from "@taskroute/core"
import { Context, Effect, Layer, Queue } from "effect"
import { type MintTokenOptions, mintEffect } from "./bridge/internal/mint.js"
import type { Faults } from "./faults/Faults.js"
import { type DoorOptions, makeDoor } from "./http/internal/door.js"
import type { HttpHandler } from "./http/HttpHandler.js"
import type { Emulator } from "./store/Emulator.js"
import { CloseCode, type SocketSession } from "./ws/EventSocketHub.js"

/**
 * Options of {@link FakeTaskRouter.layer}.
 *
 * @example
 * ```ts
 * const options: FakeTaskRouterOptions = { seed: "demo", random: 7, heartbeatMs: 15_000 }
 * ```
 */
export interface FakeTaskRouterOptions extends DoorOptions {
  /** `demo` (default): a small contact centre; `empty`: one new workspace. */
  readonly seed?: "empty" | "demo" | undefined
  /** Seeds the SID generator and the fault PRNG: same seed, same SIDs. */
  readonly random?: number | string | undefined
  readonly accountSid?: string | undefined
  readonly authToken?: string | undefined
  /** Period of the blank heartbeat frames, on the layer's Clock (default 30000 ms; 0 disables them). */
  readonly heartbeatMs?: number | undefined
  /** Larger request bodies are answered 413 (default 1 MiB). */
  readonly maxBodyBytes?: number | undefined
}

type Signal =
  | { readonly _tag: "Open" }
  | { readonly _tag: "Message"; readonly data: string }
  | { readonly _tag: "Error"; readonly message: string }
  | { readonly _tag: "Close"; readonly code: number; readonly reason: string }

/**
 * Controls of the in-process emulator: seed info, tokens, faults, dropped sockets, the store itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { FakeTaskRouter } from "@taskroute/testing"
 * const program = Effect.gen(function*() {
 *   const fake = yield* FakeTaskRouter
 *   const token = yield* fake.mintToken({ ttl: 600 })
 *   fake.faults.failNext(1, 503)
 *   return { token, workspaceSid: fake.workspaceSid }
 * }).pipe(Effect.provide(FakeTaskRouter.layer({ seed: "demo" })))
 * ```
 */
export class FakeTaskRouter extends Context.Service<
  FakeTaskRouter,
  {
    readonly accountSid: string
    readonly authToken: string
    readonly workspaceSid: string
    readonly solutionDbid: number
    /** Mints a capability token on the layer's Clock (see {@link MintTokenOptions}). */
    readonly mintToken: (options?: MintTokenOptions) => Effect.Effect<string, TokenError>
    /** Drops every open socket abruptly (`onClose(1006, "")`). Returns how many. */
    readonly dropConnections: () => number
    /** Number of open event-bridge sockets. */
    readonly sockets: () => number
    readonly faults: Faults
    readonly emulator: Emulator
    /** The shared HTTP handler (what `HttpTransport.send` calls). */
    readonly handler: HttpHandler
  }
>()("@taskroute/testing/FakeTaskRouter") {
  /**
   * A Layer providing `HttpTransport`, `SocketTransport` and `FakeTaskRouter` from one fresh emulator. Requests
   * are routed by path, whatever the host: a client pointed at `https://taskrouter.twilio.com` and
   * `https://event-bridge.twilio.com` talks to the emulator unchanged.
   *
   * @example
   * ```ts
   * import { it } from "@effect/vitest"
   * import { Effect } from "effect"
   * import { HttpTransport } from "@taskroute/core"
   * import { FakeTaskRouter } from "@taskroute/testing"
   * it.effect("lists workers", () =>
   *   Effect.gen(function*() {
   *     const fake = yield* FakeTaskRouter
   *     const http = yield* HttpTransport
   *     const res = yield* http.send({ method: "GET", headers: { authorization: `Basic ${btoa(`${fake.accountSid}:${fake.authToken}`)}` },
   *       url: `https://taskrouter.twilio.com/v1/Workspaces/${fake.workspaceSid}/Workers` })
   *   }).pipe(Effect.provide(FakeTaskRouter.layer({ seed: "demo" }))))
   * ```
   */
  static readonly layer = (
    options: FakeTaskRouterOptions = {},
  ): Layer.Layer<FakeTaskRouter | HttpTransport | SocketTransport> =>
    Layer.effectContext(
      Effect.gen(function* () {
        const door = yield* makeDoor({ ...options, seed: options.seed ?? "demo" })
        const context = yield* Effect.context<never>()
        const run = Effect.runForkWith(context)
        const runSync = Effect.runSyncWith(context)
        const { emulator, controller, hub, handler } = door
        // When the layer is released, open sockets end (onClose 1001) and their timers stop.
        yield* Effect.addFinalizer(() =>
          Effect.sync(() => hub.closeAll(CloseCode.GoingAway, "The emulator was shut down")),
        )

        const open = (url: string, handlers: SocketHandlers): SocketConnection => {
          const signals = runSync(Queue.unbounded<Signal>())
          let closing = false
          let session: SocketSession | undefined
          const finish = (code: number, reason: string) => {
            if (closing) return
            closing = true
            session?.detach()
            Queue.offerUnsafe(signals, { _tag: "Close", code, reason })
          }
          const sink = {
            send: (data: string) => {
              if (!closing) Queue.offerUnsafe(signals, { _tag: "Message", data })
            },
            close: finish,
            terminate: () => finish(1006, ""),
          }
          const deliver = Effect.gen(function* () {
            while (true) {
              const signal = yield* Queue.take(signals)
              switch (signal._tag) {
                case "Open":
                  handlers.onOpen()
                  break
                case "Message":
                  handlers.onMessage(signal.data)
                  break
                case "Error":
                  handlers.onError(signal.message)
                  break
                case "Close":
                  handlers.onClose(signal.code, signal.reason)
                  return
              }
            }
          })
          const connect = Effect.gen(function* () {
            const result = yield* Effect.result(hub.authorize(url))
            if (closing) return
            if (result._tag === "Failure") {
              Queue.offerUnsafe(signals, { _tag: "Error", message: result.failure.error.message })
              finish(result.failure.closeCode, result.failure.error.message.slice(0, 120))
              return
            }
            Queue.offerUnsafe(signals, { _tag: "Open" })
            session = yield* hub.attach(result.success, sink)
            if (closing) session.detach()
          })
          run(deliver)
          run(connect)
          return { close: (code = 1000, reason = "") => finish(code, reason) }
        }

        const fake = FakeTaskRouter.of({
          accountSid: emulator.seed.accountSid,
          authToken: emulator.seed.authToken,
          workspaceSid: emulator.seed.workspaceSid,
          solutionDbid: emulator.seed.solutionDbid,
          mintToken: (mintOptions = {}) => mintEffect(emulator.seed, mintOptions),
          dropConnections: () => controller.faults.dropSockets(),
          sockets: () => hub.size(),
          faults: controller.faults,
          emulator,
          handler,
        })
        return Context.make(FakeTaskRouter, fake).pipe(
          Context.add(HttpTransport, HttpTransport.of({ send: (request) => handler(request) })),
          Context.add(SocketTransport, SocketTransport.of({ open })),
        )
      }),
    )
}
