// Spec-shaped payloads decode correctly, and encode/decode are inverse, for every resource schema.
import { describe, expect, it } from "@effect/vitest"
import { Exit, Schema } from "effect"
import fc from "fast-check"
import * as Resources from "../../src/resources/index.js"
import * as Sid from "../../src/Sid.js"
import { payloadArbitrary, resourceSchema, responseSchemas, typeName } from "./arbitraries.js"
import { examples, manifest } from "./manifest.js"

const snakeToCamel = (s: string) => s.replace(/(?<=[^_])_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())
const DATE = new Set(["date-time"])
const JSON_FIELDS = new Set(["attributes", "configuration", "addons"])

const withoutUrlAndLinks = (p: Record<string, unknown>): Record<string, unknown> => {
  const { url: _url, links: _links, ...rest } = p
  return rest
}

const jsonObjectOrText = (s: string): unknown => {
  try {
    const v: unknown = JSON.parse(s)
    return isRecord(v) ? v : s
  } catch {
    return s
  }
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

describe("resource schemas on spec-shaped payloads", () => {
  for (const [schemaName, fields] of responseSchemas) {
    const T = typeName(schemaName)
    const wire = resourceSchema(`${T}Wire`)
    const domain = resourceSchema(T)

    it(`${T}: the wire schema accepts, the domain decodes field by field, and encoding gives the payload back`, () => {
      fc.assert(
        fc.property(payloadArbitrary(schemaName), (payload) => {
          expect(Exit.isSuccess(Schema.decodeUnknownExit(wire)(payload))).toBe(true)
          const decoded = Schema.decodeUnknownSync(domain)(payload)
          if (!isRecord(decoded)) throw new Error("a resource decodes to an object")
          for (const f of fields) {
            const w = payload[f.name]
            const d = decoded[snakeToCamel(f.name)]
            if (f.name === "url" || f.name === "links") expect(snakeToCamel(f.name) in decoded).toBe(false)
            else if (w === null) expect(d).toBeNull()
            else if (DATE.has(f.type)) expect(d instanceof Date && d.getTime()).toBe(Date.parse(String(w)))
            else if (JSON_FIELDS.has(f.name)) {
              expect(d).toEqual(jsonObjectOrText(String(w)))
            } else if (typeof w !== "object") expect(d).toBe(w)
          }
          expect(Schema.encodeUnknownSync(domain)(decoded)).toEqual(withoutUrlAndLinks(payload))
        }),
        { numRuns: 60 },
      )
    })

    it(`${T}: encoding then decoding a domain value is the identity`, () => {
      fc.assert(
        fc.property(payloadArbitrary(schemaName), (payload) => {
          const decoded = Schema.decodeUnknownSync(domain)(payload)
          const again = Schema.decodeUnknownSync(domain)(Schema.encodeUnknownSync(domain)(decoded))
          expect(again).toEqual(decoded)
        }),
        { numRuns: 30 },
      )
    })
  }
})

describe("the spec's response examples", () => {
  const cases = manifest.operations.flatMap((op) =>
    op.response === null
      ? []
      : Object.entries(examples[op.operationId] ?? {}).map(
          ([name, value]) => [op.operationId, name, op.response, value] as const,
        ),
  )

  it("are present for most operations", () => {
    expect(cases.length).toBeGreaterThanOrEqual(54)
  })

  it.each(cases)("%s (%s) decodes", (_id, _name, response, value) => {
    if (response === null) return
    const T = typeName(response.schema)
    if (response.kind === "list") {
      const page = Schema.decodeUnknownSync(resourceSchema(`${T}Page`))(value)
      if (!isRecord(page) || !Array.isArray(page.items)) throw new Error("a page decodes to { meta, items }")
      expect(
        isRecord(value) && Array.isArray(value[response.listKey ?? ""]) && value[response.listKey ?? ""],
      ).toHaveLength(page.items.length)
      const raw = isRecord(value) ? value[response.listKey ?? ""] : undefined
      for (const item of Array.isArray(raw) ? raw : [])
        Schema.decodeUnknownSync(resourceSchema(`${T}Wire`))(item)
    } else {
      Schema.decodeUnknownSync(resourceSchema(`${T}Wire`))(value)
      Schema.decodeUnknownSync(resourceSchema(T))(value)
    }
  })
})

describe("typed decoding", () => {
  it("keeps a Workflow configuration that is not a JSON object as text, and encodes it back unchanged", () => {
    const example = examples.FetchWorkflow?.fetch
    if (!isRecord(example)) throw new Error("example missing")
    const workflow = Schema.decodeUnknownSync(Resources.Workflow)(example)
    expect(workflow.configuration).toBe(example.configuration)
    const json = Schema.decodeUnknownSync(Resources.Workflow)({
      ...example,
      configuration: '{"task_routing":{"filters":[]}}',
    })
    expect(json.configuration).toEqual({ task_routing: { filters: [] } })
    expect(Schema.encodeSync(Resources.Workflow)(workflow).configuration).toBe(example.configuration)
  })

  it("a Worker from the spec's example has typed, camelCased fields", () => {
    const example = examples.FetchWorker?.fetch
    const worker: Resources.Worker = Schema.decodeUnknownSync(Resources.Worker)(example)
    expect(worker.friendlyName).toBe("NewWorker3")
    expect(worker.dateCreated).toEqual(new Date("2017-05-30T23:32:39Z"))
    expect(worker.attributes).toEqual({})
  })

  it("decodes create params from form fields and refuses unknown enum members", () => {
    const params = Schema.decodeUnknownSync(Resources.CreateTaskParams)({
      Priority: "5",
      Attributes: '{"type":"chat"}',
      VirtualStartTime: "2020-06-16T10:00:00Z",
    })
    expect(params).toEqual({
      Priority: 5,
      Attributes: { type: "chat" },
      VirtualStartTime: new Date("2020-06-16T10:00:00Z"),
    })
    expect(() => Schema.decodeUnknownSync(Resources.UpdateTaskParams)({ AssignmentStatus: "done" })).toThrow()
  })

  it("reports a bad SID in a payload with the expected prefix and the path", () => {
    const example = examples.FetchWorker?.fetch
    if (!isRecord(example)) throw new Error("example missing")
    expect(() => Schema.decodeUnknownSync(Resources.Worker)({ ...example, activity_sid: "WKxyz" })).toThrow(
      /Expected an Activity SID \(WA followed by 32 hex digits\), got "WKxyz"[\s\S]*activity_sid/,
    )
  })
})

describe("the bulk real-time statistics request", () => {
  const wq = (n: number) => Sid.fromIndex("WQ", n)
  it("accepts QueueSids and queueSids, and writes QueueSids", () => {
    const decode = Schema.decodeUnknownSync(Resources.TaskQueueBulkRealTimeStatisticsRequest)
    expect(decode({ QueueSids: [wq(1)] })).toEqual({ queueSids: [wq(1)] })
    expect(decode({ queueSids: [wq(1), wq(2)] })).toEqual({ queueSids: [wq(1), wq(2)] })
    expect(
      Schema.encodeSync(Resources.TaskQueueBulkRealTimeStatisticsRequest)({ queueSids: [wq(3)] }),
    ).toEqual({
      QueueSids: [wq(3)],
    })
  })

  it("refuses no SIDs, more than 50, and SIDs of other resources", () => {
    const exit = (u: unknown) => Schema.decodeUnknownExit(Resources.TaskQueueBulkRealTimeStatisticsRequest)(u)
    expect(Exit.isFailure(exit({ QueueSids: [] }))).toBe(true)
    expect(Exit.isFailure(exit({ QueueSids: Array.from({ length: 51 }, (_, i) => wq(i)) }))).toBe(true)
    expect(Exit.isSuccess(exit({ QueueSids: Array.from({ length: 50 }, (_, i) => wq(i)) }))).toBe(true)
    expect(Exit.isFailure(exit({ QueueSids: [`WK${"0".repeat(32)}`] }))).toBe(true)
  })
})
