import type { QlItem } from "../../ql/QlItem.js"
import { parseQl, validateQl } from "../../ql/Ql.js"
import type { GtlQuery } from "../GtlPage.js"

const enc = encodeURIComponent

/** The QL items of a query: parsed from text with its column map, or validated items; none when absent. */
export const qlItems = (query: GtlQuery): ReadonlyArray<QlItem> => {
  const ql = query.ql
  if (ql === undefined) return []
  if (typeof ql === "string")
    return parseQl(ql, query.columns === undefined ? undefined : { columns: query.columns })
  return validateQl(ql)
}

/** The query string parameters of a search, in the documented order; only those given are sent. */
export const queryParams = (query: GtlQuery): ReadonlyArray<readonly [string, string]> => {
  const params: Array<readonly [string, string]> = []
  if (query.entity !== undefined) {
    params.push(["entity_dbid", String(query.entity.dbid)], ["entity_type", query.entity.type])
  }
  if (query.filter !== undefined) params.push(["filter", query.filter])
  if (query.orderBy !== undefined) params.push(["order_by", query.orderBy])
  if (query.orderDirection !== undefined) params.push(["order_direction", query.orderDirection])
  for (const [key, value] of Object.entries(query.quickFilters ?? {})) {
    const values: ReadonlyArray<string> = typeof value === "string" ? [value] : value
    for (const v of values) params.push([key, v])
  }
  if (query.anyId !== undefined) params.push(["any_id", query.anyId])
  if (query.snapshotId !== undefined) params.push(["snapshot_id", query.snapshotId])
  if (query.releaseSnapshot !== undefined) params.push(["release_snapshot", query.releaseSnapshot])
  return params
}

/** The URL of a search: `{base}/gtl/tasks/{solution}/{page}[/search]?{params}`. */
export const searchUrl = (baseUrl: string, query: GtlQuery): string => {
  const base = baseUrl.replace(/\/+$/, "")
  const page = query.page ?? 1
  const path = `${base}/gtl/tasks/${enc(String(query.solutionDbid))}/${enc(String(page))}${query.legacyGet === true ? "" : "/search"}`
  const search = queryParams(query)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join("&")
  return search === "" ? path : `${path}?${search}`
}

/** The URL of a solution's attribute list: `{base}/gtl/attributes/{solution}`. */
export const attributesUrl = (baseUrl: string, solutionDbid: number): string =>
  `${baseUrl.replace(/\/+$/, "")}/gtl/attributes/${enc(String(solutionDbid))}`

/** The JSON body of the POST search (the QL items), or undefined for the legacy GET. */
export const requestBody = (query: GtlQuery, items: ReadonlyArray<QlItem>): string | undefined =>
  query.legacyGet === true ? undefined : JSON.stringify(items)

const ORIGIN_RE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i

/** Resolves a Location header against the URL it came from (no URL class in the isomorphic core). */
export const resolveLocation = (from: string, location: string): string => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return location
  const origin = ORIGIN_RE.exec(from)?.[0] ?? ""
  if (location.startsWith("//")) return `${from.slice(0, from.indexOf(":") + 1)}${location}`
  if (location.startsWith("/")) return `${origin}${location}`
  const path = from.slice(origin.length).split(/[?#]/)[0] ?? "/"
  return `${origin}${path.slice(0, path.lastIndexOf("/") + 1)}${location}`
}
