import type { Expression, Operand, Reference, Scalar } from "../../expression/Expression.js"

const printString = (value: string): string => {
  // Prefer single quotes; switch to double quotes when that avoids escaping. Backslashes are always escaped,
  // so the parser (which reads \\ \' \" as escapes and keeps any other backslash) gives back the same value.
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'"
  let out = quote
  for (const c of value) {
    if (c === "\\" || c === quote) out += "\\"
    out += c
  }
  return out + quote
}

const printNumber = (value: number): string => (Object.is(value, -0) ? "-0" : String(value))

const printScalar = (s: Scalar): string => {
  switch (s._tag) {
    case "String":
      return printString(s.value)
    case "Number":
      return printNumber(s.value)
    case "Boolean":
      return s.value ? "true" : "false"
  }
}

/** `task.languages[0]`; keys after the first are joined with ".", indexes written as `[n]`. */
export const printPath = (path: Reference["path"]): string => {
  let out = path[0]
  for (let i = 1; i < path.length; i++) {
    const seg = path[i]
    out += typeof seg === "number" ? `[${seg}]` : `.${seg}`
  }
  return out
}

const printOperand = (o: Operand): string => {
  switch (o._tag) {
    case "Reference":
      return printPath(o.path)
    case "Array":
      return `[${o.elements.map(printScalar).join(", ")}]`
    default:
      return printScalar(o)
  }
}

/**
 * Canonical text: upper-case keywords, single spaces, and parentheses only where the structure needs them
 * (an OR inside an AND, or a group of the same kind nested on purpose).
 */
export const print = (expr: Expression): string => {
  switch (expr._tag) {
    case "Comparison":
      return `${printOperand(expr.left)} ${expr.operator} ${printOperand(expr.right)}`
    case "And":
      return expr.operands.map((e) => (e._tag === "Comparison" ? print(e) : `(${print(e)})`)).join(" AND ")
    case "Or":
      return expr.operands.map((e) => (e._tag === "Or" ? `(${print(e)})` : print(e))).join(" OR ")
  }
}
