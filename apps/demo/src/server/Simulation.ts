/**
 * The demo's simulation: a small contact centre driven through the TaskRouter REST API, so that it works the
 * same against the emulator and against a real workspace. Tasks arrive with attributes every few seconds;
 * simulated agents answer their pending reservations (most are accepted, a few rejected), talk, wrap up and
 * complete; idle agents go on a break now and then and come back. Everything is bounded (open tasks, breaks,
 * requests per tick) and `stop()` ends it cleanly.
 */
import { bool, isRecord, type RestClient, RestError, str } from "./internal/rest.js"

/**
 * Options of {@link startSimulation}. Durations are in milliseconds.
 *
 * @example
 * ```ts
 * const options: SimulationOptions = { rest, arrivalMs: 4000, maxOpenTasks: 20 }
 * ```
 */
export interface SimulationOptions {
  readonly rest: RestClient
  /** Mean time between new tasks (default 4000; each gap is drawn between half and one and a half times it). */
  readonly arrivalMs?: number | undefined
  /** No new task while this many are pending, reserved or assigned (default 25). */
  readonly maxOpenTasks?: number | undefined
  /** Stop creating tasks after this many (default: unbounded; the open-task bound still holds). */
  readonly maxTasks?: number | undefined
  /** Period of the simulation loop (default 1000). */
  readonly tickMs?: number | undefined
  /** Time an agent lets a reservation ring before answering (default 1500 ± 50%). */
  readonly ringMs?: number | undefined
  /** Talk time of an accepted task (default 9000 ± 50%). */
  readonly talkMs?: number | undefined
  /** Wrap-up time (default 4000 ± 50%). */
  readonly wrapMs?: number | undefined
  /** Break length (default 15000 ± 50%). */
  readonly breakMs?: number | undefined
  /** Chance per tick that an idle available agent goes on a break (default 0.02). */
  readonly breakChance?: number | undefined
  /** Share of reservations the agents reject (default 0.1). */
  readonly rejectChance?: number | undefined
  /** Only these workers are simulated agents (default: every worker of the workspace). */
  readonly agents?: ReadonlyArray<string> | undefined
  /** Random numbers in [0, 1) (default `Math.random`). */
  readonly random?: (() => number) | undefined
  /** Receives one line per thing that happened. */
  readonly log?: ((line: string) => void) | undefined
}

/**
 * What the simulation has done so far.
 *
 * @example
 * ```ts
 * const busy = (s: SimulationStats) => s.tasksCreated - s.tasksCompleted
 * ```
 */
export interface SimulationStats {
  readonly ticks: number
  readonly tasksCreated: number
  readonly reservationsAccepted: number
  readonly reservationsRejected: number
  readonly tasksWrapped: number
  readonly tasksCompleted: number
  readonly breaksTaken: number
  /** Agents back from a break (to Available). */
  readonly breaksEnded: number
  /** Requests that failed (a race with a person using the console, a timeout...); the simulation goes on. */
  readonly errors: number
}

/**
 * A running simulation.
 *
 * @example
 * ```ts
 * const simulation = await startSimulation({ rest })
 * await simulation.stop()
 * ```
 */
export interface Simulation {
  readonly stats: () => SimulationStats
  /** Stops the loop and waits for the tick in progress. Idempotent. */
  readonly stop: () => Promise<void>
}

interface Activities {
  readonly available: string
  readonly break: string | undefined
  readonly wrapUp: string | undefined
}

interface Call {
  readonly taskSid: string
  readonly workerSid: string
  phase: "talking" | "wrapping"
  due: number
  movedToWrapUp: boolean
}

const SUBJECTS = [
  "Card blocked abroad",
  "Upgrade to the family plan",
  "Refund for a double charge",
  "Delivery is late",
  "Change of address",
  "Cannot log in",
  "Invoice copy",
  "New contract",
  "Router keeps rebooting",
  "Cancel subscription",
]
const CUSTOMERS = [
  "Ada Lovelace",
  "Grace Hopper",
  "Alan Turing",
  "Katherine Johnson",
  "Edsger Dijkstra",
  "Barbara Liskov",
  "Donald Knuth",
  "Margaret Hamilton",
  "Ken Thompson",
  "Radia Perlman",
  "Tim Berners-Lee",
  "Frances Allen",
]
const TYPES = ["support", "sales", "billing"] as const
const LANGUAGES = ["en", "en", "en", "es", "fr"] as const
const CHANNELS = ["voice", "chat", "email"] as const
const TIERS = ["Gold", "Silver", "Silver", "Bronze", "Bronze"] as const

const byName = (activities: ReadonlyArray<object>, pattern: RegExp): object | undefined =>
  activities.find((a) => pattern.test(str(a, "friendly_name") ?? ""))

const resolveActivities = (activities: ReadonlyArray<object>): Activities => {
  const available =
    byName(activities, /^(available|idle|ready)$/i) ?? activities.find((a) => bool(a, "available") === true)
  const availableSid = str(available, "sid")
  if (availableSid === undefined) {
    throw new Error("The workspace has no available activity (one with Available=true) for simulated agents")
  }
  const unavailable = activities.filter((a) => bool(a, "available") === false)
  return {
    available: availableSid,
    break: str(byName(unavailable, /break|lunch|pause/i), "sid"),
    wrapUp: str(byName(unavailable, /wrap/i), "sid"),
  }
}

/**
 * Starts the simulation against the workspace `rest` talks to; resolves once the workspace's activities and
 * workflows are known (rejects if it has no available activity or no workflow).
 *
 * @example
 * ```ts
 * import { makeRestClient } from "./internal/rest.js"
 * const rest = makeRestClient({ baseUrl: fake.url, accountSid, authToken, workspaceSid })
 * const simulation = await startSimulation({ rest, arrivalMs: 3000 })
 * ```
 */
export const startSimulation = async (options: SimulationOptions): Promise<Simulation> => {
  const rest = options.rest
  const random = options.random ?? Math.random
  const log = options.log ?? (() => {})
  const spread = (mean: number) => Math.round(mean * (0.5 + random()))
  const pick = <A>(items: ReadonlyArray<A>): A => {
    const item = items[Math.floor(random() * items.length)]
    if (item === undefined) throw new Error("pick from an empty list")
    return item
  }
  const arrivalMs = options.arrivalMs ?? 4000
  const maxOpen = options.maxOpenTasks ?? 25
  const tickMs = options.tickMs ?? 1000
  const ringMs = options.ringMs ?? 1500
  const talkMs = options.talkMs ?? 9000
  const wrapMs = options.wrapMs ?? 4000
  const breakMs = options.breakMs ?? 15_000
  const breakChance = options.breakChance ?? 0.02
  const rejectChance = options.rejectChance ?? 0.1
  const agentFilter = options.agents === undefined ? undefined : new Set(options.agents)

  const activities = resolveActivities(await rest.list("/Activities", "activities"))
  const workflows = await rest.list("/Workflows", "workflows")
  const workflowSid = str(workflows[0], "sid")
  if (workflowSid === undefined) throw new Error("The workspace has no workflow to create tasks with")

  const stats = {
    ticks: 0,
    tasksCreated: 0,
    reservationsAccepted: 0,
    reservationsRejected: 0,
    tasksWrapped: 0,
    tasksCompleted: 0,
    breaksTaken: 0,
    breaksEnded: 0,
    errors: 0,
  }
  /** Reservation SID -> when the agent answers it. */
  const ringing = new Map<string, { taskSid: string; workerSid: string; due: number }>()
  /** Task SID -> the call in progress. */
  const calls = new Map<string, Call>()
  /** Worker SID -> when the break ends. */
  const breaks = new Map<string, number>()
  let nextArrival = Date.now() + Math.min(1000, arrivalMs)
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()

  const attempt = async (what: string, action: () => Promise<unknown>): Promise<boolean> => {
    try {
      await action()
      return true
    } catch (error) {
      stats.errors++
      const reason = error instanceof RestError ? error.message : String(error)
      log(`simulation: ${what} failed (${reason})`)
      return false
    }
  }

  const createTask = async () => {
    const type = pick(TYPES)
    const tier = pick(TIERS)
    // The demo seed's vocabulary: `type` and `customer_value` drive its workflow's filters; `businessValue`
    // is the GTL's core.businessValue (column IWD_businessValue).
    const attributes = {
      type,
      channel: pick(CHANNELS),
      language: pick(LANGUAGES),
      subject: pick(SUBJECTS),
      customer: pick(CUSTOMERS),
      customer_value: tier,
      businessValue: 1 + Math.floor(random() * 5),
      source: "simulation",
    }
    const ok = await attempt("creating a task", async () => {
      const task = await rest.post("/Tasks", {
        WorkflowSid: workflowSid,
        Attributes: JSON.stringify(attributes),
        Priority: tier === "Gold" ? 10 : 0,
        Timeout: 3600,
      })
      log(`simulation: new ${type} task ${str(task, "sid") ?? "?"} (${attributes.subject})`)
    })
    if (ok) stats.tasksCreated++
  }

  const openTasks = async (): Promise<number> => {
    const statistics = await rest.get("/RealTimeStatistics")
    const byStatus = isRecord(statistics) ? statistics.tasks_by_status : undefined
    if (!isRecord(byStatus)) return 0
    let open = 0
    for (const status of ["pending", "reserved", "assigned"]) {
      const n = byStatus[status]
      if (typeof n === "number") open += n
    }
    return open
  }

  const arrivals = async (now: number) => {
    if (now < nextArrival) return
    nextArrival = now + spread(arrivalMs)
    if (options.maxTasks !== undefined && stats.tasksCreated >= options.maxTasks) return
    let open = 0
    const known = await attempt("reading statistics", async () => {
      open = await openTasks()
    })
    if (known && open < maxOpen) await createTask()
  }

  const isAgent = (workerSid: string) => agentFilter === undefined || agentFilter.has(workerSid)

  const findReservations = async (now: number) => {
    const reserved = await rest.list("/Tasks", "tasks", { AssignmentStatus: "reserved" }, 200)
    const known = new Set([...ringing.values()].map((r) => r.taskSid))
    for (const task of reserved) {
      const taskSid = str(task, "sid")
      if (taskSid === undefined || known.has(taskSid)) continue
      const reservations = await rest.list(
        `/Tasks/${taskSid}/Reservations`,
        "reservations",
        { ReservationStatus: "pending" },
        50,
      )
      for (const reservation of reservations) {
        const sid = str(reservation, "sid")
        const workerSid = str(reservation, "worker_sid")
        if (sid === undefined || workerSid === undefined || ringing.has(sid) || !isAgent(workerSid)) continue
        ringing.set(sid, { taskSid, workerSid, due: now + spread(ringMs) })
      }
    }
  }

  /**
   * Takes over the tasks agents were already working on when the simulation started (or that someone else
   * accepted for them), so that every agent's work moves on and nobody is sent on a break mid-call.
   */
  const adoptCalls = async (now: number) => {
    for (const phase of ["assigned", "wrapping"] as const) {
      const tasks = await rest.list("/Tasks", "tasks", { AssignmentStatus: phase }, 200)
      for (const task of tasks) {
        const taskSid = str(task, "sid")
        if (taskSid === undefined || calls.has(taskSid)) continue
        const reservations = await rest.list(`/Tasks/${taskSid}/Reservations`, "reservations", {}, 50)
        const held = reservations.find((r) => {
          const status = str(r, "reservation_status")
          return status === "accepted" || status === "wrapping"
        })
        const workerSid = str(held, "worker_sid")
        if (workerSid === undefined || !isAgent(workerSid)) continue
        calls.set(taskSid, {
          taskSid,
          workerSid,
          phase: phase === "assigned" ? "talking" : "wrapping",
          due: now + spread(phase === "assigned" ? talkMs : wrapMs),
          movedToWrapUp: false,
        })
      }
    }
  }

  const answer = async (now: number) => {
    for (const [sid, ring] of [...ringing]) {
      if (stopped || ring.due > now) continue
      ringing.delete(sid)
      const reject = random() < rejectChance
      const ok = await attempt(`answering reservation ${sid}`, () =>
        rest.post(`/Tasks/${ring.taskSid}/Reservations/${sid}`, {
          ReservationStatus: reject ? "rejected" : "accepted",
        }),
      )
      if (!ok) continue
      if (reject) {
        stats.reservationsRejected++
        log(`simulation: ${ring.workerSid} rejected ${ring.taskSid}`)
      } else {
        stats.reservationsAccepted++
        calls.set(ring.taskSid, {
          taskSid: ring.taskSid,
          workerSid: ring.workerSid,
          phase: "talking",
          due: now + spread(talkMs),
          movedToWrapUp: false,
        })
        log(`simulation: ${ring.workerSid} accepted ${ring.taskSid}`)
      }
    }
  }

  const progressCalls = async (now: number) => {
    for (const call of [...calls.values()]) {
      if (stopped || call.due > now) continue
      if (call.phase === "talking") {
        const ok = await attempt(`wrapping ${call.taskSid}`, () =>
          rest.post(`/Tasks/${call.taskSid}`, { AssignmentStatus: "wrapping" }),
        )
        if (!ok) {
          calls.delete(call.taskSid)
          continue
        }
        stats.tasksWrapped++
        call.phase = "wrapping"
        call.due = now + spread(wrapMs)
        if (activities.wrapUp !== undefined) {
          call.movedToWrapUp = await attempt(`moving ${call.workerSid} to wrap-up`, () =>
            rest.post(`/Workers/${call.workerSid}`, { ActivitySid: activities.wrapUp }),
          )
        }
      } else {
        calls.delete(call.taskSid)
        const ok = await attempt(`completing ${call.taskSid}`, () =>
          rest.post(`/Tasks/${call.taskSid}`, { AssignmentStatus: "completed", Reason: "resolved" }),
        )
        if (ok) {
          stats.tasksCompleted++
          log(`simulation: ${call.workerSid} completed ${call.taskSid}`)
        }
        if (call.movedToWrapUp) {
          await attempt(`making ${call.workerSid} available`, () =>
            rest.post(`/Workers/${call.workerSid}`, { ActivitySid: activities.available }),
          )
        }
      }
    }
  }

  const takeBreaks = async (now: number) => {
    const breakSid = activities.break
    if (breakSid === undefined) return
    const workers = (await rest.list("/Workers", "workers", {}, 500)).filter((w) =>
      isAgent(str(w, "sid") ?? ""),
    )
    const busy = new Set([...calls.values()].map((c) => c.workerSid))
    for (const ring of ringing.values()) busy.add(ring.workerSid)
    for (const [workerSid, until] of [...breaks]) {
      if (stopped || until > now) continue
      breaks.delete(workerSid)
      const worker = workers.find((w) => str(w, "sid") === workerSid)
      // Someone moved the agent elsewhere from the console meanwhile: leave them there.
      if (str(worker, "activity_sid") !== breakSid) continue
      const ok = await attempt(`ending the break of ${workerSid}`, () =>
        rest.post(`/Workers/${workerSid}`, { ActivitySid: activities.available }),
      )
      if (ok) stats.breaksEnded++
    }
    const available = workers.filter((w) => str(w, "activity_sid") === activities.available)
    const maxOnBreak = Math.max(1, Math.floor(workers.length / 4))
    for (const worker of available) {
      const sid = str(worker, "sid")
      if (sid === undefined || busy.has(sid) || breaks.has(sid) || breaks.size >= maxOnBreak) continue
      if (random() >= breakChance) continue
      const ok = await attempt(`sending ${sid} on a break`, () =>
        rest.post(`/Workers/${sid}`, { ActivitySid: breakSid }),
      )
      if (ok) {
        stats.breaksTaken++
        breaks.set(sid, now + spread(breakMs))
        log(`simulation: ${str(worker, "friendly_name") ?? sid} goes on a break`)
      }
    }
  }

  const tick = async () => {
    stats.ticks++
    const now = Date.now()
    await arrivals(now)
    if (stopped) return
    await attempt("listing reservations", () => findReservations(now))
    if (stopped) return
    if (stats.ticks % 5 === 1) await attempt("listing calls in progress", () => adoptCalls(now))
    if (stopped) return
    await answer(now)
    if (stopped) return
    await progressCalls(now)
    if (stopped) return
    await attempt("scheduling breaks", () => takeBreaks(now))
  }

  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      running = tick()
        .catch((error: unknown) => {
          stats.errors++
          log(`simulation: tick failed (${String(error)})`)
        })
        .finally(schedule)
    }, tickMs)
  }
  schedule()

  let stopping: Promise<void> | undefined
  return {
    stats: () => ({ ...stats }),
    stop: () => {
      stopping ??= (async () => {
        stopped = true
        if (timer !== undefined) clearTimeout(timer)
        await running
      })()
      return stopping
    },
  }
}
