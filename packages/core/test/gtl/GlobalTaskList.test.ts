import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { GlobalTaskList, Gtl, HttpTransport, Ql, TaskRouteError } from "../../src/index.js"
import { resolveLocation } from "../../src/gtl/internal/request.js"

const SEED_TEXT =
  "Queue IN ( 'iWD_Rejected' , 'iWD_Canceled' ) and 'Business Value' in ( 1, 2, 3) and 'Completed Date' <= 2020-06-16"
const SEED_COLUMNS = {
  Queue: "queue",
  "Business Value": "IWD_businessValue",
  "Completed Date": "completed_at",
}
const seedJson: unknown = JSON.parse(
  readFileSync(new URL("../ql/fixtures/seed-example.json", import.meta.url), "utf8"),
)
const BASE = "http://gtl.test/iwd_manager/api"

interface Sent {
  readonly url: string
  readonly method: string
  readonly headers: Record<string, string>
  readonly body: string | undefined
  readonly redirect: string
  readonly credentials: string | undefined
}

interface Reply {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly setCookies?: ReadonlyArray<string>
  readonly body?: unknown
}

const pageBody = (
  page: number,
  snapshot: string,
  total = 25,
  perPage = 10,
  tasks: ReadonlyArray<string> = [],
) => ({
  page,
  tasks_per_page: perPage,
  total_tasks: total,
  snapshot_id: snapshot,
  columns: [
    { name: "id", label: "ID", type: "string", sortable: true, sorted: "descending", category: "core" },
  ],
  tasks: tasks.map((id) => ({ core: { id: { value: id } }, ext: {}, data: {} })),
})

/** A scripted fetch: answers from `reply(sent)` and records every request. */
const fakeFetch = (reply: (sent: Sent, n: number) => Reply) => {
  const sent: Array<Sent> = []
  const fetch: Gtl.FetchLike = async (url, init) => {
    const request: Sent = {
      url,
      method: init.method,
      headers: { ...init.headers },
      body: init.body,
      redirect: init.redirect,
      credentials: init.credentials,
    }
    sent.push(request)
    const r = reply(request, sent.length - 1)
    const headers = new Headers(r.headers ?? {})
    for (const c of r.setCookies ?? []) headers.append("set-cookie", c)
    const text = r.body === undefined ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body)
    return {
      status: r.status,
      url,
      redirected: false,
      headers,
      text: async () => text,
    }
  }
  return { fetch, sent }
}

const rejection = async (p: Promise<unknown>): Promise<TaskRouteError> => {
  try {
    await p
  } catch (e) {
    if (TaskRouteError.is(e)) return e
    throw e
  }
  assert.fail("expected a rejection")
}

describe("GlobalTaskList: the request", () => {
  it("sends the seed's example text with the seed's labels as exactly the seed's JSON", async () => {
    const { fetch, sent } = fakeFetch(() => ({ status: 200, body: pageBody(1, "c-1") }))
    const gtl = new GlobalTaskList({ baseUrl: `${BASE}/`, fetch, cookies: "jar" })
    await gtl.fetchPage({ solutionDbid: 101, ql: SEED_TEXT, columns: SEED_COLUMNS })
    const [request] = sent
    assert.strictEqual(request?.method, "POST")
    assert.strictEqual(request?.url, `${BASE}/gtl/tasks/101/1/search`)
    assert.strictEqual(request?.body, JSON.stringify(seedJson))
    assert.deepStrictEqual(JSON.parse(request?.body ?? ""), seedJson)
    assert.strictEqual(request?.headers["content-type"], "application/json")
    // items are sent as given (validated)
    await gtl.fetchPage({ solutionDbid: 101, ql: Ql.validateQl(seedJson) })
    assert.strictEqual(sent[1]?.body, JSON.stringify(seedJson))
    await gtl.close()
  })

  it("sends every parameter in the documented order, and only those given (server defaults otherwise)", async () => {
    const { fetch, sent } = fakeFetch(() => ({ status: 200, body: pageBody(2, "c-1") }))
    const gtl = new GlobalTaskList({
      baseUrl: BASE,
      fetch,
      cookies: "jar",
      headers: { Authorization: "Basic eDp5" },
    })
    await gtl.fetchPage({
      solutionDbid: 101,
      page: 2,
      entity: { type: "capturePoint", dbid: 77 },
      filter: "All Tasks",
      orderBy: "data.amount",
      orderDirection: "ascending",
      quickFilters: { "core.queue": "iWD_New", "data.customer": ["a b", "c&d"] },
      anyId: "cap-1",
      snapshotId: "c-1",
    })
    assert.strictEqual(
      sent[0]?.url,
      `${BASE}/gtl/tasks/101/2/search?entity_dbid=77&entity_type=capturePoint&filter=All%20Tasks&order_by=data.amount&order_direction=ascending&core.queue=iWD_New&data.customer=a%20b&data.customer=c%26d&any_id=cap-1&snapshot_id=c-1`,
    )
    assert.strictEqual(sent[0]?.headers.authorization, "Basic eDp5")
    assert.strictEqual(sent[0]?.body, "[]")
    await gtl.fetchPage({ solutionDbid: 101, legacyGet: true, releaseSnapshot: "c-1" })
    assert.strictEqual(sent[1]?.method, "GET")
    assert.strictEqual(sent[1]?.url, `${BASE}/gtl/tasks/101/1?release_snapshot=c-1`)
    assert.isUndefined(sent[1]?.body)
    await gtl.close()
  })

  it("rejects bad QL, QL with the legacy GET and both snapshot parameters before sending", async () => {
    const { fetch, sent } = fakeFetch(() => ({ status: 200, body: pageBody(1, "c-1") }))
    const gtl = new GlobalTaskList({ baseUrl: BASE, fetch, cookies: "jar" })
    const ql = await rejection(gtl.fetchPage({ solutionDbid: 101, ql: "Queue IN x" }))
    assert.strictEqual(ql.code, "InvalidQl")
    assert.strictEqual(ql.message, "Expected a value list after IN at offset 9, found 'x'")
    assert.deepStrictEqual(ql.details, { offset: 9, index: undefined })
    const legacy = await rejection(gtl.fetchPage({ solutionDbid: 101, ql: "a = 1", legacyGet: true }))
    assert.strictEqual(legacy.code, "InvalidRequest")
    const both = await rejection(gtl.fetchPage({ solutionDbid: 101, snapshotId: "a", releaseSnapshot: "b" }))
    assert.strictEqual(both.code, "InvalidRequest")
    assert.strictEqual(sent.length, 0)
    await gtl.close()
  })
})

describe("GlobalTaskList: answers", () => {
  it("400, 403 and 404 become TaskRouteErrors with status, code and the iWD messages", async () => {
    const messages = (id: string) => [
      { severity: "ERROR", message_id: id, args: { x: 1 }, message: `text of ${id}` },
    ]
    const statuses = [400, 403, 404]
    const { fetch } = fakeFetch((_, n) => {
      const status = statuses[n]
      return status === undefined
        ? { status: 500, body: "oops" }
        : { status, body: messages(`MSG_${status}`) }
    })
    const gtl = new GlobalTaskList({ baseUrl: BASE, fetch, cookies: "jar" })
    for (const status of statuses) {
      const e = await rejection(gtl.fetchPage({ solutionDbid: 101 }))
      assert.strictEqual(e.status, status)
      assert.strictEqual(e.code, `MSG_${status}`)
      assert.strictEqual(e.message, `text of MSG_${status}`)
      assert.deepStrictEqual(e.details, messages(`MSG_${status}`))
    }
    const e500 = await rejection(gtl.fetchPage({ solutionDbid: 101 }))
    assert.strictEqual(e500.status, 500)
    assert.strictEqual(e500.code, "Unexpected")
    await gtl.close()
  })

  it.effect("the Effect service fails with tagged GtlErrors", () =>
    Effect.gen(function* () {
      const transport = Layer.succeed(HttpTransport)({
        send: (request) =>
          Effect.succeed({
            status: 404,
            url: request.url,
            redirected: false,
            headers: {},
            body: JSON.stringify([
              {
                severity: "ERROR",
                message_id: "MSG_FILTER_NOT_FOUND",
                args: {},
                message: 'Filter "x" does not exist',
              },
            ]),
          }),
      })
      const error = yield* Gtl.GtlClient.use((gtl) => gtl.fetchPage({ solutionDbid: 101, filter: "x" })).pipe(
        Effect.flip,
        Effect.provide(Gtl.GtlClient.layer({ baseUrl: BASE }).pipe(Layer.provide(transport))),
      )
      assert.strictEqual(error._tag, "GtlError")
      if (error._tag !== "GtlError") return
      assert.strictEqual(error.reason, "NotFound")
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.messages[0]?.message_id, "MSG_FILTER_NOT_FOUND")
    }),
  )

  it("follows a redirect, keeping the cookie it sets, and reports it on the page", async () => {
    const { fetch, sent } = fakeFetch((request) => {
      if (request.url.includes("/9/"))
        return {
          status: 307,
          headers: { location: "/iwd_manager/api/gtl/tasks/101/3/search?snapshot_id=c-7" },
          setCookies: ["JSESSIONID=ABC; Path=/iwd_manager; HttpOnly"],
        }
      return { status: 200, body: pageBody(3, "c-7", 25, 10, ["WT1"]) }
    })
    const gtl = new GlobalTaskList({ baseUrl: BASE, fetch })
    const page = await gtl.fetchPage({ solutionDbid: 101, page: 9, ql: "a = 1" })
    assert.strictEqual(page.page, 3)
    assert.strictEqual(page.requestedPage, 9)
    assert.isTrue(page.redirected)
    assert.strictEqual(page.snapshotId, "c-7")
    assert.strictEqual(sent[0]?.redirect, "manual")
    assert.strictEqual(sent[1]?.url, `${BASE}/gtl/tasks/101/3/search?snapshot_id=c-7`)
    assert.strictEqual(sent[1]?.method, "POST", "307 keeps the method")
    assert.strictEqual(sent[1]?.body, sent[0]?.body, "307 keeps the body")
    assert.strictEqual(
      sent[1]?.headers.cookie,
      "JSESSIONID=ABC",
      "the redirect's cookie goes with the next hop",
    )
    await gtl.fetchPage({ solutionDbid: 101, page: 1 })
    assert.strictEqual(sent[2]?.headers.cookie, "JSESSIONID=ABC", "and stays in the client's jar")
    await gtl.close()
  })

  it("in a browser, leaves cookies and redirects to the browser", async () => {
    const { fetch, sent } = fakeFetch(() => ({
      status: 200,
      setCookies: ["JSESSIONID=X"],
      body: pageBody(1, "c-1"),
    }))
    const gtl = new GlobalTaskList({ baseUrl: BASE, fetch, cookies: "browser" })
    await gtl.fetchPage({ solutionDbid: 101 })
    await gtl.fetchPage({ solutionDbid: 101 })
    assert.strictEqual(sent[0]?.redirect, "follow")
    assert.strictEqual(sent[0]?.credentials, "include")
    assert.isUndefined(sent[1]?.headers.cookie)
    await gtl.close()
  })

  it("resolves Location headers without a URL class", () => {
    assert.strictEqual(resolveLocation("http://h:1/a/b/c?x=1", "/z?q=2"), "http://h:1/z?q=2")
    assert.strictEqual(resolveLocation("http://h:1/a/b/c?x=1", "d?q"), "http://h:1/a/b/d?q")
    assert.strictEqual(resolveLocation("http://h:1/a", "https://o/p"), "https://o/p")
    assert.strictEqual(resolveLocation("https://h:1/a", "//o/p"), "https://o/p")
  })
})

describe("GlobalTaskList: pages and snapshots", () => {
  const threePages = () =>
    fakeFetch((request) => {
      const m = /\/tasks\/101\/(\d+)\/search/.exec(request.url)
      const n = Number(m?.[1] ?? 1)
      const released = request.url.includes("release_snapshot=")
      return {
        status: 200,
        body: pageBody(
          n,
          released ? "c-2" : "c-1",
          25,
          10,
          Array.from({ length: n === 3 ? 5 : 10 }, (_, k) => `T${(n - 1) * 10 + k}`),
        ),
      }
    })

  it("a page opens the next, previous and any page of its snapshot, and releases it", async () => {
    const { fetch, sent } = threePages()
    const gtl = new GlobalTaskList({ baseUrl: BASE, fetch, cookies: "jar" })
    const first = await gtl.fetchPage({ solutionDbid: 101, orderBy: "data.amount" })
    assert.strictEqual(first.pageCount, 3)
    assert.isTrue(first.hasNext)
    assert.isFalse(first.hasPrevious)
    assert.isUndefined(await first.previous())
    const second = await first.next()
    assert.strictEqual(second?.page, 2)
    assert.include(sent[1]?.url ?? "", "snapshot_id=c-1")
    assert.include(sent[1]?.url ?? "", "order_by=data.amount")
    const third = await second?.goTo(3)
    assert.isFalse(third?.hasNext)
    assert.isUndefined(await third?.next())
    const back = await third?.previous()
    assert.strictEqual(back?.page, 2)
    await back?.release()
    assert.match(sent.at(-1)?.url ?? "", /\/101\/1\/search\?order_by=data.amount&release_snapshot=c-1$/)
    await gtl.close()
  })

  it("tasks() reads every page over one snapshot and releases it when done or abandoned", async () => {
    const { fetch, sent } = threePages()
    const gtl = new GlobalTaskList({ baseUrl: BASE, fetch, cookies: "jar" })
    const ids: Array<unknown> = []
    for await (const task of gtl.tasks({ solutionDbid: 101 })) ids.push(task.core.id?.value)
    assert.strictEqual(ids.length, 25)
    assert.deepStrictEqual(ids.slice(0, 2), ["T0", "T1"])
    assert.deepStrictEqual(
      sent.map((s) => s.url.replace(BASE, "")),
      [
        "/gtl/tasks/101/1/search",
        "/gtl/tasks/101/2/search?snapshot_id=c-1",
        "/gtl/tasks/101/3/search?snapshot_id=c-1",
        "/gtl/tasks/101/1/search?release_snapshot=c-1",
      ],
    )
    sent.length = 0
    for await (const task of gtl.tasks({ solutionDbid: 101 })) {
      if (task.core.id?.value === "T12") break
    }
    assert.deepStrictEqual(
      sent.map((s) => s.url.replace(BASE, "")),
      [
        "/gtl/tasks/101/1/search",
        "/gtl/tasks/101/2/search?snapshot_id=c-1",
        "/gtl/tasks/101/1/search?release_snapshot=c-1",
      ],
    )
    sent.length = 0
    const pages: Array<number> = []
    for await (const page of gtl.pages({ solutionDbid: 101 }, { limit: 2 })) pages.push(page.page)
    assert.deepStrictEqual(pages, [1, 2])
    assert.include(sent.at(-1)?.url ?? "", "release_snapshot=c-1")
    await gtl.close()
  })
})
