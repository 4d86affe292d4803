import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { TokenProvider } from "../../src/auth/TokenProvider.js"
import * as EventBridgeDialect from "../../src/transport/EventBridgeDialect.js"
import type { HttpRequest, HttpTransport } from "../../src/transport/HttpTransport.js"
import { TransportError } from "../../src/transport/TransportError.js"
import { WorkspaceClient } from "../../src/workspace/WorkspaceClient.js"
import {
  AC,
  type Answer,
  json,
  makeFakeFetchHttp,
  makeFakeHttp,
  makeToken,
  WS,
  workspacePayload,
} from "../transport/fakes.js"

const WK = `WK${"c".repeat(32)}`
const token = makeToken({ exp: 3600 })

/** The client over the proxy dialect and `http`. */
const layerOver = (http: Layer.Layer<HttpTransport>, maxRetries?: number) =>
  WorkspaceClient.layer({ maxRetries }).pipe(
    Layer.provideMerge(EventBridgeDialect.layer({})),
    Layer.provideMerge(TokenProvider.layer({ token })),
    Layer.provide(http),
  )

const stack = (respond: (r: HttpRequest, i: number) => Answer, maxRetries?: number) => {
  const http = makeFakeHttp(respond)
  return { http, layer: layerOver(http.layer, maxRetries) }
}

/** The same over a fetch transport (which can start requests outside a fiber). */
const fetchStack = (respond: (r: HttpRequest, i: number) => Answer, maxRetries?: number) => {
  const http = makeFakeFetchHttp(respond)
  return { http, layer: layerOver(http.layer, maxRetries) }
}

const clientOf = (layer: Layer.Layer<WorkspaceClient, unknown>) =>
  Effect.provide(
    Effect.gen(function* () {
      return yield* WorkspaceClient
    }),
    layer,
  )

describe("WorkspaceClient over the event-bridge proxy", () => {
  it.effect("posts v1's envelope to the channel URL, with no headers and the token in the body", () => {
    const { http, layer } = stack(() =>
      json(200, { payload: { sid: WK, friendly_name: "Alice", attributes: '{"skills":["en"]}' } }),
    )
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const worker = yield* client.request("UpdateWorker", {
        Sid: WK,
        Attributes: { skills: ["en"] },
        ActivitySid: `WA${"d".repeat(32)}`,
      })
      assert.strictEqual(worker.friendlyName, "Alice")
      assert.deepStrictEqual(worker.attributes, { skills: ["en"] })
      const request = http.requests[0]
      assert.strictEqual(request?.method, "POST")
      assert.strictEqual(request?.url, `https://event-bridge.twilio.com/v1/wschannels/${AC}/${WS}`)
      assert.deepStrictEqual(request?.headers, {})
      assert.deepStrictEqual(http.envelopes()[0], {
        url: `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers/${WK}`,
        method: "POST",
        params: { Attributes: '{"skills":["en"]}', ActivitySid: `WA${"d".repeat(32)}` },
        token,
      })
    }).pipe(Effect.provide(layer))
  })

  it.effect("validates parameters before sending anything", () => {
    const { http, layer } = stack(() => json(200, { payload: {} }))
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const error = yield* Effect.flip(client.request("CreateTask", { Priority: "high" }))
      assert.strictEqual(error._tag, "ParamError")
      if (error._tag === "ParamError") assert.strictEqual(error.parameter, "Priority")
      const unknown = yield* Effect.flip(
        client.request("CreateWorker", { FriendlyName: "x", Friendlyname: "y" }),
      )
      assert.strictEqual(unknown._tag, "ParamError")
      const missingSid = yield* Effect.flip(client.request("FetchWorker", {}))
      assert.strictEqual(missingSid._tag, "ParamError")
      assert.strictEqual(http.requests.length, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("does not mutate the caller's params (v1 stringified JSON values in place)", () => {
    const { layer } = stack(() => json(200, { payload: { sid: WK } }))
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const params = { Sid: WK, Attributes: { skills: ["en"] } }
      yield* client.request("UpdateWorker", params)
      assert.deepStrictEqual(params, { Sid: WK, Attributes: { skills: ["en"] } })
    }).pipe(Effect.provide(layer))
  })

  it.effect("accepts any 2xx as success (v1 accepted only 200)", () => {
    const { layer } = stack((_, i) =>
      i === 0 ? json(201, { payload: { sid: WK } }) : { status: 204, body: "" },
    )
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const created = yield* client.request("CreateWorker", { FriendlyName: "Bob" })
      assert.strictEqual(created.sid, WK)
      const deleted = yield* client.request("DeleteWorker", { Sid: WK })
      assert.strictEqual(deleted, undefined)
    }).pipe(Effect.provide(layer))
  })

  it.effect(
    "reads Twilio's error body through the proxy; falls back to the status when there is none",
    () => {
      const { layer } = stack((_, i) =>
        i === 0
          ? json(404, {
              code: 20404,
              message: `The requested resource /Workspaces/${WS}/Workers/${WK} was not found`,
              more_info: "https://www.twilio.com/docs/errors/20404",
              status: 404,
            })
          : { status: 403, body: "" },
      )
      return Effect.gen(function* () {
        const client = yield* WorkspaceClient
        const notFound = yield* Effect.flip(client.request("FetchWorker", { Sid: WK }))
        assert.strictEqual(notFound._tag, "ApiError")
        if (notFound._tag === "ApiError") {
          assert.strictEqual(notFound.code, 20404)
          assert.strictEqual(notFound.status, 404)
          assert.strictEqual(notFound.moreInfo, "https://www.twilio.com/docs/errors/20404")
          assert.include(notFound.message, "was not found")
        }
        const forbidden = yield* Effect.flip(client.request("FetchWorker", { Sid: WK }))
        if (forbidden._tag !== "ApiError") return assert.fail("expected an ApiError")
        assert.strictEqual(forbidden.code, 403)
        assert.include(forbidden.message, "HTTP 403")
      }).pipe(Effect.provide(layer))
    },
  )

  it.effect("retries 500/503/429 and network errors up to maxRetries with backoff, then fails", () => {
    const { http, layer } = stack(
      (_, i) =>
        i === 0
          ? json(500, { code: 20500, message: "Internal error" })
          : i === 1
            ? new TransportError({ reason: "Network", message: "ECONNRESET" })
            : json(503, { code: 20503, message: "Unavailable" }),
      2,
    )
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const fiber = yield* Effect.forkChild(client.request("FetchWorkspace"))
      yield* Effect.yieldNow
      assert.strictEqual(http.requests.length, 1)
      yield* TestClock.adjust("500 millis") // first retry waits 250..500 ms
      assert.strictEqual(http.requests.length, 2)
      yield* TestClock.adjust("1 second") // second retry waits 500..1000 ms
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(http.requests.length, 3)
      if (error._tag !== "ApiError") return assert.fail("expected an ApiError")
      assert.strictEqual(error.code, 20503)
    }).pipe(Effect.provide(layer))
  })

  it.effect("honours Retry-After on 429 and succeeds on the retry", () => {
    const { http, layer } = stack(
      (_, i) =>
        i === 0
          ? json(429, { code: 20429, message: "Too Many Requests" }, { "retry-after": "7" })
          : json(200, { payload: workspacePayload }),
      1,
    )
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const fiber = yield* Effect.forkChild(client.request("FetchWorkspace"))
      yield* TestClock.adjust("6999 millis")
      assert.strictEqual(http.requests.length, 1)
      yield* TestClock.adjust("1 millis")
      const workspace = yield* Fiber.join(fiber)
      assert.strictEqual(workspace.friendlyName, "Workspace 1")
      assert.strictEqual(http.requests.length, 2)
    }).pipe(Effect.provide(layer))
  })

  it.effect("does not retry client errors", () => {
    const { http, layer } = stack(
      () => json(400, { code: 20001, message: "Missing required parameter FriendlyName" }),
      5,
    )
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const error = yield* Effect.flip(client.request("FetchWorkspace"))
      assert.strictEqual(error._tag, "ApiError")
      assert.strictEqual(http.requests.length, 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("shapes lists into pages and follows next_page_url rebased on the API origin", () => {
    const page = (n: number, next: string | null) =>
      json(200, {
        payload: {
          meta: { key: "workers", page: n, page_size: 1, next_page_url: next, previous_page_url: null },
          workers: [{ sid: WK, friendly_name: `W${n}`, date_created: "2020-06-16T10:00:00Z" }],
        },
      })
    const { http, layer } = stack((_, i) =>
      i === 0
        ? page(0, `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers?PageSize=1&Page=1&PageToken=PA1`)
        : page(1, null),
    )
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const first = yield* client.request("ListWorker", { PageSize: 1 })
      assert.strictEqual(first.items[0]?.friendlyName, "W0")
      assert.instanceOf(first.items[0]?.dateCreated, Date)
      assert.strictEqual(first.pageSize, 1)
      assert.deepStrictEqual(http.envelopes()[0]?.params, { PageSize: "1" })
      assert.isDefined(first.nextPageUrl)
      const second = yield* client.fetchPage(first.nextPageUrl ?? "")
      assert.strictEqual(second.items[0]?.friendlyName, "W1")
      assert.isUndefined(second.nextPageUrl)
      assert.strictEqual(
        http.envelopes()[1]?.url,
        `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers?PageSize=1&Page=1&PageToken=PA1`,
      )
    }).pipe(Effect.provide(layer))
  })

  it.effect("uses the token installed by update for every later request", () => {
    const { http, layer } = stack(() => json(200, { payload: workspacePayload }))
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const tokens = yield* TokenProvider
      yield* client.request("FetchWorkspace")
      const fresh = makeToken({ exp: 7200, friendly_name: "fresh" })
      yield* tokens.update(fresh)
      yield* client.request("FetchWorkspaceStatistics", { Minutes: 240 })
      yield* client.request("FetchWorkersCumulativeStatistics", {})
      const tokensSent = http.envelopes().map((e) => e.token)
      assert.deepStrictEqual(tokensSent, [token, fresh, fresh])
    }).pipe(Effect.provide(layer))
  })
})

describe("WorkspaceClient.start (a request without a fiber)", () => {
  it.effect("exists only when the transport can start requests outside a fiber", () =>
    Effect.gen(function* () {
      const effectOnly = yield* clientOf(stack(() => json(200, {})).layer)
      assert.isUndefined(effectOnly.start)
      const overFetch = yield* clientOf(fetchStack(() => json(200, {})).layer)
      assert.isFunction(overFetch.start)
    }),
  )

  it.effect("gives what request gives; parameter errors come back as a failed effect, nothing sent", () => {
    const { http, layer } = fetchStack(() =>
      json(200, { payload: { sid: WK, friendly_name: "Alice", date_created: "2026-11-01T10:00:00Z" } }),
    )
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const start = client.start
      if (start === undefined) return assert.fail("expected start")
      const viaStart = yield* Effect.promise(() => start("FetchWorker", { Sid: WK }, (r) => r).outcome)
      const viaRequest = yield* client.request("FetchWorker", { Sid: WK })
      assert.deepStrictEqual(viaStart, viaRequest)
      assert.strictEqual(http.requests.length, 2)
      const refused = yield* Effect.promise(() => start("CreateTask", { Priority: "high" }, (r) => r).outcome)
      if (!Effect.isEffect(refused)) return assert.fail("expected an effect")
      const error = yield* Effect.flip(refused)
      assert.strictEqual(error._tag, "ParamError")
      assert.strictEqual(http.requests.length, 2)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a failed first attempt comes back as the effect that retries on the Clock", () => {
    const { http, layer } = fetchStack(
      (_, i) =>
        i === 0 ? json(503, { code: 20503, message: "Unavailable" }) : json(200, { payload: { sid: WK } }),
      1,
    )
    return Effect.gen(function* () {
      const client = yield* WorkspaceClient
      const start = client.start
      if (start === undefined) return assert.fail("expected start")
      const rest = yield* Effect.promise(() => start("FetchWorker", { Sid: WK }, (r) => r).outcome)
      if (!Effect.isEffect(rest)) return assert.fail("expected an effect")
      assert.strictEqual(http.requests.length, 1)
      const fiber = yield* Effect.forkChild(rest)
      yield* TestClock.adjust("500 millis") // the first retry waits 250..500 ms
      const worker = yield* Fiber.join(fiber)
      assert.strictEqual(worker.sid, WK)
      assert.strictEqual(http.requests.length, 2)
      assert.deepStrictEqual(http.counts, { starts: 1, sends: 1 })
    }).pipe(Effect.provide(layer))
  })
})
