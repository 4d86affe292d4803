/** Options of {@link TaskRouteError}. */
export interface TaskRouteErrorOptions {
  /** The service's error code (e.g. 20404) or, for failures found before a request was sent, a local code. */
  readonly code: number | string
  /** The HTTP status, when a response was received. */
  readonly status?: number | undefined
  /** The service's `more_info` link. */
  readonly moreInfo?: string | undefined
  /** Extra structured details (e.g. the iWD message list, the offending parameter). */
  readonly details?: unknown
  readonly cause?: unknown
}

/**
 * The one error type of the facade: every callback's first argument and every rejected Promise is one of these.
 * It is serialisable (`JSON.stringify(error)` keeps every field), unlike TaskRouter.js v1's `HttpError`.
 *
 * @example
 * ```ts
 * import { TaskRouteError } from "@taskroute/core"
 * try { await workspace.workers.fetch("WKmissing") } catch (e) {
 *   if (TaskRouteError.is(e) && e.code === 20404) console.log("no such worker")
 * }
 * ```
 */
export class TaskRouteError extends Error {
  override readonly name = "TaskRouteError"
  readonly code: number | string
  readonly status: number | undefined
  readonly moreInfo: string | undefined
  readonly details: unknown

  constructor(message: string, options: TaskRouteErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = options.code
    this.status = options.status
    this.moreInfo = options.moreInfo
    this.details = options.details
  }

  /** True for a {@link TaskRouteError}, also across copies of the library (checks the name and shape). */
  static is(u: unknown): u is TaskRouteError {
    return (
      u instanceof TaskRouteError ||
      (u instanceof Error && u.name === "TaskRouteError" && "code" in u && "status" in u && "moreInfo" in u)
    )
  }

  toJSON(): {
    name: "TaskRouteError"
    message: string
    code: number | string
    status: number | undefined
    moreInfo: string | undefined
    details: unknown
  } {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      status: this.status,
      moreInfo: this.moreInfo,
      details: this.details,
    }
  }
}
