// Shared by the two dialects: base URLs, response bodies, Twilio error bodies, Retry-After, Basic auth.
import { Clock, Effect } from "effect"
import { ApiError } from "../transport/ApiError.js"
import type { Dialect, DialectRequest, DialectResponse } from "../transport/Dialect.js"
import type { HttpRequest, HttpResponse, HttpTransport } from "../transport/HttpTransport.js"
import type { TransportError } from "../transport/TransportError.js"
import { isRecord } from "./guards.js"

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

/** What {@link parseBody} and {@link okBody} answer for a body that is not JSON (or an error status). */
export const NOT_OK: unique symbol = Symbol()

/** Parses a JSON body; an empty (or blank) body is `undefined`, one that is not JSON {@link NOT_OK}. */
export const parseBody = (body: string): unknown => {
  try {
    return JSON.parse(body)
  } catch {
    // Only a failed parse pays for the blank check (JSON.parse rejects "" and blanks).
    return body.trim() === "" ? undefined : NOT_OK
  }
}

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
  const v = parseBody(response.body)
  let body: Readonly<Record<string, unknown>> | undefined
  if (isRecord(v)) {
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

/** The JSON body of a 2xx response (`undefined` when empty), else {@link NOT_OK}; no Effect, no Clock. */
export const okBody = (response: HttpResponse): unknown =>
  response.status < 200 || response.status > 299 ? NOT_OK : parseBody(response.body)

/**
 * The failure of a response {@link okBody} refused: the {@link ApiError} of an error answer (`Retry-After` read
 * against the Effect clock, only then) or of a 2xx body that is not JSON.
 */
export const failure = (response: HttpResponse): Effect.Effect<never, ApiError> =>
  response.status < 200 || response.status > 299
    ? Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.fail(apiErrorOf(response, now)))
    : Effect.fail(badBodyError(response, "a body that is not JSON"))

/** What a dialect's `decode` makes of a response: its answer, or the failed Effect of a refused one. */
type Decode = (response: HttpResponse) => DialectResponse | Effect.Effect<never, ApiError>

/** A dialect's exchange as an Effect: sends the HTTP request over the transport's `send`, then `decode`s. */
export const sendOver =
  (send: HttpTransport["Service"]["send"], decode: Decode) =>
  (request: HttpRequest): Effect.Effect<DialectResponse, ApiError | TransportError> =>
    Effect.flatMap(send(request), (response) => {
      const answer = decode(response)
      return Effect.isEffect(answer) ? answer : Effect.succeed(answer)
    })

/**
 * The same exchange as a dialect's `start`, over the transport's (absent when the transport has none): `toHttp`
 * builds the HTTP request, `decode` reads the answer, and a transport failure is answered as a failed Effect.
 */
export const startOver = (
  begin: HttpTransport["Service"]["start"],
  toHttp: (request: DialectRequest) => HttpRequest,
  decode: Decode,
): Dialect["Service"]["start"] =>
  begin &&
  ((request, onAnswer) =>
    begin(
      toHttp(request),
      (response) => onAnswer(decode(response)),
      (error) => onAnswer(Effect.fail(error)),
    ))

/**
 * A dialect's successful answer; the response headers are read on demand (only errors and retries use them). A
 * class, as `ReadResponse` in the fetch transport: an object literal with a getter costs V8 far more to build.
 */
class Answer implements DialectResponse {
  readonly status: number
  readonly payload: unknown
  readonly eventType: string | undefined
  readonly #response: HttpResponse
  constructor(response: HttpResponse, payload: unknown, eventType: string | undefined) {
    this.status = response.status
    this.payload = payload
    this.eventType = eventType
    this.#response = response
  }
  get headers(): Readonly<Record<string, string>> {
    return this.#response.headers
  }
}

/** A dialect's successful answer (see {@link Answer}). */
export const answer = (
  response: HttpResponse,
  payload: unknown,
  eventType: string | undefined,
): DialectResponse => new Answer(response, payload, eventType)
