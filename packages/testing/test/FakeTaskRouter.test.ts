import { assert, describe, it } from "@effect/vitest"
import { HttpTransport, SocketTransport } from "@taskroute/core"
import { Effect, Fiber, Queue } from "effect"
import { TestClock } from "effect/testing"
import { FakeTaskRouter } from "../src/FakeTaskRouter.js"

type SocketEvent =
  | { readonly _tag: "open" }
  | { readonly _tag: "message"; readonly data: string }
  | { readonly _tag: "error"; readonly message: string }
  | { readonly _tag: "close"; readonly code: number; readonly reason: string }

const openSocket = (url: string) =>
  Effect.gen(function* () {
    const transport = yield* SocketTransport
    const events = yield* Queue.unbounded<SocketEvent>()
    let synchronous = true
    let openedSynchronously = false
    const connection = transport.open(url, {
      onOpen: () => {
        if (synchronous) openedSynchronously = true
        Queue.offerUnsafe(events, { _tag: "open" })
      },
      onMessage: (data) => {
        Queue.offerUnsafe(events, { _tag: "message", data })
      },
      onError: (message) => {
        Queue.offerUnsafe(events, { _tag: "error", message })
      },
      onClose: (code, reason) => {
        Queue.offerUnsafe(events, { _tag: "close", code, reason })
      },
    })
    synchronous = false
    return {
      connection,
      next: Queue.take(events),
      pending: Queue.size(events),
      openedSynchronously: () => openedSynchronously,
    }
  })

const channel = (fake: FakeTaskRouter["Service"], token: string) =>
  `wss://event-bridge.twilio.com/v1/wschannels/${fake.accountSid}/${fake.workspaceSid}?token=${token}&closeExistingSessions=false`

const layer = FakeTaskRouter.layer({ seed: "empty", heartbeatMs: 30_000, random: 3 })

describe("FakeTaskRouter.layer: SocketTransport", () => {
  it.effect("opens asynchronously and sends heartbeats on the TestClock", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTaskRouter
      const socket = yield* openSocket(channel(fake, yield* fake.mintToken()))
      assert.isFalse(socket.openedSynchronously())
      assert.deepStrictEqual(yield* socket.next, { _tag: "open" })
      assert.strictEqual(fake.sockets(), 1)
      const heartbeat = yield* Effect.forkChild(socket.next)
      yield* TestClock.adjust("30 seconds")
      assert.deepStrictEqual(yield* Fiber.join(heartbeat), { _tag: "message", data: "" })
      fake.faults.pauseHeartbeats()
      yield* TestClock.adjust("60 seconds")
      assert.strictEqual(yield* socket.pending, 0)
      socket.connection.close()
      socket.connection.close()
      assert.deepStrictEqual(yield* socket.next, { _tag: "close", code: 1000, reason: "" })
      assert.strictEqual(fake.sockets(), 0)
    }).pipe(Effect.provide(layer)),
  )

  it.effect("closes with 4401 when the token expires (TestClock)", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTaskRouter
      const socket = yield* openSocket(channel(fake, yield* fake.mintToken({ ttl: 120 })))
      assert.deepStrictEqual(yield* socket.next, { _tag: "open" })
      const closing = yield* Effect.forkChild(Effect.filterOrFail(socket.next, (e) => e._tag === "close"))
      yield* TestClock.adjust("120 seconds")
      assert.deepStrictEqual(yield* Fiber.join(closing), {
        _tag: "close",
        code: 4401,
        reason: "Token expired",
      })
    }).pipe(Effect.provide(FakeTaskRouter.layer({ seed: "empty", heartbeatMs: 0 }))),
  )

  it.effect("rejects an invalid token with onError then onClose(4401), never onOpen", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTaskRouter
      const token = yield* fake.mintToken()
      const socket = yield* openSocket(channel(fake, `${token.slice(0, -2)}xx`))
      const first = yield* socket.next
      assert.strictEqual(first._tag, "error")
      const second = yield* socket.next
      assert.strictEqual(second._tag === "close" ? second.code : undefined, 4401)
    }).pipe(Effect.provide(layer)),
  )

  it.effect("dropConnections ends every socket with 1006 and an empty reason", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTaskRouter
      const token = yield* fake.mintToken()
      const a = yield* openSocket(channel(fake, token))
      const b = yield* openSocket(channel(fake, token))
      yield* a.next
      yield* b.next
      assert.strictEqual(fake.dropConnections(), 2)
      assert.deepStrictEqual(yield* a.next, { _tag: "close", code: 1006, reason: "" })
      assert.deepStrictEqual(yield* b.next, { _tag: "close", code: 1006, reason: "" })
    }).pipe(Effect.provide(layer)),
  )
})

describe("FakeTaskRouter.layer: lifecycle", () => {
  it.effect("releasing the layer ends open sockets with 1001", () =>
    Effect.gen(function* () {
      const events: Array<string> = []
      let closed: (code: number) => void = () => {}
      const onClose = new Promise<number>((resolve) => {
        closed = resolve
      })
      yield* Effect.scoped(
        Effect.gen(function* () {
          const fake = yield* FakeTaskRouter
          const transport = yield* SocketTransport
          const token = yield* fake.mintToken()
          const opened = yield* Queue.unbounded<void>()
          transport.open(channel(fake, token), {
            onOpen: () => {
              Queue.offerUnsafe(opened, undefined)
            },
            onMessage: (data) => events.push(data),
            onError: (message) => events.push(`error ${message}`),
            onClose: (code) => closed(code),
          })
          yield* Queue.take(opened)
        }).pipe(Effect.provide(FakeTaskRouter.layer({ seed: "empty" }))),
      )
      assert.strictEqual(yield* Effect.promise(() => onClose), 1001)
      assert.deepStrictEqual(events, [])
    }),
  )
})

describe("FakeTaskRouter.layer: events", () => {
  it.effect("a change made through HttpTransport reaches the socket as an {event_type, payload} frame", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTaskRouter
      const http = yield* HttpTransport
      const socket = yield* openSocket(channel(fake, yield* fake.mintToken()))
      assert.deepStrictEqual(yield* socket.next, { _tag: "open" })
      const res = yield* http.send({
        method: "POST",
        url: `https://taskrouter.twilio.com/v1/Workspaces/${fake.workspaceSid}/Activities`,
        headers: {
          authorization: `Basic ${btoa(`${fake.accountSid}:${fake.authToken}`)}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "FriendlyName=Lunch&Available=false",
      })
      assert.strictEqual(res.status, 201)
      const frame = yield* socket.next
      assert.strictEqual(frame._tag, "message")
      const parsed: unknown = JSON.parse(frame._tag === "message" ? frame.data : "null")
      assert.strictEqual(Reflect.get(Object(parsed), "event_type"), "activity.created")
      assert.strictEqual(
        Reflect.get(Object(Reflect.get(Object(parsed), "payload")), "friendly_name"),
        "Lunch",
      )
    }).pipe(Effect.provide(layer)),
  )
})

describe("FakeTaskRouter.layer: HttpTransport", () => {
  it.effect("answers REST requests whatever the host, with Basic auth", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTaskRouter
      const http = yield* HttpTransport
      const ok = yield* http.send({
        method: "GET",
        url: `https://taskrouter.twilio.com/v1/Workspaces/${fake.workspaceSid}`,
        headers: { authorization: `Basic ${btoa(`${fake.accountSid}:${fake.authToken}`)}` },
      })
      assert.strictEqual(ok.status, 200)
      assert.strictEqual(Reflect.get(Object(JSON.parse(ok.body)), "sid"), fake.workspaceSid)
      const denied = yield* http.send({
        method: "GET",
        url: `https://taskrouter.twilio.com/v1/Workspaces/${fake.workspaceSid}`,
        headers: {},
      })
      assert.strictEqual(denied.status, 401)
    }).pipe(Effect.provide(layer)),
  )

  it.effect("latency faults are on the TestClock", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTaskRouter
      const http = yield* HttpTransport
      fake.faults.latency("/v1/**", 2_000)
      const fiber = yield* Effect.forkChild(
        http.send({ method: "GET", url: "http://fake.test/v1/Workspaces", headers: {} }),
      )
      yield* TestClock.adjust(1_999)
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust(1)
      assert.strictEqual((yield* Fiber.join(fiber)).status, 401)
    }).pipe(Effect.provide(layer)),
  )
})
