import type { QlItem, QlScalar } from "../QlItem.js"
import { classify, isList, type Literal, unquote } from "./literal.js"
import { type Node, toTree } from "./tree.js"

/** A record as the compiled predicate sees it: column name to value. */
export type QlRecord = Readonly<Record<string, unknown>>

/** A compiled QL query. */
export type QlPredicate = (record: QlRecord) => boolean

const toNumber = (v: unknown): number =>
  typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN

const toMillis = (v: unknown): number =>
  v instanceof Date
    ? v.getTime()
    : typeof v === "string"
      ? Date.parse(v)
      : typeof v === "number"
        ? v
        : Number.NaN

const toText = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined

const literalOf = (value: QlScalar): Literal => {
  const literal = classify(value)
  // Items are validated before compilation, so classification cannot fail here.
  return typeof literal === "string" ? { kind: "string", text: String(value) } : literal
}

const compareNumber = (a: string, op: string, n: number): QlPredicate => {
  switch (op) {
    case "=":
      return (r) => toNumber(r[a]) === n
    case "<":
      return (r) => toNumber(r[a]) < n
    case "<=":
      return (r) => toNumber(r[a]) <= n
    case ">":
      return (r) => toNumber(r[a]) > n
    default:
      return (r) => toNumber(r[a]) >= n
  }
}

const compareDate = (a: string, op: string, t: number): QlPredicate => {
  switch (op) {
    case "=":
      return (r) => toMillis(r[a]) === t
    case "<":
      return (r) => toMillis(r[a]) < t
    case "<=":
      return (r) => toMillis(r[a]) <= t
    case ">":
      return (r) => toMillis(r[a]) > t
    default:
      return (r) => toMillis(r[a]) >= t
  }
}

const compareText = (a: string, op: string, s: string): QlPredicate => {
  switch (op) {
    case "=":
      return (r) => toText(r[a]) === s
    case "<":
      return (r) => {
        const v = toText(r[a])
        return v !== undefined && v < s
      }
    case "<=":
      return (r) => {
        const v = toText(r[a])
        return v !== undefined && v <= s
      }
    case ">":
      return (r) => {
        const v = toText(r[a])
        return v !== undefined && v > s
      }
    default:
      return (r) => {
        const v = toText(r[a])
        return v !== undefined && v >= s
      }
  }
}

const compileIn = (a: string, values: ReadonlyArray<QlScalar>): QlPredicate => {
  const texts: Array<string> = []
  const numbers: Array<number> = []
  const dates: Array<number> = []
  for (const value of values) {
    const literal = literalOf(value)
    if (literal.kind === "number") numbers.push(literal.number)
    else if (literal.kind === "date") dates.push(literal.millis)
    else texts.push(literal.text)
  }
  // Short lists (the usual case) are scanned; long ones go through a Set.
  const member = <A>(list: ReadonlyArray<A>): ((x: A) => boolean) => {
    const [x0, x1, x2] = list
    if (list.length === 0) return () => false
    if (list.length === 1) return (x) => x === x0
    if (list.length === 2) return (x) => x === x0 || x === x1
    if (list.length === 3) return (x) => x === x0 || x === x1 || x === x2
    if (list.length > 8) {
      const set = new Set(list)
      return (x) => set.has(x)
    }
    return (x) => list.includes(x)
  }
  const inTexts = member(texts)
  const inNumbers = member(numbers)
  const inDates = member(dates)
  const hasTexts = texts.length > 0
  const hasNumbers = numbers.length > 0
  const hasDates = dates.length > 0
  if (hasNumbers && !hasTexts && !hasDates) {
    const [n0, n1, n2] = numbers
    // Lists of up to three numbers are compared inline: the common case of a GTL query, kept call-free.
    if (numbers.length <= 3 && n0 !== undefined) {
      const m1 = n1 ?? n0
      const m2 = n2 ?? m1
      return (r) => {
        const v = r[a]
        if (typeof v === "number") return v === n0 || v === m1 || v === m2
        return typeof v === "string" && v.trim() !== "" && inNumbers(Number(v))
      }
    }
    return (r) => {
      const v = r[a]
      if (typeof v === "number") return inNumbers(v)
      return typeof v === "string" && v.trim() !== "" && inNumbers(Number(v))
    }
  }
  if (hasTexts && !hasNumbers && !hasDates) {
    const [t0, t1, t2] = texts
    if (texts.length <= 3 && t0 !== undefined) {
      const u1 = t1 ?? t0
      const u2 = t2 ?? u1
      return (r) => {
        const v = r[a]
        if (typeof v === "string") return v === t0 || v === u1 || v === u2
        return (typeof v === "number" || typeof v === "boolean") && inTexts(String(v))
      }
    }
    return (r) => {
      const v = r[a]
      if (typeof v === "string") return inTexts(v)
      return (typeof v === "number" || typeof v === "boolean") && inTexts(String(v))
    }
  }
  return (r) => {
    const v = r[a]
    if (typeof v === "string") {
      return (
        inTexts(v) ||
        (hasNumbers && v.trim() !== "" && inNumbers(Number(v))) ||
        (hasDates && inDates(Date.parse(v)))
      )
    }
    if (typeof v === "number") return inNumbers(v) || inDates(v) || (hasTexts && inTexts(String(v)))
    if (typeof v === "boolean") return hasTexts && inTexts(String(v))
    if (v instanceof Date) return inDates(v.getTime())
    return false
  }
}

/** The regular expression of a LIKE pattern: `%` any run of characters, `_` exactly one. */
export const likeToRegExp = (pattern: string): RegExp => {
  let source = ""
  for (const ch of pattern) {
    if (ch === "%") source += "[\\s\\S]*"
    else if (ch === "_") source += "[\\s\\S]"
    else source += ch.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")
  }
  return new RegExp(`^${source}$`, "u")
}

const compileCondition = (item: QlItem): QlPredicate => {
  const a = item.attribute ?? ""
  const op = item.operator.toUpperCase()
  const value = item.value
  if (isList(value)) return compileIn(a, value)
  if (value === undefined) return () => false
  if (op === "LIKE") {
    const re = likeToRegExp(unquote(String(value)))
    return (r) => {
      const v = toText(r[a])
      return v !== undefined && re.test(v)
    }
  }
  const literal = literalOf(value)
  switch (literal.kind) {
    case "number":
      return compareNumber(a, op, literal.number)
    case "date":
      return compareDate(a, op, literal.millis)
    default:
      return compareText(a, op, literal.text)
  }
}

const compileNode = (node: Node): QlPredicate => {
  if (node.type === "condition") return compileCondition(node.item)
  const parts = node.nodes.map(compileNode)
  const [first, second, third] = parts
  if (first === undefined) return () => node.type === "and"
  if (node.type === "and") {
    if (second === undefined) return first
    if (third === undefined) return (r) => first(r) && second(r)
    if (parts.length === 3) return (r) => first(r) && second(r) && third(r)
    return (r) => parts.every((p) => p(r))
  }
  if (second === undefined) return first
  if (third === undefined) return (r) => first(r) || second(r)
  if (parts.length === 3) return (r) => first(r) || second(r) || third(r)
  return (r) => parts.some((p) => p(r))
}

/** Compiles validated items to a predicate; the empty list matches every record. */
export const compileItems = (items: ReadonlyArray<QlItem>): QlPredicate =>
  items.length === 0 ? () => true : compileNode(toTree(items))
