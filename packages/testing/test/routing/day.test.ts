import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { TestClock } from "effect/testing"
import * as Emulator from "../../src/store/Emulator.js"
import { arr, client, field, str } from "../rest/helpers.js"

const at = (seconds: number) =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const target = seconds * 1000
    if (target > now) yield* TestClock.adjust(target - now)
  })

const num = (body: unknown, ...path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>((acc, key) => field(acc, key), body)

describe("a scripted day of routing under TestClock", () => {
  it.effect("reservations, timeouts, wrap-up, TTL and deletion give the expected events and statistics", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "empty", random: "day" })
      const c = client(em)
      const frames: Array<{ type: string; sid: string; at: number; detail: string }> = []
      em.subscribe(em.seed.accountSid, em.seed.workspaceSid, (frame) => {
        const p = frame.payload
        const detail = frame.event_type.startsWith("reservation.")
          ? `${str(p, "reservation_status")}:${str(p, "worker_name")}`
          : frame.event_type.startsWith("worker.")
            ? str(p, "activity_name")
            : typeof p === "object" && p !== null && "assignment_status" in p
              ? `${str(p, "assignment_status")}:${String(field(p, "task_queue_friendly_name"))}`
              : ""
        frames.push({ type: frame.event_type, sid: str(p, "sid"), at: 0, detail })
      })
      const activities = arr((yield* c.get(`${c.ws}/Activities`)).body, "activities")
      const activity = (name: string) =>
        str(
          activities.find((a) => field(a, "friendly_name") === name),
          "sid",
        )
      const sales = str(
        (yield* c.post(`${c.ws}/TaskQueues`, { FriendlyName: "Sales", TargetWorkers: "skills HAS 'sales'" }))
          .body,
        "sid",
      )
      const support = str(
        (yield* c.post(`${c.ws}/TaskQueues`, {
          FriendlyName: "Support",
          TargetWorkers: "skills HAS 'support'",
        })).body,
        "sid",
      )
      const configuration = JSON.stringify({
        task_routing: {
          filters: [
            { expression: "type == 'sales'", targets: [{ queue: sales, timeout: 60 }, { queue: support }] },
            { expression: "type == 'support'", targets: [{ task_queue_sid: support }] },
          ],
          default_filter: { queue: support },
        },
      })
      const flow = yield* c.post(`${c.ws}/Workflows`, {
        FriendlyName: "Day",
        Configuration: configuration,
        TaskReservationTimeout: "30",
      })
      assert.strictEqual(flow.status, 201)
      const ann = str(
        (yield* c.post(`${c.ws}/Workers`, { FriendlyName: "Ann", Attributes: '{"skills":["support"]}' }))
          .body,
        "sid",
      )
      const ben = str(
        (yield* c.post(`${c.ws}/Workers`, {
          FriendlyName: "Ben",
          Attributes: '{"skills":["sales","support"]}',
        })).body,
        "sid",
      )
      frames.length = 0

      // 00:00 a support task arrives; nobody is available
      const t1 = str((yield* c.post(`${c.ws}/Tasks`, { Attributes: '{"type":"support"}' })).body, "sid")
      // 00:10 Ann becomes available and is offered T1
      yield* at(10)
      yield* c.post(`${c.ws}/Workers/${ann}`, { ActivitySid: activity("Available") })
      const r1 = str(arr((yield* c.get(`${c.ws}/Tasks/${t1}/Reservations`)).body, "reservations")[0], "sid")
      // 00:15 she accepts
      yield* at(15)
      const accepted = yield* c.post(`${c.ws}/Tasks/${t1}/Reservations/${r1}`, {
        ReservationStatus: "accepted",
      })
      assert.strictEqual(str(accepted.body, "reservation_status"), "accepted")
      // 00:20 a sales task arrives; Ben (sales) is offline
      yield* at(20)
      const t2 = str((yield* c.post(`${c.ws}/Tasks`, { Attributes: '{"type":"sales"}' })).body, "sid")
      // 01:20 its Sales step times out (60 s): it moves to Support, where Ann is busy
      yield* at(80)
      assert.strictEqual(str((yield* c.get(`${c.ws}/Tasks/${t2}`)).body, "task_queue_sid"), support)
      // 01:30 Ben becomes available and is offered T2; he does not answer within 30 s
      yield* at(90)
      yield* c.post(`${c.ws}/Workers/${ben}`, { ActivitySid: activity("Available") })
      yield* at(120)
      const benNow = (yield* c.get(`${c.ws}/Workers/${ben}`)).body
      assert.strictEqual(
        str(benNow, "activity_name"),
        "Offline",
        "timeout moves the worker to the timeout activity",
      )
      // 02:10 Ann wraps up T1, 02:20 completes it and is offered T2, 02:30 rejects it and goes Unavailable
      yield* at(130)
      assert.strictEqual((yield* c.post(`${c.ws}/Tasks/${t1}`, { AssignmentStatus: "wrapping" })).status, 200)
      yield* at(140)
      const done = yield* c.post(`${c.ws}/Tasks/${t1}`, { AssignmentStatus: "completed", Reason: "solved" })
      assert.strictEqual(str(done.body, "reason"), "solved")
      const offered = arr(
        (yield* c.get(`${c.ws}/Workers/${ann}/Reservations`, { ReservationStatus: "pending" })).body,
        "reservations",
      )
      assert.strictEqual(offered.length, 1)
      assert.strictEqual(str(offered[0], "task_sid"), t2)
      yield* at(150)
      const rejected = yield* c.post(`${c.ws}/Workers/${ann}/Reservations/${str(offered[0], "sid")}`, {
        ReservationStatus: "rejected",
        WorkerActivitySid: activity("Unavailable"),
      })
      assert.strictEqual(str(rejected.body, "reservation_status"), "rejected")
      // 02:40 a task with a 100 s TTL arrives; nobody can take it; it is canceled at 04:20
      yield* at(160)
      const t3 = str(
        (yield* c.post(`${c.ws}/Tasks`, { Attributes: '{"type":"support"}', Timeout: "100" })).body,
        "sid",
      )
      yield* at(260)
      const t3Now = (yield* c.get(`${c.ws}/Tasks/${t3}`)).body
      assert.strictEqual(str(t3Now, "assignment_status"), "canceled")
      assert.strictEqual(str(t3Now, "reason"), "Task TTL Exceeded")
      // statistics at 05:00, before the finished tasks are deleted
      yield* at(300)
      const cumulative = (yield* c.get(`${c.ws}/CumulativeStatistics`, {
        Minutes: "10",
        SplitByWaitTime: "10,60",
      })).body
      const realtime = (yield* c.get(`${c.ws}/RealTimeStatistics`)).body
      const supportStats = (yield* c.get(`${c.ws}/TaskQueues/${support}/Statistics`, { Minutes: "10" })).body
      const salesStats = (yield* c.get(`${c.ws}/TaskQueues/${sales}/CumulativeStatistics`, { Minutes: "10" }))
        .body
      const annStats = (yield* c.get(`${c.ws}/Workers/${ann}/Statistics`, { Minutes: "10" })).body
      // 07:20 T1 (completed at 02:20) is deleted; 09:20 T3 (canceled at 04:20) too
      yield* at(440)
      assert.strictEqual((yield* c.get(`${c.ws}/Tasks/${t1}`)).status, 404)
      assert.strictEqual((yield* c.get(`${c.ws}/Tasks/${t3}`)).status, 200)
      yield* at(560)
      assert.strictEqual((yield* c.get(`${c.ws}/Tasks/${t3}`)).status, 404)
      const remaining = arr((yield* c.get(`${c.ws}/Tasks`)).body, "tasks")
      assert.deepStrictEqual(
        remaining.map((t) => str(t, "sid")),
        [t2],
      )

      assert.deepStrictEqual(
        frames.map((f) => `${f.type} ${f.detail}`),
        [
          "task.created pending:null",
          "workflow.entered pending:null",
          "task-queue.entered pending:Support",
          "workflow.target-matched pending:Support",
          "worker.activity.update Available",
          "reservation.created pending:Ann",
          "reservation.accepted accepted:Ann",
          "task.created pending:null",
          "workflow.entered pending:null",
          "task-queue.entered pending:Sales",
          "workflow.target-matched pending:Sales",
          "task-queue.timeout pending:Sales",
          "task-queue.moved pending:Support",
          "task-queue.entered pending:Support",
          "workflow.target-matched pending:Support",
          "worker.activity.update Available",
          "reservation.created pending:Ben",
          "reservation.timeout timeout:Ben",
          "worker.activity.update Offline",
          "task.wrapup wrapping:Support",
          "reservation.wrapup wrapping:Ann",
          "task.completed completed:Support",
          "reservation.completed completed:Ann",
          "reservation.created pending:Ann",
          "reservation.rejected rejected:Ann",
          "worker.activity.update Unavailable",
          "task.created pending:null",
          "workflow.entered pending:null",
          "task-queue.entered pending:Support",
          "workflow.target-matched pending:Support",
          "task.canceled canceled:Support",
          "task.deleted completed:Support",
          "task.deleted canceled:Support",
        ],
      )
      assert.deepStrictEqual(
        frames.filter((f) => f.type.startsWith("task.")).map((f) => `${f.type} ${f.sid}`),
        [
          `task.created ${t1}`,
          `task.created ${t2}`,
          `task.wrapup ${t1}`,
          `task.completed ${t1}`,
          `task.created ${t3}`,
          `task.canceled ${t3}`,
          `task.deleted ${t1}`,
          `task.deleted ${t3}`,
        ],
      )

      // GET /Events lists the same events, in the same order
      const listed = arr((yield* c.get(`${c.ws}/Events`, { Minutes: "30", PageSize: "1000" })).body, "events")
      const tail = listed.slice(listed.length - frames.length).map((e) => str(e, "event_type"))
      assert.deepStrictEqual(
        tail,
        frames.map((f) => f.type),
      )

      // cumulative statistics over the last 10 minutes at 05:00
      assert.strictEqual(num(cumulative, "reservations_created"), 3)
      assert.strictEqual(num(cumulative, "reservations_accepted"), 1)
      assert.strictEqual(num(cumulative, "reservations_rejected"), 1)
      assert.strictEqual(num(cumulative, "reservations_timed_out"), 1)
      assert.strictEqual(num(cumulative, "tasks_created"), 3)
      assert.strictEqual(num(cumulative, "tasks_completed"), 1)
      assert.strictEqual(num(cumulative, "tasks_canceled"), 1)
      assert.strictEqual(num(cumulative, "tasks_moved"), 1)
      assert.strictEqual(num(cumulative, "tasks_deleted"), 0)
      assert.strictEqual(num(cumulative, "avg_task_acceptance_time"), 15)
      assert.deepStrictEqual(num(cumulative, "wait_duration_until_accepted"), {
        avg: 15,
        min: 15,
        max: 15,
        total: 15,
      })
      assert.deepStrictEqual(num(cumulative, "wait_duration_until_canceled"), {
        avg: 100,
        min: 100,
        max: 100,
        total: 100,
      })
      assert.deepStrictEqual(num(cumulative, "split_by_wait_time"), {
        "10": {
          above: { tasks_canceled: 1, reservations_accepted: 1 },
          below: { tasks_canceled: 0, reservations_accepted: 0 },
        },
        "60": {
          above: { tasks_canceled: 1, reservations_accepted: 0 },
          below: { tasks_canceled: 0, reservations_accepted: 1 },
        },
      })
      // real-time at 05:00: T2 waits (created 00:20), Ann and Ben are not available
      assert.deepStrictEqual(num(realtime, "tasks_by_status"), {
        pending: 1,
        reserved: 0,
        assigned: 0,
        wrapping: 0,
      })
      assert.strictEqual(num(realtime, "longest_task_waiting_sid"), t2)
      assert.strictEqual(num(realtime, "longest_task_waiting_age"), 280)
      assert.strictEqual(num(realtime, "total_workers"), 2)
      // the Support queue: T1, T2 (moved in) and T3 entered; T2 has waited 220 s in it
      assert.strictEqual(num(supportStats, "cumulative", "tasks_entered"), 3)
      assert.strictEqual(num(supportStats, "cumulative", "reservations_created"), 3)
      assert.deepStrictEqual(num(supportStats, "cumulative", "wait_duration_in_queue_until_accepted"), {
        avg: 15,
        min: 15,
        max: 15,
        total: 15,
      })
      assert.strictEqual(num(supportStats, "realtime", "longest_relative_task_sid_in_queue"), t2)
      assert.strictEqual(num(supportStats, "realtime", "longest_relative_task_age_in_queue"), 220)
      assert.strictEqual(num(supportStats, "realtime", "total_eligible_workers"), 2)
      assert.strictEqual(num(supportStats, "realtime", "total_available_workers"), 0)
      assert.strictEqual(num(salesStats, "tasks_entered"), 1)
      assert.strictEqual(num(salesStats, "tasks_moved"), 1)
      // Ann: Offline 0-10 s, Available 10-150 s, Unavailable 150-300 s (window: 10 minutes before 05:00)
      const durations = arr(num(annStats, "cumulative"), "activity_durations")
      const total = (name: string) =>
        num(
          durations.find((d) => field(d, "friendly_name") === name),
          "total",
        )
      assert.strictEqual(total("Offline"), 10)
      assert.strictEqual(total("Available"), 140)
      assert.strictEqual(total("Unavailable"), 150)
      assert.strictEqual(num(annStats, "cumulative", "reservations_created"), 2)
      assert.strictEqual(num(annStats, "cumulative", "reservations_rejected"), 1)
    }),
  )
})
