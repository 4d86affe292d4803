import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Faults from "../../src/faults/Faults.js"
import { makeGtlApi } from "../../src/gtl/GtlApi.js"
import * as GtlSource from "../../src/gtl/GtlSource.js"
import * as HttpHandler from "../../src/http/HttpHandler.js"
import { ACCOUNT, AUTH_TOKEN, makeStubEmulator, WORKSPACE } from "./stubEmulator.js"

const ORIGIN = "http://127.0.0.1:4010"
const AUTH = { authorization: `Basic ${btoa(`${ACCOUNT}:${AUTH_TOKEN}`)}` }
const json = (body: string): unknown => JSON.parse(body)

describe("HttpHandler: GTL API", () => {
  const gtlSetup = () => {
    const emulator = makeStubEmulator()
    const source = GtlSource.makeMemorySource()
    source.addSolution({
      accountSid: ACCOUNT,
      workspaceSid: WORKSPACE,
      solutionDbid: 101,
      workspace: { friendly_name: "Stub" },
      workflows: [],
      taskQueues: [],
      taskChannels: [],
    })
    source.insertTasks(ACCOUNT, 101, [
      { sid: `WT${"1".repeat(32)}`, date_created: "2020-06-16T10:00:00Z", attributes: "{}" },
    ])
    const handler = HttpHandler.make({ emulator, faults: Faults.make(), gtl: makeGtlApi(source) })
    return handler
  }

  it.effect("needs the account's Basic credentials (401 in the iWD message format)", () =>
    Effect.gen(function* () {
      const handler = gtlSetup()
      const res = yield* handler({
        method: "GET",
        url: `${ORIGIN}/iwd_manager/api/gtl/tasks/101/1`,
        headers: {},
      })
      assert.strictEqual(res.status, 401)
      assert.strictEqual(res.headers["www-authenticate"], 'Basic realm="iwd_manager"')
      const body = json(res.body)
      assert.isArray(body)
      assert.strictEqual(Reflect.get(Object(Array.isArray(body) ? body[0] : undefined), "severity"), "ERROR")
    }),
  )

  it.effect("hands authenticated requests to the GTL module with the path after /iwd_manager/api", () =>
    Effect.gen(function* () {
      const handler = gtlSetup()
      const res = yield* handler({
        method: "POST",
        url: `${ORIGIN}/iwd_manager/api/gtl/tasks/101/1/search`,
        headers: { ...AUTH, "content-type": "application/json" },
        body: "[]",
      })
      assert.strictEqual(res.status, 200)
      assert.include(res.body, `WT${"1".repeat(32)}`)
      assert.match(res.headers["set-cookie"] ?? "", /JSESSIONID=/)
      const unknown = yield* handler({
        method: "GET",
        url: `${ORIGIN}/iwd_manager/api/gtl/tasks/999/1`,
        headers: AUTH,
      })
      assert.strictEqual(unknown.status, 404)
    }),
  )
})
