/**
 * The business structure of a solution, derived from its workspace: every workflow is a department, every
 * task queue a process, every task channel a capture point. DBIDs are stable numbers derived from the SIDs
 * (FNV-1a, 31 bits), so they do not change when other resources are created or deleted.
 *
 * @internal
 */
import type { GtlSolutionData } from "../GtlSource.js"
import { stringField } from "./wire.js"

/** The entity types of the `entity_type` parameter. */
export type EntityType = "solution" | "department" | "process" | "capturePoint"

/** One department, process or capture point. */
export interface Entity {
  readonly type: Exclude<EntityType, "solution">
  readonly dbid: number
  readonly sid: string
  readonly name: string
}

/** The business structure of one solution. */
export interface Structure {
  readonly solutionDbid: number
  readonly name: string
  readonly departments: ReadonlyArray<Entity>
  readonly processes: ReadonlyArray<Entity>
  readonly capturePoints: ReadonlyArray<Entity>
  /** Task channel unique name to friendly name. */
  readonly channelNames: ReadonlyMap<string, string>
}

/** A stable 31-bit DBID (never 0) for a SID. */
export const dbidOf = (sid: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < sid.length; i++) {
    h ^= sid.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return ((h >>> 0) % 2_147_483_646) + 1
}

const entities = (type: Entity["type"], list: ReadonlyArray<object>): ReadonlyArray<Entity> =>
  list.flatMap((o) => {
    const sid = stringField(o, "sid")
    if (sid === undefined) return []
    const name = stringField(o, "friendly_name") ?? stringField(o, "unique_name") ?? sid
    return [{ type, dbid: dbidOf(sid), sid, name }]
  })

export const structureOf = (solution: GtlSolutionData): Structure => {
  const channelNames = new Map<string, string>()
  for (const channel of solution.taskChannels) {
    const unique = stringField(channel, "unique_name")
    if (unique !== undefined) channelNames.set(unique, stringField(channel, "friendly_name") ?? unique)
  }
  return {
    solutionDbid: solution.solutionDbid,
    name: stringField(solution.workspace, "friendly_name") ?? solution.workspaceSid,
    departments: entities("department", solution.workflows),
    processes: entities("process", solution.taskQueues),
    capturePoints: entities("capturePoint", solution.taskChannels),
    channelNames,
  }
}

export const findEntity = (structure: Structure, type: Entity["type"], dbid: number): Entity | undefined => {
  const list =
    type === "department"
      ? structure.departments
      : type === "process"
        ? structure.processes
        : structure.capturePoints
  return list.find((e) => e.dbid === dbid)
}
