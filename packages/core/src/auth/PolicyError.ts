import { Data } from "effect"

/**
 * A policy is malformed: a policy object in a token's `policies` claim, or the input of {@link Policy.make},
 * does not have the shape TaskRouter defines (`url`, `method`, `query_filter`, `post_filter`, `allow`).
 *
 * `index` is the position of the policy in the token's `policies` array (when there is one) and `field` the
 * offending field, so a message reads e.g. `policies[2].method must be a non-empty string, got 42`.
 *
 * @example
 * ```ts
 * import { Policy, PolicyError } from "@taskroute/core"
 * try { Policy.fromWire({ url: "", method: "GET" }) } catch (e) {
 *   if (e instanceof PolicyError) console.log(e.field, e.message) // "url" "policy.url must be ..."
 * }
 * ```
 */
export class PolicyError extends Data.TaggedError("PolicyError")<{
  /** The policy's position in the token's `policies` array, when it came from a token. */
  readonly index?: number | undefined
  /** The offending field, in its wire name (`url`, `method`, `query_filter`, `post_filter`, `allow`). */
  readonly field: string
  readonly message: string
}> {}
