/**
 * The list envelope of TaskRouter v1, modelled once: `{ meta: {...}, <key>: [items] }` on the wire, where
 * `meta.key` names the items array (`workers`, `channels`, `task_queues_statistics`, ...).
 *
 * @example
 * ```ts
 * import { Effect, Record, Schema, SchemaIssue, SchemaTransformation } from "effect"
 * import { Resources } from "@taskroute/core"
 * const WorkerPage = Resources.ListEnvelope("workers", Resources.Worker)
 * const page = Schema.decodeUnknownSync(WorkerPage)(payload) // { meta: { key: "workers", ... }, items: [Worker, ...] }
 * ```
 *
 * @module
 */
import { Effect, Record, Schema, SchemaIssue, SchemaTransformation } from "effect"

/**
 * The wire `meta` of a list response.
 *
 * @example
 * ```ts
 * import { Effect, Record, Schema, SchemaIssue, SchemaTransformation } from "effect"
 * import { Resources } from "@taskroute/core"
 * Schema.is(Resources.ListMetaWire)({ first_page_url: "u", key: "workers", next_page_url: null, page: 0,
 *   page_size: 50, previous_page_url: null, url: "u" }) // true
 * ```
 */
export const ListMetaWire = Schema.Struct({
  first_page_url: Schema.String,
  key: Schema.String,
  next_page_url: Schema.NullOr(Schema.String),
  page: Schema.Int,
  page_size: Schema.Int,
  previous_page_url: Schema.NullOr(Schema.String),
  url: Schema.String,
})
/** The wire `meta` of a list response. */
export type ListMetaWire = typeof ListMetaWire.Type

/**
 * The `meta` of a list response, camelCased (`nextPageUrl` is `null` on the last page).
 *
 * @example
 * ```ts
 * import { Effect, Record, Schema, SchemaIssue, SchemaTransformation } from "effect"
 * import { Resources } from "@taskroute/core"
 * const meta = Schema.decodeUnknownSync(Resources.ListMeta)(wireMeta)
 * meta.nextPageUrl // string | null
 * ```
 */
export const ListMeta = Schema.Struct({
  firstPageUrl: Schema.String,
  key: Schema.String,
  nextPageUrl: Schema.NullOr(Schema.String),
  page: Schema.Int,
  pageSize: Schema.Int,
  previousPageUrl: Schema.NullOr(Schema.String),
  url: Schema.String,
}).pipe(
  Schema.encodeKeys({
    firstPageUrl: "first_page_url",
    nextPageUrl: "next_page_url",
    pageSize: "page_size",
    previousPageUrl: "previous_page_url",
  }),
)
/** The `meta` of a list response. */
export type ListMeta = typeof ListMeta.Type

/**
 * One page of a list: `{ meta, <listKey>: [...] }` on the wire, `{ meta, items }` in the domain. Generic over
 * the item codec, so `ListEnvelope("workers", Worker)` decodes worker pages into domain workers and
 * `ListEnvelope("workers", WorkerWire)` checks wire pages. Decoding fails when `listKey` is missing or not an
 * array, or when an item does not decode (the issue points at `items[i]`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Resources } from "@taskroute/core"
 * const TaskPage = Resources.ListEnvelope("tasks", Resources.Task)
 * type TaskPage = typeof TaskPage.Type // { meta: ListMeta; items: ReadonlyArray<Task> }
 * ```
 */
export const ListEnvelope = <S extends Schema.Constraint>(listKey: string, item: S) => {
  const wire = Schema.StructWithRest(Schema.Struct({ meta: ListMeta }), [
    Schema.Record(Schema.String, Schema.Unknown),
  ])
  const domain = Schema.Struct({ meta: Schema.toType(ListMeta), items: Schema.Array(item) })
  return wire.pipe(
    Schema.decodeTo(
      domain,
      SchemaTransformation.transformEffect({
        decode: (w: typeof wire.Type) => {
          const items = w[listKey]
          return Array.isArray(items)
            ? Effect.succeed({ meta: w.meta, items })
            : Effect.fail(
                new SchemaIssue.InvalidValue({
                  message: `Expected the list key ${JSON.stringify(listKey)} to hold an array, got ${items === undefined ? "nothing" : typeof items}`,
                }),
              )
        },
        encode: (d: typeof domain.Encoded) =>
          Effect.succeed({ meta: d.meta, ...Record.singleton(listKey, d.items) }),
      }),
    ),
  )
}
