/**
 * The iWD Global Task List client: numbered pages of tasks over server-side snapshots, searched with QL.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Gtl } from "@taskroute/core"
 * const program = Gtl.GtlClient.use((gtl) =>
 *   gtl.fetchPage({ solutionDbid: 101, ql: "queue = 'iWD_Completed'", orderBy: "core.completedDateTime" }),
 * )
 * ```
 *
 * @packageDocumentation
 */
export { type GtlAttributeInfo, qlColumns } from "./GtlAttributes.js"
export { type GtlClientConfig, GtlClient, type GtlFailure, make } from "./GtlClient.js"
export { GtlError, type IwdMessage } from "./GtlError.js"
export type { GtlAttribute, GtlColumn, GtlEntityRef, GtlPage, GtlQuery, GtlTask } from "./GtlPage.js"
export type {
  FetchHeadersLike,
  FetchInitLike,
  FetchLike,
  FetchResponseLike,
} from "./internal/fetchTransport.js"
