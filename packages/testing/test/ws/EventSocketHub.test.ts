import { assert, describe, it } from "@effect/vitest"
import { CapabilityToken, Policy } from "@taskroute/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import * as Faults from "../../src/faults/Faults.js"
import * as EventSocketHub from "../../src/ws/EventSocketHub.js"
import { ACCOUNT, AUTH_TOKEN, makeStubEmulator, WORKER, WORKSPACE } from "../http/stubEmulator.js"

const channelUrl = (channel: string, token: string, extra = "") =>
  `/v1/wschannels/${ACCOUNT}/${channel}?token=${token}&closeExistingSessions=false${extra}`

const mint = (input: Partial<CapabilityToken.MintInput> = {}) =>
  CapabilityToken.mintEffect(
    {
      accountSid: ACCOUNT,
      workspaceSid: WORKSPACE,
      ttl: 600,
      policies: Policy.eventBridge(ACCOUNT, input.channel ?? WORKSPACE),
      ...input,
    },
    AUTH_TOKEN,
  )

interface Recorded {
  readonly frames: Array<string>
  readonly closes: Array<readonly [number, string]>
  terminated: number
}

const recorder = (): { sink: EventSocketHub.SocketSink; log: Recorded } => {
  const log: Recorded = { frames: [], closes: [], terminated: 0 }
  return {
    log,
    sink: {
      send: (text) => log.frames.push(text),
      close: (code, reason) => log.closes.push([code, reason]),
      terminate: () => {
        log.terminated++
      },
    },
  }
}

const setup = (heartbeatMs = 30_000) => {
  const emulator = makeStubEmulator()
  const controller = Faults.make()
  const hub = EventSocketHub.make({ emulator, faults: controller, heartbeatMs })
  return { emulator, controller, hub }
}

describe("EventSocketHub: authorization", () => {
  it.effect("accepts a channel URL whose token is valid for it (any host, v1's unencoded token)", () =>
    Effect.gen(function* () {
      const { hub } = setup()
      const token = yield* mint()
      const ok = yield* hub.authorize(`wss://event-bridge.twilio.com${channelUrl(WORKSPACE, token)}`)
      assert.deepStrictEqual(ok, {
        accountSid: ACCOUNT,
        workspaceSid: WORKSPACE,
        channel: WORKSPACE,
        closeExistingSessions: false,
        disconnectActivitySid: undefined,
        expiresAtMs: 600_000,
      })
    }),
  )

  it.effect(
    "refuses bad paths (404), bad or expired tokens (401) and foreign channels or policies (403)",
    () =>
      Effect.gen(function* () {
        const { hub } = setup()
        const token = yield* mint()
        const reason = (url: string) =>
          Effect.map(Effect.flip(hub.authorize(url)), (r) => [r.status, r.closeCode, r.error.code] as const)
        assert.deepStrictEqual(yield* reason(`/v1/elsewhere?token=${token}`), [404, 4400, 20404])
        assert.deepStrictEqual(yield* reason(`/v1/wschannels/${ACCOUNT}/${WORKSPACE}`), [401, 4401, 20101])
        assert.deepStrictEqual(yield* reason(channelUrl(WORKSPACE, `${token}x`)), [401, 4401, 20107])
        assert.deepStrictEqual(yield* reason(channelUrl(WORKER, token)), [403, 4403, 20403])
        const noGet = yield* mint({ policies: Policy.workspaceFetch(WORKSPACE) })
        assert.deepStrictEqual(yield* reason(channelUrl(WORKSPACE, noGet)), [403, 4403, 20403])
        const shortLived = yield* mint({ ttl: 5 })
        yield* TestClock.adjust("5 seconds")
        assert.deepStrictEqual(yield* reason(channelUrl(WORKSPACE, shortLived)), [401, 4401, 20104])
      }),
  )
})

describe("EventSocketHub: frames", () => {
  it.effect("forwards {event_type, payload} frames of the workspace, in order, until detached", () =>
    Effect.gen(function* () {
      const { emulator, hub } = setup()
      const token = yield* mint()
      const { sink, log } = recorder()
      const session = yield* hub.attach(yield* hub.authorize(channelUrl(WORKSPACE, token)), sink)
      emulator.emit({ event_type: "task.created", payload: { sid: "WT1", attributes: "{}" } })
      emulator.emit({ event_type: "worker.activity.update", payload: { sid: WORKER } })
      assert.deepStrictEqual(
        log.frames.map((f) => JSON.parse(f)),
        [
          { event_type: "task.created", payload: { sid: "WT1", attributes: "{}" } },
          { event_type: "worker.activity.update", payload: { sid: WORKER } },
        ],
      )
      assert.strictEqual(hub.size(), 1)
      session.detach()
      session.detach()
      emulator.emit({ event_type: "task.updated", payload: {} })
      assert.strictEqual(log.frames.length, 2)
      assert.strictEqual(emulator.listeners(), 0)
      assert.strictEqual(hub.size(), 0)
    }),
  )

  it.effect("a worker channel only gets the events of that worker", () =>
    Effect.gen(function* () {
      const { emulator, hub } = setup()
      const token = yield* mint({ channel: WORKER })
      const { sink, log } = recorder()
      yield* hub.attach(yield* hub.authorize(channelUrl(WORKER, token)), sink)
      emulator.emit({ event_type: "reservation.created", payload: { sid: "WR1", worker_sid: WORKER } })
      emulator.emit({
        event_type: "reservation.created",
        payload: { sid: "WR2", worker_sid: `WK${"0".repeat(32)}` },
      })
      emulator.emit({ event_type: "worker.activity.update", payload: { sid: WORKER } })
      emulator.emit({ event_type: "task.created", payload: { sid: "WT1" } })
      assert.deepStrictEqual(
        log.frames.map((f) => Reflect.get(Object(JSON.parse(f)), "event_type")),
        ["reservation.created", "worker.activity.update"],
      )
    }),
  )

  it.effect("sends blank heartbeats every heartbeatMs on the Effect clock, not while paused", () =>
    Effect.gen(function* () {
      const { controller, hub } = setup(15_000)
      const token = yield* mint()
      const { sink, log } = recorder()
      yield* hub.attach(yield* hub.authorize(channelUrl(WORKSPACE, token)), sink)
      yield* TestClock.adjust("14 seconds")
      assert.deepStrictEqual(log.frames, [])
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(log.frames, [""])
      controller.faults.pauseHeartbeats()
      yield* TestClock.adjust("45 seconds")
      assert.deepStrictEqual(log.frames, [""])
      controller.faults.resumeHeartbeats()
      yield* TestClock.adjust("15 seconds")
      assert.deepStrictEqual(log.frames, ["", ""])
    }),
  )

  it.effect("closes the socket with 4401 when its token expires", () =>
    Effect.gen(function* () {
      const { emulator, hub } = setup(0)
      const token = yield* mint({ ttl: 90 })
      const { sink, log } = recorder()
      yield* hub.attach(yield* hub.authorize(channelUrl(WORKSPACE, token)), sink)
      yield* TestClock.adjust("89 seconds")
      assert.deepStrictEqual(log.closes, [])
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(log.closes, [[4401, "Token expired"]])
      assert.strictEqual(hub.size(), 0)
      assert.strictEqual(emulator.listeners(), 0)
    }),
  )

  it.effect("closeExistingSessions=true closes the older sockets of the same channel", () =>
    Effect.gen(function* () {
      const { hub } = setup()
      const token = yield* mint()
      const first = recorder()
      const second = recorder()
      yield* hub.attach(yield* hub.authorize(channelUrl(WORKSPACE, token)), first.sink)
      const replacing = yield* hub.authorize(
        `/v1/wschannels/${ACCOUNT}/${WORKSPACE}?token=${token}&closeExistingSessions=true`,
      )
      yield* hub.attach(replacing, second.sink)
      assert.deepStrictEqual(
        first.log.closes.map(([code]) => code),
        [4409],
      )
      assert.deepStrictEqual(second.log.closes, [])
      assert.strictEqual(hub.size(), 1)
    }),
  )

  it.effect("faults drop every socket abruptly or send them a malformed frame", () =>
    Effect.gen(function* () {
      const { controller, hub, emulator } = setup()
      const token = yield* mint()
      const a = recorder()
      const b = recorder()
      yield* hub.attach(yield* hub.authorize(channelUrl(WORKSPACE, token)), a.sink)
      yield* hub.attach(yield* hub.authorize(channelUrl(WORKSPACE, token)), b.sink)
      assert.strictEqual(controller.faults.malformedFrame("{broken"), 2)
      assert.deepStrictEqual([a.log.frames, b.log.frames], [["{broken"], ["{broken"]])
      assert.strictEqual(controller.faults.dropSockets(), 2)
      assert.deepStrictEqual([a.log.terminated, b.log.terminated], [1, 1])
      assert.strictEqual(hub.size(), 0)
      assert.strictEqual(emulator.listeners(), 0)
    }),
  )

  it.effect(
    "moves a worker to its disconnectActivitySid when its last socket goes away, not when replaced",
    () =>
      Effect.gen(function* () {
        const { emulator, hub } = setup()
        const token = yield* mint({ channel: WORKER })
        const offline = `WA${"f".repeat(32)}`
        const url = (extra: string) =>
          `/v1/wschannels/${ACCOUNT}/${WORKER}?token=${token}&disconnectActivitySid=${offline}${extra}`
        const updates = () =>
          emulator.requests.filter(
            (r) => r.method === "POST" && r.path === `/v1/Workspaces/${WORKSPACE}/Workers/${WORKER}`,
          )
        const first = yield* hub.attach(yield* hub.authorize(url("")), recorder().sink)
        const second = yield* hub.attach(yield* hub.authorize(url("")), recorder().sink)
        first.detach()
        assert.strictEqual(updates().length, 0, "another socket of the worker is still open")
        yield* hub.attach(yield* hub.authorize(url("&closeExistingSessions=true")), recorder().sink)
        second.detach()
        assert.strictEqual(updates().length, 0, "replaced sockets do not count as disconnects")
        hub.dropAll()
        assert.deepStrictEqual(
          updates().map((r) => r.form),
          [[["ActivitySid", offline]]],
        )
        yield* hub.attach(yield* hub.authorize(url("")), recorder().sink)
        hub.closeAll(1001, "shutting down")
        assert.strictEqual(updates().length, 1, "a server shutdown is not a worker disconnect")
      }),
  )
})
