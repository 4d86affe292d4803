import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { TokenProvider } from "../../src/auth/TokenProvider.js"
import { EventChannel, reconnectDelayMs } from "../../src/events/EventChannel.js"
import type { WorkspaceEvent } from "../../src/events/WorkspaceEvent.js"
import * as WorkspaceLayer from "../../src/workspace/WorkspaceLayer.js"
import {
  AC,
  json,
  makeFakeHttp,
  makeFakeSockets,
  makeToken,
  WS,
  workspacePayload,
} from "../transport/fakes.js"

const setup = (options: Partial<WorkspaceLayer.EventBridgeOptions> = {}) => {
  const http = makeFakeHttp(() => json(200, { event_type: "ready", payload: workspacePayload }))
  const sockets = makeFakeSockets()
  const token = options.token ?? makeToken({ exp: 3600 })
  const layer = WorkspaceLayer.layerEventBridge({ ...options, token }).pipe(
    Layer.provide(Layer.mergeAll(http.layer, sockets.layer)),
  )
  const events: Array<WorkspaceEvent> = []
  const names = () => events.map((e) => e.name)
  const start = Effect.gen(function* () {
    const channel = yield* EventChannel
    channel.events.subscribe((e) => events.push(e))
    yield* channel.connect
    yield* Effect.yieldNow
    return channel
  })
  return { http, sockets, token, layer, events, names, start }
}

/** Lets forked fibers and promise callbacks run (no virtual time passes). */
const settle = Effect.gen(function* () {
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 5; i++) yield* Effect.yieldNow
    yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)))
  }
})

describe("EventChannel", () => {
  it.effect(
    "connects with the current token, then publishes connected and ready (fetched through the proxy)",
    () => {
      const t = setup()
      return Effect.gen(function* () {
        yield* t.start
        const c = t.sockets.last()
        assert.strictEqual(
          c.url,
          `wss://event-bridge.twilio.com/v1/wschannels/${AC}/${WS}?token=${t.token}&closeExistingSessions=false`,
        )
        c.open()
        yield* settle
        assert.deepStrictEqual(t.names(), ["connected", "ready"])
        const ready = t.events[1]
        if (ready?._tag !== "Ready") return assert.fail("expected ready")
        assert.strictEqual(ready.workspace.friendlyName, "Workspace 1")
        assert.strictEqual(ready.workspace.prioritizeQueueOrder, "FIFO")
        assert.strictEqual(ready.workspace.defaultActivityName, "Offline")
        const envelope = t.http.envelopes()[0]
        assert.strictEqual(envelope?.event_type, "ready")
        assert.strictEqual(envelope?.method, "GET")
        assert.strictEqual(envelope?.url, `https://taskrouter.twilio.com/v1/Workspaces/${WS}`)
      }).pipe(Effect.provide(t.layer))
    },
  )

  it.effect("decodes frames: domain events shaped, heartbeats ignored, bad frames as error events", () => {
    const t = setup()
    return Effect.gen(function* () {
      yield* t.start
      const c = t.sockets.last()
      c.open()
      yield* settle
      c.frame("")
      c.frame(
        JSON.stringify({
          event_type: "worker.activity.update",
          payload: {
            sid: `WK${"c".repeat(32)}`,
            activity_name: "Idle",
            attributes: '{"skills":["en"]}',
            date_updated: 1519160430,
          },
        }),
      )
      c.frame("{not json")
      c.frame(JSON.stringify({ payload: {} }))
      assert.deepStrictEqual(t.names(), ["connected", "ready", "worker.activity.update", "error", "error"])
      const domain = t.events[2]
      if (domain?._tag !== "Domain") return assert.fail("expected a domain event")
      assert.strictEqual(domain.payload.activityName, "Idle")
      assert.deepStrictEqual(domain.payload.attributes, { skills: ["en"] })
      assert.deepStrictEqual(domain.payload.dateUpdated, new Date(1519160430 * 1000))
    }).pipe(Effect.provide(t.layer))
  })

  it.effect("closes a silent socket after the heartbeat timeout and reconnects", () => {
    const t = setup({ heartbeatTimeoutMs: 60_000 })
    return Effect.gen(function* () {
      yield* t.start
      const first = t.sockets.last()
      first.open()
      yield* settle
      yield* TestClock.adjust("30 seconds")
      first.frame(" ") // a heartbeat keeps it alive
      yield* TestClock.adjust("59 seconds")
      assert.isFalse(first.ended)
      yield* TestClock.adjust("1 second")
      yield* settle
      assert.isTrue(first.ended)
      assert.isDefined(first.clientClose) // the client really closed it (v1 only faked onclose)
      const disconnected = t.events.find((e) => e._tag === "Disconnected")
      if (disconnected?._tag !== "Disconnected") return assert.fail("expected disconnected")
      assert.strictEqual(disconnected.reason, "heartbeat")
      assert.isTrue(disconnected.reconnecting)
      assert.strictEqual(t.sockets.connections.length, 1)
      yield* TestClock.adjust("1 second")
      assert.strictEqual(t.sockets.connections.length, 2)
      // a late frame on the dead socket is ignored
      first.frame(JSON.stringify({ event_type: "task.created", payload: {} }))
      assert.isFalse(t.names().includes("task.created"))
    }).pipe(Effect.provide(t.layer))
  })

  it.effect(
    "backs off 1, 3, 7 s (jittered into the upper half) and gives up after maxRetries failures",
    () => {
      const t = setup({ maxRetries: 3 })
      return Effect.gen(function* () {
        yield* t.start
        t.sockets.last().open()
        yield* settle
        t.sockets.last().drop(1006)
        yield* settle
        for (const ceiling of [1_000, 3_000, 7_000]) {
          const before = t.sockets.connections.length
          yield* TestClock.adjust(ceiling / 2 - 1)
          assert.strictEqual(t.sockets.connections.length, before, `no attempt before ${ceiling / 2} ms`)
          yield* TestClock.adjust(ceiling / 2 + 1)
          assert.strictEqual(t.sockets.connections.length, before + 1, `an attempt by ${ceiling} ms`)
          t.sockets.last().drop(1006) // the attempt fails before opening
          yield* settle
        }
        yield* TestClock.adjust("10 minutes")
        assert.strictEqual(t.sockets.connections.length, 4)
        const last = t.events.filter((e) => e._tag === "Disconnected").at(-1)
        if (last?._tag !== "Disconnected") return assert.fail("expected disconnected")
        assert.strictEqual(last.reason, "maxRetries")
        assert.isFalse(last.reconnecting)
        assert.strictEqual(yield* (yield* EventChannel).state, "failed")
      }).pipe(Effect.provide(t.layer))
    },
  )

  it.effect("resets the retry budget after a successful reconnection", () => {
    const t = setup({ maxRetries: 1 })
    return Effect.gen(function* () {
      yield* t.start
      for (let round = 0; round < 3; round++) {
        t.sockets.last().open()
        yield* settle
        t.sockets.last().drop(1006)
        yield* settle
        yield* TestClock.adjust("1 second")
      }
      assert.strictEqual(t.sockets.connections.length, 4)
      assert.isFalse(t.events.some((e) => e._tag === "Disconnected" && e.reason === "maxRetries"))
    }).pipe(Effect.provide(t.layer))
  })

  it.effect(
    "stops at token expiry (token.expired, socket closed, no reconnects) and resumes after updateToken",
    () => {
      const t = setup({ token: makeToken({ exp: 120 }), heartbeatTimeoutMs: 600_000 })
      return Effect.gen(function* () {
        yield* t.start
        t.sockets.last().open()
        yield* settle
        yield* TestClock.adjust("114 seconds")
        assert.isFalse(t.names().includes("token.expired"))
        yield* TestClock.adjust("1 second") // exp - 5 s, v1's buffer
        yield* settle
        assert.isTrue(t.names().includes("token.expired"))
        assert.isTrue(t.sockets.last().ended)
        yield* TestClock.adjust("1 hour")
        assert.strictEqual(t.sockets.connections.length, 1)
        assert.strictEqual(yield* (yield* EventChannel).state, "waitingForToken")

        const fresh = makeToken({ exp: 7200 })
        yield* (yield* TokenProvider).update(fresh)
        yield* settle
        assert.strictEqual(t.sockets.connections.length, 2)
        assert.include(t.sockets.last().url, `token=${fresh}`)
        t.sockets.last().open()
        yield* settle
        assert.strictEqual(t.names().filter((n) => n === "ready").length, 2)
        assert.strictEqual(t.http.envelopes().at(-1)?.token, fresh)
      }).pipe(Effect.provide(t.layer))
    },
  )

  it.effect(
    "uses a token updated while connected for the next reconnection, without dropping the socket",
    () => {
      const t = setup()
      return Effect.gen(function* () {
        yield* t.start
        t.sockets.last().open()
        yield* settle
        const fresh = makeToken({ exp: 7200, friendly_name: "fresh" })
        yield* (yield* TokenProvider).update(fresh)
        yield* settle
        assert.isFalse(t.sockets.last().ended)
        assert.isTrue(t.names().includes("token.updated"))
        t.sockets.last().drop(1006)
        yield* settle
        yield* TestClock.adjust("1 second")
        assert.include(t.sockets.last().url, `token=${fresh}`)
      }).pipe(Effect.provide(t.layer))
    },
  )

  it.effect(
    "calls the refresh function ahead of expiry: the token never expires, the socket moves to the new one",
    () => {
      let calls = 0
      const t = setup({
        token: makeToken({ exp: 600 }),
        heartbeatTimeoutMs: 3_600_000,
        refreshAheadMs: 60_000,
        refresh: async () => {
          calls++
          return makeToken({ exp: 600 + calls * 600, friendly_name: `r${calls}` })
        },
      })
      /** The fake server accepts every new socket. */
      const acceptNew = () => {
        const last = t.sockets.last()
        if (!last.ended) last.open()
      }
      return Effect.gen(function* () {
        yield* t.start
        acceptNew()
        yield* settle
        yield* TestClock.adjust("539 seconds")
        assert.strictEqual(calls, 0)
        yield* TestClock.adjust("1 second")
        yield* settle
        assert.strictEqual(calls, 1)
        assert.strictEqual(t.sockets.connections.length, 1) // refreshed, the socket stays until its own token expires
        for (let second = 0; second < 20 * 60; second += 5) {
          yield* TestClock.adjust("5 seconds")
          yield* settle
          acceptNew()
        }
        assert.isFalse(t.names().includes("token.expired"))
        const current = yield* (yield* TokenProvider).current
        assert.isFalse(current.expired)
        assert.isAtLeast(calls, 2)
        // Each socket was replaced just before its token expired, by one on a newer token that is still valid.
        const socketToken = new URL(t.sockets.last().url).searchParams.get("token") ?? ""
        const exp = Number(
          JSON.parse(Buffer.from(socketToken.split(".")[1] ?? "", "base64url").toString()).exp,
        )
        assert.isAbove(exp * 1000 - 5_000, yield* Clock.currentTimeMillis)
        assert.isAbove(t.sockets.connections.length, 1)
        assert.isFalse(t.sockets.last().ended)
        const moves = t.events.filter((e) => e._tag === "Disconnected")
        assert.isAbove(moves.length, 0)
        assert.isTrue(
          moves.every((e) => e._tag === "Disconnected" && e.reason === "tokenExpired" && e.reconnecting),
        )
      }).pipe(Effect.provide(t.layer))
    },
  )

  it.effect("close() closes the socket, publishes disconnected and stops reconnecting", () => {
    const t = setup()
    return Effect.gen(function* () {
      const channel = yield* t.start
      const c = t.sockets.last()
      c.open()
      yield* settle
      yield* channel.close
      assert.isDefined(c.clientClose)
      const last = t.events.at(-1)
      assert.strictEqual(last?._tag === "Disconnected" ? last.reason : undefined, "client")
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(t.sockets.connections.length, 1)
    }).pipe(Effect.provide(t.layer))
  })

  it("reconnectDelayMs follows v1's 1, 3, 7, 15, 30 s ceilings", () => {
    const ceilings = [0, 1, 2, 3, 4, 5].map((n) => reconnectDelayMs(n, 1, { baseMs: 1000, capMs: 30_000 }))
    assert.deepStrictEqual(ceilings, [1000, 3000, 7000, 15000, 30000, 30000])
    assert.strictEqual(reconnectDelayMs(0, 0, { baseMs: 1000, capMs: 30_000 }), 500)
  })
})
