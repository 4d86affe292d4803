import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Result } from "effect"
import { Expression } from "../../src/index.js"

const ev = (source: string, record: unknown): boolean => Expression.evaluate(Expression.parse(source), record)

const failure = (source: string): Expression.ExpressionError => {
  const error = Expression.validate(source)
  if (error === undefined) throw new Error(`expected ${JSON.stringify(source)} to be rejected`)
  return error
}

describe("Expression: documented examples (reference section 8)", () => {
  it("1==1 is always true, for any record", () => {
    assert.isTrue(ev("1==1", {}))
    assert.isTrue(ev("1==1", null))
    assert.isTrue(ev("1 == 1", "not an object"))
  })

  it("(skills HAS 'support') AND (languages HAS 'english')", () => {
    const e = "(skills HAS 'support') AND (languages HAS 'english')"
    assert.isTrue(ev(e, { skills: ["support", "sales"], languages: ["english"] }))
    assert.isFalse(ev(e, { skills: ["sales"], languages: ["english"] }))
    assert.isFalse(ev(e, { skills: ["support"] }))
    // a scalar where an array is expected: an array operator on two scalars is false
    assert.isFalse(ev(e, { skills: "support", languages: "english" }))
  })

  it("customer_value == 'Gold' AND type == 'ticket'", () => {
    const e = "customer_value == 'Gold' AND type == 'ticket'"
    assert.isTrue(ev(e, { customer_value: "Gold", type: "ticket" }))
    assert.isFalse(ev(e, { customer_value: "Silver", type: "ticket" }))
    assert.isFalse(ev(e, { customer_value: "gold", type: "ticket" }))
  })

  it('language IN ["en","es"]', () => {
    const e = 'language IN ["en","es"]'
    assert.isTrue(ev(e, { language: "es" }))
    assert.isFalse(ev(e, { language: "fr" }))
    assert.isFalse(ev(e, {}))
    assert.isFalse(ev(e, { language: ["en"] }), "IN with an array on the left is false")
  })

  it('(language == "en" OR language == "fr") AND skill_rating >= 5.1', () => {
    const e = '(language == "en" OR language == "fr") AND skill_rating >= 5.1'
    assert.isTrue(ev(e, { language: "fr", skill_rating: 5.1 }))
    assert.isTrue(ev(e, { language: "en", skill_rating: 9 }))
    assert.isFalse(ev(e, { language: "en", skill_rating: 5 }))
    assert.isFalse(ev(e, { language: "de", skill_rating: 9 }))
    assert.isFalse(ev(e, { language: "en", skill_rating: "9" }), "a string is not compared with a number")
  })

  it("task.required_language IN worker.spoken_languages (an array reference on the right)", () => {
    const e = "task.required_language IN worker.spoken_languages"
    assert.isTrue(ev(e, { task: { required_language: "es" }, worker: { spoken_languages: ["en", "es"] } }))
    assert.isFalse(ev(e, { task: { required_language: "de" }, worker: { spoken_languages: ["en", "es"] } }))
    assert.isFalse(ev(e, { task: { required_language: "es" }, worker: {} }))
  })

  it("worker.id IN task.preferred_agents", () => {
    const e = "worker.id IN task.preferred_agents"
    assert.isTrue(ev(e, { worker: { id: 7 }, task: { preferred_agents: [3, 7] } }))
    assert.isFalse(ev(e, { worker: { id: "7" }, task: { preferred_agents: [3, 7] } }))
  })

  it("worker.activity_name in [...] with lower-case keywords", () => {
    const e = "worker.activity_name in ['Generally Available', 'High Value Tasks']"
    assert.isTrue(ev(e, { worker: { activity_name: "High Value Tasks" } }))
    assert.isFalse(ev(e, { worker: { activity_name: "Offline" } }))
  })

  it("skip_if variables: workers.available / unavailable / workers.WA…", () => {
    const counts = { workers: { available: 0, unavailable: 4, WA0123456789abcdef0123456789abcdef: 2 } }
    assert.isTrue(ev("workers.available == 0", counts))
    assert.isFalse(ev("workers.available > 0", counts))
    assert.isTrue(ev("workers.unavailable >= 4 AND workers.WA0123456789abcdef0123456789abcdef == 2", counts))
  })
})

describe("Expression: workflow configuration examples (reference section 9)", () => {
  it("filter expression against task attributes", () => {
    const e = "type == 'ticket' AND customer_value == 'Gold'"
    assert.isTrue(ev(e, { type: "ticket", customer_value: "Gold" }))
    assert.isFalse(ev(e, { type: "call", customer_value: "Gold" }))
  })

  it("target expression task.requested_agent==worker.agent_id (no spaces)", () => {
    const e = "task.requested_agent==worker.agent_id"
    assert.isTrue(ev(e, { task: { requested_agent: "alice" }, worker: { agent_id: "alice" } }))
    assert.isFalse(ev(e, { task: { requested_agent: "alice" }, worker: { agent_id: "bob" } }))
    assert.isFalse(ev(e, { task: {}, worker: {} }), "NULL == NULL is false")
  })

  it("known_worker_sid value is a reference that resolves in the task", () => {
    const ref = Expression.parseReference("task.preferred_worker_sid")
    assert.deepStrictEqual(ref.path, ["task", "preferred_worker_sid"])
    assert.strictEqual(Expression.resolve(ref, { task: { preferred_worker_sid: "WK1" } }), "WK1")
    assert.strictEqual(Expression.resolve(ref, { task: {} }), undefined)
    const notReference = Expression.parseResult("x")
    assert.isTrue(Result.isFailure(notReference))
    try {
      Expression.parseReference("task.x == 1")
      assert.fail("a comparison is not a lone reference")
    } catch (e) {
      assert.instanceOf(e, Expression.ExpressionError)
      assert.strictEqual(e instanceof Expression.ExpressionError ? e.position : -1, 7)
    }
  })
})

describe("Expression: semantics", () => {
  it("scalar operators", () => {
    const r = { n: 5, s: "hello world", b: true }
    assert.isTrue(ev("n == 5", r))
    assert.isTrue(ev("n != 4", r))
    assert.isTrue(ev("n > 4.5 AND n >= 5 AND n < 6 AND n <= 5", r))
    assert.isFalse(ev("n > 5", r))
    assert.isTrue(ev("s CONTAINS 'lo wo'", r))
    assert.isFalse(ev("s CONTAINS 'xyz'", r))
    assert.isTrue(ev("s > 'hello'", r), "strings are ordered")
    assert.isTrue(ev("b == true AND b != false", r))
    assert.isFalse(ev("b > false", r), "booleans have no order")
  })

  it("a scalar operator on an array is false (all of them)", () => {
    const r = { a: ["x"] }
    for (const op of ["==", "!=", ">", ">=", "<", "<=", "CONTAINS"]) {
      assert.isFalse(ev(`a ${op} 'x'`, r), op)
      assert.isFalse(ev(`a ${op} ['x']`, r), `${op} between arrays`)
    }
  })

  it("an array operator on two scalars is false", () => {
    const r = { s: "abc" }
    for (const op of ["HAS", "NOT HAS", "IN", "NOT IN"]) assert.isFalse(ev(`s ${op} 'abc'`, r), op)
  })

  it("NOT IN and NOT HAS", () => {
    const r = { lang: "de", skills: ["a", "b"] }
    assert.isTrue(ev("lang NOT IN ['en', 'fr']", r))
    assert.isFalse(ev("lang not in ['de']", r))
    assert.isTrue(ev("skills NOT HAS 'c'", r))
    assert.isFalse(ev("skills not has 'a'", r))
    assert.isFalse(ev("missing NOT IN ['x']", r), "NULL is not a scalar")
  })

  it("cross-type and NULL comparisons are false, != included", () => {
    const r = { n: 1, s: "1", z: null }
    assert.isFalse(ev("n == '1'", r))
    assert.isFalse(ev("n != '1'", r))
    assert.isFalse(ev("s > 0", r))
    assert.isFalse(ev("missing == 1", r))
    assert.isFalse(ev("missing != 1", r))
    assert.isFalse(ev("z != 'x'", r))
    assert.isTrue(ev("[1, 2] HAS 1", r), "array literal on the left of HAS")
    assert.isFalse(ev("['1'] HAS 1", r), "elements match strictly")
  })

  it("references: nested paths, indexes, own keys only", () => {
    const r = { task: { langs: ["en", "fr"], meta: { tier: { level: 3 } } }, list: [{ k: "v" }] }
    assert.isTrue(ev("task.langs[1] == 'fr'", r))
    assert.isFalse(ev("task.langs[2] == 'fr'", r))
    assert.isTrue(ev("task.meta.tier.level == 3", r))
    assert.isTrue(ev("list[0].k == 'v'", r))
    assert.isFalse(ev("task.langs.length == 2", r), "no properties of arrays")
    assert.isFalse(ev("task.constructor == 'x' OR toString CONTAINS 'function'", r), "no prototype keys")
    assert.isFalse(ev("task[0] == 'x'", r), "an index on an object is NULL")
    assert.isFalse(ev("__proto__.constructor.name == 'Object'", r), "no Object.prototype members")
    const own: unknown = JSON.parse('{"__proto__": 5, "constructor": "c", "valueOf": ["v"]}')
    assert.isTrue(
      ev("__proto__ == 5 AND constructor == 'c' AND valueOf HAS 'v'", own),
      "own keys with builtin names",
    )
    assert.strictEqual(Expression.resolve(Expression.parseReference("toString"), {}), undefined)
  })

  it("AND binds tighter than OR", () => {
    // a OR b AND c  ==  a OR (b AND c)
    const e = Expression.parse("a == 1 OR b == 1 AND c == 1")
    assert.strictEqual(e._tag, "Or")
    assert.isTrue(Expression.evaluate(e, { a: 1, b: 0, c: 0 }))
    assert.isFalse(Expression.evaluate(e, { a: 0, b: 1, c: 0 }))
    assert.isFalse(ev("(a == 1 OR b == 1) AND c == 1", { a: 1, b: 0, c: 0 }))
  })

  it("compile accepts text or a tree and gives the same predicate semantics as evaluate", () => {
    const p = Expression.compile("priority > 1 AND queue IN ['a', 'b']")
    assert.isTrue(p({ priority: 2, queue: "a" }))
    assert.isFalse(p({ priority: 2, queue: "c" }))
    const tree = Expression.parse("language != 'en'")
    const q = Expression.compile(tree)
    assert.isTrue(q({ language: "fr" }))
    assert.strictEqual(q({ language: "en" }), Expression.evaluate(tree, { language: "en" }))
  })
})

describe("Expression: parse, print and the tree", () => {
  it("parses constants of every kind", () => {
    const e = Expression.parse(`x IN ['a', "b", 1, -2.5, 1e3, true, FALSE]`)
    assert.deepStrictEqual(e, {
      _tag: "Comparison",
      operator: "IN",
      left: { _tag: "Reference", path: ["x"] },
      right: {
        _tag: "Array",
        elements: [
          { _tag: "String", value: "a" },
          { _tag: "String", value: "b" },
          { _tag: "Number", value: 1 },
          { _tag: "Number", value: -2.5 },
          { _tag: "Number", value: 1000 },
          { _tag: "Boolean", value: true },
          { _tag: "Boolean", value: false },
        ],
      },
    })
  })

  it("string escapes: \\' \\\" \\\\ and other backslashes kept", () => {
    const e = Expression.parse(String.raw`s == 'it\'s C:\path\\x'`)
    assert.strictEqual(
      e._tag === "Comparison" && e.right._tag === "String" ? e.right.value : "",
      String.raw`it's C:\path\x`,
    )
  })

  it("prints canonically with minimal parentheses", () => {
    const cases: Array<[string, string]> = [
      ["1==1", "1 == 1"],
      ["worker.activity_name in ['A','B'] or x==1", "worker.activity_name IN ['A', 'B'] OR x == 1"],
      ["(a == 1 OR b == 2) and c == 3", "(a == 1 OR b == 2) AND c == 3"],
      ["a == 1 OR (b == 2 AND c == 3)", "a == 1 OR b == 2 AND c == 3"],
      ["a == 1 AND (b == 2 AND c == 3)", "a == 1 AND (b == 2 AND c == 3)"],
      ["((a == 1))", "a == 1"],
      ['x not has "it\'s"', `x NOT HAS "it's"`],
      ["langs[0] == -0", "langs[0] == -0"],
    ]
    for (const [source, printed] of cases) {
      const e = Expression.parse(source)
      assert.strictEqual(Expression.print(e), printed)
      assert.deepStrictEqual(Expression.parse(printed), e)
    }
  })

  it("chains are one n-ary node; explicit groups stay nested", () => {
    const e = Expression.parse("a == 1 AND b == 2 AND c == 3")
    assert.strictEqual(e._tag === "And" ? e.operands.length : 0, 3)
    const g = Expression.parse("a == 1 AND (b == 2 AND c == 3)")
    assert.strictEqual(g._tag === "And" ? g.operands.length : 0, 2)
  })

  it("parseResult and decode", () => {
    assert.isTrue(Result.isSuccess(Expression.parseResult("a == 1")))
    const bad = Expression.parseResult("a ==")
    assert.isTrue(Result.isFailure(bad) && bad.failure._tag === "ExpressionError")
  })

  it.effect("decode fails with ExpressionError in the error channel", () =>
    Effect.gen(function* () {
      const ok = yield* Expression.decode("skills HAS 'a'")
      assert.strictEqual(ok._tag, "Comparison")
      const exit = yield* Effect.exit(Expression.decode("skills HAS"))
      assert.isTrue(Exit.isFailure(exit))
      const error = yield* Effect.flip(Expression.decode("skills HAS"))
      assert.strictEqual(error.position, 10)
      const caught = yield* Expression.decode("(").pipe(
        Effect.catchTag("ExpressionError", (e) => Effect.succeed(e.expected)),
      )
      assert.include(caught, "condition")
    }),
  )
})

describe("Expression: errors name the position and what was expected", () => {
  it("the example message", () => {
    const e = failure("skills HAS 'a' AND x ==")
    assert.strictEqual(e._tag, "ExpressionError")
    assert.strictEqual(e.position, 23)
    assert.strictEqual(e.expected, "a value")
    assert.strictEqual(e.source, "skills HAS 'a' AND x ==")
    assert.strictEqual(e.message, 'Expected a value after "==" at position 23 in "skills HAS \'a\' AND x =="')
    assert.instanceOf(e, Error)
  })

  const positions: Array<[source: string, position: number, expected: RegExp]> = [
    ["", 0, /condition/],
    ["skills", 6, /operator/],
    ["skills HAS", 10, /^a value$/],
    ["a = 1", 2, /"=="/],
    ["a ! 1", 2, /"!="/],
    ["a == 1 AND", 10, /condition/],
    ["a == 1 b == 2", 7, /AND, OR or the end/],
    ["(a == 1", 7, /"\)" to close the "\(" at position 0/],
    ["a == 1)", 6, /AND, OR or the end/],
    ["a NOT b", 6, /IN or HAS/],
    ["a == 'open", 10, /closing ' for the string that starts at position 5/],
    ["a IN ['x' 'y']", 10, /"," or "]"/],
    ["a IN [x]", 6, /string, number or boolean/],
    ["a[x] == 1", 2, /array index/],
    ["a. == 1", 2, /attribute name/],
    ["a-b == 1", 1, /value, an operator/],
    ["a == 1e999", 5, /range/],
    ["AND == 1", 0, /condition/],
    ["a == #", 5, /value, an operator or a parenthesis/],
  ]
  for (const [source, position, expected] of positions) {
    it(`${JSON.stringify(source)} -> position ${position}`, () => {
      const e = failure(source)
      assert.strictEqual(e.position, position, e.message)
      assert.match(e.expected, expected)
      assert.include(e.message, `at position ${position}`)
    })
  }

  it("deep nesting is a typed error, not a stack overflow", () => {
    const e = failure("(".repeat(100_000))
    assert.strictEqual(e.position, 256)
    assert.strictEqual(
      Expression.print(Expression.parse(`${"(".repeat(200)}a == 1${")".repeat(200)}`)),
      "a == 1",
    )
    assert.include(e.expected, "nested parentheses")
  })

  it("long chains parse and evaluate without deep recursion", () => {
    const source = Array.from({ length: 50_000 }, (_, i) => `a == ${i}`).join(" OR ")
    const p = Expression.compile(source)
    assert.isTrue(p({ a: 49_999 }))
    assert.isFalse(p({ a: -1 }))
  })

  it("long sources are shortened around the position in the message", () => {
    const source = `${"a == 1 AND ".repeat(100)}b ==`
    const e = failure(source)
    assert.strictEqual(e.position, source.length)
    assert.isBelow(e.message.length, 260)
    assert.include(e.message, "b ==")
  })
})
