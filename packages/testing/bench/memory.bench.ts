/**
 * Memory: resident set size with 100,000 tasks stored in the emulator, against a baseline of the same 100,000
 * task JSON objects (as `GET` returns them) held in a plain array, in one run. Run with --expose-gc for stable
 * figures (the bench script does).
 */
import { Effect, Exit, Scope } from "effect"
import { Emulator } from "@taskroute/testing"

const TASKS = Number(process.env.BENCH_TASKS ?? 100_000)
const TIME_LIMIT_MS = 240_000
const gc = (): void => {
  const collect: unknown = Reflect.get(globalThis, "gc")
  if (typeof collect === "function") {
    collect()
    collect()
  }
}
const rssMb = (): number => {
  gc()
  return process.memoryUsage().rss / 1024 / 1024
}

const scope = Effect.runSync(Scope.make())
const emulator = await Effect.runPromise(
  Emulator.make({ seed: "empty", random: 9 }).pipe(Scope.provide(scope)),
)
const { accountSid, workspaceSid } = emulator.seed
const base = "https://taskrouter.twilio.com"
const call = (method: "GET" | "POST", path: string, form: ReadonlyArray<readonly [string, string]> = []) =>
  Effect.runPromise(
    emulator.handle({ method, path, query: [], form, headers: {}, accountSid, baseUrl: base }),
  )
const ws = `/v1/Workspaces/${workspaceSid}`
const queue = await call("POST", `${ws}/TaskQueues`, [["FriendlyName", "Bench"]])
const queueSid = String(Reflect.get(Object(queue.body), "sid"))
const workflow = await call("POST", `${ws}/Workflows`, [
  ["FriendlyName", "Bench"],
  ["Configuration", JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queueSid } } })],
])
const workflowSid = String(Reflect.get(Object(workflow.body), "sid"))

const heapMb = (): number => {
  gc()
  return process.memoryUsage().heapUsed / 1024 / 1024
}
const before = rssMb()
const heapBefore = heapMb()
const started = performance.now()
let sample: unknown
let created = 0
for (let i = 0; i < TASKS && performance.now() - started < TIME_LIMIT_MS; i++) {
  created++
  const res = await call("POST", `${ws}/Tasks`, [
    ["WorkflowSid", workflowSid],
    ["Attributes", JSON.stringify({ type: "bench", customer: `C${i}`, priority: i % 7 })],
  ])
  if (res.status !== 201) throw new Error(`task ${i}: HTTP ${res.status} ${JSON.stringify(res.body)}`)
  if (i === 0) sample = res.body
  if (i % 10_000 === 9_999 && process.env.BENCH_VERBOSE !== undefined) {
    console.log(`  ${i + 1} tasks after ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
}
const createSeconds = (performance.now() - started) / 1000
if (created < TASKS) console.log(`  time limit reached: ${created} of ${TASKS} tasks created`)
const afterEmulator = rssMb()
const heapEmulator = heapMb() - heapBefore

// Baseline: the same number of task objects, shaped as the REST answer, in a plain array.
const template = JSON.stringify(sample)
const baseline: Array<unknown> = []
const beforeBaseline = rssMb()
const heapBeforeBaseline = heapMb()
for (let i = 0; i < created; i++) {
  const text = template
    .replace(/C0/g, `C${i}`)
    .replace(/WT[0-9a-f]{32}/, `WT${i.toString(16).padStart(32, "0")}`)
  baseline.push(JSON.parse(text))
}
const afterBaseline = rssMb()
const heapBaseline = heapMb() - heapBeforeBaseline

const emulatorMb = afterEmulator - before
const perTask = (mb: number) => ((mb * 1024 * 1024) / created).toFixed(0)
console.log(
  `Memory with ${created} tasks stored (created in ${createSeconds.toFixed(1)} s, ${(created / createSeconds).toFixed(0)} tasks/s)`,
)
console.log(
  `  emulator: RSS ${afterEmulator.toFixed(1)} MB (+${emulatorMb.toFixed(1)} MB), live heap +${heapEmulator.toFixed(1)} MB (${perTask(heapEmulator)} bytes/task)`,
)
console.log(
  `  baseline (the task JSON objects in an array): live heap +${heapBaseline.toFixed(1)} MB (${perTask(heapBaseline)} bytes/task), RSS +${(afterBaseline - beforeBaseline).toFixed(1)} MB`,
)
console.log(`  ratio emulator/baseline (live heap): ${(heapEmulator / heapBaseline).toFixed(2)}`)
if (baseline.length !== created) throw new Error("baseline lost objects")
await Effect.runPromise(Scope.close(scope, Exit.void))
