import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Emulator from "../../src/store/Emulator.js"
import { arr, client, field, str } from "../rest/helpers.js"

const attributes = (t: object): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(str(t, "attributes"))
  if (typeof parsed !== "object" || parsed === null) throw new Error("attributes are not an object")
  return Object.fromEntries(Object.entries(parsed))
}

describe("seeds", () => {
  it.effect("empty: one workspace as the service creates it, nothing else", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "empty" })
      const view = em.snapshot(em.seed.accountSid, em.seed.workspaceSid)
      assert.isDefined(view)
      if (view === undefined) return
      assert.deepStrictEqual(
        view.activities.map((a) => str(a, "friendly_name")),
        ["Offline", "Available", "Unavailable"],
      )
      assert.strictEqual(
        view.workers.length + view.tasks.length + view.taskQueues.length + view.workflows.length,
        0,
      )
      assert.strictEqual(view.solutionDbid, 101)
    }),
  )

  it.effect(
    "demo: a contact centre with Break, three queues, a filtered workflow, 20 workers and tasks in every state",
    () =>
      Effect.gen(function* () {
        const em = yield* Emulator.make({ seed: "demo" })
        const c = client(em)
        const view = em.snapshot(em.seed.accountSid, em.seed.workspaceSid)
        assert.isDefined(view)
        if (view === undefined) return
        assert.include(
          view.activities.map((a) => str(a, "friendly_name")),
          "Break",
        )
        assert.deepStrictEqual(
          view.taskQueues.map((q) => str(q, "friendly_name")),
          ["Sales", "Support", "Billing"],
        )
        for (const q of view.taskQueues) assert.match(str(q, "target_workers"), /skills HAS/)
        assert.strictEqual(view.workflows.length, 1)
        const config: unknown = JSON.parse(str(view.workflows[0] ?? {}, "configuration"))
        const routing = field(config, "task_routing")
        assert.isAtLeast(arr(routing, "filters").length, 3)
        assert.isObject(field(routing, "default_filter"))
        assert.include(
          arr(routing, "filters").map((f) => str(f, "expression")),
          "type == 'support' AND customer_value == 'Gold'",
        )
        assert.strictEqual(view.workers.length, 20)
        const available = view.workers.filter((w) => field(w, "available") === true)
        assert.isAtLeast(available.length, 3)
        for (const w of view.workers) {
          const a = attributes(w)
          assert.isArray(a.skills)
          assert.isArray(a.languages)
        }
        const statuses = new Set(view.tasks.map((t) => str(t, "assignment_status")))
        assert.deepStrictEqual([...statuses].sort(), [
          "assigned",
          "canceled",
          "completed",
          "pending",
          "reserved",
          "wrapping",
        ])
        const attrs = view.tasks.map(attributes)
        const queues = new Set(attrs.map((a) => a.queue))
        assert.isTrue(queues.has("iWD_Rejected"))
        assert.isTrue(queues.has("iWD_Canceled"))
        for (const a of attrs) {
          assert.include([1, 2, 3, 4, 5], a.IWD_businessValue)
          assert.match(String(a.completed_at), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
        }
        assert.isTrue(attrs.some((a) => String(a.completed_at) <= "2020-06-16T23:59:59Z"))
        assert.isTrue(attrs.some((a) => String(a.completed_at) > "2020-06-16T23:59:59Z"))
        // gold support tasks were routed with the Gold filter's priority
        const gold = view.tasks.filter(
          (t) => attributes(t).type === "support" && attributes(t).customer_value === "Gold",
        )
        assert.isAbove(gold.length, 0)
        for (const t of gold) assert.strictEqual(field(t, "priority"), 10)
        // the seeded state is consistent with the REST view
        const reserved = arr((yield* c.get(`${c.ws}/Tasks`, { AssignmentStatus: "reserved" })).body, "tasks")
        for (const t of reserved) {
          const rs = arr((yield* c.get(`${c.ws}/Tasks/${str(t, "sid")}/Reservations`)).body, "reservations")
          assert.include(
            rs.map((r) => str(r, "reservation_status")),
            "pending",
          )
        }
      }),
  )
})
