import { Data } from "effect"

/**
 * One message of an iWD error response: `severity` (ERROR, WARNING or INFO), `message_id` (a key for a
 * localized text), `args` and an English `message`.
 *
 * @example
 * ```ts
 * import type { Gtl } from "@taskroute/core"
 * const m: Gtl.IwdMessage = { severity: "ERROR", message_id: "MSG_FILTER_NOT_FOUND", args: { filter: "x" }, message: "Filter \"x\" does not exist" }
 * ```
 */
export interface IwdMessage {
  readonly severity: string
  readonly message_id: string
  readonly args: Readonly<Record<string, unknown>>
  readonly message: string
}

/**
 * A GTL request failed with an answer: `BadRequest` (400: bad `order_direction`, both snapshot parameters, a
 * snapshot taken with other parameters, malformed QL, ...), `Unauthorized` (401: missing or wrong
 * credentials), `Forbidden` (403: `release_snapshot` names another
 * session's snapshot), `NotFound` (404: unknown solution, department, process, capture point or filter, page
 * 0 or negative), `Unexpected` (another status, or a body that is not what the API promises) or
 * `InvalidRequest` (found before sending, e.g. QL with `legacyGet`). `messages` are the server's.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Gtl } from "@taskroute/core"
 * const onMissing = Effect.catchTag("GtlError", (e: Gtl.GtlError) =>
 *   e.reason === "NotFound" ? Effect.succeed(undefined) : Effect.fail(e))
 * ```
 */
export class GtlError extends Data.TaggedError("GtlError")<{
  readonly reason: "BadRequest" | "Unauthorized" | "Forbidden" | "NotFound" | "Unexpected" | "InvalidRequest"
  readonly message: string
  /** The HTTP status, when an answer was received. */
  readonly status?: number | undefined
  readonly messages: ReadonlyArray<IwdMessage>
}> {}
