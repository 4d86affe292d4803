import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Expression } from "../../src/index.js"

// ---- generators of well-formed trees -------------------------------------------------------------------

const keywordWords = new Set(["AND", "OR", "IN", "NOT", "HAS", "CONTAINS", "TRUE", "FALSE"])
const letters = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_", "é", "ß", "名", "ı"]
const digits = [..."0123456789", "٣"]

const firstName = fc
  .tuple(fc.constantFrom(...letters), fc.array(fc.constantFrom(...letters, ...digits), { maxLength: 8 }))
  .map(([h, t]) => h + t.join(""))
  .filter((name) => !keywordWords.has(name.toUpperCase()) || !/^[A-Za-z]+$/.test(name))
const laterName = fc
  .array(fc.constantFrom(...letters, ...digits), { minLength: 1, maxLength: 8 })
  .map((cs) => cs.join(""))
// Keywords are allowed after a dot (task.in), and so are names that start with a digit (workers.0).
const segment: fc.Arbitrary<Expression.PathSegment> = fc.oneof(
  laterName,
  fc.constantFrom("in", "AND", "true"),
  fc.nat({ max: 1_000_000 }),
  fc.constant(Number.MAX_SAFE_INTEGER),
)

const reference: fc.Arbitrary<Expression.Reference> = fc
  .tuple(firstName, fc.array(segment, { maxLength: 4 }))
  .map(([head, tail]) => ({ _tag: "Reference", path: [head, ...tail] }))

const scalar: fc.Arbitrary<Expression.Scalar> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }).map((value) => ({ _tag: "String" as const, value })),
  fc
    .constantFrom(`'`, `"`, `\\`, `\\'`, `'"`, `\\\\"`, "a\\b", "")
    .map((value) => ({ _tag: "String" as const, value })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ _tag: "Number" as const, value })),
  fc.integer().map((value) => ({ _tag: "Number" as const, value })),
  fc.boolean().map((value) => ({ _tag: "Boolean" as const, value })),
)

const operand: fc.Arbitrary<Expression.Operand> = fc.oneof(
  scalar,
  reference,
  fc.array(scalar, { maxLength: 4 }).map((elements) => ({ _tag: "Array" as const, elements })),
)

const comparison: fc.Arbitrary<Expression.Comparison> = fc
  .tuple(operand, fc.constantFrom(...Expression.operators), operand)
  .map(([left, operator, right]) => ({ _tag: "Comparison", operator, left, right }))

const { expression } = fc.letrec<{ expression: Expression.Expression }>((tie) => {
  const operands = fc
    .tuple(tie("expression"), tie("expression"), fc.array(tie("expression"), { maxLength: 2 }))
    .map(
      ([a, b, rest]): readonly [
        Expression.Expression,
        Expression.Expression,
        ...Array<Expression.Expression>,
      ] => [a, b, ...rest],
    )
  return {
    expression: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      comparison,
      operands.map((ops): Expression.Expression => ({ _tag: "And", operands: ops })),
      operands.map((ops): Expression.Expression => ({ _tag: "Or", operands: ops })),
    ),
  }
})

// ---- generators of (mostly broken) text ----------------------------------------------------------------

const fragments = [
  "(",
  ")",
  "[",
  "]",
  ",",
  "==",
  "=",
  "!=",
  "!",
  ">",
  ">=",
  "<",
  "<=",
  "AND",
  "and",
  "OR",
  "NOT",
  "not",
  "IN",
  "HAS",
  "CONTAINS",
  "true",
  "FALSE",
  "'a'",
  "'",
  '"',
  "\\",
  "'it\\'s'",
  '"x',
  "1",
  "-",
  "-1.5",
  "1e",
  "1e999",
  ".",
  "..",
  "skills",
  "task.x",
  "a[0]",
  "a[",
  "a[x]",
  "a.",
  "workers.available",
  "1==1",
  " ",
  "\t",
  "\n",
  "é",
  "\u0000",
  "\uD800",
  "😀",
  "#",
  "@",
]

const nearMiss = fc
  .array(fc.constantFrom(...fragments), { maxLength: 24 })
  .chain((parts) => fc.constantFrom(parts.join(" "), parts.join("")))

const mutatedValid = fc
  .tuple(expression.map(Expression.print), fc.nat(), fc.constantFrom(...fragments), fc.nat({ max: 3 }))
  .map(([text, at, insert, cut]) => {
    const i = text.length === 0 ? 0 : at % text.length
    return text.slice(0, i) + insert + text.slice(i + cut)
  })

/** parse returns a tree (which then round-trips) or throws an ExpressionError with a sane position. */
const checkTotal = (source: string): void => {
  let tree: Expression.Expression
  try {
    tree = Expression.parse(source)
  } catch (error) {
    if (!(error instanceof Expression.ExpressionError)) throw error
    assert.strictEqual(error._tag, "ExpressionError")
    assert.strictEqual(error.source, source)
    assert.isAtLeast(error.position, 0)
    assert.isAtMost(error.position, source.length)
    assert.include(error.message, `at position ${error.position}`)
    return
  }
  assert.deepStrictEqual(Expression.parse(Expression.print(tree)), tree)
}

describe("Expression properties", () => {
  it("print then parse is the identity on generated trees", () => {
    fc.assert(
      fc.property(expression, (e) => {
        assert.deepStrictEqual(Expression.parse(Expression.print(e)), e)
      }),
      { numRuns: 1000 },
    )
  })

  it("print is canonical: printing a reparsed tree gives the same text", () => {
    fc.assert(
      fc.property(expression, (e) => {
        const text = Expression.print(e)
        assert.strictEqual(Expression.print(Expression.parse(text)), text)
      }),
    )
  })

  it("evaluate gives the same answer for a tree and its reprint", () => {
    const record = fc.dictionary(
      firstName,
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.oneof(fc.string(), fc.integer()))),
    )
    fc.assert(
      fc.property(expression, record, (e, r) => {
        assert.strictEqual(
          Expression.evaluate(Expression.parse(Expression.print(e)), r),
          Expression.evaluate(e, r),
        )
      }),
    )
  })

  it("no arbitrary unicode string makes parse throw anything but ExpressionError", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 64 }), checkTotal), { numRuns: 2000 })
  })

  it("no near-miss grammar fragment sequence makes parse throw anything but ExpressionError", () => {
    fc.assert(fc.property(nearMiss, checkTotal), { numRuns: 3000 })
  })

  it("no mutation of a valid expression makes parse throw anything but ExpressionError", () => {
    fc.assert(fc.property(mutatedValid, checkTotal), { numRuns: 2000 })
  })

  it("operators: a scalar operator with an array operand is false; an array operator on scalars is false", () => {
    const scalarOps: ReadonlyArray<Expression.Operator> = ["==", "!=", ">", ">=", "<", "<=", "CONTAINS"]
    const arrayOps: ReadonlyArray<Expression.Operator> = ["HAS", "NOT HAS", "IN", "NOT IN"]
    const value = fc.oneof(fc.string(), fc.double(), fc.boolean())
    fc.assert(
      fc.property(fc.array(value), value, fc.constantFrom(...scalarOps), (arr, v, op) => {
        const e = Expression.parse(`a ${op} b`)
        assert.isFalse(Expression.evaluate(e, { a: arr, b: v }))
        assert.isFalse(Expression.evaluate(e, { a: v, b: arr }))
      }),
    )
    fc.assert(
      fc.property(value, value, fc.constantFrom(...arrayOps), (x, y, op) => {
        assert.isFalse(Expression.evaluate(Expression.parse(`a ${op} b`), { a: x, b: y }))
      }),
    )
  })

  it("IN and NOT IN are complementary for a scalar and an array; so are HAS and NOT HAS", () => {
    const value = fc.oneof(fc.string({ maxLength: 2 }), fc.integer({ min: -3, max: 3 }), fc.boolean())
    fc.assert(
      fc.property(value, fc.array(value, { maxLength: 5 }), (x, arr) => {
        const r = { x, arr }
        assert.notStrictEqual(
          Expression.evaluate(Expression.parse("x IN arr"), r),
          Expression.evaluate(Expression.parse("x NOT IN arr"), r),
        )
        assert.strictEqual(
          Expression.evaluate(Expression.parse("arr HAS x"), r),
          Expression.evaluate(Expression.parse("x IN arr"), r),
        )
        assert.notStrictEqual(
          Expression.evaluate(Expression.parse("arr HAS x"), r),
          Expression.evaluate(Expression.parse("arr NOT HAS x"), r),
        )
      }),
    )
  })

  it("compiled specialisations agree with the generic path (constant on the right vs. on the record)", () => {
    const value = fc.oneof(fc.string({ maxLength: 2 }), fc.integer({ min: -3, max: 3 }), fc.boolean())
    const literal = (v: string | number | boolean): string =>
      Expression.print({
        _tag: "Comparison",
        operator: "==",
        left: { _tag: "Reference", path: ["x"] },
        right:
          typeof v === "string"
            ? { _tag: "String", value: v }
            : typeof v === "number"
              ? { _tag: "Number", value: v }
              : { _tag: "Boolean", value: v },
      }).slice("x == ".length)
    fc.assert(
      fc.property(
        fc.oneof(value, fc.array(value, { maxLength: 3 }), fc.constant(undefined)),
        fc.oneof(value, fc.array(value, { maxLength: 3 })),
        fc.constantFrom(...Expression.operators),
        (x, c, op) => {
          const constantText = Array.isArray(c) ? `[${c.map(literal).join(", ")}]` : literal(c)
          const specialised = Expression.evaluate(Expression.parse(`x ${op} ${constantText}`), { x })
          const generic = Expression.evaluate(Expression.parse(`x ${op} y`), { x, y: c })
          assert.strictEqual(specialised, generic)
        },
      ),
    )
  })
})
