/** Formatting for the console: durations, SIDs, initials, colours. */

/** `42s`, `3m 05s`, `1h 02m`. */
export const duration = (seconds: number): string => {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`
  const hours = Math.floor(m / 60)
  return `${hours}h ${String(m % 60).padStart(2, "0")}m`
}

/** `WT3f…a91c`: enough of a SID to recognise it. */
export const shortSid = (sid: string): string =>
  sid.length > 12 ? `${sid.slice(0, 4)}…${sid.slice(-4)}` : sid

/** `Ada Lovelace` -> `AL`. */
export const initials = (name: string): string => {
  const words = name
    .replace(/[^\p{L}\p{N} ]/gu, " ")
    .split(/\s+/)
    .filter((w) => w !== "")
  const first = words[0]?.[0] ?? "?"
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : (words[0]?.[1] ?? "")
  return `${first}${last}`.toUpperCase()
}

/** A stable hue for a name (avatars, unknown activities). */
export const hue = (text: string): number => {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 360
  return h
}

/** The colour class of an activity, by its name: the console knows the usual ones. */
export const activityTone = (name: string, available: boolean | null | undefined): string => {
  const n = name.toLowerCase()
  if (/unavail|not ready/.test(n)) return "tone-rose"
  if (/avail|idle|ready/.test(n)) return "tone-green"
  if (/break|lunch|pause/.test(n)) return "tone-amber"
  if (/wrap/.test(n)) return "tone-violet"
  if (/offline|away|logged/.test(n)) return "tone-slate"
  if (/busy|reserved|call|talk/.test(n)) return "tone-blue"
  return available === true ? "tone-green" : "tone-rose"
}

/** The colour class of a task's assignment status. */
export const statusTone = (status: string): string => {
  switch (status) {
    case "pending":
      return "tone-amber"
    case "reserved":
      return "tone-blue"
    case "assigned":
      return "tone-indigo"
    case "wrapping":
      return "tone-violet"
    case "completed":
      return "tone-green"
    case "canceled":
      return "tone-slate"
    default:
      return "tone-rose"
  }
}

/** `12:04:31`. */
export const clock = (date: Date): string =>
  date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false })

/** A JSON value for a table cell. */
export const cell = (value: unknown): string => {
  if (value === null || value === undefined) return ""
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  if (value instanceof Date) return value.toISOString()
  return JSON.stringify(value)
}

/** Whether a value is a plain JSON object. */
export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
