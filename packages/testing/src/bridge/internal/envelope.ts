/**
 * The JSON envelope TaskRouter.js posts to an event-bridge channel: `{url, method, params, token, event_type?}`.
 */
export interface Envelope {
  readonly url: string
  readonly method: "GET" | "POST" | "DELETE"
  /** The params as name/value pairs, in order; arrays became repeated pairs, objects JSON strings. */
  readonly params: ReadonlyArray<readonly [string, string]>
  readonly token: string | undefined
  readonly eventType: string | undefined
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * A param value as the proxy forwards it: strings as is, numbers and booleans as their text, objects and
 * arrays-in-arrays as JSON (TaskRouter.js sends `Attributes`/`Configuration` as nested objects), `null` and
 * `undefined` dropped.
 */
const valueText = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value)
  return JSON.stringify(value)
}

const paramsToPairs = (params: Record<string, unknown>): Array<readonly [string, string]> => {
  const pairs: Array<readonly [string, string]> = []
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      for (const item of value) {
        const text = valueText(item)
        if (text !== undefined) pairs.push([key, text])
      }
    } else {
      const text = valueText(value)
      if (text !== undefined) pairs.push([key, text])
    }
  }
  return pairs
}

/** Parses and checks an envelope; the error names the offending field. */
export const parseEnvelope = (body: string): Envelope | { readonly error: string } => {
  if (body.trim() === "")
    return { error: "The request body is empty: expected the JSON envelope {url, method, token}" }
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (e) {
    return { error: `The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }
  }
  if (!isRecord(json)) return { error: "The request body must be a JSON object {url, method, params, token}" }
  const { url, method, params, token } = json
  const eventType = json.event_type
  if (typeof url !== "string" || url === "") return { error: "Envelope field url must be a non-empty string" }
  if (typeof method !== "string") return { error: "Envelope field method must be GET, POST or DELETE" }
  const upper = method.toUpperCase()
  if (upper !== "GET" && upper !== "POST" && upper !== "DELETE") {
    return { error: `Envelope field method must be GET, POST or DELETE, got "${method}"` }
  }
  if (params !== undefined && params !== null && !isRecord(params)) {
    return { error: "Envelope field params must be an object of parameter names to values" }
  }
  if (token !== undefined && token !== null && typeof token !== "string") {
    return { error: "Envelope field token must be a string" }
  }
  if (eventType !== undefined && eventType !== null && typeof eventType !== "string") {
    return { error: "Envelope field event_type must be a string" }
  }
  return {
    url,
    method: upper,
    params: isRecord(params) ? paramsToPairs(params) : [],
    token: typeof token === "string" && token !== "" ? token : undefined,
    eventType: typeof eventType === "string" && eventType !== "" ? eventType : undefined,
  }
}

/** Pairs as the `Params` record `Policy.authorize` takes (repeated keys become arrays). */
export const pairsToParams = (
  pairs: ReadonlyArray<readonly [string, string]>,
): Record<string, string | ReadonlyArray<string>> => {
  const out: Record<string, string | Array<string>> = {}
  for (const [k, v] of pairs) {
    const prev = out[k]
    if (prev === undefined) out[k] = v
    else if (Array.isArray(prev)) prev.push(v)
    else out[k] = [prev, v]
  }
  return out
}
