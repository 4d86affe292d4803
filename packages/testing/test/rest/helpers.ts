import type { Effect } from "effect"
import type { Emulator, RestRequest, RestResponse } from "../../src/store/Emulator.js"

/** The origin tests build URLs from. */
export const base = "https://taskrouter.twilio.com"

/** A request helper bound to an emulator and its seeded account. */
export const client = (emulator: Emulator, accountSid = emulator.seed.accountSid) => {
  const send = (
    method: RestRequest["method"],
    path: string,
    params: Record<string, string | ReadonlyArray<string>> = {},
    extra: { readonly headers?: Record<string, string>; readonly json?: unknown } = {},
  ): Effect.Effect<RestResponse> => {
    const entries: Array<readonly [string, string]> = []
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === "string") entries.push([k, v])
      else for (const item of v) entries.push([k, item])
    }
    return emulator.handle({
      method,
      path,
      query: method === "GET" ? entries : [],
      form: method === "POST" ? entries : [],
      ...(extra.json === undefined ? {} : { json: extra.json }),
      headers: extra.headers ?? {},
      accountSid,
      baseUrl: base,
    })
  }
  const ws = `/v1/Workspaces/${emulator.seed.workspaceSid}`
  return {
    ws,
    get: (
      path: string,
      params?: Record<string, string | ReadonlyArray<string>>,
      headers?: Record<string, string>,
    ) => send("GET", path, params, headers === undefined ? {} : { headers }),
    post: (
      path: string,
      params?: Record<string, string | ReadonlyArray<string>>,
      headers?: Record<string, string>,
    ) => send("POST", path, params, headers === undefined ? {} : { headers }),
    postJson: (path: string, json: unknown) => send("POST", path, {}, { json }),
    del: (path: string, headers?: Record<string, string>) =>
      send("DELETE", path, {}, headers === undefined ? {} : { headers }),
  }
}

/** Reads a field of a JSON body (throws when the body is not an object: a failing test, not a cast). */
export const field = (body: unknown, key: string): unknown => {
  if (typeof body !== "object" || body === null) throw new Error(`not an object: ${JSON.stringify(body)}`)
  return Reflect.get(body, key)
}

/** The string field of a JSON body. */
export const str = (body: unknown, key: string): string => {
  const v = field(body, key)
  if (typeof v !== "string") throw new Error(`${key} is not a string in ${JSON.stringify(body)}`)
  return v
}

/** The array field of a JSON body. */
export const arr = (body: unknown, key: string): ReadonlyArray<unknown> => {
  const v = field(body, key)
  if (!Array.isArray(v)) throw new Error(`${key} is not an array in ${JSON.stringify(body)}`)
  return v
}
