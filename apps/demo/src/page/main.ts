/**
 * The taskroute console: a live view of a TaskRouter workspace built on `@taskroute/browser` only. The demo's
 * server gives it a configuration and short-lived capability tokens; everything else goes through the SDK:
 * the `Workspace` facade (REST through the event-bridge proxy, events over its websocket, token refresh ahead
 * of expiry) and the `GlobalTaskList` client.
 */
import { GlobalTaskList, Gtl, type TaskInstance, Workspace } from "@taskroute/browser"
import type { ConsoleConfig, TokenResponse } from "../shared/ConsoleConfig.js"
import { byId } from "./dom.js"
import { duration, isRecord, shortSid } from "./format.js"
import { type CumulativeSample, renderCharts, renderKpis, toRealtime, toSample } from "./panels/charts.js"
import { mountFeed } from "./panels/feed.js"
import { mountQueues } from "./panels/queues.js"
import { mountSearch } from "./panels/search.js"
import { mountTasks } from "./panels/tasks.js"
import { mountWorkers } from "./panels/workers.js"
import {
  ConsoleState,
  str,
  toActivity,
  toQueue,
  toQueueStats,
  toTask,
  toWorker,
  toWorkflow,
} from "./state.js"
import { errorMessage, toast } from "./ui.js"

const OPEN_STATUSES = ["pending", "reserved", "assigned", "wrapping"] as const
/** How long a finished task stays (faded) in the active list. */
const LINGER_MS = 6000

/** Every item of an async iterable, in order. */
const collect = async <A>(items: AsyncIterable<A>): Promise<Array<A>> => {
  const out: Array<A> = []
  for await (const item of items) out.push(item)
  return out
}

/** The views of `items` by SID; items the converter refuses are left out. */
const bySid = <V extends { readonly sid: string }>(
  items: Iterable<unknown>,
  view: (item: unknown) => V | undefined,
): Map<string, V> => {
  const out = new Map<string, V>()
  for (const item of items) {
    const v = view(item)
    if (v !== undefined) out.set(v.sid, v)
  }
  return out
}

const getJson = async (url: string): Promise<unknown> => {
  const response = await fetch(url, { cache: "no-store" })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return response.json()
}

const readConfig = async (): Promise<ConsoleConfig> => {
  const json = await getJson("config.json")
  const text = (key: string): string => {
    const v = isRecord(json) ? json[key] : undefined
    if (typeof v !== "string") throw new Error(`config.json has no "${key}"`)
    return v
  }
  const gtl = isRecord(json) && isRecord(json.gtl) ? json.gtl : undefined
  return {
    mode: text("mode") === "twilio" ? "twilio" : "emulator",
    workspaceSid: text("workspaceSid"),
    accountSid: text("accountSid"),
    apiBaseUrl: text("apiBaseUrl"),
    eventBridgeBaseUrl: text("eventBridgeBaseUrl"),
    tokenUrl: text("tokenUrl"),
    tokenTtl: isRecord(json) && typeof json.tokenTtl === "number" ? json.tokenTtl : 300,
    simulation: isRecord(json) && json.simulation === true,
    gtl:
      gtl !== undefined && typeof gtl.baseUrl === "string" && typeof gtl.solutionDbid === "number"
        ? {
            baseUrl: gtl.baseUrl,
            solutionDbid: gtl.solutionDbid,
            example: typeof gtl.example === "string" ? gtl.example : "",
          }
        : null,
  }
}

const readToken = async (url: string): Promise<TokenResponse> => {
  const json = await getJson(url)
  if (!isRecord(json) || typeof json.token !== "string" || typeof json.expiresAt !== "number") {
    throw new Error("The token endpoint did not answer a token")
  }
  return { token: json.token, ttl: Number(json.ttl), expiresAt: json.expiresAt }
}

type ConnectionState = "connecting" | "connected" | "reconnecting" | "token-expired" | "disconnected"

const LABELS: Readonly<Record<ConnectionState, string>> = {
  connecting: "Connecting",
  connected: "Connected",
  reconnecting: "Reconnecting",
  "token-expired": "Token expired",
  disconnected: "Disconnected",
}

const setConnection = (state: ConnectionState, detail?: string) => {
  const element = byId("connection", HTMLSpanElement)
  element.className = `connection state-${state}`
  element.dataset.state = state
  const label = element.querySelector(".label")
  if (label !== null) label.textContent = LABELS[state]
  element.title = detail ?? LABELS[state]
}

const start = async () => {
  const config = await readConfig()
  let token = await readToken(config.tokenUrl)
  const state = new ConsoleState()
  const feed = mountFeed()

  byId("workspace-sid", HTMLSpanElement).textContent = config.workspaceSid
  const mode = byId("mode-badge", HTMLSpanElement)
  mode.hidden = false
  mode.textContent = config.mode === "emulator" ? "Emulator" : "Live · Twilio"
  mode.className = `badge ${config.mode === "emulator" ? "tone-violet" : "tone-rose"}`
  byId("simulation-badge", HTMLSpanElement).hidden = !config.simulation

  const workspace = new Workspace(token.token, {
    debug: false,
    apiBaseUrl: config.apiBaseUrl,
    eventBridgeBaseUrl: config.eventBridgeBaseUrl,
    // The SDK calls this ahead of the token's expiry and uses the new token for every later request and
    // reconnection.
    tokenProvider: async () => {
      token = await readToken(config.tokenUrl)
      return token.token
    },
  })
  // For the browser tests and for curious people with a console open.
  Reflect.set(window, "taskrouteConsole", { workspace, state })

  // ---- token countdown ----
  const tokenStatus = byId("token-status", HTMLSpanElement)
  setInterval(() => {
    const left = (token.expiresAt - Date.now()) / 1000
    tokenStatus.textContent = left > 0 ? `token ${duration(left)}` : "token expired"
    tokenStatus.dataset.expiresAt = String(token.expiresAt)
  }, 1000)

  // ---- loading ----
  const loadActivities = async () => {
    const page = await workspace.activities.fetch({ PageSize: 100 })
    state.activities = page.data.flatMap((a) => toActivity(a) ?? [])
    state.changed("activities")
  }
  const loadWorkflows = async () => {
    const page = await workspace.workflows.fetch({ PageSize: 100 })
    state.workflows = page.data.flatMap((w) => toWorkflow(w) ?? [])
    state.changed("workflows")
  }
  // Reloads run while events keep arriving: `reconcile` keeps what an event changed after the reload began.
  const loadWorkers = async () => {
    const since = performance.now()
    const fresh = bySid(await collect(workspace.workers.each({ pageSize: 200 })), toWorker)
    state.reconcile(state.workers, fresh, since)
    state.changed("workers")
  }
  const loadQueues = async () => {
    const since = performance.now()
    const page = await workspace.taskqueues.fetch({ PageSize: 100 })
    const fresh = bySid(page.data, toQueue)
    state.reconcile(state.queues, fresh, since)
    state.changed("queues")
  }
  const loadTasks = async () => {
    const since = performance.now()
    const lists = await Promise.all(
      OPEN_STATUSES.map((status) =>
        collect(workspace.tasks.each({ pageSize: 100, limit: 200, params: { AssignmentStatus: status } })),
      ),
    )
    // The listed tasks by SID (a task listed under two statuses counts once, as last listed).
    const listed = new Map<string | null, TaskInstance>(lists.flat().map((t) => [t.sid, t]))
    const fresh = bySid(listed.values(), toTask)
    // Who holds the reserved and assigned tasks: the listed task's own reservations.
    const holders = new Map<string, { readonly sid: string; readonly name: string }>()
    await Promise.all(
      [...fresh.values()]
        .filter((t) => t.status !== "pending")
        .map(async (t) => {
          const page = await listed.get(t.sid)?.reservations.fetch()
          for (const r of page?.data ?? []) {
            const status = str(r, "reservationStatus")
            const workerSid = str(r, "workerSid")
            if (
              workerSid !== undefined &&
              (status === "pending" || status === "accepted" || status === "wrapping")
            ) {
              holders.set(t.sid, { sid: workerSid, name: str(r, "workerName") ?? shortSid(workerSid) })
            }
          }
        }),
    )
    state.reconcile(state.tasks, fresh, since)
    state.reconcile(state.taskWorker, holders, since)
    state.changed("tasks")
  }

  let statsTimer: ReturnType<typeof setTimeout> | undefined
  const samples: Array<CumulativeSample> = []
  const loadStats = async () => {
    // Two requests: the workspace's combined statistics, and every queue's at once.
    const [statistics, queues] = await Promise.all([
      workspace.statistics.fetch(),
      workspace.taskqueues.statistics.fetch({ PageSize: 100 }),
    ])
    renderKpis(toRealtime(statistics))
    samples.push(toSample(statistics))
    if (samples.length > 240) samples.shift()
    renderCharts(samples)
    for (const q of queues.data) {
      if (q.taskQueueSid !== null) state.queueStats.set(q.taskQueueSid, toQueueStats(q.realtime))
    }
    state.changed("stats")
  }
  /** Statistics follow events, at most every 1.5 seconds. */
  const statsSoon = () => {
    if (statsTimer !== undefined) return
    statsTimer = setTimeout(() => {
      statsTimer = undefined
      loadStats().catch(() => {})
    }, 1500)
  }
  setInterval(() => loadStats().catch(() => {}), 5000)

  const loadAll = async () => {
    await Promise.all([loadActivities(), loadWorkflows(), loadQueues()])
    await Promise.all([loadWorkers(), loadTasks(), loadStats()])
  }

  // ---- events ----
  const onDomainEvent = (type: string, payload: unknown) => {
    feed.add(type, payload)
    if (type.startsWith("worker.")) {
      const worker = toWorker(payload)
      if (worker !== undefined) {
        state.touch(worker.sid)
        if (type === "worker.deleted") state.workers.delete(worker.sid)
        else state.workers.set(worker.sid, worker)
        state.flashes.set(worker.sid, Date.now())
        state.changed("workers")
      }
    } else if (type.startsWith("task.") || type.startsWith("task-queue.entered")) {
      const task = toTask(payload)
      if (task !== undefined) {
        state.touch(task.sid)
        state.tasks.set(task.sid, task)
        if (!OPEN_STATUSES.some((s) => s === task.status) || type === "task.deleted") {
          state.taskWorker.delete(task.sid)
          setTimeout(() => {
            const now = state.tasks.get(task.sid)
            if (now !== undefined && !OPEN_STATUSES.some((s) => s === now.status)) {
              state.tasks.delete(task.sid)
              state.changed("tasks")
            }
          }, LINGER_MS)
        }
        state.changed("tasks")
      }
    } else if (type.startsWith("reservation.")) {
      const taskSid = str(payload, "taskSid")
      const workerSid = str(payload, "workerSid")
      const task = isRecord(payload) ? toTask(payload.task) : undefined
      if (task !== undefined) state.tasks.set(task.sid, task)
      if (taskSid !== undefined && workerSid !== undefined) {
        state.touch(taskSid)
        const name = str(payload, "workerName") ?? state.workers.get(workerSid)?.name ?? ""
        if (
          type === "reservation.created" ||
          type === "reservation.accepted" ||
          type === "reservation.wrapup"
        ) {
          state.taskWorker.set(taskSid, { sid: workerSid, name })
        } else if (state.taskWorker.get(taskSid)?.sid === workerSid) {
          state.taskWorker.delete(taskSid)
        }
        // The task's own status moves with its reservation: refresh it.
        workspace.tasks
          .fetch(taskSid)
          .then((t) => {
            const view = toTask(t)
            if (view !== undefined && state.tasks.has(view.sid)) {
              state.tasks.set(view.sid, view)
              state.changed("tasks")
            }
          })
          .catch(() => {})
        state.changed("tasks")
      }
    } else if (type.startsWith("task-queue.")) {
      const queue = toQueue(payload)
      if (queue !== undefined && type !== "task-queue.deleted") {
        state.touch(queue.sid)
        state.queues.set(queue.sid, queue)
        state.changed("queues")
      }
    } else if (type.startsWith("activity.")) {
      loadActivities().catch(() => {})
    }
    statsSoon()
  }

  let everReady = false
  workspace.on("ready", (ws: unknown) => {
    setConnection("connected")
    const name = isRecord(ws) && typeof ws.friendlyName === "string" ? ws.friendlyName : config.workspaceSid
    byId("workspace-name", HTMLSpanElement).textContent = name
    document.title = `${name} · taskroute console`
    if (everReady) feed.add("ready", { friendlyName: "Reconnected: reloading the workspace" })
    everReady = true
    // Events may have been missed while the socket was down: reload everything.
    loadAll().catch((error: unknown) =>
      toast(`Could not load the workspace: ${errorMessage(error)}`, "error"),
    )
  })
  workspace.on("connected", () => setConnection("connected"))
  workspace.on("disconnected", (info: unknown) => {
    const reason = isRecord(info) && typeof info.reason === "string" ? info.reason : ""
    const reconnecting = isRecord(info) && info.reconnecting === true
    const message = isRecord(info) && typeof info.message === "string" ? info.message : undefined
    // A socket opened with a token that has since expired is closed by the service even when the SDK already
    // has a newer one: that is a reconnection, not an expired session.
    if (reconnecting) setConnection("reconnecting", message)
    else setConnection(reason === "tokenExpired" ? "token-expired" : "disconnected", message)
    feed.add("disconnected", { friendlyName: message ?? "Disconnected" })
  })
  workspace.on("token.expired", () => {
    setConnection("token-expired", "The token expired; fetching a new one")
    feed.add("token.expired", { friendlyName: "Token expired" })
    // The SDK's refresh should have prevented this; try once more by hand.
    readToken(config.tokenUrl)
      .then((fresh) => {
        token = fresh
        workspace.updateToken(fresh.token)
      })
      .catch((error: unknown) => toast(`Could not renew the token: ${errorMessage(error)}`, "error"))
  })
  workspace.on("token.updated", () => {
    feed.add("token.updated", { friendlyName: "Token renewed" })
  })
  workspace.on("error", (error: unknown) => {
    feed.add("error", { friendlyName: errorMessage(error) })
  })
  workspace.events$.subscribe((event) => {
    const type = event.type
    if (type.includes(".") && type !== "token.expired" && type !== "token.updated")
      onDomainEvent(type, event.payload)
  })

  // ---- panels ----
  mountWorkers(state, {
    changeActivity: async (workerSid, activitySid) => {
      const worker = await workspace.workers.update(workerSid, { ActivitySid: activitySid })
      const view = toWorker(worker)
      if (view !== undefined) {
        state.touch(view.sid)
        state.workers.set(view.sid, view)
        state.changed("workers")
      }
    },
  })
  mountQueues(state, {
    updateTargetWorkers: async (queueSid, expression) => {
      const queue = await workspace.taskqueues.update(queueSid, { TargetWorkers: expression })
      const view = toQueue(queue)
      if (view !== undefined) {
        state.touch(view.sid)
        state.queues.set(view.sid, view)
      }
      state.changed("queues")
      statsSoon()
    },
  })
  mountTasks(state, {
    createTask: async (task) => {
      const created = await workspace.tasks.create({
        WorkflowSid: task.workflowSid,
        Attributes: task.attributes,
        Priority: task.priority,
        Timeout: task.timeout,
      })
      const view = toTask(created)
      if (view === undefined) throw new Error("The service answered a task without a SID")
      if (!state.tasks.has(view.sid)) {
        state.touch(view.sid)
        state.tasks.set(view.sid, view)
      }
      state.changed("tasks")
      return view.sid
    },
    cancelTask: async (taskSid) => {
      const task = await workspace.tasks.update(taskSid, {
        AssignmentStatus: "canceled",
        Reason: "Canceled from the taskroute console",
      })
      const view = toTask(task)
      if (view !== undefined) {
        state.touch(view.sid)
        state.tasks.set(view.sid, view)
      }
      state.changed("tasks")
    },
  })

  const gtl = config.gtl
  if (gtl === null) {
    byId("search-results", HTMLDivElement).textContent =
      "This backend has no Global Task List (the emulator has one; a real TaskRouter account does not)."
    byId("search-form", HTMLFormElement).hidden = true
  } else {
    const list = new GlobalTaskList({ baseUrl: gtl.baseUrl })
    mountSearch(
      {
        // The SDK's page already has what the panel reads, with goTo and release over the same snapshot.
        search: (items) => list.fetchPage({ solutionDbid: gtl.solutionDbid, page: 1, ql: items }),
        // The solution's attribute catalogue: labels (as people write them) to column names.
        labels: async () => Gtl.qlColumns(await list.attributes(gtl.solutionDbid)),
      },
      gtl.example,
    )
  }
}

start().catch((error: unknown) => {
  setConnection("disconnected", errorMessage(error))
  toast(`The console could not start: ${errorMessage(error)}`, "error")
})
