import { assert, describe, it } from "@effect/vitest"
import { CapabilityToken, Policy } from "@taskroute/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import * as Faults from "../../src/faults/Faults.js"
import * as HttpHandler from "../../src/http/HttpHandler.js"
import { ACCOUNT, ACTIVITY, AUTH_TOKEN, makeStubEmulator, WORKER, WORKSPACE } from "../http/stubEmulator.js"

const ORIGIN = "http://127.0.0.1:4010"
const CHANNEL_URL = `${ORIGIN}/v1/wschannels/${ACCOUNT}/${WORKSPACE}`
const TR = `https://taskrouter.twilio.com/v1/Workspaces/${WORKSPACE}`

const workspacePolicies = [
  ...Policy.eventBridge(ACCOUNT, WORKSPACE),
  ...Policy.workspaceFetch(WORKSPACE),
  ...Policy.allowFetchSubresources(WORKSPACE),
  ...Policy.allowUpdatesSubresources(WORKSPACE),
  ...Policy.allowDeleteSubresources(WORKSPACE),
]

const mint = (input: Partial<CapabilityToken.MintInput> = {}, authToken = AUTH_TOKEN) =>
  CapabilityToken.mintEffect(
    { accountSid: ACCOUNT, workspaceSid: WORKSPACE, policies: workspacePolicies, ttl: 600, ...input },
    authToken,
  )

const setup = () => {
  const emulator = makeStubEmulator()
  const controller = Faults.make()
  const handler = HttpHandler.make({ emulator, faults: controller })
  // TaskRouter.js v1 sends the envelope as text/plain, with no Authorization header.
  const post = (envelope: unknown, channelUrl = CHANNEL_URL) =>
    handler({
      method: "POST",
      url: channelUrl,
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: typeof envelope === "string" ? envelope : JSON.stringify(envelope),
    })
  return { emulator, controller, post }
}

const parse = (body: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(body)
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`not an object: ${body}`)
  return Object.fromEntries(Object.entries(value))
}

describe("EventBridge proxy", () => {
  it.effect(
    "answers the ready fetch with 200 and echoes event_type (workspace URL with v1's trailing slash)",
    () =>
      Effect.gen(function* () {
        const { emulator, post } = setup()
        const token = yield* mint()
        const res = yield* post({ url: `${TR}/`, method: "GET", token, event_type: "ready" })
        assert.strictEqual(res.status, 200)
        const body = parse(res.body)
        assert.strictEqual(body.event_type, "ready")
        assert.strictEqual(Reflect.get(Object(body.payload), "sid"), WORKSPACE)
        const request = emulator.requests[0]
        assert.strictEqual(request?.path, `/v1/Workspaces/${WORKSPACE}`)
        assert.strictEqual(request?.accountSid, ACCOUNT)
        assert.strictEqual(request?.baseUrl, "https://taskrouter.twilio.com")
      }),
  )

  it.effect("answers creates (201 upstream) with HTTP 200 and no event_type when none was sent", () =>
    Effect.gen(function* () {
      const { emulator, post } = setup()
      const token = yield* mint()
      const res = yield* post({
        url: `${TR}/Activities`,
        method: "POST",
        params: { FriendlyName: "Lunch", Available: false },
        token,
      })
      assert.strictEqual(res.status, 200)
      const body = parse(res.body)
      assert.isFalse("event_type" in body)
      assert.strictEqual(Reflect.get(Object(body.payload), "friendly_name"), "Lunch")
      assert.deepStrictEqual(emulator.requests[0]?.form, [
        ["FriendlyName", "Lunch"],
        ["Available", "false"],
      ])
      assert.deepStrictEqual(emulator.requests[0]?.query, [])
    }),
  )

  it.effect("answers deletes (204 upstream) with HTTP 200 and payload null", () =>
    Effect.gen(function* () {
      const { post } = setup()
      const token = yield* mint()
      const res = yield* post({ url: `${TR}/Activities/${ACTIVITY}`, method: "DELETE", token })
      assert.strictEqual(res.status, 200)
      assert.deepStrictEqual(parse(res.body), { payload: null })
    }),
  )

  it.effect(
    "keeps the legacy list format (meta.key, page_size, next_page_url) and sends GET params as query",
    () =>
      Effect.gen(function* () {
        const { emulator, post } = setup()
        const token = yield* mint()
        const res = yield* post({
          url: `${TR}/Activities?PageSize=1`,
          method: "GET",
          params: { Available: "true" },
          token,
        })
        assert.strictEqual(res.status, 200)
        const payload = Object(parse(res.body).payload)
        const meta = Object(Reflect.get(payload, "meta"))
        assert.strictEqual(Reflect.get(meta, "key"), "activities")
        assert.strictEqual(Reflect.get(meta, "page_size"), 1)
        assert.match(
          String(Reflect.get(meta, "next_page_url")),
          /^https:\/\/taskrouter\.twilio\.com\/v1\/Workspaces\//,
        )
        assert.isArray(Reflect.get(payload, "activities"))
        assert.deepStrictEqual(emulator.requests[0]?.query, [
          ["PageSize", "1"],
          ["Available", "true"],
        ])
      }),
  )

  it.effect("stringifies JSON-valued params sent as nested objects, repeats arrays, forwards If-Match", () =>
    Effect.gen(function* () {
      const { emulator } = setup()
      const controller = Faults.make()
      const handler = HttpHandler.make({ emulator, faults: controller })
      const token = yield* mint()
      const res = yield* handler({
        method: "POST",
        url: CHANNEL_URL,
        headers: { "if-match": "6" },
        body: JSON.stringify({
          url: `${TR}/Workers/${WORKER}`,
          method: "POST",
          params: { Attributes: { skills: ["en", "fr"], level: 3 }, Tag: ["a", "b"], Skip: null },
          token,
        }),
      })
      assert.strictEqual(res.status, 200)
      assert.strictEqual(res.headers.etag, "7")
      assert.deepStrictEqual(emulator.requests[0]?.form, [
        ["Attributes", '{"skills":["en","fr"],"level":3}'],
        ["Tag", "a"],
        ["Tag", "b"],
      ])
      assert.deepStrictEqual(emulator.requests[0]?.headers, { "if-match": "6" })
    }),
  )

  it.effect("accepts regional hosts, the emulator's own origin and relative (v2-style) URLs", () =>
    Effect.gen(function* () {
      const { emulator, post } = setup()
      const token = yield* mint()
      for (const url of [
        `https://taskrouter.ie1.twilio.com/v1/Workspaces/${WORKSPACE}`,
        `${ORIGIN}/v1/Workspaces/${WORKSPACE}`,
        `http://localhost:4010/v1/Workspaces/${WORKSPACE}`,
        `Workspaces/${WORKSPACE}`,
      ]) {
        const res = yield* post({ url, method: "GET", token })
        assert.strictEqual(res.status, 200, url)
      }
      assert.deepStrictEqual(
        emulator.requests.map((r) => r.baseUrl),
        [
          "https://taskrouter.ie1.twilio.com",
          ORIGIN,
          "http://localhost:4010",
          "https://taskrouter.twilio.com",
        ],
      )
    }),
  )

  it.effect("answers failures upstream with their status and Twilio body (never 200)", () =>
    Effect.gen(function* () {
      const { post } = setup()
      const token = yield* mint()
      const missing = yield* post({ url: `${TR}/Activities/WA${"9".repeat(32)}`, method: "GET", token })
      assert.strictEqual(missing.status, 404)
      assert.strictEqual(parse(missing.body).code, 20404)
      const invalid = yield* post({ url: `${TR}/Activities`, method: "POST", params: {}, token })
      assert.strictEqual(invalid.status, 400)
      assert.strictEqual(parse(invalid.body).code, 20001)
    }),
  )
})

describe("EventBridge proxy: tokens and policies", () => {
  it.effect("denies with 403 what the token's policies do not allow", () =>
    Effect.gen(function* () {
      const { emulator, post } = setup()
      const readOnly = yield* mint({
        policies: [...Policy.eventBridge(ACCOUNT, WORKSPACE), ...Policy.allowFetchSubresources(WORKSPACE)],
      })
      const res = yield* post({
        url: `${TR}/Activities`,
        method: "POST",
        params: { FriendlyName: "X" },
        token: readOnly,
      })
      assert.strictEqual(res.status, 403)
      const body = parse(res.body)
      assert.strictEqual(body.code, 20403)
      assert.include(String(body.message), `POST /v1/Workspaces/${WORKSPACE}/Activities`)
      const denyWorkers = yield* mint({
        policies: [
          ...workspacePolicies,
          Policy.make({ url: `${TR}/Workers/**`, method: "POST", allow: false }),
        ],
      })
      const denied = yield* post({
        url: `${TR}/Workers/${WORKER}`,
        method: "POST",
        params: {},
        token: denyWorkers,
      })
      assert.strictEqual(denied.status, 403)
      assert.strictEqual(emulator.requests.length, 0)
    }),
  )

  it.effect("enforces post filters against the params", () =>
    Effect.gen(function* () {
      const { post } = setup()
      const token = yield* mint({
        policies: [
          ...Policy.eventBridge(ACCOUNT, WORKSPACE),
          Policy.make({
            url: `${TR}/Workers/${WORKER}`,
            method: "POST",
            allow: true,
            postFilter: { ActivitySid: { required: true } },
          }),
        ],
      })
      const without = yield* post({
        url: `${TR}/Workers/${WORKER}`,
        method: "POST",
        params: { Attributes: "{}" },
        token,
      })
      assert.strictEqual(without.status, 403)
      const withIt = yield* post({
        url: `${TR}/Workers/${WORKER}`,
        method: "POST",
        params: { ActivitySid: ACTIVITY },
        token,
      })
      assert.strictEqual(withIt.status, 200)
    }),
  )

  it.effect("needs POST on the channel URL for the proxy itself", () =>
    Effect.gen(function* () {
      const { post } = setup()
      const [get] = Policy.eventBridge(ACCOUNT, WORKSPACE)
      const token = yield* mint({
        policies: [...(get === undefined ? [] : [get]), ...Policy.workspaceFetch(WORKSPACE)],
      })
      const res = yield* post({ url: TR, method: "GET", token })
      assert.strictEqual(res.status, 403)
      assert.include(String(parse(res.body).message), "REST proxy")
    }),
  )

  it.effect("rejects expired, badly signed, missing and foreign tokens", () =>
    Effect.gen(function* () {
      const { emulator, post } = setup()
      const shortLived = yield* mint({ ttl: 60 })
      yield* TestClock.adjust("61 seconds")
      const expired = yield* post({ url: TR, method: "GET", token: shortLived })
      assert.strictEqual(expired.status, 401)
      assert.strictEqual(parse(expired.body).code, 20104)

      const forged = yield* mint({}, "another-auth-token")
      const bad = yield* post({ url: TR, method: "GET", token: forged })
      assert.strictEqual(bad.status, 401)
      assert.strictEqual(parse(bad.body).code, 20107)

      const none = yield* post({ url: TR, method: "GET" })
      assert.strictEqual(none.status, 401)

      const garbage = yield* post({ url: TR, method: "GET", token: "a.b" })
      assert.strictEqual(garbage.status, 401)

      const otherChannel = yield* mint({ channel: WORKER })
      const wrongChannel = yield* post({ url: TR, method: "GET", token: otherChannel })
      assert.strictEqual(wrongChannel.status, 403)

      const otherAccount = `AC${"e".repeat(32)}`
      const foreign = yield* post(
        { url: TR, method: "GET", token: shortLived },
        `${ORIGIN}/v1/wschannels/${otherAccount}/${WORKSPACE}`,
      )
      assert.strictEqual(foreign.status, 403)
      assert.strictEqual(emulator.requests.length, 0)
    }),
  )

  it.effect("answers malformed envelopes and foreign URLs with 400", () =>
    Effect.gen(function* () {
      const { emulator, post } = setup()
      const token = yield* mint()
      for (const envelope of [
        "",
        "{not json",
        "[1,2]",
        { method: "GET", token },
        { url: TR, method: "PATCH", token },
        { url: TR, method: "GET", params: "x", token },
        { url: "https://example.com/v1/Workspaces", method: "GET", token },
        {
          url: `https://event-bridge.twilio.com/v1/wschannels/${ACCOUNT}/${WORKSPACE}`,
          method: "GET",
          token,
        },
      ]) {
        const res = yield* post(envelope)
        assert.strictEqual(res.status, 400, JSON.stringify(envelope))
        assert.strictEqual(parse(res.body).code, 20001)
      }
      assert.strictEqual(emulator.requests.length, 0)
    }),
  )

  it.effect("refuses GET on a channel URL without an upgrade (426)", () =>
    Effect.gen(function* () {
      const emulator = makeStubEmulator()
      const handler = HttpHandler.make({ emulator, faults: Faults.make() })
      const res = yield* handler({ method: "GET", url: CHANNEL_URL, headers: {} })
      assert.strictEqual(res.status, 426)
    }),
  )

  it.effect("faults match the proxied path too, and failures keep their status through the proxy", () =>
    Effect.gen(function* () {
      const { controller, post } = setup()
      const token = yield* mint()
      controller.faults.failNext(1, 503, { route: "/v1/Workspaces/*/Activities" })
      const res = yield* post({ url: `${TR}/Activities`, method: "GET", token })
      assert.strictEqual(res.status, 503)
      assert.strictEqual(parse(res.body).code, 20503)
      const again = yield* post({ url: `${TR}/Activities`, method: "GET", token })
      assert.strictEqual(again.status, 200)
    }),
  )
})
