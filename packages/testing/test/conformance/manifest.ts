// Validates REST answers against the facts manifest of the TaskRouter v1 OpenAPI description
// (packages/core/spec/taskrouter-v1.manifest.json): the operation is found by method and path (literal
// segments before {Sid}), then the status, every declared field (present, right type, null only where
// nullable, enum values, SID patterns) and no undeclared field.
import { readFileSync } from "node:fs"

interface Field {
  readonly name: string
  readonly type: string
  readonly format?: string
  readonly pattern?: string
  readonly enum?: ReadonlyArray<string>
  readonly nullable: boolean
}

interface Operation {
  readonly operationId: string
  readonly method: string
  readonly path: string
  readonly successStatus: number
  readonly response?: {
    readonly kind: "instance" | "list"
    readonly listKey?: string
    readonly meta?: ReadonlyArray<Field>
    readonly fields: ReadonlyArray<Field>
  } | null
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const parseField = (u: unknown): Field => {
  if (!isRecord(u) || typeof u.name !== "string" || typeof u.type !== "string") {
    throw new Error(`unexpected manifest field ${JSON.stringify(u)}`)
  }
  const enumValues = u.enum
  return {
    name: u.name,
    type: u.type,
    nullable: u.nullable === true,
    ...(typeof u.format === "string" ? { format: u.format } : {}),
    ...(typeof u.pattern === "string" ? { pattern: u.pattern } : {}),
    ...(Array.isArray(enumValues) ? { enum: enumValues.map(String) } : {}),
  }
}

const parseOperation = (u: unknown): Operation => {
  if (!isRecord(u) || typeof u.operationId !== "string" || typeof u.path !== "string") {
    throw new Error(`unexpected manifest operation ${JSON.stringify(u).slice(0, 200)}`)
  }
  const response = u.response
  return {
    operationId: u.operationId,
    method: String(u.method),
    path: u.path,
    successStatus: Number(u.successStatus),
    response: isRecord(response)
      ? {
          kind: response.kind === "list" ? "list" : "instance",
          ...(typeof response.listKey === "string" ? { listKey: response.listKey } : {}),
          meta: Array.isArray(response.meta) ? response.meta.map(parseField) : [],
          fields: Array.isArray(response.fields) ? response.fields.map(parseField) : [],
        }
      : null,
  }
}

const loadOperations = (): ReadonlyArray<Operation & { readonly regex: RegExp; readonly params: number }> => {
  const text = readFileSync(
    new URL("../../../core/spec/taskrouter-v1.manifest.json", import.meta.url),
    "utf8",
  )
  const manifest: unknown = JSON.parse(text)
  if (!isRecord(manifest) || !Array.isArray(manifest.operations)) throw new Error("unexpected manifest shape")
  return manifest.operations.map((raw) => {
    const op = parseOperation(raw)
    const source = op.path.replace(/\{[^}]+\}/g, "[^/]+")
    return { ...op, regex: new RegExp(`^${source}$`), params: (op.path.match(/\{/g) ?? []).length }
  })
}

const operations = loadOperations()

/** Every operationId of the manifest. */
export const allOperationIds = (): ReadonlyArray<string> => operations.map((o) => o.operationId)

/** The operation a request hits: literal segments win over `{Sid}` (fewest parameters first). */
export const findOperation = (method: string, path: string): Operation | undefined =>
  operations
    .filter((o) => o.method === method.toUpperCase() && o.regex.test(path))
    .sort((a, b) => a.params - b.params)[0]

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
/** The emulator's own dates: whole seconds, no fraction. */
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/**
 * How strictly to check. `strict` (the emulator's answers in process): dates have no fraction of a second and
 * an answer without a body has `undefined` for it (not `""` or `null`, as an HTTP client may report).
 */
interface Strictness {
  readonly strict: boolean
}

/** What a value should have been, or undefined when it conforms. */
const expected = (field: Field, value: unknown, { strict }: Strictness): string | undefined => {
  if (value === null) return field.nullable ? undefined : "a value (not nullable)"
  switch (field.type) {
    case "string":
      if (typeof value !== "string") return "a string"
      if (field.pattern !== undefined && !new RegExp(field.pattern).test(value)) return `/${field.pattern}/`
      if (field.enum !== undefined && !field.enum.includes(value)) return `one of ${field.enum.join("|")}`
      if (field.format === "uri" && !/^https?:\/\//.test(value)) return "a URI"
      return undefined
    case "date-time":
      if (strict)
        return typeof value === "string" && ISO_SECONDS.test(value)
          ? undefined
          : "an ISO-8601 UTC date without milliseconds"
      return typeof value === "string" && ISO.test(value) ? undefined : "an ISO-8601 UTC date"
    case "boolean":
      return typeof value === "boolean" ? undefined : "a boolean"
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? undefined : "an integer"
    case "number":
      return typeof value === "number" ? undefined : "a number"
    case "array":
      return Array.isArray(value) ? undefined : "an array"
    case "object":
      if (!isRecord(value)) return "an object"
      if (field.format === "uri-map" && Object.values(value).some((v) => typeof v !== "string"))
        return "a map of URIs"
      return undefined
    default:
      return undefined
  }
}

const checkValue = (
  field: Field,
  value: unknown,
  where: string,
  problems: Array<string>,
  how: Strictness,
): void => {
  const want = expected(field, value, how)
  if (want !== undefined) problems.push(`${where}: expected ${want}, got ${JSON.stringify(value)}`)
}

const checkObject = (
  fields: ReadonlyArray<Field>,
  value: unknown,
  where: string,
  problems: Array<string>,
  how: Strictness,
): void => {
  if (!isRecord(value)) {
    problems.push(`${where}: expected an object, got ${JSON.stringify(value)}`)
    return
  }
  const declared = new Set(fields.map((f) => f.name))
  for (const field of fields) {
    if (!(field.name in value) || value[field.name] === undefined)
      problems.push(`${where}.${field.name}: missing`)
    else checkValue(field, value[field.name], `${where}.${field.name}`, problems, how)
  }
  for (const key of Object.keys(value))
    if (!declared.has(key)) problems.push(`${where}.${key}: not in the spec`)
}

/** Problems of a success answer of `op`, labelled `label` (empty when it conforms). */
const validateSuccess = (
  op: Operation,
  label: string,
  status: number,
  body: unknown,
  how: Strictness,
): Array<string> => {
  const problems: Array<string> = []
  if (status !== op.successStatus)
    problems.push(`${label}: status ${status}, the spec says ${op.successStatus}`)
  const response = op.response
  if (response === undefined || response === null) {
    const empty = how.strict ? body === undefined : body === "" || body === undefined || body === null
    if (!empty) problems.push(`${label}: expected no body`)
    return problems
  }
  if (response.kind === "list") {
    if (!isRecord(body)) return [...problems, `${label}: expected a list object`]
    checkObject(response.meta ?? [], body.meta, `${label}.meta`, problems, how)
    const key = response.listKey ?? ""
    const meta = body.meta
    if (isRecord(meta) && meta.key !== key) problems.push(`${label}.meta.key: ${String(meta.key)} != ${key}`)
    const items = body[key]
    if (!Array.isArray(items)) problems.push(`${label}.${key}: expected an array`)
    else {
      for (const [i, item] of items.entries())
        checkObject(response.fields, item, `${label}.${key}[${i}]`, problems, how)
    }
    for (const k of Object.keys(body))
      if (k !== "meta" && k !== key) problems.push(`${label}.${k}: not in the spec`)
    return problems
  }
  checkObject(response.fields, body, label, problems, how)
  return problems
}

/** Problems of one answer (empty when it conforms). */
export const validateResponse = (
  method: string,
  path: string,
  status: number,
  body: unknown,
): Array<string> => {
  const op = findOperation(method, path)
  if (op === undefined) return [`${method} ${path}: no such operation in the manifest`]
  const label = `${op.operationId} (${method} ${path})`
  if (status >= 400) {
    if (!isRecord(body)) return [`${label}: error ${status} without a JSON body`]
    const problems: Array<string> = []
    for (const key of ["code", "message", "more_info", "status"]) {
      if (!(key in body)) problems.push(`${label}: error body lacks ${key}`)
    }
    if (body.status !== status)
      problems.push(`${label}: error body status ${String(body.status)} != ${status}`)
    return problems
  }
  return validateSuccess(op, label, status, body, { strict: false })
}

/**
 * Problems of the emulator's in-process answer to `operationId` (empty when it conforms): any status other
 * than the spec's success status is a problem, and the checks are strict (see {@link Strictness}).
 */
export const validateOperation = (operationId: string, status: number, body: unknown): Array<string> => {
  const op = operations.find((o) => o.operationId === operationId)
  if (op === undefined) return [`unknown operation ${operationId}`]
  return validateSuccess(op, operationId, status, body, { strict: true })
}
