import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import * as Emulator from "../../src/store/Emulator.js"
import { arr, client, field, str } from "../rest/helpers.js"

describe("Emulator", () => {
  it.effect("the same random seed gives the same SIDs; another seed different ones", () =>
    Effect.gen(function* () {
      const a = yield* Emulator.make({ seed: "demo", random: 42 })
      const b = yield* Emulator.make({ seed: "demo", random: 42 })
      const other = yield* Emulator.make({ seed: "demo", random: 43 })
      assert.deepStrictEqual({ ...a.seed, solutionDbid: 0 }, { ...b.seed, solutionDbid: 0 })
      assert.notStrictEqual(a.seed.workspaceSid, other.seed.workspaceSid)
      const sids = (em: Emulator.Emulator) =>
        em.snapshot(em.seed.accountSid, em.seed.workspaceSid)?.workers.map((w) => str(w, "sid"))
      assert.deepStrictEqual(sids(a), sids(b))
      assert.match(a.seed.accountSid, /^AC[0-9a-f]{32}$/)
      assert.match(a.seed.authToken, /^[0-9a-f]{32}$/)
      assert.strictEqual(a.seed.solutionDbid, 101)
    }),
  )

  it.effect("fixed credentials, auth tokens and the list of workspaces", () =>
    Effect.gen(function* () {
      const accountSid = "AC00000000000000000000000000000001"
      const em = yield* Emulator.make({ seed: "empty", accountSid, authToken: "secret" })
      assert.strictEqual(em.seed.accountSid, accountSid)
      assert.strictEqual(em.authToken(accountSid), "secret")
      assert.strictEqual(em.authToken("AC00000000000000000000000000000002"), undefined)
      const c = client(em)
      const created = yield* c.post("/v1/Workspaces", { FriendlyName: "Two" })
      assert.deepStrictEqual(em.workspaces(), [
        { accountSid, workspaceSid: em.seed.workspaceSid, solutionDbid: 101 },
        { accountSid, workspaceSid: str(created.body, "sid"), solutionDbid: 102 },
      ])
    }),
  )

  it.effect(
    "subscribers get every event of their workspace exactly once, in order, until they unsubscribe",
    () =>
      Effect.gen(function* () {
        const em = yield* Emulator.make({ seed: "demo" })
        const c = client(em)
        const got: Array<string> = []
        const other: Array<string> = []
        const unsubscribe = em.subscribe(em.seed.accountSid, em.seed.workspaceSid, (f) =>
          got.push(f.event_type),
        )
        em.subscribe(em.seed.accountSid, em.seed.workspaceSid, () => {
          throw new Error("a failing listener does not stop the others")
        })
        const second = yield* c.post("/v1/Workspaces", { FriendlyName: "Other" })
        em.subscribe(em.seed.accountSid, str(second.body, "sid"), (f) => other.push(f.event_type))
        yield* c.post(`${c.ws}/Activities`, { FriendlyName: "Training" })
        yield* c.post(`/v1/Workspaces/${str(second.body, "sid")}/Activities`, { FriendlyName: "Elsewhere" })
        assert.deepStrictEqual(got, ["activity.created"])
        assert.deepStrictEqual(other, ["activity.created"])
        unsubscribe()
        yield* c.post(`${c.ws}/Activities`, { FriendlyName: "Coaching" })
        assert.deepStrictEqual(got, ["activity.created"])
      }),
  )

  it.effect(
    "concurrent requests are serialised: two creates of one queue name give one 201 and one 400",
    () =>
      Effect.gen(function* () {
        const em = yield* Emulator.make({ seed: "empty" })
        const c = client(em)
        const results = yield* Effect.all(
          [
            c.post(`${c.ws}/TaskQueues`, { FriendlyName: "Same" }),
            c.post(`${c.ws}/TaskQueues`, { FriendlyName: "Same" }),
          ],
          { concurrency: "unbounded" },
        )
        assert.deepStrictEqual(results.map((r) => r.status).sort(), [201, 400])
        assert.strictEqual(arr((yield* c.get(`${c.ws}/TaskQueues`)).body, "task_queues").length, 1)
      }),
  )

  it.effect("timers run on the scope's clock: nothing happens until TestClock moves", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const canceled = arr((yield* c.get(`${c.ws}/Tasks`, { AssignmentStatus: "canceled" })).body, "tasks")
      assert.strictEqual(canceled.length, 2)
      yield* TestClock.adjust("299 seconds")
      assert.strictEqual(
        arr((yield* c.get(`${c.ws}/Tasks`, { AssignmentStatus: "canceled" })).body, "tasks").length,
        2,
      )
      yield* TestClock.adjust("1 second")
      assert.strictEqual(
        arr((yield* c.get(`${c.ws}/Tasks`, { AssignmentStatus: "canceled" })).body, "tasks").length,
        0,
      )
    }),
  )

  it.effect("snapshot gives the wire views GET returns", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const view = em.snapshot(em.seed.accountSid, em.seed.workspaceSid)
      assert.isDefined(view)
      if (view === undefined) return
      const task = view.tasks[0]
      const fetched = yield* c.get(`${c.ws}/Tasks/${str(task, "sid")}`)
      assert.deepStrictEqual(task, fetched.body)
      assert.strictEqual(view.workers.length, 20)
      assert.strictEqual(view.solutionDbid, em.seed.solutionDbid)
      assert.strictEqual(em.snapshot(em.seed.accountSid, "WS0123456789abcdef0123456789abcdef"), undefined)
    }),
  )

  it.effect("snapshot with parts builds only those views, the same as the full snapshot's", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const { accountSid, workspaceSid } = em.seed
      const full = em.snapshot(accountSid, workspaceSid)
      const some = em.snapshot(accountSid, workspaceSid, ["workflows", "tasks"])
      assert.isDefined(full)
      assert.isDefined(some)
      if (full === undefined || some === undefined) return
      assert.deepStrictEqual(Object.keys(some).sort(), ["solutionDbid", "tasks", "workflows"])
      assert.deepStrictEqual(some, {
        workflows: full.workflows,
        tasks: full.tasks,
        solutionDbid: full.solutionDbid,
      })
      assert.deepStrictEqual(em.snapshot(accountSid, workspaceSid, []), { solutionDbid: full.solutionDbid })
      assert.strictEqual(em.snapshot(accountSid, "WS0123456789abcdef0123456789abcdef", ["tasks"]), undefined)
    }),
  )

  it.effect("GET of an unchanged resource reuses its serialised text", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const sid = str(arr((yield* c.get(`${c.ws}/Workers`)).body, "workers")[0], "sid")
      const first = yield* c.get(`${c.ws}/Workers/${sid}`)
      const second = yield* c.get(`${c.ws}/Workers/${sid}`)
      assert.strictEqual(first.text, JSON.stringify(first.body))
      assert.strictEqual(second.text, first.text)
      yield* c.post(`${c.ws}/Workers/${sid}`, { FriendlyName: "Renamed" })
      const third = yield* c.get(`${c.ws}/Workers/${sid}`)
      assert.include(third.text ?? "", "Renamed")
    }),
  )

  it.effect("frames carry the resource JSON: attributes as JSON strings, reservations with their task", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const frames: Array<Emulator.EventFrame> = []
      em.subscribe(em.seed.accountSid, em.seed.workspaceSid, (f) => frames.push(f))
      const offline = arr((yield* c.get(`${c.ws}/Workers`, { Available: "false" })).body, "workers")
      const worker = offline.find((w) => str(w, "attributes").includes('"sales"'))
      const available = arr(
        (yield* c.get(`${c.ws}/Activities`, { FriendlyName: "Available" })).body,
        "activities",
      )[0]
      yield* c.post(`${c.ws}/Workers/${str(worker, "sid")}`, { ActivitySid: str(available, "sid") })
      const types = frames.map((f) => f.event_type)
      assert.strictEqual(types[0], "worker.activity.update")
      assert.strictEqual(str(frames[0]?.payload, "activity_name"), "Available")
      assert.isString(str(frames[0]?.payload, "attributes"))
      assert.strictEqual(types[1], "reservation.created")
      const reservation = frames[1]?.payload
      assert.strictEqual(str(reservation, "reservation_status"), "pending")
      assert.strictEqual(str(reservation, "worker_sid"), str(worker, "sid"))
      const task = field(reservation, "task")
      assert.strictEqual(str(task, "sid"), str(reservation, "task_sid"))
      assert.strictEqual(str(task, "assignment_status"), "reserved")
      assert.isObject(JSON.parse(str(task, "attributes")))
    }),
  )
})
