import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Option, Stream } from "effect"
import * as fc from "fast-check"
import { firstValueFrom, lastValueFrom, take, toArray } from "rxjs"
import { Paginator, PaginatorStream } from "../../src/index.js"
import { Boom, expected, fake } from "./fixtures.js"

const sizesArb = fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 6 })
const limitArb = fc.option(fc.nat({ max: 30 }), { nil: undefined })

/** Every way to consume a paginator fully, as a Promise of the items. */
const consumers: ReadonlyArray<
  readonly [
    string,
    (p: Paginator.Paginator<number, Boom>, limit: number | undefined) => Promise<ReadonlyArray<number>>,
  ]
> = [
  ["collect", (p, limit) => Effect.runPromise(Paginator.collect(p, { limit }))],
  [
    "AsyncIterable",
    async (p, limit) => {
      const out: Array<number> = []
      for await (const n of Paginator.toAsyncIterable(p, Effect.runPromise, { limit })) out.push(n)
      return out
    },
  ],
  [
    "Observable",
    (p, limit) => lastValueFrom(Paginator.toObservable(p, Effect.runFork, { limit }).pipe(toArray())),
  ],
  ["Stream", (p, limit) => Effect.runPromise(Stream.runCollect(PaginatorStream.items(p, { limit })))],
]

describe("Paginator: every consumer", () => {
  for (const [name, consume] of consumers) {
    it(`${name}: delivers exactly min(limit, total) items, fetches lazily, releases once`, async () => {
      await fc.assert(
        fc.asyncProperty(sizesArb, limitArb, async (sizes, limit) => {
          const { paginator, log } = fake(sizes)
          const want = expected(sizes, limit)
          const items = await consume(paginator, limit)
          assert.deepStrictEqual(items, want.items)
          assert.deepStrictEqual(
            log.fetches,
            Array.from({ length: want.fetched }, (_, i) => i),
            "pages fetched",
          )
          assert.deepStrictEqual(log.releases, [{ reason: want.reason, lastPage: want.lastPage }])
        }),
        { numRuns: 150 },
      )
    })

    it(`${name}: a fetch failure propagates typed, after releasing with the last good page`, async () => {
      const { paginator, log } = fake([2, 2, 2], { failAt: 1 })
      const error = await consume(paginator, undefined).then(
        () => assert.fail("expected a failure"),
        (e: unknown) => e,
      )
      assert.instanceOf(error, Boom)
      assert.strictEqual(error instanceof Boom ? error.page : -1, 1)
      assert.deepStrictEqual(log.fetches, [0, 1])
      assert.deepStrictEqual(log.releases, [{ reason: "failed", lastPage: 0 }])
    })

    it(`${name}: an invalid limit fails with PaginationError before any fetch`, async () => {
      for (const limit of [-1, 1.5, Number.NaN]) {
        const { paginator, log } = fake([3])
        const error = await consume(paginator, limit).then(
          () => assert.fail("expected a failure"),
          (e: unknown) => e,
        )
        assert.instanceOf(error, Paginator.PaginationError)
        assert.strictEqual(error instanceof Paginator.PaginationError ? error.reason : "", "Limit")
        assert.deepStrictEqual(log.fetches, [])
      }
    })
  }

  it("a paginator is a description: each consumption starts from the first page", async () => {
    const { paginator, log } = fake([2, 1])
    const iterable = Paginator.toAsyncIterable(paginator, Effect.runPromise)
    const first: Array<number> = []
    for await (const n of iterable) first.push(n)
    const second: Array<number> = []
    for await (const n of iterable) second.push(n)
    assert.deepStrictEqual(first, [0, 1, 2])
    assert.deepStrictEqual(second, [0, 1, 2])
    assert.deepStrictEqual(log.fetches, [0, 1, 0, 1])
    assert.strictEqual(log.releases.length, 2)
  })
})

describe("Paginator: abandoning early", () => {
  it("break in for-await stops fetching and releases with the current page", async () => {
    const { paginator, log } = fake([2, 2, 2])
    const seen: Array<number> = []
    for await (const n of Paginator.toAsyncIterable(paginator, Effect.runPromise)) {
      seen.push(n)
      if (n === 2) break
    }
    assert.deepStrictEqual(seen, [0, 1, 2])
    assert.deepStrictEqual(log.fetches, [0, 1])
    assert.deepStrictEqual(log.releases, [{ reason: "abandoned", lastPage: 1 }])
  })

  it("a throw inside for-await releases too", async () => {
    const { paginator, log } = fake([2, 2])
    const run = async () => {
      for await (const n of Paginator.toAsyncIterable(paginator, Effect.runPromise)) {
        if (n === 0) throw new Error("consumer failed")
      }
    }
    await run().catch(() => undefined)
    assert.deepStrictEqual(log.fetches, [0])
    assert.deepStrictEqual(log.releases, [{ reason: "abandoned", lastPage: 0 }])
  })

  it("return() while next() is pending waits for it, then fetches nothing more; release runs once", async () => {
    const { paginator, log } = fake([1, 1, 1])
    const it = Paginator.toAsyncIterable(paginator, Effect.runPromise)[Symbol.asyncIterator]()
    const pending = it.next()
    const returned = it.return?.()
    assert.deepStrictEqual(await pending, { done: false, value: 0 })
    assert.deepStrictEqual(await returned, { done: true, value: undefined })
    assert.deepStrictEqual(await it.next(), { done: true, value: undefined })
    await it.return?.()
    assert.deepStrictEqual(log.fetches, [0])
    assert.deepStrictEqual(log.releases, [{ reason: "abandoned", lastPage: 0 }])
  })

  it("return() before the first next() releases with no page and fetches nothing", async () => {
    const { paginator, log } = fake([1])
    const it = Paginator.toAsyncIterable(paginator, Effect.runPromise)[Symbol.asyncIterator]()
    await it.return?.()
    assert.deepStrictEqual(log.fetches, [])
    assert.deepStrictEqual(log.releases, [{ reason: "abandoned", lastPage: undefined }])
  })

  it("Observable: take(n) unsubscribes; no further page is fetched", async () => {
    const { paginator, log } = fake([2, 2, 2])
    const got = await lastValueFrom(
      Paginator.toObservable(paginator, Effect.runFork).pipe(take(3), toArray()),
    )
    assert.deepStrictEqual(got, [0, 1, 2])
    await Effect.runPromise(Effect.yieldNow)
    assert.deepStrictEqual(log.fetches, [0, 1])
    assert.deepStrictEqual(log.releases, [{ reason: "abandoned", lastPage: 1 }])
  })

  it("Observable: unsubscribing during an in-flight fetch interrupts it and releases", async () => {
    const { paginator, log } = fake([2, 2, 2], { hangAt: 1 })
    const seen: Array<number> = []
    const subscription = Paginator.toObservable(paginator, Effect.runFork).subscribe((n) => seen.push(n))
    while (log.fetches.length < 2) await new Promise((resolve) => setTimeout(resolve, 1))
    subscription.unsubscribe()
    while (log.releases.length === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    assert.deepStrictEqual(seen, [0, 1])
    assert.deepStrictEqual(log.interrupted, [1])
    assert.deepStrictEqual(log.releases, [{ reason: "abandoned", lastPage: 0 }])
  })

  it("Observable: firstValueFrom takes one item and releases", async () => {
    const { paginator, log } = fake([3, 3])
    assert.strictEqual(await firstValueFrom(Paginator.toObservable(paginator, Effect.runFork)), 0)
    await Effect.runPromise(Effect.yieldNow)
    assert.deepStrictEqual(log.fetches, [0])
    assert.deepStrictEqual(log.releases, [{ reason: "abandoned", lastPage: 0 }])
  })

  it.effect("Stream: a downstream take releases once and fetches lazily", () =>
    Effect.gen(function* () {
      const { paginator, log } = fake([2, 2, 2])
      const got = yield* Stream.runCollect(PaginatorStream.items(paginator).pipe(Stream.take(3)))
      assert.deepStrictEqual(got, [0, 1, 2])
      assert.deepStrictEqual(log.fetches, [0, 1])
      assert.deepStrictEqual(log.releases, [{ reason: "abandoned", lastPage: 1 }])
    }),
  )

  it.effect("Stream: interrupting the consumer during a fetch interrupts the fetch and releases", () =>
    Effect.gen(function* () {
      const { paginator, log } = fake([2, 2], { hangAt: 1 })
      const fiber = yield* Effect.forkChild(Stream.runCollect(PaginatorStream.items(paginator)))
      while (log.fetches.length < 2) yield* Effect.yieldNow
      yield* Fiber.interrupt(fiber)
      const exit = yield* Fiber.await(fiber)
      assert.isTrue(Exit.isFailure(exit))
      assert.deepStrictEqual(log.interrupted, [1])
      assert.deepStrictEqual(log.releases, [{ reason: "abandoned", lastPage: 0 }])
    }),
  )
})

describe("Paginator: pages and map", () => {
  it.effect("PaginatorStream.pages emits every page with its items cut to the limit", () =>
    Effect.gen(function* () {
      const { paginator } = fake([2, 0, 3, 4])
      const pages = yield* Stream.runCollect(PaginatorStream.pages(paginator, { limit: 4 }))
      assert.deepStrictEqual(
        pages.map((p) => [p.page, p.items]),
        [
          [0, [0, 1]],
          [1, []],
          [2, [2, 3]],
        ],
      )
    }),
  )

  it.effect("map transforms items lazily and keeps the release hook", () =>
    Effect.gen(function* () {
      const { paginator, log } = fake([2, 2])
      const labels = yield* Paginator.collect(
        Paginator.map(paginator, (n) => `#${n}`),
        { limit: 3 },
      )
      assert.deepStrictEqual(labels, ["#0", "#1", "#2"])
      assert.deepStrictEqual(log.releases, [{ reason: "exhausted", lastPage: 1 }])
    }),
  )

  it.effect("a failing release hook does not turn a finished listing into a failure", () =>
    Effect.gen(function* () {
      const p = Paginator.make({
        first: Effect.succeed([1, 2]),
        items: (x: ReadonlyArray<number>) => x,
        next: () => Option.none(),
        release: () => Effect.die("release exploded"),
      })
      assert.deepStrictEqual(yield* Paginator.collect(p), [1, 2])
    }),
  )
})
