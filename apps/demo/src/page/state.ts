/**
 * The console's state: what the panels show, kept up to date from fetches and from the workspace's events.
 * Fetched instances and event payloads are both camelCase records (the facade shapes them alike), so one
 * converter per resource reads either.
 */
import { isRecord } from "./format.js"

export interface ActivityView {
  readonly sid: string
  readonly name: string
  readonly available: boolean
}

export interface WorkerView {
  readonly sid: string
  readonly name: string
  readonly activitySid: string
  readonly activityName: string
  readonly available: boolean
  readonly attributes: Readonly<Record<string, unknown>>
  /** When the worker entered its current activity. */
  readonly since: number | undefined
}

export interface QueueView {
  readonly sid: string
  readonly name: string
  readonly targetWorkers: string
  readonly taskOrder: string
}

export interface QueueStats {
  readonly pending: number
  readonly reserved: number
  readonly assigned: number
  readonly wrapping: number
  readonly availableWorkers: number
  readonly eligibleWorkers: number
  readonly longestWait: number
}

export interface TaskView {
  readonly sid: string
  readonly status: string
  readonly attributes: Readonly<Record<string, unknown>>
  readonly queueSid: string | undefined
  readonly queueName: string | undefined
  readonly workflowName: string | undefined
  readonly priority: number
  readonly created: number | undefined
  readonly reason: string | undefined
}

export interface WorkflowView {
  readonly sid: string
  readonly name: string
}

/** A string field of a record (a fetched instance or an event payload), or undefined. */
export const str = (r: unknown, key: string): string | undefined => {
  const v: unknown = isRecord(r) ? r[key] : undefined
  return typeof v === "string" ? v : undefined
}

const num = (r: Readonly<Record<string, unknown>>, key: string): number | undefined => {
  const v = r[key]
  return typeof v === "number" && Number.isFinite(v) ? v : undefined
}

const time = (r: Readonly<Record<string, unknown>>, key: string): number | undefined => {
  const v = r[key]
  if (v instanceof Date) return v.getTime()
  if (typeof v === "string") {
    const t = Date.parse(v)
    return Number.isNaN(t) ? undefined : t
  }
  return undefined
}

const attributesOf = (r: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> => {
  const a = r.attributes
  if (isRecord(a)) return a
  if (typeof a === "string") {
    try {
      const parsed: unknown = JSON.parse(a)
      return isRecord(parsed) ? parsed : {}
    } catch {
      return {}
    }
  }
  return {}
}

export const toActivity = (value: unknown): ActivityView | undefined => {
  if (!isRecord(value)) return undefined
  const sid = str(value, "sid")
  if (sid === undefined) return undefined
  return { sid, name: str(value, "friendlyName") ?? sid, available: value.available === true }
}

export const toWorker = (value: unknown): WorkerView | undefined => {
  if (!isRecord(value)) return undefined
  const sid = str(value, "sid")
  if (sid === undefined || !sid.startsWith("WK")) return undefined
  return {
    sid,
    name: str(value, "friendlyName") ?? sid,
    activitySid: str(value, "activitySid") ?? "",
    activityName: str(value, "activityName") ?? "",
    available: value.available === true,
    attributes: attributesOf(value),
    since: time(value, "dateStatusChanged"),
  }
}

export const toQueue = (value: unknown): QueueView | undefined => {
  if (!isRecord(value)) return undefined
  const sid = str(value, "sid")
  if (sid === undefined || !sid.startsWith("WQ")) return undefined
  return {
    sid,
    name: str(value, "friendlyName") ?? sid,
    targetWorkers: str(value, "targetWorkers") ?? "",
    taskOrder: str(value, "taskOrder") ?? "FIFO",
  }
}

export const toTask = (value: unknown): TaskView | undefined => {
  if (!isRecord(value)) return undefined
  const sid = str(value, "sid")
  if (sid === undefined || !sid.startsWith("WT")) return undefined
  return {
    sid,
    status: str(value, "assignmentStatus") ?? "pending",
    attributes: attributesOf(value),
    queueSid: str(value, "taskQueueSid"),
    queueName: str(value, "taskQueueFriendlyName"),
    workflowName: str(value, "workflowFriendlyName"),
    priority: num(value, "priority") ?? 0,
    created: time(value, "dateCreated"),
    reason: str(value, "reason"),
  }
}

export const toWorkflow = (value: unknown): WorkflowView | undefined => {
  if (!isRecord(value)) return undefined
  const sid = str(value, "sid")
  if (sid === undefined) return undefined
  return { sid, name: str(value, "friendlyName") ?? sid }
}

/** Reads a queue's real-time statistics record (camelCase), missing numbers as 0. */
export const toQueueStats = (value: unknown): QueueStats => {
  const r = isRecord(value) ? value : {}
  const byStatus = isRecord(r.tasksByStatus) ? r.tasksByStatus : {}
  const n = (o: Readonly<Record<string, unknown>>, k: string) => num(o, k) ?? 0
  return {
    pending: n(byStatus, "pending"),
    reserved: n(byStatus, "reserved"),
    assigned: n(byStatus, "assigned"),
    wrapping: n(byStatus, "wrapping"),
    availableWorkers: n(r, "totalAvailableWorkers"),
    eligibleWorkers: n(r, "totalEligibleWorkers"),
    longestWait: n(r, "longestTaskWaitingAge"),
  }
}

/** A tiny observable store: panels subscribe to topics and re-render on the next frame. */
export type Topic = "workers" | "activities" | "queues" | "tasks" | "workflows" | "stats"

export class ConsoleState {
  activities: ReadonlyArray<ActivityView> = []
  workflows: ReadonlyArray<WorkflowView> = []
  readonly workers = new Map<string, WorkerView>()
  readonly queues = new Map<string, QueueView>()
  readonly queueStats = new Map<string, QueueStats>()
  /** Open tasks, and finished ones for a few seconds (so a person sees them finish). */
  readonly tasks = new Map<string, TaskView>()
  /** Task SID -> the worker it is reserved for or assigned to. */
  readonly taskWorker = new Map<string, { readonly sid: string; readonly name: string }>()
  /** Worker SIDs whose card changed from an event, with when (for the highlight). */
  readonly flashes = new Map<string, number>()

  /** SID -> when an event last changed it (performance.now()), so a reload started earlier does not undo it. */
  readonly #touched = new Map<string, number>()

  readonly #listeners = new Map<Topic, Set<() => void>>()
  readonly #dirty = new Set<Topic>()
  #scheduled = false

  on(topic: Topic, listener: () => void): void {
    let set = this.#listeners.get(topic)
    if (set === undefined) {
      set = new Set()
      this.#listeners.set(topic, set)
    }
    set.add(listener)
  }

  changed(topic: Topic): void {
    this.#dirty.add(topic)
    if (this.#scheduled) return
    this.#scheduled = true
    requestAnimationFrame(() => {
      this.#scheduled = false
      const topics = [...this.#dirty]
      this.#dirty.clear()
      for (const t of topics) for (const listener of this.#listeners.get(t) ?? []) listener()
    })
  }

  /** Marks a resource as changed by an event now. */
  touch(sid: string): void {
    this.#touched.set(sid, performance.now())
  }

  /**
   * Replaces `map`'s content with what a reload that started at `since` (performance.now()) fetched, except
   * for the entries events changed after `since`: those are newer than the reload's answer and stay.
   */
  reconcile<V>(map: Map<string, V>, fresh: ReadonlyMap<string, V>, since: number): void {
    const newer = (sid: string) => (this.#touched.get(sid) ?? Number.NEGATIVE_INFINITY) > since
    for (const sid of [...map.keys()]) if (!fresh.has(sid) && !newer(sid)) map.delete(sid)
    for (const [sid, value] of fresh) if (!newer(sid)) map.set(sid, value)
  }

  activityName(sid: string): string {
    return this.activities.find((a) => a.sid === sid)?.name ?? ""
  }
}
