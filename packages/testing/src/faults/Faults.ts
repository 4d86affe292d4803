import { makePrng } from "./internal/prng.js"
import { compileRoute, type RouteMatcher, type RoutePattern } from "./internal/routePattern.js"

export type { RoutePattern } from "./internal/routePattern.js"

/**
 * The error statuses a fault can answer with: 500 (code 20500), 503 (code 20503), 429 (code 20429, with
 * `Retry-After`).
 *
 * @example
 * ```ts
 * const status: Faults.FaultStatus = 503
 * ```
 */
export type FaultStatus = 429 | 500 | 503

/**
 * Which requests a fault applies to. Without options, every HTTP request of the emulator.
 *
 * @example
 * ```ts
 * const scope: Faults.FaultScope = { route: /\/Tasks$/, method: "POST" }
 * ```
 */
export interface FaultScope {
  /**
   * A path glob (`*` one segment, `**` any depth) or a RegExp, tested against the request path (no query) and,
   * for an event-bridge proxy request, against the proxied REST path too. Default `"**"`.
   */
  readonly route?: RoutePattern | undefined
  /** Only requests with this method (for proxy requests: the HTTP method or the proxied method). */
  readonly method?: "GET" | "POST" | "DELETE" | undefined
}

/**
 * Options of an error fault.
 *
 * @example
 * ```ts
 * const options: Faults.FailOptions = { route: /Workers/, retryAfter: 5 }
 * ```
 */
export interface FailOptions extends FaultScope {
  /** Seconds sent in `Retry-After` (429 only; default 1). */
  readonly retryAfter?: number | undefined
}

/**
 * A registered fault; `remove()` takes it away (idempotent).
 *
 * @example
 * ```ts
 * const slow = server.faults.latency("/v1/**", 200)
 * slow.remove()
 * ```
 */
export interface FaultHandle {
  readonly remove: () => void
}

/**
 * Faults injected on demand into the emulator's HTTP doors and websockets. Shared by `startFakeServer()` and
 * `FakeTaskRouter.layer`: both expose a `faults` object of this type.
 *
 * @example
 * ```ts
 * const server = await startFakeServer()
 * server.faults.latency("/v1/Workspaces/**", 250)               // slow REST calls
 * server.faults.failNext(2, 503)                                 // the next two requests fail
 * server.faults.failRandomly(0.1, 429, { retryAfter: 3 })        // 10%, seeded, Retry-After: 3
 * server.faults.pauseHeartbeats()
 * server.faults.clear()
 * ```
 */
export interface Faults {
  /** Delay matching requests by `ms` milliseconds (on the emulator's clock: TestClock in-process). */
  readonly latency: (
    route: RoutePattern,
    ms: number,
    options?: { readonly method?: FaultScope["method"] },
  ) => FaultHandle
  /** Answer the next `count` matching requests with `status` and the Twilio error body. */
  readonly failNext: (count: number, status: FaultStatus, options?: FailOptions) => FaultHandle
  /** Answer each matching request with `status` with this probability (0..1), drawn from a seeded PRNG. */
  readonly failRandomly: (probability: number, status: FaultStatus, options?: FailOptions) => FaultHandle
  /** Abruptly drop every open event-bridge socket (no close frame: code 1006). Returns how many were dropped. */
  readonly dropSockets: () => number
  /** Send one malformed (non-JSON) text frame to every open socket. Returns how many received it. */
  readonly malformedFrame: (text?: string) => number
  /** Stop sending heartbeat frames until `resumeHeartbeats()`. */
  readonly pauseHeartbeats: () => void
  readonly resumeHeartbeats: () => void
  readonly heartbeatsPaused: () => boolean
  /** Remove every latency and error fault and resume heartbeats. */
  readonly clear: () => void
}

/**
 * What the doors must do to one request, as decided by the current faults.
 *
 * @example
 * ```ts
 * const decision: Faults.FaultDecision = controller.decide(["GET"], ["/v1/Workspaces"])
 * if (decision.failure !== undefined) console.log(decision.failure.status)
 * ```
 */
export interface FaultDecision {
  readonly delayMs: number
  readonly failure: FaultFailure | undefined
}

/**
 * An injected error: the HTTP status, the Twilio error code and message, and `Retry-After` seconds for 429.
 *
 * @example
 * ```ts
 * const failure: Faults.FaultFailure = { status: 429, code: 20429, message: "Too Many Requests", retryAfter: 1 }
 * ```
 */
export interface FaultFailure {
  readonly status: FaultStatus
  readonly code: number
  readonly message: string
  readonly retryAfter: number | undefined
}

/**
 * The sockets a fault can act on (the websocket hub of a door).
 *
 * @example
 * ```ts
 * const detach = controller.attachSockets({ dropAll: () => 0, sendRawToAll: () => 0 })
 * ```
 */
export interface FaultSockets {
  readonly dropAll: () => number
  readonly sendRawToAll: (text: string) => number
}

/**
 * The controller of one emulator instance: the public {@link Faults} plus what the doors call.
 *
 * @example
 * ```ts
 * const controller: Faults.FaultController = Faults.make({ random: 1 })
 * controller.faults.failNext(1, 500)
 * ```
 */
export interface FaultController {
  readonly faults: Faults
  /** Decide for one request; `paths` are the HTTP path and, for proxy requests, the proxied path. */
  readonly decide: (methods: ReadonlyArray<string>, paths: ReadonlyArray<string>) => FaultDecision
  /** Register a socket hub (returns a function that unregisters it). */
  readonly attachSockets: (sockets: FaultSockets) => () => void
}

interface Rule {
  readonly id: number
  readonly matches: RouteMatcher
  readonly method: string | undefined
}
interface LatencyRule extends Rule {
  readonly ms: number
}
interface FailRule extends Rule {
  readonly status: FaultStatus
  readonly retryAfter: number | undefined
  remaining: number | undefined
  readonly probability: number | undefined
}

const failureOf = (status: FaultStatus, retryAfter: number | undefined): FaultFailure => {
  switch (status) {
    case 429:
      return { status, code: 20429, message: "Too Many Requests", retryAfter: retryAfter ?? 1 }
    case 500:
      return { status, code: 20500, message: "Internal Server Error", retryAfter: undefined }
    case 503:
      return { status, code: 20503, message: "Service Unavailable", retryAfter: undefined }
  }
}

const checkStatus = (status: number): FaultStatus => {
  if (status === 429 || status === 500 || status === 503) return status
  throw new RangeError(`faults: status must be 429, 500 or 503, got ${status}`)
}

/**
 * Creates the fault controller of one emulator instance. `random` seeds the PRNG of `failRandomly`.
 *
 * @example
 * ```ts
 * const { faults, decide } = Faults.make({ random: 42 })
 * faults.failNext(1, 500)
 * decide(["GET"], ["/v1/Workspaces"]).failure?.status // 500
 * ```
 */
export const make = (options: { readonly random?: number | string | undefined } = {}): FaultController => {
  const nextRandom = makePrng(options.random)
  let nextId = 0
  let latencies: Array<LatencyRule> = []
  let failures: Array<FailRule> = []
  let paused = false
  const hubs = new Set<FaultSockets>()

  const applies = (rule: Rule, methods: ReadonlyArray<string>, paths: ReadonlyArray<string>): boolean =>
    (rule.method === undefined || methods.includes(rule.method)) && paths.some(rule.matches)

  const handle = (remove: () => void): FaultHandle => ({ remove })

  /** Adds a failure rule (`failNext` counts it down, `failRandomly` draws against its probability). */
  const addFailure = (
    status: number,
    opts: FailOptions | undefined,
    when: Pick<FailRule, "remaining" | "probability">,
  ): FaultHandle => {
    const rule: FailRule = {
      id: nextId++,
      matches: compileRoute(opts?.route ?? "**"),
      method: opts?.method,
      status: checkStatus(status),
      retryAfter: opts?.retryAfter,
      ...when,
    }
    failures = [...failures, rule]
    return handle(() => {
      failures = failures.filter((r) => r.id !== rule.id)
    })
  }

  const faults: Faults = {
    latency: (route, ms, opts) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`faults.latency: ms must be >= 0, got ${ms}`)
      const rule: LatencyRule = { id: nextId++, matches: compileRoute(route), method: opts?.method, ms }
      latencies = [...latencies, rule]
      return handle(() => {
        latencies = latencies.filter((r) => r.id !== rule.id)
      })
    },
    failNext: (count, status, opts) => {
      if (!Number.isInteger(count) || count < 1) {
        throw new RangeError(`faults.failNext: count must be a positive integer, got ${count}`)
      }
      return addFailure(status, opts, { remaining: count, probability: undefined })
    },
    failRandomly: (probability, status, opts) => {
      if (!(probability >= 0 && probability <= 1)) {
        throw new RangeError(`faults.failRandomly: probability must be within 0..1, got ${probability}`)
      }
      return addFailure(status, opts, { remaining: undefined, probability })
    },
    dropSockets: () => {
      let n = 0
      for (const hub of hubs) n += hub.dropAll()
      return n
    },
    malformedFrame: (text = '{"event_type": "task.created", "payload": {') => {
      let n = 0
      for (const hub of hubs) n += hub.sendRawToAll(text)
      return n
    },
    pauseHeartbeats: () => {
      paused = true
    },
    resumeHeartbeats: () => {
      paused = false
    },
    heartbeatsPaused: () => paused,
    clear: () => {
      latencies = []
      failures = []
      paused = false
    },
  }

  const decide = (methods: ReadonlyArray<string>, paths: ReadonlyArray<string>): FaultDecision => {
    let delayMs = 0
    for (const rule of latencies) if (applies(rule, methods, paths)) delayMs += rule.ms
    let failure: FaultFailure | undefined
    for (const rule of failures) {
      if (!applies(rule, methods, paths)) continue
      if (rule.remaining !== undefined) {
        rule.remaining -= 1
        if (rule.remaining <= 0) failures = failures.filter((r) => r.id !== rule.id)
        failure = failureOf(rule.status, rule.retryAfter)
        break
      }
      if (rule.probability !== undefined && nextRandom() < rule.probability) {
        failure = failureOf(rule.status, rule.retryAfter)
        break
      }
    }
    return { delayMs, failure }
  }

  return {
    faults,
    decide,
    attachSockets: (sockets) => {
      hubs.add(sockets)
      return () => {
        hubs.delete(sockets)
      }
    },
  }
}
