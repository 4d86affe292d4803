/**
 * Wire views: the snake_case JSON each resource has on the wire (what GET returns and events carry), with
 * `url` and `links` built from a base URL. Dates are ISO-8601 without milliseconds.
 *
 * @internal
 */
import type {
  ActivityState,
  EventState,
  ReservationState,
  TaskChannelState,
  TaskQueueState,
  TaskState,
  WorkerChannelState,
  WorkerState,
  WorkflowState,
  WorkspaceState,
} from "../store/model.js"

/** The canonical origin of TaskRouter, used for event payloads and snapshots. @internal */
export const canonicalBase = "https://taskrouter.twilio.com"

/** {@link iso} through `Date` (years outside 0000 to 9999, NaN and out-of-range instants). */
const isoByDate = (ms: number): string => {
  const d = new Date(Math.floor(ms / 1000) * 1000)
  return Number.isNaN(d.getTime()) ? "1970-01-01T00:00:00Z" : `${d.toISOString().slice(0, 19)}Z`
}

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/**
 * ISO-8601 UTC without milliseconds: `2017-05-30T23:05:29Z`. Every view formats two to four of these, so the
 * calendar date is computed with integer arithmetic (days since the epoch to year, month and day in the
 * proleptic Gregorian calendar, in 400-year eras whose March-based years put the leap day last); that is about
 * three times cheaper than `Date#toISOString`, which stays the fallback outside years 0000 to 9999.
 * @internal
 */
export const iso = (ms: number): string => {
  const seconds = Math.floor(ms / 1000)
  const days = Math.floor(seconds / 86_400)
  // Days since 0000-03-01, and the 400-year era (146,097 days) they fall in.
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  // Months from March (0) to February (11), each starting at floor((153 m + 2) / 5).
  const m = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1
  const month = m < 10 ? m + 3 : m - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  if (!(year >= 0 && year <= 9999)) return isoByDate(ms)
  const secondOfDay = seconds - days * 86_400
  const hour = Math.floor(secondOfDay / 3600)
  const minute = Math.floor((secondOfDay - hour * 3600) / 60)
  const second = secondOfDay - hour * 3600 - minute * 60
  const yyyy = year < 1000 ? String(year).padStart(4, "0") : String(year)
  return `${yyyy}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}Z`
}

/** `{base}/v1/Workspaces/{ws}`. @internal */
export const workspaceUrl = (base: string, ws: WorkspaceState): string => `${base}/v1/Workspaces/${ws.sid}`

/** @internal */
export const workspaceView = (base: string, ws: WorkspaceState): Record<string, unknown> => {
  const url = workspaceUrl(base, ws)
  return {
    account_sid: ws.accountSid,
    date_created: iso(ws.dateCreated),
    date_updated: iso(ws.dateUpdated),
    default_activity_name: ws.activities.get(ws.defaultActivitySid)?.friendlyName ?? null,
    default_activity_sid: ws.defaultActivitySid,
    event_callback_url: ws.eventCallbackUrl,
    events_filter: ws.eventsFilter,
    friendly_name: ws.friendlyName,
    multi_task_enabled: ws.multiTaskEnabled,
    sid: ws.sid,
    timeout_activity_name: ws.activities.get(ws.timeoutActivitySid)?.friendlyName ?? null,
    timeout_activity_sid: ws.timeoutActivitySid,
    prioritize_queue_order: ws.prioritizeQueueOrder,
    url,
    links: {
      activities: `${url}/Activities`,
      statistics: `${url}/Statistics`,
      real_time_statistics: `${url}/RealTimeStatistics`,
      cumulative_statistics: `${url}/CumulativeStatistics`,
      task_queues: `${url}/TaskQueues`,
      tasks: `${url}/Tasks`,
      workers: `${url}/Workers`,
      workflows: `${url}/Workflows`,
      task_channels: `${url}/TaskChannels`,
      events: `${url}/Events`,
    },
  }
}

/** @internal */
export const activityView = (base: string, ws: WorkspaceState, a: ActivityState): Record<string, unknown> => {
  const wsUrl = workspaceUrl(base, ws)
  return {
    account_sid: ws.accountSid,
    available: a.available,
    date_created: iso(a.dateCreated),
    date_updated: iso(a.dateUpdated),
    friendly_name: a.friendlyName,
    sid: a.sid,
    workspace_sid: ws.sid,
    url: `${wsUrl}/Activities/${a.sid}`,
    links: { workspace: wsUrl },
  }
}

/** @internal */
export const taskChannelView = (
  base: string,
  ws: WorkspaceState,
  c: TaskChannelState,
): Record<string, unknown> => {
  const wsUrl = workspaceUrl(base, ws)
  return {
    account_sid: ws.accountSid,
    date_created: iso(c.dateCreated),
    date_updated: iso(c.dateUpdated),
    friendly_name: c.friendlyName,
    sid: c.sid,
    unique_name: c.uniqueName,
    workspace_sid: ws.sid,
    channel_optimized_routing: c.channelOptimizedRouting,
    url: `${wsUrl}/TaskChannels/${c.sid}`,
    links: { workspace: wsUrl },
  }
}

/** @internal */
export const taskQueueView = (
  base: string,
  ws: WorkspaceState,
  q: TaskQueueState,
): Record<string, unknown> => {
  const wsUrl = workspaceUrl(base, ws)
  const url = `${wsUrl}/TaskQueues/${q.sid}`
  const links: Record<string, string> = {}
  if (q.assignmentActivitySid !== null)
    links.assignment_activity = `${wsUrl}/Activities/${q.assignmentActivitySid}`
  if (q.reservationActivitySid !== null)
    links.reservation_activity = `${wsUrl}/Activities/${q.reservationActivitySid}`
  links.workspace = wsUrl
  links.statistics = `${url}/Statistics`
  links.real_time_statistics = `${url}/RealTimeStatistics`
  links.cumulative_statistics = `${url}/CumulativeStatistics`
  links.list_statistics = `${wsUrl}/TaskQueues/Statistics`
  return {
    account_sid: ws.accountSid,
    assignment_activity_sid: q.assignmentActivitySid,
    assignment_activity_name:
      q.assignmentActivitySid === null
        ? null
        : (ws.activities.get(q.assignmentActivitySid)?.friendlyName ?? null),
    date_created: iso(q.dateCreated),
    date_updated: iso(q.dateUpdated),
    friendly_name: q.friendlyName,
    max_reserved_workers: q.maxReservedWorkers,
    reservation_activity_sid: q.reservationActivitySid,
    reservation_activity_name:
      q.reservationActivitySid === null
        ? null
        : (ws.activities.get(q.reservationActivitySid)?.friendlyName ?? null),
    sid: q.sid,
    target_workers: q.targetWorkers,
    task_order: q.taskOrder,
    url,
    workspace_sid: ws.sid,
    links,
  }
}

/** @internal */
export const workerView = (base: string, ws: WorkspaceState, w: WorkerState): Record<string, unknown> => {
  const wsUrl = workspaceUrl(base, ws)
  const url = `${wsUrl}/Workers/${w.sid}`
  const activity = ws.activities.get(w.activitySid)
  return {
    account_sid: ws.accountSid,
    activity_name: activity?.friendlyName ?? null,
    activity_sid: w.activitySid,
    attributes: w.attributes,
    available: activity?.available ?? false,
    date_created: iso(w.dateCreated),
    date_status_changed: iso(w.dateStatusChanged),
    date_updated: iso(w.dateUpdated),
    friendly_name: w.friendlyName,
    sid: w.sid,
    workspace_sid: ws.sid,
    url,
    links: {
      channels: `${url}/Channels`,
      worker_channels: `${url}/Channels`,
      activity: `${wsUrl}/Activities/${w.activitySid}`,
      workspace: wsUrl,
      reservations: `${url}/Reservations`,
      worker_statistics: `${url}/Statistics`,
      statistics: `${wsUrl}/Workers/Statistics`,
      real_time_statistics: `${wsUrl}/Workers/RealTimeStatistics`,
      cumulative_statistics: `${wsUrl}/Workers/CumulativeStatistics`,
    },
  }
}

/** @internal */
export const workerChannelView = (
  base: string,
  ws: WorkspaceState,
  w: WorkerState,
  c: WorkerChannelState,
): Record<string, unknown> => {
  const capacity = c.configuredCapacity
  const free = Math.max(0, capacity - c.assignedTasks)
  return {
    account_sid: ws.accountSid,
    assigned_tasks: c.assignedTasks,
    available: c.available,
    available_capacity_percentage: capacity > 0 ? Math.floor((free * 100) / capacity) : 0,
    configured_capacity: capacity,
    date_created: iso(c.dateCreated),
    date_updated: iso(c.dateUpdated),
    sid: c.sid,
    task_channel_sid: c.taskChannelSid,
    task_channel_unique_name: ws.taskChannels.get(c.taskChannelSid)?.uniqueName ?? null,
    worker_sid: w.sid,
    workspace_sid: ws.sid,
    url: `${workspaceUrl(base, ws)}/Workers/${w.sid}/Channels/${c.sid}`,
  }
}

/** @internal */
export const workflowView = (base: string, ws: WorkspaceState, f: WorkflowState): Record<string, unknown> => {
  const url = `${workspaceUrl(base, ws)}/Workflows/${f.sid}`
  return {
    account_sid: ws.accountSid,
    assignment_callback_url: f.assignmentCallbackUrl,
    configuration: f.configuration,
    date_created: iso(f.dateCreated),
    date_updated: iso(f.dateUpdated),
    document_content_type: "application/json",
    fallback_assignment_callback_url: f.fallbackAssignmentCallbackUrl,
    friendly_name: f.friendlyName,
    sid: f.sid,
    task_reservation_timeout: f.taskReservationTimeout,
    workspace_sid: ws.sid,
    url,
    links: {
      statistics: `${url}/Statistics`,
      real_time_statistics: `${url}/RealTimeStatistics`,
      cumulative_statistics: `${url}/CumulativeStatistics`,
    },
  }
}

/** @internal */
export const taskView = (
  base: string,
  ws: WorkspaceState,
  t: TaskState,
  now: number,
): Record<string, unknown> => {
  const wsUrl = workspaceUrl(base, ws)
  const url = `${wsUrl}/Tasks/${t.sid}`
  const queue = t.taskQueueSid === null ? undefined : ws.taskQueues.get(t.taskQueueSid)
  const workflow = t.workflowSid === null ? undefined : ws.workflows.get(t.workflowSid)
  const links: Record<string, string> = {}
  if (t.taskQueueSid !== null) links.task_queue = `${wsUrl}/TaskQueues/${t.taskQueueSid}`
  if (t.workflowSid !== null) links.workflow = `${wsUrl}/Workflows/${t.workflowSid}`
  links.workspace = wsUrl
  links.reservations = `${url}/Reservations`
  return {
    account_sid: ws.accountSid,
    age: Math.max(0, Math.floor((now - t.dateCreated) / 1000)),
    assignment_status: t.status,
    attributes: t.attributes,
    addons: t.addons,
    date_created: iso(t.dateCreated),
    date_updated: iso(t.dateUpdated),
    task_queue_entered_date: t.queueEnteredDate === null ? null : iso(t.queueEnteredDate),
    priority: t.priority,
    reason: t.reason,
    sid: t.sid,
    task_queue_sid: t.taskQueueSid,
    task_queue_friendly_name: queue?.friendlyName ?? null,
    task_channel_sid: t.taskChannelSid,
    task_channel_unique_name: ws.taskChannels.get(t.taskChannelSid)?.uniqueName ?? null,
    timeout: t.timeout,
    workflow_sid: t.workflowSid,
    workflow_friendly_name: workflow?.friendlyName ?? null,
    workspace_sid: ws.sid,
    url,
    links,
    virtual_start_time: iso(t.virtualStartTime),
    ignore_capacity: t.ignoreCapacity,
    routing_target: t.routingTarget,
  }
}

/** The reservation as seen from its task (`/Tasks/WT/Reservations/WR`) or its worker. @internal */
export const reservationView = (
  base: string,
  ws: WorkspaceState,
  r: ReservationState,
  via: "task" | "worker",
): Record<string, unknown> => {
  const wsUrl = workspaceUrl(base, ws)
  const worker = ws.workers.get(r.workerSid)
  return {
    account_sid: ws.accountSid,
    date_created: iso(r.dateCreated),
    date_updated: iso(r.dateUpdated),
    reservation_status: r.status,
    sid: r.sid,
    task_sid: r.taskSid,
    worker_name: worker?.friendlyName ?? null,
    worker_sid: r.workerSid,
    workspace_sid: ws.sid,
    url:
      via === "task"
        ? `${wsUrl}/Tasks/${r.taskSid}/Reservations/${r.sid}`
        : `${wsUrl}/Workers/${r.workerSid}/Reservations/${r.sid}`,
    links: {
      task: `${wsUrl}/Tasks/${r.taskSid}`,
      worker: `${wsUrl}/Workers/${r.workerSid}`,
      workspace: wsUrl,
    },
  }
}

const resourcePath: Record<string, string> = {
  task: "Tasks",
  reservation: "Reservations",
  worker: "Workers",
  activity: "Activities",
  workflow: "Workflows",
  task_queue: "TaskQueues",
  task_channel: "TaskChannels",
}

/** The URL of an event's resource or actor. @internal */
export const resourceUrl = (
  base: string,
  ws: WorkspaceState,
  type: string,
  sid: string,
  taskSid: string | null,
): string | null => {
  if (type === "workspace") return workspaceUrl(base, ws)
  if (type === "account") return `${base}/v1/Accounts/${sid}`
  if (type === "reservation" && taskSid !== null)
    return `${workspaceUrl(base, ws)}/Tasks/${taskSid}/Reservations/${sid}`
  const segment = resourcePath[type]
  return segment === undefined ? null : `${workspaceUrl(base, ws)}/${segment}/${sid}`
}

const dateKeys = new Set(["task_date_created", "task_queue_entered_date"])

/** An event's `event_data` as the Event resource shows it: string values, dates in ISO-8601, no nulls. @internal */
export const renderEventData = (data: Readonly<Record<string, unknown>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const key in data) {
    const v = data[key]
    if (v === null || v === undefined) continue
    out[key] = dateKeys.has(key) && typeof v === "number" ? iso(v) : typeof v === "string" ? v : String(v)
  }
  return out
}

/** @internal */
export const eventView = (base: string, ws: WorkspaceState, e: EventState): Record<string, unknown> => ({
  account_sid: ws.accountSid,
  actor_sid: e.actorSid,
  actor_type: e.actorType,
  actor_url: resourceUrl(base, ws, e.actorType, e.actorSid, e.taskSid),
  description: e.description,
  event_data: renderEventData(e.eventData),
  event_date: iso(e.date),
  event_date_ms: e.date,
  event_type: e.eventType,
  resource_sid: e.resourceSid,
  resource_type: e.resourceType,
  resource_url: resourceUrl(base, ws, e.resourceType, e.resourceSid, e.taskSid),
  sid: e.sid,
  source: "twilio",
  source_ip_address: null,
  url: `${workspaceUrl(base, ws)}/Events/${e.sid}`,
  workspace_sid: ws.sid,
})
