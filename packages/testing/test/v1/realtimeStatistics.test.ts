// TaskRouter.js v1's documented `taskqueue.realtimeStats.fetch({"Minutes":"240"}, cb)` sends a time window to a
// real-time statistics resource, which has none. The service ignores it; the emulator used to answer 400
// ("Unknown query parameter Minutes"), so v1's callback got an HttpError. These are the envelopes v1 sends.
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { type FakeServer, startFakeServer } from "../../src/FakeServer.js"
import { field, postEnvelope, workspaceUrl } from "./support.js"

let server: FakeServer
let token = ""
let queueSid = ""
let workflowSid = ""
beforeAll(async () => {
  server = await startFakeServer({ seed: "demo", random: "v1-realtime" })
  token = await server.mintToken()
  const get = async (path: string) =>
    field(
      await postEnvelope(server, server.workspaceSid, {
        url: `${workspaceUrl(server)}${path}`,
        method: "GET",
        token,
      }),
      "body",
    )
  const queues = field(field(await get("/TaskQueues"), "payload"), "task_queues")
  queueSid = String(field(Array.isArray(queues) ? queues[0] : undefined, "sid"))
  const workflows = field(field(await get("/Workflows"), "payload"), "workflows")
  workflowSid = String(field(Array.isArray(workflows) ? workflows[0] : undefined, "sid"))
})
afterAll(async () => {
  await server.close()
})

const fetchStats = (path: string, params: Record<string, string>) =>
  postEnvelope(server, server.workspaceSid, {
    url: `${workspaceUrl(server)}${path}`,
    method: "GET",
    token,
    params,
  })

describe("v1 realtimeStats.fetch with a time window", () => {
  it("a task queue's RealTimeStatistics answers 200 despite Minutes (the seed's example)", async () => {
    const res = await fetchStats(`/TaskQueues/${queueSid}/RealTimeStatistics`, { Minutes: "240" })
    assert.strictEqual(res.status, 200)
    const payload = field(res.body, "payload")
    assert.strictEqual(field(payload, "task_queue_sid"), queueSid)
    assert.typeOf(field(payload, "total_available_workers"), "number")
    // v1 recognises a statistics payload by "Statistics" in its url
    assert.include(String(field(payload, "url")), "RealTimeStatistics")
  })

  it("so do the workspace's, the workers' and a workflow's, with Minutes, StartDate and EndDate", async () => {
    const window = { Minutes: "240", StartDate: "2024-01-01T00:00:00Z", EndDate: "2024-01-02T00:00:00Z" }
    for (const path of [
      "/RealTimeStatistics",
      "/Workers/RealTimeStatistics",
      `/Workflows/${workflowSid}/RealTimeStatistics`,
    ]) {
      const res = await fetchStats(path, window)
      assert.strictEqual(res.status, 200, path)
      assert.typeOf(field(res.body, "payload"), "object", path)
    }
  })

  it("other unknown parameters are still refused, and cumulative windows still checked", async () => {
    const unknown = await fetchStats(`/TaskQueues/${queueSid}/RealTimeStatistics`, { Foo: "1" })
    assert.strictEqual(unknown.status, 400)
    assert.include(String(field(unknown.body, "message")), "Foo")
    const badWindow = await fetchStats(`/TaskQueues/${queueSid}/CumulativeStatistics`, { Minutes: "0" })
    assert.strictEqual(badWindow.status, 400)
    assert.include(String(field(badWindow.body, "message")), "Minutes")
  })
})
