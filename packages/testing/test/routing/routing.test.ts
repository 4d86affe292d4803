import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import * as Emulator from "../../src/store/Emulator.js"
import { arr, client, field, str } from "../rest/helpers.js"

/** An empty workspace with activities by name, and helpers to add queues, workflows, workers and tasks. */
const setup = Effect.gen(function* () {
  const em = yield* Emulator.make({ seed: "empty", random: "routing" })
  const c = client(em)
  const events: Array<string> = []
  em.subscribe(em.seed.accountSid, em.seed.workspaceSid, (f) => events.push(f.event_type))
  const activities = arr((yield* c.get(`${c.ws}/Activities`)).body, "activities")
  const activity = (name: string) =>
    str(
      activities.find((a) => field(a, "friendly_name") === name),
      "sid",
    )
  const queue = (name: string, params: Record<string, string> = {}) =>
    Effect.map(c.post(`${c.ws}/TaskQueues`, { FriendlyName: name, ...params }), (r) => str(r.body, "sid"))
  const workflow = (routing: unknown, params: Record<string, string> = {}) =>
    Effect.map(
      c.post(`${c.ws}/Workflows`, {
        FriendlyName: `wf${events.length}`,
        Configuration: JSON.stringify({ task_routing: routing }),
        ...params,
      }),
      (r) => str(r.body, "sid"),
    )
  const worker = (name: string, attributes: unknown, available = true) =>
    Effect.map(
      c.post(`${c.ws}/Workers`, {
        FriendlyName: name,
        Attributes: JSON.stringify(attributes),
        ActivitySid: activity(available ? "Available" : "Offline"),
      }),
      (r) => str(r.body, "sid"),
    )
  const task = (attributes: unknown, params: Record<string, string> = {}) =>
    Effect.map(c.post(`${c.ws}/Tasks`, { Attributes: JSON.stringify(attributes), ...params }), (r) => {
      if (r.status !== 201) throw new Error(JSON.stringify(r.body))
      return str(r.body, "sid")
    })
  const reservations = (taskSid: string, status?: string) =>
    Effect.map(
      c.get(
        `${c.ws}/Tasks/${taskSid}/Reservations`,
        status === undefined ? {} : { ReservationStatus: status },
      ),
      (r) => arr(r.body, "reservations"),
    )
  const status = (taskSid: string) =>
    Effect.map(c.get(`${c.ws}/Tasks/${taskSid}`), (r) => str(r.body, "assignment_status"))
  return { em, c, events, activity, queue, workflow, worker, task, reservations, status }
})

describe("routing", () => {
  it.effect("higher priority first, then oldest; LIFO queues take the newest first", () =>
    Effect.gen(function* () {
      const s = yield* setup
      const fifo = yield* s.queue("Fifo")
      const lifo = yield* s.queue("Lifo", { TaskOrder: "LIFO" })
      yield* s.workflow({
        filters: [{ expression: "order == 'lifo'", targets: [{ queue: lifo }] }],
        default_filter: { queue: fifo },
      })
      const a = yield* s.task({ n: 1 })
      yield* TestClock.adjust("1 second")
      const b = yield* s.task({ n: 2 }, { Priority: "5" })
      yield* TestClock.adjust("1 second")
      const c = yield* s.task({ n: 3 })
      const w = yield* s.worker("W", {})
      const first = (yield* s.c.get(`${s.c.ws}/Workers/${w}/Reservations`)).body
      assert.strictEqual(
        str(arr(first, "reservations")[0], "task_sid"),
        b,
        "priority 5 beats older priority 0",
      )
      yield* s.c.post(`${s.c.ws}/Workers/${w}/Reservations/${str(arr(first, "reservations")[0], "sid")}`, {
        ReservationStatus: "accepted",
      })
      yield* s.c.post(`${s.c.ws}/Tasks/${b}`, { AssignmentStatus: "completed", Reason: "done" })
      const second = arr(
        (yield* s.c.get(`${s.c.ws}/Workers/${w}/Reservations`, { ReservationStatus: "pending" })).body,
        "reservations",
      )
      assert.strictEqual(str(second[0], "task_sid"), a, "then the oldest")
      assert.notStrictEqual(a, c)
      // LIFO
      const x = yield* s.task({ order: "lifo", n: 1 })
      yield* TestClock.adjust("1 second")
      const y = yield* s.task({ order: "lifo", n: 2 })
      const v = yield* s.worker("V", {})
      const offered = arr((yield* s.c.get(`${s.c.ws}/Workers/${v}/Reservations`)).body, "reservations")
      // V is eligible for both queues; the FIFO queue's c is older but equal priority: across queues the
      // workspace's FIFO order picks the oldest task, c
      assert.strictEqual(str(offered[0], "task_sid"), c)
      const u = yield* s.worker("U", {})
      const next = arr((yield* s.c.get(`${s.c.ws}/Workers/${u}/Reservations`)).body, "reservations")
      assert.strictEqual(str(next[0], "task_sid"), y, "the LIFO queue gives its newest task")
      assert.notStrictEqual(x, y)
    }),
  )

  it.effect("MaxReservedWorkers reserves several workers; accepting rescinds the others", () =>
    Effect.gen(function* () {
      const s = yield* setup
      const q = yield* s.queue("Multi", { MaxReservedWorkers: "3" })
      yield* s.workflow({ default_filter: { queue: q } })
      yield* s.worker("A", {})
      yield* s.worker("B", {})
      const t = yield* s.task({})
      const rs = yield* s.reservations(t)
      assert.strictEqual(rs.length, 2)
      assert.strictEqual(yield* s.status(t), "reserved")
      yield* s.c.post(`${s.c.ws}/Tasks/${t}/Reservations/${str(rs[1], "sid")}`, {
        ReservationStatus: "accepted",
      })
      const after = (yield* s.reservations(t)).map((r) => str(r, "reservation_status"))
      assert.deepStrictEqual(after, ["rescinded", "accepted"])
      assert.strictEqual(yield* s.status(t), "assigned")
    }),
  )

  it.effect("multitasking capacity per task channel", () =>
    Effect.gen(function* () {
      const s = yield* setup
      const q = yield* s.queue("Chat")
      yield* s.workflow({ default_filter: { queue: q } })
      const w = yield* s.worker("Agent", {})
      yield* s.c.post(`${s.c.ws}/Workers/${w}/Channels/chat`, { Capacity: "2" })
      const chats = [
        yield* s.task({}, { TaskChannel: "chat" }),
        yield* s.task({}, { TaskChannel: "chat" }),
        yield* s.task({}, { TaskChannel: "chat" }),
      ]
      const voice = yield* s.task({}, { TaskChannel: "voice" })
      const statuses = []
      for (const t of chats) statuses.push(yield* s.status(t))
      assert.deepStrictEqual(statuses, ["reserved", "reserved", "pending"])
      assert.strictEqual(yield* s.status(voice), "reserved", "another channel has its own capacity")
      const channel = (yield* s.c.get(`${s.c.ws}/Workers/${w}/Channels/chat`)).body
      assert.strictEqual(field(channel, "assigned_tasks"), 2)
      assert.strictEqual(field(channel, "available_capacity_percentage"), 0)
      // raising capacity routes the waiting chat
      yield* s.c.post(`${s.c.ws}/Workers/${w}/Channels/chat`, { Capacity: "3" })
      assert.strictEqual(yield* s.status(chats[2] ?? ""), "reserved")
    }),
  )

  it.effect("target expressions, order_by and known-worker targets choose the worker", () =>
    Effect.gen(function* () {
      const s = yield* setup
      const q = yield* s.queue("All")
      yield* s.workflow({
        filters: [
          { expression: "kind == 'lang'", targets: [{ queue: q, expression: "task.lang IN worker.langs" }] },
          { expression: "kind == 'best'", targets: [{ queue: q, order_by: "worker.level DESC" }] },
          { expression: "kind == 'known'", targets: [{ queue: q, known_worker_sid: "task.agent" }] },
        ],
      })
      const en = yield* s.worker("En", { langs: ["en"], level: 1 }, false)
      const fr = yield* s.worker("Fr", { langs: ["fr"], level: 3 }, false)
      const de = yield* s.worker("De", { langs: ["de"], level: 2 }, false)
      for (const w of [en, fr, de])
        yield* s.c.post(`${s.c.ws}/Workers/${w}/Channels/default`, { Capacity: "5" })
      for (const w of [en, fr, de])
        yield* s.c.post(`${s.c.ws}/Workers/${w}`, { ActivitySid: s.activity("Available") })
      const workerOf = (t: string) => Effect.map(s.reservations(t), (rs) => str(rs[0], "worker_sid"))
      assert.strictEqual(yield* workerOf(yield* s.task({ kind: "lang", lang: "fr" })), fr)
      assert.strictEqual(yield* workerOf(yield* s.task({ kind: "best" })), fr)
      assert.strictEqual(yield* workerOf(yield* s.task({ kind: "known", agent: de })), de)
    }),
  )

  it.effect("skip_if moves on at once; the last target's timeout cancels the task (workflow.timeout)", () =>
    Effect.gen(function* () {
      const s = yield* setup
      const first = yield* s.queue("First")
      const second = yield* s.queue("Second")
      yield* s.workflow({
        filters: [
          {
            expression: "1==1",
            targets: [
              { queue: first, skip_if: "workers.available == 0" },
              { queue: second, timeout: 30, priority: 7 },
            ],
          },
        ],
      })
      const t = yield* s.task({})
      const now = (yield* s.c.get(`${s.c.ws}/Tasks/${t}`)).body
      assert.strictEqual(str(now, "task_queue_sid"), second)
      assert.strictEqual(field(now, "priority"), 7)
      assert.include(s.events, "workflow.skipped")
      yield* TestClock.adjust("30 seconds")
      const end = (yield* s.c.get(`${s.c.ws}/Tasks/${t}`)).body
      assert.strictEqual(str(end, "assignment_status"), "canceled")
      const tail = s.events.slice(-3)
      assert.deepStrictEqual(tail, ["task-queue.timeout", "workflow.timeout", "task.canceled"])
      const stats = (yield* s.c.get(`${s.c.ws}/CumulativeStatistics`)).body
      assert.strictEqual(field(stats, "tasks_timed_out_in_workflow"), 1)
    }),
  )

  it.effect("queue reservation and assignment activities move the worker", () =>
    Effect.gen(function* () {
      const s = yield* setup
      const busy = str(
        (yield* s.c.post(`${s.c.ws}/Activities`, { FriendlyName: "Busy", Available: "false" })).body,
        "sid",
      )
      const reserved = str(
        (yield* s.c.post(`${s.c.ws}/Activities`, { FriendlyName: "Ringing", Available: "false" })).body,
        "sid",
      )
      const q = yield* s.queue("Q", { ReservationActivitySid: reserved, AssignmentActivitySid: busy })
      yield* s.workflow({ default_filter: { queue: q } })
      const w = yield* s.worker("W", {})
      const t = yield* s.task({})
      assert.strictEqual(str((yield* s.c.get(`${s.c.ws}/Workers/${w}`)).body, "activity_name"), "Ringing")
      const r = str((yield* s.reservations(t))[0], "sid")
      yield* s.c.post(`${s.c.ws}/Workers/${w}/Reservations/${r}`, { Instruction: "accept" })
      assert.strictEqual(str((yield* s.c.get(`${s.c.ws}/Workers/${w}`)).body, "activity_name"), "Busy")
    }),
  )

  it.effect(
    "RejectPendingReservations rejects the offers when the worker goes unavailable, and the task moves on",
    () =>
      Effect.gen(function* () {
        const s = yield* setup
        const q = yield* s.queue("Q")
        yield* s.workflow({ default_filter: { queue: q } })
        const a = yield* s.worker("A", {})
        const t = yield* s.task({})
        const refused = yield* s.c.post(`${s.c.ws}/Workers/${a}`, {
          ActivitySid: s.activity("Available"),
          RejectPendingReservations: "true",
        })
        assert.strictEqual(refused.status, 400)
        yield* s.c.post(`${s.c.ws}/Workers/${a}`, {
          ActivitySid: s.activity("Offline"),
          RejectPendingReservations: "true",
        })
        assert.deepStrictEqual(
          (yield* s.reservations(t)).map((r) => str(r, "reservation_status")),
          ["rejected"],
        )
        assert.strictEqual(yield* s.status(t), "pending")
        const b = yield* s.worker("B", {})
        assert.strictEqual(str((yield* s.reservations(t, "pending"))[0], "worker_sid"), b)
      }),
  )

  it.effect(
    "updating a pending task's attributes re-evaluates its workflow; ReEvaluateTasks re-routes pending tasks",
    () =>
      Effect.gen(function* () {
        const s = yield* setup
        const sales = yield* s.queue("Sales")
        const support = yield* s.queue("Support")
        const wf = yield* s.workflow({
          filters: [{ expression: "type == 'sales'", targets: [{ queue: sales }] }],
          default_filter: { queue: support },
        })
        const t = yield* s.task({ type: "other" })
        assert.strictEqual(str((yield* s.c.get(`${s.c.ws}/Tasks/${t}`)).body, "task_queue_sid"), support)
        yield* s.c.post(`${s.c.ws}/Tasks/${t}`, { Attributes: '{"type":"sales"}' })
        assert.strictEqual(str((yield* s.c.get(`${s.c.ws}/Tasks/${t}`)).body, "task_queue_sid"), sales)
        const config = JSON.stringify({ task_routing: { default_filter: { queue: support } } })
        yield* s.c.post(`${s.c.ws}/Workflows/${wf}`, { Configuration: config, ReEvaluateTasks: "true" })
        assert.strictEqual(str((yield* s.c.get(`${s.c.ws}/Tasks/${t}`)).body, "task_queue_sid"), support)
      }),
  )

  it.effect("resources in use cannot be deleted", () =>
    Effect.gen(function* () {
      const s = yield* setup
      const q = yield* s.queue("Q")
      const wf = yield* s.workflow({ default_filter: { queue: q } })
      const w = yield* s.worker("W", {})
      const t = yield* s.task({})
      assert.strictEqual((yield* s.c.del(`${s.c.ws}/TaskQueues/${q}`)).status, 400)
      assert.strictEqual((yield* s.c.del(`${s.c.ws}/Workflows/${wf}`)).status, 400)
      assert.strictEqual((yield* s.c.del(`${s.c.ws}/Workers/${w}`)).status, 400)
      assert.strictEqual((yield* s.c.del(`${s.c.ws}/Activities/${s.activity("Offline")}`)).status, 400)
      // deleting the task cancels its reservation and frees the worker
      assert.strictEqual((yield* s.c.del(`${s.c.ws}/Tasks/${t}`)).status, 204)
      assert.strictEqual((yield* s.c.del(`${s.c.ws}/Workers/${w}`)).status, 204)
      assert.deepStrictEqual(s.events.slice(-3), ["reservation.canceled", "task.deleted", "worker.deleted"])
    }),
  )
})
