// Test helper: the committed facts-only manifest (spec/taskrouter-v1.manifest.json), the spec's response
// examples (spec/taskrouter-v1.examples.json) and the statistics sections the generator nests
// (spec/statistics-sections.json), read and checked with a schema so the tests get typed data.
import { readFileSync } from "node:fs"
import { Schema } from "effect"

const Field = Schema.Struct({
  name: Schema.String,
  type: Schema.String,
  format: Schema.optionalKey(Schema.String),
  enum: Schema.optionalKey(Schema.Array(Schema.String)),
  enumName: Schema.optionalKey(Schema.String),
  pattern: Schema.optionalKey(Schema.String),
  sidPrefix: Schema.optionalKey(Schema.String),
  itemType: Schema.optionalKey(Schema.String),
  itemEnum: Schema.optionalKey(Schema.Array(Schema.String)),
  minimum: Schema.optionalKey(Schema.Number),
  maximum: Schema.optionalKey(Schema.Number),
  minLength: Schema.optionalKey(Schema.Number),
  maxLength: Schema.optionalKey(Schema.Number),
  default: Schema.optionalKey(Schema.Unknown),
  nullable: Schema.optionalKey(Schema.Boolean),
})
export type ManifestField = typeof Field.Type

const Param = Schema.Struct({
  ...Field.fields,
  in: Schema.Literals(["path", "query", "body", "header"]),
  required: Schema.Boolean,
})
export type ManifestParam = typeof Param.Type

const Response = Schema.Struct({
  kind: Schema.Literals(["instance", "list"]),
  schema: Schema.String,
  listKey: Schema.optionalKey(Schema.String),
  meta: Schema.optionalKey(Schema.Array(Field)),
  fields: Schema.Array(Field),
})

const Operation = Schema.Struct({
  operationId: Schema.String,
  method: Schema.Literals(["GET", "POST", "DELETE"]),
  path: Schema.String,
  successStatus: Schema.Literals([200, 201, 204]),
  requestContentType: Schema.Literals(["form", "json", "none"]),
  parameters: Schema.Array(Param),
  response: Schema.NullOr(Response),
})
export type ManifestOperation = typeof Operation.Type

const Manifest = Schema.Struct({
  counts: Schema.Struct({ paths: Schema.Number, operations: Schema.Number, schemas: Schema.Number }),
  operations: Schema.Array(Operation),
  enums: Schema.Record(Schema.String, Schema.Array(Schema.String)),
})

const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../spec/${name}`, import.meta.url), "utf8"))

/** The committed manifest. */
export const manifest = Schema.decodeUnknownSync(Manifest)(read("taskrouter-v1.manifest.json"))

/** The spec's response examples: operationId -> example name -> payload. */
export const examples = Schema.decodeUnknownSync(
  Schema.Record(Schema.String, Schema.Record(Schema.String, Schema.Unknown)),
)(read("taskrouter-v1.examples.json"))

/**
 * The combined statistics schemas' `realtime` / `cumulative` sections: schema -> section -> the schema whose
 * fields it holds (without the `excluded` fields), as scripts/gen-resources.mjs builds them.
 */
export const statisticsSections = Schema.decodeUnknownSync(
  Schema.Struct({
    sources: Schema.Record(Schema.String, Schema.Record(Schema.String, Schema.String)),
    excluded: Schema.Array(Schema.String),
  }),
)(read("statistics-sections.json"))
