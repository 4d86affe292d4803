/**
 * Workflow configuration as TaskRouter accepts it: `{"task_routing": {"filters": [...], "default_filter": {...}}}`.
 * Targets name their queue with `queue` or the legacy `task_queue_sid`; later targets of a filter inherit the
 * previous target's queue. Validation errors name what is wrong and where.
 *
 * @internal
 */
import { Sid } from "@taskroute/core"
import { compile, compileReference, isProblem, type Matcher } from "./expressions.js"

/** One `order_by` key: `worker.<attribute> ASC|DESC`. @internal */
export interface OrderKey {
  readonly path: (record: unknown) => unknown
  readonly descending: boolean
}

/** A routing step. @internal */
export interface Target {
  readonly queue: string
  readonly priority: number | undefined
  readonly timeout: number | undefined
  readonly expression: Matcher | undefined
  readonly skipIf: Matcher | undefined
  readonly orderBy: ReadonlyArray<OrderKey>
  readonly knownWorkerSid: ((record: unknown) => unknown) | undefined
  readonly knownWorkerFriendlyName: ((record: unknown) => unknown) | undefined
}

/** @internal */
export interface Filter {
  readonly name: string
  readonly expression: Matcher
  readonly targets: ReadonlyArray<Target>
}

/** A parsed, validated configuration. @internal */
export interface WorkflowConfig {
  readonly filters: ReadonlyArray<Filter>
  readonly defaultTarget: Target | undefined
  /** Every queue SID the configuration names. */
  readonly queues: ReadonlySet<string>
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const integerOf = (u: unknown): number | undefined => {
  if (typeof u === "number" && Number.isInteger(u)) return u
  if (typeof u === "string" && /^-?\d+$/.test(u.trim())) return Number(u.trim())
  return undefined
}

const stringOf = (u: unknown): string | undefined => (typeof u === "string" ? u : undefined)

/**
 * Parses and validates configuration text. `queueExists` says whether a WQ SID names a queue of the workspace.
 * Returns the configuration or a message for a 400.
 *
 * @internal
 */
export const parseWorkflowConfig = (
  text: string,
  queueExists: (sid: string) => boolean,
): WorkflowConfig | string => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return "Configuration is not valid JSON"
  }
  if (!isRecord(json)) return "Configuration must be a JSON object"
  const routing = json.task_routing
  if (!isRecord(routing)) return "Configuration must have a task_routing object"
  const queues = new Set<string>()

  const parseTarget = (
    raw: unknown,
    where: string,
    inherited: string | undefined,
    isDefault: boolean,
  ): Target | string => {
    if (!isRecord(raw)) return `${where} must be an object`
    const queueRaw = raw.queue ?? raw.task_queue_sid
    let queue: string | undefined
    if (queueRaw === undefined) queue = inherited
    else if (typeof queueRaw === "string") queue = queueRaw
    else return `${where}.queue must be a TaskQueue SID`
    if (queue === undefined) return `${where} must name a queue (queue or task_queue_sid)`
    if (!Sid.is("WQ", queue)) return `${where}.queue ${JSON.stringify(queue)} is not a TaskQueue SID`
    if (!queueExists(queue)) return `${where}.queue ${queue} is not a TaskQueue of this workspace`
    queues.add(queue)
    let priority: number | undefined
    if (raw.priority !== undefined && raw.priority !== null) {
      priority = integerOf(raw.priority)
      if (priority === undefined || priority < 0) return `${where}.priority must be a non-negative integer`
    }
    let timeout: number | undefined
    if (raw.timeout !== undefined && raw.timeout !== null) {
      if (isDefault) return `${where}: default_filter cannot have a timeout`
      timeout = integerOf(raw.timeout)
      if (timeout === undefined || timeout <= 0)
        return `${where}.timeout must be a positive integer of seconds`
    }
    let expression: Matcher | undefined
    if (raw.expression !== undefined && raw.expression !== null && raw.expression !== "") {
      const text = stringOf(raw.expression)
      if (text === undefined) return `${where}.expression must be a string`
      const m = compile(text)
      if (isProblem(m)) return `${where}.expression is invalid: ${m.message}`
      expression = m
    }
    let skipIf: Matcher | undefined
    if (raw.skip_if !== undefined && raw.skip_if !== null && raw.skip_if !== "") {
      const text = stringOf(raw.skip_if)
      if (text === undefined) return `${where}.skip_if must be a string`
      const m = compile(text)
      if (isProblem(m)) return `${where}.skip_if is invalid: ${m.message}`
      skipIf = m
    }
    const orderBy: Array<OrderKey> = []
    if (raw.order_by !== undefined && raw.order_by !== null && raw.order_by !== "") {
      const text = stringOf(raw.order_by)
      if (text === undefined) return `${where}.order_by must be a string`
      for (const part of text.split(",")) {
        const m = /^\s*(worker\.[A-Za-z0-9_.[\]]+)\s*(ASC|DESC)?\s*$/i.exec(part)
        const ref = m === null ? undefined : compileReference(m[1] ?? "")
        if (m === null || ref === undefined)
          return `${where}.order_by ${JSON.stringify(part.trim())} must be "worker.<attribute> ASC|DESC"`
        orderBy.push({ path: ref, descending: (m[2] ?? "ASC").toUpperCase() === "DESC" })
      }
    }
    const reference = (key: string): ((record: unknown) => unknown) | string | undefined => {
      const v = raw[key]
      if (v === undefined || v === null || v === "") return undefined
      if (typeof v !== "string") return `${where}.${key} must be a string`
      if (!v.startsWith("task.")) return () => v
      return compileReference(v) ?? `${where}.${key} ${JSON.stringify(v)} is not a valid reference`
    }
    const knownWorkerSid = reference("known_worker_sid")
    if (typeof knownWorkerSid === "string") return knownWorkerSid
    const knownWorkerFriendlyName = reference("known_worker_friendly_name")
    if (typeof knownWorkerFriendlyName === "string") return knownWorkerFriendlyName
    return { queue, priority, timeout, expression, skipIf, orderBy, knownWorkerSid, knownWorkerFriendlyName }
  }

  const filters: Array<Filter> = []
  if (routing.filters !== undefined && routing.filters !== null) {
    if (!Array.isArray(routing.filters)) return "task_routing.filters must be an array"
    for (let i = 0; i < routing.filters.length; i++) {
      const where = `task_routing.filters[${i}]`
      const raw: unknown = routing.filters[i]
      if (!isRecord(raw)) return `${where} must be an object`
      const exprText = stringOf(raw.expression)
      if (exprText === undefined || exprText.trim() === "") return `${where}.expression is required`
      const expression = compile(exprText)
      if (isProblem(expression)) return `${where}.expression is invalid: ${expression.message}`
      if (!Array.isArray(raw.targets) || raw.targets.length === 0)
        return `${where}.targets must be a non-empty array`
      const targets: Array<Target> = []
      let inherited: string | undefined
      for (let j = 0; j < raw.targets.length; j++) {
        const t = parseTarget(raw.targets[j], `${where}.targets[${j}]`, inherited, false)
        if (typeof t === "string") return t
        inherited = t.queue
        targets.push(t)
      }
      const name = stringOf(raw.filter_friendly_name) ?? stringOf(raw.friendly_name) ?? `filter ${i}`
      filters.push({ name, expression, targets })
    }
  }
  let defaultTarget: Target | undefined
  if (routing.default_filter !== undefined && routing.default_filter !== null) {
    const t = parseTarget(routing.default_filter, "task_routing.default_filter", undefined, true)
    if (typeof t === "string") return t
    defaultTarget = t
  }
  if (filters.length === 0 && defaultTarget === undefined)
    return "task_routing must have at least one filter or a default_filter"
  return { filters, defaultTarget, queues }
}
