/**
 * The tasks that are open right now (pending, reserved, assigned, wrapping), live from `task.*` and
 * `reservation.*` events; finished ones stay a few seconds, faded. Also the "New task" dialog and the cancel
 * action.
 */
import { byId, h, replace, table } from "../dom.js"
import { duration, shortSid } from "../format.js"
import type { ConsoleState, TaskView } from "../state.js"
import { errorMessage, statusPill, toast } from "../ui.js"

export interface NewTask {
  readonly workflowSid: string
  readonly attributes: Readonly<Record<string, unknown>>
  readonly priority: number
  readonly timeout: number
}

export interface TaskActions {
  readonly createTask: (task: NewTask) => Promise<string>
  readonly cancelTask: (taskSid: string) => Promise<void>
}

const OPEN = new Set(["pending", "reserved", "assigned", "wrapping"])
const CANCELLABLE = new Set(["pending", "reserved", "assigned"])

const EXAMPLE_ATTRIBUTES = {
  type: "support",
  channel: "chat",
  language: "en",
  subject: "Where is my order?",
  customer: { name: "Ada Lovelace", tier: "gold" },
  IWD_businessValue: 3,
}

const summary = (task: TaskView): string => {
  const a = task.attributes
  const subject = typeof a.subject === "string" ? a.subject : undefined
  const type = typeof a.type === "string" ? a.type : undefined
  const customer =
    typeof a.customer === "object" && a.customer !== null ? Reflect.get(a.customer, "name") : a.customer
  const who = typeof customer === "string" ? customer : undefined
  const parts = [subject ?? type ?? Object.keys(a).slice(0, 3).join(", "), who].filter(
    (p) => p !== undefined && p !== "",
  )
  return parts.join(" · ")
}

export const mountTasks = (state: ConsoleState, actions: TaskActions): void => {
  const host = byId("active-tasks", HTMLDivElement)
  const subtitle = byId("active-summary", HTMLSpanElement)
  const cancelling = new Set<string>()
  const seen = new Set<string>()

  const render = () => {
    const tasks = [...state.tasks.values()].sort((a, b) => (b.created ?? 0) - (a.created ?? 0))
    const open = tasks.filter((t) => OPEN.has(t.status))
    const counts = new Map<string, number>()
    for (const t of open) counts.set(t.status, (counts.get(t.status) ?? 0) + 1)
    subtitle.textContent =
      open.length === 0
        ? "No open tasks"
        : [...counts.entries()].map(([status, n]) => `${n} ${status}`).join(" · ")
    if (tasks.length === 0) {
      replace(host, h("div", { class: "empty" }, "No open tasks. Create one with “New task”."))
      return
    }
    const rows = tasks.slice(0, 60).map((task) => {
      const agent = state.taskWorker.get(task.sid)
      const fresh = !seen.has(task.sid)
      seen.add(task.sid)
      return h(
        "tr",
        {
          class: OPEN.has(task.status) ? (fresh ? "new" : "") : "fade",
          "data-testid": "task-row",
          "data-task-sid": task.sid,
          "data-status": task.status,
        },
        h("td", { class: "mono", title: task.sid }, shortSid(task.sid)),
        h("td", {}, summary(task)),
        h("td", {}, task.queueName ?? "—"),
        h("td", { class: "num" }, task.priority),
        h("td", {}, statusPill(task.status)),
        h(
          "td",
          { class: "num", "data-created": task.created ?? "" },
          task.created === undefined ? "" : duration((Date.now() - task.created) / 1000),
        ),
        h("td", {}, agent?.name ?? "—"),
        h(
          "td",
          { class: "num" },
          CANCELLABLE.has(task.status)
            ? h(
                "button",
                {
                  class: "btn small danger",
                  type: "button",
                  "data-testid": "cancel-task",
                  disabled: cancelling.has(task.sid),
                  on: {
                    click: () => {
                      cancelling.add(task.sid)
                      state.changed("tasks")
                      actions
                        .cancelTask(task.sid)
                        .then(() => toast(`Task ${shortSid(task.sid)} canceled`))
                        .catch((error: unknown) => toast(`Could not cancel: ${errorMessage(error)}`, "error"))
                        .finally(() => {
                          cancelling.delete(task.sid)
                          state.changed("tasks")
                        })
                    },
                  },
                },
                "Cancel",
              )
            : null,
        ),
      )
    })
    replace(
      host,
      table(
        "table-wrap",
        [
          h("th", {}, "Task"),
          h("th", {}, "Summary"),
          h("th", {}, "Queue"),
          h("th", { class: "num" }, "Priority"),
          h("th", {}, "Status"),
          h("th", { class: "num" }, "Age"),
          h("th", {}, "Agent"),
          h("th", {}),
        ],
        rows,
      ),
    )
  }
  state.on("tasks", render)
  setInterval(() => {
    for (const td of host.querySelectorAll<HTMLElement>("td[data-created]")) {
      const created = Number(td.dataset.created)
      if (created > 0) td.textContent = duration((Date.now() - created) / 1000)
    }
  }, 1000)

  // ---- the "New task" dialog ----
  const dialog = byId("task-dialog", HTMLDialogElement)
  const form = byId("task-form", HTMLFormElement)
  const workflow = byId("task-workflow", HTMLSelectElement)
  const attributes = byId("task-attributes", HTMLTextAreaElement)
  const attributesError = byId("task-attributes-error", HTMLDivElement)
  const priority = byId("task-priority", HTMLInputElement)
  const timeout = byId("task-timeout", HTMLInputElement)
  const submit = byId("task-submit", HTMLButtonElement)
  const open = byId("new-task", HTMLButtonElement)

  const parseAttributes = (): Readonly<Record<string, unknown>> | string => {
    let value: unknown
    try {
      value = JSON.parse(attributes.value)
    } catch (error) {
      return `Attributes must be JSON: ${error instanceof Error ? error.message : String(error)}`
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return 'Attributes must be a JSON object, like {"type": "support"}'
    }
    return Object.fromEntries(Object.entries(value))
  }

  const showAttributesError = () => {
    const parsed = parseAttributes()
    attributesError.hidden = typeof parsed !== "string"
    attributesError.textContent = typeof parsed === "string" ? parsed : ""
    submit.disabled = typeof parsed === "string" || workflow.value === ""
  }

  state.on("workflows", () => {
    replace(
      workflow,
      state.workflows.map((w) => h("option", { value: w.sid }, w.name)),
    )
    open.disabled = state.workflows.length === 0
  })
  open.addEventListener("click", () => {
    attributes.value = JSON.stringify(EXAMPLE_ATTRIBUTES, null, 2)
    showAttributesError()
    dialog.showModal()
  })
  attributes.addEventListener("input", showAttributesError)
  byId("task-cancel", HTMLButtonElement).addEventListener("click", () => dialog.close())
  form.addEventListener("submit", (event) => {
    event.preventDefault()
    const parsed = parseAttributes()
    if (typeof parsed === "string") {
      showAttributesError()
      return
    }
    submit.disabled = true
    submit.textContent = "Creating…"
    actions
      .createTask({
        workflowSid: workflow.value,
        attributes: parsed,
        priority: Number(priority.value) || 0,
        timeout: Number(timeout.value) || 3600,
      })
      .then((sid) => {
        dialog.close()
        toast(`Task ${shortSid(sid)} created`)
      })
      .catch((error: unknown) => {
        attributesError.hidden = false
        attributesError.textContent = `The service refused the task: ${errorMessage(error)}`
      })
      .finally(() => {
        submit.disabled = false
        submit.textContent = "Create task"
      })
  })
}
