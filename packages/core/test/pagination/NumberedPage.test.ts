import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import * as fc from "fast-check"
import { NumberedPage, Paginator } from "../../src/index.js"

interface GtlBody extends NumberedPage.Wire {
  readonly snapshot_id: string
  readonly tasks: ReadonlyArray<{ readonly core: { readonly id: { readonly value: string } } }>
}

/**
 * A fake GTL endpoint over `total` tasks, `perPage` per page. A request without a snapshot takes a new one;
 * later pages must pass it back. Requests and releases are logged.
 */
const gtl = (total: number, perPage: number) => {
  const requests: Array<{ readonly page: number; readonly snapshot: string | undefined }> = []
  const released: Array<string> = []
  let snapshots = 0
  const fetch = (page: number, snapshot: string | undefined) =>
    Effect.sync((): GtlBody => {
      requests.push({ page, snapshot })
      const snapshot_id = snapshot ?? `conn1-${++snapshots}`
      const from = (page - 1) * perPage
      const count = Math.max(0, Math.min(perPage, total - from))
      return {
        page,
        tasks_per_page: perPage,
        total_tasks: total,
        snapshot_id,
        tasks: Array.from({ length: count }, (_, i) => ({ core: { id: { value: `task-${from + i}` } } })),
      }
    })
  const paginator = NumberedPage.paginator({
    fetch: (n, previous: Option.Option<GtlBody>) => fetch(n, Option.getOrUndefined(previous)?.snapshot_id),
    info: NumberedPage.fromWire,
    items: (body: GtlBody) => body.tasks.map((t) => t.core.id.value),
    release: ({ lastPage }) =>
      Effect.sync(() => {
        if (Option.isSome(lastPage)) released.push(lastPage.value.snapshot_id)
      }),
  })
  return { paginator, requests, released }
}

describe("NumberedPage", () => {
  it("hasNext: page * tasks_per_page < total_tasks", () => {
    assert.isTrue(NumberedPage.hasNext({ page: 1, tasksPerPage: 10, totalTasks: 11 }))
    assert.isFalse(NumberedPage.hasNext({ page: 1, tasksPerPage: 10, totalTasks: 10 }))
    assert.isFalse(NumberedPage.hasNext({ page: 1, tasksPerPage: 10, totalTasks: 0 }))
    assert.isFalse(NumberedPage.hasNext({ page: 1, tasksPerPage: 0, totalTasks: 10 }), "no endless listing")
    assert.strictEqual(NumberedPage.pageCount({ page: 1, tasksPerPage: 10, totalTasks: 25 }), 3)
    assert.strictEqual(NumberedPage.pageCount({ page: 1, tasksPerPage: 10, totalTasks: 0 }), 0)
  })

  it("reads every task exactly once, pages numbered from 1, reusing the first page's snapshot", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 40 }), fc.integer({ min: 1, max: 12 }), async (total, perPage) => {
        const { paginator, requests, released } = gtl(total, perPage)
        const ids = await Effect.runPromise(Paginator.collect(paginator))
        assert.deepStrictEqual(
          ids,
          Array.from({ length: total }, (_, i) => `task-${i}`),
        )
        const pages = Math.max(1, Math.ceil(total / perPage))
        assert.deepStrictEqual(
          requests,
          Array.from({ length: pages }, (_, i) => ({
            page: i + 1,
            snapshot: i === 0 ? undefined : "conn1-1",
          })),
        )
        assert.deepStrictEqual(released, ["conn1-1"])
      }),
    )
  })

  it("breaking out of for-await releases the snapshot and requests no further page", async () => {
    const { paginator, requests, released } = gtl(100, 10)
    const seen: Array<string> = []
    for await (const id of Paginator.toAsyncIterable(paginator, Effect.runPromise)) {
      seen.push(id)
      if (seen.length === 15) break
    }
    assert.strictEqual(seen.length, 15)
    assert.deepStrictEqual(
      requests.map((r) => r.page),
      [1, 2],
    )
    assert.deepStrictEqual(released, ["conn1-1"])
  })

  it.effect("a later page numbered differently from the one asked for fails with PaginationError", () =>
    Effect.gen(function* () {
      const p = NumberedPage.paginator({
        // The server "redirects" page 3 to page 2 (the snapshot shrank under the listing).
        fetch: (n: number) => Effect.succeed({ page: Math.min(n, 2), tasks_per_page: 2, total_tasks: 6 }),
        info: NumberedPage.fromWire,
        items: (body) => [body.page * 10, body.page * 10 + 1],
      })
      const error = yield* Effect.flip(Paginator.collect(p))
      assert.strictEqual(error.reason, "Envelope")
      assert.include(error.message, "Asked for page 3 and received page 2")
    }),
  )

  it.effect("firstPage starts elsewhere; an invalid firstPage fails before fetching", () =>
    Effect.gen(function* () {
      const asked: Array<number> = []
      const make = (firstPage: number) =>
        NumberedPage.paginator({
          fetch: (n: number) =>
            Effect.sync(() => {
              asked.push(n)
              return { page: n, tasks_per_page: 1, total_tasks: 3 }
            }),
          info: NumberedPage.fromWire,
          items: (body) => [body.page],
          firstPage,
        })
      assert.deepStrictEqual(yield* Paginator.collect(make(2)), [2, 3])
      assert.deepStrictEqual(asked, [2, 3])
      const error = yield* Effect.flip(Paginator.collect(make(0)))
      assert.include(error.message, "numbered from 1")
      assert.deepStrictEqual(asked, [2, 3])
    }),
  )
})
