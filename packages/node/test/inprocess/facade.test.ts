// The Workspace facade against the emulator's in-process door, under one TestClock shared by the door and the
// client: token expiry and refresh, retries, events, without waiting for real time.
import type {
  HttpTransport,
  SocketTransport,
  TaskRouteError,
  Transports,
  WorkerInstance,
  WorkspaceInstance,
  WorkspaceOptions,
} from "@taskroute/core"
import { FakeTaskRouter, type MintTokenOptions } from "@taskroute/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { TestClock } from "effect/testing"
import { afterEach, describe, expect, it } from "vitest"
import { Workspace } from "../../src/index.js"

type Door = ManagedRuntime.ManagedRuntime<FakeTaskRouter | HttpTransport | SocketTransport, never>

const opened: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close()
})

/** A door on a TestClock; the Workspace gets the door's already-built services (so both share the clock). */
const door = async () => {
  const runtime: Door = ManagedRuntime.make(
    FakeTaskRouter.layer({ seed: "demo", heartbeatMs: 15_000 }).pipe(Layer.provideMerge(TestClock.layer())),
  )
  opened.push({ close: () => runtime.dispose() })
  const context = await runtime.context()
  const transports = Layer.succeedContext(context)
  const mint = (options: MintTokenOptions = {}) =>
    runtime.runPromise(FakeTaskRouter.use((f) => f.mintToken(options)))
  const fake = await runtime.runPromise(FakeTaskRouter.use((f) => Effect.succeed(f)))
  const adjust = (duration: `${number} ${"millis" | "seconds" | "minutes"}`) =>
    runtime.runPromise(TestClock.adjust(duration))
  return { runtime, transports, mint, fake, adjust }
}

/** Lets callbacks, socket deliveries and fibers run (no virtual time passes). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 1))
}

/**
 * Settles until `done` holds, for at most 3 s of real time. A fixed number of rounds is not enough on a loaded
 * machine: the door's socket deliveries and the client's follow-up requests can need more of them.
 */
const until = async (done: () => boolean, what: string) => {
  const deadline = Date.now() + 3_000
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what} after 3 s`)
    await settle()
  }
}

/**
 * Advances the clock 250 ms at a time until `done` holds (at most `maxSteps` steps), settling between steps. A
 * retry's backoff sleep is scheduled only once the failed response has been handled; stepping finds it whenever
 * that happens, where one exact jump could come before it.
 */
const advanceUntil = async (
  d: { readonly adjust: (duration: "250 millis") => Promise<void> },
  done: () => boolean,
  maxSteps = 40,
) => {
  for (let step = 0; step < maxSteps && !done(); step++) {
    await d.adjust("250 millis")
    await settle()
  }
}

/** A promise's outcome, readable synchronously once it has settled. */
const track = <A>(promise: Promise<A>) => {
  const state: { done: boolean; promise: Promise<A> } = { done: false, promise }
  promise.then(
    () => (state.done = true),
    () => (state.done = true),
  )
  return state
}

const workspaceOf = (token: string, transports: Transports, options: WorkspaceOptions = {}) => {
  const workspace = new Workspace(token, { debug: false, transports, ...options })
  opened.push(workspace)
  return workspace
}

describe("the Workspace facade against the in-process door (TestClock)", () => {
  it("runs v1-style code: ready, create with a callback, the domain event as an instance, instance update", async () => {
    const d = await door()
    const workspace = workspaceOf(await d.mint(), d.transports)
    const ready = await new Promise<WorkspaceInstance>((resolve) => workspace.on("ready", resolve))
    expect(ready.friendlyName).toBe("Contact Centre")
    const created = new Promise<unknown>((resolve) => workspace.once("worker.created", resolve))
    const worker = await new Promise<WorkerInstance | undefined>((resolve, reject) =>
      workspace.workers.create({ FriendlyName: "Ada", Attributes: { skills: ["en"] } }, (error, w) =>
        error ? reject(error) : resolve(w),
      ),
    )
    const event = (await created) as WorkerInstance
    expect(event.sid).toBe(worker?.sid)
    const updated = await event.update("Attributes", { skills: ["en", "fr"] })
    expect(updated.attributes).toEqual({ skills: ["en", "fr"] })
    expect(event.attributes).toEqual({ skills: ["en", "fr"] }) // the instance is refreshed
  })

  it("token.expired at exp − 5 s; updateToken from the listener reconnects and serves later requests", async () => {
    const d = await door()
    const workspace = workspaceOf(await d.mint({ ttl: 120 }), d.transports, { heartbeatTimeoutMs: 3_600_000 })
    const seen: Array<string> = []
    for (const name of ["connected", "ready", "disconnected", "token.expired", "error"] as const) {
      workspace.on(name, () => seen.push(name))
    }
    const fresh = await d.mint({ ttl: 3600 })
    workspace.on("token.expired", () => workspace.updateToken(fresh))
    await until(() => seen.length >= 2, "connected and ready")
    expect(seen).toEqual(["connected", "ready"])
    await d.adjust("114 seconds")
    await settle()
    expect(seen.includes("token.expired")).toBe(false)
    await d.adjust("1 seconds")
    await until(() => seen.length >= 6, "the reconnect's connected and ready")
    // token.expired (the listener installs the fresh token) and the socket's own expiry happen at the same instant
    expect(seen.slice(0, 2)).toEqual(["connected", "ready"])
    expect([...seen.slice(2, 4)].sort()).toEqual(["disconnected", "token.expired"])
    expect(seen.slice(4)).toEqual(["connected", "ready"])
    await d.adjust("10 minutes") // the first token is long expired: requests and the socket use the new one
    await settle()
    const list = await workspace.activities.fetch()
    expect(list.data.length).toBe(4)
    expect(d.fake.sockets()).toBe(1)
  })

  it("with tokenProvider the token is refreshed ahead of expiry and never expires", async () => {
    const d = await door()
    let refreshes = 0
    let refreshed = 0
    const workspace = workspaceOf(await d.mint({ ttl: 600 }), d.transports, {
      heartbeatTimeoutMs: 3_600_000,
      refreshAheadMs: 60_000,
      tokenProvider: async () => {
        refreshes++
        const token = await d.mint({ ttl: 600 })
        refreshed++
        return token
      },
    })
    const expired: Array<unknown> = []
    workspace.on("token.expired", () => expired.push(1))
    await settle()
    for (let minute = 0; minute < 30; minute++) {
      await d.adjust("1 minutes")
      await until(() => refreshed === refreshes, "the token provider")
      await settle() // the client installs the new token
    }
    expect(expired).toEqual([])
    expect(refreshes).toBeGreaterThanOrEqual(3)
    const ws = await workspace.fetch()
    expect(ws.friendlyName).toBe("Contact Centre")
  })

  it("retries 503s with backoff up to maxRetries, then calls back with Twilio's error", async () => {
    const d = await door()
    const workspace = workspaceOf(await d.mint(), d.transports, { maxRetries: 2 })
    await settle()
    d.fake.faults.failNext(2, 503, { route: "/v1/Workspaces/*/Workers" })
    const ok = track(workspace.workers.fetch())
    await advanceUntil(d, () => ok.done)
    expect(ok.done).toBe(true)
    expect((await ok.promise).data.length).toBeGreaterThan(0)

    d.fake.faults.failNext(3, 503, { route: "/v1/Workspaces/*/Workers" })
    const failed = track(
      new Promise<TaskRouteError | null>((resolve) => workspace.workers.fetch((error) => resolve(error))),
    )
    await advanceUntil(d, () => failed.done)
    expect(failed.done).toBe(true)
    const error = await failed.promise
    expect(error?.status).toBe(503)
    expect(typeof error?.code).toBe("number")
  })
})
