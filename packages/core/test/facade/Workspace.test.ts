import { Layer } from "effect"
import { TestClock } from "effect/testing"
import { lastValueFrom, toArray } from "rxjs"
import { afterEach, describe, expect, it } from "vitest"
import { TaskRouteError } from "../../src/facade/TaskRouteError.js"
import { Workspace } from "../../src/facade/Workspace.js"
import { runtimes } from "../../src/internal/facadeRuntimes.js"
import type { HttpRequest } from "../../src/transport/HttpTransport.js"
import {
  AC,
  type Answer,
  json,
  makeFakeFetchHttp,
  makeFakeHttp,
  makeFakeSockets,
  makeToken,
  WS,
  workspacePayload,
} from "../transport/fakes.js"

const WK = `WK${"1".repeat(32)}`
const WA = `WA${"2".repeat(32)}`
const WT = `WT${"3".repeat(32)}`
const WW = `WW${"4".repeat(32)}`
const API = "https://taskrouter.twilio.com/v1"

type Envelope = { url: string; method: string; params?: Record<string, unknown>; token: string }

/** How the fake HTTP is supplied: an Effect-only transport, or `FetchHttpTransport` (whose `start` the facade's fast path uses). */
type Kind = "an Effect transport" | "a fetch transport"
const KINDS: ReadonlyArray<Kind> = ["an Effect transport", "a fetch transport"]

/** A proxy fake answering by envelope; `route` may override. */
const makeProxy = (
  route: (e: Envelope, i: number) => Answer | undefined = () => undefined,
  kind: Kind = "an Effect transport",
  hang: (request: HttpRequest) => boolean = () => false,
) =>
  (kind === "a fetch transport"
    ? (f: (r: HttpRequest, i: number) => Answer) => makeFakeFetchHttp(f, hang)
    : makeFakeHttp)((request: HttpRequest, i) => {
    const e = JSON.parse(request.body ?? "{}") as Envelope
    const custom = route(e, i)
    if (custom !== undefined) return custom
    const path = new URL(e.url).pathname.replace(`/v1/Workspaces/${WS}`, "")
    if (path === "") return json(200, { payload: { ...workspacePayload, ...e.params } })
    if (path === "/Workers" && e.method === "GET") {
      const page = Number(new URL(e.url).searchParams.get("Page") ?? "0")
      const next =
        page < 2 ? `${API}/Workspaces/${WS}/Workers?PageSize=2&Page=${page + 1}&PageToken=PA${page}` : null
      return json(200, {
        payload: {
          meta: { key: "workers", page, page_size: 2, next_page_url: next, previous_page_url: null },
          workers: [0, 1].map((n) => ({
            sid: `WK${String(page * 2 + n).padStart(32, "0")}`,
            friendly_name: `w${page * 2 + n}`,
          })),
        },
      })
    }
    if (path.startsWith("/Activities") && e.method === "POST") {
      return json(200, {
        payload: { sid: WA, friendly_name: e.params?.FriendlyName ?? "Activity1", available: true },
      })
    }
    if (path.startsWith("/Activities") && e.method === "GET") {
      return json(200, {
        payload: {
          meta: { key: "activities", page: 0, page_size: 50, next_page_url: null, previous_page_url: null },
          activities: [{ sid: WA, friendly_name: "Offline", available: false }],
        },
      })
    }
    if (path.startsWith("/Tasks/") && e.method === "POST") {
      return json(200, {
        payload: { sid: WT, attributes: '{"Ticket":"Gold"}', assignment_status: "canceled" },
      })
    }
    if (path.startsWith("/Workflows") && e.method === "POST") {
      return json(200, {
        payload: { sid: WW, friendly_name: "Workflow1", configuration: e.params?.Configuration },
      })
    }
    if (path.endsWith("Statistics"))
      return json(200, { payload: { account_sid: AC, cumulative: {}, realtime: {} } })
    return json(404, {
      code: 20404,
      message: `The requested resource ${path} was not found`,
      more_info: "https://www.twilio.com/docs/errors/20404",
      status: 404,
    })
  })

const open: Array<Workspace> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()))
})

const setupWith = (
  options: {
    token?: string
    maxRetries?: number
    heartbeatTimeoutMs?: number
    route?: (e: Envelope, i: number) => Answer | undefined
    kind?: Kind
    hang?: (request: HttpRequest) => boolean
  } = {},
) => {
  const http = makeProxy(options.route, options.kind, options.hang)
  const sockets = makeFakeSockets()
  const transports = Layer.mergeAll(http.layer, sockets.layer, TestClock.layer())
  const token = options.token ?? makeToken({ exp: 3600 })
  const workspace = new Workspace(token, {
    debug: false,
    maxRetries: options.maxRetries,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs,
    transports,
  })
  open.push(workspace)
  const envelopes = () => http.envelopes() as unknown as Array<Envelope>
  const adjust = (ms: number) => runtimes.get(workspace)?.runPromise(TestClock.adjust(ms))
  /**
   * Advances the clock 100 ms at a time (at most `maxMs`) until `done` holds. A backoff sleep is scheduled only
   * once its failure has been handled; stepping finds it whenever that happens, where one jump could come first.
   */
  const advanceUntil = async (done: () => boolean, maxMs = 5_000) => {
    for (let ms = 0; ms < maxMs && !done(); ms += 100) {
      await adjust(100)
      await new Promise((r) => setTimeout(r, 1))
    }
  }
  /** The latest socket, once the channel opened one (it connects from a fiber). */
  const socket = async () => {
    for (let i = 0; i < 100 && sockets.connections.length === 0; i++)
      await new Promise((r) => setTimeout(r, 1))
    return sockets.last()
  }
  return { http, sockets, token, workspace, envelopes, adjust, advanceUntil, socket }
}

const callback = <T>() => {
  const calls: Array<[TaskRouteError | null, T | undefined]> = []
  let resolve: () => void = () => {}
  const done = new Promise<void>((r) => {
    resolve = r
  })
  return {
    calls,
    done,
    fn: (error: TaskRouteError | null, result?: T) => {
      calls.push([error, result])
      resolve()
    },
  }
}

describe("Workspace (facade) construction", () => {
  it("throws v1's token errors", () => {
    const transports = Layer.mergeAll(makeFakeHttp(() => json(200, {})).layer, makeFakeSockets().layer)
    expect(() => new Workspace("", { transports })).toThrow("Token is required for TaskRouter JS SDK")
    expect(() => new Workspace("abc", { transports })).toThrow("Wrong number of segments")
    const noClaims = makeToken({ workspace_sid: undefined })
    expect(() => new Workspace(noClaims, { transports })).toThrow(
      "Missing minimum payload values. Check for existence of account_sid,channel or workspace_sid in the token",
    )
    try {
      new Workspace("abc", { transports })
    } catch (e) {
      expect(TaskRouteError.is(e)).toBe(true)
    }
    // (The token goes into the socket URL, and JSON can carry a lone surrogate into the claims the channel URL is
    // built from; no URL can hold one.)
    expect(() => new Workspace(`${makeToken()}\uD800`, { transports })).toThrow(
      "A token must be well-formed text (without a lone UTF-16 surrogate)",
    )
    for (const claim of ["account_sid", "workspace_sid", "channel"]) {
      const broken = makeToken({ [claim]: "WS\uD800" })
      expect(() => new Workspace(broken, { transports })).toThrow(
        "Claims account_sid, workspace_sid and channel must be well-formed text (without a lone UTF-16 surrogate)",
      )
    }
  })

  it("takes v1's positional arguments: region rewrites the event-bridge host, apiBaseUrl may end in /v1", async () => {
    const http = makeProxy()
    const sockets = makeFakeSockets()
    class Local extends Workspace {
      static override transports = Layer.mergeAll(http.layer, sockets.layer)
    }
    const workspace = new Local(makeToken({ exp: 3600 }), false, "ie1-ix", 0, "https://api.example.test/v1")
    open.push(workspace)
    await workspace.fetch()
    for (let i = 0; i < 100 && sockets.connections.length === 0; i++)
      await new Promise((r) => setTimeout(r, 1))
    expect(
      sockets
        .last()
        .url.startsWith(`wss://event-bridge.ie1-ix.us1.twilio.com/v1/wschannels/${AC}/${WS}?token=`),
    ).toBe(true)
    expect(http.requests[0]?.url).toBe(`https://event-bridge.ie1-ix.us1.twilio.com/v1/wschannels/${AC}/${WS}`)
    expect(JSON.parse(http.requests[0]?.body ?? "{}").url).toBe(
      `https://api.example.test/v1/Workspaces/${WS}`,
    )
  })
})

describe.each(KINDS)("Workspace (facade) calls, over %s", (kind) => {
  const setup = (options: Parameters<typeof setupWith>[0] = {}) => setupWith({ ...options, kind })

  it("returns a Promise without a callback, and calls a callback exactly once with v1-shaped results", async () => {
    const t = setup()
    const list = await t.workspace.activities.fetch()
    expect(list.data[0]?.friendlyName).toBe("Offline")
    expect(list.hasNext).toBe(false)
    const cb = callback<unknown>()
    const returned: unknown = t.workspace.activities.fetch(cb.fn)
    expect(returned).toBeUndefined()
    await cb.done
    await new Promise((r) => setTimeout(r, 5))
    expect(cb.calls.length).toBe(1)
    expect(cb.calls[0]?.[0]).toBeNull()
  })

  it("calls back once even when the callback throws, and reports the exception as uncaught", async () => {
    const t = setup()
    const reported: Array<unknown> = []
    const onRejection = (e: unknown) => reported.push(e)
    process.on("unhandledRejection", onRejection)
    try {
      let calls = 0
      t.workspace.activities.fetch(() => {
        calls++
        throw new Error("boom in user code")
      })
      await new Promise((r) => setTimeout(r, 20))
      expect(calls).toBe(1)
      expect(reported.map((e) => (e instanceof Error ? e.message : e))).toEqual(["boom in user code"])
    } finally {
      process.off("unhandledRejection", onRejection)
    }
  })

  it("sends every update form of the seed and of v1's code", async () => {
    const t = setup()
    await t.workspace.activities.update(WA, "FriendlyName", "NewFriendlyName")
    await t.workspace.activities.update(WA, { FriendlyName: "Obj" })
    const [activity] = (await t.workspace.activities.fetch()).data
    if (activity === undefined) throw new Error("no activity")
    await activity.update("FriendlyName", "KV")
    await activity.update({ FriendlyName: "Obj2" })
    await activity.update("WAxxx", "FriendlyName", "SeedForm") // the seed's form: the leading SID is the instance's
    await activity.update(WA, { FriendlyName: "SidObj" })
    const updates = t.envelopes().filter((e) => e.method === "POST")
    expect(updates.map((e) => [e.url, e.params])).toEqual([
      [`${API}/Workspaces/${WS}/Activities/${WA}`, { FriendlyName: "NewFriendlyName" }],
      [`${API}/Workspaces/${WS}/Activities/${WA}`, { FriendlyName: "Obj" }],
      [`${API}/Workspaces/${WS}/Activities/${WA}`, { FriendlyName: "KV" }],
      [`${API}/Workspaces/${WS}/Activities/${WA}`, { FriendlyName: "Obj2" }],
      [`${API}/Workspaces/${WS}/Activities/${WA}`, { FriendlyName: "SeedForm" }],
      [`${API}/Workspaces/${WS}/Activities/${WA}`, { FriendlyName: "SidObj" }],
    ])
    expect(activity.friendlyName).toBe("SidObj") // the instance is refreshed with the response
    const other = await activity.update(`WA${"9".repeat(32)}`, "FriendlyName", "x").catch((e: unknown) => e)
    expect(TaskRouteError.is(other) && other.code).toBe("InvalidArgument")
  })

  it("accepts JSON-valued params as objects and never mutates them", async () => {
    const t = setup()
    const workflowConfig = { task_routing: { default_filter: { task_queue_sid: "WQxxx" } } }
    const params = {
      FriendlyName: "Workflow1",
      AssignmentCallbackUrl: "http://requestb.in/1kmw9im1",
      Configuration: workflowConfig,
    }
    const workflow = await t.workspace.workflows.create(params)
    expect(params.Configuration).toBe(workflowConfig) // v1 replaced it with a string
    expect(t.envelopes().at(-1)?.params?.Configuration).toBe(JSON.stringify(workflowConfig))
    expect(workflow.configuration).toEqual(workflowConfig)
    const cancelAttrs = { AssignmentStatus: "canceled", Reason: "waiting" }
    const task = await t.workspace.tasks.update(WT, cancelAttrs)
    expect(task.attributes).toEqual({ Ticket: "Gold" })
    expect(cancelAttrs).toEqual({ AssignmentStatus: "canceled", Reason: "waiting" })
  })

  it("rejects bad arguments through the callback or the Promise, never by throwing", async () => {
    const t = setup()
    const cb = callback<unknown>()
    expect(() => t.workspace.activities.fetch(42 as never, cb.fn)).not.toThrow()
    await cb.done
    expect(cb.calls[0]?.[0]?.code).toBe("InvalidArgument")
    const invalid = await t.workspace.tasks.create({ Priority: "high" }).catch((e: unknown) => e)
    expect(TaskRouteError.is(invalid) && invalid.code).toBe("InvalidParameter")
    expect(t.http.requests.length).toBe(0) // validated before sending
  })

  it("gives Twilio's error body as a serialisable TaskRouteError", async () => {
    const t = setup({
      route: (e) => (e.url.endsWith("/Workers/missing") ? { status: 500, body: "" } : undefined),
      maxRetries: 0,
    })
    const error = await t.workspace.workers.fetch(WK).catch((e: unknown) => e)
    if (!TaskRouteError.is(error)) throw new Error("expected a TaskRouteError")
    expect(error.code).toBe(20404)
    expect(error.status).toBe(404)
    expect(error.moreInfo).toBe("https://www.twilio.com/docs/errors/20404")
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      code: 20404,
      status: 404,
      name: "TaskRouteError",
    })
    const bodyless = await t.workspace.workers.fetch("missing").catch((e: unknown) => e)
    expect(TaskRouteError.is(bodyless) && bodyless.code).toBe(500)
    expect(TaskRouteError.is(bodyless) && bodyless.message).toContain("HTTP 500")
  })

  it("refuses a SID that cannot be percent-encoded through the callback, sending nothing", async () => {
    const t = setup()
    await t.workspace.fetch()
    const sent = t.http.requests.length
    const cb = callback<unknown>()
    // (A lone surrogate: encodeURIComponent throws a URIError on it.)
    expect(() => t.workspace.workers.fetch("WK\uD800", cb.fn)).not.toThrow()
    await cb.done
    expect(cb.calls.length).toBe(1)
    expect(cb.calls[0]?.[0]?.code).toBe("InvalidParameter")
    expect(cb.calls[0]?.[0]?.message).toContain("lone surrogate")
    const rejected = await t.workspace.tasks.update("WT\uDC00", "Priority", 1).catch((e: unknown) => e)
    expect(TaskRouteError.is(rejected) && rejected.code).toBe("InvalidParameter")
    expect(t.http.requests.length).toBe(sent)
  })

  it("refuses a parameter value with a lone surrogate instead of sending it as U+FFFD, sending nothing", async () => {
    const t = setup()
    await t.workspace.fetch()
    const sent = t.http.requests.length
    const cb = callback<unknown>()
    t.workspace.workers.create({ FriendlyName: "Al\uD800ice" }, cb.fn)
    await cb.done
    expect(cb.calls.length).toBe(1)
    expect(cb.calls[0]?.[0]?.code).toBe("InvalidParameter")
    expect(cb.calls[0]?.[0]?.message).toContain("Invalid parameter FriendlyName of CreateWorker")
    const rejected = await t.workspace.update("FriendlyName", "\uDC00").catch((e: unknown) => e)
    expect(TaskRouteError.is(rejected) && rejected.message).toContain("lone surrogate")
    expect(t.http.requests.length).toBe(sent)
  })

  it("retries a 500 up to maxRetries (v1's maxRetries was dead and the callback hung)", async () => {
    const t = setup({
      maxRetries: 1,
      route: (e, i) =>
        i === 0 && e.url.endsWith(WS) ? json(500, { code: 20500, message: "oops" }) : undefined,
    })
    const cb = callback<unknown>()
    t.workspace.fetch(cb.fn)
    await new Promise((r) => setTimeout(r, 5))
    expect(cb.calls.length).toBe(0)
    await t.advanceUntil(() => cb.calls.length > 0)
    expect(cb.calls.length).toBe(1)
    expect(cb.calls[0]?.[0]).toBeNull()
    expect(t.http.requests.length).toBe(2)
  })

  it("drops the time window from real-time statistics (the seed passes Minutes to them)", async () => {
    const t = setup()
    await t.workspace.realtimeStats.fetch({ Minutes: "240", TaskChannel: "voice" })
    expect(t.envelopes().at(-1)?.params).toEqual({ TaskChannel: "voice" })
    await t.workspace.cumulativeStats.fetch({ Minutes: "240" })
    expect(t.envelopes().at(-1)?.params).toEqual({ Minutes: "240" })
    const typo = await t.workspace.cumulativeStats.fetch({ Minuts: "240" }).catch((e: unknown) => e)
    expect(TaskRouteError.is(typo) && typo.code).toBe("InvalidParameter")
  })

  it("iterates every page with each({ pageSize, limit })", async () => {
    const t = setup()
    const names: Array<unknown> = []
    for await (const worker of t.workspace.workers.each({ pageSize: 2 })) names.push(worker.friendlyName)
    expect(names).toEqual(["w0", "w1", "w2", "w3", "w4", "w5"])
    expect(new URL(t.envelopes()[0]?.url ?? "").pathname).toBe(`/v1/Workspaces/${WS}/Workers`)
    expect(t.envelopes()[0]?.params).toEqual({ PageSize: "2" })
    const limited: Array<unknown> = []
    for await (const worker of t.workspace.workers.each({ pageSize: 2, limit: 3 })) limited.push(worker.sid)
    expect(limited.length).toBe(3)
  })

  it("list pages navigate with next()", async () => {
    const t = setup()
    const first = await t.workspace.workers.fetch({ PageSize: 2 })
    expect(first.hasNext).toBe(true)
    const second = await first.next()
    expect(second.data.map((w) => w.friendlyName)).toEqual(["w2", "w3"])
  })
})

describe.each(KINDS)("Workspace (facade) events and tokens, over %s", (kind) => {
  const setup = (options: Parameters<typeof setupWith>[0] = {}) => setupWith({ ...options, kind })

  it("emits connected and ready (the workspace resource), domain events as instances", async () => {
    const t = setup()
    const seen: Array<string> = []
    const ready = new Promise<unknown>((resolve) => t.workspace.on("ready", resolve))
    t.workspace.on("connected", () => seen.push("connected"))
    const socket = await t.socket()
    socket.open()
    const ws = (await ready) as {
      sid: string
      friendlyName: string
      prioritizeQueueOrder: string
      defaultActivityName: string
    }
    expect([ws.sid, ws.friendlyName, ws.prioritizeQueueOrder, ws.defaultActivityName]).toEqual([
      WS,
      "Workspace 1",
      "FIFO",
      "Offline",
    ])
    expect(seen).toEqual(["connected"])
    const got = new Promise<unknown>((resolve) => t.workspace.once("worker.activity.update", resolve))
    t.sockets
      .last()
      .frame(
        JSON.stringify({ event_type: "worker.activity.update", payload: { sid: WK, activity_name: "Idle" } }),
      )
    const worker = (await got) as { activityName: string; update: unknown }
    expect(worker.activityName).toBe("Idle")
    expect(typeof worker.update).toBe("function")
  })

  it("does not throw on an 'error' with no listener (v1's EventEmitter did)", async () => {
    const t = setup()
    ;(await t.socket()).open()
    expect(() => t.sockets.last().frame("{not json")).not.toThrow()
    const errors: Array<TaskRouteError> = []
    t.workspace.on("error", (e) => errors.push(e))
    t.sockets.last().frame("{still not json")
    expect(errors[0]?.message).toContain("This doesn't look like a valid JSON")
  })

  it("off() and once() remove listeners; events$ sees everything and completes on close()", async () => {
    const t = setup()
    const all = lastValueFrom(t.workspace.events$.pipe(toArray()))
    const counts = { on: 0, once: 0 }
    const onConnected = () => counts.on++
    t.workspace.on("connected", onConnected)
    t.workspace.once("connected", () => counts.once++)
    ;(await t.socket()).open()
    t.workspace.off("connected", onConnected)
    t.sockets.last().drop(1006)
    await t.advanceUntil(() => t.sockets.connections.length === 2)
    t.sockets.last().open()
    await new Promise((r) => setTimeout(r, 5))
    expect(counts).toEqual({ on: 1, once: 1 })
    await t.workspace.close()
    const types = (await all).map((e) => e.type)
    expect(types.filter((x) => x === "connected").length).toBe(2)
    expect(types).toContain("disconnected")
    const late = await t.workspace.activities.fetch().catch((e: unknown) => e)
    expect(TaskRouteError.is(late) && late.code).toBe("Closed")
    expect(t.sockets.last().ended).toBe(true)
  })

  it("updateToken: every later request, fetched instance and statistics uses the new token", async () => {
    const t = setup()
    const [activity] = (await t.workspace.activities.fetch()).data
    const fresh = makeToken({ exp: 7200, friendly_name: "fresh" })
    t.workspace.updateToken(fresh)
    await activity?.update("FriendlyName", "after")
    await t.workspace.realtimeStats.fetch()
    await t.workspace.cumulativeStats.fetch({ Minutes: 240 }).catch(() => undefined)
    await t.workspace.workers.realtimeStats.fetch().catch(() => undefined)
    const tokens = t.envelopes().map((e) => e.token)
    expect(tokens[0]).toBe(t.token)
    expect(tokens.slice(1)).toEqual([fresh, fresh, fresh, fresh])
    expect(() => t.workspace.updateToken("abc")).toThrow("Wrong number of segments")
  })

  it("stops at token expiry and reconnects after updateToken", async () => {
    const t = setup({ token: makeToken({ exp: 100 }), heartbeatTimeoutMs: 86_400_000 })
    ;(await t.socket()).open()
    const expired = new Promise<void>((resolve) => t.workspace.on("token.expired", () => resolve()))
    await t.adjust(95_000)
    await expired
    expect(t.sockets.last().ended).toBe(true)
    await t.adjust(3_600_000)
    expect(t.sockets.connections.length).toBe(1)
    t.workspace.updateToken(makeToken({ exp: 7200 }))
    await new Promise((r) => setTimeout(r, 5))
    expect(t.sockets.connections.length).toBe(2)
  })

  it("close() and Symbol.asyncDispose release the socket", async () => {
    const t = setup()
    ;(await t.socket()).open()
    {
      await using _ws = t.workspace
    }
    expect(t.sockets.last().ended).toBe(true)
  })
})

const isFetchFake = (http: object): http is ReturnType<typeof makeFakeFetchHttp> => "counts" in http

describe("Workspace (facade) fast path: requests without a fiber once the client is built", () => {
  /** A workspace over a fetch transport, once its client is built (requests go through `start` from then on). */
  const built = async (options: Parameters<typeof setupWith>[0] = {}) => {
    const t = setupWith({ ...options, kind: "a fetch transport" })
    await runtimes.get(t.workspace)?.context()
    await new Promise((r) => setTimeout(r, 0))
    const http = t.http
    if (!isFetchFake(http)) throw new Error("expected the fetch fake")
    return { ...t, http, before: { ...http.counts } }
  }
  const ACTIVITIES = `${API}/Workspaces/${WS}/Activities`

  it("sends a successful request through the transport's start, not as an effect", async () => {
    const t = await built()
    const list = await t.workspace.activities.fetch()
    expect(list.data[0]?.friendlyName).toBe("Offline")
    expect(list.data[0]?.available).toBe(false)
    expect(typeof list.data[0]?.update).toBe("function")
    expect(t.http.counts.starts - t.before.starts).toBe(1)
    expect(t.http.counts.sends - t.before.sends).toBe(0)
  })

  it("continues a failed first attempt as an effect: the retry waits on the runtime's clock", async () => {
    let failures = 0
    const t = await built({
      maxRetries: 1,
      route: (e) =>
        e.url === ACTIVITIES && failures++ === 0 ? json(503, { code: 20503, message: "busy" }) : undefined,
    })
    const cb = callback<unknown>()
    t.workspace.activities.fetch(cb.fn)
    await new Promise((r) => setTimeout(r, 10))
    expect(cb.calls.length).toBe(0)
    // At most 1 s of virtual time in 100 ms steps, a few milliseconds of real time: with the 200 ms below, too
    // short for a retry on a real clock, whose backoff is 250 to 500 ms.
    await t.advanceUntil(() => cb.calls.length > 0, 1_000)
    const late = new Promise((_, reject) =>
      setTimeout(() => reject(new Error("the retry did not follow the TestClock")), 200),
    )
    await Promise.race([cb.done, late])
    expect(cb.calls.length).toBe(1)
    expect(cb.calls[0]?.[0]).toBeNull()
    expect(cb.calls[0]?.[1]).toMatchObject({ data: [{ friendlyName: "Offline" }] })
    expect(t.http.counts.starts - t.before.starts).toBe(1)
    expect(t.http.counts.sends - t.before.sends).toBe(1)
  })

  it("fails with Twilio's error after the first attempt when it is not worth retrying", async () => {
    const t = await built({
      route: (e) => (e.url === ACTIVITIES ? json(404, { code: 20404, message: "gone" }) : undefined),
    })
    const error = await t.workspace.activities.fetch().catch((e: unknown) => e)
    expect(TaskRouteError.is(error) && [error.code, error.status, error.message]).toEqual([
      20404,
      404,
      "gone",
    ])
    expect(t.http.counts.sends - t.before.sends).toBe(0)
  })

  it("refuses bad parameters before anything is sent, through the callback exactly once", async () => {
    const t = await built()
    const sent = t.http.requests.length
    const cb = callback<unknown>()
    t.workspace.tasks.create({ Priority: "high" }, cb.fn)
    await cb.done
    await new Promise((r) => setTimeout(r, 5))
    expect(cb.calls.length).toBe(1)
    const error = cb.calls[0]?.[0]
    expect(error?.code).toBe("InvalidParameter")
    expect(error?.message).toContain("Priority")
    expect(t.http.requests.length).toBe(sent)
  })

  it("close() aborts a request in flight, which rejects with code Closed", async () => {
    const t = await built({ hang: (r) => r.body?.includes("/Workers") === true })
    const pending = t.workspace.workers.fetch().catch((e: unknown) => e)
    await new Promise((r) => setTimeout(r, 5))
    await t.workspace.close()
    const error = await pending
    expect(TaskRouteError.is(error) && error.code).toBe("Closed")
    expect(t.http.aborted.length).toBe(1)
  })

  it("uses the token installed by updateToken", async () => {
    const t = await built()
    const fresh = makeToken({ exp: 7200, friendly_name: "fresh" })
    t.workspace.updateToken(fresh)
    await t.workspace.activities.fetch()
    expect(t.envelopes().at(-1)?.token).toBe(fresh)
    expect(t.http.counts.starts - t.before.starts).toBe(1)
  })
})
