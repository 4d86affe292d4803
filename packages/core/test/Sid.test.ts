import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import fc from "fast-check"
import * as Sid from "../src/Sid.js"

const hex32 = fc.stringMatching(/^[0-9a-fA-F]{32}$/)
const prefixes = Sid.allPrefixes

describe("Sid", () => {
  it("decodes a well-formed SID of every prefix and rejects it under any other prefix", () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.constantFrom(...prefixes), hex32, (p, q, hex) => {
        const s = p + hex
        expect(Schema.decodeUnknownSync(Sid.schemas[p])(s)).toBe(s)
        expect(Sid.is(q, s)).toBe(p === q)
      }),
    )
  })

  it("names the expected prefix and the input when decoding fails", () => {
    expect(() => Schema.decodeUnknownSync(Sid.WorkerSid)("WKxyz")).toThrow(
      'Expected a Worker SID (WK followed by 32 hex digits), got "WKxyz"',
    )
    expect(() => Schema.decodeUnknownSync(Sid.ActivitySid)(`WK${"0".repeat(32)}`)).toThrow(
      "Expected an Activity SID (WA followed by 32 hex digits)",
    )
    expect(() => Sid.parse("WQ", `WQ${"g".repeat(32)}`)).toThrow(
      /Expected a TaskQueue SID \(WQ followed by 32 hex digits\), got "WQg+"/,
    )
  })

  it("rejects every string that is not two prefix letters and 32 hex digits", () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.string({ maxLength: 40 }), (p, s) => {
        const wellFormed = /^[0-9a-fA-F]{32}$/.test(s.slice(2)) && s.startsWith(p) && s.length === 34
        expect(Sid.is(p, s)).toBe(wellFormed)
        const r = Schema.decodeUnknownExit(Sid.schemas[p])(s)
        expect(r._tag === "Success").toBe(wellFormed)
      }),
    )
  })

  it("parse throws a tagged SidError carrying the prefix and input", () => {
    try {
      Sid.parse("WT", 42)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(Sid.SidError)
      expect(e).toMatchObject({ _tag: "SidError", prefix: "WT", input: 42 })
    }
  })

  it("fromHex builds lower-cased SIDs and refuses bad hex", () => {
    expect(Sid.fromHex("WK", "0123456789abcdef0123456789ABCDEF")).toBe("WK0123456789abcdef0123456789abcdef")
    expect(() => Sid.fromHex("WK", "xyz")).toThrow(/expected exactly 32 hex digits/)
  })

  it("fromIndex is deterministic, injective and always well-formed", () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.nat(), fc.nat(), (p, a, b) => {
        const sa = Sid.fromIndex(p, a)
        expect(Sid.is(p, sa)).toBe(true)
        expect(Sid.fromIndex(p, a)).toBe(sa)
        expect(sa === Sid.fromIndex(p, b)).toBe(a === b)
        expect(Number.parseInt(sa.slice(2), 16)).toBe(a)
      }),
    )
    expect(Sid.fromIndex("WT", 255)).toBe(`WT${"0".repeat(30)}ff`)
    expect(() => Sid.fromIndex("WT", -1)).toThrow(/non-negative integer/)
    expect(() => Sid.fromIndex("WT", 1.5)).toThrow(/non-negative integer/)
  })

  it("prefixOf recognises known prefixes only", () => {
    expect(Sid.prefixOf(`WR${"a".repeat(32)}`)).toBe("WR")
    expect(Sid.prefixOf(`ZZ${"a".repeat(32)}`)).toBeUndefined()
    expect(Sid.prefixOf("default")).toBeUndefined()
  })
})
