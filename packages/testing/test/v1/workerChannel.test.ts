// TaskRouter.js v1's Worker client on its worker channel. v1 reads a pushed `reservation.*` payload as the task's
// JSON plus `reservation_sid` (taskSid = payload.sid, sid = payload.reservation_sid), then fetches
// `Tasks/{taskSid}` and `Tasks/{taskSid}/Reservations/{sid}` before emitting. The emulator used to push the
// reservation with its task nested (as workspace channels still get it): v1 then built a Reservation without a
// SID and threw "Cannot redefine property: task". These are the frames and envelopes of that exchange.
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { type FakeServer, startFakeServer } from "../../src/FakeServer.js"
import { field, openChannel, postEnvelope, type Socket, workspaceUrl } from "./support.js"

let server: FakeServer
let workspaceToken = ""
let workerSid = ""
let workerToken = ""
let workflowSid = ""
let available = ""
let offline = ""
const sockets: Array<Socket> = []

const onWorkspace = async (method: string, path: string, params?: Record<string, unknown>) => {
  const res = await postEnvelope(server, server.workspaceSid, {
    url: `${workspaceUrl(server)}${path}`,
    method,
    token: workspaceToken,
    ...(params === undefined ? {} : { params }),
  })
  assert.strictEqual(res.status, 200, `${method} ${path}: ${JSON.stringify(res.body)}`)
  return field(res.body, "payload")
}

const onWorker = (method: string, path: string, params?: Record<string, unknown>) =>
  postEnvelope(server, workerSid, {
    url: `${workspaceUrl(server)}${path}`,
    method,
    token: workerToken,
    ...(params === undefined ? {} : { params }),
  })

beforeAll(async () => {
  server = await startFakeServer({ seed: "demo", random: "v1-worker-channel" })
  workspaceToken = await server.mintToken()
  const activities = field(await onWorkspace("GET", "/Activities"), "activities")
  const sidOf = (name: string) =>
    String(
      field(
        Array.isArray(activities) ? activities.find((a) => field(a, "friendly_name") === name) : undefined,
        "sid",
      ),
    )
  available = sidOf("Available")
  offline = sidOf("Offline")
  const queue = await onWorkspace("POST", "/TaskQueues", {
    FriendlyName: "Agents",
    TargetWorkers: "v1_agent == 1",
  })
  const workflow = await onWorkspace("POST", "/Workflows", {
    FriendlyName: "Agents",
    Configuration: { task_routing: { default_filter: { queue: field(queue, "sid") } } },
  })
  workflowSid = String(field(workflow, "sid"))
  const worker = await onWorkspace("POST", "/Workers", {
    FriendlyName: "Agent",
    Attributes: '{"v1_agent":1}',
    ActivitySid: available,
  })
  workerSid = String(field(worker, "sid"))
  workerToken = await server.mintToken({ channel: workerSid })
})
afterAll(async () => {
  for (const s of sockets) s.close()
  await server.close()
})

describe("v1 Worker client: reservation frames on the worker channel", () => {
  it("pushes the task's JSON with reservation_sid; the workspace channel keeps the reservation shape", async () => {
    const workerSocket = await openChannel(
      server,
      workerSid,
      workerToken,
      `&disconnectActivitySid=${offline}`,
    )
    const workspaceSocket = await openChannel(server, server.workspaceSid, workspaceToken)
    sockets.push(workerSocket, workspaceSocket)

    const task = await onWorkspace("POST", "/Tasks", {
      WorkflowSid: workflowSid,
      Attributes: '{"type":"v1"}',
    })
    const taskSid = String(field(task, "sid"))

    const pushed = (await workerSocket.frame("reservation.created")).payload
    assert.strictEqual(field(pushed, "sid"), taskSid, "payload.sid is the task's SID")
    const reservationSid = String(field(pushed, "reservation_sid"))
    assert.match(reservationSid, /^WR[0-9a-f]{32}$/)
    assert.strictEqual(field(pushed, "attributes"), '{"type":"v1"}', "task attributes as a JSON string")
    assert.strictEqual(field(pushed, "assignment_status"), "reserved")
    assert.notProperty(pushed, "task", "no nested task (v1 would redefine its task property)")
    assert.notProperty(pushed, "task_sid")

    const workspaceFrame = (await workspaceSocket.frame("reservation.created")).payload
    assert.strictEqual(field(workspaceFrame, "sid"), reservationSid)
    assert.strictEqual(field(field(workspaceFrame, "task"), "sid"), taskSid)

    // v1's prefetch before it emits: the task and the reservation, with the worker's token on its channel
    const fetchedTask = await onWorker("GET", `/Tasks/${field(pushed, "sid")}`)
    assert.strictEqual(fetchedTask.status, 200)
    const fetchedReservation = await onWorker("GET", `/Tasks/${taskSid}/Reservations/${reservationSid}`)
    assert.strictEqual(fetchedReservation.status, 200)
    assert.strictEqual(field(field(fetchedReservation.body, "payload"), "reservation_status"), "pending")

    // reservation.accept(): the status change comes back in the same shape
    const accepted = await onWorker("POST", `/Tasks/${taskSid}/Reservations/${reservationSid}`, {
      ReservationStatus: "accepted",
    })
    assert.strictEqual(accepted.status, 200)
    const acceptedFrame = (await workerSocket.frame("reservation.accepted")).payload
    assert.strictEqual(field(acceptedFrame, "sid"), taskSid)
    assert.strictEqual(field(acceptedFrame, "reservation_sid"), reservationSid)
    assert.strictEqual(field(acceptedFrame, "assignment_status"), "assigned")

    // the worker's own events are unchanged: worker.* with the worker's JSON
    await onWorkspace("POST", `/Tasks/${taskSid}`, { AssignmentStatus: "completed", Reason: "done" })
    await onWorker("POST", `/Workers/${workerSid}`, { ActivitySid: offline })
    const activity = (await workerSocket.frame("worker.activity.update")).payload
    assert.strictEqual(field(activity, "sid"), workerSid)
  })

  it("answers v1's pending-reservation fetch on ready in the legacy list format", async () => {
    await onWorker("POST", `/Workers/${workerSid}`, { ActivitySid: available })
    const task = await onWorkspace("POST", "/Tasks", {
      WorkflowSid: workflowSid,
      Attributes: '{"type":"later"}',
    })
    const res = await onWorker("GET", `/Workers/${workerSid}/Reservations`, { ReservationStatus: "pending" })
    assert.strictEqual(res.status, 200)
    const payload = field(res.body, "payload")
    const meta = field(payload, "meta")
    assert.strictEqual(field(meta, "key"), "reservations")
    // v1 builds its ReservationList from meta.url (split at "?")
    assert.include(String(field(meta, "url")), `/Workers/${workerSid}/Reservations`)
    const items = field(payload, "reservations")
    assert.isArray(items)
    const item = Array.isArray(items)
      ? items.find((r) => field(r, "task_sid") === field(task, "sid"))
      : undefined
    assert.isDefined(item, "the new task's reservation is pending")
    assert.strictEqual(field(item, "reservation_status"), "pending")
  })
})
