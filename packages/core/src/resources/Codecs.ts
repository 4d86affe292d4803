/**
 * The small codecs the TaskRouter v1 resource schemas are made of: ISO date-times, JSON documents carried as
 * strings, SIDs of any prefix, `links` maps, and the string forms of form-encoded parameters.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.DateTimeFromString)("2017-05-30T23:05:29Z") // Date
 * ```
 *
 * @module
 */
import { Schema, SchemaTransformation } from "effect"
import { isJsonObjectText } from "../internal/guards.js"

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/

/**
 * An ISO-8601 date-time string with a zone, as TaskRouter sends dates (`2017-05-30T23:05:29Z`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.is(Resources.IsoDateTime)("2017-05-30T23:05:29Z") // true
 * ```
 */
export const IsoDateTime = Schema.String.pipe(
  Schema.check(
    Schema.makeFilter(
      (s: string) =>
        (ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s))) ||
        `Expected an ISO-8601 date-time such as 2017-05-30T23:05:29Z, got ${JSON.stringify(s)}`,
      { expected: "an ISO-8601 date-time" },
    ),
  ),
)

/**
 * Formats a `Date` the way TaskRouter writes dates: `YYYY-MM-DDTHH:mm:ssZ`, with milliseconds only when they
 * are not zero (so that encoding then decoding any `Date` is the identity).
 *
 * @example
 * ```ts
 * import { Resources } from "@taskroute/core"
 * Resources.formatWireDate(new Date("2017-05-30T23:05:29Z")) // "2017-05-30T23:05:29Z"
 * ```
 */
export const formatWireDate = (d: Date): string => d.toISOString().replace(".000Z", "Z")

/**
 * A TaskRouter date-time: an ISO string on the wire, a `Date` in the domain.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.encodeSync(Resources.DateTimeFromString)(new Date(0)) // "1970-01-01T00:00:00Z"
 * ```
 */
export const DateTimeFromString = IsoDateTime.pipe(
  Schema.decodeTo(
    Schema.Date,
    SchemaTransformation.transform({ decode: (s: string) => new Date(s), encode: formatWireDate }),
  ),
)

/**
 * A string holding a JSON object (the encoded side of {@link JsonObjectFromString}).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.is(Resources.JsonObjectString)('{"skills":["en"]}') // true
 * ```
 */
export const JsonObjectString = Schema.String.pipe(
  Schema.check(
    Schema.makeFilter(
      (s: string) =>
        isJsonObjectText(s) ||
        `Expected a JSON object in a string, got ${JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s)}`,
      { expected: "a JSON object in a string" },
    ),
  ),
)

/** A parsed JSON object (the domain side of {@link JsonObjectFromString}). */
export const JsonObject = Schema.Record(Schema.String, Schema.Unknown)
/** A parsed JSON object. */
export type JsonObject = typeof JsonObject.Type

/**
 * A JSON object parameter (`Attributes`, `Configuration`, `EvaluateWorkerAttributes`): a string holding a JSON
 * object on the wire (anything else is refused), the parsed object in the domain.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.JsonObjectFromString)('{"a":1}') // { a: 1 }
 * ```
 */
export const JsonObjectFromString = JsonObjectString.pipe(
  Schema.decodeTo(
    JsonObject,
    SchemaTransformation.transform({
      decode: (s: string): JsonObject => parseJsonObject(s) ?? {},
      encode: (o: JsonObject): string => JSON.stringify(o),
    }),
  ),
)

const parseJsonObject = (s: string): JsonObject | undefined => {
  let v: unknown
  try {
    v = JSON.parse(s)
  } catch {
    return undefined
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true })
  }
  return out
}

/**
 * A JSON document field of a response (`attributes`, `configuration`, `addons`): a string on the wire; in the
 * domain the parsed object when the string holds a JSON object, otherwise the string as it is (the spec's own
 * Workflow examples carry YAML-like `configuration` text). Encoding gives the same string back: objects are
 * `JSON.stringify`'d, raw text is kept.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.JsonDocumentFromString)('{"a":1}') // { a: 1 }
 * Schema.decodeUnknownSync(Resources.JsonDocumentFromString)("task-routing: ...") // "task-routing: ..."
 * ```
 */
export const JsonDocumentFromString = Schema.String.pipe(
  Schema.decodeTo(
    Schema.Union([JsonObject, Schema.String]),
    SchemaTransformation.transform({
      decode: (s: string): JsonObject | string => parseJsonObject(s) ?? s,
      encode: (d: JsonObject | string): string => (typeof d === "string" ? d : JSON.stringify(d)),
    }),
  ),
)
/** A parsed JSON object, or the raw text when it is not one. */
export type JsonDocument = typeof JsonDocumentFromString.Type

/**
 * A SID of any two-letter prefix (the spec's `^[a-zA-Z]{2}[0-9a-fA-F]{32}$`, e.g. an Event's `actor_sid`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.is(Resources.AnySid)("WK" + "0".repeat(32)) // true
 * ```
 */
export const AnySid = Schema.String.pipe(
  Schema.check(
    Schema.makeFilter(
      (s: string) =>
        /^[a-zA-Z]{2}[0-9a-fA-F]{32}$/.test(s) ||
        `Expected a SID (2 letters followed by 32 hex digits), got ${JSON.stringify(s)}`,
      { expected: "a SID (2 letters followed by 32 hex digits)" },
    ),
  ),
)

/**
 * The `links` map of a resource: relation name to absolute URL.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.is(Resources.Links)({ workspace: "https://taskrouter.twilio.com/v1/Workspaces/WS…" }) // true
 * ```
 */
export const Links = Schema.Record(Schema.String, Schema.String)

// --- form-encoded parameter values ------------------------------------------------------------------------------

/**
 * An integer parameter: a decimal string in a form body or query, a number in the domain.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.IntFromString)("42") // 42
 * ```
 */
export const IntFromString = Schema.String.pipe(
  Schema.check(
    Schema.makeFilter((s: string) => /^-?\d+$/.test(s) || `Expected an integer, got ${JSON.stringify(s)}`, {
      expected: "an integer",
    }),
  ),
  Schema.decodeTo(
    Schema.Int,
    SchemaTransformation.transform({ decode: (s: string) => Number(s), encode: (n: number) => String(n) }),
  ),
)

/**
 * A boolean parameter: `"true"`/`"false"` in a form body or query, a boolean in the domain.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.BooleanFromString)("true") // true
 * ```
 */
export const BooleanFromString = Schema.Literals(["true", "false"]).pipe(
  Schema.decodeTo(
    Schema.Boolean,
    SchemaTransformation.transform({
      decode: (s: "true" | "false") => s === "true",
      encode: (b: boolean): "true" | "false" => (b ? "true" : "false"),
    }),
  ),
)

/**
 * An array parameter: repeated keys in a form body or query, so one value arrives as a string and several as an
 * array; always an array in the domain.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.decodeUnknownSync(Resources.RepeatedParam(Schema.String))("pending") // ["pending"]
 * ```
 */
export const RepeatedParam = <S extends Schema.Constraint>(item: S): Schema.ArrayEnsure<S> =>
  Schema.ArrayEnsure(item)
