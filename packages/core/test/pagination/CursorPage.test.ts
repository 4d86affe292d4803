import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Result } from "effect"
import * as fc from "fast-check"
import { CursorPage, Paginator } from "../../src/index.js"

const base = "https://taskrouter.twilio.com/v1/Workspaces/WS0123456789abcdef0123456789abcdef/Workers"

/** A body shaped like reference section 2. */
const body = (page: number, sids: ReadonlyArray<string>, next: string | null) => ({
  meta: {
    page,
    page_size: 2,
    first_page_url: `${base}?PageSize=2&Page=0`,
    previous_page_url: page === 0 ? null : `${base}?PageSize=2&Page=${page - 1}`,
    url: `${base}?PageSize=2&Page=${page}`,
    next_page_url: next,
    key: "workers",
  },
  workers: sids.map((sid) => ({ sid })),
})

describe("CursorPage.pageSize", () => {
  it("accepts exactly the integers 1..1000", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (n) => {
        assert.deepStrictEqual(CursorPage.pageSize(n), Result.succeed(n))
      }),
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ max: 0 }),
          fc.integer({ min: 1001 }),
          fc.double().filter((d) => !Number.isInteger(d)),
        ),
        (n) => {
          const r = CursorPage.pageSize(n)
          assert.isTrue(Result.isFailure(r))
          if (Result.isFailure(r)) {
            assert.strictEqual(r.failure._tag, "PaginationError")
            assert.strictEqual(r.failure.reason, "PageSize")
            assert.include(r.failure.message, "from 1 to 1000")
          }
        },
      ),
    )
  })

  it.effect("the paginator fails an invalid PageSize before any request", () =>
    Effect.gen(function* () {
      let requests = 0
      const p = CursorPage.paginator({
        pageSize: 1001,
        first: () =>
          Effect.sync(() => {
            requests++
            return { meta: meta(null), items: [] }
          }),
        next: () => Effect.die("unreachable"),
      })
      const error = yield* Effect.flip(Paginator.collect(p))
      assert.strictEqual(error._tag, "PaginationError")
      assert.strictEqual(error._tag === "PaginationError" ? error.reason : "", "PageSize")
      assert.strictEqual(requests, 0)
    }),
  )
})

const meta = (next: string | null): CursorPage.Meta => ({
  key: "workers",
  page: 0,
  pageSize: 50,
  url: `${base}?PageSize=50&Page=0`,
  firstPageUrl: null,
  previousPageUrl: null,
  nextPageUrl: next,
})

describe("CursorPage.decode", () => {
  it("reads the documented envelope", () => {
    const r = CursorPage.decode(body(1, ["WK1"], `${base}?PageSize=2&Page=2&PageToken=PAWK1`))
    assert.isTrue(Result.isSuccess(r))
    if (Result.isSuccess(r)) {
      assert.deepStrictEqual(r.success.meta, {
        key: "workers",
        page: 1,
        pageSize: 2,
        url: `${base}?PageSize=2&Page=1`,
        firstPageUrl: `${base}?PageSize=2&Page=0`,
        previousPageUrl: `${base}?PageSize=2&Page=0`,
        nextPageUrl: `${base}?PageSize=2&Page=2&PageToken=PAWK1`,
      })
      assert.deepStrictEqual(r.success.items, [{ sid: "WK1" }])
      assert.deepStrictEqual(CursorPage.nextPageToken(r.success), Option.some("PAWK1"))
    }
  })

  it("reads records under meta.key (channels for both channel lists)", () => {
    const r = CursorPage.decode({ meta: { ...body(0, [], null).meta, key: "channels" }, channels: [1, 2] })
    assert.deepStrictEqual(
      Result.map(r, (p) => p.items),
      Result.succeed([1, 2]),
    )
  })

  const broken: Array<[string, unknown, string]> = [
    ["not an object", "[]", "body must be a JSON object"],
    ["no meta", { workers: [] }, "meta must be an object, got undefined"],
    ["no key", { meta: { page: 0, page_size: 1 } }, "meta.key"],
    ["bad page", { meta: { key: "workers", page: -1, page_size: 1 }, workers: [] }, "meta.page must"],
    ["bad page_size", { meta: { key: "workers", page: 0, page_size: "50" }, workers: [] }, "meta.page_size"],
    [
      "bad url",
      { meta: { key: "workers", page: 0, page_size: 1, next_page_url: 5 }, workers: [] },
      "next_page_url",
    ],
    [
      "no list",
      { meta: { key: "workers", page: 0, page_size: 1 } },
      `"workers" (named by meta.key) must be an array`,
    ],
  ]
  for (const [name, input, message] of broken) {
    it(`rejects ${name} with a PaginationError naming the field`, () => {
      const r = CursorPage.decode(input)
      assert.isTrue(Result.isFailure(r))
      if (Result.isFailure(r)) {
        assert.strictEqual(r.failure.reason, "Envelope")
        assert.include(r.failure.message, message)
      }
    })
  }

  it("never throws, whatever the body", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const r = CursorPage.decode(json)
        assert.isTrue(Result.isResult(r))
      }),
    )
  })
})

describe("CursorPage.queryParam", () => {
  it("finds a parameter, percent-decoded, ignoring the fragment", () => {
    const url = `${base}?Available=true&PageSize=50&Page=1&PageToken=PA%2Fx%20y#frag`
    assert.deepStrictEqual(CursorPage.queryParam(url, "PageToken"), Option.some("PA/x y"))
    assert.deepStrictEqual(CursorPage.queryParam(url, "Page"), Option.some("1"))
    assert.deepStrictEqual(CursorPage.queryParam(url, "Missing"), Option.none())
    assert.deepStrictEqual(CursorPage.queryParam(base, "Page"), Option.none())
    assert.deepStrictEqual(CursorPage.queryParam(`${base}?x=%E0%A4%A`, "x"), Option.some("%E0%A4%A"))
  })
})

describe("CursorPage.paginator", () => {
  /** A fake list endpoint: 5 workers, 2 per page, each page linking the next with a PageToken. */
  const server = () => {
    const sids = ["WK1", "WK2", "WK3", "WK4", "WK5"]
    const requests: Array<string> = []
    const pageAt = (page: number) => {
      const slice = sids.slice(page * 2, page * 2 + 2)
      const last = slice[slice.length - 1]
      const hasMore = (page + 1) * 2 < sids.length
      return body(page, slice, hasMore ? `${base}?PageSize=2&Page=${page + 1}&PageToken=PA${last}` : null)
    }
    const get = (url: string) =>
      Effect.suspend(() => {
        requests.push(url)
        const page = Number(Option.getOrElse(CursorPage.queryParam(url, "Page"), () => "0"))
        return Effect.fromResult(CursorPage.decode(pageAt(page)))
      })
    return { requests, get }
  }

  it.effect("follows next_page_url until it is null", () =>
    Effect.gen(function* () {
      const { requests, get } = server()
      const p = CursorPage.paginator({
        pageSize: 2,
        first: (size) => get(`${base}?PageSize=${size}`),
        next: (url) => get(url),
      })
      const items = yield* Paginator.collect(p)
      assert.deepStrictEqual(
        items.map((w) => (typeof w === "object" && w !== null && "sid" in w ? w.sid : null)),
        ["WK1", "WK2", "WK3", "WK4", "WK5"],
      )
      assert.deepStrictEqual(requests, [
        `${base}?PageSize=2`,
        `${base}?PageSize=2&Page=1&PageToken=PAWK2`,
        `${base}?PageSize=2&Page=2&PageToken=PAWK4`,
      ])
    }),
  )

  it.effect("with a limit, requests only the pages it needs", () =>
    Effect.gen(function* () {
      const { requests, get } = server()
      const p = CursorPage.paginator({
        pageSize: 2,
        first: (size) => get(`${base}?PageSize=${size}`),
        next: get,
      })
      assert.strictEqual((yield* Paginator.collect(p, { limit: 3 })).length, 3)
      assert.strictEqual(requests.length, 2)
    }),
  )

  it.effect("a next_page_url equal to the page's own url fails instead of looping", () =>
    Effect.gen(function* () {
      let requests = 0
      const self = `${base}?PageSize=50&Page=0`
      const p = CursorPage.paginator({
        first: () =>
          Effect.sync(() => {
            requests++
            return { meta: meta(self), items: [1] }
          }),
        next: () =>
          Effect.sync(() => {
            requests++
            return { meta: meta(self), items: [1] }
          }),
      })
      const error = yield* Effect.flip(Paginator.collect(p))
      assert.strictEqual(error.reason, "Envelope")
      assert.include(error.message, "repeats")
      assert.strictEqual(requests, 1)
    }),
  )
})
