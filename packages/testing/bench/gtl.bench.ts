/**
 * GTL bench: 100,000 tasks in the emulator's GTL API (inserted in bulk through a memory source), a QL search
 * ordered by a data attribute. Prints the time to the first page (the query runs and a snapshot is taken),
 * the time to each later page (the snapshot is reused: a slice, no query), the ratio of a later page to a
 * plain array slice of the same size (and to a slice plus JSON of the same wire tasks), and the RSS with 100
 * live snapshots. Then the same over the emulator's store (GtlSource.fromEmulator, EMULATOR_TASKS tasks created
 * through its REST handler): a later page there should cost about what it costs over the memory source, not
 * a pass over every task.
 *
 * Run from packages/testing (no build needed; Node 24 strips the types):
 *   node --expose-gc --conditions=@taskroute/source --import ../../scripts/ts-hooks.mjs bench/gtl.bench.ts
 */
import { Effect } from "effect"
import { type GtlApi, makeGtlApi } from "../src/gtl/GtlApi.js"
import { fromEmulator, makeMemorySource } from "../src/gtl/GtlSource.js"
import * as Emulator from "../src/store/Emulator.js"

const N = 100_000
const PER_PAGE = 50
const LATER_PAGES = 20
const SNAPSHOTS = 100
const EMULATOR_TASKS = 20_000
const ACCOUNT = `AC${"a".repeat(32)}`
const SOLUTION = 101

const gc = (): void => {
  const collect: unknown = Reflect.get(globalThis, "gc")
  if (typeof collect === "function") Reflect.apply(collect, globalThis, [])
}
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const rss = (): number => {
  gc()
  return process.memoryUsage().rss
}

const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, "0")}`
const STATUSES = ["pending", "reserved", "assigned", "wrapping", "completed", "canceled"]
const CHANNELS = [
  { sid: sid("TC", 1), unique_name: "default", friendly_name: "Default" },
  { sid: sid("TC", 2), unique_name: "voice", friendly_name: "Voice" },
]
const QUEUES = [
  { sid: sid("WQ", 1), friendly_name: "Orders" },
  { sid: sid("WQ", 2), friendly_name: "Returns" },
]
const WORKFLOWS = [{ sid: sid("WW", 1), friendly_name: "Sales" }]

const rssStart = rss()
const source = makeMemorySource()
source.addSolution({
  accountSid: ACCOUNT,
  workspaceSid: sid("WS", 1),
  solutionDbid: SOLUTION,
  workspace: { friendly_name: "Bench" },
  workflows: WORKFLOWS,
  taskQueues: QUEUES,
  taskChannels: CHANNELS,
})
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`
const tasks: Array<Record<string, unknown>> = []
for (let i = 0; i < N; i++) {
  const created = Date.UTC(2020, 0, 1) + i * 60_000
  tasks.push({
    sid: sid("WT", i + 1),
    assignment_status: STATUSES[i % STATUSES.length],
    reason: null,
    priority: i % 10,
    date_created: iso(created),
    date_updated: iso(created + 1000),
    age: 10,
    timeout: 86400,
    workflow_sid: WORKFLOWS[0]?.sid,
    workflow_friendly_name: "Sales",
    task_queue_sid: QUEUES[i % 2]?.sid,
    task_queue_friendly_name: QUEUES[i % 2]?.friendly_name,
    task_channel_sid: CHANNELS[i % 2]?.sid,
    task_channel_unique_name: CHANNELS[i % 2]?.unique_name,
    attributes: JSON.stringify({
      businessValue: (i % 5) + 1,
      amount: (i * 7919) % 100_003,
      customer: `c${i % 1000}`,
    }),
  })
}
source.insertTasks(ACCOUNT, SOLUTION, tasks)
const rssTasks = rss()

const api = makeGtlApi(source, { tasksPerPage: PER_PAGE, maxSnapshotsPerSession: 10 })
const QL = JSON.stringify([
  { operator: "IN", value: [1, 2, 3], attribute: "IWD_businessValue" },
  { operator: "AND" },
  { operator: "IN", value: ["'iWD_Queued'", "'iWD_Assigned'"], attribute: "queue" },
])
const query: ReadonlyArray<readonly [string, string]> = [
  ["order_by", "data.amount"],
  ["order_direction", "ascending"],
]

/** A POST search of one page through `target` (ordered by data.amount; `extra` adds query parameters). */
const searchOf =
  (target: GtlApi, accountSid: string, solutionDbid: number, body: string) =>
  (page: number, cookie: string | undefined, extra: ReadonlyArray<readonly [string, string]> = []) =>
    Effect.runSync(
      target.handle({
        method: "POST",
        path: `/gtl/tasks/${solutionDbid}/${page}/search`,
        query: [...query, ...extra],
        headers: cookie === undefined ? {} : { cookie },
        body,
        accountSid,
      }),
    )
const search = searchOf(api, ACCOUNT, SOLUTION, QL)

const time = <A>(f: () => A): { value: A; ms: number } => {
  const start = performance.now()
  const value = f()
  return { value, ms: performance.now() - start }
}

// Warm up the row cache and the JIT with one search, as a long-running emulator would be.
const warm = search(1, undefined)
const cookie = (warm.headers["set-cookie"] ?? "").split(";")[0]

const first = time(() => search(1, cookie))
const firstBody = JSON.parse(first.value.body ?? "{}") as { snapshot_id: string; total_tasks: number }
const snapshotId = firstBody.snapshot_id
const later: Array<number> = []
for (let p = 2; p < 2 + LATER_PAGES; p++) {
  const r = time(() => search(p, cookie, [["snapshot_id", snapshotId]]))
  const body = JSON.parse(r.value.body ?? "{}") as { snapshot_id: string }
  if (r.value.status !== 200 || body.snapshot_id !== snapshotId)
    throw new Error(`page ${p} did not reuse the snapshot`)
  later.push(r.ms)
}
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const laterMs = median(later)

// Baselines: a plain slice of PER_PAGE elements, and the same slice with JSON of the wire tasks.
const sliceRuns: Array<number> = []
const jsonRuns: Array<number> = []
let sink = 0
for (let p = 2; p < 2 + LATER_PAGES; p++) {
  const s = time(() => tasks.slice((p - 1) * PER_PAGE, p * PER_PAGE))
  sink += s.value.length
  sliceRuns.push(s.ms)
  const j = time(() => JSON.stringify(tasks.slice((p - 1) * PER_PAGE, p * PER_PAGE)))
  sink += j.value.length
  jsonRuns.push(j.ms)
}
const sliceMs = Math.max(median(sliceRuns), 0.0005)
const jsonMs = median(jsonRuns)

const rssBefore = rss()
while (api.liveSnapshots() < SNAPSHOTS) search(1, undefined) // each from a new session
const live = api.liveSnapshots()
const rssSnapshots = rss()

console.log(
  `tasks: ${N.toLocaleString("en-US")}, matching: ${firstBody.total_tasks.toLocaleString("en-US")}, page size: ${PER_PAGE}, order_by data.amount`,
)
console.log(`first page (query + snapshot): ${first.ms.toFixed(1)} ms`)
console.log(
  `later pages (snapshot reused): median ${laterMs.toFixed(3)} ms over ${LATER_PAGES} pages (min ${Math.min(...later).toFixed(3)}, max ${Math.max(...later).toFixed(3)})`,
)
console.log(
  `plain array slice of ${PER_PAGE}: median ${sliceMs.toFixed(4)} ms; slice + JSON.stringify of the wire tasks: ${jsonMs.toFixed(3)} ms`,
)
console.log(
  `ratio later page / plain slice: ${(laterMs / sliceMs).toFixed(0)}x; later page / (slice + JSON): ${(laterMs / jsonMs).toFixed(2)}x; later page / first page: ${(laterMs / first.ms).toFixed(4)}`,
)
console.log(
  `RSS: start ${mb(rssStart)}, with ${N.toLocaleString("en-US")} tasks ${mb(rssTasks)}, after the first searches ${mb(rssBefore)}, with ${live} live snapshots ${mb(rssSnapshots)} (+${mb(rssSnapshots - rssBefore)})`,
)

// The same pages over the emulator's store.
const overEmulator = await Effect.runPromise(
  Effect.scoped(
    Effect.gen(function* () {
      const emulator = yield* Emulator.make({ seed: "empty" })
      const { accountSid, workspaceSid, solutionDbid } = emulator.seed
      const rest = (path: string, form: ReadonlyArray<readonly [string, string]>) =>
        emulator.handle({
          method: "POST",
          path: `/v1/Workspaces/${workspaceSid}${path}`,
          query: [],
          form,
          headers: {},
          accountSid,
          baseUrl: "https://taskrouter.twilio.com",
        })
      const queue = yield* rest("/TaskQueues", [["FriendlyName", "Orders"]])
      const queueSid = String(Reflect.get(Object(queue.body), "sid"))
      const workflow = yield* rest("/Workflows", [
        ["FriendlyName", "Sales"],
        ["Configuration", JSON.stringify({ task_routing: { default_filter: { queue: queueSid } } })],
      ])
      const workflowSid = String(Reflect.get(Object(workflow.body), "sid"))
      for (let i = 0; i < EMULATOR_TASKS; i++) {
        const created = yield* rest("/Tasks", [
          ["WorkflowSid", workflowSid],
          ["Attributes", JSON.stringify({ amount: (i * 7919) % 100_003 })],
        ])
        if (created.status !== 201) throw new Error(`creating task ${i}: HTTP ${created.status}`)
      }
      const emulatorApi = makeGtlApi(fromEmulator(emulator), { tasksPerPage: PER_PAGE })
      const page = searchOf(emulatorApi, accountSid, solutionDbid, "[]")
      const warmUp = page(1, undefined)
      const jar = (warmUp.headers["set-cookie"] ?? "").split(";")[0]
      const firstPage = time(() => page(1, jar))
      const id = String(Reflect.get(JSON.parse(firstPage.value.body ?? "{}"), "snapshot_id"))
      const pages: Array<number> = []
      for (let p = 2; p < 2 + LATER_PAGES; p++) {
        const r = time(() => page(p, jar, [["snapshot_id", id]]))
        if (r.value.status !== 200) throw new Error(`emulator page ${p}: HTTP ${r.value.status}`)
        pages.push(r.ms)
      }
      return { firstMs: firstPage.ms, laterMs: median(pages) }
    }),
  ),
)
console.log(
  `over the emulator's store (${EMULATOR_TASKS.toLocaleString("en-US")} tasks): first page ${overEmulator.firstMs.toFixed(1)} ms, later pages median ${overEmulator.laterMs.toFixed(3)} ms (${(overEmulator.laterMs / laterMs).toFixed(1)}x the memory source's later page)`,
)
if (sink < 0) console.log(sink)
