#!/usr/bin/env node
// Generates the resource modules of src/resources/ (wire schemas, domain codecs, list pages, per-operation
// parameter schemas) and src/resources/Enums.ts from the committed facts-only manifest
// (spec/taskrouter-v1.manifest.json, written by gen-manifest.mjs) and the hand-written statistics sections
// (spec/statistics-sections.json). Needs nothing outside the package.
//
// Usage: node scripts/gen-resources.mjs
import { readFileSync, writeFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { formatWithBiome } from "./formatWithBiome.mjs"

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, "..")

const manifest = JSON.parse(readFileSync(resolve(root, "spec/taskrouter-v1.manifest.json"), "utf8"))

const pascal = (s) => s.replace(/(^|_)([a-z0-9])/g, (_, __, c) => c.toUpperCase())
const camel = (s) => s.replace(/(?<=[^_])_+([a-zA-Z0-9])/g, (_, c) => c.toUpperCase())
const q = (s) => JSON.stringify(s)
const key = (s) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? s : q(s))

const SID_NAMES = {
  AC: "AccountSid",
  WS: "WorkspaceSid",
  WA: "ActivitySid",
  WQ: "TaskQueueSid",
  WK: "WorkerSid",
  WW: "WorkflowSid",
  WT: "TaskSid",
  WR: "ReservationSid",
  TC: "TaskChannelSid",
  WC: "WorkerChannelSid",
  EV: "EventSid",
  CA: "CallSid",
  SK: "ApiKeySid",
}
const enumSchemaName = (enumName) => pascal(enumName.replace("_enum_", "_"))
const typeName = (schemaName) => pascal(schemaName.split(".").at(-1))

// --- which module each operation and schema belongs to ----------------------------------------------------------
const moduleOf = (path) => {
  const rest = path.replace(/^\/v1\/Workspaces(\/\{Sid\})?/, "").replace(/^\/\{WorkspaceSid\}/, "")
  const seg = rest.split("/").filter(Boolean)
  const base = {
    undefined: "Workspace",
    Statistics: "Workspace",
    RealTimeStatistics: "Workspace",
    CumulativeStatistics: "Workspace",
    Activities: "Activity",
    Events: "Event",
    TaskChannels: "TaskChannel",
    TaskQueues: "TaskQueue",
    Tasks: "Task",
    Workers: "Worker",
    Workflows: "Workflow",
  }[seg[0]]
  if (base === undefined) throw new Error(`no module for ${path}`)
  if (/Statistics/.test(rest)) return `${base}Statistics`
  if (seg.includes("Reservations")) return "Reservation"
  if (base === "Worker" && seg.includes("Channels")) return "WorkerChannel"
  return base
}

// Statistics sections (spec/statistics-sections.json, shared with the tests' arbitraries): the nested `realtime` /
// `cumulative` objects of the combined statistics payloads are the fields of the corresponding real-time /
// cumulative schema, without ids and url, each optional (the spec leaves them untyped and its examples show
// partial sections).
const statisticsSections = JSON.parse(readFileSync(resolve(root, "spec/statistics-sections.json"), "utf8"))
const SECTION_SOURCES = statisticsSections.sources
const SECTION_EXCLUDED = new Set(statisticsSections.excluded)
const sectionName = (source) => typeName(source).replace(/Statistics$/, "Section")

/** Sub-shapes for fields the spec leaves untyped (`any`, or arrays of `{}`); from StatisticsParts.ts. */
const PARTS = {
  activity_statistics: "Schema.Array(ActivityStatistic)",
  activity_durations: "Schema.Array(ActivityDuration)",
  tasks_by_status: "TasksByStatus",
  tasks_by_priority: "TasksByPriority",
  wait_duration_until_accepted: "WaitDuration",
  wait_duration_until_canceled: "WaitDuration",
  wait_duration_in_queue_until_accepted: "WaitDuration",
  split_by_wait_time: "SplitByWaitTime",
  task_queue_data: "Schema.Array(TaskQueueRealTimeData)",
}
const PART_NAMES = [
  "ActivityStatistic",
  "ActivityDuration",
  "TasksByStatus",
  "TasksByPriority",
  "WaitDuration",
  "SplitByWaitTime",
  "TaskQueueRealTimeData",
]
const JSON_FIELDS = new Set(["attributes", "configuration", "addons"])
const JSON_PARAMS = new Set(["Attributes", "Configuration", "EvaluateWorkerAttributes"])
const WIRE_ONLY = new Set(["url", "links"])

// --- collect schemas and operations per module ------------------------------------------------------------------
const modules = new Map()
const mod = (name) => {
  if (!modules.has(name))
    modules.set(name, { name, schemas: new Map(), pages: new Map(), ops: [], sections: new Map() })
  return modules.get(name)
}
for (const op of manifest.operations) {
  const m = mod(moduleOf(op.path))
  m.ops.push(op)
  const r = op.response
  if (r === null) continue
  if (!m.schemas.has(r.schema)) m.schemas.set(r.schema, r.fields)
  if (r.kind === "list") m.pages.set(r.schema, r.listKey)
  const sections = SECTION_SOURCES[r.schema]
  if (sections !== undefined) {
    for (const source of Object.values(sections)) {
      const src = manifest.operations.find((o) => o.response?.schema === source)
      m.sections.set(
        source,
        src.response.fields.filter((f) => !SECTION_EXCLUDED.has(f.name)),
      )
    }
  }
}

// --- code for one field -------------------------------------------------------------------------------------------
const fieldCodec = (schemaName, f, side, uses) => {
  let c
  if (f.name === "realtime" || f.name === "cumulative") {
    const source = SECTION_SOURCES[schemaName]?.[f.name]
    if (source === undefined) throw new Error(`no section source for ${schemaName}.${f.name}`)
    c = side === "wire" ? `Schema.toEncoded(${sectionName(source)})` : sectionName(source)
  } else if (PARTS[f.name] !== undefined) {
    for (const p of PART_NAMES) if (PARTS[f.name].includes(p)) uses.parts.add(p)
    c = side === "wire" ? `Schema.toEncoded(${PARTS[f.name]})` : PARTS[f.name]
  } else if (f.name === "event_data") {
    return "Schema.Unknown"
  } else if (f.name === "links") {
    uses.codecs.add("Links")
    c = "Links"
  } else if (JSON_FIELDS.has(f.name) && f.type === "string") {
    if (side === "wire") c = "Schema.String"
    else {
      uses.codecs.add("JsonDocumentFromString")
      c = "JsonDocumentFromString"
    }
  } else if (f.type === "date-time") {
    const n = side === "wire" ? "IsoDateTime" : "DateTimeFromString"
    uses.codecs.add(n)
    c = n
  } else if (f.type === "string" && f.enumName !== undefined) {
    uses.enums.add(enumSchemaName(f.enumName))
    c = enumSchemaName(f.enumName)
  } else if (f.type === "string" && f.enum !== undefined) {
    c = `Schema.Literals(${q(f.enum)})`
  } else if (f.type === "string" && f.sidPrefix !== undefined) {
    uses.sid = true
    c = `Sid.${SID_NAMES[f.sidPrefix]}`
  } else if (f.type === "string" && f.pattern !== undefined) {
    uses.codecs.add("AnySid")
    c = "AnySid"
  } else if (f.type === "string") c = "Schema.String"
  else if (f.type === "integer") c = "Schema.Int"
  else if (f.type === "number") c = "Schema.Finite"
  else if (f.type === "boolean") c = "Schema.Boolean"
  else throw new Error(`no codec for ${schemaName}.${f.name} (${f.type})`)
  return f.nullable ? `Schema.NullOr(${c})` : c
}

const paramScalar = (p, type, en, enumName, uses) => {
  if (en !== undefined) {
    if (enumName !== undefined) {
      uses.enums.add(enumSchemaName(enumName))
      return enumSchemaName(enumName)
    }
    return `Schema.Literals(${q(en)})`
  }
  if (type === "string" && JSON_PARAMS.has(p.name)) {
    uses.codecs.add("JsonObjectFromString")
    return "JsonObjectFromString"
  }
  if (type === "string" && p.sidPrefix !== undefined && p.in !== "path") {
    uses.sid = true
    return `Sid.${SID_NAMES[p.sidPrefix]}`
  }
  switch (type) {
    case "string":
      return "Schema.String"
    case "integer":
      uses.codecs.add("IntFromString")
      return "IntFromString"
    case "boolean":
      uses.codecs.add("BooleanFromString")
      return "BooleanFromString"
    case "date-time":
      uses.codecs.add("DateTimeFromString")
      return "DateTimeFromString"
    default:
      throw new Error(`no parameter codec for ${p.name} (${type})`)
  }
}
const paramCodec = (p, uses) => {
  if (p.type === "array") {
    uses.codecs.add("RepeatedParam")
    return `RepeatedParam(${paramScalar(p, p.itemType, p.itemEnum, p.itemEnumName, uses)})`
  }
  return paramScalar(p, p.type, p.enum, p.enumName, uses)
}

// --- emit ---------------------------------------------------------------------------------------------------------
const HEADER =
  "// Generated by scripts/gen-resources.mjs from spec/taskrouter-v1.manifest.json. Do not edit by hand.\n"

const MODULE_DOCS = {
  Workspace: "Workspaces: the top-level TaskRouter container (`WS…`).",
  Activity: "Activities: the states a Worker can be in (`WA…`), available or not.",
  TaskChannel: "TaskChannels: the kinds of work (`TC…`), e.g. `default`, `voice`, `chat`.",
  TaskQueue: "TaskQueues: where Tasks wait for eligible Workers (`WQ…`).",
  Worker: "Workers: the people or processes that take Tasks (`WK…`).",
  WorkerChannel: "WorkerChannels: a Worker's capacity per TaskChannel (`WC…`).",
  Workflow: "Workflows: the routing configuration that moves Tasks into TaskQueues (`WW…`).",
  Task: "Tasks: units of work (`WT…`).",
  Reservation: "Reservations: a Task offered to a Worker (`WR…`), seen from the Task and from the Worker.",
  Event: "Events: the workspace's event log (`EV…`).",
  WorkspaceStatistics: "Workspace statistics: combined, real-time and cumulative.",
  TaskQueueStatistics:
    "TaskQueue statistics: per queue (combined, real-time, cumulative), the list over queues and the bulk real-time query.",
  WorkerStatistics:
    "Worker statistics: all workers (combined, real-time, cumulative) and one worker's cumulative statistics.",
  WorkflowStatistics: "Workflow statistics: combined, real-time and cumulative.",
}

const structLines = (entries) => entries.map(([k, v]) => `  ${key(k)}: ${v},`).join("\n")

const emitResource = (m, schemaName, fields, uses, out) => {
  const T = typeName(schemaName)
  const wireEntries = fields.map((f) => [f.name, fieldCodec(schemaName, f, "wire", uses)])
  const domainFields = fields.filter((f) => !WIRE_ONLY.has(f.name))
  const domainEntries = domainFields.map((f) => [camel(f.name), fieldCodec(schemaName, f, "domain", uses)])
  const renames = domainFields.filter((f) => camel(f.name) !== f.name).map((f) => [camel(f.name), q(f.name)])
  const sample = domainFields.find((f) => f.name !== "account_sid" && f.name !== "sid") ?? domainFields[0]
  out.push(`/**
 * A ${T} exactly as TaskRouter v1 sends it: snake_case keys, JSON documents as strings, ISO date strings,
 * nullable where the spec says so, \`url\`/\`links\` included. Spec schema \`${schemaName}\`.
 *
 * @example
 * \`\`\`ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.is(Resources.${T}Wire)(payload) // true for a well-formed ${T} payload
 * \`\`\`
 */
export const ${T}Wire = Schema.Struct({
${structLines(wireEntries)}
})
/** A ${T} as TaskRouter v1 sends it. */
export type ${T}Wire = typeof ${T}Wire.Type

/**
 * A ${T}: camelCase keys, JSON documents parsed, dates as \`Date\`; \`url\` and \`links\` are dropped. Decodes
 * from the wire payload and encodes back to it.
 *
 * @example
 * \`\`\`ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * const value = Schema.decodeUnknownSync(Resources.${T})(payload)
 * value.${camel(sample.name)}
 * \`\`\`
 */
export const ${T} = Schema.Struct({
${structLines(domainEntries)}
})${renames.length === 0 ? "" : `.pipe(\n  Schema.encodeKeys({\n${structLines(renames).replace(/^ {2}/gm, "    ")}\n  }),\n)`}
/** A ${T} in the domain. */
export type ${T} = typeof ${T}.Type
`)
  const listKey = m.pages.get(schemaName)
  if (listKey !== undefined) {
    uses.page = true
    out.push(`/**
 * One page of ${T} items: \`{ meta, ${listKey}: [...] }\` on the wire, \`{ meta, items }\` in the domain.
 *
 * @example
 * \`\`\`ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * const page = Schema.decodeUnknownSync(Resources.${T}Page)(payload)
 * page.meta.nextPageUrl // string | null
 * \`\`\`
 */
export const ${T}Page = ListEnvelope(${q(listKey)}, ${T})
/** One page of ${T} items. */
export type ${T}Page = typeof ${T}Page.Type
`)
  }
}

const emitSection = (source, fields, uses, out) => {
  const N = sectionName(source)
  const entries = fields.map((f) => [
    camel(f.name),
    `Schema.optionalKey(${fieldCodec(source, f, "domain", uses)})`,
  ])
  const renames = fields.filter((f) => camel(f.name) !== f.name).map((f) => [camel(f.name), q(f.name)])
  out.push(`/**
 * The \`realtime\`/\`cumulative\` section built from \`${source}\` as it appears nested in the combined
 * statistics: its fields without ids and \`url\`, each optional.
 *
 * @example
 * \`\`\`ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.${N})({}) // {}
 * \`\`\`
 */
export const ${N} = Schema.Struct({
${structLines(entries)}
})${renames.length === 0 ? "" : `.pipe(\n  Schema.encodeKeys({\n${structLines(renames).replace(/^ {2}/gm, "    ")}\n  }),\n)`}
/** A statistics section. */
export type ${N} = typeof ${N}.Type
`)
}

const emitParams = (op, uses, out) => {
  const params = op.parameters.filter((p) => p.in !== "path")
  if (params.length === 0) return
  const entries = params.map((p) => {
    const c = paramCodec(p, uses)
    return [p.name, p.required ? c : `Schema.optionalKey(${c})`]
  })
  const required = params.filter((p) => p.required).map((p) => p.name)
  const where = [...new Set(params.map((p) => p.in))].join(", ")
  out.push(`/**
 * The parameters of \`${op.operationId}\` (\`${op.method} ${op.path}\`; ${where}), PascalCase as on the wire,
 * ${required.length === 0 ? "all optional" : `required: ${required.join(", ")}`}. The encoded side is the
 * form-encoded strings; the decoded side is typed (numbers, booleans, \`Date\`, parsed JSON).
 *
 * @example
 * \`\`\`ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.${op.operationId}Params)(formFields)
 * \`\`\`
 */
export const ${op.operationId}Params = Schema.Struct({
${structLines(entries)}
})
/** The parameters of \`${op.operationId}\`. */
export type ${op.operationId}Params = typeof ${op.operationId}Params.Type
`)
}

const written = []
for (const m of modules.values()) {
  const uses = { codecs: new Set(), enums: new Set(), parts: new Set(), sid: false, page: false }
  const out = []
  for (const [source, fields] of m.sections) emitSection(source, fields, uses, out)
  for (const [schemaName, fields] of m.schemas) emitResource(m, schemaName, fields, uses, out)
  for (const op of m.ops) emitParams(op, uses, out)
  const imports = ['import { Schema } from "effect"']
  if (uses.sid) imports.push('import * as Sid from "../Sid.js"')
  if (uses.codecs.size > 0)
    imports.push(`import { ${[...uses.codecs].sort().join(", ")} } from "./Codecs.js"`)
  if (uses.enums.size > 0) imports.push(`import { ${[...uses.enums].sort().join(", ")} } from "./Enums.js"`)
  if (uses.page) imports.push('import { ListEnvelope } from "./ListEnvelope.js"')
  if (uses.parts.size > 0)
    imports.push(`import { ${[...uses.parts].sort().join(", ")} } from "./StatisticsParts.js"`)
  const text = `${HEADER}/**
 * ${MODULE_DOCS[m.name]} Operations: ${m.ops.map((o) => o.operationId).join(", ")}.
 *
 * @example
 * \`\`\`ts
 * import { Resources } from "@taskroute/core"
 * Resources.operations.${m.ops[0].operationId}.path // ${q(m.ops[0].path)}
 * \`\`\`
 *
 * @module
 */
${imports.join("\n")}

${out.join("\n")}`
  writeFileSync(resolve(root, `src/resources/${m.name}.ts`), text)
  written.push(m.name)
}

// --- Enums.ts -------------------------------------------------------------------------------------------------------
const enumOut = Object.entries(manifest.enums).map(
  ([name, values]) => `/**
 * The spec's \`${name}\`: ${values.map((v) => `\`${v}\``).join(", ")}.
 *
 * @example
 * \`\`\`ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.is(Resources.${enumSchemaName(name)})(${q(values[0])}) // true
 * \`\`\`
 */
export const ${enumSchemaName(name)} = Schema.Literals(${q(values)})
/** One of the spec's \`${name}\` values. */
export type ${enumSchemaName(name)} = typeof ${enumSchemaName(name)}.Type
`,
)
writeFileSync(
  resolve(root, "src/resources/Enums.ts"),
  `${HEADER}/**
 * The enumerations of the TaskRouter v1 spec (task and reservation statuses, queue orders, call and conference
 * events, supervisor modes).
 *
 * @example
 * \`\`\`ts
 * import { Resources } from "@taskroute/core"
 * Resources.TaskStatus.literals // ["pending", "reserved", "assigned", "canceled", "completed", "wrapping"]
 * \`\`\`
 *
 * @module
 */
import { Schema } from "effect"

${enumOut.join("\n")}`,
)
formatWithBiome([
  ...written.map((n) => resolve(root, `src/resources/${n}.ts`)),
  resolve(root, "src/resources/Enums.ts"),
])
console.log(`wrote ${written.length} resource modules (${written.join(", ")}) and Enums.ts`)
