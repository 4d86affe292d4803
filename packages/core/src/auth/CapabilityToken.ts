/**
 * TaskRouter capability tokens (the JWTs of TaskRouter.js v1): decode them without a key, as the browser SDK
 * does; mint and verify them with an auth token (HS256 through WebCrypto, in every runtime).
 *
 * Tokens minted here have the same header, claims and claim order as twilio-node's `TaskRouterCapability`, so
 * either side verifies the other's tokens; the one deliberate difference is that a policy's `allow: false`
 * stays `false` (twilio-node 6.2.0 writes `true`).
 *
 * @example
 * ```ts
 * import { CapabilityToken, Policy } from "@taskroute/core"
 * const token = await CapabilityToken.mint({ accountSid: "ACxxx", workspaceSid: "WSxxx",
 *   policies: [...Policy.eventBridge("ACxxx", "WSxxx"), ...Policy.workspaceFetch("WSxxx")] }, authToken)
 * CapabilityToken.decode(token).channel // "WSxxx"
 * ```
 *
 * @packageDocumentation
 */
import { Clock, Effect } from "effect"
import { base64url, compactVerify, decodeJwt, decodeProtectedHeader, type JWK, SignJWT } from "jose"
import { isRecord } from "../internal/guards.js"
import * as Policy from "./Policy.js"
import { PolicyError } from "./PolicyError.js"
import { TokenError } from "./TokenError.js"

export { TokenError, type TokenErrorReason } from "./TokenError.js"

/**
 * v1's exact message for a missing token (reason `Missing`).
 *
 * @example
 * ```ts
 * import { CapabilityToken } from "@taskroute/core"
 * if (error.message === CapabilityToken.MISSING_TOKEN_MESSAGE) showLogin()
 * ```
 */
export const MISSING_TOKEN_MESSAGE = "Token is required for TaskRouter JS SDK"
/**
 * v1's exact message for a token that is not three dot-separated segments (reason `Malformed`).
 *
 * @example
 * ```ts
 * import { CapabilityToken } from "@taskroute/core"
 * CapabilityToken.decodeEffect("abc") // fails with a TokenError whose message is WRONG_SEGMENTS_MESSAGE
 * ```
 */
export const WRONG_SEGMENTS_MESSAGE = "Wrong number of segments"
/**
 * v1's exact message for a token without `account_sid`, `channel` or `workspace_sid` (reason `MissingClaims`).
 *
 * @example
 * ```ts
 * import { CapabilityToken } from "@taskroute/core"
 * expect(() => CapabilityToken.decode(tokenWithoutChannel)).toThrow(CapabilityToken.MISSING_CLAIMS_MESSAGE)
 * ```
 */
export const MISSING_CLAIMS_MESSAGE =
  "Missing minimum payload values. Check for existence of account_sid,channel or workspace_sid in the token"

/**
 * The claims of a capability token, in the domain's camelCase, as {@link decode} and {@link verify} return them.
 *
 * @example
 * ```ts
 * import { CapabilityToken } from "@taskroute/core"
 * const claims: CapabilityToken.CapabilityClaims = CapabilityToken.decode(token)
 * if (claims.workerSid !== undefined) console.log("a worker token for", claims.workerSid)
 * ```
 */
export interface CapabilityClaims {
  readonly accountSid: string
  readonly workspaceSid: string
  /** The SID the token is for: the workspace (WS), a worker (WK) or a task queue (WQ). */
  readonly channel: string
  readonly workerSid?: string
  readonly taskqueueSid?: string
  readonly friendlyName?: string
  /** The token's policies; `[]` when the token has none. */
  readonly policies: ReadonlyArray<Policy.Policy>
  /** From `exp`; absent when the token has no `exp`. */
  readonly expiresAt?: Date
  /** From `iat`. */
  readonly issuedAt?: Date
  /** From `iss` (twilio-node writes the account SID). */
  readonly issuer?: string
  /** From `version` (`"v1"`). */
  readonly version?: string
}

/**
 * The claims as they are on the wire (snake_case, seconds since the epoch), in the key order twilio-node writes.
 *
 * @example
 * ```ts
 * import type { CapabilityToken } from "@taskroute/core"
 * const wire: CapabilityToken.CapabilityWireClaims = { account_sid: "ACx", workspace_sid: "WSx", channel: "WSx" }
 * ```
 */
export interface CapabilityWireClaims {
  readonly iss?: string
  readonly exp?: number
  readonly version?: string
  readonly friendly_name?: string
  readonly account_sid: string
  readonly channel: string
  readonly workspace_sid: string
  readonly policies?: ReadonlyArray<Policy.PolicyWire>
  readonly worker_sid?: string
  readonly taskqueue_sid?: string
  readonly iat?: number
}

/**
 * What {@link mint} needs besides the auth token.
 *
 * @example
 * ```ts
 * import type { CapabilityToken } from "@taskroute/core"
 * const input: CapabilityToken.MintInput = { accountSid: "ACx", workspaceSid: "WSx", ttl: 600 }
 * ```
 */
export interface MintInput {
  readonly accountSid: string
  readonly workspaceSid: string
  /** The SID the token is for; default: `workspaceSid`. A WK SID adds `worker_sid`, a WQ SID `taskqueue_sid`. */
  readonly channel?: string | undefined
  readonly friendlyName?: string | undefined
  readonly policies?: ReadonlyArray<Policy.Policy> | undefined
  /** Lifetime in whole seconds; default 3600. */
  readonly ttl?: number | undefined
  /** The `version` claim; default `"v1"`. */
  readonly version?: string | undefined
  /** The issue time; default: the current time (the Effect `Clock` in {@link mintEffect}). */
  readonly now?: Date | undefined
}

/**
 * Options of {@link verify}.
 *
 * @example
 * ```ts
 * import type { CapabilityToken } from "@taskroute/core"
 * const options: CapabilityToken.VerifyOptions = { now: new Date("2030-01-01T00:00:00Z") }
 * ```
 */
export interface VerifyOptions {
  /** The time `exp` is checked against; default: the current time (the Effect `Clock` in {@link verifyEffect}). */
  readonly now?: Date | undefined
}

// ---------------------------------------------------------------------------------------------------------
// Decoding

const malformed = (message: string, cause?: unknown): TokenError =>
  new TokenError(
    cause === undefined ? { reason: "Malformed", message } : { reason: "Malformed", message, cause },
  )

const show = (u: unknown): string =>
  typeof u === "string" ? JSON.stringify(u) : Array.isArray(u) ? "an array" : String(u)

// The claim readers throw the TokenError; decodeOrError turns it back into a value.

const optionalString = (payload: { readonly [key: string]: unknown }, claim: string): string | undefined => {
  const v = payload[claim]
  if (v === undefined || v === null) return undefined
  if (typeof v !== "string") throw malformed(`Claim ${claim} must be a string, got ${show(v)}`)
  return v
}

const optionalSeconds = (payload: { readonly [key: string]: unknown }, claim: string): number | undefined => {
  const v = payload[claim]
  if (v === undefined || v === null) return undefined
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw malformed(`Claim ${claim} must be a number of seconds since the epoch, got ${show(v)}`)
  }
  return v
}

const requiredString = (payload: { readonly [key: string]: unknown }, claim: string): string => {
  const v = payload[claim]
  if (typeof v !== "string") throw malformed(`Claim ${claim} must be a string, got ${show(v)}`)
  return v
}

const policyFromWire = (u: unknown, index: number): Policy.Policy => {
  try {
    return Policy.fromWire(u, index)
  } catch (e) {
    if (e instanceof PolicyError) throw malformed(`Malformed policy in the token: ${e.message}`, e)
    throw e
  }
}

/** Validates a decoded payload object, claim by claim in this order; throws the first TokenError. */
const claimsFromPayload = (payload: { readonly [key: string]: unknown }): CapabilityClaims => {
  // v1 checks truthiness of the three claims before anything else.
  if (!payload.account_sid || !payload.channel || !payload.workspace_sid) {
    throw new TokenError({ reason: "MissingClaims", message: MISSING_CLAIMS_MESSAGE })
  }
  const accountSid = requiredString(payload, "account_sid")
  const workspaceSid = requiredString(payload, "workspace_sid")
  const channel = requiredString(payload, "channel")
  const workerSid = optionalString(payload, "worker_sid")
  const taskqueueSid = optionalString(payload, "taskqueue_sid")
  const friendlyName = optionalString(payload, "friendly_name")
  const issuer = optionalString(payload, "iss")
  const version = optionalString(payload, "version")
  const exp = optionalSeconds(payload, "exp")
  const iat = optionalSeconds(payload, "iat")

  const rawPolicies = payload.policies
  let policies: ReadonlyArray<Policy.Policy> = []
  if (rawPolicies !== undefined && rawPolicies !== null) {
    if (!Array.isArray(rawPolicies))
      throw malformed(`Claim policies must be an array, got ${show(rawPolicies)}`)
    policies = rawPolicies.map(policyFromWire)
  }
  return {
    accountSid,
    workspaceSid,
    channel,
    ...(workerSid === undefined ? {} : { workerSid }),
    ...(taskqueueSid === undefined ? {} : { taskqueueSid }),
    ...(friendlyName === undefined ? {} : { friendlyName }),
    policies,
    ...(exp === undefined ? {} : { expiresAt: new Date(exp * 1000) }),
    ...(iat === undefined ? {} : { issuedAt: new Date(iat * 1000) }),
    ...(issuer === undefined ? {} : { issuer }),
    ...(version === undefined ? {} : { version }),
  }
}

const decodeOrError = (token: string | null | undefined): CapabilityClaims | TokenError => {
  if (token === undefined || token === null || token === "") {
    return new TokenError({ reason: "Missing", message: MISSING_TOKEN_MESSAGE })
  }
  if (typeof token !== "string") return malformed(`A token must be a string, got ${typeof token}`)
  if (token.split(".").length !== 3) return malformed(WRONG_SEGMENTS_MESSAGE)
  let payload: unknown
  try {
    payload = decodeJwt(token)
  } catch (cause) {
    return malformed("The token's payload is not a base64url-encoded JSON object", cause)
  }
  if (!isRecord(payload)) return malformed("The token's payload is not a base64url-encoded JSON object")
  try {
    return claimsFromPayload(payload)
  } catch (e) {
    if (e instanceof TokenError) return e
    throw e
  }
}

/**
 * Decodes a token's claims WITHOUT verifying its signature (as TaskRouter.js v1 does in the browser): three
 * dot-separated segments, a base64url JSON payload, the claims `account_sid`, `workspace_sid` and `channel`
 * present, and every other known claim (and every policy) of the right type.
 *
 * @throws {TokenError} `Missing` ("Token is required for TaskRouter JS SDK"), `Malformed` ("Wrong number of
 *   segments", or what is wrong with the payload) or `MissingClaims` ("Missing minimum payload values. ...").
 * @example
 * ```ts
 * import { CapabilityToken } from "@taskroute/core"
 * const { workspaceSid, expiresAt } = CapabilityToken.decode(token)
 * ```
 */
export const decode = (token: string | null | undefined): CapabilityClaims => {
  const result = decodeOrError(token)
  if (result instanceof TokenError) throw result
  return result
}

/**
 * {@link decode} as an Effect.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CapabilityToken } from "@taskroute/core"
 * const workspaceSid = CapabilityToken.decodeEffect(token).pipe(Effect.map((c) => c.workspaceSid))
 * ```
 */
export const decodeEffect = (token: string | null | undefined): Effect.Effect<CapabilityClaims, TokenError> =>
  Effect.suspend(() => {
    const result = decodeOrError(token)
    return result instanceof TokenError ? Effect.fail(result) : Effect.succeed(result)
  })

/**
 * When a token (or decoded claims) expires, from its `exp` claim; `undefined` when it has none.
 *
 * @throws {TokenError} when given a token that does not decode.
 * @example
 * ```ts
 * import { CapabilityToken } from "@taskroute/core"
 * const msLeft = (CapabilityToken.expiresAt(token)?.getTime() ?? Infinity) - Date.now()
 * ```
 */
export const expiresAt = (token: string | CapabilityClaims): Date | undefined =>
  (typeof token === "string" ? decode(token) : token).expiresAt

// ---------------------------------------------------------------------------------------------------------
// Wire form

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000)

/**
 * Converts claims to their wire form, in twilio-node's key order (`iss`, `exp`, `version`, `friendly_name`,
 * `account_sid`, `channel`, `workspace_sid`, `policies`, `worker_sid`, `taskqueue_sid`, `iat`). Dates become
 * whole seconds since the epoch. Absent optional claims are left out.
 *
 * @example
 * ```ts
 * import { CapabilityToken } from "@taskroute/core"
 * CapabilityToken.toWire({ accountSid: "ACx", workspaceSid: "WSx", channel: "WSx", policies: [] })
 * // { account_sid: "ACx", channel: "WSx", workspace_sid: "WSx", policies: [] }
 * ```
 */
export const toWire = (claims: CapabilityClaims): CapabilityWireClaims => ({
  ...(claims.issuer === undefined ? {} : { iss: claims.issuer }),
  ...(claims.expiresAt === undefined ? {} : { exp: seconds(claims.expiresAt) }),
  ...(claims.version === undefined ? {} : { version: claims.version }),
  ...(claims.friendlyName === undefined ? {} : { friendly_name: claims.friendlyName }),
  account_sid: claims.accountSid,
  channel: claims.channel,
  workspace_sid: claims.workspaceSid,
  policies: claims.policies.map(Policy.toWire),
  ...(claims.workerSid === undefined ? {} : { worker_sid: claims.workerSid }),
  ...(claims.taskqueueSid === undefined ? {} : { taskqueue_sid: claims.taskqueueSid }),
  ...(claims.issuedAt === undefined ? {} : { iat: seconds(claims.issuedAt) }),
})

// ---------------------------------------------------------------------------------------------------------
// Minting and verifying

const secretKey = (authToken: string): JWK => ({ kty: "oct", k: base64url.encode(authToken) })

const missingAuthToken = (what: "mint" | "verify"): TokenError =>
  new TokenError({ reason: "Missing", message: `An auth token is required to ${what} a capability token` })

const mintClaims = (input: MintInput, nowMs: number): CapabilityClaims | TokenError => {
  for (const key of ["accountSid", "workspaceSid"] as const) {
    const v = input[key]
    if (typeof v !== "string" || v === "") {
      return new TokenError({
        reason: "MissingClaims",
        message: `Cannot mint a capability token without ${key}`,
      })
    }
  }
  const channel = input.channel ?? input.workspaceSid
  if (typeof channel !== "string" || channel === "") {
    return new TokenError({
      reason: "MissingClaims",
      message: "Cannot mint a capability token with an empty channel",
    })
  }
  const ttl = input.ttl ?? 3600
  if (!Number.isSafeInteger(ttl) || ttl <= 0) {
    return malformed(`ttl must be a positive whole number of seconds, got ${show(ttl)}`)
  }
  if (!Number.isFinite(nowMs)) return malformed("now must be a valid Date")
  const issuedSeconds = Math.floor(nowMs / 1000)
  return {
    issuer: input.accountSid,
    expiresAt: new Date((issuedSeconds + ttl) * 1000),
    version: input.version ?? "v1",
    ...(input.friendlyName === undefined ? {} : { friendlyName: input.friendlyName }),
    accountSid: input.accountSid,
    channel,
    workspaceSid: input.workspaceSid,
    policies: input.policies ?? [],
    ...(channel.startsWith("WK")
      ? { workerSid: channel }
      : channel.startsWith("WQ")
        ? { taskqueueSid: channel }
        : {}),
    issuedAt: new Date(issuedSeconds * 1000),
  }
}

const mintOrError = async (
  input: MintInput,
  authToken: string,
  nowMs: number,
): Promise<string | TokenError> => {
  if (typeof authToken !== "string" || authToken === "") return missingAuthToken("mint")
  const claims = mintClaims(input, nowMs)
  if (claims instanceof TokenError) return claims
  try {
    return await new SignJWT({ ...toWire(claims) })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(secretKey(authToken))
  } catch (cause) {
    return malformed("Could not sign the capability token", cause)
  }
}

/**
 * Mints an HS256 capability token signed with the account's auth token: header `{"alg":"HS256","typ":"JWT"}`,
 * claims as twilio-node's `TaskRouterCapability.toJwt()` writes them (`iss`, `exp`, `version: "v1"`,
 * `friendly_name` if given, `account_sid`, `channel`, `workspace_sid`, `policies`, then `worker_sid` for a WK
 * channel or `taskqueue_sid` for a WQ channel, and `iat`), with `exp = iat + ttl`.
 *
 * @throws {TokenError} (the Promise rejects) `Missing` without an auth token, `MissingClaims` without
 *   `accountSid` / `workspaceSid`, `Malformed` for a bad `ttl`.
 * @example
 * ```ts
 * import { CapabilityToken, Policy } from "@taskroute/core"
 * const jwt = await CapabilityToken.mint(
 *   { accountSid: "ACxxx", workspaceSid: "WSxxx", ttl: 600, policies: Policy.eventBridge("ACxxx", "WSxxx") },
 *   process.env.TWILIO_AUTH_TOKEN!,
 * )
 * ```
 */
export const mint = async (input: MintInput, authToken: string): Promise<string> => {
  const result = await mintOrError(input, authToken, (input.now ?? new Date()).getTime())
  if (result instanceof TokenError) throw result
  return result
}

/**
 * {@link mint} as an Effect; the issue time comes from the Effect `Clock` unless `input.now` is given, so
 * `TestClock` controls it in tests.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CapabilityToken } from "@taskroute/core"
 * const program = CapabilityToken.mintEffect({ accountSid: "ACx", workspaceSid: "WSx" }, authToken)
 * ```
 */
export const mintEffect = (input: MintInput, authToken: string): Effect.Effect<string, TokenError> =>
  Effect.flatMap(
    input.now === undefined ? Clock.currentTimeMillis : Effect.succeed(input.now.getTime()),
    (nowMs) =>
      Effect.flatMap(
        Effect.promise(() => mintOrError(input, authToken, nowMs)),
        (result) => (result instanceof TokenError ? Effect.fail(result) : Effect.succeed(result)),
      ),
  )

const verifyOrError = async (
  token: string | null | undefined,
  authToken: string,
  nowMs: number,
): Promise<CapabilityClaims | TokenError> => {
  const claims = decodeOrError(token)
  if (claims instanceof TokenError) return claims
  if (typeof authToken !== "string" || authToken === "") return missingAuthToken("verify")
  // decodeOrError succeeded, so `token` is a three-segment string here; the check narrows its type.
  if (typeof token !== "string") return new TokenError({ reason: "Missing", message: MISSING_TOKEN_MESSAGE })
  const jwt = token
  let alg: unknown
  try {
    alg = decodeProtectedHeader(jwt).alg
  } catch (cause) {
    return malformed("The token's header is not a base64url-encoded JSON object", cause)
  }
  if (alg !== "HS256") {
    return new TokenError({
      reason: "InvalidSignature",
      message: `The token is signed with alg ${show(alg)}; TaskRouter capability tokens must use HS256`,
    })
  }
  try {
    await compactVerify(jwt, secretKey(authToken), { algorithms: ["HS256"] })
  } catch (cause) {
    return new TokenError({
      reason: "InvalidSignature",
      message: "The token's signature does not match the auth token (was it minted for another account?)",
      cause,
    })
  }
  if (claims.expiresAt !== undefined && nowMs >= claims.expiresAt.getTime()) {
    return new TokenError({
      reason: "Expired",
      message: `The token expired at ${claims.expiresAt.toISOString()} (now ${new Date(nowMs).toISOString()}); mint a new one`,
    })
  }
  return claims
}

/**
 * Verifies a token minted with `authToken` and returns its claims: first everything {@link decode} checks,
 * then that the header's `alg` is HS256 and the signature matches, then that `exp` (when present) is after
 * `now` (a token is expired from the second `exp` names on, as jsonwebtoken treats it).
 *
 * @throws {TokenError} (the Promise rejects) with the reasons of {@link decode}, `InvalidSignature` or `Expired`.
 * @example
 * ```ts
 * import { CapabilityToken, Policy } from "@taskroute/core"
 * const claims = await CapabilityToken.verify(token, authToken)
 * Policy.authorize(claims.policies, { method: "GET", url }).allowed
 * ```
 */
export const verify = async (
  token: string | null | undefined,
  authToken: string,
  options?: VerifyOptions,
): Promise<CapabilityClaims> => {
  const result = await verifyOrError(token, authToken, (options?.now ?? new Date()).getTime())
  if (result instanceof TokenError) throw result
  return result
}

/**
 * {@link verify} as an Effect; `exp` is checked against the Effect `Clock` unless `options.now` is given.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CapabilityToken } from "@taskroute/core"
 * const claims = CapabilityToken.verifyEffect(token, authToken).pipe(
 *   Effect.catchTag("TokenError", (e) => Effect.fail(new Forbidden({ message: e.message }))),
 * )
 * ```
 */
export const verifyEffect = (
  token: string | null | undefined,
  authToken: string,
  options?: VerifyOptions,
): Effect.Effect<CapabilityClaims, TokenError> =>
  Effect.flatMap(
    options?.now === undefined ? Clock.currentTimeMillis : Effect.succeed(options.now.getTime()),
    (nowMs) =>
      Effect.flatMap(
        Effect.promise(() => verifyOrError(token, authToken, nowMs)),
        (result) => (result instanceof TokenError ? Effect.fail(result) : Effect.succeed(result)),
      ),
  )
