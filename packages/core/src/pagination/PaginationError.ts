import { Data } from "effect"

/**
 * A listing could not be paginated: a `PageSize` outside 1..1000, an invalid `limit`, or a page envelope that
 * does not have the shape the protocol promises (`reason` says which).
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { CursorPage } from "@taskroute/core"
 * const r = CursorPage.pageSize(5000)
 * if (Result.isFailure(r)) r.failure.message // "PageSize must be an integer from 1 to 1000, got 5000"
 * ```
 */
export class PaginationError extends Data.TaggedError("PaginationError")<{
  readonly reason: "PageSize" | "Limit" | "Envelope"
  readonly message: string
  /** The offending value (the page size, the limit, or the page body). */
  readonly value?: unknown
}> {}
