import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

interface Field {
  readonly name: string
  readonly type: string
  readonly nullable: boolean
  readonly pattern?: string
  readonly enum?: ReadonlyArray<string>
}

interface Operation {
  readonly operationId: string
  readonly successStatus: number
  readonly response:
    | { readonly kind: "instance"; readonly fields: ReadonlyArray<Field> }
    | {
        readonly kind: "list"
        readonly listKey: string
        readonly meta: ReadonlyArray<Field>
        readonly fields: ReadonlyArray<Field>
      }
    | null
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const decodeField = (u: unknown): Field => {
  if (!isRecord(u) || typeof u.name !== "string" || typeof u.type !== "string")
    throw new Error("unexpected field")
  return {
    name: u.name,
    type: u.type,
    nullable: u.nullable === true,
    ...(typeof u.pattern === "string" ? { pattern: u.pattern } : {}),
    ...(Array.isArray(u.enum) ? { enum: u.enum.filter((e): e is string => typeof e === "string") } : {}),
  }
}

const decodeFields = (u: unknown): ReadonlyArray<Field> => (Array.isArray(u) ? u.map(decodeField) : [])

const decodeOperation = (op: unknown): Operation => {
  if (!isRecord(op) || typeof op.operationId !== "string" || typeof op.successStatus !== "number")
    throw new Error("unexpected operation shape")
  const r = op.response
  const response: Operation["response"] = !isRecord(r)
    ? null
    : r.kind === "list" && typeof r.listKey === "string"
      ? { kind: "list", listKey: r.listKey, meta: decodeFields(r.meta), fields: decodeFields(r.fields) }
      : { kind: "instance", fields: decodeFields(r.fields) }
  return { operationId: op.operationId, successStatus: op.successStatus, response }
}

const load = (): ReadonlyMap<string, Operation> => {
  const path = fileURLToPath(new URL("../../../core/spec/taskrouter-v1.manifest.json", import.meta.url))
  const json: unknown = JSON.parse(readFileSync(path, "utf8"))
  if (!isRecord(json) || !Array.isArray(json.operations)) throw new Error("unexpected manifest shape")
  const out = new Map<string, Operation>()
  for (const op of json.operations.map(decodeOperation)) out.set(op.operationId, op)
  return out
}

/** The facts manifest's operations by id. */
export const manifest = load()

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

const checkField = (where: string, f: Field, value: unknown, problems: Array<string>): void => {
  if (value === undefined) {
    problems.push(`${where}.${f.name} is missing`)
    return
  }
  if (value === null) {
    if (!f.nullable) problems.push(`${where}.${f.name} is null but not nullable`)
    return
  }
  const fail = (what: string): void => {
    problems.push(`${where}.${f.name}: ${what}, got ${JSON.stringify(value)?.slice(0, 80)}`)
  }
  switch (f.type) {
    case "string":
      if (typeof value !== "string") {
        fail("expected a string")
        return
      }
      if (f.pattern !== undefined && !new RegExp(f.pattern).test(value)) fail(`does not match ${f.pattern}`)
      if (f.enum !== undefined && !f.enum.includes(value)) fail(`not one of ${f.enum.join("|")}`)
      return
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) fail("expected an integer")
      return
    case "boolean":
      if (typeof value !== "boolean") fail("expected a boolean")
      return
    case "date-time":
      if (typeof value !== "string" || !iso.test(value))
        fail("expected an ISO date-time without milliseconds")
      return
    case "object":
      if (!isRecord(value)) fail("expected an object")
      return
    case "array":
      if (!Array.isArray(value)) fail("expected an array")
      return
    default:
      return
  }
}

const checkObject = (
  where: string,
  fields: ReadonlyArray<Field>,
  value: unknown,
  problems: Array<string>,
): void => {
  if (!isRecord(value)) {
    problems.push(`${where} is not an object`)
    return
  }
  const names = new Set(fields.map((f) => f.name))
  for (const key of Object.keys(value))
    if (!names.has(key)) problems.push(`${where}.${key} is not in the spec`)
  for (const f of fields) checkField(where, f, value[f.name], problems)
}

/** Every way `body` (with `status`) differs from what the spec says `operationId` answers. */
export const conformance = (operationId: string, status: number, body: unknown): ReadonlyArray<string> => {
  const op = manifest.get(operationId)
  if (op === undefined) return [`unknown operation ${operationId}`]
  const problems: Array<string> = []
  if (status !== op.successStatus)
    problems.push(`${operationId}: status ${status}, expected ${op.successStatus}`)
  const response = op.response
  if (response === null) {
    if (body !== undefined) problems.push(`${operationId}: expected no body`)
    return problems
  }
  if (response.kind === "instance") {
    checkObject(operationId, response.fields, body, problems)
    return problems
  }
  if (!isRecord(body)) return [...problems, `${operationId}: list body is not an object`]
  checkObject(`${operationId}.meta`, response.meta, body.meta, problems)
  const items = body[response.listKey]
  if (!Array.isArray(items)) return [...problems, `${operationId}.${response.listKey} is not an array`]
  for (const [i, item] of items.entries()) {
    checkObject(`${operationId}.${response.listKey}[${i}]`, response.fields, item, problems)
  }
  const keys = Object.keys(body).filter((k) => k !== "meta" && k !== response.listKey)
  if (keys.length > 0) problems.push(`${operationId}: unexpected list keys ${keys.join(", ")}`)
  return problems
}
