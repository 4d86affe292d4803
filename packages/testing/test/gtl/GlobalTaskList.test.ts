/**
 * The Global Task List client (core) against the emulator's GTL API: through the module directly (a fetch that
 * calls `handle`) and through the network door (`startFakeServer`).
 */
import { GlobalTaskList, type GlobalTaskListPage, type Gtl } from "@taskroute/core"
import { Effect } from "effect"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { startFakeServer, type FakeServer } from "../../src/FakeServer.js"
import { type GtlApi, makeGtlApi } from "../../src/gtl/GtlApi.js"
import { ACCOUNT, makeSource, makeTask, rejection, SEED_COLUMNS, SEED_TEXT, SOLUTION } from "./fixture.js"

const BASE = "http://gtl.test/iwd_manager/api"

/** A fetch that hands requests to the module, as the door would after authenticating `account`. */
const moduleFetch =
  (api: GtlApi, account: string): Gtl.FetchLike =>
  async (url, init) => {
    const parsed = new URL(url)
    const response = await Effect.runPromise(
      api.handle({
        method: init.method,
        path: parsed.pathname.replace(/^\/iwd_manager\/api/, ""),
        query: [...parsed.searchParams],
        headers: Object.fromEntries(Object.entries(init.headers).map(([k, v]) => [k.toLowerCase(), v])),
        body: init.body,
        accountSid: account,
      }),
    )
    return {
      status: response.status,
      url,
      redirected: false,
      headers: new Headers(response.headers),
      text: async () => response.body ?? "",
    }
  }

const ids = (page: GlobalTaskListPage) => page.tasks.map((t) => t.core.id?.value)

/** Does a returned task (default columns) satisfy the seed's query? */
const matchesSeed = (task: Gtl.GtlTask): boolean => {
  const queue = task.core.queue?.value
  const value = task.core.businessValue?.value
  const completed = task.core.completedDateTime?.value
  return (
    (queue === "iWD_Rejected" || queue === "iWD_Canceled") &&
    (value === 1 || value === 2 || value === 3) &&
    typeof completed === "string" &&
    Date.parse(completed) <= Date.parse("2020-06-16T23:59:59Z")
  )
}

describe("GlobalTaskList client against the GTL module", () => {
  const setup = (count: number) => {
    const source = makeSource(count)
    const api = makeGtlApi(source, { tasksPerPage: 10 })
    const client = () =>
      new GlobalTaskList({ baseUrl: BASE, fetch: moduleFetch(api, ACCOUNT), cookies: "jar" })
    return { source, api, client }
  }

  it("runs the seed's example as text with the seed's labels", async () => {
    const { source, client } = setup(12)
    source.insertTasks(ACCOUNT, SOLUTION, [
      makeTask(50, {
        attributes: JSON.stringify({
          queue: "iWD_Rejected",
          IWD_businessValue: 2,
          completed_at: "2020-06-16T10:00:00Z",
        }),
      }),
      makeTask(51, {
        attributes: JSON.stringify({
          queue: "iWD_Canceled",
          IWD_businessValue: 3,
          completed_at: "2020-06-01T10:00:00Z",
        }),
      }),
      makeTask(52, {
        attributes: JSON.stringify({
          queue: "iWD_Canceled",
          IWD_businessValue: 4,
          completed_at: "2020-06-01T10:00:00Z",
        }),
      }),
      makeTask(53, {
        attributes: JSON.stringify({
          queue: "iWD_Canceled",
          IWD_businessValue: 1,
          completed_at: "2020-06-17T00:00:00Z",
        }),
      }),
    ])
    const gtl = client()
    const page = await gtl.fetchPage({ solutionDbid: SOLUTION, ql: SEED_TEXT, columns: SEED_COLUMNS })
    assert.deepStrictEqual(ids(page), [makeTask(51).sid, makeTask(50).sid], "newest first by default")
    assert.isTrue(page.tasks.every(matchesSeed))
    assert.strictEqual(page.totalTasks, 2)
    assert.deepStrictEqual(
      page.columns.filter((c) => c.sorted !== undefined).map((c) => [c.name, c.sorted]),
      [["createdDateTime", "descending"]],
    )
    await gtl.close()
  })

  it("reads later pages from the snapshot, follows and reports redirects, releases", async () => {
    const { source, client } = setup(25)
    const gtl = client()
    const first = await gtl.fetchPage({ solutionDbid: SOLUTION, orderDirection: "ascending" })
    assert.deepStrictEqual([first.page, first.totalTasks, first.pageCount], [1, 25, 3])
    source.insertTasks(ACCOUNT, SOLUTION, [makeTask(99, { date_created: "2019-01-01T00:00:00Z" })])
    const second = await first.next()
    assert.strictEqual(second?.snapshotId, first.snapshotId)
    assert.deepStrictEqual(
      second === undefined ? [] : ids(second),
      Array.from({ length: 10 }, (_, k) => makeTask(10 + k).sid),
    )
    const beyond = await first.goTo(7)
    assert.deepStrictEqual([beyond.page, beyond.requestedPage, beyond.redirected], [3, 7, true])
    assert.strictEqual(beyond.snapshotId, first.snapshotId, "the redirect stays on the snapshot")
    const legacy = await gtl.fetchPage({ solutionDbid: SOLUTION, page: 8, legacyGet: true })
    assert.deepStrictEqual([legacy.page, legacy.redirected, legacy.totalTasks], [3, true, 26])
    await first.release()
    const after = await gtl.fetchPage({
      solutionDbid: SOLUTION,
      orderDirection: "ascending",
      snapshotId: first.snapshotId,
    })
    assert.notStrictEqual(after.snapshotId, first.snapshotId, "a released snapshot is not reused")
    assert.strictEqual(after.tasks[0]?.core.id?.value, makeTask(99).sid)
    await gtl.close()
  })

  it("maps 400, 403 and 404 to TaskRouteErrors with the iWD messages", async () => {
    const { client } = setup(5)
    const gtl = client()
    const other = client()
    const notFound = await rejection(gtl.fetchPage({ solutionDbid: 999 }))
    assert.deepStrictEqual([notFound.status, notFound.code], [404, "MSG_SOLUTION_NOT_FOUND"])
    assert.deepStrictEqual(notFound.details, [
      {
        severity: "ERROR",
        message_id: "MSG_SOLUTION_NOT_FOUND",
        args: { solution_dbid: "999" },
        message: "Solution 999 does not exist",
      },
    ])
    assert.strictEqual((await rejection(gtl.fetchPage({ solutionDbid: SOLUTION, page: 0 }))).status, 404)
    assert.strictEqual(
      (await rejection(gtl.fetchPage({ solutionDbid: SOLUTION, filter: "Nope" }))).code,
      "MSG_FILTER_NOT_FOUND",
    )
    const entity = await rejection(
      gtl.fetchPage({ solutionDbid: SOLUTION, entity: { type: "process", dbid: 1 } }),
    )
    assert.deepStrictEqual([entity.status, entity.code], [404, "MSG_ENTITY_NOT_FOUND"])
    const unknown = await rejection(gtl.fetchPage({ solutionDbid: SOLUTION, ql: "nope = 1" }))
    assert.deepStrictEqual([unknown.status, unknown.code], [400, "MSG_UNKNOWN_ATTRIBUTE"])
    const page = await gtl.fetchPage({ solutionDbid: SOLUTION, ql: "IWD_priority >= 0" })
    const mismatch = await rejection(gtl.fetchPage({ solutionDbid: SOLUTION, snapshotId: page.snapshotId }))
    assert.deepStrictEqual([mismatch.status, mismatch.code], [400, "MSG_SNAPSHOT_PARAMETERS_MISMATCH"])
    const forbidden = await rejection(other.release(page.snapshotId, { solutionDbid: SOLUTION }))
    assert.deepStrictEqual([forbidden.status, forbidden.code], [403, "MSG_SNAPSHOT_FORBIDDEN"])
    await gtl.close()
    await other.close()
  })

  it("tasks() and pages() read every page over one snapshot and release it", async () => {
    const { client, api } = setup(23)
    const gtl = client()
    const seen: Array<unknown> = []
    for await (const task of gtl.tasks({
      solutionDbid: SOLUTION,
      orderBy: "data.amount",
      orderDirection: "ascending",
    })) {
      seen.push(task.core.id?.value)
    }
    assert.strictEqual(new Set(seen).size, 23)
    const counts: Array<number> = []
    for await (const page of gtl.pages({
      solutionDbid: SOLUTION,
      quickFilters: { "core.channel": "voice" },
    })) {
      counts.push(page.tasks.length)
      assert.isTrue(page.tasks.every((t) => t.core.channel?.value === "voice"))
    }
    assert.deepStrictEqual(counts, [8])
    assert.isAtMost(
      api.liveSnapshots(),
      2,
      "each listing released its snapshot (leaving the fresh one release takes)",
    )
    await gtl.close()
  })
})

describe("GlobalTaskList client through the network door", () => {
  let server: FakeServer
  const client = () =>
    new GlobalTaskList({
      baseUrl: `${server.url}/iwd_manager/api`,
      headers: {
        authorization: `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString("base64")}`,
      },
      cookies: "jar",
    })

  beforeAll(async () => {
    server = await startFakeServer({ seed: "demo" })
  })
  afterAll(async () => {
    await server.close()
  })

  it("runs the seed's example as written against the demo seed", async () => {
    const gtl = client()
    const all = await gtl.fetchPage({ solutionDbid: server.solutionDbid })
    const page = await gtl.fetchPage({
      solutionDbid: server.solutionDbid,
      ql: SEED_TEXT,
      columns: SEED_COLUMNS,
    })
    assert.isAbove(page.totalTasks, 0)
    assert.isBelow(page.totalTasks, all.totalTasks)
    assert.isTrue(page.tasks.every(matchesSeed))
    assert.match(page.snapshotId, /^[0-9a-f]+-\d+$/)
    await gtl.close()
  })

  it("keeps the session cookie, follows redirects and reports typed errors", async () => {
    const gtl = client()
    const stranger = client()
    const first = await gtl.fetchPage({ solutionDbid: server.solutionDbid, page: 50 })
    assert.isTrue(first.redirected)
    assert.strictEqual(first.page, first.pageCount)
    const again = await gtl.fetchPage({
      solutionDbid: server.solutionDbid,
      page: 1,
      snapshotId: first.snapshotId,
    })
    assert.strictEqual(again.snapshotId, first.snapshotId, "same session: the snapshot is reused")
    const elsewhere = await stranger.fetchPage({
      solutionDbid: server.solutionDbid,
      snapshotId: first.snapshotId,
    })
    assert.notStrictEqual(elsewhere.snapshotId, first.snapshotId, "another session gets its own snapshot")
    const forbidden = await rejection(
      stranger.release(first.snapshotId, { solutionDbid: server.solutionDbid }),
    )
    assert.strictEqual(forbidden.status, 403)
    const legacy = await gtl.fetchPage({ solutionDbid: server.solutionDbid, page: 40, legacyGet: true })
    assert.isTrue(legacy.redirected)
    const missing = await rejection(gtl.fetchPage({ solutionDbid: server.solutionDbid + 1000 }))
    assert.deepStrictEqual([missing.status, missing.code], [404, "MSG_SOLUTION_NOT_FOUND"])
    await gtl.close()
    await stranger.close()
  })
})
