import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import fc from "fast-check"
import { camelizeResource, snakeToCamel } from "../../src/internal/wire.js"
import { payloadArbitrary, resourceSchema, responseSchemas, typeName } from "../resources/arbitraries.js"

describe("snakeToCamel", () => {
  it("camel-cases snake_case keys and leaves others alone", () => {
    expect(snakeToCamel("task_queue_sid")).toBe("taskQueueSid")
    expect(snakeToCamel("sid")).toBe("sid")
    expect(snakeToCamel("5")).toBe("5")
    expect(snakeToCamel("_private")).toBe("_private")
    expect(snakeToCamel("reservations_timed_out")).toBe("reservationsTimedOut")
  })

  it("is the inverse of camel → snake for lower-case snake identifiers", () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/)
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const camel = snakeToCamel(words.join("_"))
        expect(camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).toBe(words.join("_"))
      }),
    )
  })
})

describe("camelizeResource", () => {
  it("shapes a worker the way TaskRouter.js v1 does", () => {
    const wire = {
      account_sid: "AC1",
      activity_name: "Idle",
      attributes: '{"skills":["en"],"snake_key":1}',
      available: true,
      date_created: "2020-06-16T10:00:00Z",
      date_status_changed: 1592301600,
      date_updated: null,
      friendly_name: "Alice",
      url: "https://taskrouter.twilio.com/v1/Workspaces/WS1/Workers/WK1",
      links: { activity: "https://x" },
    }
    expect(camelizeResource(wire)).toEqual({
      accountSid: "AC1",
      activityName: "Idle",
      attributes: { skills: ["en"], snake_key: 1 },
      available: true,
      dateCreated: new Date("2020-06-16T10:00:00Z"),
      dateStatusChanged: new Date(1592301600 * 1000),
      dateUpdated: null,
      friendlyName: "Alice",
    })
  })

  it("keeps invalid JSON raw and invalid dates as they are", () => {
    expect(
      camelizeResource({ attributes: "{oops", configuration: null, date_created: "not a date" }),
    ).toEqual({
      attributes: "{oops",
      configuration: null,
      dateCreated: "not a date",
    })
  })

  it("keeps the url of a list envelope's meta, drops item urls", () => {
    const out = camelizeResource({
      meta: { url: "https://x?Page=0", next_page_url: null, key: "workers" },
      workers: [{ sid: "WK1", url: "https://x/WK1" }],
    })
    expect(out).toEqual({
      meta: { url: "https://x?Page=0", nextPageUrl: null, key: "workers" },
      workers: [{ sid: "WK1" }],
    })
  })

  it("keeps the data keys of statistics maps", () => {
    expect(
      camelizeResource({
        tasks_by_status: { on_hold: 1 },
        split_by_wait_time: { "5": { above: { tasks_canceled: 1 } } },
      }),
    ).toEqual({ tasksByStatus: { on_hold: 1 }, splitByWaitTime: { "5": { above: { tasksCanceled: 1 } } } })
  })

  it("recurses into nested statistics and keeps event_data opaque", () => {
    const out = camelizeResource({
      cumulative: {
        start_time: "2015-07-30T20:00:00Z",
        split_by_wait_time: { "5": { above: { tasks_canceled: 0 } } },
      },
      realtime: { activity_statistics: [{ friendly_name: "Idle", workers: 0 }] },
      event_data: { worker_sid: "WK1" },
    })
    expect(out).toEqual({
      cumulative: {
        startTime: new Date("2015-07-30T20:00:00Z"),
        splitByWaitTime: { "5": { above: { tasksCanceled: 0 } } },
      },
      realtime: { activityStatistics: [{ friendlyName: "Idle", workers: 0 }] },
      eventData: { worker_sid: "WK1" },
    })
  })

  it("never mutates its input and shares no objects with it", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const input = { nested_obj: { deep_key: a }, event_data: { x: b }, attributes: { y: a } }
        const before = structuredClone(input)
        const out = camelizeResource(input)
        expect(input).toEqual(before)
        expect(out.nestedObj).not.toBe(input.nested_obj)
        expect(out.eventData).not.toBe(input.event_data)
        expect(out.attributes).not.toBe(input.attributes)
      }),
    )
  })

  it("does not let a __proto__ key change the result's prototype", () => {
    const input: Record<string, unknown> = JSON.parse('{"__proto__":{"polluted":true},"a_b":1}')
    const out = camelizeResource(input)
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(["__proto__", "aB"])
    const probe: Record<string, unknown> = {}
    expect(probe.polluted).toBeUndefined()
  })
})

describe("camelizeResource agrees with the resource schemas", () => {
  for (const schemaName of responseSchemas.keys()) {
    const T = typeName(schemaName)
    it(`${T}: camelizeResource(wire) equals the domain schema's decode of the same payload`, () => {
      const domain = resourceSchema(T)
      fc.assert(
        fc.property(payloadArbitrary(schemaName), (payload) => {
          expect(camelizeResource(payload)).toEqual(Schema.decodeUnknownSync(domain)(payload))
        }),
        { numRuns: 50 },
      )
    })
  }
})
