import type { QlItem } from "../QlItem.js"
import { BARE_NAME_RE, isKeyword, isList, printNumber, quote } from "./literal.js"

const printName = (name: string): string => (BARE_NAME_RE.test(name) && !isKeyword(name) ? name : quote(name))

const printScalar = (value: string | number): string =>
  typeof value === "number" ? printNumber(value) : value

/**
 * Prints validated items as QL text, one space between tokens and none inside parentheses:
 * `Queue IN ('a', 'b') AND (x > 1 OR y <= '2020-06-16T23:59:59Z')`.
 */
export const printItems = (
  items: ReadonlyArray<QlItem>,
  labels?: Readonly<Record<string, string>>,
): string => {
  let out = ""
  let previous = ""
  for (const item of items) {
    const op = item.operator.toUpperCase()
    let piece: string
    if (op === "(" || op === ")" || op === "AND" || op === "OR") {
      piece = op
    } else {
      const column = item.attribute ?? ""
      const label = labels !== undefined && Object.hasOwn(labels, column) ? labels[column] : undefined
      const name = printName(label ?? column)
      const value = item.value
      const printed = isList(value)
        ? `(${value.map(printScalar).join(", ")})`
        : printScalar(typeof value === "number" || typeof value === "string" ? value : "")
      piece = `${name} ${op} ${printed}`
    }
    const glue = out === "" || previous === "(" || op === ")" ? "" : " "
    out += glue + piece
    previous = op
  }
  return out
}
