/**
 * QL bench: a compiled QL predicate against a hand-written JavaScript predicate of the same logic, over the
 * same 1,000,000 records, in one run. Prints records/s for both and the ratio (target: compiled within 2x).
 *
 * Run from packages/core (no build needed; Node 24 strips the types):
 *   pnpm bench
 *   # = node --conditions=@taskroute/source --import ./bench/ql.hooks.mjs bench/ql.bench.ts
 */
import { compileQl, parseQl } from "../src/ql/Ql.js"

const N = 1_000_000
const ROUNDS = 15
const QUEUES = ["iWD_Rejected", "iWD_Canceled", "iWD_New", "iWD_Completed", "iWD_Queued"]
const LIMIT = Date.UTC(2020, 5, 16, 23, 59, 59)

type TaskRecord = {
  readonly queue: string
  readonly IWD_businessValue: number
  readonly completed_at: number
}

// A deterministic pseudo-random sequence, so every run measures the same records.
let seed = 42
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff
  return seed / 0x7fffffff
}

const records: Array<TaskRecord> = []
for (let i = 0; i < N; i++) {
  records.push({
    queue: QUEUES[Math.floor(random() * QUEUES.length)] ?? "iWD_New",
    IWD_businessValue: 1 + Math.floor(random() * 5),
    completed_at: Date.UTC(2020, 5, 1) + Math.floor(random() * 30 * 86_400_000),
  })
}

const compiled = compileQl(
  parseQl(
    "Queue IN ( 'iWD_Rejected' , 'iWD_Canceled' ) and 'Business Value' in ( 1, 2, 3) and 'Completed Date' <= 2020-06-16",
    { columns: { Queue: "queue", "Business Value": "IWD_businessValue", "Completed Date": "completed_at" } },
  ),
)

const handWritten = (r: TaskRecord): boolean =>
  (r.queue === "iWD_Rejected" || r.queue === "iWD_Canceled") &&
  (r.IWD_businessValue === 1 || r.IWD_businessValue === 2 || r.IWD_businessValue === 3) &&
  r.completed_at <= LIMIT

const run = (predicate: (r: TaskRecord) => boolean): { count: number; ms: number } => {
  const start = performance.now()
  let count = 0
  for (let i = 0; i < records.length; i++) {
    const r = records[i]
    if (r !== undefined && predicate(r)) count++
  }
  return { count, ms: performance.now() - start }
}

const best = { compiled: Number.POSITIVE_INFINITY, hand: Number.POSITIVE_INFINITY }
let matches = { compiled: 0, hand: 0 }
for (let round = 0; round < ROUNDS; round++) {
  const h = run(handWritten)
  const c = run(compiled)
  best.hand = Math.min(best.hand, h.ms)
  best.compiled = Math.min(best.compiled, c.ms)
  matches = { compiled: c.count, hand: h.count }
}
if (matches.compiled !== matches.hand) {
  console.error(`MISMATCH: compiled matched ${matches.compiled}, hand-written ${matches.hand}`)
  process.exitCode = 1
}
const perSecond = (ms: number): string => `${Math.round((N / ms) * 1000).toLocaleString("en-US")} records/s`
const ratio = best.compiled / best.hand
console.log(
  `records: ${N.toLocaleString("en-US")}, matches: ${matches.hand.toLocaleString("en-US")}, best of ${ROUNDS} rounds`,
)
console.log(`hand-written predicate: ${perSecond(best.hand)} (${best.hand.toFixed(1)} ms)`)
console.log(`compiled QL predicate:  ${perSecond(best.compiled)} (${best.compiled.toFixed(1)} ms)`)
console.log(
  `ratio compiled/hand-written time: ${ratio.toFixed(2)}x (target: within 2x) ${ratio <= 2 ? "OK" : "OVER TARGET"}`,
)
