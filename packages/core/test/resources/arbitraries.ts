// Test helper: fast-check arbitraries of spec-shaped wire payloads, built from the committed manifest's field
// facts (type, format, SID pattern, enum, nullable), with the fixture shapes for the fields the spec leaves
// untyped (statistics sub-shapes).
import { Schema, SchemaAST } from "effect"
import fc from "fast-check"
import * as Resources from "../../src/resources/index.js"
import { type ManifestField, manifest, statisticsSections } from "./manifest.js"

const hex32 = fc.stringMatching(/^[0-9a-fA-F]{32}$/)
const sidOf = (prefix: string) => hex32.map((h) => prefix + h)

/** An ISO date-time with whole seconds, as TaskRouter writes them. */
export const wireDate = fc
  .date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z"))

/** JSON document fields: usually a JSON object, sometimes other text (the spec's workflow examples are YAML-like). */
const jsonObjectText = fc.oneof(
  {
    arbitrary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }).map((o) => JSON.stringify(o)),
    weight: 4,
  },
  { arbitrary: fc.string(), weight: 1 },
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 1 },
)
const count = fc.nat({ max: 100000 })
const seconds = fc.oneof(fc.nat({ max: 100000 }), fc.double({ min: 0, max: 1e6, noNaN: true }))

const activityStatistic = fc.record(
  { sid: sidOf("WA"), friendly_name: fc.option(fc.string(), { nil: null }), workers: count },
  { requiredKeys: ["friendly_name", "workers"] },
)
const activityDuration = fc.record(
  {
    sid: sidOf("WA"),
    friendly_name: fc.option(fc.string(), { nil: null }),
    avg: seconds,
    min: seconds,
    max: seconds,
    total: seconds,
  },
  { requiredKeys: ["friendly_name", "avg", "min", "max", "total"] },
)
const waitDuration = fc.record({ avg: seconds, min: seconds, max: seconds, total: seconds })
const byKey = fc.dictionary(fc.string({ maxLength: 8 }), count, { maxKeys: 4 })
const bucket = fc.record({ tasks_canceled: count, reservations_accepted: count })
const splitByWaitTime = fc.dictionary(
  fc.nat({ max: 3600 }).map(String),
  fc.record({ above: bucket, below: bucket }),
  {
    maxKeys: 3,
  },
)
const taskQueueData = fc.record({
  task_queue_sid: fc.option(sidOf("WQ"), { nil: null }),
  total_available_workers: count,
  total_eligible_workers: count,
  total_tasks: count,
  longest_task_waiting_age: count,
  longest_task_waiting_sid: fc.option(sidOf("WT"), { nil: null }),
  tasks_by_status: fc.option(byKey, { nil: null }),
  tasks_by_priority: fc.option(byKey, { nil: null }),
  activity_statistics: fc.option(fc.array(activityStatistic, { maxLength: 3 }), { nil: null }),
})

const PARTS: Record<string, fc.Arbitrary<unknown>> = {
  activity_statistics: fc.array(activityStatistic, { maxLength: 4 }),
  activity_durations: fc.array(activityDuration, { maxLength: 4 }),
  tasks_by_status: byKey,
  tasks_by_priority: byKey,
  wait_duration_until_accepted: waitDuration,
  wait_duration_until_canceled: waitDuration,
  wait_duration_in_queue_until_accepted: waitDuration,
  split_by_wait_time: splitByWaitTime,
  task_queue_data: fc.array(taskQueueData, { maxLength: 3 }),
}

const SECTION_SOURCES = statisticsSections.sources
const SECTION_EXCLUDED: ReadonlySet<string> = new Set(statisticsSections.excluded)

/** Every response schema of the manifest with its fields. */
export const responseSchemas: ReadonlyMap<string, ReadonlyArray<ManifestField>> = new Map(
  manifest.operations.flatMap((o) =>
    o.response === null ? [] : [[o.response.schema, o.response.fields] as const],
  ),
)

const fieldsOf = (schemaName: string): ReadonlyArray<ManifestField> => {
  const fields = responseSchemas.get(schemaName)
  if (fields === undefined) throw new Error(`no schema ${schemaName} in the manifest`)
  return fields
}

const scalar = (schemaName: string, f: ManifestField): fc.Arbitrary<unknown> => {
  if (f.name === "realtime" || f.name === "cumulative") {
    const source = SECTION_SOURCES[schemaName]?.[f.name]
    if (source === undefined) throw new Error(`no section source for ${schemaName}.${f.name}`)
    const fields = fieldsOf(source).filter((x) => !SECTION_EXCLUDED.has(x.name))
    return fc.record(Object.fromEntries(fields.map((x) => [x.name, fieldArbitrary(source, x)])), {
      requiredKeys: [],
    })
  }
  const part = PARTS[f.name]
  if (part !== undefined) return part
  if (f.name === "event_data") return fc.jsonValue()
  if (f.name === "links") return fc.dictionary(fc.string({ maxLength: 12 }), fc.webUrl(), { maxKeys: 3 })
  if (f.type === "string" && (f.name === "attributes" || f.name === "configuration" || f.name === "addons")) {
    return jsonObjectText
  }
  if (f.type === "date-time") return wireDate
  if (f.enum !== undefined) return fc.constantFrom(...f.enum)
  if (f.sidPrefix !== undefined) return sidOf(f.sidPrefix)
  if (f.pattern !== undefined)
    return fc.tuple(fc.stringMatching(/^[a-zA-Z]{2}$/), hex32).map(([p, h]) => p + h)
  if (f.format === "uri") return fc.webUrl()
  switch (f.type) {
    case "string":
      return fc.string()
    case "integer":
      return fc.integer()
    case "boolean":
      return fc.boolean()
    default:
      throw new Error(`no arbitrary for ${schemaName}.${f.name} (${f.type})`)
  }
}

/** A wire value of one manifest field. */
export const fieldArbitrary = (schemaName: string, f: ManifestField): fc.Arbitrary<unknown> =>
  f.nullable === true && f.name !== "event_data"
    ? fc.option(scalar(schemaName, f), { nil: null })
    : scalar(schemaName, f)

/** A spec-shaped wire payload of a response schema (every field present). */
export const payloadArbitrary = (schemaName: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(Object.fromEntries(fieldsOf(schemaName).map((f) => [f.name, fieldArbitrary(schemaName, f)])))

/** The TypeScript-side name of a spec schema: `taskrouter.v1.workspace.task_queue` → `TaskQueue`. */
export const typeName = (schemaName: string): string =>
  (schemaName.split(".").at(-1) ?? "").replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())

/** A codec without services (every resource schema is one). */
export type AnyCodec = Schema.Codec<unknown, unknown>
const isCodec = (u: unknown): u is AnyCodec => Schema.isSchema(u)

const exported: Readonly<Record<string, unknown>> = Resources

/** The export `name` of the resources barrel, checked to be a schema. */
export const resourceSchema = (name: string): AnyCodec => {
  const s = exported[name]
  if (!isCodec(s)) throw new Error(`Resources.${name} is not exported or not a schema`)
  return s
}

/** True when the resources barrel exports a schema called `name`. */
export const hasResourceSchema = (name: string): boolean => isCodec(exported[name])

/** The property names of a schema's encoded (wire) side, with their optionality. */
export const encodedFields = (
  s: AnyCodec,
): ReadonlyArray<{ readonly name: string; readonly optional: boolean }> => {
  const ast = SchemaAST.toEncoded(s.ast)
  if (!SchemaAST.isObjects(ast)) throw new Error(`expected a struct, got ${ast._tag}`)
  return ast.propertySignatures.map((ps) => ({
    name: String(ps.name),
    optional: SchemaAST.isOptional(ps.type),
  }))
}

/** The property names of a schema's decoded (domain) side. */
export const typeFields = (s: AnyCodec): ReadonlyArray<string> => {
  const ast = SchemaAST.toType(s.ast)
  if (!SchemaAST.isObjects(ast)) throw new Error(`expected a struct, got ${ast._tag}`)
  return ast.propertySignatures.map((ps) => String(ps.name))
}
