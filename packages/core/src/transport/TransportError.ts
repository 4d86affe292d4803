import { Data } from "effect"

/**
 * A request or a socket could not be carried out at the transport level: no HTTP status was received.
 *
 * @example
 * ```ts
 * import { TransportError } from "@taskroute/core"
 * new TransportError({ reason: "Network", message: "connect ECONNREFUSED 127.0.0.1:1" })
 * ```
 */
export class TransportError extends Data.TaggedError("TransportError")<{
  readonly reason: "Network" | "Timeout" | "Aborted" | "InvalidUrl"
  readonly message: string
  readonly cause?: unknown
}> {}
