// The Global Task List in a real browser: Debian's Chromium (playwright-core) loads @taskroute/browser's ESM
// entry, bundled for the page with rolldown, and runs `GlobalTaskList` against the emulator's network door
// (`startFakeServer({ seed: "demo" })`) on another loopback port. The browser keeps the session cookie
// (`JSESSIONID`, credentials included, the emulator's CORS allows credentials from the page's origin) and
// follows the redirects itself; Basic credentials go in `headers`.
import { join } from "node:path"
import { type FakeServer, startFakeServer } from "@taskroute/testing"
import type { BrowserContext, Page } from "playwright-core"
import { rolldown } from "rolldown"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { resolve } from "../rolldown.config.js"
import { launchChromium, servePage } from "./support/chromium.js"

const ENTRY = join(import.meta.dirname, "..", "src", "index.ts")

const SEED_TEXT =
  "Queue IN ( 'iWD_Rejected' , 'iWD_Canceled' ) and 'Business Value' in ( 1, 2, 3) and 'Completed Date' <= 2020-06-16"
const SEED_COLUMNS = {
  Queue: "queue",
  "Business Value": "IWD_businessValue",
  "Completed Date": "completed_at",
}
const SEED_JSON = [
  { operator: "IN", value: ["'iWD_Rejected'", "'iWD_Canceled'"], attribute: "queue" },
  { operator: "AND" },
  { operator: "IN", value: [1, 2, 3], attribute: "IWD_businessValue" },
  { operator: "AND" },
  { operator: "<=", value: "'2020-06-16T23:59:59Z'", attribute: "completed_at" },
]

/**
 * The page: loads the ESM bundle as a module, records every request body the page's fetch sends, and defines
 * the steps the tests run (plain JavaScript, as a page would write it). Each step returns JSON.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>taskroute GTL</title>
<script>
  window.__bodies = [];
  var realFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    window.__bodies.push({ url: String(input), method: init && init.method, body: init && init.body });
    return realFetch(input, init);
  };
</script>
<script type="module">
  import { GlobalTaskList, Gtl, TaskRouteError } from "/taskroute.mjs";
  const summary = (page) => ({
    page: page.page, requestedPage: page.requestedPage, redirected: page.redirected,
    totalTasks: page.totalTasks, tasksPerPage: page.tasksPerPage, pageCount: page.pageCount,
    hasNext: page.hasNext, hasPrevious: page.hasPrevious, snapshotId: page.snapshotId,
    ids: page.tasks.map((t) => t.core.id && t.core.id.value),
    columns: page.columns,
  });
  const failure = async (promise) => {
    try { await promise; return { rejected: false }; } catch (e) {
      return { rejected: true, isTaskRouteError: TaskRouteError.is(e), code: e.code, status: e.status,
        message: e.message, details: e.details };
    }
  };
  const client = (a) => new GlobalTaskList({ baseUrl: a.base, headers: { authorization: a.authorization } });
  window.steps = {
    seed: async (a) => {
      const gtl = client(a);
      window.__bodies = [];
      const page = await gtl.fetchPage({ solutionDbid: a.dbid, ql: a.text, columns: a.columns });
      const sent = window.__bodies.map((b) => b.body);
      const columns = Gtl.qlColumns(await gtl.attributes(a.dbid));
      const again = await gtl.fetchPage({ solutionDbid: a.dbid, ql: a.text, columns });
      await gtl.close();
      return { page: summary(page), sent, again: summary(again), labels: columns };
    },
    paging: async (a) => {
      const gtl = client(a);
      const query = { solutionDbid: a.dbid, quickFilters: { "data.batch": a.batch }, orderBy: "data.n",
        orderDirection: "ascending" };
      const first = await gtl.fetchPage(query);
      const second = await first.next();
      const third = await second.goTo(3);
      const end = await third.next();
      const back = await third.previous();
      const start = await first.previous();
      const beyond = await first.goTo(9);
      const legacy = await gtl.fetchPage({ ...query, page: 7, legacyGet: true });
      window.__bodies = [];
      await first.release();
      const released = window.__bodies.map((b) => b.url);
      const after = await gtl.fetchPage({ ...query, snapshotId: first.snapshotId });
      const all = [];
      for await (const task of gtl.tasks(query)) all.push(task.core.id.value);
      await gtl.close();
      return {
        first: summary(first), second: summary(second), third: summary(third), back: summary(back),
        end: end === undefined, start: start === undefined, beyond: summary(beyond), legacy: summary(legacy),
        released, after: summary(after), all,
      };
    },
    errors: async (a) => {
      const gtl = client(a);
      const unknown = await failure(gtl.fetchPage({ solutionDbid: a.dbid, ql: "nope = 1" }));
      const syntax = await failure(gtl.fetchPage({ solutionDbid: a.dbid, ql: "Queue IN ('a'" }));
      const notFound = await failure(gtl.fetchPage({ solutionDbid: a.dbid, filter: "No Such Filter" }));
      const page0 = await failure(gtl.fetchPage({ solutionDbid: a.dbid, page: 0 }));
      const raw = await fetch(a.base + "/gtl/tasks/" + a.dbid + "/1/search", {
        method: "POST", credentials: "include",
        headers: { authorization: a.authorization, "content-type": "application/json" },
        body: JSON.stringify([{ operator: "IN", value: "x", attribute: "queue" }]),
      });
      await gtl.close();
      return { unknown, syntax, notFound, page0,
        raw: { status: raw.status, body: await raw.json() } };
    },
  };
  window.ready = true;
</script>
</head><body></body></html>`

let pageServer: Awaited<ReturnType<typeof servePage>> | undefined
let pageUrl = ""
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined
let context: BrowserContext
let server: FakeServer

const basic = () => `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString("base64")}`

/** Creates tasks in the demo workspace over REST, from Node. */
const createTasks = async (attributes: ReadonlyArray<Record<string, unknown>>) => {
  for (const a of attributes) {
    const response = await fetch(`${server.url}/v1/Workspaces/${server.workspaceSid}/Tasks`, {
      method: "POST",
      headers: { authorization: basic(), "content-type": "application/x-www-form-urlencoded" },
      body: `Attributes=${encodeURIComponent(JSON.stringify(a))}`,
    })
    const body: unknown = await response.json()
    if (response.status !== 201) throw new Error(`task not created: ${JSON.stringify(body)}`)
  }
}

const field = (o: unknown, key: string): unknown =>
  typeof o === "object" && o !== null ? Reflect.get(o, key) : undefined

/** The sids of the demo's tasks, with their attributes, as the store holds them. */
const storeTasks = () =>
  (server.emulator.snapshot(server.accountSid, server.workspaceSid)?.tasks ?? []).map((t) => {
    const attributes: unknown = JSON.parse(String(field(t, "attributes") ?? "{}"))
    return { sid: String(field(t, "sid")), attributes }
  })

beforeAll(async () => {
  // @taskroute/browser's ESM entry (sources, as the workspace resolves them), bundled for a page.
  const build = await rolldown({ input: ENTRY, platform: "browser", resolve })
  const { output } = await build.generate({ format: "esm" })
  await build.close()
  pageServer = await servePage(PAGE, { "/taskroute.mjs": output[0].code })
  pageUrl = pageServer.url
  server = await startFakeServer({ seed: "demo" })
  browser = await launchChromium("taskroute-gtl-chromium-")
  context = browser.context
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await pageServer?.close()
})

/** Opens the page, runs one step with the emulator's coordinates, and checks the page logged no error. */
const step = async (name: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> => {
  const page: Page = await context.newPage()
  const errors: Array<string> = []
  page.on("pageerror", (e) => errors.push(e.message))
  try {
    await page.goto(pageUrl)
    await page.waitForFunction(() => Reflect.get(window, "ready") === true)
    const args = {
      base: `${server.url}/iwd_manager/api`,
      authorization: basic(),
      dbid: server.solutionDbid,
      ...extra,
    }
    const result: unknown = await page.evaluate(
      ([n, a]) => Reflect.apply(Reflect.get(Reflect.get(window, "steps"), n), window, [a]),
      [name, args] as const,
    )
    expect(errors).toEqual([])
    if (typeof result !== "object" || result === null)
      throw new Error(`step ${name} returned ${String(result)}`)
    return { ...result }
  } finally {
    await page.close()
  }
}

interface Summary {
  readonly page: number
  readonly requestedPage: number
  readonly redirected: boolean
  readonly totalTasks: number
  readonly tasksPerPage: number
  readonly pageCount: number
  readonly hasNext: boolean
  readonly hasPrevious: boolean
  readonly snapshotId: string
  readonly ids: ReadonlyArray<string>
  readonly columns: ReadonlyArray<{ readonly name: string; readonly sorted?: string }>
}

const isSummary = (u: unknown): u is Summary =>
  typeof u === "object" && u !== null && typeof Reflect.get(u, "snapshotId") === "string"
const summary = (u: unknown): Summary => {
  if (!isSummary(u)) throw new Error(`not a page summary: ${JSON.stringify(u)}`)
  return u
}

describe("GlobalTaskList in Chromium (ESM entry bundled with rolldown) against the network door", () => {
  it("the seed's example text with the seed's labels sends the seed's JSON and finds the demo's tasks", async () => {
    const result = await step("seed", { text: SEED_TEXT, columns: SEED_COLUMNS })
    expect(result.sent).toEqual([JSON.stringify(SEED_JSON)])
    const page = summary(result.page)
    const expected = storeTasks()
      .filter((t) => {
        const completed = field(t.attributes, "completed_at")
        return (
          ["iWD_Rejected", "iWD_Canceled"].includes(String(field(t.attributes, "queue"))) &&
          [1, 2, 3].includes(Number(field(t.attributes, "IWD_businessValue"))) &&
          typeof completed === "string" &&
          Date.parse(completed) <= Date.parse("2020-06-16T23:59:59Z")
        )
      })
      .map((t) => t.sid)
    expect(expected.length).toBeGreaterThan(0)
    expect([...page.ids].sort()).toEqual([...expected].sort())
    expect(page.totalTasks).toBe(expected.length)
    // attributes(): the solution's labels map the same text to the same query
    expect(result.labels).toMatchObject(SEED_COLUMNS)
    expect(summary(result.again).ids).toEqual(page.ids)
  })

  it("pages next/previous/goTo over one snapshot kept by the browser's session cookie; redirects reported; release", async () => {
    await createTasks(Array.from({ length: 120 }, (_, i) => ({ batch: "browser", n: 119 - i })))
    const result = await step("paging", { batch: "browser" })
    const first = summary(result.first)
    const second = summary(result.second)
    const third = summary(result.third)
    const back = summary(result.back)
    expect([first.page, first.totalTasks, first.tasksPerPage, first.pageCount]).toEqual([1, 120, 50, 3])
    expect([first.hasPrevious, first.hasNext, third.hasNext]).toEqual([false, true, false])
    expect([second.page, third.page, back.page]).toEqual([2, 3, 2])
    expect(result.end).toBe(true)
    expect(result.start).toBe(true)
    // one snapshot for every page: the browser sent the JSESSIONID cookie that owns it
    expect(new Set([first, second, third, back].map((p) => p.snapshotId)).size).toBe(1)
    const ordered = [...first.ids, ...second.ids, ...third.ids]
    expect(ordered).toHaveLength(120)
    expect(new Set(ordered).size).toBe(120)
    expect(back.ids).toEqual(second.ids)
    // out of range: the browser followed the 307 (POST) and the 302 (GET); the page says so
    const beyond = summary(result.beyond)
    expect([beyond.page, beyond.requestedPage, beyond.redirected]).toEqual([3, 9, true])
    expect(beyond.snapshotId).toBe(first.snapshotId)
    expect(beyond.ids).toEqual(third.ids)
    const legacy = summary(result.legacy)
    expect([legacy.page, legacy.requestedPage, legacy.redirected]).toEqual([3, 7, true])
    // release(): page 1 with release_snapshot; the released snapshot is not reused afterwards
    expect(result.released).toEqual([
      `${server.url}/iwd_manager/api/gtl/tasks/${server.solutionDbid}/1/search?order_by=data.n&order_direction=ascending&data.batch=browser&release_snapshot=${first.snapshotId}`,
    ])
    expect(summary(result.after).snapshotId).not.toBe(first.snapshotId)
    expect(result.all).toEqual(ordered)
    const cookies = await context.cookies(`${server.url}/iwd_manager/api`)
    const session = cookies.find((c) => c.name === "JSESSIONID")
    expect(session?.httpOnly).toBe(true)
    expect(session?.path).toBe("/iwd_manager")
  })

  it("surfaces the server's 400 with the iWD messages and 404s; bad QL text never leaves the page", async () => {
    const result = await step("errors")
    expect(result.unknown).toEqual({
      rejected: true,
      isTaskRouteError: true,
      code: "MSG_UNKNOWN_ATTRIBUTE",
      status: 400,
      message: 'Unknown attribute "nope" in QL item 0',
      details: [
        {
          severity: "ERROR",
          message_id: "MSG_UNKNOWN_ATTRIBUTE",
          args: { attribute: "nope", index: 0 },
          message: 'Unknown attribute "nope" in QL item 0',
        },
      ],
    })
    expect(result.syntax).toMatchObject({ rejected: true, isTaskRouteError: true, code: "InvalidQl" })
    expect(result.notFound).toMatchObject({ status: 404, code: "MSG_FILTER_NOT_FOUND" })
    expect(result.page0).toMatchObject({ status: 404, code: "MSG_PAGE_NOT_FOUND" })
    // items that are not valid QL, sent by hand: the iWD message list, readable across origins
    expect(result.raw).toMatchObject({
      status: 400,
      body: [{ severity: "ERROR", message_id: "MSG_INVALID_QL_EXPRESSION" }],
    })
  })
})
