import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import * as Faults from "../../src/faults/Faults.js"
import { compileRoute } from "../../src/faults/internal/routePattern.js"

describe("Faults: route patterns", () => {
  it("globs: * is one segment, /** any depth (or none), literals are literal", () => {
    const one = compileRoute("/v1/Workspaces/*/Workers/*")
    assert.isTrue(one("/v1/Workspaces/WS1/Workers/WK1"))
    assert.isFalse(one("/v1/Workspaces/WS1/Workers"))
    assert.isFalse(one("/v1/Workspaces/WS1/Workers/WK1/Channels"))
    const deep = compileRoute("/v1/Workspaces/**")
    assert.isTrue(deep("/v1/Workspaces"))
    assert.isTrue(deep("/v1/Workspaces/WS1/Tasks/WT1/Reservations"))
    assert.isFalse(deep("/v1/WorkspacesX"))
    const dotted = compileRoute("/a.b")
    assert.isFalse(dotted("/aXb"))
    assert.isTrue(compileRoute(/Workers\/WK/)("/v1/Workspaces/WS/Workers/WK1"))
  })

  it("a literal path always matches itself and nothing with an extra segment", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/)
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), segment, (segments, extra) => {
        const path = `/${segments.join("/")}`
        const matches = compileRoute(path)
        return matches(path) && !matches(`${path}/${extra}`)
      }),
    )
  })
})

describe("Faults: decisions", () => {
  it("failNext counts only matching requests (route and method) and then stops", () => {
    const { faults, decide } = Faults.make()
    faults.failNext(2, 500, { route: "/v1/Workspaces/*/Tasks", method: "POST" })
    assert.isUndefined(decide(["GET"], ["/v1/Workspaces/WS/Tasks"]).failure)
    assert.isUndefined(decide(["POST"], ["/v1/Workspaces/WS/Workers"]).failure)
    assert.strictEqual(decide(["POST"], ["/v1/Workspaces/WS/Tasks"]).failure?.status, 500)
    assert.strictEqual(
      decide(["POST"], ["/v1/wschannels/AC/WS", "/v1/Workspaces/WS/Tasks"]).failure?.code,
      20500,
    )
    assert.isUndefined(decide(["POST"], ["/v1/Workspaces/WS/Tasks"]).failure)
  })

  it("failRandomly draws from a seeded PRNG: same seed, same failures", () => {
    const run = (seed: number | string) => {
      const { faults, decide } = Faults.make({ random: seed })
      faults.failRandomly(0.3, 503)
      return Array.from({ length: 200 }, () => decide(["GET"], ["/v1/Workspaces"]).failure !== undefined)
    }
    assert.deepStrictEqual(run(42), run(42))
    assert.deepStrictEqual(run("seed"), run("seed"))
    assert.notDeepEqual(run(1), run(2))
    const failures = run(7).filter(Boolean).length
    assert.isAbove(failures, 20)
    assert.isBelow(failures, 100)
  })

  it("latencies add up, handles remove their fault, clear removes all and resumes heartbeats", () => {
    const { faults, decide } = Faults.make()
    const a = faults.latency("/v1/**", 100)
    faults.latency("/v1/Workspaces/*", 50, { method: "GET" })
    assert.strictEqual(decide(["GET"], ["/v1/Workspaces/WS"]).delayMs, 150)
    assert.strictEqual(decide(["POST"], ["/v1/Workspaces/WS"]).delayMs, 100)
    a.remove()
    a.remove()
    assert.strictEqual(decide(["GET"], ["/v1/Workspaces/WS"]).delayMs, 50)
    faults.failRandomly(1, 429, { retryAfter: 2 })
    const failure = decide(["GET"], ["/v1/Workspaces/WS"]).failure
    assert.deepStrictEqual(failure, { status: 429, code: 20429, message: "Too Many Requests", retryAfter: 2 })
    faults.pauseHeartbeats()
    assert.isTrue(faults.heartbeatsPaused())
    faults.clear()
    assert.deepStrictEqual(decide(["GET"], ["/v1/Workspaces/WS"]), { delayMs: 0, failure: undefined })
    assert.isFalse(faults.heartbeatsPaused())
  })

  it("rejects nonsense with a RangeError naming the argument", () => {
    const { faults } = Faults.make()
    assert.throws(() => faults.failNext(0, 500), /count/)
    assert.throws(() => faults.failRandomly(1.5, 500), /probability/)
    assert.throws(() => faults.latency("/**", -1), /ms/)
    // @ts-expect-error 418 is not a fault status
    assert.throws(() => faults.failNext(1, 418), /status/)
  })

  it("socket faults reach every attached hub", () => {
    const { faults, attachSockets } = Faults.make()
    const sent: Array<string> = []
    let dropped = 0
    const detach = attachSockets({
      dropAll: () => {
        dropped++
        return 3
      },
      sendRawToAll: (text) => {
        sent.push(text)
        return 3
      },
    })
    assert.strictEqual(faults.dropSockets(), 3)
    assert.strictEqual(faults.malformedFrame("{oops"), 3)
    assert.deepStrictEqual(sent, ["{oops"])
    detach()
    assert.strictEqual(faults.dropSockets(), 0)
    assert.strictEqual(dropped, 1)
  })
})
