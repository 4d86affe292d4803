import { Data } from "effect"

/**
 * The service answered with an error status (or with a body that could not be read). The fields come from
 * Twilio's error body (`{ code, message, more_info, status }`) when there is one, through the event-bridge
 * proxy too; otherwise `code` is the HTTP status and `message` says what was received.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ApiError } from "@taskroute/core"
 * const notFound = new ApiError({ status: 404, code: 20404, message: "The requested resource /Workspaces/WSx was not found" })
 * Effect.fail(notFound).pipe(Effect.catchTag("ApiError", (e) => Effect.succeed(e.code)))
 * ```
 */
export class ApiError extends Data.TaggedError("ApiError")<{
  /** The HTTP status of the response. */
  readonly status: number
  /** Twilio's error code (e.g. 20404), or the HTTP status when the body carried none. */
  readonly code: number
  readonly message: string
  /** Twilio's `more_info` link. */
  readonly moreInfo?: string | undefined
  /** Twilio's `details`/`detail`, when present. */
  readonly details?: unknown
  /** The delay the server asked for with `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number | undefined
}> {}
