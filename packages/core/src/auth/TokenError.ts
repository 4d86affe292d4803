import { Data } from "effect"

/**
 * Why a capability token was rejected.
 * - `Missing`: no token was given (or, to `mint` / `verify`, no auth token).
 * - `Malformed`: not three dot-separated segments, or the payload is not base64url-encoded JSON, or a claim or
 *   policy has the wrong type (also used by `mint` for invalid input).
 * - `MissingClaims`: `account_sid`, `channel` or `workspace_sid` is absent or empty.
 * - `InvalidSignature`: the HS256 signature does not match the auth token, or the token is not HS256.
 * - `Expired`: `exp` is not after the current time.
 *
 * @example
 * ```ts
 * import type { TokenErrorReason } from "@taskroute/core"
 * const retryable = (r: TokenErrorReason) => r === "Expired"
 * ```
 */
export type TokenErrorReason = "Missing" | "Malformed" | "MissingClaims" | "InvalidSignature" | "Expired"

/**
 * A capability token could not be decoded, verified or minted. For the cases TaskRouter.js v1 detects, the
 * message is exactly v1's ("Token is required for TaskRouter JS SDK", "Wrong number of segments",
 * "Missing minimum payload values. Check for existence of account_sid,channel or workspace_sid in the token"),
 * so code matching v1's messages keeps working.
 *
 * @example
 * ```ts
 * import { CapabilityToken, TokenError } from "@taskroute/core"
 * try { CapabilityToken.decode("abc") } catch (e) {
 *   if (e instanceof TokenError) console.log(e.reason, e.message) // "Malformed" "Wrong number of segments"
 * }
 * ```
 */
export class TokenError extends Data.TaggedError("TokenError")<{
  readonly reason: TokenErrorReason
  readonly message: string
  readonly cause?: unknown
}> {}
