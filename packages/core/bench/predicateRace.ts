/**
 * What the predicate benches share (bench/ql.bench.ts, bench/expression.bench.ts): a deterministic record
 * generator's random numbers, and the race of a compiled predicate against a hand-written one of the same logic
 * over the same records, best time of several rounds, with a check that both matched the same records.
 */

/** A deterministic pseudo-random sequence in [0, 1): the same seed gives the same records on every run. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff
    return state / 0x7fffffff
  }
}

/** The best time (ms) of each predicate and how many records each matched. */
export interface RaceResult {
  readonly best: { readonly compiled: number; readonly hand: number }
  readonly matches: { readonly compiled: number; readonly hand: number }
}

const timeOne = <R>(
  records: ReadonlyArray<R>,
  predicate: (r: R) => boolean,
): { count: number; ms: number } => {
  const start = performance.now()
  let count = 0
  for (let i = 0; i < records.length; i++) {
    const r = records[i]
    if (r !== undefined && predicate(r)) count++
  }
  return { count, ms: performance.now() - start }
}

/**
 * Runs both predicates over every record, `rounds` times (hand-written first in each round), and keeps the best
 * time of each. When their match counts differ it prints MISMATCH and sets a failing exit code.
 */
export const race = <R>(
  records: ReadonlyArray<R>,
  handWritten: (r: R) => boolean,
  compiled: (r: R) => boolean,
  rounds: number,
): RaceResult => {
  const best = { compiled: Number.POSITIVE_INFINITY, hand: Number.POSITIVE_INFINITY }
  let matches = { compiled: 0, hand: 0 }
  for (let round = 0; round < rounds; round++) {
    const h = timeOne(records, handWritten)
    const c = timeOne(records, compiled)
    best.hand = Math.min(best.hand, h.ms)
    best.compiled = Math.min(best.compiled, c.ms)
    matches = { compiled: c.count, hand: h.count }
  }
  if (matches.compiled !== matches.hand) {
    console.error(`MISMATCH: compiled matched ${matches.compiled}, hand-written ${matches.hand}`)
    process.exitCode = 1
  }
  return { best, matches }
}

/** `n` records in `ms` milliseconds, as "12,345,678 records/s". */
export const recordsPerSecond = (n: number, ms: number): string =>
  `${Math.round((n / ms) * 1000).toLocaleString("en-US")} records/s`
