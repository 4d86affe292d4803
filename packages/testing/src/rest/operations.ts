/**
 * The 61 operations of TaskRouter v1 as the router uses them, from the core's operation table
 * (`Resources.operations`, generated from the OpenAPI description): method, path template, success status and
 * the parameters each one accepts in its query (GET) or body (POST).
 *
 * @internal
 */
import { Resources } from "@taskroute/core"

/** One accepted parameter (the core's spec). @internal */
export type ParamSpec = Resources.ParamSpec

/** One operation as the router needs it. @internal */
export interface OperationSpec {
  readonly id: string
  readonly method: "GET" | "POST" | "DELETE"
  readonly path: string
  readonly status: number
  /** Query parameters (GET) or body parameters (POST); path and header parameters excluded. */
  readonly params: ReadonlyArray<ParamSpec>
  readonly json: boolean
  readonly ifMatch: boolean
}

/** Every operation, in the spec's order. @internal */
export const operations: ReadonlyArray<OperationSpec> = Resources.operationIds.map((id) => {
  const op = Resources.operations[id]
  return {
    id,
    method: op.method,
    path: op.path,
    status: op.successStatus,
    params: op.params.filter((p) => p.in === "query" || p.in === "body"),
    json: op.bodyType === "json",
    ifMatch: op.params.some((p) => p.in === "header" && p.name === "If-Match"),
  }
})
