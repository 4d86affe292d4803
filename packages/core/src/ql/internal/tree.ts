import type { QlItem } from "../QlItem.js"

/** A validated item list as a tree: AND binds tighter than OR, parentheses group. */
export type Node =
  | { readonly type: "condition"; readonly item: QlItem; readonly index: number }
  | { readonly type: "and" | "or"; readonly nodes: ReadonlyArray<Node> }

/** Builds the tree of a validated, non-empty item list. */
export const toTree = (items: ReadonlyArray<QlItem>): Node => {
  let pos = 0
  const op = (): string => items[pos]?.operator.toUpperCase() ?? ""
  const primary = (): Node => {
    if (op() === "(") {
      pos++
      const inner = or()
      pos++ // ")" (guaranteed by validation)
      return inner
    }
    const index = pos
    const item = items[pos]
    pos++
    if (item === undefined) throw new Error("unreachable: validated items end with an operand")
    return { type: "condition", item, index }
  }
  const and = (): Node => {
    const nodes = [primary()]
    while (op() === "AND") {
      pos++
      nodes.push(primary())
    }
    return nodes.length === 1 && nodes[0] !== undefined ? nodes[0] : { type: "and", nodes }
  }
  const or = (): Node => {
    const nodes = [and()]
    while (op() === "OR") {
      pos++
      nodes.push(and())
    }
    return nodes.length === 1 && nodes[0] !== undefined ? nodes[0] : { type: "or", nodes }
  }
  return or()
}
