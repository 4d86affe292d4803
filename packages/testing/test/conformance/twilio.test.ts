// Conformance: the official twilio@6.2.0 Node library drives the network door (its requests to
// https://taskrouter.twilio.com are rewritten to the emulator's URL). Every answer the library receives is
// validated against the facts manifest of the TaskRouter v1 OpenAPI description.
import twilio from "twilio"
import type RequestClient from "twilio/lib/base/RequestClient.js"
import type * as TwilioResponse from "twilio/lib/http/response.js"
import { afterAll, afterEach, assert, beforeAll, describe, it } from "vitest"
import { type FakeServer, startFakeServer } from "../../src/FakeServer.js"
import { allOperationIds, findOperation, validateResponse } from "./manifest.js"

interface Exchange {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly body: unknown
}

let server: FakeServer
let client: twilio.Twilio
const exchanges: Array<Exchange> = []
const covered = new Set<string>()

/** twilio's own RequestClient, pointed at the emulator, recording every exchange. */
class EmulatorClient extends twilio.RequestClient {
  constructor(private readonly base: () => string) {
    super()
  }
  override async request<TData>(
    opts: RequestClient.RequestOptions<TData>,
  ): Promise<TwilioResponse.default<TData>> {
    const uri = opts.uri.replace(/^https:\/\/taskrouter\.twilio\.com/, this.base())
    const response = await super.request<TData>({ ...opts, uri })
    const path = new URL(uri).pathname
    exchanges.push({
      method: opts.method.toUpperCase(),
      path,
      status: response.statusCode,
      body: response.body,
    })
    return response
  }
}

const makeClient = (authToken: string) =>
  twilio(server.accountSid, authToken, { httpClient: new EmulatorClient(() => server.url) })

beforeAll(async () => {
  server = await startFakeServer({ seed: "demo", random: 11 })
  client = makeClient(server.authToken)
})
afterAll(async () => {
  await server.close()
})
afterEach(() => {
  const problems = exchanges.flatMap((e) => {
    const op = findOperation(e.method, e.path)
    if (op !== undefined) covered.add(op.operationId)
    return validateResponse(e.method, e.path, e.status, e.body)
  })
  exchanges.length = 0
  assert.deepStrictEqual(problems, [])
})

/** The RestException twilio throws, as {status, code, message}. */
const failure = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return {
      status: Reflect.get(Object(error), "status"),
      code: Reflect.get(Object(error), "code"),
      message: String(Reflect.get(Object(error), "message")),
    }
  }
  throw new Error("expected the call to fail")
}

const ws = () => client.taskrouter.v1.workspaces(server.workspaceSid)

describe("twilio@6.2.0 against the network door", () => {
  it("workspaces: create, fetch, update, list (list/each/page), delete", async () => {
    const created = await client.taskrouter.v1.workspaces.create({ friendlyName: "Conformance WS" })
    assert.match(created.sid, /^WS[0-9a-f]{32}$/)
    assert.strictEqual(created.defaultActivityName, "Offline")
    const fetched = await client.taskrouter.v1.workspaces(created.sid).fetch()
    assert.strictEqual(fetched.friendlyName, "Conformance WS")
    const updated = await client.taskrouter.v1.workspaces(created.sid).update({ friendlyName: "Renamed WS" })
    assert.strictEqual(updated.friendlyName, "Renamed WS")
    const all = await client.taskrouter.v1.workspaces.list({ pageSize: 1 })
    assert.includeMembers(
      all.map((w) => w.sid),
      [server.workspaceSid, created.sid],
    )
    const seen: Array<string> = []
    await new Promise<void>((resolve, reject) =>
      client.taskrouter.v1.workspaces.each(
        { pageSize: 1, done: (e?: Error) => (e ? reject(e) : resolve()) },
        (w) => seen.push(w.sid),
      ),
    )
    assert.deepStrictEqual(
      seen,
      all.map((w) => w.sid),
    )
    const page = await client.taskrouter.v1.workspaces.page({ pageSize: 1 })
    assert.strictEqual(page.instances.length, 1)
    const second = await page.nextPage()
    assert.notStrictEqual(second?.instances[0]?.sid, page.instances[0]?.sid)
    assert.isTrue(await client.taskrouter.v1.workspaces(created.sid).remove())
    const gone = await failure(client.taskrouter.v1.workspaces(created.sid).fetch())
    assert.deepStrictEqual([gone.status, gone.code], [404, 20404])
  })

  it("activities: create, fetch, update, list with filters, delete", async () => {
    const activity = await ws().activities.create({ friendlyName: "Training", available: false })
    assert.isFalse(activity.available)
    assert.strictEqual((await ws().activities(activity.sid).fetch()).friendlyName, "Training")
    assert.strictEqual(
      (await ws().activities(activity.sid).update({ friendlyName: "Coaching" })).friendlyName,
      "Coaching",
    )
    const unavailable = await ws().activities.list({ available: "false" })
    assert.isTrue(unavailable.every((a) => !a.available))
    assert.include(
      unavailable.map((a) => a.sid),
      activity.sid,
    )
    const byName = await ws().activities.list({ friendlyName: "Coaching" })
    assert.deepStrictEqual(
      byName.map((a) => a.sid),
      [activity.sid],
    )
    assert.isTrue(await ws().activities(activity.sid).remove())
  })

  it("task channels: create, fetch by SID and by unique name, update, list, delete", async () => {
    const channel = await ws().taskChannels.create({ friendlyName: "Fax", uniqueName: "conformance-fax" })
    assert.strictEqual((await ws().taskChannels("conformance-fax").fetch()).sid, channel.sid)
    assert.strictEqual((await ws().taskChannels(channel.sid).fetch()).uniqueName, "conformance-fax")
    const updated = await ws().taskChannels(channel.sid).update({ friendlyName: "Text messages" })
    assert.strictEqual(updated.friendlyName, "Text messages")
    assert.include(
      (await ws().taskChannels.list()).map((c) => c.uniqueName),
      "conformance-fax",
    )
    assert.isTrue(await ws().taskChannels(channel.sid).remove())
  })

  it("task queues: create, fetch, update, list, delete; statistics of one, all and in bulk", async () => {
    const queue = await ws().taskQueues.create({
      friendlyName: "Escalations",
      targetWorkers: "skills HAS 'escalation'",
    })
    assert.strictEqual(queue.targetWorkers, "skills HAS 'escalation'")
    assert.strictEqual((await ws().taskQueues(queue.sid).fetch()).friendlyName, "Escalations")
    const updated = await ws().taskQueues(queue.sid).update({ maxReservedWorkers: 3, taskOrder: "LIFO" })
    assert.strictEqual(updated.maxReservedWorkers, 3)
    assert.strictEqual(updated.taskOrder, "LIFO")
    const queues = await ws().taskQueues.list({ pageSize: 2 })
    assert.include(
      queues.map((q) => q.sid),
      queue.sid,
    )
    await ws().taskQueues(queue.sid).statistics().fetch({ minutes: 60 })
    await ws().taskQueues(queue.sid).realTimeStatistics().fetch()
    await ws().taskQueues(queue.sid).cumulativeStatistics().fetch()
    const all = await ws().taskQueues.statistics.list()
    assert.include(
      all.map((s) => s.taskQueueSid),
      queue.sid,
    )
    const bulk = await ws().taskQueues.bulkRealTimeStatistics.create({ QueueSids: [queue.sid] })
    assert.isArray(bulk.taskQueueData)
    assert.isTrue(await ws().taskQueues(queue.sid).remove())
  })

  it("workers: paging over the seed with list, each and page; create, fetch, update, delete", async () => {
    const everyone = await ws().workers.list({ pageSize: 3 })
    assert.isAtLeast(everyone.length, 4)
    assert.strictEqual(new Set(everyone.map((w) => w.sid)).size, everyone.length)
    const streamed: Array<string> = []
    await new Promise<void>((resolve, reject) =>
      ws().workers.each({ pageSize: 3, done: (e?: Error) => (e ? reject(e) : resolve()) }, (w) =>
        streamed.push(w.sid),
      ),
    )
    assert.deepStrictEqual(
      streamed,
      everyone.map((w) => w.sid),
    )
    const first = await ws().workers.page({ pageSize: 3 })
    const second = await first.nextPage()
    assert.deepStrictEqual(
      [...first.instances, ...(second?.instances ?? [])].map((w) => w.sid),
      everyone.slice(0, 6).map((w) => w.sid),
    )
    const limited = await ws().workers.list({ limit: 5, pageSize: 2 })
    assert.strictEqual(limited.length, 5)

    const worker = await ws().workers.create({
      friendlyName: "Conformance Worker",
      attributes: '{"skills":["en"]}',
    })
    assert.strictEqual(JSON.parse(worker.attributes).skills[0], "en")
    assert.strictEqual((await ws().workers(worker.sid).fetch()).friendlyName, "Conformance Worker")
    const activities = await ws().activities.list()
    const available = activities.find((a) => a.available)
    assert.isDefined(available)
    const moved = await ws()
      .workers(worker.sid)
      .update({ activitySid: available?.sid ?? "" })
    assert.strictEqual(moved.activitySid, available?.sid)
    assert.isTrue(moved.available)
    const byActivity = await ws().workers.list({ activitySid: available?.sid ?? "" })
    assert.include(
      byActivity.map((w) => w.sid),
      worker.sid,
    )
    const offline = activities.find((a) => a.friendlyName === "Offline")
    await ws()
      .workers(worker.sid)
      .update({ activitySid: offline?.sid ?? "" })
    assert.isTrue(await ws().workers(worker.sid).remove())
  })

  it("worker channels and worker statistics at every level", async () => {
    const [worker] = await ws().workers.list({ limit: 1 })
    assert.isDefined(worker)
    const sid = worker?.sid ?? ""
    const channels = await ws().workers(sid).workerChannels.list()
    assert.isAtLeast(channels.length, 1)
    const channel = channels[0]
    const fetched = await ws()
      .workers(sid)
      .workerChannels(channel?.sid ?? "")
      .fetch()
    assert.strictEqual(fetched.sid, channel?.sid)
    const byName = await ws()
      .workers(sid)
      .workerChannels(channel?.taskChannelUniqueName ?? "")
      .fetch()
    assert.strictEqual(byName.sid, channel?.sid)
    const updated = await ws()
      .workers(sid)
      .workerChannels(channel?.sid ?? "")
      .update({ capacity: 2 })
    assert.strictEqual(updated.configuredCapacity, 2)
    await ws().workers.statistics().fetch({ minutes: 30 })
    await ws().workers.realTimeStatistics().fetch()
    await ws().workers.cumulativeStatistics().fetch()
    await ws().workers(sid).statistics().fetch()
  })

  it("workflows: create, fetch, update, list, delete, statistics", async () => {
    const [queue] = await ws().taskQueues.list({ limit: 1 })
    const configuration = JSON.stringify({
      task_routing: {
        filters: [
          { filter_friendly_name: "VIP", expression: "vip == true", targets: [{ queue: queue?.sid }] },
        ],
        default_filter: { queue: queue?.sid },
      },
    })
    const workflow = await ws().workflows.create({ friendlyName: "Conformance Flow", configuration })
    assert.deepStrictEqual(JSON.parse(workflow.configuration), JSON.parse(configuration))
    assert.strictEqual((await ws().workflows(workflow.sid).fetch()).friendlyName, "Conformance Flow")
    const updated = await ws().workflows(workflow.sid).update({ taskReservationTimeout: 60 })
    assert.strictEqual(updated.taskReservationTimeout, 60)
    assert.include(
      (await ws().workflows.list({ friendlyName: "Conformance Flow" })).map((w) => w.sid),
      workflow.sid,
    )
    await ws().workflows(workflow.sid).statistics().fetch({ minutes: 15 })
    await ws().workflows(workflow.sid).realTimeStatistics().fetch()
    await ws().workflows(workflow.sid).cumulativeStatistics().fetch()
    assert.isTrue(await ws().workflows(workflow.sid).remove())
  })

  it("tasks and reservations: create, fetch, list filters, update, ETag / If-Match 412, cancel, delete", async () => {
    const [workflow] = await ws().workflows.list({ limit: 1 })
    const task = await ws().tasks.create({
      workflowSid: workflow?.sid ?? "",
      attributes: '{"type":"conformance"}',
    })
    assert.match(task.sid, /^WT[0-9a-f]{32}$/)
    const fetched = await ws().tasks(task.sid).fetch()
    assert.strictEqual(JSON.parse(fetched.attributes).type, "conformance")
    const listed = await ws().tasks.list({ assignmentStatus: ["pending", "reserved", "assigned"] })
    assert.include(
      listed.map((t) => t.sid),
      task.sid,
    )
    const stale = await failure(ws().tasks(task.sid).update({ ifMatch: "not-the-etag", priority: 5 }))
    assert.deepStrictEqual([stale.status, stale.code], [412, 20412])
    const reprioritised = await ws().tasks(task.sid).update({ priority: 5 })
    assert.strictEqual(reprioritised.priority, 5)
    const reservations = await ws().tasks(task.sid).reservations.list()
    for (const reservation of reservations) {
      const one = await ws().tasks(task.sid).reservations(reservation.sid).fetch()
      assert.strictEqual(one.sid, reservation.sid)
      const viaWorker = await ws().workers(reservation.workerSid).reservations.list()
      assert.include(
        viaWorker.map((r) => r.sid),
        reservation.sid,
      )
      await ws().workers(reservation.workerSid).reservations(reservation.sid).fetch()
    }
    const canceled = await ws()
      .tasks(task.sid)
      .update({ assignmentStatus: "canceled", reason: "conformance" })
    assert.strictEqual(canceled.assignmentStatus, "canceled")
    assert.isTrue(await ws().tasks(task.sid).remove())
  })

  it("a reservation is accepted through the task and through the worker", async () => {
    const reserved = await ws().tasks.list({ assignmentStatus: ["reserved"] })
    let accepted = 0
    for (const task of reserved.slice(0, 2)) {
      const [pending] = await ws().tasks(task.sid).reservations.list({ reservationStatus: "pending" })
      if (pending === undefined) continue
      const viaTask = await ws().tasks(task.sid).reservations(pending.sid).fetch()
      assert.strictEqual(viaTask.reservationStatus, "pending")
      const ofWorker = await ws()
        .workers(pending.workerSid)
        .reservations.list({ reservationStatus: "pending" })
      assert.include(
        ofWorker.map((r) => r.sid),
        pending.sid,
      )
      const viaWorker = await ws().workers(pending.workerSid).reservations(pending.sid).fetch()
      assert.strictEqual(viaWorker.taskSid, task.sid)
      const res =
        accepted === 0
          ? await ws().tasks(task.sid).reservations(pending.sid).update({ reservationStatus: "accepted" })
          : await ws()
              .workers(pending.workerSid)
              .reservations(pending.sid)
              .update({ reservationStatus: "accepted" })
      assert.strictEqual(res.reservationStatus, "accepted")
      accepted++
    }
    assert.isAtLeast(accepted, 1, "the demo seed has reserved tasks with pending reservations")
  })

  it("events: list and fetch", async () => {
    const events = await ws().events.list({ limit: 5 })
    assert.isAtLeast(events.length, 1)
    const one = await ws()
      .events(events[0]?.sid ?? "")
      .fetch()
    assert.strictEqual(one.sid, events[0]?.sid)
  })

  it("workspace statistics: statistics, real-time and cumulative", async () => {
    const stats = await ws().statistics().fetch({ minutes: 60 })
    assert.isObject(stats.realtime)
    assert.isObject(stats.cumulative)
    await ws().realTimeStatistics().fetch()
    await ws().cumulativeStatistics().fetch({ minutes: 60 })
  })

  it("error codes: 20404, 20001, 20003, 20429", async () => {
    const missing = await failure(
      ws()
        .workers(`WK${"0".repeat(32)}`)
        .fetch(),
    )
    assert.deepStrictEqual([missing.status, missing.code], [404, 20404])
    assert.include(missing.message, `/Workspaces/${server.workspaceSid}/Workers/WK${"0".repeat(32)}`)

    const name = `Duplicate ${Date.now()}`
    await ws().taskQueues.create({ friendlyName: name })
    const duplicate = await failure(ws().taskQueues.create({ friendlyName: name }))
    assert.deepStrictEqual([duplicate.status, duplicate.code], [400, 20001])

    const wrong = await failure(
      makeClient("not-the-auth-token").taskrouter.v1.workspaces(server.workspaceSid).fetch(),
    )
    assert.deepStrictEqual([wrong.status, wrong.code], [401, 20003])

    server.faults.failNext(1, 429, { retryAfter: 2 })
    const limited = await failure(ws().fetch())
    assert.deepStrictEqual([limited.status, limited.code], [429, 20429])
    assert.strictEqual((await ws().fetch()).sid, server.workspaceSid)
  })

  it("covered every operation of the manifest", () => {
    const missing = allOperationIds().filter((id) => !covered.has(id))
    assert.deepStrictEqual(missing, [])
  })
})
