/**
 * The TaskRouter v1 emulator's store: one in-memory state per account and workspace, the 61 REST operations
 * as a pure request → response function, routing, statistics and the workspace event stream. The doors
 * (node:http server, in-process Layer, event-bridge websocket) sit on top of this interface.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Latch, type Scope, Semaphore } from "effect"
import { makeEngine } from "./engine.js"

/**
 * One REST request as a door hands it to the store: already authenticated, path without host or query.
 *
 * @example
 * ```ts
 * const request: RestRequest = {
 *   method: "GET", path: "/v1/Workspaces", query: [["PageSize", "20"]], form: [], headers: {},
 *   accountSid: "AC00000000000000000000000000000000", baseUrl: "http://127.0.0.1:8080"
 * }
 * ```
 */
export interface RestRequest {
  readonly method: "GET" | "POST" | "DELETE"
  /** `/v1/Workspaces/WS…/Workers`: no host, no query string. */
  readonly path: string
  /** Decoded query parameters; repeated keys are kept in order. */
  readonly query: ReadonlyArray<readonly [string, string]>
  /** The decoded form body (repeated keys kept). */
  readonly form: ReadonlyArray<readonly [string, string]>
  /** The one JSON body of the API (bulk queue real-time statistics). */
  readonly json?: unknown
  /** Header names in lower case (`if-match`, ...). */
  readonly headers: Readonly<Record<string, string>>
  /** The account the door authenticated. */
  readonly accountSid: string
  /** Origin used for `url`, `links` and `meta` URLs, e.g. `https://taskrouter.twilio.com`. */
  readonly baseUrl: string
}

/**
 * The store's answer. `body` is a JSON value (`undefined` for 204); `text`, when present, is
 * `JSON.stringify(body)` already computed (cached for unchanged resources), so a door can send it as is.
 *
 * @example
 * ```ts
 * const send = (response: RestResponse) => response.text ?? JSON.stringify(response.body)
 * ```
 */
export interface RestResponse {
  readonly status: number
  /** Lower-case header names, e.g. `etag`, `retry-after`. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  readonly text?: string
}

/**
 * One workspace event, as the event bridge pushes it: `event_type` from the TaskRouter event vocabulary and
 * the payload (snake_case resource JSON as `GET` returns it, attributes as JSON strings).
 *
 * @example
 * ```ts
 * const log = (frame: EventFrame) => console.log(frame.event_type)
 * ```
 */
export interface EventFrame {
  readonly event_type: string
  readonly payload: unknown
}

/**
 * What the seed created: the account, its auth token, the seeded workspace and its GTL solution id.
 *
 * @example
 * ```ts
 * const basic = (seed: SeedInfo) => `${seed.accountSid}:${seed.authToken}`
 * ```
 */
export interface SeedInfo {
  readonly accountSid: string
  readonly authToken: string
  readonly workspaceSid: string
  readonly solutionDbid: number
}

/**
 * Read-only wire-shaped views of one workspace: every object is the JSON `GET` returns (url and links built
 * from `https://taskrouter.twilio.com`), attributes included.
 *
 * @example
 * ```ts
 * const pending = (view: WorkspaceView) => view.tasks.filter((t) => Reflect.get(t, "assignment_status") === "pending")
 * ```
 */
export interface WorkspaceView {
  workspace: object
  activities: object[]
  taskQueues: object[]
  workflows: object[]
  workers: object[]
  taskChannels: object[]
  tasks: object[]
  solutionDbid: number
}

/**
 * A part of a {@link WorkspaceView} that {@link Emulator.snapshot} can build on its own.
 *
 * @example
 * ```ts
 * const structure: ReadonlyArray<WorkspaceViewPart> = ["workspace", "workflows", "taskQueues", "taskChannels"]
 * ```
 */
export type WorkspaceViewPart = Exclude<keyof WorkspaceView, "solutionDbid">

/**
 * The emulator. `handle` never fails: errors are Twilio error bodies `{code, message, more_info, status}`;
 * concurrent calls (and the emulator's own timers) run one at a time.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator } from "@taskroute/testing"
 * const program = Effect.gen(function*() {
 *   const emulator = yield* Emulator.make({ seed: "demo" })
 *   const response = yield* emulator.handle({
 *     method: "GET", path: `/v1/Workspaces/${emulator.seed.workspaceSid}/Workers`, query: [], form: [],
 *     headers: {}, accountSid: emulator.seed.accountSid, baseUrl: "https://taskrouter.twilio.com"
 *   })
 *   return response.status
 * })
 * ```
 */
export interface Emulator {
  readonly seed: SeedInfo
  /** Never fails: errors are Twilio error bodies. Serialised: concurrent calls run one at a time. */
  readonly handle: (request: RestRequest) => Effect.Effect<RestResponse>
  /** Every state change's events for that workspace, exactly once, in order. Returns unsubscribe. */
  readonly subscribe: (
    accountSid: string,
    workspaceSid: string,
    listener: (frame: EventFrame) => void,
  ) => () => void
  /** The auth token of a known account. */
  readonly authToken: (accountSid: string) => string | undefined
  /**
   * Read-only wire-shaped views (the same JSON GET returns) for the GTL module and tests, as they are now. With
   * `parts`, only those views are built (and `solutionDbid`): every view costs time in proportion to its
   * resources, so a caller that needs the workflows of a workspace with 100,000 tasks should not build the tasks.
   */
  readonly snapshot: {
    (accountSid: string, workspaceSid: string): WorkspaceView | undefined
    <K extends WorkspaceViewPart>(
      accountSid: string,
      workspaceSid: string,
      parts: ReadonlyArray<K>,
    ): Pick<WorkspaceView, K | "solutionDbid"> | undefined
  }
  /** Every workspace of every account, in creation order. */
  readonly workspaces: () => ReadonlyArray<{ accountSid: string; workspaceSid: string; solutionDbid: number }>
}

/**
 * Options of {@link make}. `random` seeds the SID generator (same seed, same SIDs); `accountSid` and
 * `authToken` fix the seeded account's credentials.
 *
 * @example
 * ```ts
 * const options: MakeOptions = { seed: "demo", random: 42 }
 * ```
 */
export interface MakeOptions {
  readonly seed?: "empty" | "demo"
  readonly random?: number | string
  readonly accountSid?: string
  readonly authToken?: string
  /** Events kept per workspace for `GET /Events` (default 10,000; the oldest are dropped first). */
  readonly eventLimit?: number
}

/**
 * Creates an emulator whose timers (reservation and task timeouts, deletion of finished tasks) run in the
 * surrounding scope on the current `Clock` (drive it with `TestClock` in tests).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Emulator } from "@taskroute/testing"
 * const seed = Effect.scoped(Effect.map(Emulator.make({ seed: "empty" }), (emulator) => emulator.seed))
 * ```
 */
export const make = (options: MakeOptions = {}): Effect.Effect<Emulator, never, Scope.Scope> =>
  Effect.gen(function* () {
    const clock = yield* Clock.Clock
    const semaphore = yield* Semaphore.make(1)
    const wake = Latch.makeUnsafe(false)
    let sleepingUntil = Number.POSITIVE_INFINITY
    const engine = makeEngine({
      now: () => clock.currentTimeMillisUnsafe(),
      random: options.random ?? 0,
      eventLimit: options.eventLimit,
      onEarlierDeadline: (deadline) => {
        if (deadline < sleepingUntil) wake.openUnsafe()
      },
    })
    const seed = engine.seedAccount({
      seed: options.seed ?? "empty",
      ...(options.accountSid === undefined ? {} : { accountSid: options.accountSid }),
      ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
    })
    const serialised = semaphore.withPermits(1)
    const timers = Effect.gen(function* () {
      while (true) {
        yield* serialised(Effect.sync(() => engine.fireDue()))
        wake.closeUnsafe()
        const next = engine.nextDeadline()
        sleepingUntil = next
        if (next === Number.POSITIVE_INFINITY) {
          yield* wake.await
        } else {
          const delay = Math.max(0, next - clock.currentTimeMillisUnsafe())
          yield* Effect.raceFirst(Effect.sleep(delay), wake.await)
        }
        sleepingUntil = Number.POSITIVE_INFINITY
      }
    })
    yield* Effect.forkScoped(timers)
    return {
      seed,
      handle: (request) => serialised(Effect.sync(() => engine.handle(request))),
      subscribe: (accountSid, workspaceSid, listener) => engine.subscribe(accountSid, workspaceSid, listener),
      authToken: (accountSid) => engine.authToken(accountSid),
      snapshot: engine.snapshot.bind(engine),
      workspaces: () => engine.workspaces(),
    } satisfies Emulator
  })
