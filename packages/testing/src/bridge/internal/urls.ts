import { Policy } from "@taskroute/core"

/** Which Twilio service a URL names. */
export type Service = "taskrouter" | "event-bridge"

const TWILIO_HOST = /^(taskrouter|event-bridge)(?:\.[a-z0-9-]+)*\.twilio\.com$/
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"])

/** The service a path of the emulator belongs to: the channel URLs are the event bridge, the rest is REST. */
export const serviceOfPath = (path: string): Service =>
  path === "/v1/wschannels" || path.startsWith("/v1/wschannels/") ? "event-bridge" : "taskrouter"

/** The origin (`scheme://host[:port]`) of an absolute URL, or undefined. */
export const originOf = (url: string): string | undefined => {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(url)
  return m?.[1]
}

/** Is `host` (with port) the emulator's own host, given its own origin? Loopback aliases count on the same port. */
const isOwnHost = (url: URL, ownOrigin: string): boolean => {
  let own: URL
  try {
    own = new URL(ownOrigin)
  } catch {
    return false
  }
  if (url.host.toLowerCase() === own.host.toLowerCase()) return true
  return (
    LOOPBACK.has(url.hostname.toLowerCase()) &&
    LOOPBACK.has(own.hostname.toLowerCase()) &&
    url.port === own.port
  )
}

/** A proxied URL, resolved. */
export interface ResolvedUrl {
  /** `/v1/Workspaces/WS…/Workers` (trailing slashes removed). */
  readonly path: string
  readonly query: ReadonlyArray<readonly [string, string]>
  /** The origin the client named (used for `url`, `links` and `meta` URLs of the answer). */
  readonly origin: string
  readonly service: Service
}

/**
 * Resolves a URL found in an envelope: absolute on a Twilio host (`taskrouter.twilio.com`,
 * `event-bridge.twilio.com`, regional variants), absolute on the emulator's own origin, or relative (as
 * TaskRouter.js v2 sends them: `Workspaces/WS…/Workers`, taken relative to `https://taskrouter.twilio.com/v1/`).
 */
export const resolveUrl = (raw: string, ownOrigin: string): ResolvedUrl | { readonly error: string } => {
  let url: URL
  try {
    url = new URL(raw, `${Policy.TASKROUTER_BASE_URL}/v1/`)
  } catch {
    return { error: `url "${raw}" is not a valid URL` }
  }
  const host = url.hostname.toLowerCase()
  const twilio = TWILIO_HOST.exec(host)
  let service: Service
  if (twilio !== null) {
    service = twilio[1] === "event-bridge" ? "event-bridge" : "taskrouter"
  } else if (isOwnHost(url, ownOrigin)) {
    service = serviceOfPath(url.pathname)
  } else {
    return {
      error: `url "${raw}" names neither TaskRouter (${Policy.TASKROUTER_BASE_URL}) nor this emulator (${ownOrigin})`,
    }
  }
  let path = url.pathname
  while (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1)
  let decodedPath: string
  try {
    decodedPath = decodeURIComponent(path)
  } catch {
    return { error: `url "${raw}" has a malformed percent-encoding in its path` }
  }
  const query: Array<readonly [string, string]> = []
  for (const [k, v] of url.searchParams) query.push([k, v])
  return { path: decodedPath, query, origin: `${url.protocol}//${url.host}`, service }
}

/** The canonical Twilio URL of a path of the emulator (what policies are matched against). */
export const canonicalUrlOfPath = (path: string): string =>
  serviceOfPath(path) === "event-bridge"
    ? `https://event-bridge.twilio.com${path}`
    : `${Policy.TASKROUTER_BASE_URL}${path}`

/**
 * The `canonicalize` function for `Policy.authorize`: URLs on the emulator's own origin are mapped to the Twilio
 * service their path belongs to, then Twilio's regional hosts to the global ones.
 */
export const makeCanonicalize = (ownOrigin: string): ((url: string) => string) => {
  const own = ownOrigin.toLowerCase()
  return (url) => {
    if (url.toLowerCase().startsWith(own)) {
      const rest = url.slice(own.length)
      if (rest === "" || rest.startsWith("/"))
        return Policy.canonicalTwilioUrl(canonicalUrlOfPath(rest || "/"))
    }
    return Policy.canonicalTwilioUrl(url)
  }
}
