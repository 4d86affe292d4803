import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Schema } from "effect"
import fc from "fast-check"
import {
  buildPath,
  encodeForm,
  formatDateTime,
  isOperationId,
  type OperationSpec,
  operationIds,
  operations,
  ParamError,
  type ParamSpec,
  partitionParams,
  toWireRequest,
  validateParams,
  validateParamsEffect,
} from "../../src/resources/Operations.js"
import { hasLoneSurrogate } from "../../src/internal/loneSurrogate.js"
import { hasResourceSchema, resourceSchema } from "./arbitraries.js"
import { manifest } from "./manifest.js"

const PARAM_TYPES = ["string", "integer", "number", "boolean", "date-time", "object", "array"] as const
const asParamType = (s: string): ParamSpec["type"] => {
  const t = PARAM_TYPES.find((x) => x === s)
  if (t === undefined) throw new Error(`the manifest has a parameter type the table cannot express: ${s}`)
  return t
}

const sid = (prefix: string, fill = "a") => prefix + fill.repeat(32)

const catchParamError = (f: () => unknown): ParamError => {
  try {
    f()
  } catch (e) {
    if (e instanceof ParamError) return e
    throw e
  }
  throw new Error("expected a ParamError")
}

describe("the operation table", () => {
  it("has exactly the manifest's 61 operations", () => {
    expect(manifest.counts).toEqual({ paths: 37, operations: 61, schemas: 36 })
    expect([...operationIds].sort()).toEqual(manifest.operations.map((o) => o.operationId).sort())
    expect(new Set(operationIds).size).toBe(61)
  })

  it.each(manifest.operations.map((o) => [o.operationId, o] as const))("%s matches the manifest", (id, m) => {
    expect(isOperationId(id)).toBe(true)
    if (!isOperationId(id)) return
    const op: OperationSpec = operations[id]
    expect(op.operationId).toBe(id)
    expect(op.method).toBe(m.method)
    expect(op.path).toBe(m.path)
    expect(op.successStatus).toBe(m.successStatus)
    expect(op.bodyType).toBe(m.requestContentType)
    expect(op.listKey).toBe(m.response?.kind === "list" ? m.response.listKey : undefined)
    expect(op.pathParams).toEqual(m.parameters.filter((p) => p.in === "path").map((p) => p.name))
    const expected: Array<ParamSpec> = m.parameters.map((p) => {
      const en = p.type === "array" ? p.itemEnum : p.enum
      return {
        name: p.name,
        in: p.in,
        type: asParamType(p.type),
        required: p.required,
        ...(p.type === "array" && p.itemType !== undefined ? { itemType: asParamType(p.itemType) } : {}),
        ...(en === undefined ? {} : { enum: en }),
        ...(p.minimum === undefined ? {} : { minimum: p.minimum }),
        ...(p.maximum === undefined ? {} : { maximum: p.maximum }),
        ...(p.sidPrefix === undefined ? {} : { sidPrefix: p.sidPrefix }),
      }
    })
    expect(op.params).toEqual(expected)
  })
})

describe("validateParams", () => {
  it("normalises values to their wire form", () => {
    const wire = validateParams("CreateTask", {
      Priority: 5,
      Timeout: "3600",
      Attributes: { type: "chat", skills: ["en"] },
      VirtualStartTime: new Date(Date.UTC(2020, 5, 16, 23, 59, 59, 500)),
      WorkflowSid: sid("WW"),
      IgnoreCapacity: true,
      TaskChannel: undefined,
    })
    expect(wire).toEqual({
      Priority: "5",
      Timeout: "3600",
      Attributes: '{"type":"chat","skills":["en"]}',
      VirtualStartTime: "2020-06-16T23:59:59Z",
      WorkflowSid: sid("WW"),
      IgnoreCapacity: "true",
    })
    expect(
      validateParams("ListTask", { AssignmentStatus: ["pending", "reserved"], HasAddons: false }),
    ).toEqual({
      AssignmentStatus: ["pending", "reserved"],
      HasAddons: "false",
    })
    expect(validateParams("ListTask", { AssignmentStatus: "pending" })).toEqual({
      AssignmentStatus: ["pending"],
    })
    expect(
      validateParams("ListEvent", { StartDate: "2020-06-16", EndDate: "2020-06-16T10:00:00+02:00" }),
    ).toEqual({
      StartDate: "2020-06-16T00:00:00Z",
      EndDate: "2020-06-16T08:00:00Z",
    })
    expect(
      validateParams("CreateWorkflow", { FriendlyName: "w", Configuration: '{"task_routing":{}}' }),
    ).toEqual({
      FriendlyName: "w",
      Configuration: '{"task_routing":{}}',
    })
  })

  it("names the parameter, the operation and the expected type", () => {
    const e = catchParamError(() => validateParams("CreateTask", { Priority: "high" }))
    expect(e._tag).toBe("ParamError")
    expect(e.message).toBe('Invalid parameter Priority of CreateTask: expected an integer, got "high"')
    expect(e).toMatchObject({
      operationId: "CreateTask",
      parameter: "Priority",
      reason: 'expected an integer, got "high"',
    })
    expect(catchParamError(() => validateParams("ListWorker", { PageSize: 0 })).message).toBe(
      "Invalid parameter PageSize of ListWorker: expected at least 1, got 0",
    )
    expect(catchParamError(() => validateParams("ListWorker", { PageSize: 1001 })).reason).toBe(
      "expected at most 1000, got 1001",
    )
    expect(
      catchParamError(() => validateParams("CreateTaskQueue", { FriendlyName: "q", TaskOrder: "RANDOM" }))
        .message,
    ).toBe('Invalid parameter TaskOrder of CreateTaskQueue: expected one of FIFO, LIFO, got "RANDOM"')
    expect(catchParamError(() => validateParams("CreateTask", { WorkflowSid: "WWnope" })).message).toBe(
      'Invalid parameter WorkflowSid of CreateTask: expected a Workflow SID (WW followed by 32 hex digits), got "WWnope"',
    )
    expect(catchParamError(() => validateParams("UpdateWorker", { Attributes: "{not json" })).parameter).toBe(
      "Attributes",
    )
    expect(catchParamError(() => validateParams("UpdateActivity", { FriendlyName: { a: 1 } })).reason).toBe(
      "expected a string, got an object",
    )
    expect(
      catchParamError(() => validateParams("ListTask", { AssignmentStatus: ["pending", 3n] })).reason,
    ).toBe("item 1: expected a string, got 3")
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(catchParamError(() => validateParams("UpdateWorker", { Attributes: cyclic })).reason).toMatch(
      /cannot be serialised to JSON/,
    )
  })

  it("rejects unknown parameters and suggests the expected spelling", () => {
    const e = catchParamError(() => validateParams("CreateTask", { Prioirty: 1 }))
    expect(e.parameter).toBe("Prioirty")
    expect(e.message).toBe("Unknown parameter Prioirty of CreateTask (did you mean Priority?)")
    expect(catchParamError(() => validateParams("CreateWorker", { friendlyName: "x" })).message).toBe(
      "Unknown parameter friendlyName of CreateWorker (did you mean FriendlyName?)",
    )
    expect(
      catchParamError(() => validateParams("CreateWorker", { FriendlyName: "x", Colour: "red" })).message,
    ).toBe("Unknown parameter Colour of CreateWorker")
  })

  it("names every missing required parameter", () => {
    const e = catchParamError(() => validateParams("CreateTaskChannel", {}))
    expect(e.parameter).toBe("FriendlyName, UniqueName")
    expect(e.message).toBe("Missing required parameters FriendlyName, UniqueName of CreateTaskChannel")
    expect(catchParamError(() => validateParams("CreateWorker", { FriendlyName: undefined })).message).toBe(
      "Missing required parameter FriendlyName of CreateWorker",
    )
  })

  it("rejects unknown operations and non-object params", () => {
    expect(catchParamError(() => validateParams("FetchNothing", {})).message).toBe(
      'Unknown operation "FetchNothing"',
    )
    expect(catchParamError(() => validateParams("ListWorker", JSON.parse('["x"]'))).reason).toBe(
      "expected an object of parameters, got an array",
    )
  })

  it("passes the free-form JSON body of the bulk real-time statistics through", () => {
    expect(
      validateParams("CreateTaskQueueBulkRealTimeStatistics", { QueueSids: [sid("WQ"), sid("WQ", "b")] }),
    ).toEqual({
      QueueSids: [sid("WQ"), sid("WQ", "b")],
    })
  })

  it.effect("has an Effect variant that fails with the ParamError", () =>
    Effect.gen(function* () {
      const ok = yield* validateParamsEffect("CreateWorker", { FriendlyName: "Alice" })
      expect(ok).toEqual({ FriendlyName: "Alice" })
      const exit = yield* Effect.exit(validateParamsEffect("CreateWorker", {}))
      expect(Exit.isFailure(exit)).toBe(true)
      const err = yield* Effect.flip(validateParamsEffect("CreateWorker", { Available: 1 }))
      expect(err).toBeInstanceOf(ParamError)
      expect(err.parameter).toBe("Available")
    }),
  )

  // Values an application may legitimately pass, per parameter type.
  const valueFor = (p: ParamSpec): fc.Arbitrary<unknown> => {
    const scalar = (t: ParamSpec["type"]): fc.Arbitrary<unknown> => {
      if (p.enum !== undefined) return fc.constantFrom(...p.enum)
      if (p.sidPrefix !== undefined) return fc.stringMatching(/^[0-9a-f]{32}$/).map((h) => p.sidPrefix + h)
      if (p.name === "Attributes" || p.name === "Configuration" || p.name === "EvaluateWorkerAttributes") {
        return fc.dictionary(fc.string(), fc.jsonValue())
      }
      switch (t) {
        case "integer":
          return fc.oneof(
            fc.integer({ min: p.minimum ?? -1000, max: p.maximum ?? 100000 }),
            fc.integer({ min: p.minimum ?? -1000, max: p.maximum ?? 100000 }).map(String),
          )
        case "number":
          return fc.double({ noNaN: true, noDefaultInfinity: true })
        case "boolean":
          return fc.boolean()
        case "date-time":
          return fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true })
        default:
          return fc.string()
      }
    }
    return p.type === "array" ? fc.array(scalar(p.itemType ?? "string"), { minLength: 1 }) : scalar(p.type)
  }

  const validParams = fc.constantFrom(...operationIds).chain((id) => {
    const spec = operations[id]
    const entries = spec.params.filter((p) => p.in !== "path").map((p) => [p.name, valueFor(p)] as const)
    const requiredKeys = spec.params.filter((p) => p.required && p.in !== "path").map((p) => p.name)
    return fc
      .record(Object.fromEntries(entries), { requiredKeys })
      .map((params) => ({ id, params: { ...params } }))
  })

  it("accepts every spec-valid parameter set, keeps its keys, and never mutates the input", () => {
    fc.assert(
      fc.property(validParams, ({ id, params }) => {
        const before = structuredClone(params)
        const wire = validateParams(id, params)
        expect(params).toEqual(before)
        expect(Object.keys(wire).sort()).toEqual(Object.keys(params).sort())
        for (const value of Object.values(wire)) {
          expect(
            typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string")),
          ).toBe(true)
        }
        const dates = operations[id].params.filter((p) => p.type === "date-time")
        for (const p of dates) {
          const v = wire[p.name]
          if (v !== undefined) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
        }
      }),
      { numRuns: 300 },
    )
  })

  it("produces wire params that the operation's params schema decodes", () => {
    fc.assert(
      fc.property(validParams, ({ id, params }) => {
        const name = `${id}Params`
        if (!hasResourceSchema(name)) return
        const wire = validateParams(id, params)
        const decoded = Schema.decodeUnknownExit(resourceSchema(name))(wire)
        expect(Exit.isSuccess(decoded), `${name} refused ${JSON.stringify(wire)}`).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  /** A value for each path parameter of `spec`, as the client fixes the workspace's. */
  const pathOf = (spec: OperationSpec) =>
    Object.fromEntries(spec.pathParams.map((name, i) => [name, `${name}-${i} /x`]))

  it("toWireRequest agrees with validateParams, partitionParams and buildPath", () => {
    fc.assert(
      fc.property(validParams, ({ id, params }) => {
        const spec = operations[id]
        const fixed = pathOf(spec)
        const parts = partitionParams(spec, validateParams(id, { ...params, ...fixed }))
        expect(toWireRequest(spec, params, fixed)).toEqual({
          path: buildPath(spec, parts.path),
          query: parts.query,
          body: parts.body,
          header: Object.keys(parts.header).length > 0 ? parts.header : undefined,
        })
      }),
      { numRuns: 300 },
    )
  })

  it("toWireRequest returns the ParamError validateParams throws, for arbitrary input, and never throws", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...operationIds),
        fc.dictionary(
          fc.oneof(fc.string(), fc.constantFrom("FriendlyName", "Priority", "Attributes", "PageSize", "Sid")),
          fc.anything(),
        ),
        (id, params) => {
          const spec = operations[id]
          const fixed = pathOf(spec)
          const wire = toWireRequest(spec, params, fixed)
          let thrown: unknown
          try {
            validateParams(id, { ...params, ...fixed })
          } catch (e) {
            thrown = e
          }
          if (thrown === undefined) expect(wire).not.toBeInstanceOf(ParamError)
          else
            expect(wire instanceof ParamError && wire.message).toBe(
              thrown instanceof ParamError ? thrown.message : `not a ParamError: ${String(thrown)}`,
            )
        },
      ),
      { numRuns: 300 },
    )
  })

  it("toWireRequest takes any string as a path value: percent-encoded, or refused (never thrown) when it cannot be", () => {
    const prefix = `/v1/Workspaces/${sid("WS")}/Workers/`
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("WK\uD800", "\uDC00x", "a/b?c#d")),
        (value) => {
          const wire = toWireRequest(operations.FetchWorker, { Sid: value }, { WorkspaceSid: sid("WS") })
          if (value === "") {
            expect(wire instanceof ParamError && wire.message).toBe(
              'Invalid parameter Sid of FetchWorker: expected a non-empty string, got ""',
            )
          } else if (hasLoneSurrogate(value)) {
            expect(wire instanceof ParamError && wire.parameter).toBe("Sid")
            expect(wire instanceof ParamError && wire.reason).toMatch(
              /^expected well-formed text, got a lone surrogate in /,
            )
          } else {
            if (wire instanceof ParamError) throw wire
            expect(wire.path.startsWith(prefix)).toBe(true)
            const segment = wire.path.slice(prefix.length)
            expect(segment).not.toMatch(/[/?#]/)
            expect(decodeURIComponent(segment)).toBe(value)
          }
        },
      ),
      { numRuns: 500 },
    )
    expect(() => buildPath(operations.FetchWorker, { WorkspaceSid: sid("WS"), Sid: "WK\uD800" })).toThrow(
      "Invalid parameter Sid of FetchWorker: expected well-formed text, got a lone surrogate in",
    )
  })

  it("refuses a body, query or header string holding a lone surrogate (a form would send U+FFFD); others pass unchanged", () => {
    const ws = { WorkspaceSid: sid("WS") }
    const text = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom("A\uD800", "\uDC00", "ok \uD83D\uDE00"),
    )
    const places = [
      ["CreateWorker", "FriendlyName", "body"],
      ["ListWorker", "FriendlyName", "query"],
      ["UpdateTask", "If-Match", "header"],
    ] as const
    fc.assert(
      fc.property(text, fc.constantFrom(...places), (value, [id, name, where]) => {
        const params = id === "UpdateTask" ? { Sid: sid("WT"), [name]: value } : { [name]: value }
        const wire = toWireRequest(operations[id], params, ws)
        if (hasLoneSurrogate(value)) {
          expect(wire instanceof ParamError && wire.parameter).toBe(name)
          expect(wire instanceof ParamError && wire.message).toMatch(
            new RegExp(
              `^Invalid parameter ${name} of ${id}: expected well-formed text, got a lone surrogate in `,
            ),
          )
        } else {
          if (wire instanceof ParamError) throw wire
          expect(wire[where]?.[name]).toBe(value)
        }
      }),
      { numRuns: 500 },
    )
  })

  it("refuses JSON text with a raw lone surrogate; an object's is sent as a JSON escape and survives", () => {
    const ws = { WorkspaceSid: sid("WS") }
    const raw = toWireRequest(
      operations.CreateWorker,
      { FriendlyName: "a", Attributes: '{"n":"\uD800"}' },
      ws,
    )
    expect(raw instanceof ParamError && raw.parameter).toBe("Attributes")
    expect(raw instanceof ParamError && raw.reason).toMatch(/lone surrogate/)
    const object = toWireRequest(
      operations.CreateWorker,
      { FriendlyName: "a", Attributes: { n: "x\uD800" } },
      ws,
    )
    if (object instanceof ParamError) throw object
    expect(object.body.Attributes).toBe('{"n":"x\\ud800"}')
    expect(JSON.parse(String(object.body.Attributes))).toEqual({ n: "x\uD800" })
  })

  it("toWireRequest: the fixed path parameters win over given ones; a missing one is named", () => {
    const spec = operations.FetchWorker
    expect(
      toWireRequest(spec, { Sid: sid("WK"), WorkspaceSid: "other" }, { WorkspaceSid: sid("WS") }),
    ).toEqual({
      path: `/v1/Workspaces/${sid("WS")}/Workers/${sid("WK")}`,
      query: {},
      body: {},
      header: undefined,
    })
    const missing = toWireRequest(spec, {}, { WorkspaceSid: sid("WS") })
    expect(missing instanceof ParamError && missing.message).toBe("Missing path parameter Sid of FetchWorker")
    const update = toWireRequest(
      operations.UpdateTask,
      { Sid: sid("WT"), "If-Match": "e1", Priority: 2 },
      { WorkspaceSid: sid("WS") },
    )
    expect(update).toMatchObject({ body: { Priority: "2" }, header: { "If-Match": "e1" } })
  })

  it("throws nothing but a ParamError for arbitrary input", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...operationIds),
        fc.dictionary(
          fc.oneof(fc.string(), fc.constantFrom("FriendlyName", "Priority", "Attributes", "PageSize")),
          fc.anything(),
        ),
        (id, params) => {
          try {
            validateParams(id, params)
          } catch (e) {
            expect(e).toBeInstanceOf(ParamError)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe("encodeForm", () => {
  it("repeats keys for arrays and uses + for spaces", () => {
    expect(encodeForm({ FriendlyName: "Jane Doe", AssignmentStatus: ["pending", "reserved"] })).toBe(
      "FriendlyName=Jane+Doe&AssignmentStatus=pending&AssignmentStatus=reserved",
    )
    expect(encodeForm({})).toBe("")
  })

  it("agrees with URLSearchParams for any strings, lone surrogates included", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom("\uD800", "a\uDC00b", "!'()~*-._ &=+%"),
    )
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.array(text))), (params) => {
        const usp = new URLSearchParams()
        for (const [k, v] of Object.entries(params))
          for (const x of typeof v === "string" ? [v] : v) usp.append(k, x)
        expect(encodeForm(params)).toBe(usp.toString())
      }),
    )
  })
})

describe("buildPath and partitionParams", () => {
  it("fills and percent-encodes the path template", () => {
    expect(buildPath(operations.FetchWorker, { WorkspaceSid: sid("WS"), Sid: sid("WK") })).toBe(
      `/v1/Workspaces/${sid("WS")}/Workers/${sid("WK")}`,
    )
    expect(buildPath(operations.FetchTaskChannel, { WorkspaceSid: sid("WS"), Sid: "a b/c" })).toBe(
      `/v1/Workspaces/${sid("WS")}/TaskChannels/a%20b%2Fc`,
    )
    expect(buildPath(operations.ListWorkspace, {})).toBe("/v1/Workspaces")
  })

  it("names missing path parameters", () => {
    const e = catchParamError(() =>
      buildPath(operations.FetchWorkerReservation, { WorkspaceSid: sid("WS"), Sid: "" }),
    )
    expect(e.message).toBe("Missing path parameters WorkerSid, Sid of FetchWorkerReservation")
  })

  it("splits wire params by where they travel", () => {
    const wire = validateParams("UpdateTask", {
      "If-Match": "etag-1",
      Priority: 3,
      WorkspaceSid: sid("WS"),
      Sid: sid("WT"),
    })
    expect(partitionParams(operations.UpdateTask, wire)).toEqual({
      path: { WorkspaceSid: sid("WS"), Sid: sid("WT") },
      query: {},
      body: { Priority: "3" },
      header: { "If-Match": "etag-1" },
    })
    expect(
      partitionParams(operations.ListTask, validateParams("ListTask", { AssignmentStatus: ["pending"] }))
        .query,
    ).toEqual({
      AssignmentStatus: ["pending"],
    })
  })

  it("formats dates as TaskRouter expects", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date(253402300799000), noInvalidDate: true }), (d) => {
        const s = formatDateTime(d)
        expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
        expect(new Date(s).getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000)
      }),
    )
  })
})
