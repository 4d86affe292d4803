/**
 * A route pattern: a path glob (`*` one segment, `**` any number of segments, `?` and other characters literal)
 * or a regular expression tested against the path (no query string).
 *
 * @example
 * ```ts
 * const everything: Faults.RoutePattern = "/v1/Workspaces/**"
 * ```
 */
export type RoutePattern = string | RegExp

export type RouteMatcher = (path: string) => boolean

const escapeRegExp = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&")

/** Compiles a pattern once. `"**"` matches every path. */
export const compileRoute = (pattern: RoutePattern): RouteMatcher => {
  if (pattern instanceof RegExp) {
    const re = new RegExp(pattern.source, pattern.flags.replace("g", "").replace("y", ""))
    return (path) => re.test(path)
  }
  let source = ""
  let i = 0
  while (i < pattern.length) {
    if (pattern.startsWith("/**", i) && (i + 3 === pattern.length || pattern[i + 3] === "/")) {
      // "/**" matches "" or any "/segment/..." suffix
      source += "(?:/[^?#]*)?"
      i += 3
    } else if (pattern.startsWith("**", i)) {
      source += "[^?#]*"
      i += 2
    } else if (pattern[i] === "*") {
      source += "[^/?#]*"
      i += 1
    } else {
      source += escapeRegExp(pattern[i] ?? "")
      i += 1
    }
  }
  const re = new RegExp(`^${source}/?$`)
  return (path) => re.test(path)
}
