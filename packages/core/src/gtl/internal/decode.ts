import { isRecord } from "../../internal/guards.js"
import type { GtlAttributeInfo } from "../GtlAttributes.js"
import type { GtlAttribute, GtlColumn, GtlPage, GtlTask } from "../GtlPage.js"
import type { IwdMessage } from "../GtlError.js"

const attribute = (u: unknown): GtlAttribute | undefined => {
  if (!isRecord(u) || !("value" in u)) return undefined
  return {
    value: u.value,
    ...("display_value" in u ? { displayValue: u.display_value } : {}),
    ...(typeof u.tooltip === "string" ? { tooltip: u.tooltip } : {}),
  }
}

const category = (u: unknown): Record<string, GtlAttribute> => {
  const out: Record<string, GtlAttribute> = {}
  if (!isRecord(u)) return out
  for (const [name, value] of Object.entries(u)) {
    const a = attribute(value)
    if (a !== undefined) out[name] = a
  }
  return out
}

const column = (u: unknown): GtlColumn | undefined => {
  if (!isRecord(u) || typeof u.name !== "string") return undefined
  const direction = u.sorted
  const sorted: { sorted?: "ascending" | "descending" } =
    direction === "ascending" || direction === "descending" ? { sorted: direction } : {}
  return {
    name: u.name,
    label: typeof u.label === "string" ? u.label : u.name,
    type: typeof u.type === "string" ? u.type : "string",
    sortable: u.sortable === true,
    ...sorted,
    category: typeof u.category === "string" ? u.category : "core",
  }
}

const task = (u: unknown): GtlTask => {
  const r = isRecord(u) ? u : {}
  return { core: category(r.core), ext: category(r.ext), data: category(r.data) }
}

/** Decodes a 200 body; a string describing the problem when it is not a GTL page. */
export const decodePage = (body: string, requestedPage: number, redirected: boolean): GtlPage | string => {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return "the response body is not JSON"
  }
  if (!isRecord(json)) return "the response body is not a JSON object"
  const { page, tasks_per_page, total_tasks, snapshot_id, columns, tasks } = json
  if (typeof page !== "number" || typeof tasks_per_page !== "number" || typeof total_tasks !== "number") {
    return "the response lacks page, tasks_per_page or total_tasks"
  }
  if (!Array.isArray(tasks)) return "the response lacks the tasks list"
  return {
    page,
    requestedPage,
    redirected: redirected || page !== requestedPage,
    tasksPerPage: tasks_per_page,
    totalTasks: total_tasks,
    snapshotId: typeof snapshot_id === "string" ? snapshot_id : String(snapshot_id ?? ""),
    columns: Array.isArray(columns) ? columns.flatMap((c) => column(c) ?? []) : [],
    tasks: tasks.map(task),
  }
}

/** Decodes an iWD message list (an array, or an object with `messages`); empty when the body has none. */
export const decodeMessages = (body: string): ReadonlyArray<IwdMessage> => {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return []
  }
  const list = Array.isArray(json)
    ? json
    : isRecord(json) && Array.isArray(json.messages)
      ? json.messages
      : []
  return list.flatMap((m: unknown) =>
    isRecord(m) && typeof m.message === "string"
      ? [
          {
            severity: typeof m.severity === "string" ? m.severity : "ERROR",
            message_id: typeof m.message_id === "string" ? m.message_id : "",
            args: isRecord(m.args) ? m.args : {},
            message: m.message,
          },
        ]
      : [],
  )
}

const attributeInfo = (u: unknown): GtlAttributeInfo | undefined => {
  if (!isRecord(u) || typeof u.name !== "string") return undefined
  const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined)
  const values = Array.isArray(u.values)
    ? u.values.flatMap((v: unknown) =>
        isRecord(v) && "value" in v ? [{ value: v.value, label: text(v.label) ?? String(v.value) }] : [],
      )
    : undefined
  const columnLabel = text(u.column_label) ?? text(u.filter_label) ?? u.name
  return {
    name: u.name,
    columnLabel,
    filterLabel: text(u.filter_label) ?? columnLabel,
    type: text(u.type) ?? "string",
    category: text(u.category) ?? "data",
    filterable: u.filterable === true,
    ...(typeof u.column_name === "string" ? { columnName: u.column_name } : {}),
    ...(values === undefined ? {} : { values }),
    ...(typeof u.editable_list === "boolean" ? { editableList: u.editable_list } : {}),
  }
}

/** Decodes the 200 body of `GET /gtl/attributes/{dbid}`; a string describing the problem when it is not a list. */
export const decodeAttributes = (body: string): ReadonlyArray<GtlAttributeInfo> | string => {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return "the response body is not JSON"
  }
  if (!Array.isArray(json)) return "the response body is not a JSON array of attributes"
  return json.flatMap((a: unknown) => attributeInfo(a) ?? [])
}
