// What each example of the seed must print when it runs against the emulator's demo seed, and how its
// placeholder SIDs map to real ones. Shared by the Node runner (seed.test.ts) and the browser runner
// (packages/browser/test/seed.browser.test.ts).
import type { SeedExample } from "./examples.js"

/** The lists whose every item a "for each instance" example touches. */
export type Collection = "activities" | "workflows" | "taskqueues" | "workers" | "tasks"

/** Which real SID a placeholder stands for. `spare*` are created by the runner just before the example. */
export type SidRole =
  | "activity"
  | "availableActivity"
  | "spareActivity"
  | "workflow"
  | "spareWorkflow"
  | "queue"
  | "spareQueue"
  | "worker"
  | "spareWorker"
  | "task"
  | "pendingTask"

export interface Expectation {
  /** Lines that must all be printed (each matched by some line). */
  readonly lines: ReadonlyArray<RegExp>
  /** For loops over a list: every item must print one outcome, the success line or an error code. */
  readonly each?: { readonly collection: Collection; readonly success: RegExp }
  /** Placeholder → role, for the placeholders that must name real resources. */
  readonly sids?: Readonly<Record<string, SidRole>>
  /** The runner's part: a short token (token.expired) or dropping the sockets (disconnected). */
  readonly setup?: "shortToken" | "dropConnections"
  /** The instance variables the example uses (`worker`, `taskqueue`, `workflow`). */
  readonly uses?: ReadonlyArray<"worker" | "taskqueue" | "workflow">
}

const SID = (p: string) => new RegExp(`^${p}[0-9a-f]{32}$`)
const anySid = {
  WAxxx: "activity",
  WWxxx: "workflow",
  WQxxx: "queue",
  WKxxx: "worker",
  WTxxx: "task",
} as const

export const expectations: Readonly<Record<string, Expectation>> = {
  "ready event": { lines: [SID("WS"), /^Contact Centre$/, /^FIFO$/, /^Offline$/] },
  "update a single attribute": { lines: [/^http:\/\/requestb\.in\/1kmw9im1$/] },
  "update several attributes": { lines: [/^http:\/\/requestb\.in\/1kmw9im1$/, SID("WA")], sids: anySid },
  "delete the workspace": { lines: [/^workspace deleted$/] },
  updateToken: { lines: [] },
  "activities: fetch the list": { lines: [/^Parsing response$/, /^Offline$/, /^Break$/] },
  "activities: fetch one": { lines: [/^Break$/], sids: anySid },
  "activities: create": { lines: [/^FriendlyName: Activity1$/] },
  "activities: update each instance": {
    lines: [/^FriendlyName: NewFriendlyName$/],
    each: { collection: "activities", success: /^FriendlyName: NewFriendlyName$/ },
  },
  "activities: update through the list": { lines: [/^FriendlyName: NewFriendlyName$/], sids: anySid },
  "activities: delete each instance": {
    lines: [],
    each: { collection: "activities", success: /^Activity deleted$/ },
  },
  "activities: delete through the list": { lines: [/^Activity deleted$/], sids: { WAxxx: "spareActivity" } },
  "workflows: fetch the list": { lines: [/^Parsing response$/, /^Contact Centre$/] },
  "workflows: fetch one": { lines: [/^Contact Centre$/], sids: anySid },
  "workflows: create": { lines: [/^FriendlyName: Workflow1$/], sids: anySid },
  "workflows: update each instance": {
    lines: [/^TaskReservationTimeout: 300$/],
    each: { collection: "workflows", success: /^TaskReservationTimeout: 300$/ },
  },
  "workflows: update through the list": { lines: [/^TaskReservationTimeout: 300$/], sids: anySid },
  "workflows: delete each instance": {
    lines: [],
    each: { collection: "workflows", success: /^Workflow deleted$/ },
  },
  "workflows: delete through the list": { lines: [/^Workflow deleted$/], sids: { WWxxx: "spareWorkflow" } },
  "workflow: statistics": { lines: [/^fetched workflow statistics: \{/], uses: ["workflow"] },
  "workflow: cumulative statistics": { lines: [/^fetched workflow statistics: \{/], uses: ["workflow"] },
  "workflow: real-time statistics": { lines: [/^fetched workflow statistics: \{/], uses: ["workflow"] },
  "taskqueues: fetch the list": { lines: [/^Parsing response$/, /^Sales$/, /^Support$/, /^Billing$/] },
  "taskqueues: fetch one": { lines: [/^Sales$/], sids: anySid },
  "taskqueues: create": { lines: [/^FriendlyName: TaskQueue1$/], sids: anySid },
  "taskqueues: update each instance": {
    lines: [/^MaxReservedWorkers: 20$/],
    each: { collection: "taskqueues", success: /^MaxReservedWorkers: 20$/ },
  },
  "taskqueues: update through the list": { lines: [/^MaxReservedWorkers: 20$/], sids: anySid },
  "taskqueues: delete each instance": {
    lines: [],
    each: { collection: "taskqueues", success: /^TaskQueue deleted$/ },
  },
  "taskqueues: delete through the list": { lines: [/^TaskQueue deleted$/], sids: { WQxxx: "spareQueue" } },
  "taskqueues: statistics of the list": { lines: [/^fetched taskqueues statistics: \{/] },
  "taskqueue: statistics": { lines: [/^fetched taskqueue statistics: \{/], uses: ["taskqueue"] },
  "taskqueue: cumulative statistics": {
    lines: [/^fetched taskqueue statistics: \{/, /^avg task acceptance time: \d+(\.\d+)?$/],
    uses: ["taskqueue"],
  },
  "taskqueue: real-time statistics": {
    lines: [/^fetched taskqueue statistics: \{/, /^total available workers: \d+$/],
    uses: ["taskqueue"],
  },
  "workers: fetch the list": { lines: [/^Parsing response$/] },
  "workers: fetch one": { lines: [/^\S.*$/], sids: anySid },
  "workers: create": { lines: [/^FriendlyName: Worker1$/] },
  "workers: update each instance": {
    lines: [/^FriendlyName: /],
    each: { collection: "workers", success: /^FriendlyName: / },
    sids: { WAxxx: "availableActivity" },
  },
  "workers: update through the list": {
    lines: [/^FriendlyName: /],
    sids: { WKxxx: "worker", WAxxx: "availableActivity" },
  },
  "workers: delete each instance": {
    lines: [],
    each: { collection: "workers", success: /^Worker deleted$/ },
  },
  "workers: delete through the list": { lines: [/^Worker deleted$/], sids: { WKxxx: "spareWorker" } },
  "workers: statistics of the list": { lines: [/^fetched workers statistics: \{/] },
  "workers: cumulative statistics of the list": { lines: [/^fetched workers statistics: \{/] },
  "workers: real-time statistics of the list": { lines: [/^fetched workers statistics: \{/] },
  "worker: statistics": { lines: [/^fetched worker statistics: \{/], uses: ["worker"] },
  "tasks: fetch the list": { lines: [/^Parsing response$/, /^\{.*\}$/] },
  "tasks: fetch one": { lines: [/^\{.*\}$/], sids: anySid },
  "tasks: create": { lines: [/^TaskSid: WT[0-9a-f]{32}$/], sids: anySid },
  "tasks: update each instance": { lines: [], each: { collection: "tasks", success: /^Attributes: \{/ } },
  "tasks: update through the list": { lines: [/^Attributes: \{/], sids: { WTxxx: "pendingTask" } },
  "tasks: delete each instance": { lines: [], each: { collection: "tasks", success: /^Task deleted$/ } },
  "tasks: delete through the list": { lines: [/^task deleted$/], sids: anySid },
  "workspace: statistics": { lines: [/^fetched workspace statistics: \{/] },
  "workspace: cumulative statistics": { lines: [/^fetched workspace statistics: \{/] },
  "workspace: real-time statistics": { lines: [/^fetched workspace statistics: \{/] },
  "event: ready": { lines: [/^Contact Centre$/] },
  "event: connected": { lines: [/^Websocket has connected$/] },
  "event: disconnected": { lines: [/^Websocket has disconnected$/], setup: "dropConnections" },
  "event: token.expired": { lines: [/^updating token$/], setup: "shortToken" },
}

/** The local error codes of TaskRouteError (service errors have numeric codes). */
const LOCAL_CODES = new Set([
  "InvalidArgument",
  "InvalidParameter",
  "InvalidToken",
  "NetworkError",
  "Timeout",
  "InvalidUrl",
  "Aborted",
  "Closed",
  "InternalError",
  "PaginationError",
  "EventChannel",
  "TokenRefresh",
])

/** One `console.log` call of an example: its arguments. */
export type LogCall = ReadonlyArray<unknown>

/** True for the `console.log(error.code)` line of an example's error branch. */
export const isErrorCode = (call: LogCall): boolean =>
  call.length === 1 &&
  (typeof call[0] === "number" || (typeof call[0] === "string" && LOCAL_CODES.has(call[0])))

/** The text of a log call, as `console.log` joins its arguments. */
export const lineOf = (call: LogCall): string =>
  call.map((a) => (typeof a === "string" ? a : String(a))).join(" ")

/**
 * Judges a run: `undefined` when the output is what the example must print, else why not. `count` is the size of
 * the example's collection (for "each instance" examples).
 */
export const judge = (
  example: SeedExample,
  calls: ReadonlyArray<LogCall>,
  count: number,
): string | undefined => {
  const spec = expectations[example.title]
  if (spec === undefined) return `no expectation for ${example.title}`
  const lines = calls.map(lineOf)
  for (const re of spec.lines) {
    if (!lines.some((l) => re.test(l))) return `missing a line matching ${re} in ${JSON.stringify(lines)}`
  }
  const errors = calls.filter(isErrorCode).length
  if (spec.each === undefined) {
    return errors === 0 ? undefined : `unexpected errors: ${JSON.stringify(lines)}`
  }
  const successes = lines.filter((l) => spec.each?.success.test(l)).length
  return successes + errors === count
    ? undefined
    : `expected ${count} outcomes (successes + errors), got ${successes} + ${errors}: ${JSON.stringify(lines)}`
}

/** True once the output is complete enough to stop waiting (the runner also waits for the network to go quiet). */
export const satisfied = (example: SeedExample, calls: ReadonlyArray<LogCall>, count: number): boolean =>
  judge(example, calls, count) === undefined

/** Replaces the placeholders that must name real resources (never the leading SID of an instance's update). */
export const substitute = (
  example: SeedExample,
  sids: Readonly<Partial<Record<SidRole, string>>>,
): string => {
  const spec = expectations[example.title]
  let code = example.code
  for (const [placeholder, role] of Object.entries(spec?.sids ?? {})) {
    const sid = sids[role]
    if (sid === undefined) throw new Error(`no SID for role ${role}`)
    code = code.replace(
      new RegExp(`(\\b(?:activity|workflow|taskqueue|worker|task)\\.update\\(\\s*)?"${placeholder}"`, "g"),
      (match: string, instanceUpdate: string | undefined) =>
        instanceUpdate === undefined ? `"${sid}"` : match,
    )
  }
  return code
}
