// Real SIDs of the emulator's demo seed for the seed's placeholders, and spare resources the "delete through the
// list" examples may delete. Plain REST calls (fetch + Basic auth), so both runners can use it without the SDK.
import type { SidRole } from "./expectations.js"

export interface Door {
  readonly url: string
  readonly accountSid: string
  readonly authToken: string
  readonly workspaceSid: string
}

type Item = { readonly sid: string; readonly friendly_name?: string; readonly assignment_status?: string }

const call = async (door: Door, method: "GET" | "POST", path: string, form?: Record<string, string>) => {
  const response = await fetch(`${door.url}/v1/Workspaces/${door.workspaceSid}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${door.accountSid}:${door.authToken}`).toString("base64")}`,
      ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
    },
    ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
  })
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`)
  return (await response.json()) as Record<string, unknown>
}

const list = async (door: Door, path: string, key: string): Promise<ReadonlyArray<Item>> => {
  const body = await call(door, "GET", `${path}?PageSize=1000`)
  return (body[key] ?? []) as ReadonlyArray<Item>
}

const sidOf = (body: Record<string, unknown>): string => String(body.sid)

/** Looks up (and creates) the resources the placeholders stand for. */
export const rolesOf = async (door: Door): Promise<Partial<Record<SidRole, string>>> => {
  const activities = await list(door, "/Activities", "activities")
  const named = (name: string) => String(activities.find((a) => a.friendly_name === name)?.sid)
  const queues = await list(door, "/TaskQueues", "task_queues")
  const sales = String(queues.find((q) => q.friendly_name === "Sales")?.sid)
  const workflows = await list(door, "/Workflows", "workflows")
  const tasks = await list(door, "/Tasks", "tasks")
  const workers = await list(door, "/Workers", "workers")
  const pending = tasks.find((t) => t.assignment_status === "pending") ?? tasks[0]
  return {
    activity: named("Break"),
    availableActivity: named("Available"),
    spareActivity: sidOf(await call(door, "POST", "/Activities", { FriendlyName: "Spare activity" })),
    workflow: String(workflows[0]?.sid),
    spareWorkflow: sidOf(
      await call(door, "POST", "/Workflows", {
        FriendlyName: "Spare workflow",
        Configuration: JSON.stringify({ task_routing: { default_filter: { queue: sales } } }),
      }),
    ),
    queue: sales,
    spareQueue: sidOf(
      await call(door, "POST", "/TaskQueues", { FriendlyName: "Spare queue", TargetWorkers: "1==1" }),
    ),
    worker: String(workers[0]?.sid),
    spareWorker: sidOf(await call(door, "POST", "/Workers", { FriendlyName: "Spare worker" })),
    task: String(tasks[0]?.sid),
    pendingTask: String(pending?.sid),
  }
}

/** The number of items of a list (for the "each instance" examples). */
export const countOf = async (door: Door, collection: string): Promise<number> => {
  const key = collection === "taskqueues" ? "task_queues" : collection
  const path = {
    activities: "/Activities",
    workflows: "/Workflows",
    taskqueues: "/TaskQueues",
    workers: "/Workers",
    tasks: "/Tasks",
  }[collection]
  if (path === undefined) throw new Error(`unknown collection ${collection}`)
  return (await list(door, path, key)).length
}
