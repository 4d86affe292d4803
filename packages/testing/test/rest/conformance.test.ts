import { assert, describe, it } from "@effect/vitest"
import { Resources } from "@taskroute/core"
import { Effect } from "effect"
import * as Emulator from "../../src/store/Emulator.js"
import { arr, base, field, str } from "./helpers.js"
import { validateOperation } from "../conformance/manifest.js"

describe("every operation's response matches the spec (facts manifest)", () => {
  it.effect("all 61 operations, in one scripted session on the demo seed", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo", random: 7 })
      const called = new Set<string>()
      const problems: Array<string> = []
      const call = (
        id: string,
        method: "GET" | "POST" | "DELETE",
        path: string,
        params: Record<string, string> = {},
        json?: unknown,
      ) =>
        Effect.gen(function* () {
          const entries = Object.entries(params)
          const r = yield* em.handle({
            method,
            path,
            query: method === "GET" ? entries : [],
            form: method === "POST" ? entries : [],
            ...(json === undefined ? {} : { json }),
            headers: {},
            accountSid: em.seed.accountSid,
            baseUrl: base,
          })
          called.add(id)
          problems.push(...validateOperation(id, r.status, r.body))
          return r.body
        })
      const ws = `/v1/Workspaces/${em.seed.workspaceSid}`

      yield* call("ListWorkspace", "GET", "/v1/Workspaces")
      const ws2 = str(
        yield* call("CreateWorkspace", "POST", "/v1/Workspaces", {
          FriendlyName: "Second",
          Template: "FIFO",
        }),
        "sid",
      )
      yield* call("FetchWorkspace", "GET", `/v1/Workspaces/${ws2}`)
      yield* call("UpdateWorkspace", "POST", `/v1/Workspaces/${ws2}`, { FriendlyName: "Second (renamed)" })
      yield* call("FetchWorkspaceStatistics", "GET", `${ws}/Statistics`, { SplitByWaitTime: "5,30" })
      yield* call("FetchWorkspaceRealTimeStatistics", "GET", `${ws}/RealTimeStatistics`)
      yield* call("FetchWorkspaceCumulativeStatistics", "GET", `${ws}/CumulativeStatistics`, {
        Minutes: "60",
      })

      yield* call("ListActivity", "GET", `${ws}/Activities`)
      const wa = str(
        yield* call("CreateActivity", "POST", `${ws}/Activities`, { FriendlyName: "Lunch" }),
        "sid",
      )
      yield* call("FetchActivity", "GET", `${ws}/Activities/${wa}`)
      yield* call("UpdateActivity", "POST", `${ws}/Activities/${wa}`, { FriendlyName: "Long lunch" })

      yield* call("ListTaskChannel", "GET", `${ws}/TaskChannels`)
      yield* call("CreateTaskChannel", "POST", `${ws}/TaskChannels`, {
        FriendlyName: "Email",
        UniqueName: "email",
      })
      yield* call("FetchTaskChannel", "GET", `${ws}/TaskChannels/email`)
      yield* call("UpdateTaskChannel", "POST", `${ws}/TaskChannels/email`, {
        ChannelOptimizedRouting: "true",
      })

      const queues = arr(yield* call("ListTaskQueue", "GET", `${ws}/TaskQueues`), "task_queues")
      const wq = str(queues[0], "sid")
      const wq2 = str(
        yield* call("CreateTaskQueue", "POST", `${ws}/TaskQueues`, { FriendlyName: "Escalations" }),
        "sid",
      )
      yield* call("FetchTaskQueue", "GET", `${ws}/TaskQueues/${wq2}`)
      yield* call("UpdateTaskQueue", "POST", `${ws}/TaskQueues/${wq2}`, { TargetWorkers: "level >= 4" })
      yield* call("FetchTaskQueueStatistics", "GET", `${ws}/TaskQueues/${wq}/Statistics`)
      yield* call("FetchTaskQueueRealTimeStatistics", "GET", `${ws}/TaskQueues/${wq}/RealTimeStatistics`)
      yield* call("FetchTaskQueueCumulativeStatistics", "GET", `${ws}/TaskQueues/${wq}/CumulativeStatistics`)
      yield* call("ListTaskQueuesStatistics", "GET", `${ws}/TaskQueues/Statistics`)
      yield* call(
        "CreateTaskQueueBulkRealTimeStatistics",
        "POST",
        `${ws}/TaskQueues/RealTimeStatistics`,
        {},
        { QueueSids: [wq, wq2] },
      )

      const workers = arr(yield* call("ListWorker", "GET", `${ws}/Workers`), "workers")
      const wk = str(
        yield* call("CreateWorker", "POST", `${ws}/Workers`, {
          FriendlyName: "Zoe",
          Attributes: '{"skills":["sales"]}',
        }),
        "sid",
      )
      yield* call("FetchWorker", "GET", `${ws}/Workers/${wk}`)
      yield* call("UpdateWorker", "POST", `${ws}/Workers/${wk}`, { Attributes: '{"skills":["support"]}' })
      yield* call("FetchWorkerStatistics", "GET", `${ws}/Workers/Statistics`)
      yield* call("FetchWorkersRealTimeStatistics", "GET", `${ws}/Workers/RealTimeStatistics`)
      yield* call("FetchWorkersCumulativeStatistics", "GET", `${ws}/Workers/CumulativeStatistics`)
      yield* call("FetchWorkerInstanceStatistics", "GET", `${ws}/Workers/${wk}/Statistics`)
      yield* call("ListWorkerChannel", "GET", `${ws}/Workers/${wk}/Channels`)
      yield* call("FetchWorkerChannel", "GET", `${ws}/Workers/${wk}/Channels/default`)
      yield* call("UpdateWorkerChannel", "POST", `${ws}/Workers/${wk}/Channels/default`, { Capacity: "2" })

      const flows = arr(yield* call("ListWorkflow", "GET", `${ws}/Workflows`), "workflows")
      const ww = str(flows[0], "sid")
      const config = JSON.stringify({ task_routing: { default_filter: { task_queue_sid: wq2 } } })
      const ww2 = str(
        yield* call("CreateWorkflow", "POST", `${ws}/Workflows`, {
          FriendlyName: "Escalate",
          Configuration: config,
        }),
        "sid",
      )
      yield* call("FetchWorkflow", "GET", `${ws}/Workflows/${ww2}`)
      yield* call("UpdateWorkflow", "POST", `${ws}/Workflows/${ww2}`, { TaskReservationTimeout: "60" })
      yield* call("FetchWorkflowStatistics", "GET", `${ws}/Workflows/${ww}/Statistics`)
      yield* call("FetchWorkflowRealTimeStatistics", "GET", `${ws}/Workflows/${ww}/RealTimeStatistics`)
      yield* call("FetchWorkflowCumulativeStatistics", "GET", `${ws}/Workflows/${ww}/CumulativeStatistics`)

      const reserved = arr(
        yield* call("ListTask", "GET", `${ws}/Tasks`, { AssignmentStatus: "reserved" }),
        "tasks",
      )
      assert.isAtLeast(reserved.length, 2)
      const wt = str(
        yield* call("CreateTask", "POST", `${ws}/Tasks`, { WorkflowSid: ww, Attributes: '{"type":"sales"}' }),
        "sid",
      )
      yield* call("FetchTask", "GET", `${ws}/Tasks/${wt}`)
      yield* call("UpdateTask", "POST", `${ws}/Tasks/${wt}`, { Priority: "3" })
      const t1 = str(reserved[0], "sid")
      const rs = arr(
        yield* call("ListTaskReservation", "GET", `${ws}/Tasks/${t1}/Reservations`),
        "reservations",
      )
      const wr = str(rs[0], "sid")
      yield* call("FetchTaskReservation", "GET", `${ws}/Tasks/${t1}/Reservations/${wr}`)
      yield* call("UpdateTaskReservation", "POST", `${ws}/Tasks/${t1}/Reservations/${wr}`, {
        ReservationStatus: "accepted",
      })
      const t2 = str(reserved[1], "sid")
      const r2 = arr(
        yield* call("ListTaskReservation", "GET", `${ws}/Tasks/${t2}/Reservations`),
        "reservations",
      )[0]
      const wk2 = str(r2, "worker_sid")
      const wr2 = str(r2, "sid")
      yield* call("ListWorkerReservation", "GET", `${ws}/Workers/${wk2}/Reservations`)
      yield* call("FetchWorkerReservation", "GET", `${ws}/Workers/${wk2}/Reservations/${wr2}`)
      yield* call("UpdateWorkerReservation", "POST", `${ws}/Workers/${wk2}/Reservations/${wr2}`, {
        ReservationStatus: "rejected",
      })

      const events = arr(yield* call("ListEvent", "GET", `${ws}/Events`, { PageSize: "5" }), "events")
      yield* call("FetchEvent", "GET", `${ws}/Events/${str(events[0], "sid")}`)

      yield* call("DeleteTask", "DELETE", `${ws}/Tasks/${wt}`)
      yield* call("DeleteWorkflow", "DELETE", `${ws}/Workflows/${ww2}`)
      yield* call("DeleteWorker", "DELETE", `${ws}/Workers/${wk}`)
      yield* call("DeleteTaskQueue", "DELETE", `${ws}/TaskQueues/${wq2}`)
      yield* call("DeleteTaskChannel", "DELETE", `${ws}/TaskChannels/email`)
      yield* call("DeleteActivity", "DELETE", `${ws}/Activities/${wa}`)
      yield* call("DeleteWorkspace", "DELETE", `/v1/Workspaces/${ws2}`)

      assert.isAbove(workers.length, 0)
      assert.deepStrictEqual(problems, [])
      assert.deepStrictEqual(
        Resources.operationIds.filter((id) => !called.has(id)),
        [],
        "every operation was exercised",
      )
      assert.strictEqual(called.size, 61)
      assert.strictEqual(field(yield* call("FetchWorkspace", "GET", ws), "sid"), em.seed.workspaceSid)
    }),
  )
})
