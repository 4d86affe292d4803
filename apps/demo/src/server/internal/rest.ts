/**
 * A minimal TaskRouter v1 REST client for the demo's server side (the simulation): HTTP Basic with the
 * account's credentials, form-encoded bodies, JSON answers. It is deliberately small: the console itself uses
 * `@taskroute/browser`, and the back-end example uses `@taskroute/node`.
 */

/** A REST call that did not succeed: the status and, when the service sent one, its error code and message. */
export class RestError extends Error {
  readonly _tag = "RestError"
  readonly status: number
  readonly code: number | undefined
  constructor(status: number, code: number | undefined, message: string) {
    super(message)
    this.name = "RestError"
    this.status = status
    this.code = code
  }
}

export interface RestClientOptions {
  /** `https://taskrouter.twilio.com` or the emulator's URL (no trailing slash, no `/v1`). */
  readonly baseUrl: string
  readonly accountSid: string
  readonly authToken: string
  readonly workspaceSid: string
  /** Aborts a request that takes longer (default 15 s). */
  readonly timeoutMs?: number | undefined
}

export type Params = Readonly<Record<string, string | number | boolean | undefined>>

export interface RestClient {
  readonly workspaceSid: string
  /** GET `/v1/Workspaces/{WS}{path}` with query parameters; resolves the JSON body. */
  readonly get: (path: string, query?: Params) => Promise<unknown>
  /** POST a form to `/v1/Workspaces/{WS}{path}`; resolves the JSON body. */
  readonly post: (path: string, form: Params) => Promise<unknown>
  /** Every item of a list resource (following `meta.next_page_url`), up to `limit` items. */
  readonly list: (path: string, key: string, query?: Params, limit?: number) => Promise<ReadonlyArray<object>>
}

const encode = (params: Params | undefined): string => {
  const out = new URLSearchParams()
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined) out.append(key, String(value))
  }
  return out.toString()
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

export const makeRestClient = (options: RestClientOptions): RestClient => {
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`
  const root = `${options.baseUrl}/v1/Workspaces/${options.workspaceSid}`
  const timeoutMs = options.timeoutMs ?? 15_000

  const call = async (method: "GET" | "POST", url: string, body?: string): Promise<unknown> => {
    const response = await fetch(url, {
      method,
      headers: {
        authorization,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      },
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await response.text()
    let json: unknown
    try {
      json = text === "" ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    if (!response.ok) {
      const code = isRecord(json) && typeof json.code === "number" ? json.code : undefined
      const message = isRecord(json) && typeof json.message === "string" ? json.message : text.slice(0, 200)
      throw new RestError(
        response.status,
        code,
        `${method} ${url} failed with ${response.status}: ${message}`,
      )
    }
    return json
  }

  const withQuery = (url: string, query: Params | undefined) => {
    const q = encode(query)
    return q === "" ? url : `${url}?${q}`
  }

  return {
    workspaceSid: options.workspaceSid,
    get: (path, query) => call("GET", withQuery(`${root}${path}`, query)),
    post: (path, form) => call("POST", `${root}${path}`, encode(form)),
    list: async (path, key, query, limit = 1000) => {
      const items: Array<object> = []
      let url: string | undefined = withQuery(`${root}${path}`, { PageSize: 100, ...query })
      while (url !== undefined && items.length < limit) {
        const page = await call("GET", url)
        if (!isRecord(page)) break
        const list = page[key]
        if (Array.isArray(list)) for (const item of list) if (isRecord(item)) items.push(item)
        const meta = page.meta
        const next = isRecord(meta) && typeof meta.next_page_url === "string" ? meta.next_page_url : undefined
        // The service answers absolute URLs on its own host; keep talking to the configured base URL.
        const nextUrl = next === undefined ? undefined : new URL(next)
        url = nextUrl === undefined ? undefined : `${options.baseUrl}${nextUrl.pathname}${nextUrl.search}`
      }
      return items.slice(0, limit)
    },
  }
}

/** A string field of a wire object, or undefined. */
export const str = (o: unknown, key: string): string | undefined => {
  if (!isRecord(o)) return undefined
  const v = o[key]
  return typeof v === "string" ? v : undefined
}

/** A boolean field of a wire object, or undefined. */
export const bool = (o: unknown, key: string): boolean | undefined => {
  if (!isRecord(o)) return undefined
  const v = o[key]
  return typeof v === "boolean" ? v : undefined
}

export { isRecord }
