/**
 * Task queues with their real-time statistics, and an editor for a queue's target workers expression that
 * validates with the SDK's expression parser before anything is sent (the error is shown where it is).
 */
import { Expression } from "@taskroute/browser"
import { byId, h, replace, table } from "../dom.js"
import { duration } from "../format.js"
import type { ConsoleState, QueueStats, QueueView } from "../state.js"
import { caretView, errorMessage, toast } from "../ui.js"

export interface QueueActions {
  readonly updateTargetWorkers: (queueSid: string, expression: string) => Promise<void>
}

const EMPTY: QueueStats = {
  pending: 0,
  reserved: 0,
  assigned: 0,
  wrapping: 0,
  availableWorkers: 0,
  eligibleWorkers: 0,
  longestWait: 0,
}

const bar = (stats: QueueStats): HTMLElement => {
  const total = stats.pending + stats.reserved + stats.assigned + stats.wrapping
  const element = h("div", { class: "mini-bar", "aria-hidden": "true" })
  if (total === 0) return element
  for (const [value, colour] of [
    [stats.pending, "var(--amber)"],
    [stats.reserved, "var(--blue)"],
    [stats.assigned, "var(--indigo)"],
    [stats.wrapping, "var(--violet)"],
  ] as const) {
    const part = h("span")
    part.style.width = `${(value / total) * 100}%`
    part.style.background = colour
    element.appendChild(part)
  }
  return element
}

export const mountQueues = (state: ConsoleState, actions: QueueActions): void => {
  const host = byId("queues", HTMLDivElement)
  /** The queue being edited, with the text typed so far. */
  let editing: { sid: string; text: string; saving: boolean; serverError: string | undefined } | undefined

  const editor = (queue: QueueView): HTMLElement => {
    const current = editing
    if (current === undefined) return h("div")
    const input = h("input", {
      value: current.text,
      spellcheck: "false",
      "aria-label": `Target workers expression of ${queue.name}`,
      "data-testid": "expression-input",
    })
    const feedback = h("div", { "data-testid": "expression-feedback" })
    const save = h(
      "button",
      { class: "btn primary small", type: "button", "data-testid": "expression-save" },
      "Save",
    )
    const check = () => {
      const text = input.value
      current.text = text
      const error = text.trim() === "" ? undefined : Expression.validate(text)
      input.setAttribute("aria-invalid", error === undefined ? "false" : "true")
      save.disabled = error !== undefined || current.saving || text.trim() === ""
      if (error !== undefined) {
        replace(
          feedback,
          h(
            "div",
            { class: "field-error", "data-testid": "expression-error", "data-position": error.position },
            h("div", {}, error.message),
            caretView(text, error.position),
          ),
        )
      } else if (current.serverError !== undefined) {
        replace(
          feedback,
          h("div", { class: "field-error", "data-testid": "expression-error" }, current.serverError),
        )
      } else {
        replace(
          feedback,
          h("div", { class: "muted" }, "Valid expression. Workers are matched on their attributes."),
        )
      }
    }
    input.addEventListener("input", () => {
      current.serverError = undefined
      check()
    })
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !save.disabled) save.click()
      if (event.key === "Escape") {
        editing = undefined
        state.changed("queues")
      }
    })
    save.addEventListener("click", () => {
      const text = input.value.trim()
      if (Expression.validate(text) !== undefined) return
      current.saving = true
      save.disabled = true
      save.textContent = "Saving…"
      actions
        .updateTargetWorkers(queue.sid, text)
        .then(() => {
          toast(`${queue.name}: target workers updated`)
          editing = undefined
          state.changed("queues")
        })
        .catch((error: unknown) => {
          current.saving = false
          current.serverError = `The service refused it: ${errorMessage(error)}`
          save.textContent = "Save"
          check()
        })
    })
    check()
    queueMicrotask(() => input.focus())
    return h(
      "div",
      { class: "expr-editor", "data-testid": "expression-editor" },
      input,
      feedback,
      h(
        "div",
        { class: "expr-actions" },
        save,
        h(
          "button",
          {
            class: "btn ghost small",
            type: "button",
            on: {
              click: () => {
                editing = undefined
                state.changed("queues")
              },
            },
          },
          "Cancel",
        ),
      ),
    )
  }

  const render = () => {
    // Don't rebuild under the cursor of a person typing an expression: statistics can wait.
    if (editing !== undefined && host.querySelector(".expr-editor input") === document.activeElement) {
      for (const row of host.querySelectorAll<HTMLElement>("tr[data-queue-sid]")) {
        const stats = state.queueStats.get(row.dataset.queueSid ?? "") ?? EMPTY
        for (const cell of row.querySelectorAll<HTMLElement>("[data-stat]")) {
          const key = cell.dataset.stat
          if (key === "longestWait")
            cell.textContent = stats.longestWait > 0 ? duration(stats.longestWait) : "—"
          else if (key !== undefined && key in stats) cell.textContent = String(Reflect.get(stats, key))
        }
      }
      return
    }
    const queues = [...state.queues.values()].sort((a, b) => a.name.localeCompare(b.name))
    if (queues.length === 0) {
      replace(host, h("div", { class: "empty" }, "No task queues."))
      return
    }
    const rows = queues.flatMap((queue) => {
      const stats = state.queueStats.get(queue.sid) ?? EMPTY
      const row = h(
        "tr",
        { "data-queue-sid": queue.sid, "data-queue-name": queue.name, "data-testid": "queue-row" },
        h("td", {}, h("div", { class: "queue-name" }, queue.name), bar(stats)),
        h(
          "td",
          {},
          h(
            "div",
            { class: "expr" },
            h(
              "code",
              { title: queue.targetWorkers, "data-testid": "target-workers" },
              queue.targetWorkers || "1==1",
            ),
            h(
              "button",
              {
                class: "btn small",
                type: "button",
                "data-testid": "edit-expression",
                disabled: editing !== undefined,
                on: {
                  click: () => {
                    editing = {
                      sid: queue.sid,
                      text: queue.targetWorkers,
                      saving: false,
                      serverError: undefined,
                    }
                    state.changed("queues")
                  },
                },
              },
              "Edit",
            ),
          ),
        ),
        h("td", { class: "num", "data-stat": "pending" }, stats.pending),
        h("td", { class: "num", "data-stat": "reserved" }, stats.reserved),
        h("td", { class: "num", "data-stat": "assigned" }, stats.assigned),
        h("td", { class: "num", "data-stat": "availableWorkers" }, stats.availableWorkers),
        h("td", { class: "num", "data-stat": "eligibleWorkers" }, stats.eligibleWorkers),
        h(
          "td",
          { class: "num", "data-stat": "longestWait" },
          stats.longestWait > 0 ? duration(stats.longestWait) : "—",
        ),
      )
      if (editing?.sid !== queue.sid) return [row]
      return [row, h("tr", { class: "editor-row" }, h("td", { colspan: 8 }, editor(queue)))]
    })
    replace(
      host,
      table(
        "table-wrap",
        [
          h("th", {}, "Queue"),
          h("th", {}, "Target workers"),
          h("th", { class: "num" }, "Waiting"),
          h("th", { class: "num" }, "Reserved"),
          h("th", { class: "num" }, "Assigned"),
          h("th", { class: "num" }, "Available"),
          h("th", { class: "num" }, "Eligible"),
          h("th", { class: "num" }, "Longest wait"),
        ],
        rows,
      ),
    )
  }
  state.on("queues", render)
  state.on("stats", render)
}
