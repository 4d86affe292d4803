/**
 * Branded SIDs: two letters naming the resource type and 32 hex digits, e.g. `WK` + `0123…cdef` for a Worker.
 *
 * Each prefix has a schema (`WorkerSid`, `WorkspaceSid`, ...) whose decoding fails with a message naming the
 * expected prefix, a branded type of the same name, and plain helpers (`is`, `parse`, `fromHex`, `fromIndex`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * const wk = Schema.decodeUnknownSync(Sid.WorkerSid)("WK" + "0".repeat(32))
 * Sid.is("WK", wk) // true
 * ```
 *
 * @module
 */
import { Data, Schema } from "effect"
import {
  describeSid,
  isSidPrefix,
  matchesSid,
  type SidPrefix,
  sidPrefixNames,
} from "./resources/internal/sidPrefixes.js"

export type { SidPrefix as Prefix } from "./resources/internal/sidPrefixes.js"

/**
 * Every SID prefix taskroute knows, mapped to the resource it names.
 *
 * @example
 * ```ts
 * import { Sid } from "@taskroute/core"
 * Sid.prefixes.WQ // "TaskQueue"
 * ```
 */
export const prefixes: { readonly [P in SidPrefix]: (typeof sidPrefixNames)[P] } = sidPrefixNames

/**
 * Every SID prefix taskroute knows, in a stable order.
 *
 * @example
 * ```ts
 * import { Sid } from "@taskroute/core"
 * Sid.allPrefixes.includes("WK") // true
 * ```
 */
export const allPrefixes: ReadonlyArray<SidPrefix> = Object.keys(sidPrefixNames).filter(isSidPrefix)

/**
 * A string could not be read as a SID of the expected prefix, or a SID could not be built.
 *
 * @example
 * ```ts
 * import { Sid } from "@taskroute/core"
 * try { Sid.parse("WK", "WKxyz") } catch (e) {
 *   if (e instanceof Sid.SidError) console.log(e.message) // Expected a Worker SID (WK followed by 32 hex digits), got "WKxyz"
 * }
 * ```
 */
export class SidError extends Data.TaggedError("SidError")<{
  readonly prefix: string
  readonly input: unknown
  readonly message: string
}> {}

const show = (u: unknown): string => {
  if (typeof u === "string") return JSON.stringify(u.length > 80 ? `${u.slice(0, 77)}...` : u)
  if (u === null || u === undefined || typeof u === "number" || typeof u === "boolean") return String(u)
  return typeof u
}

const expectedMessage = (prefix: string, input: unknown): string =>
  `Expected ${describeSid(prefix)}, got ${show(input)}`

const sidString = <P extends SidPrefix>(prefix: P) =>
  Schema.String.pipe(
    Schema.check(
      Schema.makeFilter((s: string) => (matchesSid(prefix, s) ? undefined : expectedMessage(prefix, s)), {
        expected: describeSid(prefix),
      }),
    ),
  )

/**
 * An Account SID (`AC` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.AccountSid)("AC" + "a".repeat(32)) // true
 * ```
 */
export const AccountSid = sidString("AC").pipe(Schema.brand("AccountSid"))
/** An Account SID. */
export type AccountSid = typeof AccountSid.Type

/**
 * A Workspace SID (`WS` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * const ws: Sid.WorkspaceSid = Schema.decodeUnknownSync(Sid.WorkspaceSid)("WS" + "1".repeat(32))
 * ```
 */
export const WorkspaceSid = sidString("WS").pipe(Schema.brand("WorkspaceSid"))
/** A Workspace SID. */
export type WorkspaceSid = typeof WorkspaceSid.Type

/**
 * An Activity SID (`WA` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.ActivitySid)("WA" + "0".repeat(32)) // true
 * ```
 */
export const ActivitySid = sidString("WA").pipe(Schema.brand("ActivitySid"))
/** An Activity SID. */
export type ActivitySid = typeof ActivitySid.Type

/**
 * A TaskQueue SID (`WQ` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.TaskQueueSid)("WQ" + "0".repeat(32)) // true
 * ```
 */
export const TaskQueueSid = sidString("WQ").pipe(Schema.brand("TaskQueueSid"))
/** A TaskQueue SID. */
export type TaskQueueSid = typeof TaskQueueSid.Type

/**
 * A Worker SID (`WK` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.decodeUnknownSync(Sid.WorkerSid)("WKxyz")
 * // throws: Expected a Worker SID (WK followed by 32 hex digits), got "WKxyz"
 * ```
 */
export const WorkerSid = sidString("WK").pipe(Schema.brand("WorkerSid"))
/** A Worker SID. */
export type WorkerSid = typeof WorkerSid.Type

/**
 * A Workflow SID (`WW` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.WorkflowSid)("WW" + "0".repeat(32)) // true
 * ```
 */
export const WorkflowSid = sidString("WW").pipe(Schema.brand("WorkflowSid"))
/** A Workflow SID. */
export type WorkflowSid = typeof WorkflowSid.Type

/**
 * A Task SID (`WT` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.TaskSid)("WT" + "0".repeat(32)) // true
 * ```
 */
export const TaskSid = sidString("WT").pipe(Schema.brand("TaskSid"))
/** A Task SID. */
export type TaskSid = typeof TaskSid.Type

/**
 * A Reservation SID (`WR` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.ReservationSid)("WR" + "0".repeat(32)) // true
 * ```
 */
export const ReservationSid = sidString("WR").pipe(Schema.brand("ReservationSid"))
/** A Reservation SID. */
export type ReservationSid = typeof ReservationSid.Type

/**
 * A TaskChannel SID (`TC` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.TaskChannelSid)("TC" + "0".repeat(32)) // true
 * ```
 */
export const TaskChannelSid = sidString("TC").pipe(Schema.brand("TaskChannelSid"))
/** A TaskChannel SID. */
export type TaskChannelSid = typeof TaskChannelSid.Type

/**
 * A WorkerChannel SID (`WC` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.WorkerChannelSid)("WC" + "0".repeat(32)) // true
 * ```
 */
export const WorkerChannelSid = sidString("WC").pipe(Schema.brand("WorkerChannelSid"))
/** A WorkerChannel SID. */
export type WorkerChannelSid = typeof WorkerChannelSid.Type

/**
 * An Event SID (`EV` + 32 hex digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.EventSid)("EV" + "0".repeat(32)) // true
 * ```
 */
export const EventSid = sidString("EV").pipe(Schema.brand("EventSid"))
/** An Event SID. */
export type EventSid = typeof EventSid.Type

/**
 * A Call SID (`CA` + 32 hex digits), as used by reservation instructions (`RedirectCallSid`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.CallSid)("CA" + "0".repeat(32)) // true
 * ```
 */
export const CallSid = sidString("CA").pipe(Schema.brand("CallSid"))
/** A Call SID. */
export type CallSid = typeof CallSid.Type

/**
 * An API Key SID (`SK` + 32 hex digits), usable as the Basic-auth user instead of the Account SID.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.is(Sid.ApiKeySid)("SK" + "0".repeat(32)) // true
 * ```
 */
export const ApiKeySid = sidString("SK").pipe(Schema.brand("ApiKeySid"))
/** An API Key SID. */
export type ApiKeySid = typeof ApiKeySid.Type

/**
 * The branded SID type of each prefix.
 *
 * @example
 * ```ts
 * import type { Sid } from "@taskroute/core"
 * type W = Sid.SidOf<"WK"> // Sid.WorkerSid
 * ```
 */
export interface SidTypes {
  readonly AC: AccountSid
  readonly WS: WorkspaceSid
  readonly WA: ActivitySid
  readonly WQ: TaskQueueSid
  readonly WK: WorkerSid
  readonly WW: WorkflowSid
  readonly WT: TaskSid
  readonly WR: ReservationSid
  readonly TC: TaskChannelSid
  readonly WC: WorkerChannelSid
  readonly EV: EventSid
  readonly CA: CallSid
  readonly SK: ApiKeySid
}

/** The branded SID type of prefix `P` (see {@link SidTypes}). */
export type SidOf<P extends SidPrefix> = SidTypes[P]

/** The union of every branded SID type. */
export type AnySid = SidTypes[SidPrefix]

/**
 * The schema of each prefix, e.g. `schemas.WK === WorkerSid`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Sid } from "@taskroute/core"
 * Schema.decodeUnknownSync(Sid.schemas.WQ)("WQ" + "f".repeat(32))
 * ```
 */
export const schemas = {
  AC: AccountSid,
  WS: WorkspaceSid,
  WA: ActivitySid,
  WQ: TaskQueueSid,
  WK: WorkerSid,
  WW: WorkflowSid,
  WT: TaskSid,
  WR: ReservationSid,
  TC: TaskChannelSid,
  WC: WorkerChannelSid,
  EV: EventSid,
  CA: CallSid,
  SK: ApiKeySid,
} as const

/**
 * True when `s` is a SID of `prefix` (two letters and 32 hex digits); narrows `s` to the branded type.
 *
 * @example
 * ```ts
 * import { Sid } from "@taskroute/core"
 * Sid.is("WK", "WK" + "0".repeat(32)) // true
 * Sid.is("WK", "WA" + "0".repeat(32)) // false
 * ```
 */
export const is = <P extends SidPrefix>(prefix: P, s: unknown): s is SidOf<P> =>
  typeof s === "string" && matchesSid(prefix, s)

/**
 * The prefix of a well-formed SID of a known prefix, or `undefined`.
 *
 * @example
 * ```ts
 * import { Sid } from "@taskroute/core"
 * Sid.prefixOf("WT" + "0".repeat(32)) // "WT"
 * Sid.prefixOf("default") // undefined
 * ```
 */
export const prefixOf = (s: string): SidPrefix | undefined => {
  const p = s.slice(0, 2)
  return isSidPrefix(p) && matchesSid(p, s) ? p : undefined
}

/**
 * Reads `s` as a SID of `prefix`, or throws a {@link SidError} naming the expected prefix.
 *
 * @example
 * ```ts
 * import { Sid } from "@taskroute/core"
 * const wk: Sid.WorkerSid = Sid.parse("WK", "WK" + "0".repeat(32))
 * ```
 */
export const parse = <P extends SidPrefix>(prefix: P, s: unknown): SidOf<P> => {
  if (is(prefix, s)) return s
  throw new SidError({ prefix, input: s, message: expectedMessage(prefix, s) })
}

/**
 * Builds a SID from its prefix and 32 hex digits (lower-cased). Throws a {@link SidError} when `hex` is not
 * exactly 32 hex digits. The emulator uses it to make deterministic SIDs.
 *
 * @example
 * ```ts
 * import { Sid } from "@taskroute/core"
 * Sid.fromHex("WK", "0123456789abcdef0123456789ABCDEF") // "WK0123456789abcdef0123456789abcdef"
 * ```
 */
export const fromHex = <P extends SidPrefix>(prefix: P, hex: string): SidOf<P> => {
  const s = prefix + hex.toLowerCase()
  if (is(prefix, s)) return s
  throw new SidError({
    prefix,
    input: hex,
    message: `Cannot build ${describeSid(prefix)} from ${show(hex)}: expected exactly 32 hex digits`,
  })
}

/**
 * Builds the `index`-th deterministic SID of a prefix: the index in hex, left-padded with zeros to 32 digits.
 * `fromIndex("WK", 1)` is `"WK000…001"`. Throws a {@link SidError} for a negative or non-integer index.
 *
 * @example
 * ```ts
 * import { Sid } from "@taskroute/core"
 * Sid.fromIndex("WT", 255) // "WT" + "0".repeat(30) + "ff"
 * ```
 */
export const fromIndex = <P extends SidPrefix>(prefix: P, index: number | bigint): SidOf<P> => {
  const valid = typeof index === "bigint" ? index >= 0n : Number.isSafeInteger(index) && index >= 0
  const hex = valid ? index.toString(16) : ""
  if (!valid || hex.length > 32) {
    throw new SidError({
      prefix,
      input: index,
      message: `Cannot build ${describeSid(prefix)} from index ${String(index)}: expected a non-negative integer below 16^32`,
    })
  }
  return fromHex(prefix, hex.padStart(32, "0"))
}
