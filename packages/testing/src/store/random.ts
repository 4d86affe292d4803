/**
 * Deterministic randomness for the emulator: a seedable PRNG (sfc32) behind SIDs and auth tokens, so the same
 * seed gives the same SIDs in every run.
 *
 * @internal
 */

const hashSeed = (seed: number | string): [number, number, number, number] => {
  const text = typeof seed === "number" ? `n:${seed}` : `s:${seed}`
  // cyrb128: spreads a string over four 32-bit words
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0]
}

/** A seeded source of 32-bit words and hex strings. @internal */
export interface Random {
  readonly nextUint32: () => number
  /** `count` lower-case hex digits. */
  readonly hex: (count: number) => string
  /** A SID: the two-letter prefix and 32 lower-case hex digits. */
  readonly sid: (prefix: string) => string
}

/** Creates the PRNG for `seed`. @internal */
export const makeRandom = (seed: number | string): Random => {
  let [a, b, c, d] = hashSeed(seed)
  const nextUint32 = (): number => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return t >>> 0
  }
  const codes: Array<number> = []
  /** Flat (sequential) strings: concatenating pieces would leave ropes of cons strings in every stored SID. */
  const hex = (count: number, prefix = ""): string => {
    codes.length = 0
    for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i))
    let n = 0
    for (let i = 0; i < count; i++) {
      if (i % 8 === 0) n = nextUint32()
      const digit = (n >>> (28 - (i % 8) * 4)) & 15
      codes.push(digit < 10 ? 48 + digit : 87 + digit)
    }
    return String.fromCharCode(...codes)
  }
  return { nextUint32, hex: (count) => hex(count), sid: (prefix) => hex(32, prefix) }
}
