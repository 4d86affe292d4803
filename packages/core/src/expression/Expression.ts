/**
 * The TaskRouter expression language: TaskQueue `TargetWorkers`, workflow filter and target expressions,
 * `skip_if`, and the list filters `TargetWorkersExpression` / `EvaluateTaskAttributes` /
 * `EvaluateWorkerAttributes`.
 *
 * Grammar (keywords in any case):
 * ```text
 * expression := and ( OR and )*
 * and        := primary ( AND primary )*            AND binds tighter than OR
 * primary    := "(" expression ")" | operand operator operand
 * operator   := == | != | > | >= | < | <= | CONTAINS | HAS | IN | NOT IN | NOT HAS
 * operand    := string | number | true | false | "[" scalars "]" | reference
 * reference  := name ( "." name | "[" digits "]" )*   e.g. task.languages[0], workers.available
 * ```
 * Strings are quoted with `'` or `"`; inside them `\\`, `\'` and `\"` are escapes and any other backslash is kept.
 * Numbers are `-?digits(.digits)?` with an optional exponent. A name is letters, digits and `_` (no hyphens),
 * and the first name of a reference cannot be a keyword (`and`, `or`, `in`, `not`, `has`, `contains`, `true`,
 * `false`). `NOT HAS` is accepted although TaskRouter's documentation does not list it (unverified).
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const matches = Expression.compile("(skills HAS 'support') AND languages HAS 'english'")
 * matches({ skills: ["support"], languages: ["english", "french"] }) // true
 * ```
 *
 * @module
 */
import { Effect, Result } from "effect"
import {
  compile as compileTree,
  type Predicate,
  resolve as resolvePath,
} from "../internal/expression/compiler.js"
import {
  parse as parseSource,
  parseReference as parseReferenceSource,
} from "../internal/expression/parser.js"
import { print as printTree } from "../internal/expression/printer.js"
import { ExpressionError } from "./ExpressionError.js"

export { ExpressionError, type ExpressionErrorFields } from "./ExpressionError.js"
export type { Predicate } from "../internal/expression/compiler.js"

// ---- the tree -------------------------------------------------------------------------------------------

/**
 * A comparison operator. `CONTAINS` is a substring test; `HAS` / `NOT HAS` take an array on the left,
 * `IN` / `NOT IN` an array on the right.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const op: Expression.Operator = "NOT IN"
 * ```
 */
export type Operator =
  | "=="
  | "!="
  | ">"
  | ">="
  | "<"
  | "<="
  | "CONTAINS"
  | "HAS"
  | "IN"
  | "NOT IN"
  | "NOT HAS"

/**
 * Every operator, in the order the grammar lists them.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * Expression.operators.includes("HAS") // true
 * ```
 */
export const operators: ReadonlyArray<Operator> = [
  "==",
  "!=",
  ">",
  ">=",
  "<",
  "<=",
  "CONTAINS",
  "HAS",
  "IN",
  "NOT IN",
  "NOT HAS",
]

/**
 * A quoted string constant.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const gold: Expression.StringLiteral = { _tag: "String", value: "Gold" }
 * ```
 */
export interface StringLiteral {
  readonly _tag: "String"
  readonly value: string
}

/**
 * A number constant (`1`, `1.0`, `-2.5`, `3e2`); always finite.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const five: Expression.NumberLiteral = { _tag: "Number", value: 5.1 }
 * ```
 */
export interface NumberLiteral {
  readonly _tag: "Number"
  readonly value: number
}

/**
 * `true` or `false`, unquoted.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const yes: Expression.BooleanLiteral = { _tag: "Boolean", value: true }
 * ```
 */
export interface BooleanLiteral {
  readonly _tag: "Boolean"
  readonly value: boolean
}

/**
 * A scalar constant.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const s: Expression.Scalar = { _tag: "Number", value: 1 }
 * ```
 */
export type Scalar = StringLiteral | NumberLiteral | BooleanLiteral

/**
 * An array constant of scalars: `["en","es"]`, `['a', 1, true]`, `[]`.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const langs: Expression.ArrayLiteral = { _tag: "Array", elements: [{ _tag: "String", value: "en" }] }
 * ```
 */
export interface ArrayLiteral {
  readonly _tag: "Array"
  readonly elements: ReadonlyArray<Scalar>
}

/**
 * One step of a reference path: an object key or an array index.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const steps: ReadonlyArray<Expression.PathSegment> = ["languages", 0]
 * ```
 */
export type PathSegment = string | number

/**
 * An attribute reference: `skills`, `task.priority`, `languages[0]`, `workers.available`. It resolves by walking
 * the record's own keys and array indexes; a missing step resolves to NULL.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const ref: Expression.Reference = { _tag: "Reference", path: ["task", "languages", 0] }
 * ```
 */
export interface Reference {
  readonly _tag: "Reference"
  readonly path: readonly [string, ...Array<PathSegment>]
}

/**
 * Either side of a comparison.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const o: Expression.Operand = { _tag: "Reference", path: ["skills"] }
 * ```
 */
export type Operand = Scalar | ArrayLiteral | Reference

/**
 * `left operator right`, e.g. `skills HAS 'support'`.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const c = Expression.parse("skills HAS 'support'") // { _tag: "Comparison", operator: "HAS", ... }
 * ```
 */
export interface Comparison {
  readonly _tag: "Comparison"
  readonly operator: Operator
  readonly left: Operand
  readonly right: Operand
}

/**
 * Two or more expressions joined by AND. A chain `a AND b AND c` is one node; explicit parentheses
 * `a AND (b AND c)` keep their nesting.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * Expression.parse("a == 1 AND b == 2")._tag // "And"
 * ```
 */
export interface And {
  readonly _tag: "And"
  readonly operands: readonly [Expression, Expression, ...Array<Expression>]
}

/**
 * Two or more expressions joined by OR (AND binds tighter: `a OR b AND c` is `a OR (b AND c)`).
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * Expression.parse("a == 1 OR b == 2")._tag // "Or"
 * ```
 */
export interface Or {
  readonly _tag: "Or"
  readonly operands: readonly [Expression, Expression, ...Array<Expression>]
}

/**
 * A parsed TaskRouter expression.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const e: Expression.Expression = Expression.parse("1==1")
 * ```
 */
export type Expression = Comparison | And | Or

// ---- parsing --------------------------------------------------------------------------------------------

/**
 * Parses expression text. Throws {@link ExpressionError} (and nothing else, for any input string) naming the
 * 0-based position of the problem and what was expected there.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const e = Expression.parse("task.required_language IN worker.spoken_languages")
 * ```
 */
export const parse = (source: string): Expression => parseSource(source)

/**
 * Parses expression text into a `Result` instead of throwing.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Expression } from "@taskroute/core"
 * Result.isFailure(Expression.parseResult("a ==")) // true
 * ```
 */
export const parseResult = (source: string): Result.Result<Expression, ExpressionError> => {
  try {
    return Result.succeed(parseSource(source))
  } catch (error) {
    if (error instanceof ExpressionError) return Result.fail(error)
    throw error
  }
}

/**
 * Parses expression text as an Effect that fails with {@link ExpressionError}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Expression } from "@taskroute/core"
 * const program = Expression.decode("language IN ['en','es']").pipe(Effect.map(Expression.print))
 * ```
 */
export const decode = (source: string): Effect.Effect<Expression, ExpressionError> =>
  Effect.suspend(() => Effect.fromResult(parseResult(source)))

/**
 * Checks expression text: the error if it does not parse, `undefined` if it does.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * Expression.validate("1==1") // undefined
 * Expression.validate("skills HAS")?.position // 10
 * ```
 */
export const validate = (source: string): ExpressionError | undefined => {
  const result = parseResult(source)
  return Result.isFailure(result) ? result.failure : undefined
}

/**
 * Parses a lone reference such as a workflow target's `known_worker_sid: "task.preferred_worker_sid"`.
 * Throws {@link ExpressionError}.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * Expression.parseReference("task.preferred_agents[0]").path // ["task", "preferred_agents", 0]
 * ```
 */
export const parseReference = (source: string): Reference => parseReferenceSource(source)

// ---- printing -------------------------------------------------------------------------------------------

/**
 * Canonical text of an expression: upper-case keywords, single spaces, single-quoted strings (double quotes
 * when the value contains `'` but no `"`), parentheses only where needed. `parse(print(e))` equals `e` for
 * every tree `parse` can produce (names must follow the grammar: letters, digits, `_`, first name not a keyword).
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * Expression.print(Expression.parse("worker.activity_name in ['Available','Busy'] or x==1"))
 * // "worker.activity_name IN ['Available', 'Busy'] OR x == 1"
 * ```
 */
export const print = (expr: Expression): string => printTree(expr)

// ---- evaluation -----------------------------------------------------------------------------------------

const cache = new WeakMap<Expression, Predicate>()

const compiled = (expr: Expression): Predicate => {
  let p = cache.get(expr)
  if (p === undefined) {
    p = compileTree(expr)
    cache.set(expr, p)
  }
  return p
}

/**
 * Compiles an expression (or its text, which is parsed first and may throw {@link ExpressionError}) once into a
 * fast predicate over records. See {@link evaluate} for the semantics.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const gold = Expression.compile("customer_value == 'Gold' AND type == 'ticket'")
 * [{ customer_value: "Gold", type: "ticket" }].filter(gold).length // 1
 * ```
 */
export const compile = (expr: Expression | string): Predicate =>
  compiled(typeof expr === "string" ? parse(expr) : expr)

/**
 * Evaluates an expression against a record. References are paths into `record` (`skills` is `record.skills`,
 * `task.x` is `record.task.x`, `langs[0]` the first element); a missing key, `null` or a non-object on the way is
 * NULL, and names of `Object.prototype` members (`constructor`, `toString`, `__proto__`) resolve only to own keys.
 * Semantics:
 * - `==`, `!=`, `>`, `>=`, `<`, `<=` compare two scalars of the same type (numbers, strings; booleans only for
 *   `==`/`!=`); strings order by UTF-16 code units. Any other pair (cross-type, NULL, an array, an object) is false,
 *   for `!=` too: NULL behaves as in SQL.
 * - `CONTAINS`: both strings and the left contains the right (substring); otherwise false.
 * - `HAS` / `NOT HAS`: an array on the left and a scalar on the right; otherwise false.
 * - `IN` / `NOT IN`: a scalar on the left and an array (literal or reference) on the right; otherwise false.
 * - Elements match with strict equality: `'1'` does not match `1`.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const e = Expression.parse("workers.available == 0")
 * Expression.evaluate(e, { workers: { available: 0, unavailable: 3 } }) // true
 * ```
 */
export const evaluate = (expr: Expression, record: unknown): boolean => compiled(expr)(record)

/**
 * Resolves a reference in a record with the same rules as {@link evaluate}; NULL is `undefined`.
 *
 * @example
 * ```ts
 * import { Expression } from "@taskroute/core"
 * const ref = Expression.parseReference("task.preferred_worker_sid")
 * Expression.resolve(ref, { task: { preferred_worker_sid: "WK1" } }) // "WK1"
 * ```
 */
export const resolve = (reference: Reference, record: unknown): unknown => resolvePath(record, reference.path)
