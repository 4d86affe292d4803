// Shared by the two dialects: base URLs, response bodies, Twilio error bodies, Retry-After, Basic auth.
import { Clock, Effect } from "effect"
import { ApiError } from "../transport/ApiError.js"
import type { HttpResponse } from "../transport/HttpTransport.js"

/** The default REST origin (TaskRouter.js v1's default is this plus `/v1`). */
export const DEFAULT_API_BASE_URL = "https://taskrouter.twilio.com"
/** The default event-bridge origin. */
export const DEFAULT_EVENT_BRIDGE_BASE_URL = "https://event-bridge.twilio.com"

/** Strips trailing slashes and a trailing `/v1`, so both `https://host` and v1's `https://host/v1` work. */
export const normalizeApiBaseUrl = (url: string | undefined): string => {
  if (url === undefined || url === "") return DEFAULT_API_BASE_URL
  let u = url.replace(/\/+$/, "")
  if (u.endsWith("/v1")) u = u.slice(0, -3)
  return u.replace(/\/+$/, "")
}

/**
 * The event-bridge origin for a region, as TaskRouter.js v1 computes it: everything before `twilio.com`, then
 * `{region}.us1.twilio.com` (`ie1-ix` gives `https://event-bridge.ie1-ix.us1.twilio.com`). A base URL that is not
 * a twilio.com host (a local emulator) is kept as it is.
 */
export const eventBridgeOrigin = (base: string | undefined, region: string | undefined): string => {
  const origin = (base === undefined || base === "" ? DEFAULT_EVENT_BRIDGE_BASE_URL : base).replace(
    /\/+$/,
    "",
  )
  if (region === undefined || region === "" || !origin.includes("twilio.com")) return origin
  return `${origin.split("twilio.com")[0]}${region}.us1.twilio.com`
}

/** Parses a JSON body; an empty (or blank) body is `undefined`. */
export const parseBody = (
  body: string,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, value: JSON.parse(body) }
  } catch {
    // Only a failed parse pays for the blank check (JSON.parse rejects "" and blanks).
    return body.trim() === "" ? { ok: true, value: undefined } : { ok: false }
  }
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Milliseconds asked for by `Retry-After` (seconds or an HTTP date), if any. */
export const retryAfterMs = (
  headers: Readonly<Record<string, string>>,
  nowMs: number,
): number | undefined => {
  const raw = headers["retry-after"]
  if (raw === undefined) return undefined
  const trimmed = raw.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/** The {@link ApiError} of an error response: Twilio's body if there is one (top level or under `payload`). */
export const apiErrorOf = (response: HttpResponse, nowMs: number): ApiError => {
  const parsed = parseBody(response.body)
  let body: Readonly<Record<string, unknown>> | undefined
  if (parsed.ok && isRecord(parsed.value)) {
    const v = parsed.value
    body = isRecord(v.payload) && v.code === undefined && v.message === undefined ? v.payload : v
  }
  const code = body !== undefined && typeof body.code === "number" ? body.code : response.status
  const bodyMessage =
    body !== undefined && typeof body.message === "string" && body.message !== "" ? body.message : undefined
  const message =
    bodyMessage ??
    `HTTP ${response.status} from ${response.url}${response.body.trim() === "" ? " (empty body)" : ""}`
  const moreInfo = body !== undefined && typeof body.more_info === "string" ? body.more_info : undefined
  const details = body?.details ?? body?.detail
  return new ApiError({
    status: response.status,
    code,
    message,
    moreInfo,
    ...(details === undefined ? {} : { details }),
    retryAfterMs: retryAfterMs(response.headers, nowMs),
  })
}

/** An error for a 2xx answer whose body is not what the dialect expects. */
export const badBodyError = (response: HttpResponse, what: string): ApiError =>
  new ApiError({
    status: response.status,
    code: response.status,
    message: `HTTP ${response.status} from ${response.url} with ${what}: ${JSON.stringify(response.body.slice(0, 120))}`,
  })

/**
 * The JSON body of a 2xx response (`undefined` when empty); otherwise the {@link ApiError} of the answer
 * (`Retry-After` read against the Effect clock, only then) or of a body that is not JSON.
 */
export const responseBody = (response: HttpResponse): Effect.Effect<unknown, ApiError> => {
  if (response.status < 200 || response.status > 299) {
    return Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.fail(apiErrorOf(response, now)))
  }
  const parsed = parseBody(response.body)
  return parsed.ok
    ? Effect.succeed(parsed.value)
    : Effect.fail(badBodyError(response, "a body that is not JSON"))
}
