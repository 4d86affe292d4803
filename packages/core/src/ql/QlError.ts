import { Data } from "effect"

/**
 * A QL text or QL item list is malformed, or cannot be compiled or translated. The message says what was
 * expected and where: `offset` is the 0-based character offset in the text, `index` the 0-based item index.
 *
 * @example
 * ```ts
 * import { parseQl, Ql } from "@taskroute/core"
 * try { parseQl("Queue IN x") } catch (e) {
 *   if (e instanceof Ql.QlError) console.log(e.message) // "Expected a value list after IN at offset 9"
 * }
 * ```
 */
export class QlError extends Data.TaggedError("QlError")<{
  readonly message: string
  /** Character offset in the parsed text, for errors found while parsing text. */
  readonly offset?: number | undefined
  /** Item index in the item list, for errors found in items. */
  readonly index?: number | undefined
}> {}
