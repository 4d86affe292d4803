#!/usr/bin/env node
// Runs the original TaskRouter.js v1 Workspace SDK, unchanged, against the emulator and checks every example of
// the v1 Workspace documentation (ready, update, the five resource lists, statistics, events, token renewal).
//
// The v1 SDK is NOT part of this repository: pass your own copy of the unminified or minified file.
//
//   pnpm --filter @taskroute/testing build
//   node packages/testing/scripts/verify-taskrouter-v1.mjs --script /path/to/taskrouter.js
//   TASKROUTER_V1_JS=/path/to/taskrouter.min.js pnpm --filter @taskroute/testing verify:v1
//
// Options: --script FILE (or env TASKROUTER_V1_JS), --node (run the SDK in Node with small window,
// XMLHttpRequest and WebSocket shims instead of chromium), --verbose (print each example's detail and the
// page's console). Chromium: env CHROMIUM_PATH (default /usr/bin/chromium).
//
// One PASS/FAIL line per example; the exit code is 1 when any example fails, 2 when the run could not start.
import { createHash } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import { createServer } from "node:http"
import { createRequire } from "node:module"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import vm from "node:vm"
import { CHROMIUM_PATH, launchInProfile } from "../../../scripts/chromium.mjs"

const HERE = fileURLToPath(new URL(".", import.meta.url))
const DIST = join(HERE, "..", "dist", "index.js")
const REPO = join(HERE, "..", "..", "..")

const usage = (message) => {
  console.error(`verify-taskrouter-v1: ${message}`)
  console.error(
    "usage: node scripts/verify-taskrouter-v1.mjs --script /path/to/taskrouter.js [--node] [--verbose]\n" +
      "       (or set TASKROUTER_V1_JS; build first: pnpm --filter @taskroute/testing build)",
  )
  process.exit(2)
}

const argv = process.argv.slice(2)
let scriptPath = process.env.TASKROUTER_V1_JS
let mode = "browser"
let verbose = false
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i]
  if (arg === "--script") {
    scriptPath = argv[++i]
  } else if (arg?.startsWith("--script=")) {
    scriptPath = arg.slice("--script=".length)
  } else if (arg === "--node") {
    mode = "node"
  } else if (arg === "--verbose") {
    verbose = true
  } else {
    usage(`unknown argument ${arg}`)
  }
}
if (scriptPath === undefined || scriptPath === "")
  usage("no v1 script: pass --script FILE or set TASKROUTER_V1_JS")
if (!existsSync(scriptPath)) usage(`the v1 script ${scriptPath} does not exist`)
if (!existsSync(DIST)) usage(`${DIST} is missing: build the package first`)
const sdkBytes = readFileSync(scriptPath)
const sdkSource = sdkBytes.toString("utf8")
// The Subresource Integrity of https://sdk.twilio.com/js/taskrouter/v1.21/taskrouter.min.js, as the v1 docs give it.
const CDN_V121_MIN_SRI = "sha384-5fq+0qjayReAreRyHy38VpD3Gr9R2OYIzonwIkoGI4M9dhfKW6RWeRnZjfwSrpN8"
const sri = `sha384-${createHash("sha384").update(sdkBytes).digest("base64")}`

// ---------------------------------------------------------------------------------------------------------------
// The page-side helpers. Installed in the page (or in the Node sandbox) as plain JavaScript: node-style callbacks
// to promises with a deadline, a recorder of every event the SDK emits, and small assertions.
// ---------------------------------------------------------------------------------------------------------------
const installHelpers = (win) => {
  const LIFECYCLE = ["ready", "connected", "disconnected", "token.expired", "error"]
  const DOMAIN = [
    "activity.created",
    "activity.updated",
    "activity.deleted",
    "reservation.created",
    "reservation.accepted",
    "reservation.rejected",
    "reservation.timeout",
    "reservation.canceled",
    "reservation.rescinded",
    "reservation.completed",
    "reservation.failed",
    "reservation.wrapup",
    "task.created",
    "task.updated",
    "task.canceled",
    "task.wrapup",
    "task.completed",
    "task.deleted",
    "task.system-deleted",
    "task.transfer-initiated",
    "task.transfer-attempt-failed",
    "task.transfer-failed",
    "task.transfer-completed",
    "task.transfer-canceled",
    "task-queue.created",
    "task-queue.deleted",
    "task-queue.entered",
    "task-queue.timeout",
    "task-queue.moved",
    "task-queue.expression.updated",
    "worker.created",
    "worker.deleted",
    "worker.activity.update",
    "worker.attributes.update",
    "worker.capacity.update",
    "worker.channel.availability.update",
    "workflow.created",
    "workflow.updated",
    "workflow.deleted",
    "workflow.target-matched",
    "workflow.entered",
    "workflow.timeout",
    "workflow.skipped",
    "workspace.created",
    "workspace.updated",
    "workspace.deleted",
  ]
  // The Worker client strips "worker." from event types.
  const WORKER = ["activity.update", "attributes.update", "capacity.update", "channel.availability.update"]
  const H = {
    state: {},
    clients: {},
    events: {},
    waiters: [],
    /** Attaches a recorder for every lifecycle and domain event to a client. */
    record(name, client) {
      H.clients[name] = client
      H.events[name] = []
      for (const type of [...LIFECYCLE, ...DOMAIN, ...WORKER]) {
        client.on(type, (payload) => {
          H.events[name].push({ type, payload, at: Date.now() })
          for (const w of [...H.waiters]) w()
        })
      }
    },
    mark(name = "main") {
      return H.events[name].length
    },
    /** Resolves with the first event of `type` (recorded at or after `since`) that matches `pred`. */
    event(name, type, since, pred = () => true, ms = 8000) {
      return new Promise((resolve, reject) => {
        const find = () => H.events[name].slice(since).find((e) => e.type === type && pred(e.payload))
        const found = find()
        if (found !== undefined) return resolve(found.payload)
        const waiter = () => {
          const hit = find()
          if (hit === undefined) return
          clearTimeout(timer)
          H.waiters.splice(H.waiters.indexOf(waiter), 1)
          resolve(hit.payload)
        }
        const timer = setTimeout(() => {
          H.waiters.splice(H.waiters.indexOf(waiter), 1)
          const seen = H.events[name]
            .slice(since)
            .map((e) => e.type)
            .join(", ")
          reject(new Error(`no "${type}" event within ${ms} ms (saw: ${seen || "nothing"})`))
        }, ms)
        H.waiters.push(waiter)
      })
    },
    /** Runs `invoke(cb)` and settles with `{error, result}` from the node-style callback. */
    settle(invoke, ms = 8000) {
      return new Promise((resolve, reject) => {
        let done = false
        const timer = setTimeout(() => {
          if (done) return
          done = true
          reject(new Error(`the callback was not called within ${ms} ms`))
        }, ms)
        try {
          invoke((error, result) => {
            if (done) return
            done = true
            clearTimeout(timer)
            resolve({ error, result })
          })
        } catch (e) {
          done = true
          clearTimeout(timer)
          reject(new Error(`the SDK threw: ${e?.message ? e.message : String(e)}`))
        }
      })
    },
    /** Runs `invoke(cb)`, resolves with the result, rejects with the HttpError's code and message. */
    async ok(invoke, ms, label = "") {
      const { error, result } = await H.settle(invoke, ms)
      if (error) throw new Error(`${label}${label ? ": " : ""}callback error ${error.code} ${error.message}`)
      return result
    },
    /** Runs `invoke(cb)` expecting an error; resolves with `{code, message}`. */
    async fails(invoke, ms) {
      const { error } = await H.settle(invoke, ms)
      if (!error) throw new Error("expected an error, the callback got none")
      return { code: error.code, message: error.message }
    },
    /** Deletes through `remove(cb)`: no error, then `workspace[list].fetch(sid)` calls back a 404. */
    async deleted(list, sid, remove) {
      const { error } = await H.settle(remove)
      H.expect(!error, `delete error ${error?.code}`)
      const gone = await H.fails((cb) => window.workspace[list].fetch(sid, cb))
      H.equal(gone.code, 404, "fetch after delete")
      return `${sid} deleted`
    },
    /**
     * Creates a queue targeting workers with `attribute == 1`, a workflow routing to it (both named `name`) and a
     * worker `workerName` with that attribute in `activitySid`: routing of their own, whatever the seed's load.
     */
    async routing(name, attribute, workerName, activitySid) {
      const queue = await H.ok(
        (cb) =>
          window.workspace.taskqueues.create({ FriendlyName: name, TargetWorkers: `${attribute} == 1` }, cb),
        8000,
        "taskqueues.create",
      )
      const workflow = await H.ok(
        (cb) =>
          window.workspace.workflows.create(
            { FriendlyName: name, Configuration: { task_routing: { default_filter: { queue: queue.sid } } } },
            cb,
          ),
        8000,
        "workflows.create",
      )
      const worker = await H.ok(
        (cb) =>
          window.workspace.workers.create(
            {
              FriendlyName: workerName,
              Attributes: JSON.stringify({ [attribute]: 1 }),
              ActivitySid: activitySid,
            },
            cb,
          ),
        8000,
        "workers.create",
      )
      return { queue, workflow, worker }
    },
    expect(condition, message) {
      if (!condition) throw new Error(message)
    },
    equal(actual, expected, what) {
      if (actual !== expected)
        throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
    },
    sleep(ms) {
      return new Promise((resolve) => setTimeout(resolve, ms))
    },
  }
  win.__h = H
}

// ---------------------------------------------------------------------------------------------------------------
// The examples: each runs in the page (its function is serialised by playwright, or called directly in --node
// mode) with `ctx`, and returns a short detail string; a throw is a failure.
// ---------------------------------------------------------------------------------------------------------------

/** @typedef {{ name: string, fn?: (ctx: any) => Promise<string>, node?: (env: any) => Promise<string> }} Example */

/** @type {Array<Example>} */
const examples = [
  {
    name: 'new Workspace(token, false, …, apiBaseUrl, eventBridgeBaseUrl) + on("connected")',
    fn: async (ctx) => {
      const H = window.__h
      const client = new window.Twilio.TaskRouter.Workspace(
        ctx.token,
        false,
        undefined,
        undefined,
        ctx.apiBaseUrl,
        ctx.eventBridgeBaseUrl,
      )
      H.record("main", client)
      window.workspace = client
      await H.event("main", "connected", 0)
      return "websocket opened"
    },
  },
  {
    name: 'on("ready"): sid, friendlyName, prioritizeQueueOrder, defaultActivityName',
    fn: async (ctx) => {
      const H = window.__h
      const ws = await H.event("main", "ready", 0)
      H.equal(ws.sid, ctx.workspaceSid, "workspace.sid")
      H.equal(ws.friendlyName, "Contact Centre", "workspace.friendlyName")
      H.expect(
        ws.prioritizeQueueOrder === "FIFO" || ws.prioritizeQueueOrder === "LIFO",
        "prioritizeQueueOrder",
      )
      H.equal(ws.defaultActivityName, "Offline", "workspace.defaultActivityName")
      H.expect(
        ws.dateCreated instanceof Date && !Number.isNaN(ws.dateCreated.getTime()),
        "dateCreated is a Date",
      )
      H.expect(typeof ws.defaultActivity === "object", "defaultActivitySid has an FK object")
      H.state.defaultActivitySid = ws.defaultActivitySid
      return `${ws.sid} ${ws.friendlyName} ${ws.prioritizeQueueOrder} ${ws.defaultActivityName}`
    },
  },
  {
    name: "workspace.fetch",
    fn: async (ctx) => {
      const H = window.__h
      const ws = await H.ok((cb) => window.workspace.fetch(cb))
      H.equal(ws.sid, ctx.workspaceSid, "sid")
      return ws.friendlyName
    },
  },
  {
    name: 'workspace.update("EventCallbackUrl", url) (single attribute)',
    fn: async () => {
      const H = window.__h
      const url = "http://requestb.in/1kmw9im1"
      const ws = await H.ok((cb) => window.workspace.update("EventCallbackUrl", url, cb))
      H.equal(ws.eventCallbackUrl, url, "result.eventCallbackUrl")
      H.equal(window.workspace.eventCallbackUrl, url, "client.eventCallbackUrl (merged)")
      return ws.eventCallbackUrl
    },
  },
  {
    name: "workspace.update({EventCallbackUrl, TimeoutActivitySid}) (multiple attributes)",
    fn: async () => {
      const H = window.__h
      const activities = await H.ok((cb) => window.workspace.activities.fetch(cb))
      const offline = activities.data.find((a) => a.friendlyName === "Offline")
      H.expect(offline !== undefined, "the seed has an Offline activity")
      const url = "http://requestb.in/2xyz"
      const props = { EventCallbackUrl: url, TimeoutActivitySid: offline.sid }
      const ws = await H.ok((cb) => window.workspace.update(props, cb))
      H.equal(ws.eventCallbackUrl, url, "eventCallbackUrl")
      H.equal(ws.timeoutActivitySid, offline.sid, "timeoutActivitySid")
      return `${ws.eventCallbackUrl} ${ws.timeoutActivitySid}`
    },
  },

  // ---- activities -------------------------------------------------------------------------------------------
  {
    name: "activities.fetch (list: data, page, pageSize, hasNext)",
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.activities.fetch(cb))
      H.expect(Array.isArray(list.data) && list.data.length >= 4, "at least 4 activities")
      H.equal(list.page, 0, "page")
      H.expect(typeof list.pageSize === "number" && list.pageSize > 0, "pageSize is a number")
      H.equal(list.hasNext, false, "hasNext")
      H.equal(list.hasPrevious, false, "hasPrevious")
      for (const a of list.data) H.expect(typeof a.friendlyName === "string", "friendlyName")
      H.state.available = list.data.find((a) => a.friendlyName === "Available").sid
      H.state.offline = list.data.find((a) => a.friendlyName === "Offline").sid
      return list.data.map((a) => a.friendlyName).join(", ")
    },
  },
  {
    name: 'activities.fetch({"Available":"true"}) (query params)',
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.activities.fetch({ Available: "true" }, cb))
      H.expect(list.data.length >= 1, "at least one available activity")
      for (const a of list.data) H.equal(a.available, true, `${a.friendlyName}.available`)
      return list.data.map((a) => a.friendlyName).join(", ")
    },
  },
  {
    name: 'activities.fetch("WAxxx")',
    fn: async () => {
      const H = window.__h
      const a = await H.ok((cb) => window.workspace.activities.fetch(H.state.available, cb))
      H.equal(a.sid, H.state.available, "sid")
      H.equal(a.friendlyName, "Available", "friendlyName")
      return a.friendlyName
    },
  },
  {
    name: 'activities.create({"FriendlyName":"Activity1","Available":"true"}) + "activity.created" event',
    fn: async () => {
      const H = window.__h
      const since = H.mark()
      const a = await H.ok((cb) =>
        window.workspace.activities.create({ FriendlyName: "Activity1", Available: "true" }, cb),
      )
      H.equal(a.friendlyName, "Activity1", "friendlyName")
      H.equal(a.available, true, "available")
      H.expect(a.sid.startsWith("WA"), "sid WA…")
      const e = await H.event("main", "activity.created", since, (p) => p && p.sid === a.sid)
      H.equal(e.friendlyName, "Activity1", "event payload friendlyName")
      H.state.activity1 = a.sid
      return a.sid
    },
  },
  {
    name: 'activity.update("FriendlyName","NewFriendlyName") (instance, from a fetched list)',
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.activities.fetch(cb))
      const activity = list.data.find((a) => a.sid === H.state.activity1)
      H.expect(activity !== undefined, "the created activity is listed")
      const updated = await H.ok((cb) => activity.update("FriendlyName", "NewFriendlyName", cb))
      H.equal(updated.friendlyName, "NewFriendlyName", "result.friendlyName")
      H.equal(activity.friendlyName, "NewFriendlyName", "instance merged")
      return updated.friendlyName
    },
  },
  {
    name: 'activities.update("WAxxx","FriendlyName","NewFriendlyName") (list)',
    fn: async () => {
      const H = window.__h
      const updated = await H.ok((cb) =>
        window.workspace.activities.update(H.state.activity1, "FriendlyName", "Activity One", cb),
      )
      H.equal(updated.friendlyName, "Activity One", "friendlyName")
      return updated.friendlyName
    },
  },
  {
    name: "activity.delete (instance)",
    fn: async () => {
      const H = window.__h
      const created = await H.ok((cb) =>
        window.workspace.activities.create({ FriendlyName: "Doomed", Available: "false" }, cb),
      )
      const list = await H.ok((cb) => window.workspace.activities.fetch(cb))
      const activity = list.data.find((a) => a.sid === created.sid)
      return H.deleted("activities", created.sid, (cb) => activity.delete(cb))
    },
  },
  {
    name: 'activities.delete("WAxxx") (list)',
    fn: async () => {
      const H = window.__h
      const sid = H.state.activity1
      return H.deleted("activities", sid, (cb) => window.workspace.activities.delete(sid, cb))
    },
  },

  // ---- workflows --------------------------------------------------------------------------------------------
  {
    name: "workflows.fetch (list)",
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.workflows.fetch(cb))
      H.expect(list.data.length >= 1, "at least one workflow")
      const wf = list.data[0]
      H.expect(typeof wf.configuration === "object" && wf.configuration !== null, "configuration parsed")
      H.state.workflow = wf.sid
      return list.data.map((w) => w.friendlyName).join(", ")
    },
  },
  {
    name: 'workflows.fetch("WWxxx")',
    fn: async () => {
      const H = window.__h
      const wf = await H.ok((cb) => window.workspace.workflows.fetch(H.state.workflow, cb))
      H.equal(wf.sid, H.state.workflow, "sid")
      // v1 JSON.parses `configuration` and leaves its keys as they are (no camelCase inside).
      H.expect(typeof wf.configuration.task_routing === "object", "configuration.task_routing")
      return wf.friendlyName
    },
  },
  {
    name: "workflows.create({FriendlyName, AssignmentCallbackUrl, Configuration: {object}})",
    fn: async () => {
      const H = window.__h
      const queues = await H.ok((cb) => window.workspace.taskqueues.fetch(cb))
      const sales = queues.data.find((q) => q.friendlyName === "Sales")
      H.state.salesQueue = sales.sid
      const workflowConfig = { task_routing: { default_filter: { task_queue_sid: sales.sid } } }
      const params = {
        FriendlyName: "Workflow1",
        AssignmentCallbackUrl: "http://requestb.in/1kmw9im1",
        Configuration: workflowConfig,
      }
      const since = H.mark()
      const wf = await H.ok((cb) => window.workspace.workflows.create(params, cb))
      H.equal(wf.friendlyName, "Workflow1", "friendlyName")
      H.equal(wf.assignmentCallbackUrl, "http://requestb.in/1kmw9im1", "assignmentCallbackUrl")
      H.expect(typeof wf.configuration === "object", "configuration parsed")
      await H.event("main", "workflow.created", since, (p) => p && p.sid === wf.sid)
      H.state.workflow1 = wf.sid
      return wf.sid
    },
  },
  {
    name: 'workflow.update("TaskReservationTimeout","300") (instance)',
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.workflows.fetch(cb))
      const workflow = list.data.find((w) => w.sid === H.state.workflow1)
      const updated = await H.ok((cb) => workflow.update("TaskReservationTimeout", "300", cb))
      H.equal(updated.taskReservationTimeout, 300, "taskReservationTimeout")
      return String(updated.taskReservationTimeout)
    },
  },
  {
    name: 'workflows.update("WWxxx","TaskReservationTimeout","300") (list)',
    fn: async () => {
      const H = window.__h
      const updated = await H.ok((cb) =>
        window.workspace.workflows.update(H.state.workflow1, "TaskReservationTimeout", "240", cb),
      )
      H.equal(updated.taskReservationTimeout, 240, "taskReservationTimeout")
      return String(updated.taskReservationTimeout)
    },
  },
  {
    name: 'workflow.statistics.fetch({"Minutes":"240"})',
    fn: async () => {
      const H = window.__h
      const wf = await H.ok((cb) => window.workspace.workflows.fetch(H.state.workflow, cb))
      H.state.workflowEntity = wf
      const stats = await H.ok((cb) => wf.statistics.fetch({ Minutes: "240" }, cb))
      H.expect(
        typeof stats.cumulative === "object" && typeof stats.realtime === "object",
        "cumulative + realtime",
      )
      H.expect(typeof stats.realtime.totalTasks === "number", "realtime.totalTasks camelCased")
      return `realtime.totalTasks=${stats.realtime.totalTasks}`
    },
  },
  {
    name: 'workflow.cumulativeStats.fetch({"Minutes":"240"})',
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => H.state.workflowEntity.cumulativeStats.fetch({ Minutes: "240" }, cb))
      H.expect(typeof stats.tasksEntered === "number", "tasksEntered")
      return `tasksEntered=${stats.tasksEntered}`
    },
  },
  {
    name: "workflow.realtimeStats.fetch",
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => H.state.workflowEntity.realtimeStats.fetch(cb))
      H.expect(typeof stats.totalTasks === "number", "totalTasks")
      return `totalTasks=${stats.totalTasks}`
    },
  },
  {
    name: "workflow.delete (instance)",
    fn: async () => {
      const H = window.__h
      const created = await H.ok((cb) =>
        window.workspace.workflows.create(
          {
            FriendlyName: "Doomed",
            Configuration: { task_routing: { default_filter: { queue: H.state.salesQueue } } },
          },
          cb,
        ),
      )
      const workflow = await H.ok((cb) => window.workspace.workflows.fetch(created.sid, cb))
      return H.deleted("workflows", created.sid, (cb) => workflow.delete(cb))
    },
  },
  {
    name: 'workflows.delete("WWxxx") (list)',
    fn: async () => {
      const H = window.__h
      const sid = H.state.workflow1
      return H.deleted("workflows", sid, (cb) => window.workspace.workflows.delete(sid, cb))
    },
  },

  // ---- task queues ------------------------------------------------------------------------------------------
  {
    name: "taskqueues.fetch (list)",
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.taskqueues.fetch(cb))
      H.expect(list.data.length >= 3, "at least 3 queues")
      for (const q of list.data) H.expect(typeof q.targetWorkers === "string", "targetWorkers")
      return list.data.map((q) => q.friendlyName).join(", ")
    },
  },
  {
    name: 'taskqueues.fetch("WQxxx")',
    fn: async () => {
      const H = window.__h
      const q = await H.ok((cb) => window.workspace.taskqueues.fetch(H.state.salesQueue, cb))
      H.equal(q.friendlyName, "Sales", "friendlyName")
      return q.friendlyName
    },
  },
  {
    name: "taskqueues.create({FriendlyName, ReservationActivitySid, AssignmentActivitySid, TargetWorkers})",
    fn: async () => {
      const H = window.__h
      const params = {
        FriendlyName: "TaskQueue1",
        ReservationActivitySid: H.state.offline,
        AssignmentActivitySid: H.state.offline,
        TargetWorkers: "1==1",
      }
      const since = H.mark()
      const q = await H.ok((cb) => window.workspace.taskqueues.create(params, cb))
      H.equal(q.friendlyName, "TaskQueue1", "friendlyName")
      H.equal(q.targetWorkers, "1==1", "targetWorkers")
      H.equal(q.reservationActivitySid, H.state.offline, "reservationActivitySid")
      await H.event("main", "task-queue.created", since, (p) => p && p.sid === q.sid)
      H.state.queue1 = q.sid
      return q.sid
    },
  },
  {
    name: 'taskqueue.update("MaxReservedWorkers","20") (instance)',
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.taskqueues.fetch(cb))
      const taskqueue = list.data.find((q) => q.sid === H.state.queue1)
      const updated = await H.ok((cb) => taskqueue.update("MaxReservedWorkers", "20", cb))
      H.equal(updated.maxReservedWorkers, 20, "maxReservedWorkers")
      return String(updated.maxReservedWorkers)
    },
  },
  {
    name: 'taskqueues.update("WQxxx","MaxReservedWorkers","20") (list)',
    fn: async () => {
      const H = window.__h
      const updated = await H.ok((cb) =>
        window.workspace.taskqueues.update(H.state.queue1, "MaxReservedWorkers", "15", cb),
      )
      H.equal(updated.maxReservedWorkers, 15, "maxReservedWorkers")
      return String(updated.maxReservedWorkers)
    },
  },
  {
    name: 'taskqueues.statistics.fetch({"Minutes":"240"}) (all queues)',
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => window.workspace.taskqueues.statistics.fetch({ Minutes: "240" }, cb))
      const rows = Object.keys(stats)
      H.expect(rows.length >= 3, `one entry per queue (got ${rows.length})`)
      const first = stats[rows[0]]
      H.expect(typeof first.cumulative === "object" && typeof first.realtime === "object", "rows camelCased")
      H.expect(typeof first.taskQueueSid === "string", "taskQueueSid")
      return `${rows.length} queues`
    },
  },
  {
    name: 'taskqueue.statistics.fetch({"Minutes":"240"})',
    fn: async () => {
      const H = window.__h
      const q = await H.ok((cb) => window.workspace.taskqueues.fetch(H.state.salesQueue, cb))
      H.state.salesEntity = q
      const stats = await H.ok((cb) => q.statistics.fetch({ Minutes: "240" }, cb))
      H.expect(
        typeof stats.cumulative === "object" && typeof stats.realtime === "object",
        "cumulative + realtime",
      )
      H.expect(typeof stats.realtime.totalAvailableWorkers === "number", "realtime.totalAvailableWorkers")
      return `realtime.totalAvailableWorkers=${stats.realtime.totalAvailableWorkers}`
    },
  },
  {
    name: "taskqueue.cumulativeStats.fetch (avgTaskAcceptanceTime)",
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => H.state.salesEntity.cumulativeStats.fetch(cb))
      H.expect(typeof stats.avgTaskAcceptanceTime === "number", "avgTaskAcceptanceTime")
      return `avgTaskAcceptanceTime=${stats.avgTaskAcceptanceTime}`
    },
  },
  {
    name: 'taskqueue.realtimeStats.fetch({"Minutes":"240"}) (totalAvailableWorkers)',
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => H.state.salesEntity.realtimeStats.fetch({ Minutes: "240" }, cb))
      H.expect(typeof stats.totalAvailableWorkers === "number", "totalAvailableWorkers")
      return `totalAvailableWorkers=${stats.totalAvailableWorkers}`
    },
  },
  {
    name: "taskqueue.delete (instance)",
    fn: async () => {
      const H = window.__h
      const created = await H.ok((cb) =>
        window.workspace.taskqueues.create({ FriendlyName: "Doomed", TargetWorkers: "1==1" }, cb),
      )
      const q = await H.ok((cb) => window.workspace.taskqueues.fetch(created.sid, cb))
      return H.deleted("taskqueues", created.sid, (cb) => q.delete(cb))
    },
  },
  {
    name: 'taskqueues.delete("WQxxx") (list)',
    fn: async () => {
      const H = window.__h
      const sid = H.state.queue1
      return H.deleted("taskqueues", sid, (cb) => window.workspace.taskqueues.delete(sid, cb))
    },
  },

  // ---- workers ----------------------------------------------------------------------------------------------
  {
    name: "workers.fetch (list)",
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.workers.fetch(cb))
      H.expect(list.data.length >= 20, `the seed's 20 workers (got ${list.data.length})`)
      const w = list.data[0]
      H.expect(typeof w.attributes === "object", "attributes parsed")
      // v1 makes FK objects for `xxxActivitySid` keys but not for `activitySid` itself (indexOf(...) > 0).
      H.expect(typeof w.activitySid === "string" && typeof w.activityName === "string", "activitySid/Name")
      H.expect(w.dateStatusChanged instanceof Date, "dateStatusChanged is a Date")
      H.state.worker = w.sid
      return `${list.data.length} workers`
    },
  },
  {
    name: 'workers.fetch("WKxxx")',
    fn: async () => {
      const H = window.__h
      const w = await H.ok((cb) => window.workspace.workers.fetch(H.state.worker, cb))
      H.equal(w.sid, H.state.worker, "sid")
      H.expect(typeof w.friendlyName === "string", "friendlyName")
      return w.friendlyName
    },
  },
  {
    name: 'workers.create({"FriendlyName":"Worker1"}) + "worker.created" event',
    fn: async () => {
      const H = window.__h
      const since = H.mark()
      const w = await H.ok((cb) => window.workspace.workers.create({ FriendlyName: "Worker1" }, cb))
      H.equal(w.friendlyName, "Worker1", "friendlyName")
      H.equal(w.activitySid, H.state.defaultActivitySid, "activitySid (the workspace default)")
      await H.event("main", "worker.created", since, (p) => p && p.sid === w.sid)
      H.state.worker1 = w.sid
      return w.sid
    },
  },
  {
    name: 'worker.update("ActivitySid","WAxxx") (instance) + "worker.activity.update" event',
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.workers.fetch({ FriendlyName: "Worker1" }, cb))
      const worker = list.data.find((w) => w.sid === H.state.worker1)
      H.expect(worker !== undefined, "Worker1 listed by FriendlyName")
      const since = H.mark()
      const updated = await H.ok((cb) => worker.update("ActivitySid", H.state.available, cb))
      H.equal(updated.activitySid, H.state.available, "activitySid")
      H.equal(updated.activityName, "Available", "activityName")
      const e = await H.event("main", "worker.activity.update", since, (p) => p && p.sid === worker.sid)
      H.equal(e.activityName, "Available", "event payload activityName")
      return updated.activityName
    },
  },
  {
    name: 'workers.update("WKxxx","ActivitySid","WAxxx") (list)',
    fn: async () => {
      const H = window.__h
      const updated = await H.ok((cb) =>
        window.workspace.workers.update(H.state.worker1, "ActivitySid", H.state.offline, cb),
      )
      H.equal(updated.activityName, "Offline", "activityName")
      return updated.activityName
    },
  },
  {
    name: 'workers.statistics.fetch({"Minutes":"240"})',
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => window.workspace.workers.statistics.fetch({ Minutes: "240" }, cb))
      H.expect(
        typeof stats.realtime === "object" && typeof stats.cumulative === "object",
        "realtime + cumulative",
      )
      H.expect(typeof stats.realtime.totalWorkers === "number", "realtime.totalWorkers")
      return `realtime.totalWorkers=${stats.realtime.totalWorkers}`
    },
  },
  {
    name: 'workers.cumulativeStats.fetch({"Minutes":"240"})',
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => window.workspace.workers.cumulativeStats.fetch({ Minutes: "240" }, cb))
      H.expect(typeof stats.reservationsCreated === "number", "reservationsCreated")
      return `reservationsCreated=${stats.reservationsCreated}`
    },
  },
  {
    name: "workers.realtimeStats.fetch",
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => window.workspace.workers.realtimeStats.fetch(cb))
      H.expect(typeof stats.totalWorkers === "number", "totalWorkers")
      H.expect(Array.isArray(stats.activityStatistics), "activityStatistics")
      return `totalWorkers=${stats.totalWorkers}`
    },
  },
  {
    name: 'worker.statistics.fetch({"Minutes":"240"}) (single worker)',
    fn: async () => {
      const H = window.__h
      const w = await H.ok((cb) => window.workspace.workers.fetch(H.state.worker, cb))
      const stats = await H.ok((cb) => w.statistics.fetch({ Minutes: "240" }, cb))
      H.expect(typeof stats.cumulative === "object", "cumulative")
      H.equal(stats.workerSid, H.state.worker, "workerSid")
      return `cumulative.reservationsCreated=${stats.cumulative.reservationsCreated}`
    },
  },
  {
    name: "worker.delete (instance)",
    fn: async () => {
      const H = window.__h
      const created = await H.ok((cb) => window.workspace.workers.create({ FriendlyName: "Doomed" }, cb))
      const w = await H.ok((cb) => window.workspace.workers.fetch(created.sid, cb))
      return H.deleted("workers", created.sid, (cb) => w.delete(cb))
    },
  },
  {
    name: 'workers.delete("WKxxx") (list)',
    fn: async () => {
      const H = window.__h
      const sid = H.state.worker1
      return H.deleted("workers", sid, (cb) => window.workspace.workers.delete(sid, cb))
    },
  },

  // ---- tasks ------------------------------------------------------------------------------------------------
  {
    name: "tasks.fetch (list: attributes parsed)",
    fn: async () => {
      const H = window.__h
      const list = await H.ok((cb) => window.workspace.tasks.fetch(cb))
      H.expect(list.data.length >= 1, "the seed's tasks")
      for (const t of list.data) H.expect(typeof t.attributes === "object", "attributes parsed")
      H.state.seedTask = list.data[0].sid
      return `${list.data.length} tasks`
    },
  },
  {
    name: 'tasks.fetch("WTxxx")',
    fn: async () => {
      const H = window.__h
      const t = await H.ok((cb) => window.workspace.tasks.fetch(H.state.seedTask, cb))
      H.equal(t.sid, H.state.seedTask, "sid")
      return JSON.stringify(t.attributes)
    },
  },
  {
    name: 'tasks.create({WorkflowSid, Attributes:"{\\"Ticket\\":\\"Gold\\"}"}) + "task.created" event',
    fn: async () => {
      const H = window.__h
      const since = H.mark()
      const params = { WorkflowSid: H.state.workflow, Attributes: '{"Ticket":"Gold"}' }
      const t = await H.ok((cb) => window.workspace.tasks.create(params, cb))
      H.expect(t.sid.startsWith("WT"), "sid WT…")
      H.equal(t.attributes.Ticket, "Gold", "attributes.Ticket")
      const e = await H.event("main", "task.created", since, (p) => p && p.sid === t.sid)
      H.equal(e.attributes.Ticket, "Gold", "event payload attributes")
      H.state.task1 = t.sid
      return t.sid
    },
  },
  {
    name: 'task.update({"AssignmentStatus":"canceled","Reason":"waiting"}) (instance) + "task.canceled" event',
    fn: async () => {
      const H = window.__h
      const task = await H.ok((cb) => window.workspace.tasks.fetch(H.state.task1, cb))
      const since = H.mark()
      const cancelAttrs = { AssignmentStatus: "canceled", Reason: "waiting" }
      const updated = await H.ok((cb) => task.update(cancelAttrs, cb))
      H.equal(updated.assignmentStatus, "canceled", "assignmentStatus")
      H.equal(updated.reason, "waiting", "reason")
      await H.event("main", "task.canceled", since, (p) => p && p.sid === task.sid)
      return updated.assignmentStatus
    },
  },
  {
    name: 'tasks.update("WTxxx", {"AssignmentStatus":"canceled","Reason":"waiting"}) (list)',
    fn: async () => {
      const H = window.__h
      const t = await H.ok((cb) =>
        window.workspace.tasks.create(
          { WorkflowSid: H.state.workflow, Attributes: '{"type":"billing"}' },
          cb,
        ),
      )
      const updated = await H.ok((cb) =>
        window.workspace.tasks.update(t.sid, { AssignmentStatus: "canceled", Reason: "waiting" }, cb),
      )
      H.equal(updated.assignmentStatus, "canceled", "assignmentStatus")
      H.state.task2 = t.sid
      return `${t.sid} ${updated.assignmentStatus}`
    },
  },
  {
    name: 'task.delete (instance) + "task.deleted" event',
    fn: async () => {
      const H = window.__h
      const task = await H.ok((cb) => window.workspace.tasks.fetch(H.state.task1, cb))
      const since = H.mark()
      const detail = await H.deleted("tasks", H.state.task1, (cb) => task.delete(cb))
      await H.event("main", "task.deleted", since, (p) => p && p.sid === task.sid)
      return detail
    },
  },
  {
    name: 'tasks.delete("WTxxx") (list)',
    fn: async () => {
      const H = window.__h
      const sid = H.state.task2
      return H.deleted("tasks", sid, (cb) => window.workspace.tasks.delete(sid, cb))
    },
  },
  {
    name: 'a routed task: "reservation.created" event (v1 Reservation entity) on the workspace channel',
    fn: async () => {
      const H = window.__h
      const { workflow, worker } = await H.routing("V1 Routing", "v1_routing", "V1 Router", H.state.available)
      const since = H.mark()
      const t = await H.ok((cb) =>
        window.workspace.tasks.create({ WorkflowSid: workflow.sid, Attributes: '{"type":"v1"}' }, cb),
      )
      const r = await H.event("main", "reservation.created", since, (p) => p && p.taskSid === t.sid)
      H.expect(r.sid.startsWith("WR"), "reservation sid")
      H.equal(r.workerSid, worker.sid, "workerSid")
      H.expect(typeof r.accept === "function", "a v1 Reservation entity (accept)")
      const accepted = await H.ok((cb) => r.accept(cb), 8000, "reservation.accept")
      H.equal(accepted.reservationStatus, "accepted", "reservationStatus after accept()")
      await H.event("main", "reservation.accepted", since, (p) => p && p.sid === r.sid)
      // An accepted task is assigned: it can be completed (not canceled), with v1's Task.complete().
      const task = await H.ok((cb) => window.workspace.tasks.fetch(t.sid, cb))
      const completed = await H.ok((cb) => task.complete(cb, "done"), 8000, "task.complete")
      H.equal(completed.assignmentStatus, "completed", "assignmentStatus after complete()")
      return `${r.sid} for ${r.workerName}, accepted, task completed`
    },
  },

  // ---- workspace statistics ---------------------------------------------------------------------------------
  {
    name: 'workspace.statistics.fetch({"Minutes":"240"})',
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => window.workspace.statistics.fetch({ Minutes: "240" }, cb))
      H.expect(
        typeof stats.realtime === "object" && typeof stats.cumulative === "object",
        "realtime + cumulative",
      )
      H.expect(typeof stats.realtime.totalWorkers === "number", "realtime.totalWorkers")
      return `realtime.totalWorkers=${stats.realtime.totalWorkers}`
    },
  },
  {
    name: 'workspace.cumulativeStats.fetch({"Minutes":"240"})',
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => window.workspace.cumulativeStats.fetch({ Minutes: "240" }, cb))
      H.expect(typeof stats.tasksCreated === "number", "tasksCreated")
      return `tasksCreated=${stats.tasksCreated}`
    },
  },
  {
    name: "workspace.realtimeStats.fetch({})",
    fn: async () => {
      const H = window.__h
      const stats = await H.ok((cb) => window.workspace.realtimeStats.fetch({}, cb))
      H.expect(typeof stats.totalTasks === "number", "totalTasks")
      H.expect(typeof stats.tasksByStatus === "object", "tasksByStatus")
      return `totalTasks=${stats.totalTasks}`
    },
  },

  // ---- wire behaviour beyond the examples -------------------------------------------------------------------
  {
    name: "list paging: workers.fetch({PageSize}) then list.next() / list.previous()",
    fn: async () => {
      const H = window.__h
      const page0 = await H.ok((cb) => window.workspace.workers.fetch({ PageSize: "5" }, cb))
      H.equal(page0.data.length, 5, "page 0 size")
      H.equal(page0.pageSize, 5, "pageSize")
      H.equal(page0.hasNext, true, "hasNext")
      const page1 = await H.ok((cb) => page0.next(cb))
      H.equal(page1.page, 1, "page 1")
      H.expect(page1.data[0].sid !== page0.data[0].sid, "page 1 has other workers")
      H.equal(page1.hasPrevious, true, "hasPrevious")
      const back = await H.ok((cb) => page1.previous(cb))
      H.equal(back.data[0].sid, page0.data[0].sid, "previous() returns page 0")
      return `${page0.data.length} + ${page1.data.length}`
    },
  },
  {
    name: "error path: fetch of an unknown SID calls back HttpError {code: 404}",
    fn: async () => {
      const H = window.__h
      const err = await H.fails((cb) =>
        window.workspace.workers.fetch("WK00000000000000000000000000000000", cb),
      )
      H.equal(err.code, 404, "code")
      return `${err.code} ${err.message}`
    },
  },
  {
    name: "blank heartbeat frames are ignored (no error event)",
    fn: async (ctx) => {
      const H = window.__h
      const since = H.mark()
      await H.sleep(ctx.heartbeatMs * 2.5)
      const errors = H.events.main.slice(since).filter((e) => e.type === "error" || e.type === "disconnected")
      H.equal(errors.length, 0, "error/disconnected events during heartbeats")
      const all = H.events.main.filter((e) => e.type === "error")
      H.equal(all.length, 0, "error events during the whole run")
      return `${Math.round((ctx.heartbeatMs * 2.5) / 1000)} s of heartbeats`
    },
  },
  {
    name: 'dropped socket: "disconnected", then "connected" and "ready" again on reconnect',
    node: async ({ page, server }) => {
      const since = await page.evaluate(() => window.__h.mark())
      const dropped = server.dropConnections()
      if (dropped < 1) throw new Error("no socket to drop")
      return page.evaluate(
        async ({ since, workspaceSid }) => {
          const H = window.__h
          const d = await H.event("main", "disconnected", since)
          H.equal(d.message, "Websocket disconnected due to lost connectivity", "disconnected payload")
          await H.event("main", "connected", since, () => true, 10000)
          const ready = await H.event("main", "ready", since, () => true, 10000)
          H.equal(ready.sid, workspaceSid, "ready payload sid")
          return "reconnected after about 1 s"
        },
        { since, workspaceSid: server.workspaceSid },
      )
    },
  },
  {
    name: 'token.expired, then updateToken(fresh): reconnects with the new token ("connected" + "ready")',
    node: async ({ page, server, ctx }) => {
      const short = await server.mintToken({ ttl: 8 })
      const fresh = await server.mintToken({ ttl: 3600 })
      return page.evaluate(
        async ({ ctx, short, fresh }) => {
          const H = window.__h
          const client = new window.Twilio.TaskRouter.Workspace(
            short,
            false,
            undefined,
            undefined,
            ctx.apiBaseUrl,
            ctx.eventBridgeBaseUrl,
          )
          H.record("short", client)
          window.shortLived = client
          await H.event("short", "ready", 0)
          await H.event("short", "token.expired", 0, () => true, 8000)
          const at = H.mark("short")
          client.updateToken(fresh)
          // The emulator closes the socket when the old token expires; v1 reconnects with the new token.
          await H.event("short", "disconnected", at, () => true, 8000)
          await H.event("short", "connected", at, () => true, 10000)
          await H.event("short", "ready", at, () => true, 10000)
          const list = await H.ok((cb) => client.activities.fetch(cb))
          H.expect(list.data.length > 0, "activities with the new token")
          return `expired, renewed, reconnected; ${list.data.length} activities`
        },
        { ctx, short, fresh },
      )
    },
  },
  {
    name: "v1 quirk kept: after updateToken, realtimeStats still sends the OLD token (emulator: 401)",
    fn: async () => {
      const H = window.__h
      const err = await H.fails((cb) => window.shortLived.realtimeStats.fetch(cb))
      H.equal(err.code, 401, "code")
      const ok = await H.ok((cb) => window.shortLived.statistics.fetch(cb))
      H.expect(typeof ok.realtime === "object", "statistics (updated by updateToken) works")
      return `${err.code} ${err.message}`
    },
  },
  // ---- the Worker and TaskQueue clients (beyond the Workspace page) -------------------------------------------
  {
    name: 'Worker client: new Worker(token, false, connectActivitySid, disconnectActivitySid, …) + on("ready")',
    node: async ({ page, server, ctx }) => {
      const setup = await page.evaluate(async () => {
        const H = window.__h
        const { queue, workflow, worker } = await H.routing(
          "V1 Worker Client",
          "v1_worker_client",
          "V1 Agent",
          H.state.offline,
        )
        H.state.wc = { queue: queue.sid, workflow: workflow.sid, worker: worker.sid }
        return H.state.wc
      })
      const token = await server.mintToken({ channel: setup.worker })
      return page.evaluate(
        async ({ ctx, token }) => {
          const H = window.__h
          const client = new window.Twilio.TaskRouter.Worker(
            token,
            false,
            H.state.available,
            H.state.offline,
            false,
            undefined,
            undefined,
            ctx.apiBaseUrl,
            ctx.eventBridgeBaseUrl,
          )
          H.record("worker", client)
          window.workerClient = client
          const w = await H.event("worker", "ready", 0)
          H.equal(w.sid, H.state.wc.worker, "ready payload sid")
          H.equal(w.friendlyName, "V1 Agent", "ready payload friendlyName")
          return `${w.sid} ${w.friendlyName}`
        },
        { ctx, token },
      )
    },
  },
  {
    name: 'Worker client: connectActivitySid applied after ready ("activity.update" event)',
    fn: async () => {
      const H = window.__h
      const w = await H.event("worker", "activity.update", 0, (p) => p && p.activityName === "Available")
      H.equal(w.sid, H.state.wc.worker, "payload sid")
      return w.activityName
    },
  },
  {
    name: 'Worker client: "reservation.created" (Reservation with its task fetched), accept(), completeTask()',
    fn: async () => {
      const H = window.__h
      const since = H.mark("worker")
      const t = await H.ok((cb) =>
        window.workspace.tasks.create(
          { WorkflowSid: H.state.wc.workflow, Attributes: '{"type":"v1-worker"}' },
          cb,
        ),
      )
      const r = await H.event("worker", "reservation.created", since)
      H.expect(typeof r.sid === "string" && r.sid.startsWith("WR"), `reservation sid (got ${r.sid})`)
      H.expect(r.task && r.task.sid === t.sid, `reservation.task.sid (got ${r.task?.sid})`)
      H.equal(r.task.attributes.type, "v1-worker", "reservation.task.attributes")
      H.equal(r.reservationStatus, "pending", "reservationStatus")
      const accepted = await H.ok((cb) => r.accept(cb), 8000, "reservation.accept")
      H.equal(accepted.reservationStatus, "accepted", "accept() result")
      await H.event("worker", "reservation.accepted", since)
      const done = await H.ok(
        (cb) => window.workerClient.completeTask(t.sid, cb, "done"),
        8000,
        "completeTask",
      )
      H.equal(done.assignmentStatus, "completed", "completeTask() result")
      return `${r.sid} accepted, ${t.sid} completed`
    },
  },
  {
    name: 'Worker client: a pending reservation is emitted as "reservation.created" on connect; reject()',
    node: async ({ page, server, ctx }) => {
      const sid = await page.evaluate(async () => {
        const H = window.__h
        const since = H.mark("worker")
        const t = await H.ok((cb) =>
          window.workspace.tasks.create(
            { WorkflowSid: H.state.wc.workflow, Attributes: '{"type":"later"}' },
            cb,
          ),
        )
        await H.event("worker", "reservation.created", since)
        H.state.pendingTask = t.sid
        return H.state.wc.worker
      })
      const token = await server.mintToken({ channel: sid })
      return page.evaluate(
        async ({ ctx, token }) => {
          const H = window.__h
          const second = new window.Twilio.TaskRouter.Worker(
            token,
            false,
            undefined,
            undefined,
            false,
            undefined,
            undefined,
            ctx.apiBaseUrl,
            ctx.eventBridgeBaseUrl,
          )
          H.record("worker2", second)
          await H.event("worker2", "ready", 0)
          const r = await H.event("worker2", "reservation.created", 0)
          H.expect(r.sid.startsWith("WR"), "reservation sid")
          H.equal(r.task.sid, H.state.pendingTask, "reservation.task.sid")
          const rejected = await H.ok((cb) => r.reject(H.state.offline, cb), 8000, "reservation.reject")
          H.equal(rejected.reservationStatus, "rejected", "reject() result")
          return `${r.sid} rejected`
        },
        { ctx, token },
      )
    },
  },
  {
    name: 'TaskQueue client: new TaskQueue(token, false, …) + on("ready") + statistics.fetch',
    node: async ({ page, server, ctx }) => {
      const queue = await page.evaluate(() => window.__h.state.salesQueue)
      const token = await server.mintToken({ channel: queue })
      return page.evaluate(
        async ({ ctx, token, queue }) => {
          const H = window.__h
          const client = new window.Twilio.TaskRouter.TaskQueue(
            token,
            false,
            undefined,
            undefined,
            ctx.apiBaseUrl,
            ctx.eventBridgeBaseUrl,
          )
          H.record("queue", client)
          const q = await H.event("queue", "ready", 0)
          H.equal(q.sid, queue, "ready payload sid")
          H.equal(q.friendlyName, "Sales", "ready payload friendlyName")
          const stats = await H.ok((cb) => client.statistics.fetch(cb))
          H.expect(typeof stats.realtime === "object", "statistics.realtime")
          return `${q.sid} ${q.friendlyName}`
        },
        { ctx, token, queue },
      )
    },
  },
  {
    name: "workspace.delete",
    fn: async () => {
      const H = window.__h
      const { error } = await H.settle((cb) => window.workspace.delete(cb))
      H.expect(!error, `delete error ${error?.code}`)
      const gone = await H.fails((cb) => window.workspace.fetch(cb))
      H.equal(gone.code, 404, "fetch after delete")
      return "deleted; fetch answers 404"
    },
  },
]

// ---------------------------------------------------------------------------------------------------------------
// Runners: chromium through playwright-core (default), or Node with shims (--node).
// ---------------------------------------------------------------------------------------------------------------

/** playwright-core: from this package, else from the workspace packages that depend on it. */
const loadPlaywright = async () => {
  const bases = [
    join(HERE, "..", "package.json"),
    join(REPO, "package.json"),
    join(REPO, "packages", "browser", "package.json"),
    join(REPO, "apps", "demo", "package.json"),
  ]
  for (const base of bases) {
    try {
      return createRequire(base)("playwright-core")
    } catch {}
  }
  throw new Error("playwright-core is not installed (pnpm install), or use --node")
}

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>TaskRouter.js v1 against the taskroute emulator</title>
<script src="/taskrouter.js"></script></head><body><p>v1 verification</p></body></html>`

/** A loopback page server: `/` and `/taskrouter.js` (the caller's file, served as given). */
const startPageServer = async () => {
  const http = createServer((req, res) => {
    if (req.url === "/taskrouter.js") {
      res.writeHead(200, { "content-type": "application/javascript; charset=utf-8" })
      res.end(sdkSource)
    } else if (req.url === "/" || req.url === "/index.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
      res.end(PAGE)
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve))
  const address = http.address()
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  }
}

const browserRunner = async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `chromium is missing at ${CHROMIUM_PATH}: install it (apt-get install -y chromium), set CHROMIUM_PATH, or use --node`,
    )
  }
  const { chromium } = await loadPlaywright()
  const pages = await startPageServer()
  let browser
  const close = async () => {
    await browser?.close()
    await pages.close()
  }
  try {
    browser = await launchInProfile(chromium, "taskroute-v1-")
    const context = browser.context
    const page = context.pages()[0] ?? (await context.newPage())
    const consoleLines = []
    page.on("console", (m) => consoleLines.push(`[${m.type()}] ${m.text()}`))
    page.on("pageerror", (e) => consoleLines.push(`[pageerror] ${e.message}`))
    await page.goto(pages.url)
    const loaded = await page.evaluate(
      () => typeof window.Twilio === "function" && typeof window.Twilio.TaskRouter.Workspace === "function",
    )
    if (!loaded) throw new Error("the v1 script did not define Twilio.TaskRouter.Workspace")
    await page.evaluate(`(${installHelpers.toString()})(window)`)
    return {
      name: `chromium ${context.browser()?.version() ?? ""} (playwright-core), page ${pages.url}`,
      page,
      evaluate: (fn, arg) => page.evaluate(fn, arg),
      consoleLines,
      close,
    }
  } catch (error) {
    // (A run that cannot start leaves no page server or browser profile behind.)
    await close()
    throw error
  }
}

/** XMLHttpRequest over fetch: the subset v1 uses (open, send, overrideMimeType, timeout, onreadystatechange). */
class FetchXMLHttpRequest {
  constructor() {
    this.readyState = 0
    this.status = 0
    this.statusText = ""
    this.responseText = ""
    this.timeout = 0
    this.onreadystatechange = null
  }
  overrideMimeType() {}
  open(method, url, async) {
    if (async === false) throw new Error("synchronous XHR is not supported by the --node shim")
    this.method = method
    this.url = url
    this.readyState = 1
  }
  send(body) {
    const controller = new AbortController()
    const timer = this.timeout > 0 ? setTimeout(() => controller.abort(), this.timeout) : undefined
    fetch(this.url, {
      method: this.method,
      body,
      headers: { "content-type": "text/plain;charset=UTF-8" },
      signal: controller.signal,
    })
      .then(async (res) => {
        this.status = res.status
        this.statusText = res.statusText
        this.responseText = await res.text()
      })
      .catch(() => {
        this.status = 0
        this.statusText = ""
      })
      .finally(() => {
        clearTimeout(timer)
        this.readyState = 4
        this.onreadystatechange?.call(this)
      })
  }
}

const nodeRunner = async () => {
  const WebSocket = createRequire(join(HERE, "..", "package.json"))("ws")
  // v1 assigns onopen/onmessage/onerror/onclose and reads `response.data` as a string.
  class BrowserLikeWebSocket extends WebSocket {
    constructor(url) {
      super(url)
      this.binaryType = "nodebuffer"
    }
  }
  const sandbox = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    atob,
    XMLHttpRequest: FetchXMLHttpRequest,
    WebSocket: BrowserLikeWebSocket,
    navigator: { userAgent: "node" },
    // The Worker client registers an 'unload' handler after ready; there is no page to unload here.
    addEventListener: () => {},
    removeEventListener: () => {},
  }
  sandbox.window = sandbox
  sandbox.self = sandbox
  const context = vm.createContext(sandbox)
  vm.runInContext(sdkSource, context, { filename: scriptPath })
  // Helpers and examples are compiled inside the sandbox: v1 tests callbacks with `instanceof Function`.
  vm.runInContext(`(${installHelpers.toString()})(window)`, context)
  // A browser reports an exception thrown in an SDK callback and carries on: so does this runner.
  const consoleLines = []
  process.on("uncaughtException", (error) => consoleLines.push(`[pageerror] ${error.message}`))
  return {
    name: `node ${process.version} (vm sandbox; XMLHttpRequest over fetch, ws as WebSocket)`,
    page: {
      evaluate: (fn, arg) => runInSandbox(context, fn, arg),
    },
    evaluate: (fn, arg) => runInSandbox(context, fn, arg),
    consoleLines,
    // v1.21 has no disconnect(): its sockets and reconnect timers end with the process (main exits).
    close: async () => {},
  }
}

const runInSandbox = (context, fn, arg) => {
  context.__arg = arg
  return vm.runInContext(`(${fn.toString()})(__arg)`, context)
}

// ---------------------------------------------------------------------------------------------------------------

const main = async () => {
  const { startFakeServer } = await import(DIST)
  const heartbeatMs = 1000
  const server = await startFakeServer({ seed: "demo", random: "v1-verification", heartbeatMs })
  const token = await server.mintToken({ ttl: 3600 })
  const ctx = {
    token,
    workspaceSid: server.workspaceSid,
    accountSid: server.accountSid,
    // v1 appends "/Workspaces/{WS}" to apiBaseUrl: its default is "https://taskrouter.twilio.com/v1".
    apiBaseUrl: "https://taskrouter.twilio.com/v1",
    // v1 appends "/v1/wschannels/{AC}/{channel}" and derives the socket URL with replace("https", "wss"):
    // an http:// base is used as is, and WebSocket accepts http(s) URLs.
    eventBridgeBaseUrl: server.url,
    heartbeatMs,
  }
  let runner
  try {
    runner = mode === "node" ? await nodeRunner() : await browserRunner()
  } catch (e) {
    await server.close()
    console.error(`verify-taskrouter-v1: could not start: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(2)
  }
  console.log(`TaskRouter.js v1 script: ${scriptPath} (${sdkBytes.length} bytes, ${sri})`)
  if (sri === CDN_V121_MIN_SRI)
    console.log("  = the CDN's v1.21 taskrouter.min.js (integrity hash of the v1 docs)")
  console.log(`runner: ${runner.name}`)
  console.log(`emulator: ${server.url} workspace ${server.workspaceSid}`)
  const results = []
  for (const example of examples) {
    const started = Date.now()
    let detail
    let ok = false
    try {
      detail = example.node
        ? await example.node({ page: runner.page, server, ctx })
        : await runner.evaluate(example.fn, ctx)
      ok = true
    } catch (e) {
      detail = (e instanceof Error ? e.message : String(e)).split("\n")[0]
    }
    const ms = Date.now() - started
    results.push({ name: example.name, ok, detail, ms })
    console.log(
      `${ok ? "PASS" : "FAIL"}  ${example.name}${verbose || !ok ? `  -- ${detail}` : ""}  (${ms} ms)`,
    )
  }
  if (verbose && runner.consoleLines.length > 0) {
    console.log("--- page console ---")
    for (const line of runner.consoleLines) console.log(line)
  }
  const failed = results.filter((r) => !r.ok)
  console.log(`${results.length - failed.length}/${results.length} examples passed`)
  await runner.close()
  await server.close()
  process.exit(failed.length === 0 ? 0 : 1)
}

await main()
