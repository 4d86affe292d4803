import { Data } from "effect"

/** What {@link ExpressionError}'s constructor needs: the message is derived from these fields. */
export interface ExpressionErrorFields {
  /** The text that was parsed. */
  readonly source: string
  /** 0-based character offset (UTF-16 code units) where the problem was found; `source.length` at the end. */
  readonly position: number
  /** What the parser expected there, in words: `a value`, `an operator`, `")"`. */
  readonly expected: string
  /** The text found at `position` (`end of input` at the end). */
  readonly found: string
  /** The token before `position`, when there is one: it makes the message easier to act on. */
  readonly after?: string | undefined
}

const excerptLimit = 160

const excerpt = (source: string, position: number): string => {
  if (source.length <= excerptLimit) return source
  const start = Math.max(0, Math.min(position - excerptLimit / 2, source.length - excerptLimit))
  const end = start + excerptLimit
  return `${start > 0 ? "…" : ""}${source.slice(start, end)}${end < source.length ? "…" : ""}`
}

const render = (f: ExpressionErrorFields): string => {
  const after = f.after === undefined ? "" : ` after ${JSON.stringify(f.after)}`
  const found = f.found === "end of input" ? "" : ` but found ${JSON.stringify(f.found)}`
  return `Expected ${f.expected}${after}${found} at position ${f.position} in ${JSON.stringify(excerpt(f.source, f.position))}`
}

/**
 * A TaskRouter expression could not be parsed. `position` is the 0-based character offset of the problem,
 * `expected` says what would have been accepted there, and `message` puts both in one sentence.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const error = Expression.validate("skills HAS 'a' AND x ==")
 * error?.message // Expected a value after "==" at position 23 in "skills HAS 'a' AND x =="
 * ```
 */
export class ExpressionError extends Data.TaggedError("ExpressionError")<{
  readonly source: string
  readonly position: number
  readonly expected: string
  readonly found: string
  readonly message: string
}> {
  constructor(fields: ExpressionErrorFields) {
    super({
      source: fields.source,
      position: fields.position,
      expected: fields.expected,
      found: fields.found,
      message: render(fields),
    })
  }
}
