import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import * as Emulator from "../../src/store/Emulator.js"
import { arr, base, client, field, str } from "./helpers.js"

describe("bad input never crashes nor corrupts state", () => {
  it.effect("random methods, paths and parameters get a success or a Twilio error body", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo", random: 3 })
      const c = client(em)
      const view = em.snapshot(em.seed.accountSid, em.seed.workspaceSid)
      if (view === undefined) return assert.fail("no snapshot")
      const sids = [
        em.seed.workspaceSid,
        ...view.workers.slice(0, 3).map((w) => str(w, "sid")),
        ...view.tasks.slice(0, 3).map((t) => str(t, "sid")),
        ...view.taskQueues.map((q) => str(q, "sid")),
        ...view.activities.map((a) => str(a, "sid")),
        "WK0123456789abcdef0123456789abcdef",
        "default",
      ]
      const segment = fc.oneof(
        fc.constantFrom(
          "Workspaces",
          "Workers",
          "Tasks",
          "TaskQueues",
          "Activities",
          "Workflows",
          "TaskChannels",
          "Channels",
          "Reservations",
          "Statistics",
          "RealTimeStatistics",
          "CumulativeStatistics",
          "Events",
        ),
        fc.constantFrom(...sids),
        fc.string({ maxLength: 8 }),
      )
      const path = fc.array(segment, { minLength: 0, maxLength: 6 }).map((s) => `/v1/${s.join("/")}`)
      const name = fc.oneof(
        fc.constantFrom(
          "FriendlyName",
          "Attributes",
          "ActivitySid",
          "Priority",
          "AssignmentStatus",
          "ReservationStatus",
          "TargetWorkers",
          "Configuration",
          "PageSize",
          "PageToken",
          "Minutes",
          "Capacity",
          "Timeout",
          "TaskChannel",
        ),
        fc.string({ maxLength: 6 }),
      )
      const value = fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          "0",
          "-1",
          "1001",
          "true",
          "{}",
          '{"skills":["sales"]}',
          "completed",
          "canceled",
          "accepted",
          "1==1",
          "x ==",
          ...sids,
        ),
        fc.json(),
      )
      const request = fc.record({
        method: fc.constantFrom<"GET" | "POST" | "DELETE">("GET", "POST", "DELETE"),
        path,
        params: fc.array(fc.tuple(name, value), { maxLength: 4 }),
        ifMatch: fc.option(fc.constantFrom("0", "1", "*", "garbage"), { nil: undefined }),
      })
      const samples = fc.sample(request, { numRuns: 400, seed: 11 })
      const allowed = new Set([200, 201, 204, 400, 404, 405, 412, 429])
      for (const r of samples) {
        const response = yield* em.handle({
          method: r.method,
          path: r.path,
          query: r.method === "GET" ? r.params : [],
          form: r.method === "POST" ? r.params : [],
          headers: r.ifMatch === undefined ? {} : { "if-match": r.ifMatch },
          accountSid: em.seed.accountSid,
          baseUrl: base,
        })
        assert.isTrue(
          allowed.has(response.status),
          `${r.method} ${r.path} gave ${response.status}: ${JSON.stringify(response.body)}`,
        )
        if (response.status >= 400) {
          assert.isNumber(field(response.body, "code"))
          assert.isString(field(response.body, "message"))
          assert.strictEqual(field(response.body, "status"), response.status)
        }
        assert.doesNotThrow(() => JSON.stringify(response.body))
      }
      // the store is still consistent: every listed task, worker and queue can be fetched
      for (const t of arr((yield* c.get(`${c.ws}/Tasks`, { PageSize: "1000" })).body, "tasks"))
        assert.strictEqual((yield* c.get(`${c.ws}/Tasks/${str(t, "sid")}`)).status, 200)
      for (const w of arr((yield* c.get(`${c.ws}/Workers`, { PageSize: "1000" })).body, "workers"))
        assert.strictEqual((yield* c.get(`${c.ws}/Workers/${str(w, "sid")}`)).status, 200)
      assert.strictEqual((yield* c.get(`${c.ws}/Statistics`)).status, 200)
    }),
  )

  it.effect("malformed bodies for the JSON operation and the If-Match header are refused cleanly", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      for (const json of [undefined, null, "text", 42, [1, 2], { QueueSids: "WQ" }, { QueueSids: [null] }]) {
        const r = yield* c.postJson(`${c.ws}/TaskQueues/RealTimeStatistics`, json)
        assert.strictEqual(r.status, 400, JSON.stringify(json))
      }
    }),
  )
})
