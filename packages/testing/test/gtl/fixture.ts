import { TaskRouteError } from "@taskroute/core"
import { assert } from "vitest"
import * as GtlSource from "../../src/gtl/GtlSource.js"

export const ACCOUNT = `AC${"a".repeat(32)}`
export const OTHER_ACCOUNT = `AC${"b".repeat(32)}`
export const SOLUTION = 101

/** The seed's example query text and the labels it uses. */
export const SEED_TEXT =
  "Queue IN ( 'iWD_Rejected' , 'iWD_Canceled' ) and 'Business Value' in ( 1, 2, 3) and 'Completed Date' <= 2020-06-16"
export const SEED_COLUMNS = {
  Queue: "queue",
  "Business Value": "IWD_businessValue",
  "Completed Date": "completed_at",
}

/** The TaskRouteError a promise rejects with (fails the test when it resolves or rejects with anything else). */
export const rejection = async (p: Promise<unknown>): Promise<TaskRouteError> => {
  try {
    await p
  } catch (e) {
    if (TaskRouteError.is(e)) return e
    throw e
  }
  return assert.fail("expected a rejection")
}
const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, "0")}`

export const WORKFLOWS = [
  { sid: sid("WW", 1), friendly_name: "Sales" },
  { sid: sid("WW", 2), friendly_name: "Support" },
]
export const QUEUES = [
  { sid: sid("WQ", 1), friendly_name: "Orders" },
  { sid: sid("WQ", 2), friendly_name: "Returns" },
]
export const CHANNELS = [
  { sid: sid("TC", 1), unique_name: "default", friendly_name: "Default" },
  { sid: sid("TC", 2), unique_name: "voice", friendly_name: "Voice" },
  { sid: sid("TC", 3), unique_name: "chat", friendly_name: "chat" },
]

const STATUSES = ["pending", "reserved", "assigned", "wrapping", "completed", "canceled"] as const

const iso = (millis: number) => `${new Date(millis).toISOString().slice(0, 19)}Z`

/** Task number i: deterministic fields spread over statuses, queues, channels and days. */
export const makeTask = (i: number, overrides: Record<string, unknown> = {}) => {
  const status = STATUSES[i % STATUSES.length] ?? "pending"
  const workflow = WORKFLOWS[i % 2] ?? WORKFLOWS[0]
  const queue = QUEUES[i % 2] ?? QUEUES[0]
  const channel = CHANNELS[i % 3] ?? CHANNELS[0]
  const created = Date.UTC(2020, 5, 10) + i * 3_600_000 * 7
  const attributes: Record<string, unknown> = {
    businessValue: (i % 5) + 1,
    customer: `c${i % 4}`,
    amount: (i * 37) % 100,
  }
  if (i % 3 === 0) attributes.captureId = `cap-${i}`
  const base = {
    sid: sid("WT", i + 1),
    assignment_status: status,
    reason: status === "canceled" ? (i % 4 === 0 ? "Rejected by back office" : "Customer hung up") : null,
    priority: (i * 7) % 11,
    date_created: iso(created),
    date_updated: iso(created + 3_600_000),
    task_queue_entered_date: iso(created),
    age: 100,
    timeout: 86400,
    workflow_sid: workflow?.sid,
    workflow_friendly_name: workflow?.friendly_name,
    task_queue_sid: queue?.sid,
    task_queue_friendly_name: queue?.friendly_name,
    task_channel_sid: channel?.sid,
    task_channel_unique_name: channel?.unique_name,
    attributes: JSON.stringify(attributes),
  }
  return Object.assign(base, overrides)
}

export const makeSource = (count: number) => {
  const source = GtlSource.makeMemorySource()
  source.addSolution({
    accountSid: ACCOUNT,
    workspaceSid: sid("WS", 1),
    solutionDbid: SOLUTION,
    workspace: { friendly_name: "Contact centre" },
    workflows: WORKFLOWS,
    taskQueues: QUEUES,
    taskChannels: CHANNELS,
  })
  source.insertTasks(
    ACCOUNT,
    SOLUTION,
    Array.from({ length: count }, (_, i) => makeTask(i)),
  )
  return source
}
