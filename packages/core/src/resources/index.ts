/**
 * TaskRouter v1 resources: the operation table and request helpers, and per resource the wire schema
 * (snake_case), the domain codec (camelCase, parsed JSON, `Date`), the list page and the parameters of every
 * operation.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Resources.operations.FetchWorker.path // "/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}"
 * const worker = Schema.decodeUnknownSync(Resources.Worker)(payload)
 * ```
 *
 * @module
 */
export * from "./Activity.js"
export * from "./BulkStatisticsRequest.js"
export * from "./Codecs.js"
export * from "./Enums.js"
export * from "./Event.js"
export * from "./ListEnvelope.js"
export * from "./Operations.js"
export * from "./Reservation.js"
export * from "./StatisticsParts.js"
export * from "./Task.js"
export * from "./TaskChannel.js"
export * from "./TaskQueue.js"
export * from "./TaskQueueStatistics.js"
export * from "./Worker.js"
export * from "./WorkerChannel.js"
export * from "./WorkerStatistics.js"
export * from "./Workflow.js"
export * from "./WorkflowStatistics.js"
export * from "./Workspace.js"
export * from "./WorkspaceStatistics.js"
