/**
 * TaskRouter v1 result shaping without Effect Schema (the facade's cheap path, see
 * docs/decisions/0001-facade-path-without-schema.md): snake_case keys to camelCase, JSON documents parsed,
 * dates as `Date`, `url` and `links` dropped. A property test checks that it agrees with the resource schemas.
 *
 * @internal
 */

/**
 * Converts a snake_case key to camelCase: `task_queue_sid` → `taskQueueSid`. Leading underscores and keys
 * without underscores are kept; digits after an underscore are kept as they are (`wait_5` → `wait5`).
 *
 * @example
 * ```ts
 * snakeToCamel("date_status_changed") // "dateStatusChanged"
 * ```
 */
export const snakeToCamel = (key: string): string =>
  key.replace(/(?<=[^_])_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())

/** Renamed keys, memoised (TaskRouter's key set is small; the cache stops growing at 2048 names). */
const renamed = new Map<string, string>()
const camelKey = (key: string): string => {
  let camel = renamed.get(key)
  if (camel === undefined) {
    camel = snakeToCamel(key)
    if (renamed.size < 2048) renamed.set(key, camel)
  }
  return camel
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u) && !(u instanceof Date)

/** Sets an own enumerable property, also for the key `__proto__` (which an assignment would not create). */
const put = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/** A deep copy of JSON-like data, keys unchanged. */
const copy = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.map(copy)
  if (u instanceof Date) return new Date(u.getTime())
  if (isRecord(u)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(u)) put(out, k, copy(u[k]))
    return out
  }
  return u
}

const parseJson = (u: unknown): unknown => {
  if (typeof u !== "string") return copy(u)
  try {
    const v: unknown = JSON.parse(u)
    // (JSON.parse never makes a Date.)
    return isRecord(v) ? v : u
  } catch {
    return u
  }
}

const toDate = (u: unknown): unknown => {
  if (typeof u === "number" && Number.isFinite(u)) return new Date(u * 1000)
  if (typeof u === "string") {
    const d = new Date(u)
    return Number.isNaN(d.getTime()) ? u : d
  }
  return copy(u)
}

const camelizeMap = (u: unknown): unknown => {
  if (!isRecord(u)) return camelize(u)
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(u)) put(out, k, camelize(u[k]))
  return out
}

/**
 * The keys whose value is not shaped as a resource: JSON documents in a string (parsed when they hold a JSON
 * object, kept raw otherwise, never renamed inside), dates (ISO strings, or numbers as epoch seconds, as
 * TaskRouter.js v1 accepts), opaque data (copied, keys inside kept), maps keyed by data (status names,
 * priorities, thresholds: their keys are kept). `url` and `links` are dropped.
 */
const SHAPES: ReadonlyMap<string, (u: unknown) => unknown> = new Map(
  (
    [
      [parseJson, "attributes configuration addons"],
      [
        toDate,
        "date_created date_updated date_status_changed task_queue_entered_date virtual_start_time start_time end_time event_date",
      ],
      [copy, "event_data"],
      [camelizeMap, "tasks_by_status tasks_by_priority split_by_wait_time"],
    ] as const
  ).flatMap(([shape, keys]) => keys.split(" ").map((key) => [key, shape] as const)),
)

const camelize = (u: unknown, keepUrl = false): unknown => {
  if (Array.isArray(u)) return u.map((x) => camelize(x))
  if (!isRecord(u)) return u
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(u)) {
    if (key === "links" || (key === "url" && !keepUrl)) continue
    const shape = SHAPES.get(key)
    const value = u[key]
    // (Scalars, most values, skip the call.)
    const shaped =
      shape !== undefined
        ? shape(value)
        : typeof value === "object" && value !== null
          ? camelize(value, key === "meta")
          : value
    put(out, camelKey(key), shaped)
  }
  return out
}

/**
 * Shapes a TaskRouter v1 payload the way TaskRouter.js v1 does: keys snake → camel at every depth (except the
 * data keys of `tasks_by_status`, `tasks_by_priority` and `split_by_wait_time`, whose values are still shaped);
 * `attributes`, `configuration` and `addons` JSON-parsed when they are strings holding a JSON object (the raw
 * string is kept otherwise: invalid JSON, YAML-like workflow text, JSON scalars or arrays; keys inside are never
 * renamed); `event_data` copied as it is; `date_created`,
 * `date_updated`, `date_status_changed`, `task_queue_entered_date`, `virtual_start_time`, `start_time`,
 * `end_time` and `event_date` as `Date` (ISO strings, or numbers as epoch seconds); `url` and `links` dropped
 * (except the `url` of a list envelope's `meta`, which is kept: `meta.url`).
 * Returns a new value and never mutates its input.
 *
 * @example
 * ```ts
 * camelizeResource({ friendly_name: "Alice", attributes: "{\"skills\":[\"en\"]}", date_created: "2020-06-16T10:00:00Z" })
 * // { friendlyName: "Alice", attributes: { skills: ["en"] }, dateCreated: new Date("2020-06-16T10:00:00Z") }
 * ```
 */
export function camelizeResource(payload: Readonly<Record<string, unknown>>): Record<string, unknown>
export function camelizeResource(payload: unknown): unknown
export function camelizeResource(payload: unknown): unknown {
  return camelize(payload)
}
