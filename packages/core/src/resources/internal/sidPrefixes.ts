/**
 * The SID prefixes taskroute knows, with the resource each one names. Plain data, no Effect imports, so the
 * facade's request path (`validateParams`) can share it with the `Sid` schemas without pulling in Effect Schema.
 *
 * @internal
 */
export const sidPrefixNames = {
  AC: "Account",
  WS: "Workspace",
  WA: "Activity",
  WQ: "TaskQueue",
  WK: "Worker",
  WW: "Workflow",
  WT: "Task",
  WR: "Reservation",
  TC: "TaskChannel",
  WC: "WorkerChannel",
  EV: "Event",
  CA: "Call",
  SK: "API Key",
} as const

/** A SID prefix known to taskroute. @internal */
export type SidPrefix = keyof typeof sidPrefixNames

/** True when `s` is a known SID prefix. @internal */
export const isSidPrefix = (s: string): s is SidPrefix => Object.hasOwn(sidPrefixNames, s)

const HEX32 = /^[0-9a-fA-F]{32}$/

/** True when `s` is `prefix` followed by 32 hex digits. @internal */
export const matchesSid = (prefix: string, s: string): boolean =>
  s.length === 34 && s.startsWith(prefix) && HEX32.test(s.slice(2))

/** The human description of a SID of `prefix`, as used in error messages. @internal */
export const describeSid = (prefix: string): string => {
  const name = isSidPrefix(prefix) ? sidPrefixNames[prefix] : "resource"
  const article = /^[AEIOU]/.test(name) ? "an" : "a"
  return `${article} ${name} SID (${prefix} followed by 32 hex digits)`
}
