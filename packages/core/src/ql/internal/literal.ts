/** Literal helpers shared by the QL parser, validator, printer, compiler and expression writer. */

/** `YYYY-MM-DDTHH:mm:ssZ`, the one date format of the GTL API. */
export const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/
/** `YYYY-MM-DD`, accepted in text only and widened to a date-time bound. */
export const DATE_ONLY_RE = /^(\d{4})-(\d{2})-(\d{2})$/
/** Anything that starts like a date is treated as one and must be a valid date. */
export const DATE_PREFIX_RE = /^\d{4}-\d{2}-\d{2}/
/** A single-quoted literal in which a quote is written `''`. */
export const QUOTED_RE = /^'(?:[^']|'')*'$/
/** A name the text form can carry without quotes. */
export const BARE_NAME_RE = /^[\p{L}_][\p{L}\p{N}_.]*$/u

const KEYWORDS = new Set(["AND", "OR", "IN", "LIKE"])

/** True for AND, OR, IN, LIKE in any case. */
export const isKeyword = (word: string): boolean => KEYWORDS.has(word.toUpperCase())

/** Writes `s` as a single-quoted literal, doubling quotes. */
export const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`

/** The content of a quoted literal (assumes {@link QUOTED_RE} holds). */
export const unquote = (literal: string): string => literal.slice(1, -1).replaceAll("''", "'")

const validYmd = (y: number, m: number, d: number): boolean => {
  if (m < 1 || m > 12 || d < 1) return false
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= last
}

/** Epoch millis of a `YYYY-MM-DDTHH:mm:ssZ` string, or undefined when the format or a field is wrong. */
export const parseDateTime = (s: string): number | undefined => {
  const m = DATE_TIME_RE.exec(s)
  if (m === null) return undefined
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  if (!validYmd(y, mo, d) || h > 23 || mi > 59 || se > 59) return undefined
  return Date.UTC(y, mo - 1, d, h, mi, se)
}

/** True when `s` is a valid `YYYY-MM-DD`. */
export const isDateOnly = (s: string): boolean => {
  const m = DATE_ONLY_RE.exec(s)
  if (m === null) return false
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number]
  return validYmd(y, mo, d)
}

/** True for the list value of an IN item (narrows readonly arrays, which `Array.isArray` does not). */
export const isList = (value: unknown): value is ReadonlyArray<string | number> => Array.isArray(value)

/** Prints a number so that `Number(text)` gives it back (including `-0`). */
export const printNumber = (n: number): string => (Object.is(n, -0) ? "-0" : String(n))

/** What a scalar item value denotes. */
export type Literal =
  | { readonly kind: "number"; readonly number: number }
  | { readonly kind: "date"; readonly millis: number; readonly text: string }
  | { readonly kind: "string"; readonly text: string }

/**
 * Classifies a validated scalar: numbers, quoted date-times, other quoted strings. Returns a reason string
 * when the scalar is not a valid literal.
 */
export const classify = (value: unknown): Literal | string => {
  if (typeof value === "number") {
    return Number.isFinite(value) ? { kind: "number", number: value } : "a finite number"
  }
  if (typeof value !== "string") return "a single-quoted string, a date or a number"
  if (!QUOTED_RE.test(value)) {
    return "a single-quoted string (write a quote inside it as '') or a number"
  }
  const text = unquote(value)
  if (DATE_PREFIX_RE.test(text)) {
    const millis = parseDateTime(text)
    if (millis === undefined) return "a date in the format YYYY-MM-DDTHH:mm:ssZ"
    return { kind: "date", millis, text }
  }
  return { kind: "string", text }
}
