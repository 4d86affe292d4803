import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import * as Faults from "../../src/faults/Faults.js"
import * as HttpHandler from "../../src/http/HttpHandler.js"
import { ACCOUNT, ACTIVITY, AUTH_TOKEN, makeStubEmulator, WORKSPACE } from "./stubEmulator.js"

const ORIGIN = "http://127.0.0.1:4010"
const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`
const AUTH = { authorization: basic(ACCOUNT, AUTH_TOKEN) }

const setup = (options: { maxBodyBytes?: number } = {}) => {
  const emulator = makeStubEmulator()
  const controller = Faults.make({ random: 1 })
  const handler = HttpHandler.make({ emulator, faults: controller, ...options })
  return { emulator, controller, handler }
}

const json = (body: string): unknown => JSON.parse(body)

describe("HttpHandler: REST door", () => {
  it.effect("authenticates with HTTP Basic and hands the decoded request to the store", () =>
    Effect.gen(function* () {
      const { emulator, handler } = setup()
      const res = yield* handler({
        method: "POST",
        url: `${ORIGIN}/v1/Workspaces/${WORKSPACE}/Activities?Tag=a&Tag=b`,
        headers: { ...AUTH, "content-type": "application/x-www-form-urlencoded", "if-match": "3" },
        body: "FriendlyName=Coffee+Break&Available=false&Skill=a%20b&Skill=c",
      })
      assert.strictEqual(res.status, 201)
      assert.strictEqual(res.headers["content-type"], "application/json; charset=utf-8")
      const request = emulator.requests[0]
      assert.isDefined(request)
      assert.strictEqual(request?.accountSid, ACCOUNT)
      assert.strictEqual(request?.baseUrl, ORIGIN)
      assert.strictEqual(request?.path, `/v1/Workspaces/${WORKSPACE}/Activities`)
      assert.deepStrictEqual(request?.query, [
        ["Tag", "a"],
        ["Tag", "b"],
      ])
      assert.deepStrictEqual(request?.form, [
        ["FriendlyName", "Coffee Break"],
        ["Available", "false"],
        ["Skill", "a b"],
        ["Skill", "c"],
      ])
      assert.deepStrictEqual(request?.headers, { "if-match": "3" })
    }),
  )

  it.effect("passes the one JSON body through as json", () =>
    Effect.gen(function* () {
      const { emulator, handler } = setup()
      yield* handler({
        method: "POST",
        url: `${ORIGIN}/v1/Workspaces/${WORKSPACE}/TaskQueues/RealTimeStatistics`,
        headers: { ...AUTH, "content-type": "application/json" },
        body: JSON.stringify({ QueueSids: ["WQ1"] }),
      })
      assert.deepStrictEqual(emulator.requests[0]?.json, { QueueSids: ["WQ1"] })
      assert.deepStrictEqual(emulator.requests[0]?.form, [])
    }),
  )

  it.effect("answers 401 / 20003 with the Twilio error body for missing or wrong credentials", () =>
    Effect.gen(function* () {
      const { emulator, handler } = setup()
      for (const headers of [
        {},
        { authorization: basic(ACCOUNT, "wrong") },
        { authorization: basic(`AC${"0".repeat(32)}`, AUTH_TOKEN) },
        { authorization: "Basic !!!" },
        { authorization: "Bearer abc" },
      ]) {
        const res = yield* handler({ method: "GET", url: `${ORIGIN}/v1/Workspaces`, headers })
        assert.strictEqual(res.status, 401)
        assert.deepStrictEqual(json(res.body), {
          code: 20003,
          message: "Authenticate",
          more_info: "https://www.twilio.com/docs/errors/20003",
          status: 401,
          detail: "Your AccountSid or AuthToken was incorrect.",
        })
        assert.strictEqual(res.headers["www-authenticate"], 'Basic realm="Twilio API"')
      }
      assert.strictEqual(emulator.requests.length, 0)
    }),
  )

  it.effect("answers 204 with an empty body for deletes and strips trailing slashes", () =>
    Effect.gen(function* () {
      const { emulator, handler } = setup()
      const res = yield* handler({
        method: "DELETE",
        url: `${ORIGIN}/v1/Workspaces/${WORKSPACE}/Activities/${ACTIVITY}/`,
        headers: AUTH,
      })
      assert.strictEqual(res.status, 204)
      assert.strictEqual(res.body, "")
      assert.strictEqual(emulator.requests[0]?.path, `/v1/Workspaces/${WORKSPACE}/Activities/${ACTIVITY}`)
    }),
  )

  it.effect("rejects malformed bodies with 400 before they reach the store", () =>
    Effect.gen(function* () {
      const { emulator, handler } = setup()
      const badForm = yield* handler({
        method: "POST",
        url: `${ORIGIN}/v1/Workspaces/${WORKSPACE}/Activities`,
        headers: AUTH,
        body: "FriendlyName=%E0%A4%A",
      })
      assert.strictEqual(badForm.status, 400)
      const err = json(badForm.body)
      assert.include(String(Reflect.get(Object(err), "message")), "FriendlyName=%E0%A4%A")
      assert.strictEqual(Reflect.get(Object(err), "code"), 20001)
      const badJson = yield* handler({
        method: "POST",
        url: `${ORIGIN}/v1/Workspaces/${WORKSPACE}/TaskQueues/RealTimeStatistics`,
        headers: { ...AUTH, "content-type": "application/json" },
        body: "{ nope",
      })
      assert.strictEqual(badJson.status, 400)
      const badQuery = yield* handler({
        method: "GET",
        url: `${ORIGIN}/v1/Workspaces?PageSize=%zz`,
        headers: AUTH,
      })
      assert.strictEqual(badQuery.status, 400)
      assert.strictEqual(emulator.requests.length, 0)
    }),
  )

  it.effect("rejects bodies over the limit with 413", () =>
    Effect.gen(function* () {
      const { emulator, handler } = setup({ maxBodyBytes: 64 })
      const res = yield* handler({
        method: "POST",
        url: `${ORIGIN}/v1/Workspaces/${WORKSPACE}/Activities`,
        headers: AUTH,
        body: `FriendlyName=${"é".repeat(40)}`,
      })
      assert.strictEqual(res.status, 413)
      assert.strictEqual(Reflect.get(Object(json(res.body)), "status"), 413)
      assert.strictEqual(emulator.requests.length, 0)
    }),
  )

  it.effect("answers unknown routes and methods with Twilio errors", () =>
    Effect.gen(function* () {
      const { handler } = setup()
      const outside = yield* handler({ method: "GET", url: `${ORIGIN}/nothing/here`, headers: {} })
      assert.strictEqual(outside.status, 404)
      assert.deepStrictEqual(json(outside.body), {
        code: 20404,
        message: "The requested resource /nothing/here was not found",
        more_info: "https://www.twilio.com/docs/errors/20404",
        status: 404,
      })
      const put = yield* handler({ method: "PUT", url: `${ORIGIN}/v1/Workspaces`, headers: AUTH })
      assert.strictEqual(put.status, 405)
      const gtl = yield* handler({ method: "GET", url: `${ORIGIN}/iwd_manager/api/x`, headers: {} })
      assert.strictEqual(gtl.status, 404)
    }),
  )

  it.effect(
    "routes by path whatever the host: a client aimed at taskrouter.twilio.com works in-process",
    () =>
      Effect.gen(function* () {
        const { emulator, handler } = setup()
        const res = yield* handler({
          method: "GET",
          url: `https://taskrouter.twilio.com/v1/Workspaces/${WORKSPACE}`,
          headers: AUTH,
        })
        assert.strictEqual(res.status, 200)
        assert.strictEqual(emulator.requests[0]?.baseUrl, "https://taskrouter.twilio.com")
      }),
  )
})

describe("HttpHandler: CORS", () => {
  it.effect("answers preflights and adds Access-Control-Allow-Origin to every answer", () =>
    Effect.gen(function* () {
      const { handler } = setup()
      const pre = yield* handler({
        method: "OPTIONS",
        url: `${ORIGIN}/v1/wschannels/${ACCOUNT}/${WORKSPACE}`,
        headers: { origin: "http://127.0.0.1:5173", "access-control-request-headers": "content-type" },
      })
      assert.strictEqual(pre.status, 204)
      assert.strictEqual(pre.headers["access-control-allow-origin"], "http://127.0.0.1:5173")
      assert.strictEqual(pre.headers["access-control-allow-credentials"], "true")
      assert.include(pre.headers["access-control-allow-methods"] ?? "", "POST")
      assert.strictEqual(pre.headers["access-control-allow-headers"], "content-type")
      const anon = yield* handler({ method: "GET", url: `${ORIGIN}/v1/Workspaces`, headers: {} })
      assert.strictEqual(anon.headers["access-control-allow-origin"], "*")
      assert.include(anon.headers["access-control-expose-headers"] ?? "", "ETag")
    }),
  )
})

describe("HttpHandler: faults", () => {
  it.effect(
    "failNext answers the next N matching requests with the status and Twilio body; 429 has Retry-After",
    () =>
      Effect.gen(function* () {
        const { emulator, controller, handler } = setup()
        controller.faults.failNext(2, 429, { route: "/v1/Workspaces/*/Activities", retryAfter: 7 })
        const request = {
          method: "GET",
          url: `${ORIGIN}/v1/Workspaces/${WORKSPACE}/Activities`,
          headers: AUTH,
        }
        const other = yield* handler({
          method: "GET",
          url: `${ORIGIN}/v1/Workspaces/${WORKSPACE}`,
          headers: AUTH,
        })
        assert.strictEqual(other.status, 200)
        for (let i = 0; i < 2; i++) {
          const res = yield* handler(request)
          assert.strictEqual(res.status, 429)
          assert.strictEqual(res.headers["retry-after"], "7")
          assert.deepStrictEqual(json(res.body), {
            code: 20429,
            message: "Too Many Requests",
            more_info: "https://www.twilio.com/docs/errors/20429",
            status: 429,
          })
        }
        assert.strictEqual((yield* handler(request)).status, 200)
        assert.strictEqual(emulator.requests.length, 2)
      }),
  )

  it.effect("latency delays the answer on the Effect clock (TestClock here)", () =>
    Effect.gen(function* () {
      const { controller, handler } = setup()
      controller.faults.latency("/v1/Workspaces/**", 5_000)
      const fiber = yield* Effect.forkChild(
        handler({ method: "GET", url: `${ORIGIN}/v1/Workspaces/${WORKSPACE}`, headers: AUTH }),
      )
      yield* TestClock.adjust(4_999)
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust(1)
      const res = yield* Fiber.join(fiber)
      assert.strictEqual(res.status, 200)
    }),
  )

  it.effect("500 and 503 faults carry codes 20500 and 20503", () =>
    Effect.gen(function* () {
      const { controller, handler } = setup()
      controller.faults.failNext(1, 500)
      controller.faults.failNext(1, 503)
      const a = yield* handler({ method: "GET", url: `${ORIGIN}/v1/Workspaces`, headers: AUTH })
      const b = yield* handler({ method: "GET", url: `${ORIGIN}/v1/Workspaces`, headers: AUTH })
      assert.deepStrictEqual(
        [
          a.status,
          Reflect.get(Object(json(a.body)), "code"),
          b.status,
          Reflect.get(Object(json(b.body)), "code"),
        ],
        [500, 20500, 503, 20503],
      )
    }),
  )
})
