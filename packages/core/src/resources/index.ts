/**
 * TaskRouter v1 resources: the operation table and request helpers, and per resource the wire schema
 * (snake_case), the domain schema (camelCase, parsed JSON, `Date`), create/update params and list filters.
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.operations.FetchWorker.path // "/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}"
 * ```
 *
 * @module
 */
export * from "./Operations.js"
