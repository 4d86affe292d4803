/**
 * The dates every wire view carries (`date_created`, `date_updated`, ...): `iso` computes the calendar date with
 * integer arithmetic, so it is checked against `Date#toISOString` on every day of five centuries and on the
 * edges (instants before 1970 inside a second, leap days, the ends of the four-digit years, invalid numbers).
 */
import { describe, expect, it } from "vitest"
import { iso } from "../../src/rest/views.js"

/** What TaskRouter sends and what the emulator sent before: whole seconds, `Z`, epoch for an invalid instant. */
const byDate = (ms: number): string => {
  const d = new Date(Math.floor(ms / 1000) * 1000)
  return Number.isNaN(d.getTime()) ? "1970-01-01T00:00:00Z" : `${d.toISOString().slice(0, 19)}Z`
}

const DAY = 86_400_000

describe("iso", () => {
  it("formats every day from 1800 to 2299 as Date does, at a different time of day each day", () => {
    const from = Date.UTC(1800, 0, 1) / DAY
    const to = Date.UTC(2300, 0, 1) / DAY
    const wrong: Array<string> = []
    for (let day = from; day < to; day++) {
      // A time of day that moves through all hours, minutes and seconds, with milliseconds to drop.
      const ms = day * DAY + ((day * 7_919) % 86_400) * 1000 + (Math.abs(day) % 1000)
      if (iso(ms) !== byDate(ms)) wrong.push(`${ms}: ${iso(ms)} (Date: ${byDate(ms)})`)
    }
    expect(wrong.slice(0, 5)).toEqual([])
    expect(to - from).toBeGreaterThan(182_000)
  })

  it.each([
    [0, "1970-01-01T00:00:00Z"],
    [999, "1970-01-01T00:00:00Z"],
    [-1, "1969-12-31T23:59:59Z"],
    [-1000, "1969-12-31T23:59:59Z"],
    [-1001, "1969-12-31T23:59:58Z"],
    [Date.UTC(2024, 1, 29, 23, 59, 59, 999), "2024-02-29T23:59:59Z"],
    [Date.UTC(2000, 1, 29, 12), "2000-02-29T12:00:00Z"],
    [Date.UTC(2100, 2, 1), "2100-03-01T00:00:00Z"],
    [Date.UTC(2017, 4, 30, 23, 5, 29), "2017-05-30T23:05:29Z"],
  ])("formats %d as %s", (ms, expected) => {
    expect(iso(ms)).toBe(expected)
    expect(byDate(ms)).toBe(expected)
  })

  it("pads years below 1000 to four digits and keeps year 0 and 9999 in the same form", () => {
    for (const ms of [
      new Date("0000-01-01T00:00:00Z").getTime(),
      new Date("0042-07-04T01:02:03Z").getTime(),
      new Date("0999-12-31T23:59:59Z").getTime(),
      new Date("9999-12-31T23:59:59Z").getTime(),
    ]) {
      expect(iso(ms)).toBe(byDate(ms))
    }
    expect(iso(new Date("0042-07-04T01:02:03Z").getTime())).toBe("0042-07-04T01:02:03Z")
  })

  it("falls back to Date outside years 0000 to 9999 and gives the epoch for an invalid instant", () => {
    for (const ms of [
      new Date("-000001-12-31T23:59:59Z").getTime(),
      new Date("+010000-01-01T00:00:00Z").getTime(),
      8.64e15,
      -8.64e15,
    ]) {
      expect(iso(ms)).toBe(byDate(ms))
    }
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 8.64e15 + 1000]) {
      expect(iso(ms)).toBe("1970-01-01T00:00:00Z")
    }
  })
})
