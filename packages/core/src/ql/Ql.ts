/**
 * QL: the query language of the iWD Global Task List, as a typed value.
 *
 * Text form: conditions `column operator value` joined by `AND` / `OR` (AND binds tighter), grouped with
 * parentheses. Operators `=`, `>`, `<`, `>=`, `<=`, `IN ( v, ... )`, `LIKE 'pattern'` and the keywords are
 * case-insensitive. A column is a bare name (`Queue`) or a single-quoted label (`'Business Value'`); with a
 * column map, labels (exact, then case-insensitive) and column names are accepted and every other name is an
 * error. Values are single-quoted strings (`''` writes a quote), numbers and dates.
 *
 * Dates: items carry dates as quoted `'YYYY-MM-DDTHH:mm:ssZ'` strings; any quoted value that starts like a
 * date (`YYYY-MM-DD`) must be one. In text a date may also be written bare (`2020-06-16T14:10:12Z`) or as a
 * date only (`2020-06-16`, bare or quoted), which names the whole UTC day and is widened:
 * - `<= d` becomes `<= 'dT23:59:59Z'` and `> d` becomes `> 'dT23:59:59Z'` (after the day's last second);
 * - `< d` becomes `< 'dT00:00:00Z'` and `>= d` becomes `>= 'dT00:00:00Z'` (from the day's first second);
 * - `= d` becomes `( col >= 'dT00:00:00Z' AND col <= 'dT23:59:59Z' )`;
 * - a date only inside an `IN` list is an error (write full date-times there).
 *
 * Evaluation ({@link compileQl}): a missing (`undefined`/`null`) column never matches; numbers compare with
 * numbers and numeric strings; date values compare as instants with `Date`s, ISO strings and epoch millis;
 * other strings compare by UTF-16 code units, case-sensitively (LIKE too; `%` is any run, `_` one character).
 *
 * @example
 * ```ts
 * import { Ql } from "@taskroute/core"
 * const items = Ql.parseQl("Queue IN ('iWD_Rejected') and 'Completed Date' <= 2020-06-16", {
 *   columns: { Queue: "queue", "Completed Date": "completed_at" },
 * })
 * Ql.compileQl(items)({ queue: "iWD_Rejected", completed_at: "2020-06-16T10:00:00Z" }) // true
 * ```
 *
 * @packageDocumentation
 */
import { Effect } from "effect"
import { type QlPredicate, type QlRecord, compileItems } from "./internal/compile.js"
import { toExpressionText } from "./internal/expression.js"
import { parseText } from "./internal/parser.js"
import { printItems } from "./internal/printer.js"
import { validateItems } from "./internal/validate.js"
import { QlError } from "./QlError.js"
import type { QlColumns, QlItem } from "./QlItem.js"

export { QlError } from "./QlError.js"
export {
  QL_OPERATORS,
  type QlColumns,
  type QlItem,
  QlItemSchema,
  type QlOperator,
  type QlScalar,
} from "./QlItem.js"
export type { QlPredicate, QlRecord }

/**
 * Options of {@link parseQl}.
 *
 * @example
 * ```ts
 * import type { Ql } from "@taskroute/core"
 * const options: Ql.ParseQlOptions = { columns: { Queue: "queue" } }
 * ```
 */
export interface ParseQlOptions {
  /** Labels (as written in the text) to column names (as sent in the items). */
  readonly columns?: QlColumns | undefined
}

/**
 * Options of {@link printQl}.
 *
 * @example
 * ```ts
 * import type { Ql } from "@taskroute/core"
 * const options: Ql.PrintQlOptions = { labels: { queue: "Queue" } }
 * ```
 */
export interface PrintQlOptions {
  /** Column names to the labels to print (the reverse of the parser's `columns`). */
  readonly labels?: Readonly<Record<string, string>> | undefined
}

/**
 * Parses QL text into items. Throws a {@link QlError} (and nothing else) naming the character offset and
 * what was expected. The empty text gives the empty list.
 *
 * @example
 * ```ts
 * import { parseQl } from "@taskroute/core"
 * parseQl("Queue IN ( 'iWD_Rejected' , 'iWD_Canceled' ) and 'Business Value' in ( 1, 2, 3)", {
 *   columns: { Queue: "queue", "Business Value": "IWD_businessValue" },
 * })
 * // [{ operator: "IN", value: ["'iWD_Rejected'", "'iWD_Canceled'"], attribute: "queue" }, { operator: "AND" }, ...]
 * ```
 */
export const parseQl = (text: string, options?: ParseQlOptions): ReadonlyArray<QlItem> => {
  if (typeof text !== "string") {
    throw new QlError({ message: `Expected QL text (a string), found a value of type ${typeof text}` })
  }
  return parseText(text, options)
}

/**
 * Checks items (for example received as JSON) and returns them typed, with keys in the documented order.
 * Checks each item's shape, known operators in any case, values (quoted strings with `''` escapes, dates
 * `'YYYY-MM-DDTHH:mm:ssZ'`, finite numbers, non-empty IN lists), the alternation of conditions and
 * conjunctions, and balanced parentheses. Throws a {@link QlError} naming the item index.
 *
 * @example
 * ```ts
 * import { validateQl } from "@taskroute/core"
 * validateQl([{ operator: "=", value: "'Gold'", attribute: "tier" }]) // ok
 * validateQl([{ operator: "AND" }]) // throws QlError "Item 0: expected a condition or '(' at the start, found AND"
 * ```
 */
export const validateQl = (items: unknown): ReadonlyArray<QlItem> => validateItems(items)

/**
 * Prints items as QL text; `parseQl(printQl(items))` gives back the items (with upper-case operators).
 * Throws a {@link QlError} for invalid items.
 *
 * @example
 * ```ts
 * import { printQl } from "@taskroute/core"
 * printQl([{ operator: "IN", value: [1, 2], attribute: "IWD_businessValue" }], {
 *   labels: { IWD_businessValue: "Business Value" },
 * }) // "'Business Value' IN (1, 2)"
 * ```
 */
export const printQl = (items: ReadonlyArray<QlItem>, options?: PrintQlOptions): string =>
  printItems(validateItems(items), options?.labels)

/**
 * Compiles items once into a predicate over a record `{ [column]: value }` (see the module notes for the
 * comparison rules). Throws a {@link QlError} for invalid items.
 *
 * @example
 * ```ts
 * import { Ql } from "@taskroute/core"
 * const gold = Ql.compileQl(Ql.parseQl("tier = 'Gold' OR name LIKE 'A%'"))
 * ;[{ tier: "Gold" }, { name: "Ann" }, { name: "Bob" }].filter(gold) // the first two
 * ```
 */
export const compileQl = (items: ReadonlyArray<QlItem>): QlPredicate => compileItems(validateItems(items))

/**
 * Writes items as a TaskRouter expression (`=` as `==`, `IN` lists in brackets, groups in parentheses;
 * dates are compared as strings there). The empty list is `1==1`. Throws a {@link QlError} where no
 * expression exists: LIKE, a column that is not an expression key, a string with both quote characters.
 *
 * @example
 * ```ts
 * import { Ql } from "@taskroute/core"
 * Ql.toExpression(Ql.parseQl("queue IN ('a', 'b') AND priority >= 5")) // "queue IN ['a', 'b'] AND priority >= 5"
 * ```
 */
export const toExpression = (items: ReadonlyArray<QlItem>): string => toExpressionText(validateItems(items))

const attempt = <A>(f: () => A): Effect.Effect<A, QlError> =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(f())
    } catch (e) {
      if (e instanceof QlError) return Effect.fail(e)
      return Effect.die(e)
    }
  })

/**
 * {@link parseQl} as an Effect failing with {@link QlError}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Ql } from "@taskroute/core"
 * const items = Ql.parse("a = 1").pipe(Effect.catchTag("QlError", () => Effect.succeed([])))
 * ```
 */
export const parse = (
  text: string,
  options?: ParseQlOptions,
): Effect.Effect<ReadonlyArray<QlItem>, QlError> => attempt(() => parseQl(text, options))

/**
 * {@link validateQl} as an Effect failing with {@link QlError}.
 *
 * @example
 * ```ts
 * import { Ql } from "@taskroute/core"
 * const checked = Ql.validate(JSON.parse('[{"operator":"=","value":1,"attribute":"x"}]'))
 * ```
 */
export const validate = (items: unknown): Effect.Effect<ReadonlyArray<QlItem>, QlError> =>
  attempt(() => validateQl(items))

/**
 * {@link compileQl} as an Effect failing with {@link QlError}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Ql } from "@taskroute/core"
 * const matches = Ql.parse("x > 1").pipe(Effect.flatMap(Ql.compile))
 * ```
 */
export const compile = (items: ReadonlyArray<QlItem>): Effect.Effect<QlPredicate, QlError> =>
  attempt(() => compileQl(items))

/**
 * {@link toExpression} as an Effect failing with {@link QlError}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Ql } from "@taskroute/core"
 * const expression = Ql.parse("x = 'a'").pipe(Effect.flatMap(Ql.expression)) // "x == 'a'"
 * ```
 */
export const expression = (items: ReadonlyArray<QlItem>): Effect.Effect<string, QlError> =>
  attempt(() => toExpression(items))
