/**
 * QL bench: a compiled QL predicate against a hand-written JavaScript predicate of the same logic, over the
 * same 1,000,000 records, in one run. Prints records/s for both and the ratio (target: compiled within 2x).
 *
 * Run from packages/core (no build needed; Node 24 strips the types):
 *   pnpm bench
 *   # = node --conditions=@taskroute/source --import ../../scripts/ts-hooks.mjs bench/ql.bench.ts
 */
import { compileQl, parseQl } from "../src/ql/Ql.js"
import { race, recordsPerSecond, seededRandom } from "./predicateRace.js"

const N = 1_000_000
const ROUNDS = 15
const QUEUES = ["iWD_Rejected", "iWD_Canceled", "iWD_New", "iWD_Completed", "iWD_Queued"]
const LIMIT = Date.UTC(2020, 5, 16, 23, 59, 59)

type TaskRecord = {
  readonly queue: string
  readonly IWD_businessValue: number
  readonly completed_at: number
}

const random = seededRandom(42)

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

const { best, matches } = race(records, handWritten, compiled, ROUNDS)
const perSecond = (ms: number): string => recordsPerSecond(N, ms)
const ratio = best.compiled / best.hand
console.log(
  `records: ${N.toLocaleString("en-US")}, matches: ${matches.hand.toLocaleString("en-US")}, best of ${ROUNDS} rounds`,
)
console.log(`hand-written predicate: ${perSecond(best.hand)} (${best.hand.toFixed(1)} ms)`)
console.log(`compiled QL predicate:  ${perSecond(best.compiled)} (${best.compiled.toFixed(1)} ms)`)
console.log(
  `ratio compiled/hand-written time: ${ratio.toFixed(2)}x (target: within 2x) ${ratio <= 2 ? "OK" : "OVER TARGET"}`,
)
