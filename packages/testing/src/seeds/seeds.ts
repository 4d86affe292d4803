/**
 * The emulator's seeds. `empty`: one workspace as the service creates it. `demo`: a small contact centre with
 * activities (incl. Break), queues Sales / Support / Billing over skills and languages, the "Contact Centre"
 * workflow, 20 workers and tasks in every state. Deterministic for a given PRNG seed.
 *
 * @internal
 */
import { acceptReservation, cancelTask, completeTask, wrapTask } from "../routing/assignment.js"
import { parseWorkflowConfig } from "../routing/workflowConfig.js"
import type { Engine } from "../store/engine.js"
import type { AccountState, TaskState, WorkspaceState } from "../store/model.js"
import {
  addActivity,
  addQueue,
  addTask,
  addWorker,
  addWorkflow,
  createWorkspace,
} from "../store/resources.js"

/** Builds a seed into `account` and returns its workspace. @internal */
export const buildSeed = (e: Engine, account: AccountState, seed: "empty" | "demo"): WorkspaceState =>
  seed === "demo" ? buildDemo(e, account) : createWorkspace(e, account, { friendlyName: "taskroute" })

const workerNames = [
  "Alice",
  "Bob",
  "Carla",
  "Dmitri",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Keiko",
  "Liam",
  "Maya",
  "Nikolai",
  "Olga",
  "Pedro",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
]

const skillSets: ReadonlyArray<ReadonlyArray<string>> = [
  ["sales"],
  ["support"],
  ["billing"],
  ["sales", "support"],
  ["support", "billing"],
]

const languageSets: ReadonlyArray<ReadonlyArray<string>> = [
  ["en"],
  ["en", "es"],
  ["en", "fr"],
  ["de", "en"],
  ["es"],
]

/** Available workers of the demo (by index into `workerNames`). */
const availableWorkers = new Set([0, 1, 2, 3, 6, 11])

const taskTypes: ReadonlyArray<string> = ["sales", "support", "billing", "support", "sales", "support"]
const customerValues: ReadonlyArray<string> = ["Gold", "Silver", "Bronze"]
const queueNames: ReadonlyArray<string> = [
  "Sales",
  "Support",
  "Billing",
  "iWD_Rejected",
  "Support",
  "iWD_Canceled",
]

const buildDemo = (e: Engine, account: AccountState): WorkspaceState => {
  const ws = createWorkspace(e, account, { friendlyName: "Contact Centre" })
  const byName = (name: string) => {
    for (const a of ws.activities.values()) if (a.friendlyName === name) return a.sid
    return ws.defaultActivitySid
  }
  const available = byName("Available")
  const offline = byName("Offline")
  const unavailable = byName("Unavailable")
  const breakActivity = addActivity(e, ws, "Break", false).sid
  const sales = addQueue(e, ws, { friendlyName: "Sales", targetWorkers: "skills HAS 'sales'" })
  const support = addQueue(e, ws, {
    friendlyName: "Support",
    targetWorkers: "skills HAS 'support' AND (languages HAS 'en' OR languages HAS 'es')",
    maxReservedWorkers: 1,
  })
  const billing = addQueue(e, ws, {
    friendlyName: "Billing",
    targetWorkers: "skills HAS 'billing' AND languages HAS 'en'",
    taskOrder: "FIFO",
  })
  const configuration = JSON.stringify({
    task_routing: {
      filters: [
        { filter_friendly_name: "Sales", expression: "type == 'sales'", targets: [{ queue: sales.sid }] },
        {
          filter_friendly_name: "Gold Support",
          expression: "type == 'support' AND customer_value == 'Gold'",
          targets: [{ queue: support.sid, priority: 10 }],
        },
        {
          filter_friendly_name: "Support",
          expression: "type == 'support'",
          targets: [{ queue: support.sid }],
        },
        {
          filter_friendly_name: "Billing",
          expression: "type == 'billing'",
          targets: [{ queue: billing.sid }],
        },
      ],
      default_filter: { queue: support.sid },
    },
  })
  const config = parseWorkflowConfig(configuration, (sid) => ws.taskQueues.has(sid))
  if (typeof config === "string") throw new Error(`demo seed: ${config}`)
  const workflow = addWorkflow(e, ws, {
    friendlyName: "Contact Centre",
    configuration,
    config,
    taskReservationTimeout: 1800,
  })

  workerNames.forEach((name, i) => {
    const attributes = {
      skills: skillSets[i % skillSets.length],
      languages: languageSets[(i * 3) % languageSets.length],
      level: (i % 5) + 1,
      contact_uri: `client:${name.toLowerCase()}`,
    }
    const activitySid = availableWorkers.has(i)
      ? available
      : i % 7 === 4
        ? breakActivity
        : i % 7 === 5
          ? unavailable
          : offline
    addWorker(e, ws, {
      friendlyName: name,
      activitySid,
      attributes: JSON.stringify(attributes),
      parsedAttributes: attributes,
    })
  })
  e.settle()

  const tasks: Array<TaskState> = []
  for (let i = 0; i < 24; i++) {
    const day = 1 + ((i * 5) % 28)
    const month = i % 3 === 0 ? 5 : i % 3 === 1 ? 6 : 7
    const attributes = {
      type: taskTypes[i % taskTypes.length],
      customer_value: customerValues[i % customerValues.length],
      queue: queueNames[i % queueNames.length],
      IWD_businessValue: (i % 5) + 1,
      completed_at: `2020-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T${String(8 + (i % 9)).padStart(2, "0")}:30:00Z`,
      customer: `Customer ${i + 1}`,
      subject: `Request ${i + 1}`,
    }
    tasks.push(
      addTask(e, ws, {
        attributes: JSON.stringify(attributes),
        priority: 0,
        timeout: 86_400,
        taskChannelSid: [...ws.taskChannels.values()][0]?.sid ?? "",
        via: { workflow },
      }),
    )
    e.settle()
  }

  // Move some reserved tasks on: accepted (assigned), wrapping, completed; cancel two pending ones.
  const reserved = tasks.filter((t) => t.status === "reserved")
  const pendingReservation = (t: TaskState) => t.reservations?.find((r) => r.status === "pending")
  reserved.slice(0, 4).forEach((t, i) => {
    const r = pendingReservation(t)
    if (r === undefined) return
    acceptReservation(e, ws, r)
    e.settle()
    if (i === 1) wrapTask(e, ws, t, "task")
    if (i === 2) completeTask(e, ws, t, "Customer helped", "task")
    e.settle()
  })
  const pending = tasks.filter((t) => t.status === "pending")
  for (const t of pending.slice(-2)) cancelTask(e, ws, t, "Customer hung up")
  e.settle()
  return ws
}
