import { isRecord } from "../../internal/guards.js"
import { QlError } from "../QlError.js"
import type { QlItem, QlScalar } from "../QlItem.js"
import { classify, QUOTED_RE } from "./literal.js"

/** The deepest parenthesis nesting accepted (keeps every recursive pass far from the stack limit). */
export const MAX_DEPTH = 256

const COMPARISONS = new Set(["=", ">", "<", ">=", "<="])
const KNOWN = new Set(["LIKE", "IN", "=", ">", "<", ">=", "<=", "OR", "AND", "(", ")"])

const describe = (u: unknown): string => {
  if (u === undefined) return "nothing"
  if (u === null) return "null"
  if (Array.isArray(u)) return "an array"
  if (typeof u === "string") return JSON.stringify(u)
  if (typeof u === "number" || typeof u === "boolean") return String(u)
  return `a value of type ${typeof u}`
}

const fail = (index: number, message: string): QlError =>
  new QlError({ message: `Item ${index}: ${message}`, index })

const checkScalar = (index: number, operator: string, u: unknown): QlScalar => {
  const literal = classify(u)
  if (typeof literal === "string") {
    throw fail(index, `expected ${literal} as the value of ${operator}, found ${describe(u)}`)
  }
  if (typeof u === "number" || typeof u === "string") return u
  throw fail(index, `expected a string or a number as the value of ${operator}, found ${describe(u)}`)
}

const checkItem = (index: number, u: unknown): QlItem => {
  if (!isRecord(u)) throw fail(index, `expected an object with an operator, found ${describe(u)}`)
  for (const key of Object.keys(u)) {
    if (key !== "operator" && key !== "attribute" && key !== "value") {
      throw fail(index, `unexpected key ${JSON.stringify(key)}; expected only operator, attribute and value`)
    }
  }
  const operator = u.operator
  if (typeof operator !== "string" || !KNOWN.has(operator.toUpperCase())) {
    throw fail(
      index,
      `expected an operator (LIKE, IN, =, >, <, >=, <=, OR, AND, (, )), found ${describe(operator)}`,
    )
  }
  const op = operator.toUpperCase()
  if (op === "AND" || op === "OR" || op === "(" || op === ")") {
    if ("attribute" in u || "value" in u) throw fail(index, `${op} takes no attribute and no value`)
    return { operator }
  }
  const attribute = u.attribute
  if (typeof attribute !== "string" || attribute === "") {
    throw fail(index, `expected a column name as the attribute of ${op}, found ${describe(attribute)}`)
  }
  const value = u.value
  if (op === "IN") {
    if (!Array.isArray(value) || value.length === 0) {
      throw fail(index, `IN needs a non-empty list of values, found ${describe(value)}`)
    }
    const list: Array<QlScalar> = []
    for (const v of value) list.push(checkScalar(index, op, v))
    return { operator, value: list, attribute }
  }
  if (op === "LIKE") {
    if (typeof value !== "string" || !QUOTED_RE.test(value)) {
      throw fail(index, `expected a single-quoted pattern as the value of LIKE, found ${describe(value)}`)
    }
    return { operator, value, attribute }
  }
  if (COMPARISONS.has(op)) {
    if (Array.isArray(value)) throw fail(index, `${op} takes one value, not a list`)
    return { operator, value: checkScalar(index, op, value), attribute }
  }
  throw fail(index, `unsupported operator ${describe(operator)}`)
}

/**
 * Checks a list of items: each item's shape and quoting, the alternation of operands (conditions or
 * parenthesised groups) and conjunctions, and balanced parentheses. Throws a {@link QlError} naming the item.
 */
export const validateItems = (u: unknown): ReadonlyArray<QlItem> => {
  if (!Array.isArray(u)) {
    throw new QlError({ message: `Expected an array of QL items, found ${describe(u)}` })
  }
  const items: Array<QlItem> = []
  // expectOperand: the next item must be a condition or "("; otherwise AND, OR or ")".
  let expectOperand = true
  const open: Array<number> = []
  u.forEach((raw: unknown, index) => {
    const item = checkItem(index, raw)
    const op = item.operator.toUpperCase()
    if (expectOperand) {
      if (op === "(") {
        if (open.length >= MAX_DEPTH) throw fail(index, `parentheses nest deeper than ${MAX_DEPTH} levels`)
        open.push(index)
      } else if (op === "AND" || op === "OR" || op === ")") {
        const after = index === 0 ? "at the start" : `after ${items[index - 1]?.operator.toUpperCase()}`
        throw fail(index, `expected a condition or '(' ${after}, found ${op}`)
      } else {
        expectOperand = false
      }
    } else {
      if (op === "AND" || op === "OR") {
        expectOperand = true
      } else if (op === ")") {
        if (open.pop() === undefined) throw fail(index, "')' has no matching '('")
      } else {
        throw fail(index, `expected AND, OR or ')' after a condition, found ${op}`)
      }
    }
    items.push(item)
  })
  if (items.length > 0 && expectOperand) {
    throw fail(
      items.length - 1,
      `expected a condition or '(' after ${items[items.length - 1]?.operator}, found the end`,
    )
  }
  const unclosed = open.pop()
  if (unclosed !== undefined) throw fail(unclosed, "'(' is never closed")
  return items
}
