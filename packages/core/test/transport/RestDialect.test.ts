import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { Dialect, type DialectResponse } from "../../src/transport/Dialect.js"
import * as RestDialect from "../../src/transport/RestDialect.js"
import { AC, makeFakeFetchHttp, makeFakeHttp, WS } from "./fakes.js"

const answer = { status: 200, body: '{"sid":"WK1"}', headers: { "x-twilio-request": "RQ1" } }

describe("RestDialect", () => {
  it.effect("a successful answer has the status, the parsed payload and the response's headers", () => {
    const http = makeFakeHttp(() => answer)
    return Effect.gen(function* () {
      const dialect = yield* Dialect
      const response = yield* dialect.send({
        method: "GET",
        url: `https://h/v1/Workspaces/${WS}/Workers/WK1`,
      })
      assert.strictEqual(response.status, 200)
      assert.deepStrictEqual(response.payload, { sid: "WK1" })
      assert.isUndefined(response.eventType)
      assert.deepStrictEqual(response.headers, { "x-twilio-request": "RQ1" })
    }).pipe(
      Effect.provide(
        RestDialect.layer({ accountSid: AC, authToken: "secret", workspaceSid: WS }).pipe(
          Layer.provide(http.layer),
        ),
      ),
    )
  })

  it("start: the same answer outside a fiber, over a transport that has start", async () => {
    const http = makeFakeFetchHttp(() => answer)
    const context = await Effect.runPromise(
      Layer.build(
        RestDialect.layer({ accountSid: AC, authToken: "secret", workspaceSid: WS }).pipe(
          Layer.provide(http.layer),
        ),
      ).pipe(Effect.scoped),
    )
    const start = Context.get(context, Dialect).start
    assert.isDefined(start)
    if (start === undefined) return
    const got = await start({ method: "GET", url: `https://h/v1/Workspaces/${WS}/Workers/WK1` }, (a) => a)
      .outcome
    assert.isFalse(Effect.isEffect(got))
    const response = got as DialectResponse
    assert.strictEqual(response.status, 200)
    assert.deepStrictEqual(response.payload, { sid: "WK1" })
    assert.deepStrictEqual(response.headers, { "x-twilio-request": "RQ1" })
    assert.strictEqual(http.counts.starts, 1)
  })
})
