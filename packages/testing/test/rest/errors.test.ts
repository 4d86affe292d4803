import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Emulator from "../../src/store/Emulator.js"
import { arr, client, field, str } from "./helpers.js"

const error = (r: { status: number; body: unknown }) => ({
  status: r.status,
  code: field(r.body, "code"),
  message: str(r.body, "message"),
  more_info: field(r.body, "more_info"),
  bodyStatus: field(r.body, "status"),
})

describe("Twilio error bodies", () => {
  it.effect("404 / 20404 names the path without /v1; unknown routes too", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "empty" })
      const c = client(em)
      const missingWorker = `${c.ws}/Workers/WK0123456789abcdef0123456789abcdef`
      const e = error(yield* c.get(missingWorker))
      assert.deepStrictEqual(e, {
        status: 404,
        code: 20404,
        message: `The requested resource ${missingWorker.slice(3)} was not found`,
        more_info: "https://www.twilio.com/docs/errors/20404",
        bodyStatus: 404,
      })
      assert.strictEqual((yield* c.get(`${c.ws}/Nonsense`)).status, 404)
      assert.strictEqual((yield* c.get("/v2/Workspaces")).status, 404)
      assert.strictEqual((yield* c.get(`/v1/Workspaces/WS0123456789abcdef0123456789abcdef`)).status, 404)
    }),
  )

  it.effect("405 for a wrong method on a known path; literal segments win over {Sid}", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const e = error(yield* c.del(`${c.ws}/Statistics`))
      assert.strictEqual(e.status, 405)
      assert.strictEqual(e.code, 20004)
      assert.strictEqual((yield* c.post(`${c.ws}/TaskQueues/Statistics`)).status, 405)
      const stats = yield* c.get(`${c.ws}/Workers/Statistics`)
      assert.strictEqual(stats.status, 200)
      assert.isObject(field(stats.body, "realtime"))
      const list = yield* c.get(`${c.ws}/TaskQueues/Statistics`)
      assert.strictEqual(str(field(list.body, "meta"), "key"), "task_queues_statistics")
      const queues = arr((yield* c.get(`${c.ws}/TaskQueues`)).body, "task_queues").map((q) => str(q, "sid"))
      const bulk = yield* c.postJson(`${c.ws}/TaskQueues/RealTimeStatistics`, { QueueSids: queues })
      assert.strictEqual(bulk.status, 200)
      assert.strictEqual(field(bulk.body, "task_queue_response_count"), 3)
      // a trailing slash (TaskRouter.js v1's workspace URL) is the same resource
      assert.strictEqual(str((yield* c.get(`${c.ws}/`)).body, "sid"), em.seed.workspaceSid)
    }),
  )

  it.effect("400 / 20001 names the unknown, missing or ill-typed parameter", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const unknown = error(yield* c.post(`${c.ws}/Workers`, { FriendlyName: "X", Skill: "a" }))
      assert.strictEqual(unknown.status, 400)
      assert.strictEqual(unknown.code, 20001)
      assert.include(unknown.message, "Skill")
      const missing = error(yield* c.post(`${c.ws}/Workers`, {}))
      assert.include(missing.message, "Missing required parameter FriendlyName")
      const typed = error(yield* c.post(`${c.ws}/Tasks`, { Priority: "high" }))
      assert.include(typed.message, "Priority")
      assert.include(typed.message, "integer")
      const size = error(yield* c.get(`${c.ws}/Workers`, { PageSize: "1001" }))
      assert.strictEqual(size.status, 400)
      assert.include(size.message, "PageSize")
      const attrs = error(yield* c.post(`${c.ws}/Workers`, { FriendlyName: "Y", Attributes: "{not json" }))
      assert.include(attrs.message, "Attributes")
      const expr = error(yield* c.get(`${c.ws}/Workers`, { TargetWorkersExpression: "skills HAS" }))
      assert.include(expr.message, "TargetWorkersExpression")
      const enumValue = error(yield* c.post(`${c.ws}/TaskQueues`, { FriendlyName: "Q", TaskOrder: "RANDOM" }))
      assert.include(enumValue.message, "TaskOrder")
      const sid = error(yield* c.get(`${c.ws}/Tasks`, { WorkflowSid: "nope" }))
      assert.include(sid.message, "WorkflowSid")
      // nothing was created by the refused requests
      const names = arr((yield* c.get(`${c.ws}/Workers`)).body, "workers").map((w) => str(w, "friendly_name"))
      assert.notInclude(names, "X")
      assert.notInclude(names, "Y")
      assert.notInclude(
        arr((yield* c.get(`${c.ws}/TaskQueues`)).body, "task_queues").map((q) => str(q, "friendly_name")),
        "Q",
      )
    }),
  )

  it.effect(
    "duplicate names are 400: queue friendly name, worker friendly name (any case), task channel unique name",
    () =>
      Effect.gen(function* () {
        const em = yield* Emulator.make({ seed: "demo" })
        const c = client(em)
        const queue = error(yield* c.post(`${c.ws}/TaskQueues`, { FriendlyName: "Sales" }))
        assert.strictEqual(queue.status, 400)
        assert.strictEqual(
          queue.message,
          `Queue named Sales already exists for workspace ${em.seed.workspaceSid} for account ${em.seed.accountSid}`,
        )
        assert.strictEqual((yield* c.post(`${c.ws}/Workers`, { FriendlyName: "aLiCe" })).status, 400)
        assert.strictEqual(
          (yield* c.post(`${c.ws}/TaskChannels`, { FriendlyName: "V", UniqueName: "voice" })).status,
          400,
        )
      }),
  )

  it.effect("invalid task transitions are 400 in the service's words; state is unchanged", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const pending = arr((yield* c.get(`${c.ws}/Tasks`, { AssignmentStatus: "pending" })).body, "tasks")[0]
      const sid = str(pending, "sid")
      const wrap = error(yield* c.post(`${c.ws}/Tasks/${sid}`, { AssignmentStatus: "wrapping" }))
      assert.strictEqual(wrap.status, 400)
      assert.strictEqual(
        wrap.message,
        `Cannot wrap up task ${sid} in workspace ${em.seed.workspaceSid} for account ${em.seed.accountSid} because it's not currently assigned`,
      )
      const complete = error(yield* c.post(`${c.ws}/Tasks/${sid}`, { AssignmentStatus: "completed" }))
      assert.include(complete.message, "Cannot complete task")
      const assigned = arr((yield* c.get(`${c.ws}/Tasks`, { AssignmentStatus: "assigned" })).body, "tasks")[0]
      const cancel = error(
        yield* c.post(`${c.ws}/Tasks/${str(assigned, "sid")}`, { AssignmentStatus: "canceled" }),
      )
      assert.include(cancel.message, "Cannot cancel task")
      assert.strictEqual(str((yield* c.get(`${c.ws}/Tasks/${sid}`)).body, "assignment_status"), "pending")
    }),
  )

  it.effect("unknown accounts are refused with 401 / 20003", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "empty" })
      const c = client(em, "AC0123456789abcdef0123456789abcdef")
      const e = error(yield* c.get("/v1/Workspaces"))
      assert.strictEqual(e.status, 401)
      assert.strictEqual(e.code, 20003)
    }),
  )
})
