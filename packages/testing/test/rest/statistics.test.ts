import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import * as Emulator from "../../src/store/Emulator.js"
import { arr, client, field, str } from "./helpers.js"

describe("statistics", () => {
  it.effect("real-time figures follow the live state of the demo seed", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const view = em.snapshot(em.seed.accountSid, em.seed.workspaceSid)
      if (view === undefined) return assert.fail("no snapshot")
      const count = (status: string) =>
        view.tasks.filter((t) => field(t, "assignment_status") === status).length
      const rt = (yield* c.get(`${c.ws}/RealTimeStatistics`)).body
      assert.deepStrictEqual(field(rt, "tasks_by_status"), {
        pending: count("pending"),
        reserved: count("reserved"),
        assigned: count("assigned"),
        wrapping: count("wrapping"),
      })
      assert.strictEqual(
        field(rt, "total_tasks"),
        count("pending") + count("reserved") + count("assigned") + count("wrapping"),
      )
      assert.strictEqual(field(rt, "total_workers"), 20)
      const byActivity = arr(rt, "activity_statistics")
      assert.strictEqual(
        byActivity.reduce<number>((n, a) => n + Number(field(a, "workers")), 0),
        20,
      )
      const available = byActivity.find((a) => field(a, "friendly_name") === "Available")
      assert.strictEqual(
        field(available, "workers"),
        view.workers.filter((w) => field(w, "available") === true).length,
      )
      // per task channel: the demo's tasks are all on the default channel
      const voice = (yield* c.get(`${c.ws}/RealTimeStatistics`, { TaskChannel: "voice" })).body
      assert.strictEqual(field(voice, "total_tasks"), 0)
      // the queue view counts eligible workers
      const sales = str(view.taskQueues[0] ?? {}, "sid")
      const q = (yield* c.get(`${c.ws}/TaskQueues/${sales}/RealTimeStatistics`)).body
      const eligible = view.workers.filter((w) => str(w, "attributes").includes('"sales"')).length
      assert.strictEqual(field(q, "total_eligible_workers"), eligible)
      const workers = (yield* c.get(`${c.ws}/Workers/Statistics`, { TaskQueueSid: sales })).body
      assert.strictEqual(field(field(workers, "realtime"), "total_workers"), eligible)
    }),
  )

  it.effect("cumulative windows: Minutes, StartDate/EndDate; bad windows are 400", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      yield* TestClock.adjust("20 minutes")
      const lastTen = (yield* c.get(`${c.ws}/CumulativeStatistics`, { Minutes: "10" })).body
      assert.strictEqual(field(lastTen, "tasks_created"), 0, "the seed's tasks were created 20 minutes ago")
      assert.strictEqual(field(lastTen, "start_time"), "1970-01-01T00:10:00Z")
      assert.strictEqual(field(lastTen, "end_time"), "1970-01-01T00:20:00Z")
      const all = (yield* c.get(`${c.ws}/CumulativeStatistics`, { StartDate: "1970-01-01T00:00:00Z" })).body
      assert.strictEqual(field(all, "tasks_created"), 24)
      assert.strictEqual(
        field(all, "tasks_deleted"),
        3,
        "the finished seed tasks were deleted after 5 minutes",
      )
      const bad = yield* c.get(`${c.ws}/CumulativeStatistics`, {
        StartDate: "1970-01-01T00:30:00Z",
        EndDate: "1970-01-01T00:10:00Z",
      })
      assert.strictEqual(bad.status, 400)
      assert.strictEqual((yield* c.get(`${c.ws}/CumulativeStatistics`, { Minutes: "0" })).status, 400)
      assert.strictEqual(
        (yield* c.get(`${c.ws}/CumulativeStatistics`, { SplitByWaitTime: "a,b" })).status,
        400,
      )
    }),
  )

  it.effect(
    "bulk queue real-time statistics: 1..50 SIDs, unknown SIDs zero-filled, 5 per second then 429",
    () =>
      Effect.gen(function* () {
        const em = yield* Emulator.make({ seed: "demo" })
        const c = client(em)
        const path = `${c.ws}/TaskQueues/RealTimeStatistics`
        const unknown = "WQ0123456789abcdef0123456789abcdef"
        const ok = yield* c.postJson(path, { queueSids: [unknown] })
        assert.strictEqual(ok.status, 200)
        const data = arr(ok.body, "task_queue_data")[0]
        assert.strictEqual(field(data, "total_tasks"), 0)
        assert.strictEqual(field(data, "task_queue_sid"), unknown)
        assert.strictEqual((yield* c.postJson(path, { QueueSids: [] })).status, 400)
        assert.strictEqual((yield* c.postJson(path, { QueueSids: ["Sales"] })).status, 400)
        assert.strictEqual(
          (yield* c.postJson(path, { QueueSids: Array.from({ length: 51 }, () => unknown) })).status,
          400,
        )
        for (let i = 0; i < 4; i++)
          assert.strictEqual((yield* c.postJson(path, { QueueSids: [unknown] })).status, 200)
        const limited = yield* c.postJson(path, { QueueSids: [unknown] })
        assert.strictEqual(limited.status, 429)
        assert.strictEqual(field(limited.body, "code"), 20429)
        assert.strictEqual(limited.headers["retry-after"], "1")
        yield* TestClock.adjust("1 second")
        assert.strictEqual((yield* c.postJson(path, { QueueSids: [unknown] })).status, 200)
      }),
  )

  it.effect("GET /Events filters by type, resource and time; Minutes defaults to 15", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const all = arr((yield* c.get(`${c.ws}/Events`, { PageSize: "1000" })).body, "events")
      assert.isAbove(all.length, 50)
      const created = arr(
        (yield* c.get(`${c.ws}/Events`, { EventType: "task.created", PageSize: "1000" })).body,
        "events",
      )
      assert.strictEqual(created.length, 24)
      const task = str(created[0], "resource_sid")
      const forTask = arr(
        (yield* c.get(`${c.ws}/Events`, { TaskSid: task, PageSize: "1000" })).body,
        "events",
      )
      assert.isAbove(forTask.length, 2)
      for (const e of forTask) assert.include([task], field(field(e, "event_data"), "task_sid"))
      const one = yield* c.get(`${c.ws}/Events/${str(created[0], "sid")}`)
      assert.strictEqual(str(one.body, "event_type"), "task.created")
      assert.strictEqual(str(one.body, "resource_url"), `https://taskrouter.twilio.com${c.ws}/Tasks/${task}`)
      yield* TestClock.adjust("16 minutes")
      // only the deletions of the three finished seed tasks (at 5 minutes) are within the last 15 minutes
      assert.deepStrictEqual(
        arr((yield* c.get(`${c.ws}/Events`)).body, "events").map((e) => str(e, "event_type")),
        ["task.deleted", "task.deleted", "task.deleted"],
      )
      const older = arr(
        (yield* c.get(`${c.ws}/Events`, { Minutes: "30", EventType: "task.created" })).body,
        "events",
      )
      assert.strictEqual(older.length, 24)
    }),
  )
})
