import type { QlColumns } from "../ql/QlItem.js"

/**
 * One attribute a GTL query can use, as `GET /gtl/attributes/{solution_dbid}` describes it: `name` (the
 * iWD Manager name, e.g. `createdDateTime`), `columnLabel` (the title of a column), `filterLabel` (the label
 * in filter criteria and custom queries), `type` (string, date, int, img, list), `category` (core, ext,
 * data), `filterable`, and `columnName`, the database column name QL items carry (e.g. `received_at`).
 * `values` and `editableList` come with `list` attributes only.
 *
 * @example
 * ```ts
 * import type { Gtl } from "@taskroute/core"
 * const queue: Gtl.GtlAttributeInfo = {
 *   name: "queue", columnLabel: "Queue", filterLabel: "Queue", type: "string", category: "core",
 *   filterable: true, columnName: "queue",
 * }
 * ```
 */
export interface GtlAttributeInfo {
  readonly name: string
  readonly columnLabel: string
  readonly filterLabel: string
  readonly type: string
  readonly category: string
  readonly filterable: boolean
  readonly columnName?: string | undefined
  readonly values?: ReadonlyArray<{ readonly value: unknown; readonly label: string }> | undefined
  readonly editableList?: boolean | undefined
}

const CATEGORY_RANK: Readonly<Record<string, number>> = { core: 0, ext: 1, data: 2 }

/**
 * The label-to-column map `parseQl` (and a query's `columns`) takes, from a solution's attributes: every
 * filterable attribute with a column name, under its filter label, its column label and its name. When two
 * attributes claim the same label, core wins over ext, ext over data, and otherwise the first listed.
 *
 * @example
 * ```ts
 * import { GlobalTaskList, Gtl, parseQl } from "@taskroute/core"
 * declare const gtl: GlobalTaskList
 * const columns = Gtl.qlColumns(await gtl.attributes(101))
 * parseQl("Queue = 'iWD_New' AND 'Business Value' > 3", { columns })
 * // [{ operator: "=", value: "'iWD_New'", attribute: "queue" }, { operator: "AND" }, ...]
 * ```
 */
export const qlColumns = (attributes: ReadonlyArray<GtlAttributeInfo>): QlColumns => {
  const ranked = attributes
    .map((a, index) => ({ a, index, rank: CATEGORY_RANK[a.category] ?? 3 }))
    .sort((x, y) => x.rank - y.rank || x.index - y.index)
  const out: Record<string, string> = {}
  for (const { a } of ranked) {
    const column = a.columnName
    if (!a.filterable || column === undefined || column === "") continue
    for (const label of [a.filterLabel, a.columnLabel, a.name]) {
      if (label !== "" && !Object.hasOwn(out, label)) out[label] = column
    }
  }
  return out
}
