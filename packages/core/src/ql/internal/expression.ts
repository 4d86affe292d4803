import { QlError } from "../QlError.js"
import type { QlItem, QlScalar } from "../QlItem.js"
import { isList, printNumber, unquote } from "./literal.js"
import { type Node, toTree } from "./tree.js"

const REFERENCE_RE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/

const fail = (index: number, message: string): QlError =>
  new QlError({ message: `Item ${index}: ${message}`, index })

const constant = (index: number, value: QlScalar): string => {
  if (typeof value === "number") return printNumber(value)
  const text = unquote(value)
  if (!text.includes("'")) return `'${text}'`
  if (!text.includes('"')) return `"${text}"`
  throw fail(
    index,
    `the string ${value} holds both quote characters, which a TaskRouter expression cannot write`,
  )
}

const condition = (item: QlItem, index: number): string => {
  const op = item.operator.toUpperCase()
  const attribute = item.attribute ?? ""
  if (op === "LIKE") {
    throw fail(
      index,
      "LIKE has no TaskRouter expression equivalent (the expression language has no pattern match)",
    )
  }
  if (!REFERENCE_RE.test(attribute)) {
    throw fail(
      index,
      `the column '${attribute}' is not a valid TaskRouter expression key (letters, digits, _ and dots)`,
    )
  }
  const value = item.value
  if (isList(value)) return `${attribute} IN [${value.map((v: QlScalar) => constant(index, v)).join(", ")}]`
  if (value === undefined) throw fail(index, `${op} needs a value`)
  return `${attribute} ${op === "=" ? "==" : op} ${constant(index, value)}`
}

const write = (node: Node, parent: "and" | "or" | undefined): string => {
  if (node.type === "condition") return condition(node.item, node.index)
  const inner = node.nodes.map((n) => write(n, node.type)).join(node.type === "and" ? " AND " : " OR ")
  return parent === undefined ? inner : `(${inner})`
}

/**
 * Writes validated items as a TaskRouter expression; the empty list is `1==1`. Throws {@link QlError} for
 * LIKE, for columns that are not expression keys, and for strings holding both quote characters.
 */
export const toExpressionText = (items: ReadonlyArray<QlItem>): string =>
  items.length === 0 ? "1==1" : write(toTree(items), undefined)
