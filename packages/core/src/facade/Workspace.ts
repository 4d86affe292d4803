import { Context, Effect, Exit, Layer, ManagedRuntime } from "effect"
import { type Observable, Subject } from "rxjs"
import { TokenError } from "../auth/TokenError.js"
import { TokenProvider } from "../auth/TokenProvider.js"
import { EventChannel } from "../events/EventChannel.js"
import type { WorkspaceEvent } from "../events/WorkspaceEvent.js"
import { type FacadeContext, makeResources } from "../internal/facadeResources.js"
import { readClaims } from "../internal/tokenClaims.js"
import { runtimes } from "../internal/facadeRuntimes.js"
import {
  argumentError,
  causeToError,
  interruptedError,
  log,
  reportUncaught,
  toTaskRouteError,
} from "../internal/facadeSupport.js"
import type { HttpTransport, StartedRequest } from "../transport/HttpTransport.js"
import type { SocketTransport } from "../transport/SocketTransport.js"
import {
  type OperationResult,
  WorkspaceClient,
  type WorkspaceOperationId,
  type WorkspacePage,
} from "../workspace/WorkspaceClient.js"
import * as WorkspaceLayer from "../workspace/WorkspaceLayer.js"
import { TaskRouteError } from "./TaskRouteError.js"
import type {
  ActivityInstance,
  Callback,
  EventInstance,
  Params,
  ReadableList,
  ResourceList,
  StatisticsFetcher,
  TaskChannelInstance,
  TaskInstance,
  TaskQueueList,
  WorkerList,
  WorkflowInstance,
  WorkspaceEventMap,
  WorkspaceFacadeEvent,
  WorkspaceInstance,
} from "./WorkspaceTypes.js"
import type {
  WorkspaceCumulativeStatistics,
  WorkspaceRealTimeStatistics,
  WorkspaceStatistics,
} from "../resources/WorkspaceStatistics.js"

/**
 * The runtime primitives a workspace runs on (supplied by `@taskroute/node` and `@taskroute/browser`).
 *
 * @example
 * ```ts
 * import type { Transports } from "@taskroute/core"
 * import { NodeTransports } from "@taskroute/node"
 * const transports: Transports = NodeTransports.layer
 * ```
 */
export type Transports = Layer.Layer<HttpTransport | SocketTransport>

/**
 * The direct-REST client stack (see `WorkspaceLayer.layerRest`).
 *
 * @example
 * ```ts
 * import { type RestStack, WorkspaceLayer } from "@taskroute/core"
 * const stack: RestStack = WorkspaceLayer.layerRest({ accountSid: "ACx", authToken: "t", workspaceSid: "WSx" })
 * ```
 */
export type RestStack = Layer.Layer<WorkspaceClient, never, HttpTransport>

/**
 * Options of a token-based {@link Workspace} (the second constructor argument).
 *
 * @example
 * ```ts
 * import { Workspace } from "@taskroute/browser"
 * const workspace = new Workspace(token, { debug: false, region: "ie1-ix", tokenProvider: () => fetchToken() })
 * ```
 */
export interface WorkspaceOptions {
  /** Log events and errors to the console. As in TaskRouter.js v1 only `false` and `"false"` turn it off. */
  readonly debug?: boolean | string | undefined
  /** A Twilio region: the event bridge becomes `event-bridge.{region}.us1.twilio.com`, as in v1. */
  readonly region?: string | undefined
  /** Request retries (default 3) and consecutive reconnection attempts (default unbounded). */
  readonly maxRetries?: number | undefined
  /** The REST origin named in requests (default `https://taskrouter.twilio.com`; `.../v1` is accepted). */
  readonly apiBaseUrl?: string | undefined
  /** The event-bridge origin (default `https://event-bridge.twilio.com`). */
  readonly eventBridgeBaseUrl?: string | undefined
  /** Called ahead of the token's expiry for a fresh one; `updateToken` is then unnecessary. */
  readonly tokenProvider?: (() => Promise<string> | string) | undefined
  /** How long before expiry `tokenProvider` is called (default 60 s). */
  readonly refreshAheadMs?: number | undefined
  /** Close a socket that received nothing, not even a heartbeat, for this long (default 60 s). */
  readonly heartbeatTimeoutMs?: number | undefined
  /** The runtime's transports; defaults to the ones of the runtime package the class comes from. */
  readonly transports?: Transports | undefined
}

/**
 * Options of a direct-REST {@link Workspace} (server side only): the workspace and HTTP Basic credentials.
 *
 * @example
 * ```ts
 * import { Workspace } from "@taskroute/node"
 * const workspace = new Workspace({ accountSid: "ACxxx", authToken: process.env.AUTH_TOKEN!, workspaceSid: "WSxxx" })
 * ```
 */
export type RestWorkspaceOptions = WorkspaceLayer.RestOptions & {
  readonly debug?: boolean | string | undefined
  readonly transports?: Transports | undefined
}

type Listener = (payload: never) => void
type Entry = {
  readonly listener: (payload: unknown) => void
  readonly original: Listener
  readonly once: boolean
}

const isDebug = (debug: unknown): boolean => debug !== false && debug !== "false"

const noTransports = (): TaskRouteError =>
  new TaskRouteError(
    "No transports: create the Workspace from @taskroute/node or @taskroute/browser, or pass options.transports",
    { code: "InvalidArgument" },
  )

/**
 * A TaskRouter workspace: a drop-in replacement for TaskRouter.js v1.21's `Twilio.TaskRouter.Workspace` with the
 * same constructor, resources, callbacks and events, which also returns Promises (when no callback is given),
 * iterates every page of a list with `each`, exposes events as an RxJS Observable, and fixes v1's defects (see
 * DIFFERENCES.md). Create it from `@taskroute/browser` or `@taskroute/node`.
 *
 * @example
 * ```ts
 * import { Workspace } from "@taskroute/browser"
 * const workspace = new Workspace(WORKSPACE_TOKEN)
 * workspace.on("ready", (ws) => console.log(ws.friendlyName))
 * workspace.activities.create({ FriendlyName: "Activity1", Available: "true" }, (error, activity) => {})
 * for await (const worker of workspace.workers.each({ pageSize: 200 })) console.log(worker.friendlyName)
 * await workspace.close()
 * ```
 */
export class Workspace {
  /** The transports used when `options.transports` is not given; the runtime packages' subclasses set it. */
  declare static transports: Transports | undefined
  /**
   * Builds the direct-REST stack; set by `@taskroute/node` (server side only), so browser bundles do not carry
   * the REST dialect.
   */
  declare static restLayer: ((options: RestWorkspaceOptions) => RestStack) | undefined

  // The public properties are declared, not class fields: the constructor assigns each of them (a field would
  // first define it as undefined, and cost its definition in the script-tag bundle).
  /** The workspace's SID (from the token, or the REST options). */
  declare readonly workspaceSid: string
  declare readonly activities: ResourceList<ActivityInstance>
  declare readonly taskchannels: ResourceList<TaskChannelInstance>
  declare readonly taskqueues: TaskQueueList
  declare readonly workers: WorkerList
  declare readonly workflows: ResourceList<WorkflowInstance>
  declare readonly tasks: ResourceList<TaskInstance>
  /** The workspace's event log (`GET /Events`). */
  declare readonly events: ReadableList<EventInstance>
  declare readonly statistics: StatisticsFetcher<WorkspaceStatistics>
  declare readonly cumulativeStats: StatisticsFetcher<WorkspaceCumulativeStatistics>
  declare readonly realtimeStats: StatisticsFetcher<WorkspaceRealTimeStatistics>
  /** Every event (`ready`, `connected`, domain events, ...) as `{ type, payload }`; completes on `close()`. */
  declare readonly events$: Observable<WorkspaceFacadeEvent>

  readonly #runtime: ManagedRuntime.ManagedRuntime<WorkspaceClient, TokenError>
  readonly #channel: ManagedRuntime.ManagedRuntime<EventChannel | TokenProvider, TokenError> | undefined
  readonly #subject = new Subject<WorkspaceFacadeEvent>()
  readonly #listeners = new Map<string, Array<Entry>>()
  readonly #debug: boolean
  readonly #self: Record<string, unknown>
  readonly #resources: ReturnType<typeof makeResources>
  /** The requests in flight on the fast path. */
  readonly #inflight = new Set<StartedRequest<unknown>>()
  #client: WorkspaceClient["Service"] | undefined
  #closed = false

  /**
   * `new Workspace(token, debug?, region?, maxRetries?, apiBaseUrl?, eventBridgeBaseUrl?)` exactly as v1,
   * `new Workspace(token, options)`, or (server side) `new Workspace({ accountSid, authToken, workspaceSid })`.
   *
   * @throws {TaskRouteError} when the token is missing or malformed, with v1's messages ("Token is required for
   *   TaskRouter JS SDK", "Wrong number of segments", "Missing minimum payload values. ...").
   */
  constructor(token: string, options?: WorkspaceOptions)
  constructor(
    token: string,
    debug?: boolean | string,
    region?: string,
    maxRetries?: number,
    apiBaseUrl?: string,
    eventBridgeBaseUrl?: string,
  )
  constructor(options: RestWorkspaceOptions)
  constructor(
    first: string | RestWorkspaceOptions,
    second?: WorkspaceOptions | boolean | string,
    region?: string,
    maxRetries?: number,
    apiBaseUrl?: string,
    eventBridgeBaseUrl?: string,
  ) {
    const defaults = new.target.transports
    if (typeof first === "object" && first !== null) {
      // Direct REST with HTTP Basic credentials.
      const restLayer = new.target.restLayer
      if (restLayer === undefined) throw argumentError("Direct REST is available from @taskroute/node only")
      if (typeof first.workspaceSid !== "string" || first.workspaceSid === "") {
        throw argumentError("A direct-REST Workspace needs workspaceSid")
      }
      const transports = first.transports ?? defaults
      if (transports === undefined) throw noTransports()
      this.#debug = isDebug(first.debug ?? false)
      this.workspaceSid = first.workspaceSid
      this.#runtime = ManagedRuntime.make(restLayer(first).pipe(Layer.provideMerge(transports)))
      this.#channel = undefined
    } else {
      const claims = readClaims(first)
      if (claims instanceof TokenError) throw toTaskRouteError(claims)
      const options: WorkspaceOptions =
        typeof second === "object" && second !== null
          ? second
          : { debug: second, region, maxRetries, apiBaseUrl, eventBridgeBaseUrl }
      const transports = options.transports ?? defaults
      if (transports === undefined) throw noTransports()
      this.#debug = isDebug(options.debug)
      this.workspaceSid = claims.workspaceSid
      const runtime = ManagedRuntime.make(
        WorkspaceLayer.layerEventBridge({
          token: first,
          refresh: options.tokenProvider,
          refreshAheadMs: options.refreshAheadMs,
          heartbeatTimeoutMs: options.heartbeatTimeoutMs,
          region: options.region,
          maxRetries: options.maxRetries,
          apiBaseUrl: options.apiBaseUrl,
          eventBridgeBaseUrl: options.eventBridgeBaseUrl,
        }).pipe(Layer.provideMerge(transports)),
      )
      this.#runtime = runtime
      this.#channel = runtime
    }
    runtimes.set(this, this.#runtime)
    // The client, once built, for the fast path of `#request` (until then requests run as effects).
    this.#runtime.context().then(
      (context) => {
        this.#client = Context.get(context, WorkspaceClient)
      },
      () => undefined,
    )

    const list: FacadeContext["list"] = (operationId, params, map) => this.#request(operationId, params, map)
    const fetchPage: FacadeContext["fetchPage"] = (url) =>
      this.#run(WorkspaceClient.use((c) => c.fetchPage(url)))
    const context: FacadeContext = {
      request: (operationId, params, map) => this.#request(operationId, params, map),
      list,
      fetchPage,
      each: (operationId, params, options) => {
        const limit = options.limit ?? Number.POSITIVE_INFINITY
        return {
          async *[Symbol.asyncIterator]() {
            if (!(limit >= 0))
              throw argumentError(`limit must be a non-negative number, got ${String(options.limit)}`)
            let left = limit
            if (left === 0) return
            let page: WorkspacePage = await list(
              operationId,
              { ...params, ...(options.pageSize === undefined ? {} : { PageSize: options.pageSize }) },
              (p) => p,
            )
            for (;;) {
              for (const item of page.items) {
                yield item
                if (--left <= 0) return
              }
              if (page.nextPageUrl === undefined) return
              page = await fetchPage(page.nextPageUrl)
            }
          },
        }
      },
    }
    const resources = makeResources(context)
    this.#resources = resources
    this.#self = resources.workspaceInstance({ sid: this.workspaceSid })
    this.activities = checked(resources.topList("activities"))
    this.taskchannels = checked(resources.topList("taskchannels"))
    this.taskqueues = checked(resources.topList("taskqueues"))
    this.workers = checked(resources.topList("workers"))
    this.workflows = checked(resources.topList("workflows"))
    this.tasks = checked(resources.topList("tasks"))
    this.events = checked(resources.topList("events"))
    this.statistics = checked(Reflect.get(this.#self, "statistics"))
    this.cumulativeStats = checked(Reflect.get(this.#self, "cumulativeStats"))
    this.realtimeStats = checked(Reflect.get(this.#self, "realtimeStats"))
    this.events$ = this.#subject.asObservable()
    this.#start()
  }

  /** Connects (token mode) or fetches the workspace once for `ready` (REST mode). */
  #start(): void {
    const channel = this.#channel
    if (channel === undefined) {
      this.#run(WorkspaceClient.use((c) => c.request("FetchWorkspace"))).then(
        (workspace) => this.#emit("ready", this.#resources.workspaceInstance(workspace)),
        (error: unknown) => this.#emit("error", toTaskRouteError(error)),
      )
      return
    }
    channel.runCallback(
      EventChannel.use((c) =>
        Effect.andThen(
          Effect.sync(() => c.events.subscribe((e) => this.#onChannelEvent(e))),
          c.connect,
        ),
      ),
      {
        onExit: (exit) => {
          if (Exit.isFailure(exit) && !this.#closed) this.#emit("error", causeToError(exit.cause))
        },
      },
    )
  }

  #onChannelEvent(event: WorkspaceEvent): void {
    this.#emit(event.name, this.#payloadOf(event))
  }

  /** What listeners of a channel event receive. */
  #payloadOf(event: WorkspaceEvent): unknown {
    switch (event._tag) {
      case "Ready":
        // (An instance is a new object: the event's record is not shared.)
        return this.#resources.workspaceInstance(event.workspace)
      case "Disconnected":
        return {
          message: event.message,
          reason: event.reason,
          reconnecting: event.reconnecting,
          ...(event.code === undefined ? {} : { code: event.code }),
        }
      case "Error":
        return toTaskRouteError(event.error)
      case "Domain":
        return this.#resources.byPrefix({ ...event.payload })
      default:
        return undefined
    }
  }

  #emit(type: string, payload: unknown): void {
    if (this.#closed && type !== "disconnected") return
    if (this.#debug) {
      if (type === "error" && payload instanceof Error) log(`TaskRouter: ${payload.message}`)
      else log(`Received a message of type [${type}]`, payload === undefined ? "" : payload)
    }
    this.#subject.next({ type, payload })
    const entries = this.#listeners.get(type)
    if (entries === undefined || entries.length === 0) return
    for (const entry of [...entries]) {
      if (entry.once) this.#remove(type, entry)
      try {
        entry.listener(payload)
      } catch (thrown) {
        reportUncaught(thrown)
      }
    }
  }

  #remove(type: string, entry: Entry): void {
    const entries = this.#listeners.get(type)
    if (entries === undefined) return
    const i = entries.indexOf(entry)
    if (i >= 0) entries.splice(i, 1)
  }

  #add(type: string, listener: Listener, once: boolean): this {
    if (typeof listener !== "function") throw argumentError("A listener needs to be a function")
    const entry: Entry = {
      listener: (payload) => Reflect.apply(listener, this, [payload]),
      original: listener,
      once,
    }
    const entries = this.#listeners.get(type)
    if (entries === undefined) this.#listeners.set(type, [entry])
    else entries.push(entry)
    return this
  }

  /**
   * Runs an operation. Once the client is built and its transport can start requests outside a fiber, the
   * request is sent without entering Effect; only a failed first attempt continues as an effect (error decoding,
   * retries on the runtime's Clock). `close()` aborts requests in flight (they reject with code `Closed`).
   */
  #request<Op extends WorkspaceOperationId, B>(
    operationId: Op,
    params: Params,
    map: (result: OperationResult<Op>) => B,
  ): Promise<B> {
    const start = this.#client?.start
    if (start === undefined || this.#closed) {
      return this.#run(WorkspaceClient.use((c) => c.request(operationId, params))).then(map)
    }
    const started = start(operationId, params, (result) => {
      this.#inflight.delete(started)
      if (this.#closed) throw interruptedError()
      return Effect.isEffect(result) ? this.#run(result).then(map) : map(result)
    })
    this.#inflight.add(started)
    return started.outcome
  }

  /** Runs an effect of the client; rejects with a TaskRouteError (code `Closed` after `close()`). */
  #run<A, E>(effect: Effect.Effect<A, E, WorkspaceClient>): Promise<A> {
    if (this.#closed) return Promise.reject(closedError())
    return this.#runtime.runPromiseExit(effect).then((exit) => {
      if (Exit.isSuccess(exit)) return exit.value
      throw causeToError(exit.cause)
    })
  }

  /**
   * Attaches a listener: `ready` (the workspace resource), `connected`, `disconnected`, `token.expired`,
   * `token.updated`, `error` (a TaskRouteError; with no listener it is only logged, never thrown) and every
   * domain event the service sends (`worker.activity.update`, `reservation.created`, ...).
   *
   * @example
   * ```ts
   * workspace.on("token.expired", () => workspace.updateToken(refreshJWT()))
   * ```
   */
  on<K extends keyof WorkspaceEventMap>(event: K, listener: (payload: WorkspaceEventMap[K]) => void): this
  on(event: string, listener: (payload: unknown) => void): this
  on(event: string, listener: Listener): this {
    return this.#add(event, listener, false)
  }

  /**
   * Attaches a listener called at most once.
   *
   * @example
   * ```ts
   * workspace.once("ready", (ws) => console.log(ws.sid))
   * ```
   */
  once<K extends keyof WorkspaceEventMap>(event: K, listener: (payload: WorkspaceEventMap[K]) => void): this
  once(event: string, listener: (payload: unknown) => void): this
  once(event: string, listener: Listener): this {
    return this.#add(event, listener, true)
  }

  /**
   * Removes a listener (or every listener of the event when none is given).
   *
   * @example
   * ```ts
   * workspace.off("ready", onReady)
   * ```
   */
  off(event: string, listener?: (payload: never) => void): this {
    const entries = this.#listeners.get(event)
    if (entries === undefined) return this
    if (listener === undefined) this.#listeners.delete(event)
    else {
      const entry = entries.find((e) => e.original === listener)
      if (entry !== undefined) this.#remove(event, entry)
    }
    return this
  }

  /**
   * Updates the workspace: `update("EventCallbackUrl", url, cb?)` or `update({ ... }, cb?)`.
   *
   * @example
   * ```ts
   * const ws = await workspace.update({ EventCallbackUrl: "http://example.com/events", TimeoutActivitySid: "WAxxx" })
   * ```
   */
  update(key: string, value: unknown, callback: Callback<WorkspaceInstance>): void
  update(params: Params, callback: Callback<WorkspaceInstance>): void
  update(key: string, value: unknown): Promise<WorkspaceInstance>
  update(params: Params): Promise<WorkspaceInstance>
  update(...args: ReadonlyArray<unknown>): unknown {
    return call(this.#self, "update", args)
  }

  /**
   * Deletes the workspace.
   *
   * @example
   * ```ts
   * workspace.delete((error) => { if (!error) console.log("workspace deleted") })
   * ```
   */
  delete(callback: Callback<void>): void
  delete(): Promise<void>
  delete(callback?: Callback<void>): unknown {
    return call(this.#self, "delete", [callback])
  }

  /**
   * Fetches the workspace resource.
   *
   * @example
   * ```ts
   * const { friendlyName, prioritizeQueueOrder } = await workspace.fetch()
   * ```
   */
  fetch(callback: Callback<WorkspaceInstance>): void
  fetch(): Promise<WorkspaceInstance>
  fetch(callback?: Callback<WorkspaceInstance>): unknown {
    return call(this.#self, "fetch", [callback])
  }

  /**
   * Replaces the capability token for every later request and reconnection (fetched instances included). After
   * `token.expired`, the channel reconnects with it.
   *
   * @throws {TaskRouteError} when the token does not decode (v1's messages), or for a direct-REST workspace.
   * @example
   * ```ts
   * workspace.on("token.expired", () => workspace.updateToken(refreshJWT()))
   * ```
   */
  updateToken(token: string): void {
    const channel = this.#channel
    if (channel === undefined)
      throw argumentError("updateToken needs a Workspace created with a capability token")
    if (this.#closed) throw closedError()
    const claims = readClaims(token)
    if (claims instanceof TokenError) throw toTaskRouteError(claims)
    const exit = channel.runSyncExit(TokenProvider.use((t) => t.update(token)))
    if (Exit.isFailure(exit)) throw causeToError(exit.cause)
  }

  /**
   * Closes the socket, stops every timer and retry, completes `events$`; later calls fail with code `Closed`.
   *
   * @example
   * ```ts
   * await workspace.close()
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return
    const channel = this.#channel
    if (channel !== undefined)
      await channel.runPromise(EventChannel.use((c) => c.close)).catch(() => undefined)
    this.#closed = true
    for (const started of this.#inflight) started.abort()
    this.#inflight.clear()
    this.#listeners.clear()
    await this.#runtime.dispose()
    this.#subject.complete()
  }

  /** `await using workspace = new Workspace(token)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }
}

const closedError = (): TaskRouteError => new TaskRouteError("The workspace is closed", { code: "Closed" })

/** Calls the workspace instance's own method (the resource objects build it). */
const call = (target: Record<string, unknown>, name: string, args: ReadonlyArray<unknown>): unknown => {
  const f = target[name]
  if (typeof f !== "function") throw new TaskRouteError(`Missing method ${name}`, { code: "InternalError" })
  return Reflect.apply(f, target, args)
}

/**
 * The resource objects are built dynamically (one implementation for every resource kind); this checks that an
 * object really is one (it has `fetch`) before it is typed as the public interface.
 */
function checked<T>(u: unknown): T {
  if (typeof u !== "object" || u === null || typeof Reflect.get(u, "fetch") !== "function") {
    throw new TaskRouteError("Missing method fetch", { code: "InternalError" })
  }
  return u as T
}
