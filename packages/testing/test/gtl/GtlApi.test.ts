import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { type GtlApi, type GtlApiOptions, type GtlResponse, makeGtlApi } from "../../src/gtl/GtlApi.js"
import {
  ACCOUNT,
  CHANNELS,
  makeSource,
  makeTask,
  OTHER_ACCOUNT,
  QUEUES,
  SOLUTION,
  WORKFLOWS,
} from "./fixture.js"

const SEED_BODY = JSON.stringify([
  { operator: "IN", value: ["'iWD_Rejected'", "'iWD_Canceled'"], attribute: "queue" },
  { operator: "AND" },
  { operator: "IN", value: [1, 2, 3], attribute: "IWD_businessValue" },
  { operator: "AND" },
  { operator: "<=", value: "'2020-06-16T23:59:59Z'", attribute: "completed_at" },
])

interface Call {
  readonly method?: string
  readonly path?: string
  readonly page?: number | string
  readonly query?: ReadonlyArray<readonly [string, string]>
  readonly body?: string
  readonly cookie?: string
  readonly account?: string
}

/** A client of the module: keeps the session cookie like a browser would, unless told otherwise. */
const client = (api: GtlApi) => {
  let jar: string | undefined
  const call = (c: Call = {}) =>
    Effect.gen(function* () {
      const search = c.method !== "GET"
      const path = c.path ?? `/gtl/tasks/${SOLUTION}/${c.page ?? 1}${search ? "/search" : ""}`
      const cookie = c.cookie ?? jar
      const response = yield* api.handle({
        method: c.method ?? "POST",
        path,
        query: c.query ?? [],
        headers: cookie === undefined ? {} : { cookie },
        ...(search ? { body: c.body ?? "[]" } : {}),
        accountSid: c.account ?? ACCOUNT,
      })
      const set = response.headers["set-cookie"]
      if (set !== undefined && c.cookie === undefined) jar = set.split(";")[0]
      return response
    })
  return { call, cookie: () => jar }
}

const body = (response: GtlResponse): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(response.body ?? "null")
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    assert.fail(`not an object: ${response.body}`)
  return { ...parsed }
}
const messages = (response: GtlResponse): ReadonlyArray<Record<string, unknown>> => {
  const parsed: unknown = JSON.parse(response.body ?? "null")
  if (!Array.isArray(parsed)) assert.fail(`not a message list: ${response.body}`)
  return parsed
}
const taskIds = (response: GtlResponse): ReadonlyArray<string> => {
  const tasks = body(response).tasks
  if (!Array.isArray(tasks)) assert.fail("no tasks")
  return tasks.map((t: { core: { id: { value: string } } }) => t.core.id.value)
}
const setup = (count: number, options: GtlApiOptions = {}) => {
  const source = makeSource(count)
  const api = makeGtlApi(source, { tasksPerPage: 10, connectionId: "c0ffee", ...options })
  return { source, api, ...client(api) }
}

const expectError = (response: GtlResponse, status: number, messageId: string) => {
  assert.strictEqual(response.status, status, response.body)
  const [first] = messages(response)
  assert.strictEqual(first?.severity, "ERROR")
  assert.strictEqual(first?.message_id, messageId)
  assert.isString(first?.message)
  assert.isObject(first?.args)
}

describe("GTL API: the request", () => {
  it.effect("POST search runs the seed's QL items and GET (up to 9.0.012) takes the same parameters", () =>
    Effect.gen(function* () {
      const { call, source } = setup(60)
      const response = yield* call({ body: SEED_BODY })
      assert.strictEqual(response.status, 200)
      // completed_at is set only for completed tasks, so rejected and canceled ones never satisfy `<=`
      assert.strictEqual(body(response).total_tasks, 0)
      const all = source.solution(ACCOUNT, SOLUTION)?.tasks ?? []
      // the same query over completed tasks: queue = iWD_Completed, business value and completion date
      const done = yield* call({
        body: JSON.stringify([
          { operator: "=", value: "'iWD_Completed'", attribute: "queue" },
          { operator: "and" },
          { operator: "in", value: [1, 2, 3], attribute: "IWD_businessValue" },
          { operator: "AND" },
          { operator: "<=", value: "'2020-06-16T23:59:59Z'", attribute: "completed_at" },
        ]),
      })
      const expectedDone = all.filter((t) => {
        const r = t as Record<string, string>
        const attributes = JSON.parse(r.attributes ?? "{}") as { businessValue: number }
        return (
          r.assignment_status === "completed" &&
          attributes.businessValue <= 3 &&
          (r.date_updated ?? "") <= "2020-06-16T23:59:59Z"
        )
      })
      assert.isAbove(expectedDone.length, 0)
      assert.strictEqual(body(done).total_tasks, expectedDone.length)
      const legacy = yield* call({ method: "GET", query: [["filter", "Completed Tasks"]] })
      assert.strictEqual(legacy.status, 200)
      assert.strictEqual(
        body(legacy).total_tasks,
        all.filter((t) => Reflect.get(t, "assignment_status") === "completed").length,
      )
    }),
  )

  it.effect("the seed's query finds rejected and canceled tasks when they match", () =>
    Effect.gen(function* () {
      const { call, source } = setup(0)
      source.insertTasks(ACCOUNT, SOLUTION, [
        makeTask(0, {
          assignment_status: "canceled",
          reason: "Rejected by agent",
          attributes: '{"businessValue":2}',
        }),
        makeTask(1, { assignment_status: "canceled", reason: "Timeout", attributes: '{"businessValue":3}' }),
        makeTask(2, { assignment_status: "canceled", reason: "Timeout", attributes: '{"businessValue":5}' }),
        makeTask(3, { assignment_status: "completed", attributes: '{"businessValue":1}' }),
      ])
      // completed_at is unset for canceled tasks: the documented query selects none of them...
      assert.strictEqual(body(yield* call({ body: SEED_BODY })).total_tasks, 0)
      // ...while its first two conditions select the canceled and rejected tasks of value 1..3
      const twoConditions = JSON.stringify(JSON.parse(SEED_BODY).slice(0, 3))
      const response = yield* call({ body: twoConditions, query: [["order_direction", "ascending"]] })
      assert.deepStrictEqual(taskIds(response), [makeTask(0).sid, makeTask(1).sid])
    }),
  )

  it.effect("order_by defaults to core.createdDateTime and order_direction to descending", () =>
    Effect.gen(function* () {
      const { call } = setup(25)
      const response = yield* call()
      const page = body(response)
      const ids = taskIds(response)
      assert.deepStrictEqual(
        ids,
        Array.from({ length: 10 }, (_, k) => makeTask(24 - k).sid),
      )
      const columns = page.columns as ReadonlyArray<Record<string, unknown>>
      const sorted = columns.filter((c) => "sorted" in c)
      assert.deepStrictEqual(sorted, [
        {
          name: "createdDateTime",
          label: "Created Date",
          type: "date",
          sortable: true,
          sorted: "descending",
          category: "core",
        },
      ])
      const ascending = yield* call({ query: [["order_direction", "ascending"]] })
      assert.deepStrictEqual(
        taskIds(ascending),
        Array.from({ length: 10 }, (_, k) => makeTask(k).sid),
      )
    }),
  )

  it.effect("order_by takes qualified core., ext. and data. names; unset values sort last", () =>
    Effect.gen(function* () {
      const { call, source } = setup(30)
      const tasks = source.solution(ACCOUNT, SOLUTION)?.tasks ?? []
      const amount = (t: object) =>
        (JSON.parse(String(Reflect.get(t, "attributes"))) as { amount: number }).amount
      const byAmount = yield* call({
        query: [
          ["order_by", "data.amount"],
          ["order_direction", "ascending"],
        ],
      })
      const expected = tasks
        .map((t, i) => ({ id: String(Reflect.get(t, "sid")), amount: amount(t), i }))
        .sort((a, b) => a.amount - b.amount || a.i - b.i)
        .slice(0, 10)
        .map((x) => x.id)
      assert.deepStrictEqual(taskIds(byAmount), expected)
      const byCapture = yield* call({
        query: [
          ["order_by", "core.captureId"],
          ["order_direction", "descending"],
        ],
      })
      const captured = taskIds(byCapture)
      // cap-9 > cap-6 > cap-3 > cap-27 > ... as strings
      assert.deepStrictEqual(captured.slice(0, 3), [makeTask(9).sid, makeTask(6).sid, makeTask(3).sid])
      const withCapture = new Set(Array.from({ length: 10 }, (_, k) => makeTask(k * 3).sid))
      assert.isTrue(
        captured.every((id) => withCapture.has(id)),
        "the 10 tasks with a capture id come first",
      )
      const lastPage = yield* call({
        page: 3,
        query: [
          ["order_by", "core.captureId"],
          ["order_direction", "descending"],
          ["snapshot_id", String(body(byCapture).snapshot_id)],
        ],
      })
      assert.strictEqual(body(lastPage).snapshot_id, body(byCapture).snapshot_id)
      assert.isTrue(
        taskIds(lastPage).every((id) => !withCapture.has(id)),
        "tasks without a capture id come last",
      )
      assert.strictEqual((yield* call({ query: [["order_by", "ext.age"]] })).status, 200)
      expectError(yield* call({ query: [["order_by", "createdDateTime"]] }), 400, "MSG_INVALID_ORDER_BY")
      expectError(yield* call({ query: [["order_by", "core.nope"]] }), 400, "MSG_INVALID_ORDER_BY")
      expectError(yield* call({ query: [["order_by", "core.mediaIcon"]] }), 400, "MSG_INVALID_ORDER_BY")
    }),
  )

  it.effect(
    "entity_dbid and entity_type select the solution, a department, a process or a capture point",
    () =>
      Effect.gen(function* () {
        const { call, api } = setup(30)
        const structure = api.structure(ACCOUNT, SOLUTION)
        assert.isDefined(structure)
        if (structure === undefined) return
        assert.deepStrictEqual(
          structure.departments.map((d) => d.sid),
          WORKFLOWS.map((w) => w.sid),
        )
        assert.deepStrictEqual(
          structure.processes.map((d) => d.name),
          QUEUES.map((q) => q.friendly_name),
        )
        assert.deepStrictEqual(
          structure.capturePoints.map((d) => d.sid),
          CHANNELS.map((c) => c.sid),
        )
        const total = (response: GtlResponse) => body(response).total_tasks
        assert.strictEqual(
          total(
            yield* call({
              query: [
                ["entity_dbid", String(SOLUTION)],
                ["entity_type", "solution"],
              ],
            }),
          ),
          30,
        )
        const sales = structure.departments[0]?.dbid ?? 0
        assert.strictEqual(
          total(
            yield* call({
              query: [
                ["entity_dbid", String(sales)],
                ["entity_type", "department"],
              ],
            }),
          ),
          15,
        )
        const returns = structure.processes[1]?.dbid ?? 0
        assert.strictEqual(
          total(
            yield* call({
              query: [
                ["entity_type", "process"],
                ["entity_dbid", String(returns)],
              ],
            }),
          ),
          15,
        )
        const voice = structure.capturePoints[1]?.dbid ?? 0
        assert.strictEqual(
          total(
            yield* call({
              query: [
                ["entity_type", "capturePoint"],
                ["entity_dbid", String(voice)],
              ],
            }),
          ),
          10,
        )
        expectError(
          yield* call({ query: [["entity_dbid", String(SOLUTION)]] }),
          400,
          "MSG_ENTITY_PARAMETERS_INCOMPLETE",
        )
        expectError(
          yield* call({ query: [["entity_type", "solution"]] }),
          400,
          "MSG_ENTITY_PARAMETERS_INCOMPLETE",
        )
        expectError(
          yield* call({
            query: [
              ["entity_dbid", "7"],
              ["entity_type", "solution"],
            ],
          }),
          400,
          "MSG_INVALID_ENTITY_DBID",
        )
        expectError(
          yield* call({
            query: [
              ["entity_dbid", "7"],
              ["entity_type", "team"],
            ],
          }),
          400,
          "MSG_INVALID_ENTITY_TYPE",
        )
        for (const type of ["department", "process", "capturePoint"]) {
          expectError(
            yield* call({
              query: [
                ["entity_dbid", "7"],
                ["entity_type", type],
              ],
            }),
            404,
            "MSG_ENTITY_NOT_FOUND",
          )
        }
        expectError(
          yield* call({
            query: [
              ["entity_dbid", String(sales)],
              ["entity_type", "process"],
            ],
          }),
          404,
          "MSG_ENTITY_NOT_FOUND",
        )
      }),
  )

  it.effect("filter selects a named filter's query and columns; an unknown filter is 404", () =>
    Effect.gen(function* () {
      const { call, source } = setup(0, {
        filters: [
          {
            name: "Big",
            ql: "data.amount >= 50",
            columns: ["core.priority", "data.customer", "data.amount"],
          },
        ],
      })
      source.insertTasks(ACCOUNT, SOLUTION, [
        makeTask(0, { attributes: '{"amount":80,"customer":"ann"}' }),
        makeTask(1, { attributes: '{"amount":20,"customer":"bob"}' }),
        makeTask(2, { attributes: '{"amount":50}' }),
      ])
      const response = yield* call({
        query: [
          ["filter", "Big"],
          ["order_direction", "ascending"],
        ],
      })
      const page = body(response)
      assert.deepStrictEqual(page.columns, [
        { name: "priority", label: "Priority", type: "int", sortable: true, category: "core" },
        { name: "customer", label: "customer", type: "string", sortable: true, category: "data" },
        { name: "amount", label: "amount", type: "int", sortable: true, category: "data" },
      ])
      assert.deepStrictEqual(page.tasks, [
        {
          core: { id: { value: makeTask(0).sid }, priority: { value: 0 } },
          ext: {},
          data: { customer: { value: "ann" }, amount: { value: 80 } },
        },
        {
          core: { id: { value: makeTask(2).sid }, priority: { value: 3 } },
          ext: {},
          data: { amount: { value: 50 } },
        },
      ])
      expectError(yield* call({ query: [["filter", "Nope"]] }), 404, "MSG_FILTER_NOT_FOUND")
    }),
  )

  it.effect("quick filters core.X, ext.X, data.X and any_id", () =>
    Effect.gen(function* () {
      const { call, source } = setup(36)
      const tasks = source.solution(ACCOUNT, SOLUTION)?.tasks ?? []
      const total = (response: GtlResponse) => body(response).total_tasks
      const count = (p: (t: Record<string, unknown>) => boolean) => tasks.filter((t) => p({ ...t })).length
      assert.strictEqual(
        total(yield* call({ query: [["core.queue", "iWD_Assigned"]] })),
        count((t) => t.assignment_status === "assigned" || t.assignment_status === "wrapping"),
      )
      assert.strictEqual(
        total(yield* call({ query: [["core.priority", "3"]] })),
        count((t) => t.priority === 3),
      )
      assert.strictEqual(
        total(
          yield* call({
            query: [
              ["ext.assignmentStatus", "pending"],
              ["core.channel", "voice"],
            ],
          }),
        ),
        count((t) => t.assignment_status === "pending" && t.task_channel_unique_name === "voice"),
      )
      assert.strictEqual(
        total(
          yield* call({
            query: [
              ["data.customer", "c1"],
              ["data.customer", "c2"],
            ],
          }),
        ),
        count((t) => /"customer":"c[12]"/.test(String(t.attributes))),
      )
      assert.strictEqual(
        total(yield* call({ query: [["core.createdDateTime", "2020-06-10"]] })),
        count((t) => String(t.date_created).startsWith("2020-06-10")),
      )
      const byCapture = yield* call({ query: [["any_id", "cap-6"]] })
      assert.deepStrictEqual(taskIds(byCapture), [makeTask(6).sid])
      const byId = yield* call({ query: [["any_id", String(makeTask(7).sid)]] })
      assert.deepStrictEqual(taskIds(byId), [makeTask(7).sid])
      expectError(yield* call({ query: [["core.nope", "1"]] }), 400, "MSG_INVALID_QUICK_FILTER")
      expectError(yield* call({ query: [["core.priority", "high"]] }), 400, "MSG_INVALID_NUMBER")
    }),
  )
})

describe("GTL API: the response", () => {
  it.effect("has page, tasks_per_page, total_tasks, snapshot_id, columns and tasks", () =>
    Effect.gen(function* () {
      const { call } = setup(25)
      const response = yield* call({ page: 3 })
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers["content-type"], "application/json; charset=utf-8")
      const page = body(response)
      assert.deepStrictEqual(Object.keys(page), [
        "page",
        "tasks_per_page",
        "total_tasks",
        "snapshot_id",
        "columns",
        "tasks",
      ])
      assert.strictEqual(page.page, 3)
      assert.strictEqual(page.tasks_per_page, 10)
      assert.strictEqual(page.total_tasks, 25)
      assert.strictEqual(taskIds(response).length, 5)
      assert.match(String(page.snapshot_id), /^c0ffee-\d+$/, "connection id and snapshot number")
      const columns = page.columns as ReadonlyArray<Record<string, unknown>>
      for (const column of columns) {
        assert.deepStrictEqual(
          Object.keys(column).filter((k) => k !== "sorted"),
          ["name", "label", "type", "sortable", "category"],
        )
        assert.include(["string", "date", "int", "img"], column.type)
        assert.include(["core", "ext", "data"], column.category)
      }
      assert.strictEqual(columns.filter((c) => "sorted" in c).length, 1)
    }),
  )

  it.effect(
    "attribute definitions: value, display_value only for a channel name that differs, mediaIcon as img with a tooltip",
    () =>
      Effect.gen(function* () {
        const { call } = setup(3)
        const response = yield* call({ query: [["order_direction", "ascending"]] })
        const tasks = body(response).tasks as ReadonlyArray<{ core: Record<string, Record<string, unknown>> }>
        const [first, second, third] = tasks
        assert.deepStrictEqual(first?.core.channel, { value: "default", display_value: "Default" })
        assert.deepStrictEqual(second?.core.channel, { value: "voice", display_value: "Voice" })
        assert.deepStrictEqual(
          third?.core.channel,
          { value: "chat" },
          "no display_value when it equals the value",
        )
        assert.deepStrictEqual(first?.core.mediaIcon, {
          value: `/iwd_manager/api/gtl/icons/${SOLUTION}/workitem`,
          tooltip: "workitem",
        })
        assert.deepStrictEqual(second?.core.mediaIcon, {
          value: `/iwd_manager/api/gtl/icons/${SOLUTION}/voice`,
          tooltip: "voice",
        })
        for (const task of tasks) {
          for (const [name, definition] of Object.entries(task.core)) {
            if (name !== "channel") assert.notProperty(definition, "display_value")
            if (name !== "mediaIcon") assert.notProperty(definition, "tooltip")
          }
        }
        const columns = body(response).columns as ReadonlyArray<Record<string, unknown>>
        assert.deepStrictEqual(
          columns.find((c) => c.name === "mediaIcon"),
          { name: "mediaIcon", label: "Media", type: "img", sortable: false, category: "core" },
        )
      }),
  )

  it.effect("tasks carry only the filter's attributes plus the id; unset attributes are omitted", () =>
    Effect.gen(function* () {
      const { call } = setup(6, {
        filters: [{ name: "Narrow", columns: ["core.completedDateTime", "ext.reason"] }],
      })
      const response = yield* call({
        query: [
          ["filter", "Narrow"],
          ["order_direction", "ascending"],
        ],
      })
      const tasks = body(response).tasks as ReadonlyArray<Record<string, Record<string, unknown>>>
      assert.deepStrictEqual(tasks[0], { core: { id: { value: makeTask(0).sid } }, ext: {}, data: {} })
      assert.deepStrictEqual(tasks[4], {
        core: { id: { value: makeTask(4).sid }, completedDateTime: { value: makeTask(4).date_updated } },
        ext: {},
        data: {},
      })
      assert.deepStrictEqual(tasks[5]?.ext, { reason: { value: "Customer hung up" } })
    }),
  )

  it.effect("the list may be empty and pages are numbered from 1", () =>
    Effect.gen(function* () {
      const { call } = setup(0)
      const response = yield* call()
      assert.strictEqual(response.status, 200)
      assert.strictEqual(body(response).page, 1)
      assert.strictEqual(body(response).total_tasks, 0)
      assert.deepStrictEqual(body(response).tasks, [])
    }),
  )
})

describe("GTL API: status codes", () => {
  it.effect("404 for an unknown solution (also another account's), page 0 or negative", () =>
    Effect.gen(function* () {
      const { call } = setup(5)
      expectError(yield* call({ path: "/gtl/tasks/999/1/search" }), 404, "MSG_SOLUTION_NOT_FOUND")
      expectError(yield* call({ account: OTHER_ACCOUNT }), 404, "MSG_SOLUTION_NOT_FOUND")
      expectError(yield* call({ page: 0 }), 404, "MSG_PAGE_NOT_FOUND")
      expectError(yield* call({ page: -1 }), 404, "MSG_PAGE_NOT_FOUND")
      expectError(yield* call({ method: "GET", page: 0 }), 404, "MSG_PAGE_NOT_FOUND")
      expectError(yield* call({ path: "/gtl/nothing" }), 404, "MSG_NOT_FOUND")
    }),
  )

  it.effect("a page out of range redirects to the last valid page: 302 for GET, 307 for POST search", () =>
    Effect.gen(function* () {
      const { call } = setup(25)
      const get = yield* call({ method: "GET", page: 9, query: [["order_direction", "ascending"]] })
      assert.strictEqual(get.status, 302)
      const location = get.headers.location ?? ""
      const url = new URL(location, "http://x")
      assert.strictEqual(url.pathname, `/iwd_manager/api/gtl/tasks/${SOLUTION}/3`)
      assert.strictEqual(url.searchParams.get("order_direction"), "ascending")
      const snapshot = url.searchParams.get("snapshot_id") ?? ""
      assert.match(snapshot, /^c0ffee-/)
      const followed = yield* call({ method: "GET", page: 3, query: [...url.searchParams] })
      assert.strictEqual(followed.status, 200)
      assert.strictEqual(body(followed).snapshot_id, snapshot, "the redirect keeps the snapshot it took")
      const post = yield* call({ page: 4, body: "[]" })
      assert.strictEqual(post.status, 307)
      assert.strictEqual(
        new URL(post.headers.location ?? "", "http://x").pathname,
        `/iwd_manager/api/gtl/tasks/${SOLUTION}/3/search`,
      )
      const empty = setup(0)
      const onlyPage = yield* empty.call({ page: 2 })
      assert.strictEqual(onlyPage.status, 307)
      assert.strictEqual(
        new URL(onlyPage.headers.location ?? "", "http://x").pathname,
        `/iwd_manager/api/gtl/tasks/${SOLUTION}/1/search`,
      )
    }),
  )

  it.effect(
    "400 for a wrong order_direction, both snapshot parameters and malformed QL, with iWD messages",
    () =>
      Effect.gen(function* () {
        const { call } = setup(5)
        expectError(yield* call({ query: [["order_direction", "up"]] }), 400, "MSG_INVALID_ORDER_DIRECTION")
        expectError(
          yield* call({
            query: [
              ["snapshot_id", "x-1"],
              ["release_snapshot", "x-1"],
            ],
          }),
          400,
          "MSG_SNAPSHOT_PARAMETERS_EXCLUSIVE",
        )
        const malformed = yield* call({ body: JSON.stringify([{ operator: "AND" }]) })
        expectError(malformed, 400, "MSG_INVALID_QL_EXPRESSION")
        assert.deepStrictEqual(messages(malformed)[0], {
          severity: "ERROR",
          message_id: "MSG_INVALID_QL_EXPRESSION",
          args: { index: 0 },
          message: "Item 0: expected a condition or '(' at the start, found AND",
        })
        expectError(yield* call({ body: "{not json" }), 400, "MSG_INVALID_REQUEST_BODY")
        const unquoted = yield* call({
          body: JSON.stringify([{ operator: "IN", value: ["iWD_Rejected"], attribute: "queue" }]),
        })
        expectError(unquoted, 400, "MSG_INVALID_QL_EXPRESSION")
        assert.include(messages(unquoted)[0]?.message, "single-quoted")
        const badDate = yield* call({
          body: JSON.stringify([{ operator: "<=", value: "'2020-06-16'", attribute: "completed_at" }]),
        })
        assert.include(messages(badDate)[0]?.message, "YYYY-MM-DDTHH:mm:ssZ")
        expectError(
          yield* call({ body: JSON.stringify([{ operator: "=", value: 1, attribute: "nope" }]) }),
          400,
          "MSG_UNKNOWN_ATTRIBUTE",
        )
        expectError(
          yield* call({
            body: JSON.stringify([{ operator: "=", value: "'x'", attribute: "core.mediaIcon" }]),
          }),
          400,
          "MSG_ATTRIBUTE_NOT_FILTERABLE",
        )
        const wrongMethod = yield* call({ method: "PUT" })
        expectError(wrongMethod, 405, "MSG_METHOD_NOT_ALLOWED")
        assert.strictEqual(wrongMethod.headers.allow, "POST")
      }),
  )
})

describe("GTL API: snapshots", () => {
  it.effect("a search sets JSESSIONID once; snapshot_id reuses the snapshot and later pages slice it", () =>
    Effect.gen(function* () {
      const { call, source } = setup(25)
      const first = yield* call({ query: [["order_direction", "ascending"]] })
      assert.match(
        first.headers["set-cookie"] ?? "",
        /^JSESSIONID=[0-9A-F]{32}; Path=\/iwd_manager; HttpOnly$/,
      )
      const id = String(body(first).snapshot_id)
      // the store changes after the snapshot was taken
      source.insertTasks(ACCOUNT, SOLUTION, [makeTask(100, { date_created: "2020-01-01T00:00:00Z" })])
      source.removeTask(ACCOUNT, SOLUTION, String(makeTask(12).sid))
      const second = yield* call({
        page: 2,
        query: [
          ["order_direction", "ascending"],
          ["snapshot_id", id],
        ],
      })
      assert.isUndefined(second.headers["set-cookie"], "the session is kept")
      assert.strictEqual(body(second).snapshot_id, id)
      assert.strictEqual(body(second).total_tasks, 25)
      assert.deepStrictEqual(
        taskIds(second),
        Array.from({ length: 10 }, (_, k) => makeTask(10 + k).sid),
      )
      // a new search (no snapshot_id) sees the new state
      const fresh = yield* call({ query: [["order_direction", "ascending"]] })
      assert.notStrictEqual(body(fresh).snapshot_id, id)
      assert.strictEqual(body(fresh).total_tasks, 25)
      assert.strictEqual(taskIds(fresh)[0], makeTask(100).sid)
    }),
  )

  it.effect(
    "snapshot_id with other parameters is 400; unknown, expired or another session's gives a new snapshot",
    () =>
      Effect.gen(function* () {
        const { call } = setup(25)
        const first = yield* call({ body: SEED_BODY })
        const id = String(body(first).snapshot_id)
        expectError(
          yield* call({ body: "[]", query: [["snapshot_id", id]] }),
          400,
          "MSG_SNAPSHOT_PARAMETERS_MISMATCH",
        )
        expectError(
          yield* call({
            body: SEED_BODY,
            query: [
              ["snapshot_id", id],
              ["order_direction", "ascending"],
            ],
          }),
          400,
          "MSG_SNAPSHOT_PARAMETERS_MISMATCH",
        )
        expectError(
          yield* call({ method: "GET", query: [["snapshot_id", id]] }),
          400,
          "MSG_SNAPSHOT_PARAMETERS_MISMATCH",
        )
        const same = yield* call({ body: SEED_BODY, query: [["snapshot_id", id]] })
        assert.strictEqual(body(same).snapshot_id, id)
        const unknown = yield* call({ query: [["snapshot_id", "c0ffee-999"]] })
        assert.strictEqual(unknown.status, 200)
        assert.notStrictEqual(body(unknown).snapshot_id, "c0ffee-999")
        const stranger = yield* call({
          body: SEED_BODY,
          query: [["snapshot_id", id]],
          cookie: "JSESSIONID=SOMEONEELSE",
        })
        assert.strictEqual(stranger.status, 200)
        assert.notStrictEqual(body(stranger).snapshot_id, id, "another session's snapshot is not reused")
      }),
  )

  it.effect("release_snapshot releases the snapshot and takes a new one; another session's is 403", () =>
    Effect.gen(function* () {
      const { call, api } = setup(5)
      const first = yield* call()
      const id = String(body(first).snapshot_id)
      const liveBefore = api.liveSnapshots()
      const released = yield* call({ query: [["release_snapshot", id]] })
      assert.strictEqual(released.status, 200)
      const next = String(body(released).snapshot_id)
      assert.notStrictEqual(next, id)
      assert.strictEqual(api.liveSnapshots(), liveBefore, "one released, one taken")
      const reuseReleased = yield* call({ query: [["snapshot_id", id]] })
      assert.notStrictEqual(body(reuseReleased).snapshot_id, id, "a released snapshot is gone")
      const other = client(api)
      expectError(yield* other.call({ query: [["release_snapshot", next]] }), 403, "MSG_SNAPSHOT_FORBIDDEN")
      assert.isDefined(other.cookie(), "the other caller got its own session")
    }),
  )

  it.effect("snapshots expire after the idle time and each session keeps a bounded number", () =>
    Effect.gen(function* () {
      const { call, api } = setup(5, { snapshotIdleMillis: 60_000, maxSnapshotsPerSession: 3 })
      const ids: Array<string> = []
      for (let i = 0; i < 5; i++) ids.push(String(body(yield* call()).snapshot_id))
      assert.strictEqual(api.liveSnapshots(), 3)
      const oldest = yield* call({ query: [["snapshot_id", ids[0] ?? ""]] })
      assert.notStrictEqual(body(oldest).snapshot_id, ids[0], "the least recently used one was dropped")
      const newest = ids[4] ?? ""
      assert.strictEqual(body(yield* call({ query: [["snapshot_id", newest]] })).snapshot_id, newest)
      yield* TestClock.adjust("59 seconds")
      assert.strictEqual(
        body(yield* call({ query: [["snapshot_id", newest]] })).snapshot_id,
        newest,
        "use keeps it alive",
      )
      yield* TestClock.adjust("61 seconds")
      const expired = yield* call({ query: [["snapshot_id", newest]] })
      assert.notStrictEqual(body(expired).snapshot_id, newest)
      assert.strictEqual(api.liveSnapshots(), 1)
    }),
  )
})

describe("GTL API: attributes and icons", () => {
  it.effect(
    "GET /gtl/attributes lists the queryable attributes with their column names, sorted by label",
    () =>
      Effect.gen(function* () {
        const { call } = setup(3)
        const response = yield* call({ method: "GET", path: `/gtl/attributes/${SOLUTION}` })
        const list = JSON.parse(response.body ?? "[]") as ReadonlyArray<Record<string, unknown>>
        const labels = list.map((a) => String(a.filter_label))
        assert.deepStrictEqual(labels, [...labels].sort())
        const find = (name: string) => list.find((a) => a.name === name)
        assert.deepStrictEqual(find("businessValue"), {
          name: "businessValue",
          column_label: "Business Value",
          filter_label: "Business Value",
          type: "int",
          category: "core",
          filterable: true,
          column_name: "IWD_businessValue",
        })
        assert.strictEqual(find("queue")?.column_name, "queue")
        assert.strictEqual(find("completedDateTime")?.column_name, "completed_at")
        assert.strictEqual(find("customer")?.category, "data")
        assert.strictEqual(find("mediaIcon")?.filterable, false)
      }),
  )

  it.effect("GET /gtl/icons serves the media icon", () =>
    Effect.gen(function* () {
      const { call } = setup(0)
      const icon = yield* call({ method: "GET", path: `/gtl/icons/${SOLUTION}/workitem` })
      assert.strictEqual(icon.status, 200)
      assert.strictEqual(icon.headers["content-type"], "image/svg+xml")
      assert.include(icon.body ?? "", "<svg")
    }),
  )
})
