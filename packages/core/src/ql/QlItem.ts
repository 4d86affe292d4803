import { Schema } from "effect"

/**
 * The operators of a QL item, as the iWD GTL API spells them. Items may carry them in any case (`"in"`,
 * `"And"`); the parser always produces these upper-case spellings.
 *
 * @example
 * ```ts
 * import { Ql } from "@taskroute/core"
 * Ql.QL_OPERATORS.includes("LIKE") // true
 * ```
 */
export const QL_OPERATORS = ["LIKE", "IN", "=", ">", "<", ">=", "<=", "OR", "AND", "(", ")"] as const

/**
 * One of {@link QL_OPERATORS}.
 *
 * @example
 * ```ts
 * import type { Ql } from "@taskroute/core"
 * const op: Ql.QlOperator = ">="
 * ```
 */
export type QlOperator = (typeof QL_OPERATORS)[number]

/**
 * A scalar value of a QL item: a finite number, or a string literal that keeps its single quotes
 * (`"'iWD_Rejected'"`, `"'2020-06-16T23:59:59Z'"`, `"'it''s'"` for `it's`).
 *
 * @example
 * ```ts
 * import type { Ql } from "@taskroute/core"
 * const values: ReadonlyArray<Ql.QlScalar> = [1, "'Gold'", "'2020-06-18T14:10:12Z'"]
 * ```
 */
export type QlScalar = string | number

/**
 * A QL item: the JSON object that the GTL search request body carries, in an array. Conditions have
 * `attribute` (the database column name), `operator` and `value`; conjunctions (`AND`, `OR`) and parentheses
 * have only `operator`. The key order (operator, value, attribute) is the one of the iWD documentation, so
 * `JSON.stringify` of parsed items reads like the documented examples.
 *
 * @example
 * ```ts
 * import type { Ql } from "@taskroute/core"
 * const items: ReadonlyArray<Ql.QlItem> = [
 *   { operator: "IN", value: ["'iWD_Rejected'", "'iWD_Canceled'"], attribute: "queue" },
 *   { operator: "AND" },
 *   { operator: "<=", value: "'2020-06-16T23:59:59Z'", attribute: "completed_at" },
 * ]
 * ```
 */
export interface QlItem {
  readonly operator: string
  readonly value?: QlScalar | ReadonlyArray<QlScalar>
  readonly attribute?: string
}

const Scalar = Schema.Union([Schema.String, Schema.Finite])

/**
 * The JSON shape of one QL item (field types only). Use {@link validateQl} (or `Ql.validate`) for the rules
 * that make a list of items a valid query: known operators, alternation, parentheses, quoting, dates.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Ql } from "@taskroute/core"
 * Schema.decodeUnknownSync(Ql.QlItemSchema)({ operator: "AND" })
 * ```
 */
export const QlItemSchema = Schema.Struct({
  operator: Schema.String,
  value: Schema.optionalKey(Schema.Union([Scalar, Schema.Array(Scalar)])),
  attribute: Schema.optionalKey(Schema.String),
})

/**
 * Maps column labels (as users type them: `Queue`, `Business Value`) to database column names (`queue`,
 * `IWD_businessValue`). Used by the parser; the printer takes the reverse map.
 *
 * @example
 * ```ts
 * import type { Ql } from "@taskroute/core"
 * const columns: Ql.QlColumns = { Queue: "queue", "Business Value": "IWD_businessValue" }
 * ```
 */
export type QlColumns = Readonly<Record<string, string>>
