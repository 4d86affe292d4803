// The claims a client needs from a capability token, read the way TaskRouter.js v1 reads them: three segments,
// a base64url JSON payload, account_sid/channel/workspace_sid present; `exp` for the expiry timer. Policies are
// not read (the service enforces them). `CapabilityToken.decode` is the full decoder; this one stays small for
// the script-tag bundle (no jose, no policy validation) and uses the same v1 messages.
import {
  MISSING_CLAIMS_MESSAGE,
  MISSING_TOKEN_MESSAGE,
  WRONG_SEGMENTS_MESSAGE,
} from "../auth/CapabilityToken.js"
import { TokenError } from "../auth/TokenError.js"
import type { TokenClaims } from "../auth/TokenProvider.js"
import { isRecord } from "./guards.js"
import { hasLoneSurrogate } from "./loneSurrogate.js"

/** base64url (padding optional) → UTF-8 text; undefined when it is not valid base64url or UTF-8. */
const base64UrlText = (s: string): string | undefined => {
  // `atob` is a global of browsers and of Node.js (16+); the core has no DOM types to name it.
  const atob: unknown = Reflect.get(globalThis, "atob")
  if (typeof atob !== "function" || /[^A-Za-z0-9_-]/.test(s.replace(/=+$/, ""))) return undefined
  try {
    const binary: unknown = Reflect.apply(atob, globalThis, [s.replace(/-/g, "+").replace(/_/g, "/")])
    if (typeof binary !== "string") return undefined
    return decodeURIComponent(
      binary.replace(/[\s\S]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`),
    )
  } catch {
    return undefined
  }
}

const malformed = (message: string) => new TokenError({ reason: "Malformed", message })

/** Reads the claims, or the TokenError v1 would throw (same messages as `CapabilityToken.decode`). */
export const readClaims = (token: unknown): TokenClaims | TokenError => {
  if (token === undefined || token === null || token === "") {
    return new TokenError({ reason: "Missing", message: MISSING_TOKEN_MESSAGE })
  }
  if (typeof token !== "string") return malformed(`A token must be a string, got ${typeof token}`)
  const segments = token.split(".")
  if (segments.length !== 3) return malformed(WRONG_SEGMENTS_MESSAGE)
  // (The token travels in the socket URL's query: a lone surrogate has no percent-encoding.)
  if (hasLoneSurrogate(token))
    return malformed("A token must be well-formed text (without a lone UTF-16 surrogate)")
  const text = base64UrlText(segments[1] ?? "")
  let payload: unknown
  try {
    payload = text === undefined ? undefined : JSON.parse(text)
  } catch {
    payload = undefined
  }
  if (!isRecord(payload)) return malformed("The token's payload is not a base64url-encoded JSON object")
  const { account_sid, workspace_sid, channel, worker_sid, taskqueue_sid, exp } = payload
  if (!account_sid || !channel || !workspace_sid) {
    return new TokenError({ reason: "MissingClaims", message: MISSING_CLAIMS_MESSAGE })
  }
  if (typeof account_sid !== "string" || typeof workspace_sid !== "string" || typeof channel !== "string") {
    return malformed("Claims account_sid, workspace_sid and channel must be strings")
  }
  if ([account_sid, workspace_sid, channel].some(hasLoneSurrogate)) {
    // (JSON can carry one; no URL can, and the channel URL is built from these claims.)
    return malformed(
      "Claims account_sid, workspace_sid and channel must be well-formed text (without a lone UTF-16 surrogate)",
    )
  }
  if (exp !== undefined && exp !== null && (typeof exp !== "number" || !Number.isFinite(exp))) {
    return malformed(`Claim exp must be a number of seconds since the epoch, got ${JSON.stringify(exp)}`)
  }
  return {
    accountSid: account_sid,
    workspaceSid: workspace_sid,
    channel,
    ...(typeof worker_sid === "string" ? { workerSid: worker_sid } : {}),
    ...(typeof taskqueue_sid === "string" ? { taskqueueSid: taskqueue_sid } : {}),
    ...(typeof exp === "number" ? { expiresAt: new Date(exp * 1000) } : {}),
  }
}
