/**
 * The Global Task List: a QL search box (parsed with the SDK's `parseQl` before anything is sent; a parse
 * error is shown with a caret where it is) and a table with numbered pages over the server's snapshot.
 */
import { parseQl, Ql } from "@taskroute/browser"
import { byId, h, replace, table } from "../dom.js"
import { cell, isRecord } from "../format.js"
import { caretView, errorMessage, toast } from "../ui.js"

/** A column of the answer, as the SDK gives it. */
export interface SearchColumn {
  readonly name: string
  readonly label: string
  readonly type: string
  readonly category: string
  readonly sorted?: string | undefined
}

/** A page of results with its snapshot, as the SDK's `GlobalTaskList` gives it. */
export interface SearchPage {
  readonly page: number
  readonly tasksPerPage: number
  readonly totalTasks: number
  readonly snapshotId: string
  readonly redirected: boolean
  readonly columns: ReadonlyArray<SearchColumn>
  readonly tasks: ReadonlyArray<object>
  /** Another page of the same snapshot. */
  readonly goTo: (page: number) => Promise<SearchPage>
  /** Releases the snapshot. */
  readonly release: () => Promise<void>
}

export interface SearchActions {
  /** Takes a new snapshot for these QL items and returns its first page. */
  readonly search: (items: ReadonlyArray<Ql.QlItem>) => Promise<SearchPage>
  /** Column labels to column names, for the text the person types (from the API's attribute catalogue). */
  readonly labels: () => Promise<Readonly<Record<string, string>>>
}

/** `1 … 4 5 [6] 7 8 … 20`. */
const pageList = (current: number, last: number): ReadonlyArray<number | "gap"> => {
  const pages = new Set<number>([1, last, current - 2, current - 1, current, current + 1, current + 2])
  const sorted = [...pages].filter((p) => p >= 1 && p <= last).sort((a, b) => a - b)
  const out: Array<number | "gap"> = []
  for (const p of sorted) {
    const previous = out[out.length - 1]
    if (typeof previous === "number" && p - previous > 1) out.push("gap")
    out.push(p)
  }
  return out
}

const attributeOf = (task: object, column: SearchColumn) => {
  const group: unknown = Reflect.get(task, column.category)
  const attribute = isRecord(group) ? group[column.name] : undefined
  return isRecord(attribute) ? attribute : undefined
}

/** Colours of the iWD lifecycle: queued, assigned, completed, canceled, rejected. */
const lifecycleTone = (value: string): string => {
  const v = value.toLowerCase()
  if (v.includes("reject")) return "tone-rose"
  if (v.includes("cancel")) return "tone-slate"
  if (v.includes("complet")) return "tone-green"
  if (v.includes("assign")) return "tone-indigo"
  if (v.includes("queue")) return "tone-amber"
  return "tone-blue"
}

const renderCell = (task: object, column: SearchColumn): HTMLElement => {
  const attribute = attributeOf(task, column)
  if (attribute === undefined) return h("td", { class: "muted" }, "")
  const value = attribute.value
  const display = attribute.displayValue ?? attribute.display_value
  const tooltip = typeof attribute.tooltip === "string" ? attribute.tooltip : undefined
  if (column.type === "img" && typeof value === "string") {
    return h(
      "td",
      { title: tooltip ?? "" },
      h("img", { src: value, alt: tooltip ?? "", width: 16, height: 16 }),
    )
  }
  let text = cell(display ?? value)
  if (column.type === "date" && typeof value === "string") {
    const date = new Date(value)
    if (!Number.isNaN(date.getTime())) text = date.toISOString().replace("T", " ").slice(0, 16)
  }
  if (column.name === "queue" || column.name === "status") {
    return h("td", { title: tooltip ?? "" }, h("span", { class: `badge ${lifecycleTone(text)}` }, text))
  }
  const kind = column.type === "int" ? "num" : column.name === "id" ? "mono" : ""
  return h("td", { class: kind, title: tooltip ?? "" }, text)
}

export const mountSearch = (actions: SearchActions, example: string): void => {
  const form = byId("search-form", HTMLFormElement)
  const input = byId("ql", HTMLInputElement)
  const errorBox = byId("ql-error", HTMLDivElement)
  const results = byId("search-results", HTMLDivElement)
  let current: SearchPage | undefined
  /** The QL text of the shown results (on the results as `data-query`). */
  let currentQuery = ""
  let busy = false
  /** A search asked for while another ran: it runs when that one ends (a click is never dropped). */
  let again = false
  let labels: Readonly<Record<string, string>> | undefined

  const showError = (message: string, text?: string, position?: number) => {
    errorBox.hidden = false
    replace(
      errorBox,
      h("div", { "data-testid": "ql-error-message" }, message),
      text === undefined || position === undefined ? null : caretView(text, position),
    )
    if (position !== undefined) errorBox.dataset.position = String(position)
    else delete errorBox.dataset.position
  }

  const render = (page: SearchPage) => {
    const last = Math.max(1, Math.ceil(page.totalTasks / page.tasksPerPage))
    const first = page.totalTasks === 0 ? 0 : (page.page - 1) * page.tasksPerPage + 1
    const to = Math.min(page.totalTasks, page.page * page.tasksPerPage)
    const goTo = (n: number) => {
      if (busy || current === undefined) return
      busy = true
      current
        .goTo(n)
        .then((next) => {
          current = next
          render(next)
        })
        .catch((error: unknown) => showError(`Could not open page ${n}: ${errorMessage(error)}`))
        .finally(() => {
          busy = false
        })
    }
    const resultTable =
      page.tasks.length === 0
        ? h("div", { class: "empty" }, "No task matches this query.")
        : table(
            "results-scroll",
            page.columns.map((c) =>
              h(
                "th",
                { class: c.type === "int" ? "num" : "" },
                c.label,
                c.sorted === undefined ? "" : c.sorted === "ascending" ? " ↑" : " ↓",
              ),
            ),
            page.tasks.map((task) =>
              h(
                "tr",
                { "data-testid": "search-row" },
                page.columns.map((c) => renderCell(task, c)),
              ),
            ),
          )
    const pager = h(
      "nav",
      { class: "pager", "aria-label": "Pages", "data-testid": "pager" },
      h(
        "button",
        {
          type: "button",
          disabled: page.page <= 1,
          "data-testid": "page-previous",
          on: { click: () => goTo(page.page - 1) },
        },
        "‹ Previous",
      ),
      pageList(page.page, last).map((p) =>
        p === "gap"
          ? h("span", { class: "gap" }, "…")
          : h(
              "button",
              {
                type: "button",
                "data-page": p,
                "aria-current": p === page.page ? "page" : false,
                on: { click: () => goTo(p) },
              },
              p,
            ),
      ),
      h(
        "button",
        {
          type: "button",
          disabled: page.page >= last,
          "data-testid": "page-next",
          on: { click: () => goTo(page.page + 1) },
        },
        "Next ›",
      ),
    )
    replace(
      results,
      h(
        "div",
        {
          class: "results-meta",
          "data-testid": "results-meta",
          "data-page": page.page,
          "data-query": currentQuery,
          "data-total": page.totalTasks,
          "data-pages": last,
        },
        h("strong", {}, page.totalTasks === 0 ? "No results" : `${first}–${to} of ${page.totalTasks} tasks`),
        h("span", {}, `page ${page.page} of ${last}`),
        h("span", { class: "mono", title: "Snapshot id" }, `snapshot ${page.snapshotId}`),
        page.redirected ? h("span", { class: "badge tone-amber" }, "redirected to the last page") : null,
      ),
      resultTable,
      last > 1 ? pager : null,
    )
  }

  const run = async (): Promise<void> => {
    if (busy) {
      again = true
      return
    }
    const text = input.value.trim()
    labels ??= await actions.labels().catch(() => ({}))
    let items: ReadonlyArray<Ql.QlItem>
    try {
      items = parseQl(text, { columns: labels })
    } catch (error) {
      if (error instanceof Ql.QlError) {
        showError(error.message, text, error.offset)
        return
      }
      throw error
    }
    errorBox.hidden = true
    busy = true
    const previous = current
    try {
      const page = await actions.search(items)
      current = page
      currentQuery = text
      render(page)
      // The old snapshot is of no use any more: let the server free it.
      previous?.release().catch(() => {})
    } catch (error) {
      showError(`The server refused the query: ${errorMessage(error)}`)
    } finally {
      busy = false
    }
    if (again) {
      again = false
      await run()
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault()
    run().catch((error: unknown) => toast(errorMessage(error), "error"))
  })
  byId("ql-example", HTMLButtonElement).addEventListener("click", () => {
    input.value = example
    run().catch((error: unknown) => toast(errorMessage(error), "error"))
  })
  byId("ql-clear", HTMLButtonElement).addEventListener("click", () => {
    input.value = ""
    run().catch((error: unknown) => toast(errorMessage(error), "error"))
  })
  run().catch((error: unknown) => toast(errorMessage(error), "error"))
}
