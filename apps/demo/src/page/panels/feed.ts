/** The live event feed: the workspace's events as they arrive, newest first, in words. */
import { byId, h } from "../dom.js"
import { clock, isRecord, shortSid } from "../format.js"

const MAX_ITEMS = 80

const tone = (type: string): string => {
  if (type.startsWith("worker.")) return "tone-green"
  if (type.startsWith("reservation.")) return "tone-blue"
  if (type.startsWith("task-queue.")) return "tone-violet"
  if (type.startsWith("task.")) return "tone-indigo"
  if (type === "connected" || type === "ready") return "tone-green"
  if (type === "disconnected" || type === "token.expired" || type === "error") return "tone-rose"
  return "tone-slate"
}

const field = (payload: unknown, ...keys: ReadonlyArray<string>): string | undefined => {
  if (!isRecord(payload)) return undefined
  for (const key of keys) {
    const v = payload[key]
    if (typeof v === "string" && v !== "") return v
  }
  return undefined
}

/** A sentence for an event. */
export const describe = (type: string, payload: unknown): string => {
  const worker = field(payload, "workerName", "friendlyName")
  const taskSid = field(payload, "taskSid", "sid")
  const task = taskSid === undefined ? "a task" : `task ${shortSid(taskSid)}`
  switch (type) {
    case "worker.activity.update":
      return `${field(payload, "friendlyName") ?? "A worker"} is now ${field(payload, "activityName") ?? "?"}`
    case "worker.attributes.update":
      return `${field(payload, "friendlyName") ?? "A worker"}'s attributes changed`
    case "worker.created":
      return `New worker ${field(payload, "friendlyName") ?? ""}`
    case "task.created":
      return `New ${task}${field(payload, "taskQueueFriendlyName") === undefined ? "" : ` in ${field(payload, "taskQueueFriendlyName")}`}`
    case "task.canceled":
      return `${capital(task)} canceled${field(payload, "reason") === undefined ? "" : `: ${field(payload, "reason")}`}`
    case "task.completed":
      return `${capital(task)} completed`
    case "task.wrapup":
      return `${capital(task)} is wrapping up`
    case "task.updated":
      return `${capital(task)} is ${field(payload, "assignmentStatus") ?? "updated"}`
    case "task-queue.entered":
      return `${capital(task)} entered ${field(payload, "taskQueueFriendlyName") ?? "a queue"}`
    case "task-queue.expression.updated":
      return `${field(payload, "friendlyName") ?? "A queue"}: target workers changed`
    case "reservation.created":
      return `${capital(task)} offered to ${worker ?? "a worker"}`
    case "reservation.accepted":
      return `${worker ?? "A worker"} accepted ${task}`
    case "reservation.rejected":
      return `${worker ?? "A worker"} rejected ${task}`
    case "reservation.timeout":
      return `${worker ?? "A worker"} did not answer ${task}`
    case "reservation.canceled":
    case "reservation.rescinded":
      return `Offer of ${task} to ${worker ?? "a worker"} withdrawn`
    case "reservation.completed":
      return `${worker ?? "A worker"} finished ${task}`
    case "reservation.wrapup":
      return `${worker ?? "A worker"} wraps up ${task}`
    case "workflow.target-matched":
      return `${capital(task)} matched a routing target`
    default:
      return field(payload, "friendlyName") ?? (taskSid === undefined ? "" : task)
  }
}

const capital = (text: string): string => `${text.slice(0, 1).toUpperCase()}${text.slice(1)}`

export interface Feed {
  readonly add: (type: string, payload: unknown) => void
}

export const mountFeed = (): Feed => {
  const list = byId("feed", HTMLOListElement)
  const count = byId("feed-count", HTMLSpanElement)
  const empty = byId("feed-empty", HTMLParagraphElement)
  let total = 0
  return {
    add: (type, payload) => {
      total++
      empty.hidden = true
      count.textContent = `${total} received`
      const item = h(
        "li",
        { "data-event-type": type, "data-testid": "feed-item" },
        h("time", {}, clock(new Date())),
        h(
          "div",
          {},
          h("span", { class: `event-type ${tone(type)}` }, type),
          h("span", { class: "event-text" }, describe(type, payload)),
        ),
      )
      list.insertBefore(item, list.firstChild)
      while (list.children.length > MAX_ITEMS) list.lastElementChild?.remove()
    },
  }
}
