/**
 * A small seeded pseudo-random generator (mulberry32). Deterministic for a given seed, so a test that asks for
 * "30% of requests fail" sees the same failures on every run.
 */
export const makePrng = (seed: number | string | undefined): (() => number) => {
  let state = seedToInt(seed)
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const seedToInt = (seed: number | string | undefined): number => {
  if (seed === undefined) return 0x9e3779b9 | 0
  if (typeof seed === "number") return Number.isFinite(seed) ? Math.trunc(seed) | 0 : 0
  // FNV-1a over the UTF-16 code units
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h | 0
}
