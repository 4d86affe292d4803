/**
 * `GlobalTaskList.attributes(solutionDbid)` and `Gtl.qlColumns` against the emulator's network door: the
 * attribute list a UI turns into the label-to-column map of `parseQl`, as `GET /gtl/attributes/{dbid}` serves it.
 */
import { GlobalTaskList, Gtl, parseQl } from "@taskroute/core"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { type FakeServer, startFakeServer } from "../../src/FakeServer.js"
import { rejection, SEED_COLUMNS, SEED_TEXT } from "./fixture.js"

let server: FakeServer
const authorization = () =>
  `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString("base64")}`
const client = (headers: Record<string, string> = { authorization: authorization() }) =>
  new GlobalTaskList({ baseUrl: `${server.url}/iwd_manager/api`, headers, cookies: "jar" })

beforeAll(async () => {
  server = await startFakeServer({ seed: "demo" })
})
afterAll(async () => {
  await server.close()
})

describe("GlobalTaskList.attributes through the network door", () => {
  it("lists every attribute of the wire answer, decoded, in the server's order", async () => {
    const gtl = client()
    const list = await gtl.attributes(server.solutionDbid)
    const response = await fetch(`${server.url}/iwd_manager/api/gtl/attributes/${server.solutionDbid}`, {
      headers: { authorization: authorization() },
    })
    const wire: unknown = await response.json()
    if (!Array.isArray(wire)) return assert.fail("not a list")
    assert.deepStrictEqual(
      list.map((a) => [a.name, a.columnLabel, a.filterLabel, a.type, a.category, a.filterable, a.columnName]),
      wire.map((a) => [
        a.name,
        a.column_label,
        a.filter_label,
        a.type,
        a.category,
        a.filterable,
        a.column_name,
      ]),
    )
    const labels = list.map((a) => a.filterLabel)
    assert.deepStrictEqual(labels, [...labels].sort(), "sorted by filter_label")
    const find = (category: string, name: string) =>
      list.find((a) => a.category === category && a.name === name)
    assert.deepStrictEqual(find("core", "completedDateTime"), {
      name: "completedDateTime",
      columnLabel: "Completed Date",
      filterLabel: "Completed Date",
      type: "date",
      category: "core",
      filterable: true,
      columnName: "completed_at",
    })
    assert.isFalse(find("core", "mediaIcon")?.filterable)
    assert.isUndefined(find("core", "mediaIcon")?.columnName)
    // the demo's task attributes are data attributes
    assert.strictEqual(find("data", "customer")?.columnName, "customer")
    await gtl.close()
  })

  it("qlColumns of the list maps the seed's labels to the seed's columns and runs the example", async () => {
    const gtl = client()
    const columns = Gtl.qlColumns(await gtl.attributes(server.solutionDbid))
    for (const [label, column] of Object.entries(SEED_COLUMNS)) assert.strictEqual(columns[label], column)
    assert.deepStrictEqual(parseQl(SEED_TEXT, { columns }), parseQl(SEED_TEXT, { columns: SEED_COLUMNS }))
    const byList = await gtl.fetchPage({ solutionDbid: server.solutionDbid, ql: SEED_TEXT, columns })
    const bySeed = await gtl.fetchPage({
      solutionDbid: server.solutionDbid,
      ql: SEED_TEXT,
      columns: SEED_COLUMNS,
    })
    assert.isAbove(bySeed.totalTasks, 0)
    assert.deepStrictEqual(
      byList.tasks.map((t) => t.core.id?.value),
      bySeed.tasks.map((t) => t.core.id?.value),
    )
    // a label of a data attribute works too
    const customer = await gtl.fetchPage({
      solutionDbid: server.solutionDbid,
      ql: "customer = 'Customer 3'",
      columns,
    })
    assert.strictEqual(customer.totalTasks, 1)
    await gtl.close()
  })

  it("rejects with a TaskRouteError: 404 for an unknown solution, 401 without credentials", async () => {
    const gtl = client()
    const missing = await rejection(gtl.attributes(server.solutionDbid + 1000))
    assert.deepStrictEqual([missing.status, missing.code], [404, "MSG_SOLUTION_NOT_FOUND"])
    const anonymous = client({})
    const unauthorized = await rejection(anonymous.attributes(server.solutionDbid))
    assert.deepStrictEqual([unauthorized.status, unauthorized.code], [401, "UNAUTHORIZED"])
    await gtl.close()
    await anonymous.close()
  })
})
