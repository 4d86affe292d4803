/**
 * A Global Task List for a real TaskRouter workspace, which has none: the demo's server polls the workspace's
 * tasks, queues, workflows and channels over REST and serves the iWD GTL API over them with the emulator's
 * GTL engine (`makeGtlApi` of @taskroute/testing), so the console's QL search works the same with either
 * backend. Read-only, and as fresh as the last poll.
 */
import { type GtlApi, type GtlSource, makeGtlApi } from "@taskroute/testing"
import { Effect } from "effect"
import type { RestClient } from "./internal/rest.js"

/**
 * Options of {@link startGtlBridge}.
 *
 * @example
 * ```ts
 * const options: GtlBridgeOptions = { rest, accountSid: "AC...", refreshMs: 10_000 }
 * ```
 */
export interface GtlBridgeOptions {
  readonly rest: RestClient
  readonly accountSid: string
  /** How often the workspace is read again (default 10 s). */
  readonly refreshMs?: number | undefined
  /** The most tasks read per poll (default 2000). */
  readonly maxTasks?: number | undefined
  readonly log?: ((line: string) => void) | undefined
}

/**
 * A running bridge.
 *
 * @example
 * ```ts
 * const bridge = await startGtlBridge({ rest, accountSid })
 * const response = await bridge.handle({ method: "POST", path: `/gtl/tasks/${bridge.solutionDbid}/1/search`,
 *   query: [], headers: {}, body: "[]" })
 * ```
 */
export interface GtlBridge {
  readonly solutionDbid: number
  /** Answers one request under `/iwd_manager/api` (`path` is what follows that prefix). */
  readonly handle: (request: {
    readonly method: string
    readonly path: string
    readonly query: ReadonlyArray<readonly [string, string]>
    readonly headers: Readonly<Record<string, string>>
    readonly body: string | undefined
  }) => Promise<{ status: number; headers: Readonly<Record<string, string>>; body: string | undefined }>
  /** Reads the workspace again now. */
  readonly refresh: () => Promise<void>
  readonly close: () => void
}

/** A stable positive 31-bit number for a SID (FNV-1a), used as the solution's DBID. */
const dbidOf = (sid: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < sid.length; i++) {
    h ^= sid.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return ((h >>> 0) % 2_147_483_646) + 1
}

/**
 * Reads the workspace once and starts polling it; resolves when the first read is done.
 *
 * @example
 * ```ts
 * const bridge = await startGtlBridge({ rest: makeRestClient({ baseUrl, accountSid, authToken, workspaceSid }), accountSid })
 * ```
 */
export const startGtlBridge = async (options: GtlBridgeOptions): Promise<GtlBridge> => {
  const { rest, accountSid } = options
  const workspaceSid = rest.workspaceSid
  const solutionDbid = dbidOf(workspaceSid)
  const maxTasks = options.maxTasks ?? 2000
  let data: GtlSource.GtlSolutionData | undefined

  const refresh = async () => {
    const [workspace, workflows, taskQueues, taskChannels, tasks] = await Promise.all([
      rest.get(""),
      rest.list("/Workflows", "workflows"),
      rest.list("/TaskQueues", "task_queues"),
      rest.list("/TaskChannels", "channels"),
      rest.list("/Tasks", "tasks", {}, maxTasks),
    ])
    data = {
      accountSid,
      workspaceSid,
      solutionDbid,
      workspace: typeof workspace === "object" && workspace !== null ? workspace : {},
      workflows,
      taskQueues,
      taskChannels,
      tasks,
    }
  }
  await refresh()

  const source: GtlSource.GtlSource = {
    solution: (account, dbid) => (account === accountSid && dbid === solutionDbid ? data : undefined),
  }
  const api: GtlApi = makeGtlApi(source, { tasksPerPage: 50 })
  // One poll at a time: a slow service does not pile requests up.
  let busy = false
  const timer = setInterval(() => {
    if (busy) return
    busy = true
    refresh()
      .catch((error: unknown) => options.log?.(`gtl bridge: refresh failed (${String(error)})`))
      .finally(() => {
        busy = false
      })
  }, options.refreshMs ?? 10_000)
  timer.unref()

  return {
    solutionDbid,
    handle: async (request) => {
      const response = await Effect.runPromise(api.handle({ ...request, accountSid }))
      return { status: response.status, headers: response.headers, body: response.body }
    },
    refresh: () => refresh(),
    close: () => clearInterval(timer),
  }
}
