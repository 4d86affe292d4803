/**
 * The iWD Global Task List (GTL) API of the emulator: every request under `{url}/iwd_manager/api`, as a
 * handler independent of the HTTP server (the doors authenticate with Basic credentials and hand the
 * request over with the account).
 *
 * Routes (paths after the `/iwd_manager/api` prefix):
 * - `GET /gtl/tasks/{solution_dbid}/{page}`: a page of tasks (behaviour up to 9.0.012: 302 for a page out of
 *   range);
 * - `POST /gtl/tasks/{solution_dbid}/{page}/search` with a JSON array of QL items (from 9.0.013: 307);
 * - `GET /gtl/attributes/{solution_dbid}`: the attributes a query may use (`name`, `column_label`,
 *   `filter_label`, `type`, `category`, `filterable`, `column_name`), sorted by `filter_label`;
 * - `GET /gtl/icons/{solution_dbid}/{media_type}`: the media icon (SVG) that `core.mediaIcon` points at.
 *
 * Solutions and business structure: every workspace is a solution (its `solutionDbid`). Its departments
 * are its workflows, its processes its task queues, its capture points its task channels; their DBIDs are
 * stable numbers derived from their SIDs (see {@link GtlApi.structure}). `entity_type=department` selects
 * the tasks of that workflow, `process` those of that task queue, `capturePoint` those of that channel.
 *
 * Task fields to attributes (`column` is the database column name QL items use):
 *
 * | attribute | column | type | from the TaskRouter task |
 * |---|---|---|---|
 * | core.id | id | string | `sid` (always returned) |
 * | core.captureId | IWD_captureId | string | attribute `captureId` |
 * | core.mediaIcon | - | img | `/iwd_manager/api/gtl/icons/{solution}/{mediaType}`, tooltip: the media type |
 * | core.mediaType | media_type | string | channel `voice`, `chat`, `sms`, `email`, `video`, else `workitem` |
 * | core.channel | IWD_channel | string | `task_channel_unique_name`; display_value: the channel's friendly name |
 * | core.queue | queue | string | lifecycle: pending/reserved `iWD_Queued`, assigned/wrapping `iWD_Assigned`, completed `iWD_Completed`, canceled `iWD_Canceled` (`iWD_Rejected` when the reason mentions "reject") |
 * | core.status | IWD_status | string | Queued, Assigned, Completed, Canceled, Rejected (as the queue) |
 * | core.priority | IWD_priority | int | `priority` |
 * | core.businessValue | IWD_businessValue | int | attribute `businessValue` (a number) |
 * | core.category | IWD_category | string | attribute `category` |
 * | core.department | IWD_department | string | `workflow_friendly_name` |
 * | core.process | IWD_process | string | `task_queue_friendly_name` |
 * | core.createdDateTime | received_at | date | `date_created` |
 * | core.dueDateTime | IWD_dueDateTime | date | attribute `dueDateTime` (an ISO date) |
 * | core.completedDateTime | completed_at | date | `date_updated` of a completed task |
 * | ext.assignmentStatus | assignment_status | string | `assignment_status` |
 * | ext.reason | reason | string | `reason` |
 * | ext.age / ext.timeout | age / timeout | int | `age`, `timeout` |
 * | ext.queueEnteredDateTime | moved_to_queue_at | date | `task_queue_entered_date` |
 * | ext.updatedDateTime | updated_at | date | `date_updated` |
 * | ext.workflowSid / ext.taskQueueSid / ext.taskChannelSid | workflow_sid / task_queue_sid / task_channel_sid | string | the SIDs |
 * | data.{key} | {key} | inferred | every top-level task attribute (objects and arrays as JSON text) |
 *
 * As a capture point can, a task may supply a core attribute through a task attribute named after the
 * attribute or its column (`businessValue` or `IWD_businessValue`, `queue`, `completedDateTime` or
 * `completed_at`, ...): every core attribute except id, channel, department, process, mediaType, priority
 * and mediaIcon. A supplied value wins over the derived one when it has the attribute's type (a number for
 * int, an ISO date for date); `core.status` follows a supplied queue. The emulator's `demo` seed sets
 * `queue`, `IWD_businessValue` and `completed_at` this way, so the documented example query finds tasks.
 *
 * A QL item's `attribute` may be a column name, a qualified name (`core.queue`, `data.customer`) or the
 * key of a task attribute some task of the solution has. Named filters are a QL expression plus the
 * columns they select ({@link DEFAULT_FILTERS}); without `filter`, the default columns are selected.
 *
 * Snapshots: every search without a usable `snapshot_id` takes a snapshot (the ordered matching tasks, as
 * they were) owned by the caller's session, the `JSESSIONID` cookie (set when absent, unknown or of another
 * account). Its id is `<connection id>-<number>`. `snapshot_id` reuses a live snapshot of the caller's
 * session taken with the same parameters (400 when they differ; a new snapshot when it is unknown, expired
 * or another session's); `release_snapshot` releases the named snapshot (403 when another session owns it)
 * and takes a new one. Snapshots expire after `snapshotIdleMillis` without use; a session keeps at most
 * `maxSnapshotsPerSession` (least recently used dropped first). Later pages slice the snapshot.
 *
 * @since 0.1.0
 */
import { Ql } from "@taskroute/core"
import { Clock, Effect } from "effect"
import type { GtlSolutionData, GtlSource } from "./GtlSource.js"
import {
  type AttributeDef,
  type AttributeType,
  BY_COLUMN,
  BY_QUALIFIED,
  CATALOG,
  compareValues,
  DEFAULT_COLUMNS,
  inferType,
  type Row,
  rowOf,
} from "./internal/attributes.js"
import { fail, GtlFailure, type IwdMessage, message } from "./internal/messages.js"
import { makeSessionStore, type Snapshot } from "./internal/sessions.js"
import { type EntityType, findEntity, type Structure, structureOf } from "./internal/structure.js"

/**
 * One request under `/iwd_manager/api`, as a door hands it over after authentication.
 *
 * @example
 * ```ts
 * const request: GtlRequest = {
 *   method: "POST", path: "/gtl/tasks/101/1/search", query: [["order_by", "data.amount"]],
 *   headers: { "content-type": "application/json" }, body: "[]", accountSid: "AC...",
 * }
 * ```
 */
export interface GtlRequest {
  readonly method: string
  /** The path after `/iwd_manager/api`, e.g. `/gtl/tasks/101/1`. */
  readonly path: string
  /** Decoded query parameters in order. */
  readonly query: ReadonlyArray<readonly [string, string]>
  /** Lower-case header names; `cookie` carries `JSESSIONID`. */
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | undefined
  /** The account the door authenticated. */
  readonly accountSid: string
}

/**
 * The answer: status, lower-case headers (`set-cookie`, `location`, `content-type`) and a text body.
 *
 * @example
 * ```ts
 * const isRedirect = (response: GtlResponse) => response.status === 302 || response.status === 307
 * ```
 */
export interface GtlResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

/**
 * A named filter: a QL expression (text with column names, or items) and the qualified attributes it
 * selects as columns (default: the default columns).
 *
 * @example
 * ```ts
 * const urgent: GtlFilter = { name: "Urgent", ql: "IWD_priority >= 50", columns: ["core.id", "core.priority", "data.customer"] }
 * ```
 */
export interface GtlFilter {
  readonly name: string
  readonly ql?: string | ReadonlyArray<Ql.QlItem> | undefined
  readonly columns?: ReadonlyArray<string> | undefined
}

/**
 * The filters every solution has unless {@link GtlApiOptions.filters} says otherwise.
 *
 * @example
 * ```ts
 * import { DEFAULT_FILTERS } from "@taskroute/testing"
 * DEFAULT_FILTERS.map((f) => f.name) // ["All Tasks", "Active Tasks", "Completed Tasks", "Rejected and Canceled Tasks"]
 * ```
 */
export const DEFAULT_FILTERS: ReadonlyArray<GtlFilter> = [
  { name: "All Tasks" },
  { name: "Active Tasks", ql: "queue IN ('iWD_Queued', 'iWD_Assigned')" },
  { name: "Completed Tasks", ql: "queue = 'iWD_Completed'" },
  { name: "Rejected and Canceled Tasks", ql: "queue IN ('iWD_Rejected', 'iWD_Canceled')" },
]

/**
 * Options of {@link makeGtlApi}.
 *
 * @example
 * ```ts
 * const options: GtlApiOptions = { tasksPerPage: 20, maxSnapshotsPerSession: 5 }
 * ```
 */
export interface GtlApiOptions {
  /** The prefix of the URLs in answers (Location, media icons). Default `/iwd_manager/api`. */
  readonly basePath?: string | undefined
  /** Default 50. */
  readonly tasksPerPage?: number | undefined
  /** A snapshot unused for this long is released. Default 10 minutes. */
  readonly snapshotIdleMillis?: number | undefined
  /** A session unused for this long is dropped with its snapshots. Default 30 minutes. */
  readonly sessionIdleMillis?: number | undefined
  /** Default 10. */
  readonly maxSnapshotsPerSession?: number | undefined
  /** The named filters of every solution (default {@link DEFAULT_FILTERS}), or a function of the solution. */
  readonly filters?:
    | ReadonlyArray<GtlFilter>
    | ((solution: { readonly accountSid: string; readonly solutionDbid: number }) => ReadonlyArray<GtlFilter>)
    | undefined
  /** The connection part of snapshot ids (default: 8 random hex digits). */
  readonly connectionId?: string | undefined
}

/**
 * One entity of the business structure.
 *
 * @example
 * ```ts
 * const label = (e: GtlEntity) => `${e.type} ${e.name} (${e.dbid})`
 * ```
 */
export interface GtlEntity {
  readonly type: "department" | "process" | "capturePoint"
  readonly dbid: number
  /** The workflow, task queue or task channel SID. */
  readonly sid: string
  readonly name: string
}

/**
 * The business structure of a solution.
 *
 * @example
 * ```ts
 * const dbids = (s: GtlStructure) => s.departments.map((d) => d.dbid)
 * ```
 */
export interface GtlStructure {
  readonly solutionDbid: number
  readonly name: string
  readonly departments: ReadonlyArray<GtlEntity>
  readonly processes: ReadonlyArray<GtlEntity>
  readonly capturePoints: ReadonlyArray<GtlEntity>
}

/**
 * The GTL API.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { GtlSource, makeGtlApi } from "@taskroute/testing"
 * const api = makeGtlApi(GtlSource.makeMemorySource())
 * const response = api.handle({ method: "GET", path: "/gtl/tasks/101/1", query: [], headers: {}, accountSid: "AC1" })
 * ```
 */
export interface GtlApi {
  /** Never fails: errors are answers with an iWD message list body. */
  readonly handle: (request: GtlRequest) => Effect.Effect<GtlResponse>
  /** The business structure of a solution of this account. */
  readonly structure: (accountSid: string, solutionDbid: number) => GtlStructure | undefined
  /** The named filters of a solution, with their QL parsed. */
  readonly filters: (
    accountSid: string,
    solutionDbid: number,
  ) => ReadonlyArray<{
    readonly name: string
    readonly ql: ReadonlyArray<Ql.QlItem>
    readonly columns: ReadonlyArray<string>
  }>
  /** How many snapshots are live (every session). */
  readonly liveSnapshots: () => number
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }

const randomHex = (n: number): string => {
  let out = ""
  while (out.length < n) out += globalThis.crypto.randomUUID().replaceAll("-", "")
  return out.slice(0, n)
}

const decodeSegment = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s)
  } catch {
    return undefined
  }
}

const cookieValue = (header: string | undefined, name: string): string | undefined => {
  if (header === undefined) return undefined
  for (const part of header.split(";")) {
    const eq = part.indexOf("=")
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

const INTEGER_RE = /^-?\d{1,15}$/

const ICON_SVG = (media: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><title>${media.replace(/[<>&"]/g, "")}</title><rect x="1" y="1" width="14" height="14" rx="3" fill="#5b7083"/></svg>`

interface ParsedFilter {
  readonly name: string
  readonly ql: ReadonlyArray<Ql.QlItem>
  readonly columns: ReadonlyArray<string>
}

const checkColumns = (filter: string, columns: ReadonlyArray<string>): ReadonlyArray<string> => {
  for (const c of columns) {
    if (!BY_QUALIFIED.has(c) && !/^data\..+/.test(c)) {
      throw new Error(`GTL filter "${filter}": unknown column "${c}" (use core.X, ext.X or data.X)`)
    }
  }
  return columns
}

const parseFilter = (filter: GtlFilter): ParsedFilter => {
  const ql =
    filter.ql === undefined
      ? []
      : typeof filter.ql === "string"
        ? Ql.parseQl(filter.ql)
        : Ql.validateQl(filter.ql)
  return { name: filter.name, ql, columns: checkColumns(filter.name, filter.columns ?? DEFAULT_COLUMNS) }
}

type Direction = "ascending" | "descending"

/** Everything a search is defined by; its canonical text keys snapshots. */
interface SearchParams {
  readonly solutionDbid: number
  readonly entity: { readonly type: EntityType; readonly dbid: number } | undefined
  readonly filter: string | undefined
  readonly orderBy: string
  readonly direction: Direction
  readonly quick: ReadonlyArray<readonly [string, ReadonlyArray<string>]>
  readonly ql: ReadonlyArray<Ql.QlItem>
}

/**
 * Creates the GTL API over a source.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator, GtlSource, makeGtlApi } from "@taskroute/testing"
 * const program = Effect.gen(function* () {
 *   const emulator = yield* Emulator.make({ seed: "demo" })
 *   const api = makeGtlApi(GtlSource.fromEmulator(emulator), { tasksPerPage: 25 })
 *   return yield* api.handle({
 *     method: "POST", path: `/gtl/tasks/${emulator.seed.solutionDbid}/1/search`, query: [],
 *     headers: {}, body: "[]", accountSid: emulator.seed.accountSid,
 *   })
 * })
 * ```
 */
export const makeGtlApi = (source: GtlSource, options: GtlApiOptions = {}): GtlApi => {
  const basePath = options.basePath ?? "/iwd_manager/api"
  const perPage = Math.max(1, Math.floor(options.tasksPerPage ?? 50))
  const store = makeSessionStore(
    {
      snapshotIdleMillis: options.snapshotIdleMillis ?? 10 * 60_000,
      sessionIdleMillis: options.sessionIdleMillis ?? 30 * 60_000,
      maxSnapshotsPerSession: Math.max(1, options.maxSnapshotsPerSession ?? 10),
    },
    options.connectionId ?? randomHex(8),
    () => randomHex(32).toUpperCase(),
  )
  const rows = new WeakMap<object, Row>()
  const rowFor = (task: object): Row => {
    let row = rows.get(task)
    if (row === undefined) {
      row = rowOf(task)
      rows.set(task, row)
    }
    return row
  }

  const configured = options.filters
  const staticFilters =
    Array.isArray(configured) || configured === undefined
      ? (configured ?? DEFAULT_FILTERS).map(parseFilter)
      : undefined
  const filtersOf = (accountSid: string, solutionDbid: number): ReadonlyArray<ParsedFilter> =>
    staticFilters ??
    (typeof configured === "function" ? configured({ accountSid, solutionDbid }).map(parseFilter) : [])

  const structureFor = (accountSid: string, solutionDbid: number): GtlStructure | undefined => {
    const solution = source.solution(accountSid, solutionDbid)
    if (solution === undefined) return undefined
    const { channelNames: _, ...structure } = structureOf(solution)
    return structure
  }

  // ---- parameters ---------------------------------------------------------------------------------------

  const solutionOf = (accountSid: string, segment: string): GtlSolutionData => {
    const dbid = /^\d{1,15}$/.test(segment) ? Number(segment) : Number.NaN
    const solution = Number.isNaN(dbid) ? undefined : source.solution(accountSid, dbid)
    if (solution === undefined) {
      throw fail(404, "MSG_SOLUTION_NOT_FOUND", `Solution ${segment} does not exist`, {
        solution_dbid: segment,
      })
    }
    return solution
  }

  /** A QL attribute (column name, qualified name, core/ext name or data key) to its qualified name. */
  const resolveAttribute = (
    attribute: string,
    index: number,
    dataKeys: () => ReadonlySet<string>,
  ): string => {
    const qualified = /^(core|ext|data)\.(.+)$/.exec(attribute)
    let name: string | undefined
    if (qualified !== null)
      name = qualified[1] === "data" || BY_QUALIFIED.has(attribute) ? attribute : undefined
    else {
      name =
        BY_COLUMN.get(attribute) ??
        (BY_QUALIFIED.has(`core.${attribute}`) ? `core.${attribute}` : undefined) ??
        (BY_QUALIFIED.has(`ext.${attribute}`) ? `ext.${attribute}` : undefined) ??
        (dataKeys().has(attribute) ? `data.${attribute}` : undefined)
    }
    if (name === undefined) {
      throw fail(400, "MSG_UNKNOWN_ATTRIBUTE", `Unknown attribute "${attribute}" in QL item ${index}`, {
        attribute,
        index,
      })
    }
    if (BY_QUALIFIED.get(name)?.column === undefined && !name.startsWith("data.")) {
      throw fail(400, "MSG_ATTRIBUTE_NOT_FILTERABLE", `Attribute "${attribute}" cannot be used in a query`, {
        attribute,
        index,
      })
    }
    return name
  }

  const qlFromBody = (body: string | undefined): ReadonlyArray<Ql.QlItem> => {
    if (body === undefined || body.trim() === "") return []
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      throw fail(
        400,
        "MSG_INVALID_REQUEST_BODY",
        "The request body is not valid JSON; expected an array of QL items",
      )
    }
    try {
      return Ql.validateQl(json)
    } catch (e) {
      if (e instanceof Ql.QlError) {
        throw fail(
          400,
          "MSG_INVALID_QL_EXPRESSION",
          e.message,
          e.index === undefined ? {} : { index: e.index },
        )
      }
      throw e
    }
  }

  const searchParams = (
    request: GtlRequest,
    solution: GtlSolutionData,
    structure: Structure,
    ql: ReadonlyArray<Ql.QlItem>,
  ): SearchParams => {
    const first = (name: string): string | undefined => request.query.find(([k]) => k === name)?.[1]
    const direction = first("order_direction") ?? "descending"
    if (direction !== "ascending" && direction !== "descending") {
      throw fail(
        400,
        "MSG_INVALID_ORDER_DIRECTION",
        `order_direction must be ascending or descending, not "${direction}"`,
        {
          order_direction: direction,
        },
      )
    }
    if (first("snapshot_id") !== undefined && first("release_snapshot") !== undefined) {
      throw fail(
        400,
        "MSG_SNAPSHOT_PARAMETERS_EXCLUSIVE",
        "snapshot_id and release_snapshot are mutually exclusive",
      )
    }
    const orderBy = first("order_by") ?? "core.createdDateTime"
    const orderDef = BY_QUALIFIED.get(orderBy)
    if (!(/^data\..+/.test(orderBy) || orderDef?.sortable === true)) {
      throw fail(
        400,
        "MSG_INVALID_ORDER_BY",
        `order_by must be a sortable qualified attribute name (core.X, ext.X, data.X), not "${orderBy}"`,
        {
          order_by: orderBy,
        },
      )
    }
    const entityDbid = first("entity_dbid")
    const entityType = first("entity_type")
    if ((entityDbid === undefined) !== (entityType === undefined)) {
      throw fail(
        400,
        "MSG_ENTITY_PARAMETERS_INCOMPLETE",
        "entity_dbid and entity_type must be both present or both omitted",
      )
    }
    let entity: SearchParams["entity"]
    if (entityDbid !== undefined && entityType !== undefined) {
      if (
        entityType !== "solution" &&
        entityType !== "department" &&
        entityType !== "process" &&
        entityType !== "capturePoint"
      ) {
        throw fail(
          400,
          "MSG_INVALID_ENTITY_TYPE",
          `entity_type must be solution, department, process or capturePoint, not "${entityType}"`,
          {
            entity_type: entityType,
          },
        )
      }
      const dbid = INTEGER_RE.test(entityDbid) ? Number(entityDbid) : Number.NaN
      if (entityType === "solution") {
        if (dbid !== solution.solutionDbid) {
          throw fail(
            400,
            "MSG_INVALID_ENTITY_DBID",
            `With entity_type=solution, entity_dbid must be the solution DBID ${solution.solutionDbid}`,
            {
              entity_dbid: entityDbid,
            },
          )
        }
      } else if (Number.isNaN(dbid) || findEntity(structure, entityType, dbid) === undefined) {
        const label =
          entityType === "capturePoint"
            ? "Capture point"
            : entityType === "process"
              ? "Process"
              : "Department"
        throw fail(
          404,
          "MSG_ENTITY_NOT_FOUND",
          `${label} ${entityDbid} does not exist in solution ${solution.solutionDbid}`,
          {
            entity_type: entityType,
            entity_dbid: entityDbid,
          },
        )
      }
      entity = { type: entityType, dbid }
    }
    const filter = first("filter")
    if (
      filter !== undefined &&
      !filtersOf(solution.accountSid, solution.solutionDbid).some((f) => f.name === filter)
    ) {
      throw fail(404, "MSG_FILTER_NOT_FOUND", `Filter "${filter}" does not exist`, { filter })
    }
    const quick = new Map<string, Array<string>>()
    for (const [key, value] of request.query) {
      if (value === "") continue
      if (key === "any_id" || /^data\..+/.test(key)) {
        // any custom attribute is allowed
      } else if (/^(core|ext)\./.test(key)) {
        if (BY_QUALIFIED.get(key)?.column === undefined) {
          throw fail(400, "MSG_INVALID_QUICK_FILTER", `Unknown quick filter attribute "${key}"`, {
            attribute: key,
          })
        }
      } else continue
      const list = quick.get(key) ?? []
      list.push(value)
      quick.set(key, list)
    }
    return {
      solutionDbid: solution.solutionDbid,
      entity,
      filter,
      orderBy,
      direction,
      quick: [...quick].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ql,
    }
  }

  // ---- the search ---------------------------------------------------------------------------------------

  const quickPredicate = (key: string, values: ReadonlyArray<string>): ((row: Row) => boolean) => {
    const tests = values.map((v): ((value: unknown) => boolean) => {
      const def = BY_QUALIFIED.get(key)
      if (def?.type === "date") {
        const day = /^(\d{4}-\d{2}-\d{2})(?:T(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(v)
        if (day !== null) {
          const start = Date.parse(`${day[1]}T00:00:00Z`)
          if (Number.isNaN(start))
            throw fail(400, "MSG_INVALID_DATE", `Invalid date "${v}" for ${key}`, { attribute: key })
          return (value) => {
            const t = typeof value === "string" ? Date.parse(value) : Number.NaN
            return t >= start && t < start + 86_400_000
          }
        }
        const t = Date.parse(v)
        if (Number.isNaN(t)) {
          throw fail(
            400,
            "MSG_INVALID_DATE",
            `Invalid date "${v}" for ${key}; expected yyyy-MM-dd or an ISO 8601 date-time`,
            {
              attribute: key,
            },
          )
        }
        return (value) => typeof value === "string" && Date.parse(value) === t
      }
      if (def?.type === "int") {
        const n = Number(v)
        if (!Number.isFinite(n))
          throw fail(400, "MSG_INVALID_NUMBER", `Invalid number "${v}" for ${key}`, { attribute: key })
        return (value) => value === n
      }
      return (value) =>
        typeof value === "number" ? value === Number(v) : value !== undefined && String(value) === v
    })
    if (key === "any_id") {
      return (row) => values.some((v) => row.id === v || row.values["core.captureId"] === v)
    }
    return (row) => {
      const value = row.values[key]
      return tests.some((t) => t(value))
    }
  }

  const runSearch = (
    params: SearchParams,
    solution: GtlSolutionData,
    structure: Structure,
  ): ReadonlyArray<Row> => {
    const all = solution.tasks.map(rowFor)
    let dataKeys: Set<string> | undefined
    const keys = (): ReadonlySet<string> => {
      if (dataKeys === undefined) {
        dataKeys = new Set()
        for (const row of all)
          for (const k of Object.keys(row.values)) if (k.startsWith("data.")) dataKeys.add(k.slice(5))
      }
      return dataKeys
    }
    const filter = filtersOf(solution.accountSid, solution.solutionDbid).find((f) => f.name === params.filter)
    const predicates: Array<(row: Row) => boolean> = []
    const compile = (items: ReadonlyArray<Ql.QlItem>) => {
      if (items.length === 0) return
      const resolved = items.map((item, index) =>
        item.attribute === undefined
          ? item
          : { ...item, attribute: resolveAttribute(item.attribute, index, keys) },
      )
      const predicate = Ql.compileQl(resolved)
      predicates.push((row) => predicate(row.values))
    }
    if (params.entity !== undefined && params.entity.type !== "solution") {
      const entity = findEntity(structure, params.entity.type, params.entity.dbid)
      const key =
        params.entity.type === "department"
          ? "ext.workflowSid"
          : params.entity.type === "process"
            ? "ext.taskQueueSid"
            : "ext.taskChannelSid"
      const sid = entity?.sid
      predicates.push((row) => row.values[key] === sid)
    }
    if (filter !== undefined) compile(filter.ql)
    compile(params.ql)
    for (const [key, values] of params.quick) predicates.push(quickPredicate(key, values))
    const matched = predicates.length === 0 ? all : all.filter((row) => predicates.every((p) => p(row)))
    const sortKeys = matched.map((row) => row.values[params.orderBy])
    const dir = params.direction === "ascending" ? 1 : -1
    const order = matched.map((_, i) => i)
    order.sort((a, b) => {
      const va = sortKeys[a]
      const vb = sortKeys[b]
      if (va === undefined && vb !== undefined) return 1
      if (vb === undefined && va !== undefined) return -1
      const c = va === undefined ? 0 : compareValues(va, vb)
      return dir * (c !== 0 ? c : a - b)
    })
    return order.map((i) => matched[i] as Row)
  }

  // ---- rendering ----------------------------------------------------------------------------------------

  const dataType = (snapshot: Snapshot, key: string): AttributeType => {
    let type = snapshot.dataTypes.get(key)
    if (type === undefined) {
      const row = snapshot.rows.find((r) => r.values[key] !== undefined)
      type = row === undefined ? "string" : inferType(row.values[key])
      snapshot.dataTypes.set(key, type)
    }
    return type
  }

  const columnsJson = (columns: ReadonlyArray<string>, params: SearchParams, snapshot: Snapshot) =>
    columns.map((qname) => {
      const def: AttributeDef | undefined = BY_QUALIFIED.get(qname)
      const name = def?.name ?? qname.slice(5)
      const sorted = qname === params.orderBy ? { sorted: params.direction } : {}
      return {
        name,
        label: def?.label ?? name,
        type: def?.type ?? dataType(snapshot, qname),
        sortable: def?.sortable ?? true,
        ...sorted,
        category: def?.category ?? "data",
      }
    })

  const taskJson = (row: Row, columns: ReadonlyArray<string>, structure: Structure) => {
    const out: Record<"core" | "ext" | "data", Record<string, unknown>> = {
      core: { id: { value: row.id } },
      ext: {},
      data: {},
    }
    for (const qname of columns) {
      const dot = qname.indexOf(".")
      const category = qname.slice(0, dot)
      const name = qname.slice(dot + 1)
      if (category !== "core" && category !== "ext" && category !== "data") continue
      if (qname === "core.mediaIcon") {
        const media = row.values["core.mediaType"]
        if (typeof media === "string") {
          out.core[name] = {
            value: `${basePath}/gtl/icons/${structure.solutionDbid}/${encodeURIComponent(media)}`,
            tooltip: media,
          }
        }
        continue
      }
      const value = row.values[qname]
      if (value === undefined) continue
      if (qname === "core.channel" && typeof value === "string") {
        const display = structure.channelNames.get(value)
        out.core[name] =
          display === undefined || display === value ? { value } : { value, display_value: display }
        continue
      }
      out[category][name] = { value }
    }
    return out
  }

  // ---- responses ----------------------------------------------------------------------------------------

  const json = (status: number, body: unknown, headers: Record<string, string> = {}): GtlResponse => ({
    status,
    headers: { ...JSON_TYPE, ...headers },
    body: JSON.stringify(body),
  })

  const failure = (e: GtlFailure, headers: Record<string, string> = {}): GtlResponse => {
    const messages: ReadonlyArray<IwdMessage> = e.messages
    return json(e.status, messages, headers)
  }

  const tasks = (
    request: GtlRequest,
    segments: ReadonlyArray<string>,
    search: boolean,
    now: number,
  ): GtlResponse => {
    const cookie: Record<string, string> = {}
    try {
      const solution = solutionOf(request.accountSid, segments[2] ?? "")
      const pageText = segments[3] ?? ""
      const page = INTEGER_RE.test(pageText) ? Number(pageText) : Number.NaN
      if (!(page >= 1)) {
        throw fail(
          404,
          "MSG_PAGE_NOT_FOUND",
          `Page "${pageText}" does not exist; pages are numbered from 1`,
          { page: pageText },
        )
      }
      const session = store.session(
        cookieValue(request.headers.cookie, "JSESSIONID"),
        request.accountSid,
        now,
      )
      if (session.created)
        cookie["set-cookie"] =
          `JSESSIONID=${session.id}; Path=${basePath.replace(/\/api$/, "") || "/"}; HttpOnly`
      const structure = structureOf(solution)
      const ql = search ? qlFromBody(request.body) : []
      const params = searchParams(request, solution, structure, ql)
      const key = JSON.stringify(params)
      const first = (name: string) => request.query.find(([k]) => k === name)?.[1]
      const reuseId = first("snapshot_id")
      const releaseId = first("release_snapshot")
      let snapshot: Snapshot | undefined
      if (reuseId !== undefined) {
        const found = store.find(reuseId, now)
        if (found !== undefined && found.sessionId === session.id) {
          if (found.params !== key) {
            throw fail(
              400,
              "MSG_SNAPSHOT_PARAMETERS_MISMATCH",
              `Snapshot ${reuseId} was taken with different query parameters`,
              {
                snapshot_id: reuseId,
              },
            )
          }
          snapshot = found
          store.touch(found, now)
        }
      }
      if (releaseId !== undefined) {
        const found = store.find(releaseId, now)
        if (found !== undefined) {
          if (found.sessionId !== session.id) {
            throw fail(
              403,
              "MSG_SNAPSHOT_FORBIDDEN",
              `Snapshot ${releaseId} does not belong to the current session`,
              {
                release_snapshot: releaseId,
              },
            )
          }
          store.release(found)
        }
      }
      if (snapshot === undefined)
        snapshot = store.take(session.id, key, runSearch(params, solution, structure), now)
      const total = snapshot.rows.length
      const lastPage = Math.max(1, Math.ceil(total / perPage))
      if (page > lastPage) {
        const query = request.query
          .filter(([k]) => k !== "snapshot_id" && k !== "release_snapshot")
          .concat([["snapshot_id", snapshot.id]])
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .join("&")
        const location = `${basePath}/gtl/tasks/${solution.solutionDbid}/${lastPage}${search ? "/search" : ""}?${query}`
        return { status: search ? 307 : 302, headers: { ...cookie, location, "cache-control": "no-store" } }
      }
      const filter = filtersOf(solution.accountSid, solution.solutionDbid).find(
        (f) => f.name === params.filter,
      )
      const columns = filter?.columns ?? DEFAULT_COLUMNS
      const slice = snapshot.rows.slice((page - 1) * perPage, page * perPage)
      return json(
        200,
        {
          page,
          tasks_per_page: perPage,
          total_tasks: total,
          snapshot_id: snapshot.id,
          columns: columnsJson(columns, params, snapshot),
          tasks: slice.map((row) => taskJson(row, columns, structure)),
        },
        cookie,
      )
    } catch (e) {
      if (e instanceof GtlFailure) return failure(e, cookie)
      throw e
    }
  }

  const attributes = (request: GtlRequest, segments: ReadonlyArray<string>): GtlResponse => {
    const solution = solutionOf(request.accountSid, segments[2] ?? "")
    const keys = new Set<string>()
    for (const task of solution.tasks) {
      for (const k of Object.keys(rowFor(task).values)) if (k.startsWith("data.")) keys.add(k.slice(5))
    }
    const list = [
      ...CATALOG.map((d) => ({
        name: d.name,
        column_label: d.label,
        filter_label: d.label,
        type: d.type,
        category: d.category,
        filterable: d.column !== undefined,
        ...(d.column === undefined ? {} : { column_name: d.column }),
      })),
      ...[...keys].map((k) => ({
        name: k,
        column_label: k,
        filter_label: k,
        type: inferType(
          solution.tasks.map(rowFor).find((r) => r.values[`data.${k}`] !== undefined)?.values[`data.${k}`],
        ),
        category: "data",
        filterable: true,
        column_name: k,
      })),
    ].sort((a, b) => (a.filter_label < b.filter_label ? -1 : a.filter_label > b.filter_label ? 1 : 0))
    return json(200, list)
  }

  const route = (request: GtlRequest, now: number): GtlResponse => {
    const raw = request.path.split("?")[0] ?? ""
    const segments = raw
      .split("/")
      .filter((s) => s !== "")
      .map(decodeSegment)
    const method = request.method.toUpperCase()
    const clean = segments.every((s) => s !== undefined) ? segments.filter((s) => s !== undefined) : undefined
    try {
      if (clean === undefined) throw fail(404, "MSG_NOT_FOUND", `No resource at ${raw}`)
      const allow = (expected: string) => {
        if (method !== expected) {
          throw new GtlFailure(405, [
            message("MSG_METHOD_NOT_ALLOWED", `Method ${method} is not allowed on ${raw}; use ${expected}`),
          ])
        }
      }
      if (clean[0] === "gtl" && clean[1] === "tasks" && clean.length === 4) {
        allow("GET")
        return tasks(request, clean, false, now)
      }
      if (clean[0] === "gtl" && clean[1] === "tasks" && clean.length === 5 && clean[4] === "search") {
        allow("POST")
        return tasks(request, clean, true, now)
      }
      if (clean[0] === "gtl" && clean[1] === "attributes" && clean.length === 3) {
        allow("GET")
        return attributes(request, clean)
      }
      if (clean[0] === "gtl" && clean[1] === "icons" && clean.length === 4) {
        allow("GET")
        solutionOf(request.accountSid, clean[2] ?? "")
        return {
          status: 200,
          headers: { "content-type": "image/svg+xml", "cache-control": "max-age=3600" },
          body: ICON_SVG(clean[3] ?? ""),
        }
      }
      throw fail(404, "MSG_NOT_FOUND", `No resource at ${raw}`)
    } catch (e) {
      if (e instanceof GtlFailure) {
        return failure(e, e.status === 405 ? { allow: raw.endsWith("/search") ? "POST" : "GET" } : {})
      }
      throw e
    }
  }

  return {
    handle: (request) => Effect.map(Clock.currentTimeMillis, (now) => route(request, now)),
    structure: structureFor,
    filters: filtersOf,
    liveSnapshots: store.liveSnapshots,
  }
}
