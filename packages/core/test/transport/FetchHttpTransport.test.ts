import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import * as FetchHttpTransport from "../../src/transport/FetchHttpTransport.js"
import type { HttpResponse } from "../../src/transport/HttpTransport.js"
import { TransportError } from "../../src/transport/TransportError.js"

const response = (status: number, body: string, headers: Record<string, string> = {}) => ({
  status,
  url: "https://h/v1/x",
  redirected: false,
  headers: {
    forEach: (f: (value: string, key: string) => void) => {
      for (const [k, v] of Object.entries(headers)) f(v, k)
    },
  },
  text: async () => body,
})

const named = (name: string, message: string) => Object.assign(new Error(message), { name })

describe("FetchHttpTransport", () => {
  it.effect(
    "sends method, headers, body and the timeout; reads status, body and (lazily) lower-case headers",
    () => {
      const inits: Array<FetchHttpTransport.FetchInit> = []
      const send = FetchHttpTransport.make(
        (_, init) => {
          inits.push(init)
          return {
            response: Promise.resolve(response(201, '{"ok":true}', { "Retry-After": "3" })),
            abort: () => {},
          }
        },
        { timeoutMs: 1234 },
      )
      return Effect.gen(function* () {
        const r = yield* send({
          method: "POST",
          url: "https://h/v1/x",
          headers: { Accept: "application/json" },
          body: "a=1",
        })
        assert.strictEqual(r.status, 201)
        assert.strictEqual(r.body, '{"ok":true}')
        assert.deepStrictEqual(r.headers, { "retry-after": "3" })
        assert.deepStrictEqual(inits[0], {
          method: "POST",
          headers: { Accept: "application/json" },
          body: "a=1",
          timeoutMs: 1234,
        })
      })
    },
  )

  it.effect(
    "maps failures: TimeoutError → Timeout, AbortError → Aborted, bad URL → InvalidUrl, else Network",
    () =>
      Effect.gen(function* () {
        const failing = (cause: unknown) =>
          FetchHttpTransport.make(() => ({ response: Promise.reject(cause), abort: () => {} }))({
            method: "GET",
            url: "https://h/v1/x",
            headers: {},
          })
        const timeout = yield* Effect.flip(failing(named("TimeoutError", "signal timed out")))
        assert.strictEqual(timeout.reason, "Timeout")
        const aborted = yield* Effect.flip(failing(named("AbortError", "aborted")))
        assert.strictEqual(aborted.reason, "Aborted")
        const invalid = yield* Effect.flip(failing(new TypeError("Failed to parse URL from x")))
        assert.strictEqual(invalid.reason, "InvalidUrl")
        const network = yield* Effect.flip(
          failing(new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") })),
        )
        assert.strictEqual(network.reason, "Network")
        assert.include(network.message, "ECONNREFUSED")
        const thrown = yield* Effect.flip(
          FetchHttpTransport.make(() => {
            throw new TypeError("Invalid URL")
          })({ method: "GET", url: "nope", headers: {} }),
        )
        assert.strictEqual(thrown.reason, "InvalidUrl")
      }),
  )

  it.effect("interrupting the effect aborts the request", () => {
    let aborted = 0
    const send = FetchHttpTransport.make(() => ({ response: new Promise(() => {}), abort: () => aborted++ }))
    return Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(send({ method: "GET", url: "https://h/v1/x", headers: {} }))
      yield* Effect.yieldNow
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(aborted, 1)
    })
  })

  it.effect("calls done once after the body is read, or once when the request or the body fails", () =>
    Effect.gen(function* () {
      const run = (response: Promise<ReturnType<typeof ok>>) => {
        const calls: Array<string> = []
        const send = FetchHttpTransport.make(() => ({
          response: response.then((r) => {
            calls.push("response")
            return r
          }),
          abort: () => calls.push("abort"),
          done: () => calls.push("done"),
        }))
        return Effect.map(
          Effect.exit(send({ method: "GET", url: "https://h/v1/x", headers: {} })),
          (exit) => ({
            exit,
            calls,
          }),
        )
      }
      const ok = () => response(200, "{}")
      const read = yield* run(Promise.resolve(ok()))
      assert.isTrue(read.exit._tag === "Success")
      assert.deepStrictEqual(read.calls, ["response", "done"])
      const refused = yield* run(Promise.reject(new TypeError("fetch failed")))
      assert.isTrue(refused.exit._tag === "Failure")
      assert.deepStrictEqual(refused.calls, ["done"])
      const brokenBody = yield* run(
        Promise.resolve({ ...ok(), text: () => Promise.reject(named("AbortError", "body aborted")) }),
      )
      assert.isTrue(brokenBody.exit._tag === "Failure")
      assert.deepStrictEqual(brokenBody.calls, ["response", "done"])
    }),
  )

  it("a read response gives the fetch response's URL (else the request's), its redirect flag, and its headers copied once (every set-cookie line kept)", async () => {
    const request = { method: "GET", url: "https://h/v1/asked", headers: {} } as const
    let copies = 0
    const answered = (url: string, redirected: boolean) =>
      FetchHttpTransport.start(() => ({
        response: Promise.resolve({
          ...response(200, "{}"),
          url,
          redirected,
          headers: {
            forEach: (f: (value: string, key: string) => void) => {
              copies++
              f("1", "X-Count")
              // (A fetch Headers gives each set-cookie line on its own.)
              f("a=1; Path=/", "Set-Cookie")
              f("b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT", "set-cookie")
            },
          },
        }),
        abort: () => {},
      }))(
        request,
        (r): HttpResponse | TransportError => r,
        (e): HttpResponse | TransportError => e,
      ).outcome
    const moved = await answered("https://h/v1/moved", true)
    assert.isFalse(moved instanceof TransportError)
    if (moved instanceof TransportError) return
    assert.strictEqual(moved.url, "https://h/v1/moved")
    assert.isTrue(moved.redirected)
    assert.strictEqual(copies, 0)
    assert.deepStrictEqual(moved.headers, {
      "x-count": "1",
      "set-cookie": "a=1; Path=/\nb=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
    })
    assert.strictEqual(moved.headers, moved.headers)
    assert.strictEqual(copies, 1)
    const direct = await answered("", false)
    assert.isFalse(direct instanceof TransportError)
    if (direct instanceof TransportError) return
    assert.strictEqual(direct.url, "https://h/v1/asked")
    assert.isFalse(direct.redirected)
  })

  it("start: outside a fiber, calls exactly one of onResponse and onFailure, whose result the outcome gives", async () => {
    const request = { method: "GET", url: "https://h/v1/x", headers: {} } as const
    const calls: Array<string> = []
    const start = (response: Promise<ReturnType<typeof ok>>) =>
      FetchHttpTransport.start(() => ({
        response,
        abort: () => calls.push("abort"),
        done: () => calls.push("done"),
      }))(
        request,
        (r) => `ok ${r.status} ${r.body}`,
        (e) => `failed ${e.reason}`,
      )
    const ok = () => response(200, "{}")
    assert.strictEqual(await start(Promise.resolve(ok())).outcome, "ok 200 {}")
    assert.strictEqual(await start(Promise.reject(named("TimeoutError", "late"))).outcome, "failed Timeout")
    const thrown = FetchHttpTransport.start(() => {
      throw new TypeError("Invalid URL")
    })(
      request,
      () => "ok",
      (e) => e.reason,
    )
    assert.strictEqual(await thrown.outcome, "InvalidUrl")
    assert.deepStrictEqual(calls, ["done", "done"])
    start(new Promise(() => {})).abort()
    assert.deepStrictEqual(calls, ["done", "done", "abort"])
  })
})
