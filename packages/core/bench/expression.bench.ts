/**
 * Expression bench: a compiled TaskRouter expression against a hand-written JavaScript predicate of the same
 * logic (same semantics: strict types, arrays only where arrays belong), over the same 1,000,000 worker records,
 * in one run. Prints records/s for both and the ratio.
 *
 * Run from packages/core (no build needed; Node 24 strips the types):
 *   node --conditions=@taskroute/source --import ../../scripts/ts-hooks.mjs bench/expression.bench.ts
 */
import { compile } from "../src/expression/Expression.js"
import { race, recordsPerSecond, seededRandom } from "./predicateRace.js"

const N = 1_000_000
const ROUNDS = 7
const SKILLS = ["support", "sales", "billing", "tech", "vip"]
const LANGUAGES = ["en", "es", "fr", "de"]
const ACTIVITIES = ["Available", "Busy", "Offline", "High Value Tasks"]

interface WorkerRecord {
  readonly skills: ReadonlyArray<string>
  readonly languages: ReadonlyArray<string>
  readonly level: number
  readonly activity_name: string
  readonly team?: { readonly region: string }
}

const random = seededRandom(7)
const pick = <T>(xs: ReadonlyArray<T>, fallback: T): T => xs[Math.floor(random() * xs.length)] ?? fallback
const some = (xs: ReadonlyArray<string>): Array<string> => xs.filter(() => random() < 0.4)

const records: Array<WorkerRecord> = []
for (let i = 0; i < N; i++) {
  const base = {
    skills: some(SKILLS),
    languages: some(LANGUAGES),
    level: Math.floor(random() * 10),
    activity_name: pick(ACTIVITIES, "Offline"),
  }
  records.push(random() < 0.8 ? { ...base, team: { region: pick(["emea", "amer", "apac"], "emea") } } : base)
}

const source =
  "(skills HAS 'support' OR skills HAS 'tech') AND languages HAS 'en' AND level >= 3 AND " +
  "activity_name IN ['Available', 'High Value Tasks'] AND team.region != 'apac'"
const compiled = compile(source)

const handWritten = (r: WorkerRecord): boolean =>
  (r.skills.includes("support") || r.skills.includes("tech")) &&
  r.languages.includes("en") &&
  r.level >= 3 &&
  (r.activity_name === "Available" || r.activity_name === "High Value Tasks") &&
  r.team !== undefined &&
  r.team.region !== "apac"

const { best, matches } = race(records, handWritten, compiled, ROUNDS)
const perSecond = (ms: number): string => recordsPerSecond(N, ms)
console.log(`expression: ${source}`)
console.log(
  `records: ${N.toLocaleString("en-US")}, matches: ${matches.hand.toLocaleString("en-US")}, best of ${ROUNDS}`,
)
console.log(`hand-written predicate:        ${perSecond(best.hand)} (${best.hand.toFixed(1)} ms)`)
console.log(`compiled expression predicate: ${perSecond(best.compiled)} (${best.compiled.toFixed(1)} ms)`)
console.log(`ratio compiled/hand-written time: ${(best.compiled / best.hand).toFixed(2)}x`)
