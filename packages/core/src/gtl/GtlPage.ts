import type { QlColumns, QlItem } from "../ql/QlItem.js"

/**
 * The entity a search is limited to (the `entity_type` and `entity_dbid` parameters).
 *
 * @example
 * ```ts
 * import type { Gtl } from "@taskroute/core"
 * const entity: Gtl.GtlEntityRef = { type: "department", dbid: 4021 }
 * ```
 */
export interface GtlEntityRef {
  readonly type: "solution" | "department" | "process" | "capturePoint"
  readonly dbid: number
}

/**
 * A search of the Global Task List: one page of tasks of a solution.
 * - `ql`: QL text (labels mapped with `columns`, labels to column names) or QL items; sent as the JSON body
 *   of `POST .../search`, or nothing with `legacyGet` (the GET request up to iWD 9.0.012 carries no QL);
 * - `filter`, `orderBy` (a qualified name such as `data.amount`; server default `core.createdDateTime`),
 *   `orderDirection` (server default descending), `entity`, `quickFilters` (`{ "core.queue": "iWD_New" }`,
 *   a list for any of several values), `anyId`;
 * - `snapshotId` reuses a snapshot, `releaseSnapshot` releases one and takes a new one (not both).
 *
 * @example
 * ```ts
 * import type { Gtl } from "@taskroute/core"
 * const query: Gtl.GtlQuery = {
 *   solutionDbid: 101,
 *   ql: "Queue IN ('iWD_Rejected', 'iWD_Canceled') AND 'Business Value' IN (1, 2, 3)",
 *   columns: { Queue: "queue", "Business Value": "IWD_businessValue" },
 *   orderBy: "data.amount",
 *   orderDirection: "ascending",
 * }
 * ```
 */
export interface GtlQuery {
  readonly solutionDbid: number
  /** Default 1. */
  readonly page?: number | undefined
  readonly ql?: string | ReadonlyArray<QlItem> | undefined
  readonly columns?: QlColumns | undefined
  readonly filter?: string | undefined
  readonly orderBy?: string | undefined
  readonly orderDirection?: "ascending" | "descending" | undefined
  readonly entity?: GtlEntityRef | undefined
  readonly quickFilters?: Readonly<Record<string, string | ReadonlyArray<string>>> | undefined
  readonly anyId?: string | undefined
  readonly snapshotId?: string | undefined
  readonly releaseSnapshot?: string | undefined
  readonly legacyGet?: boolean | undefined
}

/**
 * A column of the answer: `name`, `label`, `type` (string, date, int, img), `sortable`, `sorted` (on at most
 * one column) and `category` (core, ext, data).
 *
 * @example
 * ```ts
 * import type { Gtl } from "@taskroute/core"
 * const isSortedColumn = (c: Gtl.GtlColumn) => c.sorted !== undefined
 * ```
 */
export interface GtlColumn {
  readonly name: string
  readonly label: string
  readonly type: string
  readonly sortable: boolean
  readonly sorted?: "ascending" | "descending" | undefined
  readonly category: string
}

/**
 * An attribute of a task: its `value`, and `displayValue` / `tooltip` when the server sends them (only when
 * they differ from the value: the channel's name, the media type of `mediaIcon`).
 *
 * @example
 * ```ts
 * import type { Gtl } from "@taskroute/core"
 * const text = (a: Gtl.GtlAttribute) => a.displayValue ?? String(a.value)
 * ```
 */
export interface GtlAttribute {
  readonly value: unknown
  readonly displayValue?: unknown
  readonly tooltip?: string | undefined
}

/**
 * A task: its attributes by category. `core.id` is always there; other attributes only when selected by the
 * filter and set.
 *
 * @example
 * ```ts
 * import type { Gtl } from "@taskroute/core"
 * const id = (t: Gtl.GtlTask) => t.core.id?.value
 * ```
 */
export interface GtlTask {
  readonly core: Readonly<Record<string, GtlAttribute>>
  readonly ext: Readonly<Record<string, GtlAttribute>>
  readonly data: Readonly<Record<string, GtlAttribute>>
}

/**
 * One page of the answer. `page` is the page the server returned; when it redirected an out-of-range page,
 * `redirected` is true and `requestedPage` says what was asked.
 *
 * @example
 * ```ts
 * import type { Gtl } from "@taskroute/core"
 * const pageCount = (p: Gtl.GtlPage) => Math.ceil(p.totalTasks / p.tasksPerPage)
 * ```
 */
export interface GtlPage {
  readonly page: number
  readonly requestedPage: number
  readonly redirected: boolean
  readonly tasksPerPage: number
  readonly totalTasks: number
  readonly snapshotId: string
  readonly columns: ReadonlyArray<GtlColumn>
  readonly tasks: ReadonlyArray<GtlTask>
}
