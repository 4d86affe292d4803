/**
 * The emulator engine: accounts and workspaces, SIDs, time, timers, the event log and its subscribers. Every
 * entry point (`handle`, `fireDue`) runs synchronously to completion under the emulator's semaphore; the events
 * it produced are delivered to subscribers at the end, in order.
 *
 * @internal
 */
import { dispatch } from "../rest/router.js"
import {
  activityView,
  canonicalBase,
  taskChannelView,
  taskQueueView,
  taskView,
  workerView,
  workflowView,
  workspaceView,
} from "../rest/views.js"
import { runPendingAssignments } from "../routing/assignment.js"
import { History } from "../routing/history.js"
import { buildSeed } from "../seeds/seeds.js"
import { Collection } from "./collection.js"
import type {
  EventFrame,
  RestRequest,
  RestResponse,
  SeedInfo,
  WorkspaceView,
  WorkspaceViewPart,
} from "./Emulator.js"
import type { AccountState, EventState, WorkspaceState } from "./model.js"
import { makeRandom, type Random } from "./random.js"
import { Timers } from "./timers.js"

/** What the engine needs from its host. @internal */
export interface EngineOptions {
  readonly now: () => number
  readonly random: number | string
  readonly onEarlierDeadline: (deadline: number) => void
  /** Events kept per workspace for `GET /Events` (oldest dropped first). */
  readonly eventLimit?: number | undefined
}

/** What an event concerns, for the Event resource's filters. @internal */
export interface EventKeys {
  readonly task?: string | null | undefined
  readonly worker?: string | null | undefined
  readonly reservation?: string | null | undefined
  readonly queue?: string | null | undefined
  readonly workflow?: string | null | undefined
  readonly channel?: string | null | undefined
}

/** One event to record and publish. @internal */
export interface EventSpec {
  readonly type: string
  readonly resourceType: string
  readonly resourceSid: string
  readonly description: string
  readonly data: Record<string, unknown>
  /** The frame payload, built only when someone listens. */
  readonly payload: () => unknown
  readonly keys: EventKeys
}

/** A pending assignment pass. @internal */
export type AssignmentWork =
  | { readonly kind: "task"; readonly ws: WorkspaceState; readonly taskSid: string }
  | { readonly kind: "worker"; readonly ws: WorkspaceState; readonly workerSid: string }
  | { readonly kind: "all"; readonly ws: WorkspaceState }

/** How each view of a workspace snapshot is built (in this order), from its state at `now`. */
const VIEWS: {
  readonly [K in WorkspaceViewPart]: (ws: WorkspaceState, now: number) => WorkspaceView[K]
} = {
  workspace: (ws) => workspaceView(canonicalBase, ws),
  activities: (ws) => ws.activities.toArray().map((a) => activityView(canonicalBase, ws, a)),
  taskQueues: (ws) => ws.taskQueues.toArray().map((q) => taskQueueView(canonicalBase, ws, q)),
  workflows: (ws) => ws.workflows.toArray().map((f) => workflowView(canonicalBase, ws, f)),
  workers: (ws) => ws.workers.toArray().map((w) => workerView(canonicalBase, ws, w)),
  taskChannels: (ws) => ws.taskChannels.toArray().map((c) => taskChannelView(canonicalBase, ws, c)),
  tasks: (ws, now) => ws.tasks.toArray().map((t) => taskView(canonicalBase, ws, t, now)),
}

const VIEW_PARTS = Object.keys(VIEWS) as ReadonlyArray<WorkspaceViewPart>

/** @internal */
export class Engine {
  readonly random: Random
  readonly timers: Timers
  readonly accounts = new Map<string, AccountState>()
  /** Assignment passes requested by the current operation, run before its events are delivered. */
  readonly assignmentWork: Array<AssignmentWork> = []
  private seq = 0
  private nextDbid = 101
  private readonly listeners = new Map<string, Set<(frame: EventFrame) => void>>()
  private readonly outbox: Array<{ readonly key: string; readonly frame: EventFrame }> = []
  private readonly eventLimit: number
  /** Who causes the events of the current operation (an API call's account, or the workspace for timers). */
  actor: { readonly type: string; readonly sid: string } | undefined = undefined

  constructor(private readonly options: EngineOptions) {
    this.random = makeRandom(options.random)
    this.timers = new Timers(options.onEarlierDeadline)
    this.eventLimit = Math.max(0, options.eventLimit ?? 10_000)
  }

  now(): number {
    return this.options.now()
  }

  nextSeq(): number {
    return ++this.seq
  }

  sid(prefix: string): string {
    return this.random.sid(prefix)
  }

  nextSolutionDbid(): number {
    return this.nextDbid++
  }

  ensureAccount(sid: string, authToken: string): AccountState {
    let account = this.accounts.get(sid)
    if (account === undefined) {
      account = { sid, authToken, workspaces: new Collection() }
      this.accounts.set(sid, account)
    }
    return account
  }

  /** An empty workspace record (no activities yet). */
  newWorkspace(account: AccountState, friendlyName: string): WorkspaceState {
    const now = this.now()
    const ws: WorkspaceState = {
      sid: this.sid("WS"),
      seq: this.nextSeq(),
      accountSid: account.sid,
      friendlyName,
      eventCallbackUrl: null,
      eventsFilter: null,
      multiTaskEnabled: true,
      prioritizeQueueOrder: "FIFO",
      defaultActivitySid: "",
      timeoutActivitySid: "",
      dateCreated: now,
      dateUpdated: now,
      solutionDbid: this.nextSolutionDbid(),
      activities: new Collection(),
      taskChannels: new Collection(),
      taskQueues: new Collection(),
      workflows: new Collection(),
      workers: new Collection(),
      tasks: new Collection(),
      reservations: new Map(),
      events: new Collection(),
      history: new History(),
      view: undefined,
    }
    account.workspaces.add(ws)
    return ws
  }

  /** Records an event in the workspace log and queues its frame for the subscribers. */
  emit(ws: WorkspaceState, spec: EventSpec): void {
    const actor = this.actor ?? { type: "workspace", sid: ws.sid }
    const event: EventState = {
      sid: this.sid("EV"),
      seq: this.nextSeq(),
      eventType: spec.type,
      date: this.now(),
      description: spec.description,
      resourceType: spec.resourceType,
      resourceSid: spec.resourceSid,
      actorType: actor.type,
      actorSid: actor.sid,
      eventData: spec.data,
      taskSid: spec.keys.task ?? null,
      workerSid: spec.keys.worker ?? null,
      reservationSid: spec.keys.reservation ?? null,
      taskQueueSid: spec.keys.queue ?? null,
      workflowSid: spec.keys.workflow ?? null,
      taskChannelSid: spec.keys.channel ?? null,
    }
    ws.events.add(event)
    if (ws.events.size > this.eventLimit) {
      const oldest = ws.events.first()
      if (oldest !== undefined) ws.events.delete(oldest.sid)
    }
    const key = `${ws.accountSid}/${ws.sid}`
    const listeners = this.listeners.get(key)
    if (listeners !== undefined && listeners.size > 0)
      this.outbox.push({ key, frame: { event_type: spec.type, payload: spec.payload() } })
  }

  /** Runs requested assignment passes, then delivers queued frames in order. */
  settle(): void {
    runPendingAssignments(this)
    while (this.outbox.length > 0) {
      const batch = this.outbox.splice(0, this.outbox.length)
      for (const { key, frame } of batch) {
        const listeners = this.listeners.get(key)
        if (listeners === undefined) continue
        for (const listener of [...listeners]) {
          try {
            listener(frame)
          } catch {
            // a listener's failure is its own; the others still get the frame
          }
        }
      }
    }
  }

  seedAccount(seed: {
    readonly seed: "empty" | "demo"
    readonly accountSid?: string
    readonly authToken?: string
  }): SeedInfo {
    const accountSid = seed.accountSid ?? this.sid("AC")
    const authToken = seed.authToken ?? this.random.hex(32)
    const account = this.ensureAccount(accountSid, authToken)
    const ws = buildSeed(this, account, seed.seed)
    this.settle()
    return { accountSid, authToken, workspaceSid: ws.sid, solutionDbid: ws.solutionDbid }
  }

  handle(request: RestRequest): RestResponse {
    this.actor = { type: "account", sid: request.accountSid }
    try {
      return dispatch(this, request)
    } finally {
      this.actor = undefined
      this.settle()
    }
  }

  fireDue(): void {
    for (;;) {
      const run = this.timers.popDue(this.now())
      if (run === undefined) return
      this.actor = undefined
      try {
        run()
      } catch {
        // a timer's failure must not stop the others
      }
      this.settle()
    }
  }

  nextDeadline(): number {
    return this.timers.next()
  }

  subscribe(accountSid: string, workspaceSid: string, listener: (frame: EventFrame) => void): () => void {
    const key = `${accountSid}/${workspaceSid}`
    let set = this.listeners.get(key)
    if (set === undefined) {
      set = new Set()
      this.listeners.set(key, set)
    }
    const wrapped = (frame: EventFrame) => listener(frame)
    set.add(wrapped)
    return () => {
      const current = this.listeners.get(key)
      if (current === undefined) return
      current.delete(wrapped)
      if (current.size === 0) this.listeners.delete(key)
    }
  }

  authToken(accountSid: string): string | undefined {
    return this.accounts.get(accountSid)?.authToken
  }

  workspace(accountSid: string, workspaceSid: string): WorkspaceState | undefined {
    return this.accounts.get(accountSid)?.workspaces.get(workspaceSid)
  }

  /** The views of one workspace; `parts` (default: all of them) names the ones to build. */
  snapshot(accountSid: string, workspaceSid: string): WorkspaceView | undefined
  snapshot<K extends WorkspaceViewPart>(
    accountSid: string,
    workspaceSid: string,
    parts: ReadonlyArray<K>,
  ): Pick<WorkspaceView, K | "solutionDbid"> | undefined
  snapshot(
    accountSid: string,
    workspaceSid: string,
    parts?: ReadonlyArray<WorkspaceViewPart>,
  ): Partial<WorkspaceView> | undefined {
    const ws = this.workspace(accountSid, workspaceSid)
    if (ws === undefined) return undefined
    const now = this.now()
    const view: Partial<WorkspaceView> = {}
    const build = <K extends WorkspaceViewPart>(part: K): void => {
      view[part] = VIEWS[part](ws, now)
    }
    // (In the order of VIEWS, whatever the order of `parts`.)
    for (const part of VIEW_PARTS) if (parts === undefined || parts.includes(part)) build(part)
    view.solutionDbid = ws.solutionDbid
    return view
  }

  workspaces(): ReadonlyArray<{ accountSid: string; workspaceSid: string; solutionDbid: number }> {
    const out: Array<{ accountSid: string; workspaceSid: string; solutionDbid: number }> = []
    for (const account of this.accounts.values())
      for (const ws of account.workspaces.values())
        out.push({ accountSid: account.sid, workspaceSid: ws.sid, solutionDbid: ws.solutionDbid })
    return out
  }
}

/** @internal */
export const makeEngine = (options: EngineOptions): Engine => new Engine(options)
