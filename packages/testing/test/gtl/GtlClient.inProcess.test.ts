/**
 * The seed (iwd-gtl-fetch-paginated-tasks), sentence by sentence, through the in-process door: the core's
 * `Gtl.GtlClient` service (Effect API, cookie jar) over `FakeTaskRouter.layer({ seed: "demo" })`, which
 * supplies `HttpTransport` straight from the store. Everything runs on the TestClock, so snapshot expiry is
 * driven by `TestClock.adjust`. A recording transport in between shows what went over the wire.
 */
import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { Gtl, type HttpRequest, type HttpResponse, HttpTransport, Paginator } from "@taskroute/core"
import { Context, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { FakeTaskRouter } from "../../src/FakeTaskRouter.js"
import { makeGtlApi } from "../../src/gtl/GtlApi.js"
import * as GtlSource from "../../src/gtl/GtlSource.js"
import { SEED_COLUMNS, SEED_TEXT } from "./fixture.js"

const ACCOUNT = `AC${"5".repeat(32)}`
const TOKEN = "in-process-secret"
const BASIC = `Basic ${btoa(`${ACCOUNT}:${TOKEN}`)}`
/** Any host: the in-process door routes by path. */
const BASE = "https://iwd.example.com/iwd_manager/api"
const REST = "https://taskrouter.twilio.com/v1"

/** The seed's JSON example, byte for byte as the core's QL tests keep it. */
const SEED_JSON: unknown = JSON.parse(
  readFileSync(new URL("../../../core/test/ql/fixtures/seed-example.json", import.meta.url), "utf8"),
)

/** What the client sent and received, in order (each redirect hop is a request of its own). */
class Wire extends Context.Service<
  Wire,
  { readonly sent: Array<HttpRequest>; readonly received: Array<HttpResponse> }
>()("test/gtl/Wire") {}

const door = FakeTaskRouter.layer({ seed: "demo", accountSid: ACCOUNT, authToken: TOKEN, random: 5 })

/** The door's HttpTransport, recorded; FakeTaskRouter passed through. */
const recorded = Layer.effectContext(
  Effect.gen(function* () {
    const fake = yield* FakeTaskRouter
    const inner = yield* HttpTransport
    const wire = { sent: [] as HttpRequest[], received: [] as HttpResponse[] }
    const send = (request: HttpRequest) => {
      wire.sent.push(request)
      return Effect.map(inner.send(request), (response) => {
        wire.received.push(response)
        return response
      })
    }
    return Context.make(FakeTaskRouter, fake).pipe(
      Context.add(HttpTransport, HttpTransport.of({ send })),
      Context.add(Wire, Wire.of(wire)),
    )
  }),
).pipe(Layer.provide(door))

const config: Gtl.GtlClientConfig = { baseUrl: BASE, headers: { authorization: BASIC }, cookies: "jar" }
const layer = Gtl.GtlClient.layer(config).pipe(Layer.provideMerge(recorded))

/** A test on a fresh emulator (the demo seed) and a fresh client. */
const gtlTest = (
  name: string,
  body: () => Effect.Effect<unknown, unknown, Gtl.GtlClient | FakeTaskRouter | HttpTransport | Wire>,
) => it.effect(name, () => Effect.provide(Effect.asVoid(body()), layer))

// ---- helpers ------------------------------------------------------------------------------------------

const field = (o: unknown, key: string): unknown =>
  typeof o === "object" && o !== null ? Reflect.get(o, key) : undefined

const parseJson = (text: string): unknown => JSON.parse(text)

/** The fixture: the client, the door, the wire, and the demo seed's facts. */
const fixture = Effect.gen(function* () {
  const gtl = yield* Gtl.GtlClient
  const fake = yield* FakeTaskRouter
  const http = yield* HttpTransport
  const wire = yield* Wire
  const dbid = fake.solutionDbid
  const structure = makeGtlApi(GtlSource.fromEmulator(fake.emulator)).structure(fake.accountSid, dbid)
  if (structure === undefined) return assert.fail("the demo solution has no structure")
  /** Another session: a client with its own jar. */
  const stranger = () => Gtl.make(config, http)
  /** The demo's tasks as the store holds them: sid and parsed attributes. */
  const storeTasks = () =>
    (fake.emulator.snapshot(fake.accountSid, fake.workspaceSid)?.tasks ?? []).map((t) => ({
      sid: String(field(t, "sid")),
      workflowSid: field(t, "workflow_sid"),
      queueSid: field(t, "task_queue_sid"),
      channelSid: field(t, "task_channel_sid"),
      status: field(t, "assignment_status"),
      attributes: parseJson(String(field(t, "attributes") ?? "{}")),
    }))
  /** Forgets what went over the wire so far. */
  const clearWire = () => {
    wire.sent.length = 0
    wire.received.length = 0
  }
  /** A request the typed client would not send. */
  const raw = (method: "GET" | "POST", path: string, body?: string, headers: Record<string, string> = {}) =>
    http.send({
      method,
      url: `${BASE}${path}`,
      headers: {
        authorization: BASIC,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    })
  /** Creates a workspace resource over REST and answers its JSON (the wire is cleared). */
  const rest = (resource: string, params: Record<string, string>) =>
    Effect.gen(function* () {
      const response = yield* http.send({
        method: "POST",
        url: `${REST}/Workspaces/${fake.workspaceSid}/${resource}`,
        headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
        body: Object.entries(params)
          .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
          .join("&"),
      })
      assert.strictEqual(response.status, 201, response.body)
      clearWire()
      return parseJson(response.body)
    })
  /** Creates tasks over REST; `spacingMillis` advances the TestClock before each, so creation times differ. */
  const addTasks = (attributes: ReadonlyArray<Record<string, unknown>>, spacingMillis = 0) =>
    Effect.forEach(attributes, (a) =>
      Effect.gen(function* () {
        yield* TestClock.adjust(spacingMillis)
        return String(field(yield* rest("Tasks", { Attributes: JSON.stringify(a) }), "sid"))
      }),
    )
  /** The last JSON body received. */
  const lastBody = () => parseJson(wire.received.at(-1)?.body ?? "null")
  return {
    gtl,
    fake,
    http,
    wire,
    dbid,
    structure,
    stranger,
    storeTasks,
    raw,
    rest,
    addTasks,
    lastBody,
    clearWire,
  }
})

const ids = (page: Gtl.GtlPage) => page.tasks.map((t) => t.core.id?.value)

/** The GtlError of a failed request (fails the test on anything else). */
const gtlError = <A>(effect: Effect.Effect<A, Gtl.GtlFailure>) =>
  Effect.map(Effect.flip(effect), (e) => {
    if (e._tag !== "GtlError") return assert.fail(`expected a GtlError, got ${e._tag}: ${e.message}`)
    return e
  })

/** An iWD message list: `[{ severity, message_id, args, message }]`, the first with this id. */
const assertMessages = (body: string, messageId: string) => {
  const list = parseJson(body)
  if (!Array.isArray(list)) return assert.fail(`not a message list: ${body}`)
  assert.isAbove(list.length, 0)
  for (const m of list) {
    assert.deepStrictEqual(Object.keys(m).sort(), ["args", "message", "message_id", "severity"])
    assert.include(["ERROR", "WARNING", "INFO"], m.severity)
    assert.isString(m.message)
    assert.isObject(m.args)
  }
  assert.strictEqual(list[0].message_id, messageId)
}

/** Does a task's attribute set satisfy the seed's example? */
const seedMatch = (attributes: unknown): boolean => {
  const queue = field(attributes, "queue")
  const value = field(attributes, "IWD_businessValue")
  const completed = field(attributes, "completed_at")
  return (
    (queue === "iWD_Rejected" || queue === "iWD_Canceled") &&
    (value === 1 || value === 2 || value === 3) &&
    typeof completed === "string" &&
    Date.parse(completed) <= Date.parse("2020-06-16T23:59:59Z")
  )
}

// ---- the request -----------------------------------------------------------------------------------------

describe("in-process door: the request", () => {
  gtlTest(
    "the seed's example text with the seed's labels sends exactly the seed's JSON and finds the demo's tasks",
    () =>
      Effect.gen(function* () {
        const { gtl, wire, dbid, storeTasks } = yield* fixture
        const page = yield* gtl.fetchPage({ solutionDbid: dbid, ql: SEED_TEXT, columns: SEED_COLUMNS })
        const [request] = wire.sent
        assert.strictEqual(request?.method, "POST")
        assert.strictEqual(request?.url, `${BASE}/gtl/tasks/${dbid}/1/search`)
        assert.strictEqual(request?.headers["content-type"], "application/json")
        assert.strictEqual(request?.body, JSON.stringify(SEED_JSON))
        const expected = storeTasks()
          .filter((t) => seedMatch(t.attributes))
          .map((t) => t.sid)
        assert.isAbove(expected.length, 0, "the demo seed has tasks the example finds")
        assert.isBelow(expected.length, storeTasks().length)
        assert.sameMembers(ids(page), expected)
        assert.strictEqual(page.totalTasks, expected.length)
        // the labels as the solution's attribute list gives them map the text to the same body
        const columns = Gtl.qlColumns(yield* gtl.attributes(dbid))
        yield* gtl.fetchPage({ solutionDbid: dbid, ql: SEED_TEXT, columns })
        assert.strictEqual(wire.sent.at(-1)?.body, JSON.stringify(SEED_JSON))
      }),
  )

  gtlTest("the GET up to 9.0.012 takes the same parameters as the POST search (no QL body)", () =>
    Effect.gen(function* () {
      const { gtl, wire, dbid } = yield* fixture
      const query = { solutionDbid: dbid, filter: "Rejected and Canceled Tasks", orderBy: "data.customer" }
      const post = yield* gtl.fetchPage(query)
      const get = yield* gtl.fetchPage({ ...query, legacyGet: true })
      assert.deepStrictEqual(
        wire.sent.map((r) => [r.method, r.url, r.body]),
        [
          [
            "POST",
            `${BASE}/gtl/tasks/${dbid}/1/search?filter=Rejected%20and%20Canceled%20Tasks&order_by=data.customer`,
            "[]",
          ],
          [
            "GET",
            `${BASE}/gtl/tasks/${dbid}/1?filter=Rejected%20and%20Canceled%20Tasks&order_by=data.customer`,
            undefined,
          ],
        ],
      )
      assert.isAbove(post.totalTasks, 0)
      assert.deepStrictEqual(ids(get), ids(post))
    }),
  )
})

// ---- parameters --------------------------------------------------------------------------------------------

describe("in-process door: parameters and their defaults", () => {
  gtlTest("entity: the solution by default; department, process and capture point narrow the search", () =>
    Effect.gen(function* () {
      const { gtl, wire, dbid, structure, storeTasks, raw } = yield* fixture
      const all = yield* gtl.fetchPage({ solutionDbid: dbid })
      const solution = yield* gtl.fetchPage({ solutionDbid: dbid, entity: { type: "solution", dbid } })
      assert.include(wire.sent[1]?.url ?? "", `?entity_dbid=${dbid}&entity_type=solution`)
      assert.deepStrictEqual(ids(solution), ids(all), "entity_dbid defaults to the solution")
      const tasks = storeTasks()
      for (const [type, entities, key] of [
        ["department", structure.departments, "workflowSid"],
        ["process", structure.processes, "queueSid"],
      ] as const) {
        for (const entity of entities) {
          const page = yield* gtl.fetchPage({ solutionDbid: dbid, entity: { type, dbid: entity.dbid } })
          assert.sameMembers(
            ids(page),
            tasks.filter((t) => t[key] === entity.sid).map((t) => t.sid),
            `${type} ${entity.name}`,
          )
        }
      }
      const processes = yield* Effect.forEach(structure.processes, (p) =>
        gtl.fetchPage({ solutionDbid: dbid, entity: { type: "process", dbid: p.dbid } }),
      )
      assert.isAbove(
        processes.filter((p) => p.totalTasks > 0).length,
        1,
        "the demo spreads tasks over queues",
      )
      for (const channel of structure.capturePoints) {
        const page = yield* gtl.fetchPage({
          solutionDbid: dbid,
          entity: { type: "capturePoint", dbid: channel.dbid },
        })
        assert.sameMembers(
          ids(page),
          tasks.filter((t) => t.channelSid === channel.sid).map((t) => t.sid),
          `capture point ${channel.name}`,
        )
      }
      // both or neither: the client always sends both; the server refuses one alone
      const alone = yield* raw("POST", `/gtl/tasks/${dbid}/1/search?entity_dbid=${dbid}`, "[]")
      assert.strictEqual(alone.status, 400)
      assertMessages(alone.body, "MSG_ENTITY_PARAMETERS_INCOMPLETE")
      const typeAlone = yield* raw("GET", `/gtl/tasks/${dbid}/1?entity_type=solution`)
      assert.strictEqual(typeAlone.status, 400)
      // entity_type=solution needs the solution's own DBID
      const other = yield* gtlError(
        gtl.fetchPage({ solutionDbid: dbid, entity: { type: "solution", dbid: dbid + 1 } }),
      )
      assert.deepStrictEqual([other.status, other.messages[0]?.message_id], [400, "MSG_INVALID_ENTITY_DBID"])
    }),
  )

  gtlTest("filter selects a named filter's query; without one every task is searched", () =>
    Effect.gen(function* () {
      const { gtl, dbid } = yield* fixture
      const all = yield* gtl.fetchPage({ solutionDbid: dbid })
      const rejected = yield* gtl.fetchPage({ solutionDbid: dbid, filter: "Rejected and Canceled Tasks" })
      assert.isAbove(rejected.totalTasks, 0)
      assert.isBelow(rejected.totalTasks, all.totalTasks)
      assert.isTrue(
        rejected.tasks.every((t) => ["iWD_Rejected", "iWD_Canceled"].includes(String(t.core.queue?.value))),
      )
      const missing = yield* gtlError(gtl.fetchPage({ solutionDbid: dbid, filter: "No Such Filter" }))
      assert.deepStrictEqual(
        [missing.reason, missing.status, missing.messages[0]?.message_id],
        ["NotFound", 404, "MSG_FILTER_NOT_FOUND"],
      )
    }),
  )

  gtlTest("order_by defaults to core.createdDateTime and order_direction to descending", () =>
    Effect.gen(function* () {
      const { gtl, wire, dbid, addTasks } = yield* fixture
      const added = yield* addTasks([{ n: 1 }, { n: 2 }, { n: 3 }], 1000)
      const byDefault = yield* gtl.fetchPage({ solutionDbid: dbid })
      assert.strictEqual(
        wire.sent.at(-1)?.url,
        `${BASE}/gtl/tasks/${dbid}/1/search`,
        "no order parameter sent",
      )
      assert.deepStrictEqual(ids(byDefault).slice(0, 3), [...added].reverse(), "newest first")
      const explicit = yield* gtl.fetchPage({
        solutionDbid: dbid,
        orderBy: "core.createdDateTime",
        orderDirection: "descending",
      })
      assert.deepStrictEqual(ids(explicit), ids(byDefault))
      assert.deepStrictEqual(
        byDefault.columns.filter((c) => c.sorted !== undefined).map((c) => [c.name, c.sorted]),
        [["createdDateTime", "descending"]],
      )
      const ascending = yield* gtl.fetchPage({ solutionDbid: dbid, orderDirection: "ascending" })
      assert.deepStrictEqual(ids(ascending).slice(-3), added)
    }),
  )

  gtlTest("order_by takes qualified core., ext. and data. names", () =>
    Effect.gen(function* () {
      const { gtl, dbid, storeTasks } = yield* fixture
      const value = yield* gtl.fetchPage({
        solutionDbid: dbid,
        orderBy: "core.businessValue",
        orderDirection: "ascending",
      })
      const values = value.tasks.map((t) => Number(t.core.businessValue?.value))
      assert.deepStrictEqual(
        values,
        [...values].sort((a, b) => a - b),
      )
      assert.deepStrictEqual(
        value.columns.filter((c) => c.sorted !== undefined).map((c) => [c.name, c.category, c.sorted]),
        [["businessValue", "core", "ascending"]],
      )
      const customer = new Map(storeTasks().map((t) => [t.sid, String(field(t.attributes, "customer"))]))
      const byData = yield* gtl.fetchPage({
        solutionDbid: dbid,
        orderBy: "data.customer",
        orderDirection: "ascending",
      })
      const names = ids(byData).map((id) => customer.get(String(id)) ?? "")
      assert.deepStrictEqual(names, [...names].sort())
      assert.strictEqual(
        byData.columns.filter((c) => c.sorted !== undefined).length,
        0,
        "data.customer is not a selected column, so no column is sorted",
      )
      const byExt = yield* gtl.fetchPage({ solutionDbid: dbid, orderBy: "ext.assignmentStatus" })
      assert.strictEqual(byExt.totalTasks, value.totalTasks)
      const unqualified = yield* gtlError(gtl.fetchPage({ solutionDbid: dbid, orderBy: "customer" }))
      assert.deepStrictEqual(
        [unqualified.status, unqualified.messages[0]?.message_id],
        [400, "MSG_INVALID_ORDER_BY"],
      )
    }),
  )

  gtlTest("quick filters core.X, ext.X and data.X, and any_id (id or capture id)", () =>
    Effect.gen(function* () {
      const { gtl, wire, dbid, storeTasks, addTasks } = yield* fixture
      const rejected = yield* gtl.fetchPage({
        solutionDbid: dbid,
        quickFilters: { "core.queue": "iWD_Rejected" },
      })
      assert.include(wire.sent.at(-1)?.url ?? "", "?core.queue=iWD_Rejected")
      assert.isAbove(rejected.totalTasks, 0)
      assert.isTrue(rejected.tasks.every((t) => t.core.queue?.value === "iWD_Rejected"))
      const either = yield* gtl.fetchPage({
        solutionDbid: dbid,
        quickFilters: { "core.queue": ["iWD_Rejected", "iWD_Canceled"] },
      })
      assert.isAbove(either.totalTasks, rejected.totalTasks, "several values: any of them")
      const pending = storeTasks().filter((t) => t.status === "pending")
      assert.isAbove(pending.length, 0)
      const byStatus = yield* gtl.fetchPage({
        solutionDbid: dbid,
        quickFilters: { "ext.assignmentStatus": "pending" },
      })
      assert.sameMembers(
        ids(byStatus),
        pending.map((t) => t.sid),
      )
      const target = storeTasks()[5]
      const customer = String(field(target?.attributes, "customer"))
      const byData = yield* gtl.fetchPage({ solutionDbid: dbid, quickFilters: { "data.customer": customer } })
      assert.deepStrictEqual(ids(byData), [target?.sid])
      const byId = yield* gtl.fetchPage({ solutionDbid: dbid, anyId: String(target?.sid) })
      assert.include(wire.sent.at(-1)?.url ?? "", `any_id=${target?.sid}`)
      assert.deepStrictEqual(ids(byId), [target?.sid])
      const [captured] = yield* addTasks([{ captureId: "cap-2020-0616" }])
      const byCapture = yield* gtl.fetchPage({ solutionDbid: dbid, anyId: "cap-2020-0616" })
      assert.deepStrictEqual(ids(byCapture), [captured])
      const unknown = yield* gtlError(
        gtl.fetchPage({ solutionDbid: dbid, quickFilters: { "core.nope": "x" } }),
      )
      assert.strictEqual(unknown.status, 400)
    }),
  )
})

// ---- the response ------------------------------------------------------------------------------------------

describe("in-process door: the response", () => {
  gtlTest("page, tasks_per_page, total_tasks, snapshot_id, columns and tasks, on the wire", () =>
    Effect.gen(function* () {
      const { gtl, dbid, lastBody, storeTasks } = yield* fixture
      const page = yield* gtl.fetchPage({ solutionDbid: dbid })
      const body = lastBody()
      assert.deepStrictEqual(Object.keys(body ?? {}), [
        "page",
        "tasks_per_page",
        "total_tasks",
        "snapshot_id",
        "columns",
        "tasks",
      ])
      assert.deepStrictEqual(
        [field(body, "page"), field(body, "tasks_per_page"), field(body, "total_tasks")],
        [1, page.tasksPerPage, storeTasks().length],
      )
      // a connection id and a snapshot number: unique across the application
      assert.match(String(field(body, "snapshot_id")), /^[0-9a-f]+-\d+$/)
      const columns = field(body, "columns")
      if (!Array.isArray(columns)) return assert.fail("no columns")
      for (const column of columns) {
        for (const key of Object.keys(column)) {
          assert.include(["name", "label", "type", "sortable", "sorted", "category"], key)
        }
        assert.isString(column.name)
        assert.isString(column.label)
        assert.include(["string", "date", "int", "img"], column.type)
        assert.isBoolean(column.sortable)
        assert.include(["core", "ext", "data"], column.category)
      }
      assert.strictEqual(columns.filter((c) => "sorted" in c).length, 1, "at most one column is sorted")
      const tasks = field(body, "tasks")
      if (!Array.isArray(tasks)) return assert.fail("no tasks")
      for (const task of tasks) assert.deepStrictEqual(Object.keys(task), ["core", "ext", "data"])
    }),
  )

  gtlTest("attribute values: display_value and tooltip only when different; mediaIcon is an icon URL", () =>
    Effect.gen(function* () {
      const { gtl, http, dbid, lastBody, rest } = yield* fixture
      // a channel whose friendly name is its unique name: no display_value for its tasks
      yield* rest("TaskChannels", { FriendlyName: "email", UniqueName: "email" })
      const email = String(field(yield* rest("Tasks", { Attributes: "{}", TaskChannel: "email" }), "sid"))
      const voice = String(field(yield* rest("Tasks", { Attributes: "{}", TaskChannel: "voice" }), "sid"))
      const page = yield* gtl.fetchPage({ solutionDbid: dbid })
      const tasks = field(lastBody(), "tasks")
      if (!Array.isArray(tasks)) return assert.fail("no tasks")
      for (const task of tasks) {
        for (const category of ["core", "ext", "data"]) {
          for (const [name, attribute] of Object.entries(field(task, category) ?? {})) {
            const keys = Object.keys(attribute)
            const expected =
              name === "mediaIcon"
                ? ["value", "tooltip"]
                : name === "channel" && attribute.value !== "email"
                  ? ["value", "display_value"]
                  : ["value"]
            assert.deepStrictEqual(keys, expected, `${category}.${name}`)
          }
        }
      }
      const byId = new Map(page.tasks.map((t) => [t.core.id?.value, t]))
      const demo = page.tasks.find((t) => t.core.id?.value !== email && t.core.id?.value !== voice)
      // "display_value" is used only for the channel: its friendly name, when it differs from the value
      assert.deepStrictEqual(demo?.core.channel, { value: "default", displayValue: "Default" })
      assert.deepStrictEqual(byId.get(voice)?.core.channel, { value: "voice", displayValue: "Voice" })
      assert.deepStrictEqual(byId.get(email)?.core.channel, { value: "email" })
      // img: a URL relative to the host (the whole path, application and API prefix included); tooltip: the media type
      assert.deepStrictEqual(demo?.core.mediaIcon, {
        value: `/iwd_manager/api/gtl/icons/${dbid}/workitem`,
        tooltip: "workitem",
      })
      assert.deepStrictEqual(byId.get(email)?.core.mediaIcon, {
        value: `/iwd_manager/api/gtl/icons/${dbid}/email`,
        tooltip: "email",
      })
      assert.deepStrictEqual(
        page.columns.find((c) => c.name === "mediaIcon"),
        { name: "mediaIcon", label: "Media", type: "img", sortable: false, category: "core" },
      )
      const svg = yield* http.send({
        method: "GET",
        url: `https://iwd.example.com${String(byId.get(email)?.core.mediaIcon?.value)}`,
        headers: { authorization: BASIC },
      })
      assert.deepStrictEqual([svg.status, svg.headers["content-type"]], [200, "image/svg+xml"])
      assert.include(svg.body, "<title>email</title>")
    }),
  )

  gtlTest("tasks carry only the filter's attributes plus the id; unset attributes are omitted", () =>
    Effect.gen(function* () {
      const { gtl, dbid, addTasks } = yield* fixture
      const [bare] = yield* addTasks([{}])
      for (const filter of [undefined, "All Tasks", "Completed Tasks"]) {
        const page = yield* gtl.fetchPage({ solutionDbid: dbid, ...(filter === undefined ? {} : { filter }) })
        const selected = new Set(page.columns.map((c) => `${c.category}.${c.name}`))
        for (const task of page.tasks) {
          assert.isString(task.core.id?.value, "the id is always there")
          for (const category of ["core", "ext", "data"] as const) {
            for (const name of Object.keys(task[category])) {
              assert.isTrue(selected.has(`${category}.${name}`) || `${category}.${name}` === "core.id", name)
            }
          }
        }
      }
      const all = yield* gtl.fetchPage({ solutionDbid: dbid, anyId: String(bare) })
      const task = all.tasks[0]
      assert.strictEqual(task?.core.id?.value, bare)
      // a new pending task has no completion date and no business value: both columns selected, both omitted
      assert.isTrue(all.columns.some((c) => c.name === "completedDateTime"))
      assert.isTrue(all.columns.some((c) => c.name === "businessValue"))
      assert.notProperty(task?.core ?? {}, "completedDateTime")
      assert.notProperty(task?.core ?? {}, "businessValue")
      assert.strictEqual(task?.core.queue?.value, "iWD_Queued")
    }),
  )

  gtlTest("pages are numbered from 1 and the list may be empty", () =>
    Effect.gen(function* () {
      const { gtl, dbid, addTasks } = yield* fixture
      yield* addTasks(Array.from({ length: 80 }, (_, i) => ({ batch: "paging", n: i })))
      const first = yield* gtl.fetchPage({ solutionDbid: dbid, quickFilters: { "data.batch": "paging" } })
      assert.deepStrictEqual(
        [first.page, first.tasksPerPage, first.totalTasks, first.tasks.length],
        [1, 50, 80, 50],
      )
      const second = yield* gtl.fetchPage({
        solutionDbid: dbid,
        page: 2,
        quickFilters: { "data.batch": "paging" },
        snapshotId: first.snapshotId,
      })
      assert.deepStrictEqual([second.page, second.tasks.length, second.redirected], [2, 30, false])
      assert.strictEqual(new Set([...ids(first), ...ids(second)]).size, 80)
      const none = yield* gtl.fetchPage({ solutionDbid: dbid, ql: "IWD_businessValue > 1000" })
      assert.deepStrictEqual([none.page, none.totalTasks, none.tasks, none.redirected], [1, 0, [], false])
    }),
  )
})

// ---- status codes ------------------------------------------------------------------------------------------

describe("in-process door: status codes", () => {
  gtlTest(
    "404 for an unknown solution, department, process, capture point or filter, and page 0 or negative",
    () =>
      Effect.gen(function* () {
        const { gtl, dbid, raw } = yield* fixture
        const cases = [
          [{ solutionDbid: dbid + 1 }, "MSG_SOLUTION_NOT_FOUND"],
          [{ solutionDbid: dbid, entity: { type: "department", dbid: 1 } }, "MSG_ENTITY_NOT_FOUND"],
          [{ solutionDbid: dbid, entity: { type: "process", dbid: 1 } }, "MSG_ENTITY_NOT_FOUND"],
          [{ solutionDbid: dbid, entity: { type: "capturePoint", dbid: 1 } }, "MSG_ENTITY_NOT_FOUND"],
          [{ solutionDbid: dbid, filter: "Mine" }, "MSG_FILTER_NOT_FOUND"],
          [{ solutionDbid: dbid, page: 0 }, "MSG_PAGE_NOT_FOUND"],
          [{ solutionDbid: dbid, page: -2 }, "MSG_PAGE_NOT_FOUND"],
          [{ solutionDbid: dbid, page: 0, legacyGet: true }, "MSG_PAGE_NOT_FOUND"],
        ] as const
        for (const [query, id] of cases) {
          const e = yield* gtlError(gtl.fetchPage(query))
          assert.deepStrictEqual(
            [e.reason, e.status, e.messages[0]?.message_id],
            ["NotFound", 404, id],
            JSON.stringify(query),
          )
        }
        assertMessages((yield* raw("GET", `/gtl/tasks/${dbid}/-1`)).body, "MSG_PAGE_NOT_FOUND")
      }),
  )

  gtlTest("a page out of range: 302 for the GET, 307 for the POST search, to the last valid page", () =>
    Effect.gen(function* () {
      const { gtl, wire, dbid, addTasks, clearWire } = yield* fixture
      yield* addTasks(Array.from({ length: 40 }, () => ({ batch: "redirect" })))
      const legacy = yield* gtl.fetchPage({ solutionDbid: dbid, page: 9, legacyGet: true })
      const [hop302, landed302] = wire.received
      assert.strictEqual(hop302?.status, 302)
      const location302 = hop302?.headers.location ?? ""
      assert.match(
        location302,
        new RegExp(`^/iwd_manager/api/gtl/tasks/${dbid}/2\\?snapshot_id=[0-9a-f]+-\\d+$`),
      )
      assert.strictEqual(wire.sent[1]?.method, "GET")
      assert.strictEqual(wire.sent[1]?.url, `https://iwd.example.com${location302}`)
      assert.strictEqual(landed302?.status, 200)
      assert.deepStrictEqual([legacy.page, legacy.requestedPage, legacy.redirected], [2, 9, true])
      assert.strictEqual(
        location302.split("snapshot_id=")[1],
        legacy.snapshotId,
        "the redirect keeps the snapshot",
      )
      clearWire()
      const search = yield* gtl.fetchPage({
        solutionDbid: dbid,
        page: 3,
        ql: "IWD_businessValue >= 1",
        orderBy: "data.customer",
      })
      const [hop307] = wire.received
      assert.strictEqual(hop307?.status, 307)
      assert.match(
        hop307?.headers.location ?? "",
        new RegExp(`^/iwd_manager/api/gtl/tasks/${dbid}/1/search\\?order_by=data.customer&snapshot_id=`),
      )
      assert.deepStrictEqual(
        [wire.sent[1]?.method, wire.sent[1]?.body],
        ["POST", wire.sent[0]?.body],
        "307: same method, same body",
      )
      assert.deepStrictEqual([search.page, search.requestedPage, search.redirected], [1, 3, true])
    }),
  )

  gtlTest(
    "400: bad order_direction, both snapshot parameters, a snapshot of other parameters, malformed QL",
    () =>
      Effect.gen(function* () {
        const { gtl, wire, dbid, raw } = yield* fixture
        const direction = yield* raw("POST", `/gtl/tasks/${dbid}/1/search?order_direction=upwards`, "[]")
        assert.strictEqual(direction.status, 400)
        assertMessages(direction.body, "MSG_INVALID_ORDER_DIRECTION")

        const page = yield* gtl.fetchPage({ solutionDbid: dbid, orderBy: "core.priority" })
        const cookie = wire.sent.at(-1)?.headers.cookie ?? ""
        const both = yield* raw(
          "POST",
          `/gtl/tasks/${dbid}/1/search?order_by=core.priority&snapshot_id=${page.snapshotId}&release_snapshot=${page.snapshotId}`,
          "[]",
          { cookie },
        )
        assert.strictEqual(both.status, 400)
        assertMessages(both.body, "MSG_SNAPSHOT_PARAMETERS_EXCLUSIVE")
        // the client says so before sending
        const sentBefore = wire.sent.length
        const local = yield* gtlError(
          gtl.fetchPage({
            solutionDbid: dbid,
            snapshotId: page.snapshotId,
            releaseSnapshot: page.snapshotId,
          }),
        )
        assert.strictEqual(local.reason, "InvalidRequest")
        assert.strictEqual(wire.sent.length, sentBefore)

        const mismatch = yield* gtlError(
          gtl.fetchPage({
            solutionDbid: dbid,
            orderBy: "core.priority",
            orderDirection: "ascending",
            snapshotId: page.snapshotId,
          }),
        )
        assert.deepStrictEqual(
          [mismatch.reason, mismatch.status, mismatch.messages[0]?.message_id],
          ["BadRequest", 400, "MSG_SNAPSHOT_PARAMETERS_MISMATCH"],
        )
        assertMessages(wire.received.at(-1)?.body ?? "", "MSG_SNAPSHOT_PARAMETERS_MISMATCH")

        // malformed QL: the client refuses it with a QlError and sends nothing...
        const sentNow = wire.sent.length
        const ql = yield* Effect.flip(gtl.fetchPage({ solutionDbid: dbid, ql: "Queue IN ('a'" }))
        assert.strictEqual(ql._tag, "QlError")
        assert.strictEqual(wire.sent.length, sentNow)
        // ...and the server answers items that are not valid QL with the iWD message list
        const items = yield* raw(
          "POST",
          `/gtl/tasks/${dbid}/1/search`,
          JSON.stringify([{ operator: "IN", value: "x", attribute: "queue" }]),
        )
        assert.strictEqual(items.status, 400)
        assertMessages(items.body, "MSG_INVALID_QL_EXPRESSION")
        const notJson = yield* raw("POST", `/gtl/tasks/${dbid}/1/search`, "[{")
        assertMessages(notJson.body, "MSG_INVALID_REQUEST_BODY")
        // well-formed QL naming no attribute of the solution: 400 through the client, with the server's messages
        const unknown = yield* gtlError(gtl.fetchPage({ solutionDbid: dbid, ql: "nope = 1" }))
        assert.deepStrictEqual(
          [unknown.status, unknown.messages[0]?.message_id, unknown.message],
          [400, "MSG_UNKNOWN_ATTRIBUTE", 'Unknown attribute "nope" in QL item 0'],
        )
      }),
  )

  gtlTest("403: release_snapshot naming another session's snapshot", () =>
    Effect.gen(function* () {
      const { gtl, dbid, stranger } = yield* fixture
      const page = yield* gtl.fetchPage({ solutionDbid: dbid })
      const other = stranger()
      const forbidden = yield* gtlError(other.release({ solutionDbid: dbid }, page.snapshotId))
      assert.deepStrictEqual(
        [forbidden.reason, forbidden.status, forbidden.messages[0]?.message_id],
        ["Forbidden", 403, "MSG_SNAPSHOT_FORBIDDEN"],
      )
      const still = yield* gtl.fetchPage({ solutionDbid: dbid, snapshotId: page.snapshotId })
      assert.strictEqual(still.snapshotId, page.snapshotId, "the owner's snapshot is untouched")
    }),
  )

  gtlTest("401 without the account's Basic credentials", () =>
    Effect.gen(function* () {
      const { http, dbid } = yield* fixture
      const anonymous = Gtl.make({ baseUrl: BASE }, http)
      const e = yield* gtlError(anonymous.fetchPage({ solutionDbid: dbid }))
      assert.deepStrictEqual([e.reason, e.status], ["Unauthorized", 401])
      const wrong = Gtl.make(
        { baseUrl: BASE, headers: { authorization: `Basic ${btoa(`${ACCOUNT}:nope`)}` } },
        http,
      )
      assert.strictEqual((yield* gtlError(wrong.attributes(dbid))).status, 401)
    }),
  )
})

// ---- snapshots -----------------------------------------------------------------------------------------------

describe("in-process door: snapshots and sessions", () => {
  gtlTest(
    "the first search sets JSESSIONID; the jar sends it; snapshot_id reuses the snapshot as it was",
    () =>
      Effect.gen(function* () {
        const { gtl, wire, dbid, addTasks } = yield* fixture
        yield* addTasks(Array.from({ length: 60 }, () => ({ batch: "snap" })))
        const query = { solutionDbid: dbid, quickFilters: { "data.batch": "snap" } }
        const first = yield* gtl.fetchPage(query)
        const setCookie = wire.received[0]?.headers["set-cookie"] ?? ""
        assert.match(setCookie, /^JSESSIONID=[0-9A-F]+; Path=\/iwd_manager; HttpOnly$/)
        assert.isUndefined(wire.sent[0]?.headers.cookie)
        yield* addTasks(Array.from({ length: 5 }, () => ({ batch: "snap" })))
        const second = yield* gtl.fetchPage({ ...query, page: 2, snapshotId: first.snapshotId })
        assert.strictEqual(wire.sent.at(-1)?.headers.cookie, setCookie.split(";")[0])
        assert.isUndefined(wire.received.at(-1)?.headers["set-cookie"], "the session is known: no new cookie")
        assert.strictEqual(second.snapshotId, first.snapshotId)
        assert.deepStrictEqual(
          [second.totalTasks, second.tasks.length],
          [60, 10],
          "tasks added later are not in it",
        )
        const fresh = yield* gtl.fetchPage(query)
        assert.notStrictEqual(fresh.snapshotId, first.snapshotId, "without snapshot_id: a new snapshot")
        assert.strictEqual(fresh.totalTasks, 65)
      }),
  )

  gtlTest("release_snapshot releases the snapshot and takes a new one", () =>
    Effect.gen(function* () {
      const { gtl, wire, dbid } = yield* fixture
      const query = { solutionDbid: dbid, orderBy: "core.priority" }
      const page = yield* gtl.fetchPage(query)
      yield* gtl.release(query, page.snapshotId)
      assert.strictEqual(
        wire.sent.at(-1)?.url,
        `${BASE}/gtl/tasks/${dbid}/1/search?order_by=core.priority&release_snapshot=${page.snapshotId}`,
      )
      const taken = String(field(parseJson(wire.received.at(-1)?.body ?? "{}"), "snapshot_id"))
      assert.notStrictEqual(taken, page.snapshotId)
      const after = yield* gtl.fetchPage({ ...query, snapshotId: page.snapshotId })
      assert.notStrictEqual(after.snapshotId, page.snapshotId, "a released snapshot is not reused")
      const reused = yield* gtl.fetchPage({ ...query, snapshotId: taken })
      assert.strictEqual(reused.snapshotId, taken, "the new one is")
    }),
  )

  gtlTest("another session's snapshot_id is not reused (a new snapshot, no error)", () =>
    Effect.gen(function* () {
      const { gtl, dbid, stranger } = yield* fixture
      const page = yield* gtl.fetchPage({ solutionDbid: dbid })
      const other = yield* stranger().fetchPage({ solutionDbid: dbid, snapshotId: page.snapshotId })
      assert.notStrictEqual(other.snapshotId, page.snapshotId)
      assert.strictEqual(other.totalTasks, page.totalTasks)
    }),
  )

  gtlTest("snapshots expire after 10 idle minutes (TestClock); a session keeps at most 10", () =>
    Effect.gen(function* () {
      const { gtl, dbid } = yield* fixture
      const page = yield* gtl.fetchPage({ solutionDbid: dbid })
      yield* TestClock.adjust("9 minutes")
      const used = yield* gtl.fetchPage({ solutionDbid: dbid, snapshotId: page.snapshotId })
      assert.strictEqual(used.snapshotId, page.snapshotId, "use keeps it alive")
      yield* TestClock.adjust("9 minutes")
      assert.strictEqual(
        (yield* gtl.fetchPage({ solutionDbid: dbid, snapshotId: page.snapshotId })).snapshotId,
        page.snapshotId,
      )
      yield* TestClock.adjust("11 minutes")
      const expired = yield* gtl.fetchPage({ solutionDbid: dbid, snapshotId: page.snapshotId })
      assert.notStrictEqual(expired.snapshotId, page.snapshotId, "idle too long: a new snapshot")

      const taken = yield* Effect.forEach(
        Array.from({ length: 11 }, (_, i) => i),
        (i) => gtl.fetchPage({ solutionDbid: dbid, ql: `IWD_businessValue >= ${i}` }),
      )
      const oldest = taken[0]
      const newest = taken[10]
      if (oldest === undefined || newest === undefined) return assert.fail("no snapshots")
      const again = yield* gtl.fetchPage({
        solutionDbid: dbid,
        ql: "IWD_businessValue >= 0",
        snapshotId: oldest.snapshotId,
      })
      assert.notStrictEqual(again.snapshotId, oldest.snapshotId, "the least recently used was dropped")
      const kept = yield* gtl.fetchPage({
        solutionDbid: dbid,
        ql: "IWD_businessValue >= 10",
        snapshotId: newest.snapshotId,
      })
      assert.strictEqual(kept.snapshotId, newest.snapshotId)
    }),
  )

  gtlTest(
    "pages() reads every page over one snapshot and releases it; tasks() stops early and releases",
    () =>
      Effect.gen(function* () {
        const { gtl, wire, dbid, addTasks } = yield* fixture
        const created = yield* addTasks(Array.from({ length: 110 }, (_, i) => ({ batch: "all", n: 109 - i })))
        const query: Gtl.GtlQuery = {
          solutionDbid: dbid,
          quickFilters: { "data.batch": "all" },
          orderBy: "data.n",
          orderDirection: "ascending",
        }
        const pages = yield* Paginator.collect(gtl.pages(query))
        assert.deepStrictEqual(
          pages.map((p) => [p.page, p.tasks.length]),
          [
            [1, 50],
            [2, 50],
            [3, 10],
          ],
        )
        assert.strictEqual(new Set(pages.map((p) => p.snapshotId)).size, 1)
        const urls = wire.sent.map((r) => r.url.replace(`${BASE}/gtl/tasks/${dbid}/`, ""))
        const snapshot = pages[0]?.snapshotId ?? ""
        assert.deepStrictEqual(urls.slice(-4), [
          "1/search?order_by=data.n&order_direction=ascending&data.batch=all",
          `2/search?order_by=data.n&order_direction=ascending&data.batch=all&snapshot_id=${snapshot}`,
          `3/search?order_by=data.n&order_direction=ascending&data.batch=all&snapshot_id=${snapshot}`,
          `1/search?order_by=data.n&order_direction=ascending&data.batch=all&release_snapshot=${snapshot}`,
        ])
        assert.deepStrictEqual(
          pages.flatMap((p) => ids(p)),
          [...created].reverse(),
          "ordered by data.n ascending over all three pages",
        )
        wire.sent.length = 0
        const first60 = yield* Paginator.collect(gtl.tasks(query), { limit: 60 })
        assert.deepStrictEqual(
          first60.map((t) => t.core.id?.value),
          [...created].reverse().slice(0, 60),
        )
        assert.deepStrictEqual(
          wire.sent.map((r) =>
            /\/(\d+)\/search\?.*?(snapshot_id|release_snapshot|$)/.exec(r.url)?.slice(1, 3),
          ),
          [
            ["1", ""],
            ["2", "snapshot_id"],
            ["1", "release_snapshot"],
          ],
        )
      }),
  )
})
