// Fails when any of the 61 operations, any parameter or any response field of the committed manifest is not
// modelled by the resource schemas (the Operations table is checked in Operations.test.ts).
import { describe, expect, it } from "@effect/vitest"
import { Exit, Schema } from "effect"
import { isOperationId, operations } from "../../src/resources/Operations.js"
import {
  encodedFields,
  hasResourceSchema,
  resourceSchema,
  responseSchemas,
  typeFields,
  typeName,
} from "./arbitraries.js"
import { type ManifestParam, manifest } from "./manifest.js"

const snakeToCamel = (s: string) => s.replace(/(?<=[^_])_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())
const WIRE_ONLY = new Set(["url", "links"])

/** A wire (form-encoded) value the spec allows for a parameter, and one it does not (if any). */
const sampleParam = (p: ManifestParam): { good: unknown; bad?: unknown } => {
  const scalar = (type: string, en: ReadonlyArray<string> | undefined): { good: unknown; bad?: unknown } => {
    if (en !== undefined) return { good: en[0], bad: "not-a-member" }
    if (type === "string" && ["Attributes", "Configuration", "EvaluateWorkerAttributes"].includes(p.name)) {
      return { good: '{"k":1}', bad: "{oops" }
    }
    if (type === "string" && p.sidPrefix !== undefined)
      return { good: `${p.sidPrefix}${"0".repeat(32)}`, bad: "XX1" }
    switch (type) {
      case "integer":
        return { good: "42", bad: "4.2" }
      case "boolean":
        return { good: "true", bad: "yes please" }
      case "date-time":
        return { good: "2020-06-16T23:59:59Z", bad: "yesterday" }
      default:
        return { good: "some text" }
    }
  }
  if (p.type === "array") {
    const s = scalar(p.itemType ?? "string", p.itemEnum)
    return s.bad === undefined ? { good: [s.good, s.good] } : { good: [s.good, s.good], bad: [s.good, s.bad] }
  }
  return scalar(p.type, p.enum)
}

describe("every operation's parameters are modelled", () => {
  for (const op of manifest.operations) {
    const params = op.parameters.filter((p) => p.in !== "path")
    if (params.length === 0) {
      it(`${op.operationId} has no parameters besides the path, so no params schema`, () => {
        expect(hasResourceSchema(`${op.operationId}Params`)).toBe(false)
      })
      continue
    }
    it(`${op.operationId}Params has exactly the spec's parameters, required flags and types`, () => {
      const schema = resourceSchema(`${op.operationId}Params`)
      const fields = encodedFields(schema)
      expect(fields.map((f) => f.name).sort()).toEqual(params.map((p) => p.name).sort())
      for (const p of params) {
        expect({ name: p.name, optional: fields.find((f) => f.name === p.name)?.optional }).toEqual({
          name: p.name,
          optional: !p.required,
        })
      }
      const required = Object.fromEntries(
        params.filter((p) => p.required).map((p) => [p.name, sampleParam(p).good]),
      )
      for (const p of params) {
        const { good, bad } = sampleParam(p)
        const ok = Schema.decodeUnknownExit(schema)({ ...required, [p.name]: good })
        expect(Exit.isSuccess(ok), `${p.name} = ${JSON.stringify(good)}`).toBe(true)
        if (bad !== undefined) {
          const ko = Schema.decodeUnknownExit(schema)({ ...required, [p.name]: bad })
          expect(Exit.isFailure(ko), `${p.name} = ${JSON.stringify(bad)} must be refused`).toBe(true)
        }
      }
      if (Object.keys(required).length > 0) {
        expect(Exit.isFailure(Schema.decodeUnknownExit(schema)({}))).toBe(true)
      }
    })
  }
})

describe("every response schema and field is modelled", () => {
  it("covers the 26 response schemas of the 61 operations (the other 10 spec schemas are enums)", () => {
    const without = manifest.operations.filter((o) => o.response === null)
    for (const o of without) {
      expect(isOperationId(o.operationId) && operations[o.operationId].successStatus).toBe(204)
      expect(o.method).toBe("DELETE")
    }
    expect(manifest.operations.length).toBe(61)
    expect(responseSchemas.size + Object.keys(manifest.enums).length).toBe(manifest.counts.schemas)
    expect(responseSchemas.size).toBe(26)
  })

  for (const [schemaName, fields] of responseSchemas) {
    const T = typeName(schemaName)
    it(`${T}Wire has every field of ${schemaName}, all required`, () => {
      const wire = encodedFields(resourceSchema(`${T}Wire`))
      expect(wire.map((f) => f.name)).toEqual(fields.map((f) => f.name))
      expect(wire.every((f) => !f.optional)).toBe(true)
    })
    it(`${T} decodes every field but url/links into its camelCase key`, () => {
      const domain = resourceSchema(T)
      const modelled = fields.filter((f) => !WIRE_ONLY.has(f.name))
      expect(encodedFields(domain).map((f) => f.name)).toEqual(modelled.map((f) => f.name))
      expect(typeFields(domain)).toEqual(modelled.map((f) => snakeToCamel(f.name)))
    })
  }

  for (const op of manifest.operations) {
    const r = op.response
    if (r === null || r.kind !== "list") continue
    it(`${op.operationId} has a page schema reading the ${r.listKey} key`, () => {
      const page = resourceSchema(`${typeName(r.schema)}Page`)
      const meta = {
        first_page_url: "https://x/1",
        key: r.listKey,
        next_page_url: null,
        page: 0,
        page_size: 50,
        previous_page_url: null,
        url: "https://x/1",
      }
      expect(Exit.isSuccess(Schema.decodeUnknownExit(page)({ meta, [r.listKey ?? ""]: [] }))).toBe(true)
      expect(Exit.isFailure(Schema.decodeUnknownExit(page)({ meta, other_key: [] }))).toBe(true)
      expect(r.meta?.map((f) => f.name).sort()).toEqual(Object.keys(meta).sort())
    })
  }
})
