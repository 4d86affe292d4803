// The core's services against the emulator's in-process door, under TestClock: the emulator's heartbeats, token
// checks and events run on the same clock as the client's watchdog, backoff and expiry timers.
import { assert, describe, it } from "@effect/vitest"
import {
  EventChannel,
  Policy,
  TokenProvider,
  WorkspaceClient,
  type WorkspaceEvent,
  WorkspaceLayer,
} from "@taskroute/core"
import { FakeTaskRouter, type MintTokenOptions } from "@taskroute/testing"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"

/** The whole client stack over the door, with a token minted by the door on the test clock. */
const stack = (
  mint: MintTokenOptions,
  options: Omit<WorkspaceLayer.EventBridgeOptions, "token"> = {},
  door: { readonly heartbeatMs?: number } = {},
) =>
  Layer.unwrap(
    Effect.map(
      FakeTaskRouter.use((fake) => fake.mintToken(mint)),
      (token) => WorkspaceLayer.layerEventBridge({ ...options, token }),
    ),
  ).pipe(Layer.provideMerge(FakeTaskRouter.layer({ seed: "demo", heartbeatMs: door.heartbeatMs ?? 15_000 })))

/** Subscribes to the channel and connects; returns the recorded events. */
const start = Effect.gen(function* () {
  const channel = yield* EventChannel
  const events: Array<WorkspaceEvent> = []
  channel.events.subscribe((e) => events.push(e))
  yield* channel.connect
  yield* until(() => events.some((e) => e.name === "ready"))
  return events
})

/** Lets the door's fibers, the socket callbacks and the client's fibers run (no virtual time passes). */
const settle = Effect.gen(function* () {
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 10; i++) yield* Effect.yieldNow
    yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)))
  }
})

/**
 * Settles until `done` holds (at most 200 rounds): under load, a fixed number of rounds can end before the door's
 * socket callbacks have run.
 */
const until = (done: () => boolean) =>
  Effect.gen(function* () {
    for (let round = 0; round < 200 && !done(); round++) yield* settle
  })

/**
 * Advances the test clock step by step, letting the door's heartbeat frames (delivered asynchronously, as a socket
 * does) reach the client between steps. One long jump would fire the client's watchdog before the frames that
 * were due earlier had been handled, which made the outcome depend on the machine's load.
 */
const advance = (seconds: number, stepSeconds: number) =>
  Effect.gen(function* () {
    for (let elapsed = 0; elapsed < seconds; elapsed += stepSeconds) {
      yield* TestClock.adjust(`${Math.min(stepSeconds, seconds - elapsed)} seconds`)
      yield* settle
    }
  })

const names = (events: ReadonlyArray<WorkspaceEvent>) => events.map((e) => e.name)

describe("services against the in-process door (TestClock)", () => {
  it.effect("connects, publishes ready with the workspace and forwards the workspace's events", () =>
    Effect.gen(function* () {
      const events = yield* start
      assert.deepStrictEqual(names(events).slice(0, 2), ["connected", "ready"])
      const ready = events[1]
      assert.strictEqual(ready?._tag === "Ready" ? ready.workspace.friendlyName : undefined, "Contact Centre")
      const client = yield* WorkspaceClient
      const worker = yield* client.request("CreateWorker", {
        FriendlyName: "Ada",
        Attributes: { skills: ["en"] },
      })
      yield* settle
      const created = events.find((e) => e.name === "worker.created")
      if (created?._tag !== "Domain") return assert.fail(`no worker.created in ${names(events)}`)
      assert.strictEqual(created.payload.sid, worker.sid)
      assert.deepStrictEqual(created.payload.attributes, { skills: ["en"] })
    }).pipe(Effect.provide(stack({}))),
  )

  it.effect("heartbeats keep the socket; when they stop, the watchdog closes it and reconnects", () =>
    Effect.gen(function* () {
      const events = yield* start
      const fake = yield* FakeTaskRouter
      yield* advance(600, 15) // ten minutes: heartbeats every 15 s keep it alive
      assert.isFalse(names(events).includes("disconnected"))
      fake.faults.pauseHeartbeats()
      yield* TestClock.adjust("59 seconds")
      yield* settle
      assert.isFalse(names(events).includes("disconnected"))
      yield* TestClock.adjust("2 seconds")
      yield* settle
      const disconnected = events.find((e) => e._tag === "Disconnected")
      assert.strictEqual(disconnected?._tag === "Disconnected" ? disconnected.reason : undefined, "heartbeat")
      fake.faults.resumeHeartbeats()
      yield* TestClock.adjust("1 second")
      yield* until(() => names(events).filter((n) => n === "ready").length === 2)
      assert.strictEqual(names(events).filter((n) => n === "connected").length, 2)
      assert.strictEqual(names(events).filter((n) => n === "ready").length, 2)
      assert.strictEqual(fake.sockets(), 1)
    }).pipe(Effect.provide(stack({}, { heartbeatTimeoutMs: 60_000 }))),
  )

  it.effect("a dropped socket is reconnected after the backoff; ready fires again", () =>
    Effect.gen(function* () {
      const events = yield* start
      const fake = yield* FakeTaskRouter
      assert.strictEqual(fake.dropConnections(), 1)
      // The client sees the close asynchronously (under load, only after several rounds) and schedules its backoff
      // then: advancing the clock before that would pass the backoff by.
      yield* until(() => names(events).includes("disconnected"))
      yield* settle
      assert.strictEqual(fake.sockets(), 0)
      yield* TestClock.adjust("1 second")
      yield* until(() => names(events).filter((n) => n === "ready").length === 2)
      assert.strictEqual(fake.sockets(), 1)
      assert.strictEqual(names(events).filter((n) => n === "ready").length, 2)
    }).pipe(Effect.provide(stack({}))),
  )

  it.effect(
    "a rejected socket is retried with backoff at most maxRetries times, then the channel gives up",
    () =>
      Effect.gen(function* () {
        const events = yield* start
        const fake = yield* FakeTaskRouter
        const gaveUp = () => {
          const last = events.at(-1)
          return last?._tag === "Disconnected" && last.reason === "maxRetries"
        }
        // Each backoff sleep (at most 1 s, then 3 s) is scheduled once the failed attempt has been handled, which
        // under load takes several rounds; stepping the clock finds it whenever that is (at most ten minutes).
        for (let step = 0; step < 120 && !gaveUp(); step++) {
          yield* TestClock.adjust("5 seconds")
          yield* settle
        }
        const failedAttempts = events.filter(
          (e) => e._tag === "Error" && e.message.includes("before it opened"),
        )
        assert.strictEqual(failedAttempts.length, 2) // the first attempt and the first retry; the second retry gives up
        const last = events.at(-1)
        assert.strictEqual(last?._tag === "Disconnected" ? last.reason : undefined, "maxRetries")
        assert.strictEqual(fake.sockets(), 0)
        assert.strictEqual(yield* (yield* EventChannel).state, "failed")
      }).pipe(
        Effect.provide(
          // The token may use the REST API but not open its channel: the door rejects the socket (403).
          stack({ policies: Policy.allowFetchSubresources(`WS${"0".repeat(32)}`) }, { maxRetries: 2 }),
        ),
      ),
  )

  it.effect("stops at token expiry and resumes with the refreshed token; every later request uses it", () => {
    let refreshes = 0
    return Effect.gen(function* () {
      const events = yield* start
      const fake = yield* FakeTaskRouter
      const tokens = yield* TokenProvider
      const client = yield* WorkspaceClient
      const first = (yield* tokens.current).token
      yield* TestClock.adjust("115 seconds") // exp - 5 s
      yield* settle
      assert.isTrue(names(events).includes("token.expired"))
      assert.strictEqual(fake.sockets(), 0)
      yield* TestClock.adjust("10 minutes")
      yield* settle
      assert.strictEqual(fake.sockets(), 0) // no reconnection with an expired token
      const expiredRequest = yield* Effect.flip(client.request("FetchWorkspace"))
      assert.strictEqual(expiredRequest._tag, "ApiError")

      const fresh = yield* fake.mintToken({ ttl: 3600 })
      refreshes++
      yield* tokens.update(fresh)
      yield* settle
      assert.strictEqual(fake.sockets(), 1)
      assert.notStrictEqual(fresh, first)
      const workspace = yield* client.request("FetchWorkspace")
      assert.strictEqual(workspace.friendlyName, "Contact Centre")
      assert.strictEqual(names(events).filter((n) => n === "ready").length, 2)
      assert.strictEqual(refreshes, 1)
    }).pipe(Effect.provide(stack({ ttl: 120 }, { heartbeatTimeoutMs: 3_600_000 })))
  })
})
