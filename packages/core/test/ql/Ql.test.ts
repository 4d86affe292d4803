import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fc from "fast-check"
import { parseQl as parseFromBarrel, Ql } from "../../src/index.js"

const SEED_TEXT =
  "Queue IN ( 'iWD_Rejected' , 'iWD_Canceled' ) and 'Business Value' in ( 1, 2, 3) and 'Completed Date' <= 2020-06-16"
const SEED_COLUMNS = {
  Queue: "queue",
  "Business Value": "IWD_businessValue",
  "Completed Date": "completed_at",
}
const seedJson: unknown = JSON.parse(
  readFileSync(new URL("./fixtures/seed-example.json", import.meta.url), "utf8"),
)

/** Runs `f` and returns the QlError it throws (failing the test if it throws anything else or nothing). */
const qlError = (f: () => unknown): Ql.QlError => {
  try {
    f()
  } catch (e) {
    if (e instanceof Ql.QlError) return e
    throw e
  }
  assert.fail("expected a QlError")
}

describe("parseQl: the seed's example", () => {
  it("gives exactly the documented JSON (keys, key order, values, item order)", () => {
    const items = parseFromBarrel(SEED_TEXT, { columns: SEED_COLUMNS })
    assert.deepStrictEqual(items, seedJson)
    assert.strictEqual(JSON.stringify(items), JSON.stringify(seedJson))
  })

  it("accepts operators in any case and labels case-insensitively", () => {
    const items = Ql.parseQl(
      "queue in ('iWD_Rejected','iWD_Canceled') AND 'business value' IN (1,2,3) And 'Completed Date' <= 2020-06-16",
      { columns: SEED_COLUMNS },
    )
    assert.strictEqual(JSON.stringify(items), JSON.stringify(seedJson))
  })

  it("accepts column names as well as labels, and rejects unknown names when a map is given", () => {
    assert.deepStrictEqual(Ql.parseQl("completed_at > 1", { columns: SEED_COLUMNS }), [
      { operator: ">", value: 1, attribute: "completed_at" },
    ])
    const e = qlError(() => Ql.parseQl("Queue = 'a' AND Prio = 1", { columns: SEED_COLUMNS }))
    assert.strictEqual(e.offset, 16)
    assert.include(e.message, "Unknown column 'Prio' at offset 16")
  })

  it("uses names as written when no map is given", () => {
    assert.deepStrictEqual(Ql.parseQl("'Business Value' >= 10"), [
      { operator: ">=", value: 10, attribute: "Business Value" },
    ])
  })
})

describe("parseQl: dates", () => {
  const one = (op: string) => Ql.parseQl(`d ${op} 2020-06-16`)
  it("widens a date-only bound to the whole UTC day", () => {
    assert.deepStrictEqual(one("<="), [{ operator: "<=", value: "'2020-06-16T23:59:59Z'", attribute: "d" }])
    assert.deepStrictEqual(one(">"), [{ operator: ">", value: "'2020-06-16T23:59:59Z'", attribute: "d" }])
    assert.deepStrictEqual(one("<"), [{ operator: "<", value: "'2020-06-16T00:00:00Z'", attribute: "d" }])
    assert.deepStrictEqual(one(">="), [{ operator: ">=", value: "'2020-06-16T00:00:00Z'", attribute: "d" }])
    assert.deepStrictEqual(one("="), [
      { operator: "(" },
      { operator: ">=", value: "'2020-06-16T00:00:00Z'", attribute: "d" },
      { operator: "AND" },
      { operator: "<=", value: "'2020-06-16T23:59:59Z'", attribute: "d" },
      { operator: ")" },
    ])
    assert.deepStrictEqual(Ql.parseQl("d <= '2020-06-16'"), one("<="))
  })

  it("keeps full date-times, quoting bare ones", () => {
    assert.deepStrictEqual(Ql.parseQl("d < 2020-06-18T14:10:12Z"), [
      { operator: "<", value: "'2020-06-18T14:10:12Z'", attribute: "d" },
    ])
    assert.deepStrictEqual(Ql.parseQl("d IN ('2020-06-18T14:10:12Z')"), [
      { operator: "IN", value: ["'2020-06-18T14:10:12Z'"], attribute: "d" },
    ])
  })

  it("rejects malformed dates and date-only values in IN lists, at their offsets", () => {
    assert.strictEqual(qlError(() => Ql.parseQl("d = 2020-02-30")).offset, 4)
    assert.include(
      qlError(() => Ql.parseQl("d = 2020-06-16T25:00:00Z")).message,
      "YYYY-MM-DDTHH:mm:ssZ at offset 4",
    )
    assert.include(qlError(() => Ql.parseQl("d = 2020-06-16T10:00")).message, "at offset 4")
    assert.include(
      qlError(() => Ql.parseQl("d = '2020-06-16 10:00'")).message,
      "YYYY-MM-DDTHH:mm:ssZ at offset 4",
    )
    assert.include(qlError(() => Ql.parseQl("d IN (2020-06-16)")).message, "IN list at offset 6")
  })
})

describe("parseQl: errors name the offset and what was expected", () => {
  const cases: ReadonlyArray<readonly [string, string, number]> = [
    ["Queue IN x", "Expected a value list after IN at offset 9", 9],
    [
      "Queue IN ()",
      "Expected a value (a single-quoted string, a number or a date) in the IN list at offset 10",
      10,
    ],
    ["Queue IN (1 2)", "Expected ',' or ')' in the IN list at offset 12", 12],
    ["a = ", "Expected a value (a single-quoted string, a number or a date) after = at offset 4", 4],
    ["a = b", "Expected a value (a single-quoted string, a number or a date) after = at offset 4", 4],
    ["a LIKE 1", "Expected a quoted pattern after LIKE at offset 7", 7],
    ["a 1", "Expected an operator (=, >, <, >=, <=, IN, LIKE) after 'a' at offset 2", 2],
    ["a == 1", "Unsupported operator '==' at offset 2", 2],
    ["a != 1", "Unsupported operator '!=' at offset 2", 2],
    ["a = 'x", "Unterminated string starting at offset 4", 4],
    ["(a = 1", "Expected AND, OR or ')' at offset 6", 6],
    ["a = 1)", "Expected AND, OR or the end of the query at offset 5", 5],
    ["a = 1 AND", "Expected a column name or '(' at offset 9", 9],
    ["AND a = 1", "Expected a column name or '(' at offset 0", 0],
    ["()", "Expected a column name or '(' at offset 1", 1],
    ["a = 12x", "Unexpected character 'x' at offset 6", 6],
    ["a = 1e999", "Number out of range at offset 4", 4],
    ["a = 1 # b", "Unexpected character '#' at offset 6", 6],
    ["a = # b", "Unexpected character '#' at offset 4", 4],
  ]
  for (const [text, message, offset] of cases) {
    it(JSON.stringify(text), () => {
      const e = qlError(() => Ql.parseQl(text))
      assert.strictEqual(e._tag, "QlError")
      assert.include(e.message, message)
      assert.strictEqual(e.offset, offset)
    })
  }

  it("bounds nesting instead of overflowing the stack", () => {
    const e = qlError(() => Ql.parseQl("(".repeat(100_000)))
    assert.include(e.message, "nest deeper than 256")
    assert.deepStrictEqual(Ql.parseQl(`${"(".repeat(200)}a = 1${")".repeat(200)}`).length, 401)
  })

  it("the empty text is the empty query", () => {
    assert.deepStrictEqual(Ql.parseQl("  "), [])
  })

  it.effect("the Effect form fails with the QlError", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(Ql.parse("Queue IN x"))
      assert.strictEqual(e.message, "Expected a value list after IN at offset 9, found 'x'")
    }),
  )
})

describe("validateQl", () => {
  const invalid: ReadonlyArray<readonly [unknown, string]> = [
    [{}, "Expected an array of QL items"],
    [[{ operator: "AND" }], "Item 0: expected a condition or '(' at the start, found AND"],
    [
      [
        { operator: "=", value: 1, attribute: "a" },
        { operator: "=", value: 1, attribute: "b" },
      ],
      "Item 1: expected AND, OR or ')'",
    ],
    [
      [{ operator: "=", value: 1, attribute: "a" }, { operator: "OR" }],
      "Item 1: expected a condition or '(' after OR",
    ],
    [[{ operator: "(" }, { operator: "=", value: 1, attribute: "a" }], "Item 0: '(' is never closed"],
    [[{ operator: "=", value: 1, attribute: "a" }, { operator: ")" }], "Item 1: ')' has no matching '('"],
    [[{ operator: "(" }, { operator: ")" }], "Item 1: expected a condition or '(' after (, found )"],
    [[{ operator: "IN", value: [], attribute: "a" }], "Item 0: IN needs a non-empty list"],
    [[{ operator: "IN", value: "'a'", attribute: "a" }], "Item 0: IN needs a non-empty list"],
    [[{ operator: "=", value: "abc", attribute: "a" }], "Item 0: expected a single-quoted string"],
    [
      [{ operator: "=", value: "'it's'", attribute: "a" }],
      "Item 0: expected a single-quoted string (write a quote inside it as '')",
    ],
    [
      [{ operator: "=", value: "'2020-06-16'", attribute: "a" }],
      "Item 0: expected a date in the format YYYY-MM-DDTHH:mm:ssZ",
    ],
    [[{ operator: "=", value: "'2020-06-18T14:10:12.000Z'", attribute: "a" }], "YYYY-MM-DDTHH:mm:ssZ"],
    [
      [{ operator: "=", value: Number.POSITIVE_INFINITY, attribute: "a" }],
      "Item 0: expected a finite number",
    ],
    [[{ operator: "=", value: [1], attribute: "a" }], "Item 0: = takes one value, not a list"],
    [[{ operator: "LIKE", value: "x%", attribute: "a" }], "Item 0: expected a single-quoted pattern"],
    [[{ operator: "=", value: 1 }], "Item 0: expected a column name"],
    [[{ operator: "AND", value: 1 }], "Item 0: AND takes no attribute and no value"],
    [[{ operator: "<>", value: 1, attribute: "a" }], "Item 0: expected an operator"],
    [[{ operator: "=", value: 1, attribute: "a", extra: true }], 'Item 0: unexpected key "extra"'],
    [["AND"], "Item 0: expected an object with an operator"],
  ]
  for (const [items, message] of invalid) {
    it(`rejects ${JSON.stringify(items)}`, () => {
      const e = qlError(() => Ql.validateQl(items))
      assert.include(e.message, message)
    })
  }

  it("accepts the seed's JSON and operators in any case, and reports the item index", () => {
    assert.deepStrictEqual(Ql.validateQl(seedJson), seedJson)
    const lower = [
      { operator: "in", value: ["'a'", "'it''s'"], attribute: "q" },
      { operator: "and" },
      { operator: "like", value: "'x%'", attribute: "n" },
    ]
    assert.deepStrictEqual(Ql.validateQl(lower), lower)
    assert.strictEqual(qlError(() => Ql.validateQl([...lower, { operator: "or" }])).index, 3)
  })
})

describe("compileQl: evaluation", () => {
  const seed = Ql.compileQl(Ql.parseQl(SEED_TEXT, { columns: SEED_COLUMNS }))

  it("evaluates the seed's query", () => {
    const base = { queue: "iWD_Rejected", IWD_businessValue: 2, completed_at: "2020-06-16T23:59:59Z" }
    assert.isTrue(seed(base))
    assert.isTrue(
      seed({
        ...base,
        queue: "iWD_Canceled",
        IWD_businessValue: "3",
        completed_at: new Date(Date.UTC(2020, 0, 1)),
      }),
    )
    assert.isFalse(seed({ ...base, queue: "iWD_New" }))
    assert.isFalse(seed({ ...base, IWD_businessValue: 4 }))
    assert.isFalse(seed({ ...base, completed_at: "2020-06-17T00:00:00Z" }))
    assert.isFalse(seed({ queue: "iWD_Rejected", IWD_businessValue: 2 }), "a missing column never matches")
  })

  it("LIKE: % is any run, _ one character, everything else literal and case-sensitive", () => {
    const like = (pattern: string, v: unknown) =>
      Ql.compileQl([{ operator: "LIKE", value: pattern, attribute: "a" }])({ a: v })
    assert.isTrue(like("'a%'", "abc"))
    assert.isTrue(like("'a%'", "a"))
    assert.isTrue(like("'%b%'", "abc"))
    assert.isTrue(like("'a_c'", "abc"))
    assert.isFalse(like("'a_c'", "ac"))
    assert.isFalse(like("'A%'", "abc"))
    assert.isTrue(like("'a.c'", "a.c"))
    assert.isFalse(like("'a.c'", "abc"))
    assert.isTrue(like("'(x)+[y]'", "(x)+[y]"))
    assert.isTrue(like("'it''s%'", "it's here"))
    assert.isTrue(like("'_'", "😀"))
    assert.isTrue(like("'1%'", 12))
    assert.isFalse(like("'%'", null))
  })

  it("compares numbers, numeric strings, strings and dates", () => {
    const test = (text: string, record: Record<string, unknown>) => Ql.compileQl(Ql.parseQl(text))(record)
    assert.isTrue(test("n > 5", { n: 6 }))
    assert.isTrue(test("n > 5", { n: "10" }), "numeric strings compare as numbers")
    assert.isFalse(test("n > 5", { n: "abc" }))
    assert.isFalse(test("n = 0", { n: "" }))
    assert.isTrue(test("s > 'b'", { s: "c" }))
    assert.isFalse(test("s > 'b'", { s: "B" }))
    assert.isTrue(test("s = '5'", { s: 5 }))
    assert.isTrue(test("d >= 2020-06-16", { d: Date.UTC(2020, 5, 16) }), "epoch millis")
    assert.isTrue(test("d = 2020-06-16", { d: "2020-06-16T12:00:00.000Z" }))
    assert.isFalse(test("d = 2020-06-16", { d: "2020-06-17T00:00:00Z" }))
    assert.isFalse(test("d < 2020-06-16", { d: "not a date" }))
    assert.isTrue(test("d IN ('2020-06-16T12:00:00Z')", { d: new Date("2020-06-16T12:00:00Z") }))
    assert.isTrue(test("b IN ('true')", { b: true }))
  })

  it("AND binds tighter than OR; parentheses group", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (a, b, c) => {
        const r = { a: a ? 1 : 0, b: b ? 1 : 0, c: c ? 1 : 0 }
        assert.strictEqual(Ql.compileQl(Ql.parseQl("a = 1 OR b = 1 AND c = 1"))(r), a || (b && c))
        assert.strictEqual(Ql.compileQl(Ql.parseQl("(a = 1 OR b = 1) AND c = 1"))(r), (a || b) && c)
        assert.strictEqual(Ql.compileQl(Ql.parseQl("a = 1 AND b = 1 OR c = 1"))(r), (a && b) || c)
        assert.strictEqual(
          Ql.compileQl(Ql.parseQl("a = 1 AND (b = 1 OR c = 1 OR a = 0)"))(r),
          a && (b || c || !a),
        )
      }),
    )
  })

  it("the empty query matches everything", () => {
    assert.isTrue(Ql.compileQl([])({}))
  })
})

describe("toExpression", () => {
  it("writes the seed's query as a TaskRouter expression", () => {
    assert.strictEqual(
      Ql.toExpression(Ql.parseQl(SEED_TEXT, { columns: SEED_COLUMNS })),
      "queue IN ['iWD_Rejected', 'iWD_Canceled'] AND IWD_businessValue IN [1, 2, 3] AND completed_at <= '2020-06-16T23:59:59Z'",
    )
  })

  it("makes precedence explicit and translates = to ==", () => {
    assert.strictEqual(
      Ql.toExpression(Ql.parseQl("a = 1 OR b = 'x' AND c > 2")),
      "a == 1 OR (b == 'x' AND c > 2)",
    )
    assert.strictEqual(
      Ql.toExpression(Ql.parseQl('(a = 1 OR b = 2) AND c = "x"'.replace('"x"', "'it''s'"))),
      '(a == 1 OR b == 2) AND c == "it\'s"',
    )
    assert.strictEqual(Ql.toExpression([]), "1==1")
  })

  it("fails with a QlError naming the item where no expression exists", () => {
    const like = qlError(() => Ql.toExpression(Ql.parseQl("a = 1 AND b LIKE 'x%'")))
    assert.strictEqual(like.index, 2)
    assert.include(like.message, "LIKE has no TaskRouter expression equivalent")
    assert.include(
      qlError(() => Ql.toExpression(Ql.parseQl("'Business Value' = 1"))).message,
      "not a valid TaskRouter expression key",
    )
    assert.include(
      qlError(() => Ql.toExpression([{ operator: "=", value: "'a''\"b'", attribute: "x" }])).message,
      "both quote characters",
    )
  })
})

// ---- property tests -------------------------------------------------------------------------------------

const attribute = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,8}$/),
  fc.string({ minLength: 1, maxLength: 8 }),
)
const quotedString = fc
  .string({ maxLength: 8 })
  .filter((s) => !/^\d{4}-\d{2}-\d{2}/.test(s))
  .map((s) => `'${s.replaceAll("'", "''")}'`)
const quotedDate = fc
  .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2999-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => `'${d.toISOString().slice(0, 19)}Z'`)
const scalar = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  quotedString,
  quotedDate,
)
const condition: fc.Arbitrary<Array<Ql.QlItem>> = fc.oneof(
  fc
    .record({ operator: fc.constantFrom("=", "<", ">", "<=", ">="), value: scalar, attribute })
    .map((i) => [i]),
  fc
    .record({
      operator: fc.constant("IN"),
      value: fc.array(scalar, { minLength: 1, maxLength: 4 }),
      attribute,
    })
    .map((i) => [i]),
  fc.record({ operator: fc.constant("LIKE"), value: quotedString, attribute }).map((i) => [i]),
)
const { query } = fc.letrec<{ query: Array<Ql.QlItem>; operand: Array<Ql.QlItem> }>((tie) => ({
  operand: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    condition,
    tie("query").map((q) => [{ operator: "(" }, ...q, { operator: ")" }]),
  ),
  query: fc
    .tuple(tie("operand"), fc.array(fc.tuple(fc.constantFrom("AND", "OR"), tie("operand")), { maxLength: 3 }))
    .map(([first, rest]) => [...first, ...rest.flatMap(([op, operand]) => [{ operator: op }, ...operand])]),
}))

describe("properties", () => {
  it("print then parse is the identity (with and without labels)", () => {
    fc.assert(
      fc.property(fc.oneof(query, fc.constant([])), (items) => {
        assert.deepStrictEqual(Ql.parseQl(Ql.printQl(items)), Ql.validateQl(items))
        const names = [...new Set(items.flatMap((i) => (i.attribute === undefined ? [] : [i.attribute])))]
        const labels = Object.fromEntries(names.map((n, k) => [n, `Label ${k}`]))
        const columns = Object.fromEntries(names.map((n, k) => [`Label ${k}`, n]))
        assert.deepStrictEqual(Ql.parseQl(Ql.printQl(items, { labels }), { columns }), Ql.validateQl(items))
      }),
      { numRuns: 500 },
    )
  })

  it("generated queries validate, compile and evaluate without throwing", () => {
    fc.assert(
      fc.property(
        query,
        fc.dictionary(
          fc.string({ maxLength: 3 }),
          fc.oneof(fc.string(), fc.double(), fc.date(), fc.constant(null)),
        ),
        (items, record) => {
          const predicate = Ql.compileQl(items)
          assert.isBoolean(predicate(record))
        },
      ),
    )
  })

  const soup = fc
    .array(
      fc.constantFrom(
        "(",
        ")",
        "AND",
        "or",
        "IN",
        "like",
        "=",
        ">=",
        "<",
        "<>",
        "'a'",
        "'",
        "''",
        "1",
        "-2.5e3",
        "2020-06-16",
        "2020-06-16T00:00:00Z",
        "2020-02-31",
        "x",
        "'Business Value'",
        ",",
        " ",
        "-",
        "#",
        "é",
        "\n",
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(" "))

  it("no input string makes the parser throw anything but QlError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), soup), (text) => {
        try {
          const items = Ql.parseQl(text, { columns: SEED_COLUMNS })
          Ql.validateQl(items)
        } catch (e) {
          if (!(e instanceof Ql.QlError)) throw e
        }
        try {
          Ql.validateQl(Ql.parseQl(text))
        } catch (e) {
          if (!(e instanceof Ql.QlError)) throw e
        }
      }),
      { numRuns: 1000 },
    )
  })

  it("no JSON value makes the validator throw anything but QlError", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.array(
            fc.record(
              {
                operator: fc.constantFrom("=", "IN", "AND", "(", ")", "like"),
                value: fc.jsonValue(),
                attribute: fc.jsonValue(),
              },
              { requiredKeys: ["operator"] },
            ),
          ),
        ),
        (u) => {
          try {
            Ql.validateQl(u)
          } catch (e) {
            if (!(e instanceof Ql.QlError)) throw e
          }
        },
      ),
    )
  })
})
