/**
 * The JSON body of `CreateTaskQueueBulkRealTimeStatistics` (`POST …/TaskQueues/RealTimeStatistics`), which the
 * spec leaves free-form: 1 to 50 TaskQueue SIDs. Twilio's docs table names the key `QueueSids` while its curl
 * example sends `queueSids`, so both are accepted; encoding writes `QueueSids`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.TaskQueueBulkRealTimeStatisticsRequest)({ queueSids: ["WQ" + "0".repeat(32)] })
 * // { queueSids: ["WQ000…"] }
 * ```
 *
 * @module
 */
import { Schema, SchemaTransformation } from "effect"
import * as Sid from "../Sid.js"

type Sids = ReadonlyArray<Sid.TaskQueueSid>
type Body = { readonly QueueSids: Sids } | { readonly queueSids: Sids }

const QueueSids = Schema.Array(Sid.TaskQueueSid).pipe(
  Schema.check(Schema.isMinLength(1), Schema.isMaxLength(50)),
)

/**
 * The bulk real-time statistics request: `{ QueueSids }` or `{ queueSids }` on the wire, `{ queueSids }` in the
 * domain. Fewer than 1 or more than 50 SIDs, or a SID that is not a TaskQueue SID, fail decoding (the service
 * answers 400 for those).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.encodeSync(Resources.TaskQueueBulkRealTimeStatisticsRequest)({ queueSids: [] }) // fails: at least 1
 * ```
 */
export const TaskQueueBulkRealTimeStatisticsRequest = Schema.Union([
  Schema.Struct({ QueueSids: QueueSids }),
  Schema.Struct({ queueSids: QueueSids }),
]).pipe(
  Schema.decodeTo(
    Schema.Struct({ queueSids: Schema.toType(QueueSids) }),
    SchemaTransformation.transform<{ readonly queueSids: Sids }, Body>({
      decode: (body) => ({ queueSids: "QueueSids" in body ? body.QueueSids : body.queueSids }),
      encode: (d) => ({ QueueSids: d.queueSids }),
    }),
  ),
)
/** The bulk real-time statistics request. */
export type TaskQueueBulkRealTimeStatisticsRequest = typeof TaskQueueBulkRealTimeStatisticsRequest.Type
