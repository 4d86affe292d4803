/**
 * Request parameters checked against the operation's spec: unknown names, missing required ones and ill-typed
 * values are 400 / 20001 errors naming the parameter. Values are read through typed accessors.
 *
 * @internal
 */
import { Sid } from "@taskroute/core"
import { invalid } from "./errors.js"
import type { OperationSpec, ParamSpec } from "./operations.js"

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

/** Parses an ISO-8601 date-time; undefined when it is not one. @internal */
export const parseDate = (value: string): number | undefined => {
  if (!isoDate.test(value.trim())) return undefined
  const ms = Date.parse(value.trim())
  return Number.isNaN(ms) ? undefined : ms
}

/** Parses a boolean the way TaskRouter does (`true`/`1`/`yes`, `false`/`0`/`no`). @internal */
export const parseBoolean = (value: string): boolean | undefined => {
  const v = value.trim().toLowerCase()
  if (v === "true" || v === "1" || v === "yes") return true
  if (v === "false" || v === "0" || v === "no") return false
  return undefined
}

const isSidOf = (prefix: string, value: string): boolean => {
  const known = Sid.allPrefixes.find((p) => p === prefix)
  return known === undefined ? value.startsWith(prefix) : Sid.is(known, value)
}

/** The validated parameters of one request. @internal */
export class Params {
  private readonly values = new Map<string, Array<string>>()

  constructor(
    readonly operation: OperationSpec,
    entries: ReadonlyArray<readonly [string, string]>,
    readonly where: "query" | "body",
  ) {
    const specs = new Map<string, ParamSpec>()
    for (const p of operation.params) specs.set(p.name, p)
    for (const [name, value] of entries) {
      const spec = specs.get(name)
      if (spec === undefined)
        throw invalid(
          where === "query"
            ? `Unknown query parameter ${name} for ${operation.method} ${operation.id}`
            : `Unknown parameter ${name} in the post body for ${operation.id}`,
        )
      const list = this.values.get(name)
      if (list === undefined) this.values.set(name, [value])
      else list.push(value)
    }
    for (const spec of operation.params) {
      const list = this.values.get(spec.name)
      if (list === undefined) {
        if (spec.required)
          throw invalid(
            `Missing required parameter ${spec.name} in the ${where === "query" ? "query" : "post body"}`,
          )
        continue
      }
      for (const value of spec.type === "array" ? list : list.slice(-1)) this.check(spec, value)
    }
  }

  private check(spec: ParamSpec, value: string): void {
    const bad = (what: string) =>
      invalid(`Invalid value ${JSON.stringify(value)} for parameter ${spec.name}: ${what}`)
    const type = spec.type === "array" ? (spec.itemType ?? "string") : spec.type
    switch (type) {
      case "integer": {
        if (!/^-?\d+$/.test(value.trim())) throw bad("must be an integer")
        const n = Number.parseInt(value.trim(), 10)
        if (spec.minimum !== undefined && n < spec.minimum)
          throw bad(
            spec.maximum === undefined
              ? `must be at least ${spec.minimum}`
              : `must be between ${spec.minimum} and ${spec.maximum}`,
          )
        if (spec.maximum !== undefined && n > spec.maximum)
          throw bad(
            spec.minimum === undefined
              ? `must be at most ${spec.maximum}`
              : `must be between ${spec.minimum} and ${spec.maximum}`,
          )
        break
      }
      case "number":
        if (value.trim() === "" || Number.isNaN(Number(value))) throw bad("must be a number")
        break
      case "boolean":
        if (parseBoolean(value) === undefined) throw bad("must be true or false")
        break
      case "date-time":
        if (parseDate(value) === undefined)
          throw bad("must be an ISO-8601 date-time such as 2024-05-30T23:05:29Z")
        break
      default:
        break
    }
    if (spec.enum !== undefined && !spec.enum.includes(value))
      throw bad(`must be one of ${spec.enum.join(", ")}`)
    if (spec.sidPrefix !== undefined && !isSidOf(spec.sidPrefix, value))
      throw bad(`must be a SID starting with ${spec.sidPrefix}`)
  }

  has(name: string): boolean {
    return this.values.has(name)
  }

  /** The last value of a parameter. */
  string(name: string): string | undefined {
    const list = this.values.get(name)
    return list === undefined ? undefined : list[list.length - 1]
  }

  all(name: string): ReadonlyArray<string> {
    return this.values.get(name) ?? []
  }

  integer(name: string): number | undefined {
    const v = this.string(name)
    return v === undefined ? undefined : Number.parseInt(v.trim(), 10)
  }

  boolean(name: string): boolean | undefined {
    const v = this.string(name)
    return v === undefined ? undefined : parseBoolean(v)
  }

  date(name: string): number | undefined {
    const v = this.string(name)
    return v === undefined ? undefined : parseDate(v)
  }

  /** The parameters in request order, for echoing list filters in `meta` URLs. */
  entries(skip: ReadonlySet<string>): Array<readonly [string, string]> {
    const out: Array<readonly [string, string]> = []
    for (const [name, list] of this.values) if (!skip.has(name)) for (const v of list) out.push([name, v])
    return out
  }
}
