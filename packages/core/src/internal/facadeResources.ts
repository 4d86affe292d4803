// The TaskRouter.js v1 resource objects of the facade (lists, instances, statistics) over Promise-returning
// operations. No Effect here: the facade's runtime hands in `FacadeContext`.
import type { TaskRouteError } from "../facade/TaskRouteError.js"
import { isOperationId, operations } from "../resources/Operations.js"
import type { ListOperationId, WorkspaceOperationId, WorkspacePage } from "../workspace/WorkspaceClient.js"
import { argumentError, type Callback, settle } from "./facadeSupport.js"
import { isPlainObject } from "./guards.js"

type Params = Readonly<Record<string, unknown>>
type Rec = Record<string, unknown>

/** What the resource objects need from the facade. */
export interface FacadeContext {
  /**
   * Runs an operation and resolves with `map` of its result (a record, a page, or undefined); rejects with a
   * TaskRouteError.
   */
  readonly request: <B>(
    operationId: WorkspaceOperationId,
    params: Params,
    map: (result: unknown) => B,
  ) => Promise<B>
  /** Runs a list operation and resolves with `map` of its page. */
  readonly list: <B>(
    operationId: ListOperationId,
    params: Params,
    map: (page: WorkspacePage) => B,
  ) => Promise<B>
  readonly fetchPage: (url: string) => Promise<WorkspacePage>
  /** Every item of a list operation, page after page. */
  readonly each: (
    operationId: ListOperationId,
    params: Params,
    options: { readonly pageSize?: number | undefined; readonly limit?: number | undefined },
  ) => AsyncIterable<Rec>
}

type StatOps = { readonly [name: string]: WorkspaceOperationId }

/** How one kind of resource maps to operations. */
interface Kind {
  readonly list?: ListOperationId
  readonly fetch: WorkspaceOperationId
  readonly create?: WorkspaceOperationId
  readonly update?: WorkspaceOperationId
  readonly delete?: WorkspaceOperationId
  /** The parameter naming the instance in its statistics operations. */
  readonly statsParam?: string
  /** Statistics fetchers on each instance: property name → operation. */
  readonly stats?: StatOps
  /** Child lists on each instance: property name → [kind, the parent parameter]. */
  readonly children?: { readonly [name: string]: readonly [Kind, string] }
}

/** An operation id of the table (checked when the module loads: a typo fails at once, not on first use). */
const op = (id: string): WorkspaceOperationId => {
  if (isOperationId(id) && id !== "ListWorkspace" && id !== "CreateWorkspace") return id
  throw new Error(`taskroute: no operation ${id}`)
}
const isList = (id: WorkspaceOperationId): id is ListOperationId => id.startsWith("List")
const listOp = (id: string): ListOperationId => {
  const checked = op(id)
  if (isList(checked)) return checked
  throw new Error(`taskroute: ${id} is not a list operation`)
}

/** Fetch, Statistics, CumulativeStatistics and RealTimeStatistics of `noun` (`Fetch{noun}...Statistics`). */
const statOps = (noun: string): StatOps => ({
  statistics: op(`Fetch${noun}Statistics`),
  cumulativeStats: op(`Fetch${noun}CumulativeStatistics`),
  realtimeStats: op(`Fetch${noun}RealTimeStatistics`),
})

/**
 * The kind of `noun`: `List{noun}` and `Fetch{noun}`, and `Create`/`Update`/`Delete{noun}` as `mutations` names
 * them ("c", "u", "d").
 */
const kind = (noun: string, mutations: string, extra: Partial<Kind> = {}): Kind => ({
  list: listOp(`List${noun}`),
  fetch: op(`Fetch${noun}`),
  ...(mutations.includes("c") ? { create: op(`Create${noun}`) } : {}),
  ...(mutations.includes("u") ? { update: op(`Update${noun}`) } : {}),
  ...(mutations.includes("d") ? { delete: op(`Delete${noun}`) } : {}),
  ...extra,
})

const TaskReservationKind = kind("TaskReservation", "u")
const WorkerReservationKind = kind("WorkerReservation", "u")
const WorkerChannelKind = kind("WorkerChannel", "u")

export const Kinds = {
  activities: kind("Activity", "cud"),
  taskchannels: kind("TaskChannel", "cud"),
  events: kind("Event", ""),
  taskqueues: kind("TaskQueue", "cud", { statsParam: "TaskQueueSid", stats: statOps("TaskQueue") }),
  workers: kind("Worker", "cud", {
    statsParam: "WorkerSid",
    stats: { statistics: "FetchWorkerInstanceStatistics", cumulativeStats: "FetchWorkerInstanceStatistics" },
    children: {
      reservations: [WorkerReservationKind, "WorkerSid"],
      channels: [WorkerChannelKind, "WorkerSid"],
    },
  }),
  workflows: kind("Workflow", "cud", { statsParam: "WorkflowSid", stats: statOps("Workflow") }),
  tasks: kind("Task", "cud", { children: { reservations: [TaskReservationKind, "TaskSid"] } }),
} satisfies Record<string, Kind>

/** The workspace itself: fetch/update/delete on `/Workspaces/{WS}` and its statistics. */
export const WorkspaceKind: Kind = {
  fetch: "FetchWorkspace",
  update: "UpdateWorkspace",
  delete: "DeleteWorkspace",
  stats: statOps("Workspace"),
}

/** The kind of a resource by its SID prefix (reservations and worker channels need their parent, see byPrefix). */
const BY_PREFIX: Readonly<Record<string, Kind>> = {
  WS: WorkspaceKind,
  WA: Kinds.activities,
  TC: Kinds.taskchannels,
  WQ: Kinds.taskqueues,
  WK: Kinds.workers,
  WW: Kinds.workflows,
  WT: Kinds.tasks,
}

/** List-level statistics of `workspace.workers` and `workspace.taskqueues`. */
export const ListStats: { readonly [list: string]: StatOps } = {
  workers: {
    statistics: "FetchWorkerStatistics",
    cumulativeStats: "FetchWorkersCumulativeStatistics",
    realtimeStats: "FetchWorkersRealTimeStatistics",
  },
  taskqueues: {
    statistics: "ListTaskQueuesStatistics",
    cumulativeStats: "ListTaskQueuesStatistics",
    realtimeStats: "CreateTaskQueueBulkRealTimeStatistics",
  },
}

const SID = /^[A-Z]{2}[0-9a-fA-F]{32}$/

const isFunction = (u: unknown): u is (...args: ReadonlyArray<never>) => unknown => typeof u === "function"

const callbackOf = <T>(u: unknown): Callback<T> | undefined =>
  typeof u === "function" ? (error, result) => Reflect.apply(u, undefined, [error, result]) : undefined

/** Fails through the callback if there is one, else as a rejected Promise (never a synchronous throw). */
const fail = <T>(error: TaskRouteError, callback: Callback<T> | undefined): Promise<T> | undefined =>
  settle<T>(Promise.reject(error), callback)

const define = (target: object, name: string, value: unknown): void => {
  Object.defineProperty(target, name, { value, enumerable: false, configurable: true, writable: true })
}

/** The time-window parameters of cumulative statistics. */
const WINDOW = ["Minutes", "StartDate", "EndDate"]

/**
 * Real-time statistics have no time window; the seed (and v1 code written from it) passes `Minutes` to them too,
 * which the service ignores. Those three are dropped for real-time operations; anything else is validated.
 */
const withoutWindow = (operationId: WorkspaceOperationId, params: Params): Params =>
  operationId.includes("RealTime")
    ? Object.fromEntries(Object.entries(params).filter(([key]) => !WINDOW.includes(key)))
    : params

/** A `fetch(cb)`, `fetch(params, cb)`, `fetch(params?)` method over `run(params)`. */
const queryFetcher = (run: (params: Params) => Promise<unknown>) => ({
  fetch(a0?: unknown, a1?: unknown): Promise<unknown> | undefined {
    const [params, callback] = isFunction(a0) ? [{}, callbackOf(a0)] : [a0 ?? {}, callbackOf(a1)]
    if (!isPlainObject(params)) {
      return fail(
        argumentError("1st argument needs to be either a callback function or query parameters"),
        callback,
      )
    }
    return settle(run(params), callback)
  },
})

/** A statistics fetcher: `fetch(cb)`, `fetch(params, cb)`, `fetch(params?)`. */
export const statisticsFetcher = (ctx: FacadeContext, operationId: WorkspaceOperationId, fixed: Params) =>
  queryFetcher((params) =>
    ctx.request(operationId, { ...withoutWindow(operationId, params), ...fixed }, (r) => r),
  )

/** A fetcher of a list-shaped statistics resource (`ListTaskQueuesStatistics`): one page. */
const listFetcher = (ctx: FacadeContext, operationId: ListOperationId) =>
  queryFetcher((params) => ctx.list(operationId, params, (p) => toListPage(ctx, p, (r) => r)))

/** Builds the v1 list page object of a {@link WorkspacePage}. */
const toListPage = (ctx: FacadeContext, page: WorkspacePage, item: (r: Rec) => unknown): Rec => {
  const move = (url: string | undefined, which: string) => (a0?: unknown) => {
    const callback = callbackOf(a0)
    if (url === undefined) return fail(argumentError(`There is no ${which} page`), callback)
    return settle(
      ctx.fetchPage(url).then((p) => toListPage(ctx, p, item)),
      callback,
    )
  }
  const result: Rec = {
    data: page.items.map(item),
    page: page.page,
    pageSize: page.pageSize,
    hasNext: page.nextPageUrl !== undefined,
    hasPrevious: page.previousPageUrl !== undefined,
  }
  define(result, "next", move(page.nextPageUrl, "next"))
  define(result, "previous", move(page.previousPageUrl, "previous"))
  return result
}

/** Parses the update arguments of an instance; `null` when they match no form. */
const instanceUpdateArgs = (
  args: ReadonlyArray<unknown>,
  operationId: WorkspaceOperationId,
): { sid: string | undefined; params: Params; callback: unknown } | null => {
  const [a0, a1, a2, a3] = args
  const known = (name: unknown) => operations[operationId].params.some((p) => p.name === name)
  if (isPlainObject(a0)) return { sid: undefined, params: a0, callback: a1 }
  if (typeof a0 !== "string") return null
  if (isPlainObject(a1) && !known(a0)) return { sid: a0, params: a1, callback: a2 }
  if (typeof a1 === "string" && a2 !== undefined && !isFunction(a2)) {
    return { sid: a0, params: { [a1]: a2 }, callback: a3 }
  }
  if (a1 !== undefined && !isFunction(a1)) return { sid: undefined, params: { [a0]: a1 }, callback: a2 }
  return null
}

/** Parses `update(sid, "Key", "Value", cb?)` / `update(sid, {...}, cb?)` of a list. */
const listUpdateArgs = (
  args: ReadonlyArray<unknown>,
): { sid: string; params: Params; callback: unknown } | null => {
  const [a0, a1, a2, a3] = args
  if (typeof a0 !== "string" || a0 === "") return null
  if (isPlainObject(a1)) return { sid: a0, params: a1, callback: a2 }
  if (typeof a1 === "string" && a2 !== undefined && !isFunction(a2))
    return { sid: a0, params: { [a1]: a2 }, callback: a3 }
  return null
}

/** The facade's resource factory over one context. */
export const makeResources = (ctx: FacadeContext) => {
  /** The parent parameters of each instance (`{ TaskSid }` for a task's reservations), kept off the data. */
  const parents = new WeakMap<object, Params>()
  const sidOf = (self: Rec): string => (typeof self.sid === "string" ? self.sid : "")
  const paramsOf = (k: Kind, self: Rec): Params =>
    k === WorkspaceKind ? {} : { ...parents.get(self), Sid: sidOf(self) }

  /**
   * One prototype per kind holds the methods (so they are not enumerable data and cost nothing per instance);
   * statistics fetchers and child lists are built on first access and cached on the instance.
   */
  const prototypes = new Map<Kind, object>()
  const prototypeOf = (k: Kind): object => {
    const existing = prototypes.get(k)
    if (existing !== undefined) return existing
    const proto: object = {}
    const refresh = (self: Rec, fresh: Rec): Rec => {
      for (const key of Object.keys(fresh)) self[key] = fresh[key]
      return instance(k, fresh, parents.get(self) ?? {})
    }
    const updateOp = k.update
    if (updateOp !== undefined) {
      define(proto, "update", function (this: Rec, ...args: ReadonlyArray<unknown>) {
        const parsed = instanceUpdateArgs(args, updateOp)
        const callback = callbackOf(parsed?.callback ?? args.find(isFunction))
        if (parsed === null) {
          return fail(argumentError("1st argument needs to either be a string or a JSON object"), callback)
        }
        if (parsed.callback !== undefined && callback === undefined) {
          return fail(argumentError("The last argument needs to be a callback function"), undefined)
        }
        if (parsed.sid !== undefined && SID.test(parsed.sid) && parsed.sid !== sidOf(this)) {
          return fail(
            argumentError(
              `update on ${sidOf(this)} was given another SID (${parsed.sid}); use the list's update for it`,
            ),
            callback,
          )
        }
        return settle(
          ctx.request(updateOp, { ...parsed.params, ...paramsOf(k, this) }, (r) =>
            refresh(this, asRecord(r)),
          ),
          callback,
        )
      })
    }
    const deleteOp = k.delete
    if (deleteOp !== undefined) {
      define(proto, "delete", function (this: Rec, a0?: unknown) {
        return settle(
          ctx.request(deleteOp, paramsOf(k, this), () => undefined),
          callbackOf(a0),
        )
      })
    }
    define(proto, "fetch", function (this: Rec, a0?: unknown) {
      return settle(
        ctx.request(k.fetch, paramsOf(k, this), (r) => refresh(this, asRecord(r))),
        callbackOf(a0),
      )
    })
    const lazy = (name: string, make: (self: Rec) => unknown) =>
      Object.defineProperty(proto, name, {
        configurable: true,
        get(this: Rec) {
          const value = make(this)
          define(this, name, value)
          return value
        },
      })
    for (const [name, op] of Object.entries(k.stats ?? {})) {
      lazy(name, (self) =>
        statisticsFetcher(ctx, op, k.statsParam === undefined ? {} : { [k.statsParam]: sidOf(self) }),
      )
    }
    for (const [name, [child, parentParam]] of Object.entries(k.children ?? {})) {
      lazy(name, (self) => list(child, { [parentParam]: sidOf(self) }))
    }
    prototypes.set(k, proto)
    return proto
  }

  /** Wraps a shaped record as an instance of `k` (`parent` holds the parent parameter of child kinds). */
  const instance = (k: Kind, data: Rec, parent: Params): Rec => {
    // (Object.setPrototypeOf(data, ...) instead of a copy measured slower on the emulator.)
    const self: Rec = Object.assign(Object.create(prototypeOf(k)), data)
    // Only child kinds have parent parameters: most instances need no WeakMap entry.
    for (const _ in parent) {
      parents.set(self, parent)
      break
    }
    return self
  }

  /** A result of the client as a record (results are fresh objects, never copied). */
  const asRecord = (u: unknown): Rec => (isPlainObject(u) ? u : {})

  /** A v1 list resource of `k` (with `parent` params for child lists). */
  const list = (k: Kind, parent: Params): Rec => {
    const wrap = (r: Rec) => instance(k, r, parent)
    const self: Rec = {}
    define(self, "fetch", (a0?: unknown, a1?: unknown) => {
      if (typeof a0 === "string" && a0 !== "") {
        return settle(
          ctx.request(k.fetch, { ...parent, Sid: a0 }, (r) => wrap(asRecord(r))),
          callbackOf(a1),
        )
      }
      const [params, cbArg] = isFunction(a0) || a0 === undefined ? [{}, a0] : [a0, a1]
      const callback = callbackOf(cbArg)
      if (!isPlainObject(params)) {
        return fail(
          argumentError(
            "1st argument needs to be either a callback function, query parameters, or a SID string",
          ),
          callback,
        )
      }
      if (cbArg !== undefined && callback === undefined) {
        return fail(argumentError("2nd argument needs to be a function"), undefined)
      }
      const listOp = k.list
      if (listOp === undefined) return fail(argumentError("This resource has no list"), callback)
      return settle(
        ctx.list(listOp, { ...params, ...parent }, (p) => toListPage(ctx, p, wrap)),
        callback,
      )
    })
    if (k.create !== undefined) {
      const createOp = k.create
      define(self, "create", (a0?: unknown, a1?: unknown) => {
        const callback = callbackOf(a1)
        if (!isPlainObject(a0))
          return fail(argumentError("1st argument needs to be a JSON object of parameters"), callback)
        return settle(
          ctx.request(createOp, { ...a0, ...parent }, (r) => wrap(asRecord(r))),
          callback,
        )
      })
    }
    if (k.update !== undefined) {
      const updateOp = k.update
      define(self, "update", (...args: ReadonlyArray<unknown>) => {
        const parsed = listUpdateArgs(args)
        const callback = callbackOf(parsed?.callback ?? args.find(isFunction))
        if (parsed === null) {
          return fail(argumentError("2nd argument needs to either be a string or a JSON object"), callback)
        }
        return settle(
          ctx.request(updateOp, { ...parsed.params, ...parent, Sid: parsed.sid }, (r) => wrap(asRecord(r))),
          callback,
        )
      })
    }
    if (k.delete !== undefined) {
      const deleteOp = k.delete
      define(self, "delete", (a0?: unknown, a1?: unknown) => {
        const callback = callbackOf(a1)
        if (typeof a0 !== "string" || a0 === "")
          return fail(argumentError("1st argument needs to be a SID string"), callback)
        return settle(
          ctx.request(deleteOp, { ...parent, Sid: a0 }, () => undefined),
          callback,
        )
      })
    }
    const listOp = k.list
    if (listOp !== undefined)
      define(self, "each", (options: { pageSize?: number; limit?: number; params?: Params } = {}) => {
        const items = ctx.each(listOp, { ...options.params, ...parent }, options)
        return {
          [Symbol.asyncIterator]: () => {
            const it = items[Symbol.asyncIterator]()
            return {
              next: async () => {
                const r = await it.next()
                return r.done === true ? r : { done: false, value: wrap(r.value) }
              },
              return: async () => (it.return === undefined ? { done: true, value: undefined } : it.return()),
            }
          },
        }
      })
    return self
  }

  /** An instance by SID prefix (events and `ready`), or the record itself when the prefix is unknown. */
  const byPrefix = (data: Rec): Rec => {
    const sid = typeof data.sid === "string" ? data.sid : ""
    const parentOf = (key: string) => (typeof data[key] === "string" ? String(data[key]) : "")
    const prefix = sid.slice(0, 2)
    if (prefix === "WR" || prefix === "WC") {
      const task = parentOf("taskSid")
      const worker = parentOf("workerSid")
      if (prefix === "WR" && task !== "") return instance(TaskReservationKind, data, { TaskSid: task })
      if (worker !== "") {
        return instance(prefix === "WR" ? WorkerReservationKind : WorkerChannelKind, data, {
          WorkerSid: worker,
        })
      }
      return data
    }
    const k = BY_PREFIX[prefix]
    return k === undefined ? data : instance(k, data, {})
  }

  const workspaceInstance = (data: Rec): Rec => instance(WorkspaceKind, data, {})

  /** `workspace.workers` etc.: the list plus its list-level statistics. */
  const topList = (name: keyof typeof Kinds): Rec => {
    const self = list(Kinds[name], {})
    const stats = ListStats[name]
    if (stats !== undefined) {
      for (const [statName, op] of Object.entries(stats)) {
        define(
          self,
          statName,
          op === "ListTaskQueuesStatistics" ? listFetcher(ctx, op) : statisticsFetcher(ctx, op, {}),
        )
      }
    }
    return self
  }

  return { instance, list, topList, byPrefix, workspaceInstance }
}
