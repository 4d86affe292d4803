/**
 * Where the GTL API reads its solutions from: a small read-only interface over wire-shaped TaskRouter JSON
 * (the objects `GET` returns), with an adapter from the emulator's store and an in-memory source with a bulk
 * insert path (for tests and benches that need many tasks without going through REST).
 *
 * @since 0.1.0
 */
import type { Emulator } from "../store/Emulator.js"

/**
 * One solution (a TaskRouter workspace) as the GTL API sees it. Every object is wire JSON (snake_case):
 * `workspace` has `friendly_name`; workflows, task queues and task channels have `sid` and `friendly_name`
 * (channels also `unique_name`; workflows also `configuration`); tasks have the fields of a Task resource,
 * `attributes` as a JSON string. The arrays are in creation order. Objects should be reused while unchanged:
 * the API caches what it derives from a task per object.
 *
 * @example
 * ```ts
 * const count = (solution: GtlSolutionData) => solution.tasks.length
 * ```
 */
export interface GtlSolutionData {
  readonly accountSid: string
  readonly workspaceSid: string
  readonly solutionDbid: number
  readonly workspace: object
  readonly workflows: ReadonlyArray<object>
  readonly taskQueues: ReadonlyArray<object>
  readonly taskChannels: ReadonlyArray<object>
  readonly tasks: ReadonlyArray<object>
}

/**
 * The GTL API's view of the store.
 *
 * @example
 * ```ts
 * import { GtlSource } from "@taskroute/testing"
 * const source: GtlSource.GtlSource = GtlSource.makeMemorySource()
 * ```
 */
export interface GtlSource {
  /** The solution with this DBID in this account, or undefined. */
  readonly solution: (accountSid: string, solutionDbid: number) => GtlSolutionData | undefined
}

/** The views the GTL API's business structure is built from. */
const STRUCTURE_PARTS = ["workspace", "workflows", "taskQueues", "taskChannels"] as const

/**
 * Reads solutions from the emulator's store: every workspace is a solution with its `solutionDbid`. A solution
 * is read when it is used: its business structure when `solution` is called (a few small views), its tasks
 * when `tasks` is first read (the GTL API reads them only to run a search), so a later page of a snapshot costs
 * nothing in proportion to the workspace's tasks.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator, GtlSource, makeGtlApi } from "@taskroute/testing"
 * const api = Effect.map(Emulator.make({ seed: "demo" }), (emulator) => makeGtlApi(GtlSource.fromEmulator(emulator)))
 * ```
 */
export const fromEmulator = (emulator: Pick<Emulator, "snapshot" | "workspaces">): GtlSource => ({
  solution: (accountSid, solutionDbid) => {
    const entry = emulator
      .workspaces()
      .find((w) => w.accountSid === accountSid && w.solutionDbid === solutionDbid)
    if (entry === undefined) return undefined
    const { workspaceSid } = entry
    const view = emulator.snapshot(accountSid, workspaceSid, STRUCTURE_PARTS)
    if (view === undefined) return undefined
    let tasks: ReadonlyArray<object> | undefined
    return {
      accountSid,
      workspaceSid,
      solutionDbid,
      workspace: view.workspace,
      workflows: view.workflows,
      taskQueues: view.taskQueues,
      taskChannels: view.taskChannels,
      get tasks() {
        tasks ??= emulator.snapshot(accountSid, workspaceSid, ["tasks"])?.tasks ?? []
        return tasks
      },
    }
  },
})

/**
 * A solution to add to a {@link MemorySource}: wire JSON of its workspace, workflows, queues and channels.
 *
 * @example
 * ```ts
 * const solution: MemorySolution = {
 *   accountSid: "AC...", workspaceSid: "WS...", solutionDbid: 101, workspace: { friendly_name: "Support" },
 *   workflows: [], taskQueues: [], taskChannels: [{ sid: "TC...", unique_name: "default", friendly_name: "Default" }],
 * }
 * ```
 */
export interface MemorySolution {
  readonly accountSid: string
  readonly workspaceSid: string
  readonly solutionDbid: number
  readonly workspace: object
  readonly workflows: ReadonlyArray<object>
  readonly taskQueues: ReadonlyArray<object>
  readonly taskChannels: ReadonlyArray<object>
}

/**
 * An in-memory {@link GtlSource} that tests and benches fill directly.
 *
 * @example
 * ```ts
 * import { GtlSource } from "@taskroute/testing"
 * const source = GtlSource.makeMemorySource()
 * source.addSolution({ accountSid: "AC1", workspaceSid: "WS1", solutionDbid: 101, workspace: { friendly_name: "S" },
 *   workflows: [], taskQueues: [], taskChannels: [] })
 * source.insertTasks("AC1", 101, [{ sid: "WT1", date_created: "2020-06-16T10:00:00Z", attributes: "{}" }])
 * ```
 */
export interface MemorySource extends GtlSource {
  readonly addSolution: (solution: MemorySolution) => void
  /** Appends tasks (wire JSON) to a solution, in order. */
  readonly insertTasks: (accountSid: string, solutionDbid: number, tasks: ReadonlyArray<object>) => void
  /** Replaces one task (same `sid`) with a new object, as a store does when a task changes. */
  readonly replaceTask: (accountSid: string, solutionDbid: number, task: object) => boolean
  /** Removes a task by SID. */
  readonly removeTask: (accountSid: string, solutionDbid: number, sid: string) => boolean
}

/**
 * Creates an empty {@link MemorySource}.
 *
 * @example
 * ```ts
 * import { GtlSource, makeGtlApi } from "@taskroute/testing"
 * const api = makeGtlApi(GtlSource.makeMemorySource())
 * ```
 */
export const makeMemorySource = (): MemorySource => {
  const solutions = new Map<string, { data: MemorySolution; tasks: Array<object> }>()
  const key = (accountSid: string, dbid: number) => `${accountSid}/${dbid}`
  const sidOf = (task: object): unknown => Reflect.get(task, "sid")
  return {
    solution: (accountSid, solutionDbid) => {
      const entry = solutions.get(key(accountSid, solutionDbid))
      return entry === undefined ? undefined : { ...entry.data, tasks: entry.tasks }
    },
    addSolution: (data) => {
      solutions.set(key(data.accountSid, data.solutionDbid), { data, tasks: [] })
    },
    insertTasks: (accountSid, solutionDbid, tasks) => {
      const entry = solutions.get(key(accountSid, solutionDbid))
      if (entry === undefined) throw new Error(`No solution ${solutionDbid} in account ${accountSid}`)
      for (const task of tasks) entry.tasks.push(task)
    },
    replaceTask: (accountSid, solutionDbid, task) => {
      const entry = solutions.get(key(accountSid, solutionDbid))
      const index = entry?.tasks.findIndex((t) => sidOf(t) === sidOf(task)) ?? -1
      if (entry === undefined || index < 0) return false
      entry.tasks[index] = task
      return true
    },
    removeTask: (accountSid, solutionDbid, sid) => {
      const entry = solutions.get(key(accountSid, solutionDbid))
      const index = entry?.tasks.findIndex((t) => sidOf(t) === sid) ?? -1
      if (entry === undefined || index < 0) return false
      entry.tasks.splice(index, 1)
      return true
    },
  }
}
