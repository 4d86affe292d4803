#!/usr/bin/env node
// Derives a facts-only manifest from Twilio's TaskRouter v1 OpenAPI description: methods, paths, operation ids,
// parameter names/places/types, request content types, success statuses, response schema names and response
// field types, list keys, plus the response examples (data, no prose). It also writes the compact runtime
// operation table used by src/resources/Operations.ts.
//
// Usage: node scripts/gen-manifest.mjs [path/to/twilio_taskrouter_v1.json]
// Default spec path: ../../../shared/spec/twilio_taskrouter_v1.json relative to the package directory
// (packages/core), i.e. the checkout's sibling folder `shared/`.
import { readFileSync, writeFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { formatWithBiome } from "./formatWithBiome.mjs"

const here = dirname(fileURLToPath(import.meta.url))
const specPath = resolve(
  process.argv[2] ?? resolve(here, "..", "../../../shared/spec/twilio_taskrouter_v1.json"),
)
const manifestPath = resolve(here, "../spec/taskrouter-v1.manifest.json")
const examplesPath = resolve(here, "../spec/taskrouter-v1.examples.json")
const tablePath = resolve(here, "../src/resources/internal/operationTable.ts")

const spec = JSON.parse(readFileSync(specPath, "utf8"))
const schemas = spec.components.schemas
const METHODS = ["get", "post", "delete"]

const refName = (ref) => ref.replace("#/components/schemas/", "")
const deref = (s) => (s?.$ref ? { ...schemas[refName(s.$ref)], enumName: refName(s.$ref) } : s)

/** The type facts of one parameter or field schema. */
const typeFacts = (raw) => {
  const s = deref(raw) ?? {}
  const out = {}
  if (s.type === undefined) out.type = "any"
  else if (s.type === "string" && s.format === "date-time") out.type = "date-time"
  else out.type = s.type
  if (s.format !== undefined && s.format !== "date-time") out.format = s.format
  if (s.format === "date-time") out.format = "date-time"
  if (s.enum !== undefined) out.enum = [...s.enum]
  if (s.enumName !== undefined) out.enumName = s.enumName
  if (s.pattern !== undefined) {
    out.pattern = s.pattern
    const m = /^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$/.exec(s.pattern)
    if (m) out.sidPrefix = m[1]
  }
  for (const k of ["minimum", "maximum", "minLength", "maxLength", "default"])
    if (s[k] !== undefined) out[k] = s[k]
  if (s.type === "array") {
    const items = deref(s.items) ?? {}
    out.itemType = items.type ?? "any"
    if (items.enum !== undefined) out.itemEnum = [...items.enum]
    if (items.enumName !== undefined) out.itemEnumName = items.enumName
  }
  return out
}

const fieldsOf = (schemaName) => {
  const s = schemas[schemaName]
  return Object.entries(s.properties ?? {}).map(([name, fs]) => {
    const t = typeFacts(fs)
    const nullable = fs.$ref ? schemas[refName(fs.$ref)].nullable === true : fs.nullable === true
    return { name, ...t, nullable }
  })
}

const contentKind = (ct) =>
  ct === "application/x-www-form-urlencoded" ? "form" : ct === "application/json" ? "json" : ct

const operations = []
const examples = {}
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of METHODS) {
    const op = item[method]
    if (op === undefined) continue
    const parameters = (op.parameters ?? []).map((p) => ({
      name: p.name,
      in: p.in,
      ...typeFacts(p.schema),
      required: p.required === true,
    }))
    let requestContentType = "none"
    if (op.requestBody !== undefined) {
      const entries = Object.entries(op.requestBody.content)
      if (entries.length !== 1) throw new Error(`${op.operationId}: expected one request content type`)
      const [ct, body] = entries[0]
      requestContentType = contentKind(ct)
      const required = new Set(body.schema.required ?? [])
      for (const [name, ps] of Object.entries(body.schema.properties ?? {})) {
        parameters.push({ name, in: "body", ...typeFacts(ps), required: required.has(name) })
      }
    }
    const codes = Object.keys(op.responses)
    if (codes.length !== 1) throw new Error(`${op.operationId}: expected one response status`)
    const successStatus = Number(codes[0])
    const content = op.responses[codes[0]].content?.["application/json"]
    let response = null
    if (content !== undefined) {
      const rs = content.schema
      if (rs.$ref !== undefined) {
        const name = refName(rs.$ref)
        response = { kind: "instance", schema: name, fields: fieldsOf(name) }
      } else {
        const props = rs.properties ?? {}
        const listKey = Object.keys(props).find((k) => k !== "meta")
        if (listKey === undefined || props.meta === undefined)
          throw new Error(`${op.operationId}: unknown response shape`)
        const name = refName(props[listKey].items.$ref)
        const meta = Object.entries(props.meta.properties).map(([n, fs]) => ({
          name: n,
          ...typeFacts(fs),
          nullable: fs.nullable === true,
        }))
        response = { kind: "list", listKey, schema: name, meta, fields: fieldsOf(name) }
      }
      if (content.examples !== undefined) {
        examples[op.operationId] = Object.fromEntries(
          Object.entries(content.examples).map(([k, v]) => [k, v.value]),
        )
      }
    }
    operations.push({
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      successStatus,
      requestContentType,
      parameters,
      response,
    })
  }
}

const enums = Object.fromEntries(
  Object.entries(schemas)
    .filter(([, s]) => s.enum !== undefined)
    .map(([n, s]) => [n, [...s.enum]]),
)

const manifest = {
  source: {
    file: "twilio_taskrouter_v1.json",
    repository: "twilio/twilio-oai",
    openapi: spec.openapi,
    apiVersion: spec.info.version,
    server: spec.servers?.[0]?.url ?? null,
  },
  counts: {
    paths: Object.keys(spec.paths).length,
    operations: operations.length,
    schemas: Object.keys(schemas).length,
  },
  operations,
  enums,
}

writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
writeFileSync(examplesPath, `${JSON.stringify(examples, null, 2)}\n`)

// --- the compact runtime table ------------------------------------------------------------------------------
// One entry per operation: [operationId, method, path, successStatus, bodyType, listKey, params].
// params is a space-separated list of `Name:<in><type>[!][*<itemType>][=<enum,...>][~<min>,<max>][@<sidPrefix>]`
// with in = p(ath) q(uery) b(ody) h(eader) and type = s(tring) i(nteger) n(umber) b(oolean) d(ate-time)
// o(bject) a(rray).
const IN = { path: "p", query: "q", body: "b", header: "h" }
const TYPE = {
  string: "s",
  integer: "i",
  number: "n",
  boolean: "b",
  "date-time": "d",
  object: "o",
  array: "a",
}
const code = (map, key, what) => {
  const c = map[key]
  if (c === undefined) throw new Error(`unsupported ${what}: ${key}`)
  return c
}
const paramToken = (p) => {
  let t = `${p.name}:${code(IN, p.in, "parameter place")}${code(TYPE, p.type, "parameter type")}`
  if (p.required) t += "!"
  if (p.type === "array") t += `*${code(TYPE, p.itemType, "item type")}`
  const en = p.type === "array" ? p.itemEnum : p.enum
  if (en !== undefined) t += `=${en.join(",")}`
  if (p.minimum !== undefined || p.maximum !== undefined) t += `~${p.minimum ?? ""},${p.maximum ?? ""}`
  if (p.sidPrefix !== undefined) t += `@${p.sidPrefix}`
  if (/\s/.test(t)) throw new Error(`whitespace in parameter token ${t}`)
  return t
}
const rows = operations.map((o) => {
  const listKey = o.response?.kind === "list" ? o.response.listKey : ""
  return `  [${JSON.stringify(o.operationId)}, ${JSON.stringify(o.method)}, ${JSON.stringify(o.path)}, ${o.successStatus}, ${JSON.stringify(o.requestContentType)}, ${JSON.stringify(listKey)},\n    ${JSON.stringify(o.parameters.map(paramToken).join(" "))}],`
})
const ids = operations.map((o) => JSON.stringify(o.operationId))
const table = `// Generated by scripts/gen-manifest.mjs from the TaskRouter v1 OpenAPI description. Do not edit by hand.
/* biome-ignore-all format: generated */

/** Every TaskRouter v1 operation id. @internal */
export type OperationId =
${ids.map((i) => `  | ${i}`).join("\n")}

/**
 * The compact operation table: [operationId, method, path, successStatus, bodyType, listKey, params].
 * See scripts/gen-manifest.mjs for the params encoding.
 *
 * @internal
 */
export const operationRows: ReadonlyArray<
  readonly [OperationId, "GET" | "POST" | "DELETE", string, 200 | 201 | 204, "form" | "json" | "none", string, string]
> = [
${rows.join("\n")}
]
`
writeFileSync(tablePath, table)
formatWithBiome([tablePath])
console.log(
  `wrote ${manifestPath} (${operations.length} operations), ${examplesPath} (${Object.keys(examples).length}), ${tablePath}`,
)
