import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { Collection } from "../../src/store/collection.js"
import { Timers } from "../../src/store/timers.js"

interface Item {
  readonly sid: string
  readonly seq: number
}

describe("Collection (pages resume after any item, deleted or not)", () => {
  it("after/before/values agree with a plain array model under random adds and deletes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant<"add">("add"), fc.nat({ max: 400 })), { maxLength: 600 }),
        fc.nat({ max: 700 }),
        (ops, probe) => {
          const collection = new Collection<Item>()
          const model: Array<Item> = []
          let seq = 0
          for (const op of ops) {
            if (op === "add") {
              const item = { sid: `X${++seq}`, seq: seq * 2 }
              collection.add(item)
              model.push(item)
            } else {
              const victim = model[op % Math.max(1, model.length)]
              if (victim === undefined) continue
              collection.delete(victim.sid)
              model.splice(model.indexOf(victim), 1)
            }
          }
          assert.deepStrictEqual(collection.toArray(), model)
          assert.deepStrictEqual([...collection.values()], model)
          assert.strictEqual(collection.size, model.length)
          assert.strictEqual(collection.first(), model[0])
          assert.deepStrictEqual(
            [...collection.after(probe)],
            model.filter((i) => i.seq > probe),
          )
          assert.deepStrictEqual([...collection.before(probe)], model.filter((i) => i.seq < probe).reverse())
          for (const item of model) assert.strictEqual(collection.get(item.sid), item)
        },
      ),
      { numRuns: 200, seed: 5 },
    )
  })
})

describe("Timers", () => {
  it("fire by deadline, then in scheduling order; cancelled ones never fire", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 50 }), fc.boolean()), { maxLength: 200 }), (specs) => {
        const fired: Array<number> = []
        let earliest = Number.POSITIVE_INFINITY
        const timers = new Timers((d) => {
          earliest = Math.min(earliest, d)
        })
        const ids = specs.map(([at], i) => timers.schedule(at, () => fired.push(i)))
        specs.forEach(([, cancel], i) => {
          if (cancel) timers.cancel(ids[i] ?? 0)
        })
        for (;;) {
          const run = timers.popDue(60)
          if (run === undefined) break
          run()
        }
        const expected = specs
          .map(([at, cancel], i) => ({ at, cancel, i }))
          .filter((s) => !s.cancel)
          .sort((a, b) => a.at - b.at || a.i - b.i)
          .map((s) => s.i)
        assert.deepStrictEqual(fired, expected)
        assert.strictEqual(timers.next(), Number.POSITIVE_INFINITY)
        if (specs.length > 0) assert.strictEqual(earliest, Math.min(...specs.map(([at]) => at)))
      }),
      { numRuns: 200, seed: 9 },
    )
  })
})
