/** A minimal cookie jar for one client (Node has no cookie store): name to value, attributes ignored. */

const SPLIT_RE = /,(?=\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+=)/

/** Splits a combined `set-cookie` header (several cookies joined with commas) into cookies. */
export const splitSetCookie = (header: string): ReadonlyArray<string> =>
  header
    .split(/\n|\r\n/)
    .flatMap((line) => line.split(SPLIT_RE))
    .map((s) => s.trim())
    .filter((s) => s !== "")

export interface CookieJar {
  /** Stores the cookies of a `set-cookie` header (an empty value or `Max-Age=0` deletes). */
  readonly store: (setCookie: string | undefined) => void
  /** The `cookie` header to send, or undefined when the jar is empty. */
  readonly header: () => string | undefined
}

export const makeCookieJar = (): CookieJar => {
  const cookies = new Map<string, string>()
  return {
    store: (setCookie) => {
      if (setCookie === undefined) return
      for (const cookie of splitSetCookie(setCookie)) {
        const [pair = "", ...attributes] = cookie.split(";")
        const eq = pair.indexOf("=")
        if (eq <= 0) continue
        const name = pair.slice(0, eq).trim()
        const value = pair.slice(eq + 1).trim()
        const expired = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a))
        if (value === "" || expired) cookies.delete(name)
        else cookies.set(name, value)
      }
    },
    header: () => (cookies.size === 0 ? undefined : [...cookies].map(([k, v]) => `${k}=${v}`).join("; ")),
  }
}

/** Merges two `cookie` headers (the second wins for a repeated name). */
export const mergeCookieHeaders = (a: string | undefined, b: string | undefined): string | undefined => {
  if (a === undefined || a === "") return b
  if (b === undefined || b === "") return a
  const merged = new Map<string, string>()
  for (const part of `${a};${b}`.split(";")) {
    const eq = part.indexOf("=")
    if (eq > 0) merged.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  return [...merged].map(([k, v]) => `${k}=${v}`).join("; ")
}
