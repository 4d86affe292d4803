/**
 * The mapping of TaskRouter task fields to GTL attributes (see the table in GtlApi.ts), the rows the search
 * runs on, and the rendering of attribute values.
 *
 * @internal
 */
import { field, numberField, parseAttributes, stringField } from "./wire.js"

export type Category = "core" | "ext" | "data"
export type AttributeType = "string" | "date" | "int" | "img"

/** A core or ext attribute. `column` is the database column name QL items use (undefined: not queryable). */
export interface AttributeDef {
  readonly category: Category
  readonly name: string
  readonly label: string
  readonly type: AttributeType
  readonly column: string | undefined
  readonly sortable: boolean
}

const def = (
  category: Category,
  name: string,
  label: string,
  type: AttributeType,
  column: string | undefined,
  sortable = true,
): AttributeDef => ({ category, name, label, type, column, sortable })

/** Core and ext attributes, in their documented order. */
export const CATALOG: ReadonlyArray<AttributeDef> = [
  def("core", "id", "ID", "string", "id"),
  def("core", "captureId", "Capture ID", "string", "IWD_captureId"),
  def("core", "mediaIcon", "Media", "img", undefined, false),
  def("core", "mediaType", "Media Type", "string", "media_type"),
  def("core", "channel", "Channel", "string", "IWD_channel"),
  def("core", "queue", "Queue", "string", "queue"),
  def("core", "status", "Status", "string", "IWD_status"),
  def("core", "priority", "Priority", "int", "IWD_priority"),
  def("core", "businessValue", "Business Value", "int", "IWD_businessValue"),
  def("core", "category", "Category", "string", "IWD_category"),
  def("core", "department", "Department", "string", "IWD_department"),
  def("core", "process", "Process", "string", "IWD_process"),
  def("core", "createdDateTime", "Created Date", "date", "received_at"),
  def("core", "dueDateTime", "Due Date", "date", "IWD_dueDateTime"),
  def("core", "completedDateTime", "Completed Date", "date", "completed_at"),
  def("ext", "assignmentStatus", "Assignment Status", "string", "assignment_status"),
  def("ext", "reason", "Reason", "string", "reason"),
  def("ext", "age", "Age (s)", "int", "age"),
  def("ext", "timeout", "Timeout (s)", "int", "timeout"),
  def("ext", "queueEnteredDateTime", "Moved to Queue Date", "date", "moved_to_queue_at"),
  def("ext", "updatedDateTime", "Updated Date", "date", "updated_at"),
  def("ext", "workflowSid", "Workflow SID", "string", "workflow_sid"),
  def("ext", "taskQueueSid", "Task Queue SID", "string", "task_queue_sid"),
  def("ext", "taskChannelSid", "Task Channel SID", "string", "task_channel_sid"),
]

/** Qualified name (`core.queue`) to definition. */
export const BY_QUALIFIED: ReadonlyMap<string, AttributeDef> = new Map(
  CATALOG.map((d) => [`${d.category}.${d.name}`, d]),
)
/** Database column name (`queue`, `IWD_businessValue`) to qualified name. */
export const BY_COLUMN: ReadonlyMap<string, string> = new Map(
  CATALOG.flatMap((d) => (d.column === undefined ? [] : [[d.column, `${d.category}.${d.name}`] as const])),
)

/** The columns of a search without a filter (and of the "All Tasks" filter). */
export const DEFAULT_COLUMNS: ReadonlyArray<string> = [
  "core.id",
  "core.mediaIcon",
  "core.channel",
  "core.queue",
  "core.status",
  "core.priority",
  "core.businessValue",
  "core.department",
  "core.process",
  "core.createdDateTime",
  "core.completedDateTime",
]

/** One task as the search sees it: values by qualified name; unset attributes are absent. */
export interface Row {
  readonly id: string
  readonly values: Readonly<Record<string, unknown>>
}

/** The iWD lifecycle queue of a task, from its TaskRouter status (and reason, for rejections). */
export const lifecycleQueue = (
  status: string | undefined,
  reason: string | undefined,
): string | undefined => {
  switch (status) {
    case "pending":
    case "reserved":
      return "iWD_Queued"
    case "assigned":
    case "wrapping":
      return "iWD_Assigned"
    case "completed":
      return "iWD_Completed"
    case "canceled":
      return reason !== undefined && /reject/i.test(reason) ? "iWD_Rejected" : "iWD_Canceled"
    default:
      return undefined
  }
}

const IWD_STATUS: Readonly<Record<string, string>> = {
  iWD_Queued: "Queued",
  iWD_Assigned: "Assigned",
  iWD_Completed: "Completed",
  iWD_Canceled: "Canceled",
  iWD_Rejected: "Rejected",
}

const MEDIA_TYPES = new Set(["voice", "chat", "sms", "email", "video"])

/** The media type of a task channel: its unique name for the usual media, `workitem` otherwise. */
export const mediaTypeOf = (channel: string | undefined): string =>
  channel !== undefined && MEDIA_TYPES.has(channel) ? channel : "workitem"

const scalar = (v: unknown): string | number | boolean | undefined => {
  if (typeof v === "string" || typeof v === "boolean") return v
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined
  if (v === null || v === undefined) return undefined
  return JSON.stringify(v)
}

/** Core attributes a task attribute may supply (named after the attribute or its column), as a capture point would. */
const SUPPLIABLE: ReadonlyArray<AttributeDef> = CATALOG.filter(
  (d) =>
    d.category === "core" &&
    d.column !== undefined &&
    !["id", "channel", "department", "process", "mediaType", "priority", "status"].includes(d.name),
)

/** A supplied value checked against the attribute's type; undefined when absent or of the wrong type. */
const supplied = (def: AttributeDef, attributes: Readonly<Record<string, unknown>>): unknown => {
  const v = attributes[def.name] ?? (def.column === undefined ? undefined : attributes[def.column])
  switch (def.type) {
    case "int":
      return typeof v === "number" && Number.isFinite(v) ? v : undefined
    case "date":
      return typeof v === "string" && !Number.isNaN(Date.parse(v)) ? v : undefined
    default:
      return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined
  }
}

/** Builds the row of one wire task (callers cache it per task object). */
export const rowOf = (task: object): Row => {
  const id = stringField(task, "sid") ?? ""
  const attributes = parseAttributes(field(task, "attributes"))
  const values: Record<string, unknown> = {}
  const set = (name: string, v: unknown) => {
    if (v !== undefined && v !== null) values[name] = v
  }
  const status = stringField(task, "assignment_status")
  const reason = stringField(task, "reason")
  const channel = stringField(task, "task_channel_unique_name")
  const queue = lifecycleQueue(status, reason)
  set("core.id", id)
  set("core.mediaType", mediaTypeOf(channel))
  set("core.channel", channel)
  set("core.queue", queue)
  set("core.priority", numberField(task, "priority"))
  set("core.department", stringField(task, "workflow_friendly_name"))
  set("core.process", stringField(task, "task_queue_friendly_name"))
  set("core.createdDateTime", stringField(task, "date_created"))
  set("core.completedDateTime", status === "completed" ? stringField(task, "date_updated") : undefined)
  for (const def of SUPPLIABLE) set(`core.${def.name}`, supplied(def, attributes))
  const finalQueue = values["core.queue"]
  const statusDef = BY_QUALIFIED.get("core.status")
  set(
    "core.status",
    (statusDef === undefined ? undefined : supplied(statusDef, attributes)) ??
      (typeof finalQueue === "string" ? IWD_STATUS[finalQueue] : undefined),
  )
  set("ext.assignmentStatus", status)
  set("ext.reason", reason)
  set("ext.age", numberField(task, "age"))
  set("ext.timeout", numberField(task, "timeout"))
  set("ext.queueEnteredDateTime", stringField(task, "task_queue_entered_date"))
  set("ext.updatedDateTime", stringField(task, "date_updated"))
  set("ext.workflowSid", stringField(task, "workflow_sid"))
  set("ext.taskQueueSid", stringField(task, "task_queue_sid"))
  set("ext.taskChannelSid", stringField(task, "task_channel_sid"))
  for (const [key, v] of Object.entries(attributes)) set(`data.${key}`, scalar(v))
  return { id, values }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/

/** The type of a data attribute, from the first value found. */
export const inferType = (value: unknown): AttributeType => {
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "string"
  if (typeof value === "string" && DATE_RE.test(value)) return "date"
  return "string"
}

/** Orders two attribute values: numbers before strings before booleans; unset values are handled by the caller. */
export const compareValues = (a: unknown, b: unknown): number => {
  const rank = (v: unknown) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2)
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  if (typeof a === "number" && typeof b === "number") return a - b
  const sa = String(a)
  const sb = String(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}
