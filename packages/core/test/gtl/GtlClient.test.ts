import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import {
  GlobalTaskList,
  Gtl,
  type HttpRequest,
  type HttpResponse,
  HttpTransport,
  parseQl,
  TaskRouteError,
} from "../../src/index.js"

const BASE = "https://iwd.test/iwd_manager/api"

const page = (n: number, snapshot: string) =>
  JSON.stringify({
    page: n,
    tasks_per_page: 10,
    total_tasks: 25,
    snapshot_id: snapshot,
    columns: [],
    tasks: [],
  })

const answer = (
  request: HttpRequest,
  status: number,
  body = "",
  headers: Record<string, string> = {},
): HttpResponse => ({ status, url: request.url, redirected: false, headers, body })

/** An HttpTransport that, like the emulator's in-process door, hands redirects back instead of following them. */
const scripted = (reply: (request: HttpRequest, n: number) => HttpResponse) => {
  const sent: Array<HttpRequest> = []
  const layer = Layer.succeed(HttpTransport)({
    send: (request) =>
      Effect.sync(() => {
        sent.push(request)
        return reply(request, sent.length - 1)
      }),
  })
  return { sent, layer }
}

const client = (layer: Layer.Layer<HttpTransport>, config: Partial<Gtl.GtlClientConfig> = {}) =>
  Effect.gen(function* () {
    const http = yield* HttpTransport
    return Gtl.make({ baseUrl: BASE, ...config }, http)
  }).pipe(Effect.provide(layer))

describe("GtlClient: redirects the transport hands back", () => {
  it.effect("follows a 307 with the same method and body, the redirect's cookie on the next hop", () =>
    Effect.gen(function* () {
      const { sent, layer } = scripted((request, n) =>
        n === 0
          ? answer(request, 307, "", {
              location: "/iwd_manager/api/gtl/tasks/101/3/search?snapshot_id=c-1",
              "set-cookie": "JSESSIONID=S1; Path=/iwd_manager; HttpOnly",
            })
          : answer(request, 200, page(3, "c-1")),
      )
      const gtl = yield* client(layer, { headers: { Authorization: "Basic eDp5" } })
      const result = yield* gtl.fetchPage({ solutionDbid: 101, page: 9, ql: "IWD_priority > 1" })
      assert.deepStrictEqual([result.page, result.requestedPage, result.redirected], [3, 9, true])
      assert.strictEqual(sent.length, 2)
      assert.strictEqual(sent[1]?.url, `${BASE}/gtl/tasks/101/3/search?snapshot_id=c-1`)
      assert.strictEqual(sent[1]?.method, "POST")
      assert.strictEqual(sent[1]?.body, sent[0]?.body)
      assert.strictEqual(sent[1]?.headers["content-type"], "application/json")
      assert.strictEqual(sent[1]?.headers.authorization, "Basic eDp5")
      assert.isUndefined(sent[0]?.headers.cookie)
      assert.strictEqual(sent[1]?.headers.cookie, "JSESSIONID=S1")
      yield* gtl.fetchPage({ solutionDbid: 101 })
      assert.strictEqual(sent[2]?.headers.cookie, "JSESSIONID=S1", "the jar keeps the session")
    }),
  )

  it.effect("a 302 after the legacy GET stays a GET; 303 turns a POST into a GET without the body", () =>
    Effect.gen(function* () {
      const { sent, layer } = scripted((request, n) =>
        n === 0
          ? answer(request, 302, "", { location: `${BASE}/gtl/tasks/101/2?snapshot_id=c-2` })
          : n === 2
            ? answer(request, 303, "", { location: "2?snapshot_id=c-3" })
            : answer(request, 200, page(2, "c-2")),
      )
      const gtl = yield* client(layer)
      const legacy = yield* gtl.fetchPage({ solutionDbid: 101, page: 5, legacyGet: true })
      assert.isTrue(legacy.redirected)
      assert.deepStrictEqual(
        sent.slice(0, 2).map((r) => [r.method, r.url, r.body]),
        [
          ["GET", `${BASE}/gtl/tasks/101/5`, undefined],
          ["GET", `${BASE}/gtl/tasks/101/2?snapshot_id=c-2`, undefined],
        ],
      )
      yield* gtl.fetchPage({ solutionDbid: 101, page: 4 })
      assert.strictEqual(sent[3]?.method, "GET")
      assert.strictEqual(sent[3]?.url, `${BASE}/gtl/tasks/101/4/2?snapshot_id=c-3`)
      assert.isUndefined(sent[3]?.body)
      assert.isUndefined(sent[3]?.headers["content-type"])
    }),
  )

  it.effect("stops after 5 redirects with a GtlError naming the request", () =>
    Effect.gen(function* () {
      const { sent, layer } = scripted((request) => answer(request, 307, "", { location: request.url }))
      const gtl = yield* client(layer)
      const error = yield* Effect.flip(gtl.fetchPage({ solutionDbid: 101 }))
      assert.strictEqual(error._tag, "GtlError")
      if (error._tag !== "GtlError") return
      assert.strictEqual(error.reason, "Unexpected")
      assert.strictEqual(
        error.message,
        `POST ${BASE}/gtl/tasks/101/1/search was redirected more than 5 times`,
      )
      assert.strictEqual(sent.length, 6)
    }),
  )

  it.effect("in browser mode keeps no jar: cookies are the browser's", () =>
    Effect.gen(function* () {
      const { sent, layer } = scripted((request) =>
        answer(request, 200, page(1, "c-1"), { "set-cookie": "JSESSIONID=S1" }),
      )
      const gtl = yield* client(layer, { cookies: "browser" })
      yield* gtl.fetchPage({ solutionDbid: 101 })
      yield* gtl.fetchPage({ solutionDbid: 101 })
      assert.isUndefined(sent[1]?.headers.cookie)
    }),
  )

  it.effect("401 fails with reason Unauthorized and the server's messages", () =>
    Effect.gen(function* () {
      const body = JSON.stringify([
        { severity: "ERROR", message_id: "UNAUTHORIZED", args: {}, message: "Authentication required" },
      ])
      const { layer } = scripted((request) => answer(request, 401, body))
      const gtl = yield* client(layer)
      const error = yield* Effect.flip(gtl.fetchPage({ solutionDbid: 101 }))
      assert.strictEqual(error._tag, "GtlError")
      if (error._tag !== "GtlError") return
      assert.deepStrictEqual(
        [error.reason, error.status, error.message],
        ["Unauthorized", 401, "Authentication required"],
      )
    }),
  )
})

const ATTRIBUTES = [
  {
    name: "businessValue",
    column_label: "Business Value",
    filter_label: "Business Value",
    type: "int",
    category: "core",
    filterable: true,
    column_name: "IWD_businessValue",
  },
  {
    name: "completedDateTime",
    column_label: "Completed D/T",
    filter_label: "Completed Date",
    type: "date",
    category: "core",
    filterable: true,
    column_name: "completed_at",
  },
  {
    name: "mediaIcon",
    column_label: "Media",
    filter_label: "Media",
    type: "img",
    category: "core",
    filterable: false,
  },
  {
    name: "queue",
    column_label: "queue",
    filter_label: "queue",
    type: "string",
    category: "data",
    filterable: true,
    column_name: "queue_attr",
  },
  {
    name: "queue",
    column_label: "Queue",
    filter_label: "Queue",
    type: "list",
    category: "core",
    filterable: true,
    column_name: "queue",
    values: [{ value: "iWD_New", label: "New" }, { value: "iWD_Completed" }],
    editable_list: false,
  },
]

describe("GtlClient.attributes", () => {
  it.effect("GETs /gtl/attributes/{dbid} and decodes every field", () =>
    Effect.gen(function* () {
      const { sent, layer } = scripted((request) => answer(request, 200, JSON.stringify(ATTRIBUTES)))
      const gtl = yield* client(layer, { baseUrl: `${BASE}/`, headers: { authorization: "Basic eDp5" } })
      const list = yield* gtl.attributes(101)
      assert.deepStrictEqual(
        sent.map((r) => [r.method, r.url, r.headers.authorization, r.body]),
        [["GET", `${BASE}/gtl/attributes/101`, "Basic eDp5", undefined]],
      )
      assert.deepStrictEqual(list[0], {
        name: "businessValue",
        columnLabel: "Business Value",
        filterLabel: "Business Value",
        type: "int",
        category: "core",
        filterable: true,
        columnName: "IWD_businessValue",
      })
      assert.deepStrictEqual(list[2], {
        name: "mediaIcon",
        columnLabel: "Media",
        filterLabel: "Media",
        type: "img",
        category: "core",
        filterable: false,
      })
      assert.deepStrictEqual(list[4]?.values, [
        { value: "iWD_New", label: "New" },
        { value: "iWD_Completed", label: "iWD_Completed" },
      ])
      assert.strictEqual(list[4]?.editableList, false)
    }),
  )

  it.effect("fails with the server's 404 messages, and on a body that is not a list", () =>
    Effect.gen(function* () {
      const notFound = JSON.stringify([
        {
          severity: "ERROR",
          message_id: "MSG_SOLUTION_NOT_FOUND",
          args: { solution_dbid: "7" },
          message: "Solution 7 does not exist",
        },
      ])
      const { layer } = scripted((request, n) =>
        n === 0 ? answer(request, 404, notFound) : answer(request, 200, "{}"),
      )
      const gtl = yield* client(layer)
      const missing = yield* Effect.flip(gtl.attributes(7))
      assert.strictEqual(missing._tag, "GtlError")
      if (missing._tag !== "GtlError") return
      assert.deepStrictEqual(
        [missing.reason, missing.status, missing.messages[0]?.message_id],
        ["NotFound", 404, "MSG_SOLUTION_NOT_FOUND"],
      )
      const odd = yield* Effect.flip(gtl.attributes(101))
      assert.strictEqual(
        odd.message,
        "Unexpected GTL response: the response body is not a JSON array of attributes",
      )
    }),
  )
})

describe("Gtl.qlColumns", () => {
  it.effect("maps filter labels, column labels and names of filterable attributes to column names", () =>
    Effect.gen(function* () {
      const { layer } = scripted((request) => answer(request, 200, JSON.stringify(ATTRIBUTES)))
      const gtl = yield* client(layer)
      const columns = Gtl.qlColumns(yield* gtl.attributes(101))
      assert.deepStrictEqual(columns, {
        "Business Value": "IWD_businessValue",
        businessValue: "IWD_businessValue",
        "Completed Date": "completed_at",
        "Completed D/T": "completed_at",
        completedDateTime: "completed_at",
        Queue: "queue",
        queue: "queue",
      })
      // core wins over data for the same label; not filterable or without a column name: absent
      assert.notProperty(columns, "Media")
      assert.deepStrictEqual(
        parseQl("Queue IN ('iWD_Rejected') AND 'Business Value' <= 3 AND 'Completed Date' <= 2020-06-16", {
          columns,
        }).flatMap((item) => (item.attribute === undefined ? [] : [item.attribute])),
        ["queue", "IWD_businessValue", "completed_at"],
      )
    }),
  )

  it("gives an empty map for no attributes", () => {
    assert.deepStrictEqual(Gtl.qlColumns([]), {})
  })
})

describe("GlobalTaskList.attributes", () => {
  it("lists a solution's attributes and rejects with a TaskRouteError for an unknown one", async () => {
    const sent: Array<string> = []
    const fetch: Gtl.FetchLike = async (url) => {
      sent.push(url)
      const known = url.endsWith("/101")
      const body = known
        ? JSON.stringify(ATTRIBUTES)
        : JSON.stringify([
            {
              severity: "ERROR",
              message_id: "MSG_SOLUTION_NOT_FOUND",
              args: {},
              message: "Solution 9 does not exist",
            },
          ])
      return {
        status: known ? 200 : 404,
        url,
        redirected: false,
        headers: new Headers(),
        text: async () => body,
      }
    }
    const gtl = new GlobalTaskList({ baseUrl: BASE, fetch, cookies: "jar" })
    const list = await gtl.attributes(101)
    assert.deepStrictEqual(
      list.map((a) => a.columnName),
      ["IWD_businessValue", "completed_at", undefined, "queue_attr", "queue"],
    )
    try {
      await gtl.attributes(9)
      assert.fail("expected a rejection")
    } catch (e) {
      assert.isTrue(TaskRouteError.is(e))
      if (!TaskRouteError.is(e)) return
      assert.deepStrictEqual(
        [e.status, e.code, e.message],
        [404, "MSG_SOLUTION_NOT_FOUND", "Solution 9 does not exist"],
      )
    }
    assert.deepStrictEqual(sent, [`${BASE}/gtl/attributes/101`, `${BASE}/gtl/attributes/9`])
    await gtl.close()
  })
})
