/**
 * The auth folder: capability tokens and their policies.
 *
 * @example
 * ```ts
 * import { CapabilityToken, Policy } from "@taskroute/core"
 * ```
 *
 * @packageDocumentation
 */
export * as CapabilityToken from "./CapabilityToken.js"
export * as Policy from "./Policy.js"
export * from "./PolicyError.js"
export * from "./TokenError.js"
