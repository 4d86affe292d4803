import { Context, Effect, Layer } from "effect"
import { isRecord } from "../internal/guards.js"
import { isTransient, retryDelayMs, withRetries } from "../internal/retryPolicy.js"
import { endedBeforeSending } from "../internal/startedRequest.js"
import { camelizeResource } from "../internal/wire.js"
import {
  type OperationId,
  type OperationSpec,
  operations,
  ParamError,
  toWireRequest,
} from "../resources/Operations.js"
import type { ApiError } from "../transport/ApiError.js"
import { Dialect, type DialectRequest, type DialectResponse } from "../transport/Dialect.js"
import type { StartedRequest } from "../transport/HttpTransport.js"
import type { TransportError } from "../transport/TransportError.js"
import type { OperationItems } from "./OperationResults.js"

/**
 * Every operation a workspace-scoped caller can make: all of TaskRouter v1 except listing and creating workspaces.
 *
 * @example
 * ```ts
 * import type { WorkspaceOperationId } from "@taskroute/core"
 * const op: WorkspaceOperationId = "FetchWorkerInstanceStatistics"
 * ```
 */
export type WorkspaceOperationId = Exclude<OperationId, "ListWorkspace" | "CreateWorkspace">

/**
 * A shaped TaskRouter resource: camelCase keys, parsed `attributes`/`configuration`, `Date`s.
 *
 * @example
 * ```ts
 * import type { Resource } from "@taskroute/core"
 * const name = (r: Resource) => String(r.friendlyName)
 * ```
 */
export type Resource = Record<string, unknown>

/**
 * One page of a list: the items (shaped) and the position in the list, from Twilio's `meta` envelope.
 *
 * @example
 * ```ts
 * import type { WorkspacePage } from "@taskroute/core"
 * const names = (page: WorkspacePage) => page.items.map((w) => w.friendlyName)
 * ```
 */
export interface WorkspacePage<A = Resource> {
  readonly items: ReadonlyArray<A>
  readonly page: number
  readonly pageSize: number
  /** The envelope key of the items (`workers`, `channels`, ...). */
  readonly key: string
  /** The next page's URL, rebased on the client's API origin; `undefined` on the last page. */
  readonly nextPageUrl: string | undefined
  readonly previousPageUrl: string | undefined
}

/**
 * The operations answering with a list envelope.
 *
 * @example
 * ```ts
 * import type { ListOperationId } from "@taskroute/core"
 * const op: ListOperationId = "ListWorker"
 * ```
 */
export type ListOperationId = Extract<WorkspaceOperationId, `List${string}`>

/**
 * The operations answering with no body.
 *
 * @example
 * ```ts
 * import type { DeleteOperationId } from "@taskroute/core"
 * const op: DeleteOperationId = "DeleteTask"
 * ```
 */
export type DeleteOperationId = Extract<WorkspaceOperationId, `Delete${string}`>

/**
 * What {@link WorkspaceClient} `request` gives back for an operation.
 *
 * @example
 * ```ts
 * import type { OperationResult } from "@taskroute/core"
 * type Page = OperationResult<"ListWorker"> // WorkspacePage<Resources.Worker>
 * ```
 */
export type OperationResult<Op extends WorkspaceOperationId> = Op extends keyof OperationItems
  ? Op extends ListOperationId
    ? WorkspacePage<OperationItems[Op]>
    : OperationItems[Op]
  : never

/**
 * How a {@link WorkspaceClient} call can fail.
 *
 * @example
 * ```ts
 * import type { WorkspaceClientError } from "@taskroute/core"
 * const retryable = (e: WorkspaceClientError) => e._tag === "TransportError" || (e._tag === "ApiError" && e.status >= 500)
 * ```
 */
export type WorkspaceClientError = ApiError | TransportError | ParamError

/**
 * Options of {@link WorkspaceClient.layer}.
 *
 * @example
 * ```ts
 * import type { WorkspaceClientOptions } from "@taskroute/core"
 * const options: WorkspaceClientOptions = { maxRetries: 5 }
 * ```
 */
export interface WorkspaceClientOptions {
  /** Retries of a request that failed with 429, 5xx or a network error (default 3). `0` disables retries. */
  readonly maxRetries?: number | undefined
}

/**
 * The default number of request retries.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_RETRIES } from "@taskroute/core"
 * const patient = { maxRetries: DEFAULT_MAX_RETRIES * 2 }
 * ```
 */
export const DEFAULT_MAX_RETRIES = 3

/** Rebases an absolute TaskRouter URL (`https://taskrouter.twilio.com/v1/...`) on `apiBaseUrl`. */
const rebase = (url: unknown, apiBaseUrl: string): string | undefined => {
  if (typeof url !== "string" || url === "") return undefined
  const at = url.indexOf("/v1/")
  return at < 0 ? url : `${apiBaseUrl}${url.slice(at)}`
}

/**
 * Reads a list envelope (`{ meta: { key, page, page_size, next_page_url, ... }, [key]: [...] }`).
 *
 * @example
 * ```ts
 * import { WorkspaceClient } from "@taskroute/core"
 * WorkspaceClient.toPage({ meta: { key: "workers", page: 0, page_size: 50 }, workers: [] }, "https://h")
 * ```
 */
export const toPage = (payload: unknown, apiBaseUrl: string): WorkspacePage | undefined => {
  if (!isRecord(payload) || !isRecord(payload.meta)) return undefined
  const meta = payload.meta
  const key = typeof meta.key === "string" ? meta.key : (Object.keys(payload).find((k) => k !== "meta") ?? "")
  const raw = payload[key]
  const items = Array.isArray(raw)
    ? raw.map((item): Resource => {
        const shaped = camelizeResource(item)
        return isRecord(shaped) ? shaped : { value: shaped }
      })
    : []
  return {
    items,
    page: typeof meta.page === "number" ? meta.page : 0,
    pageSize: typeof meta.page_size === "number" ? meta.page_size : items.length,
    key,
    nextPageUrl: rebase(meta.next_page_url, apiBaseUrl),
    previousPageUrl: rebase(meta.previous_page_url, apiBaseUrl),
  }
}

const emptyPage = (key: string): WorkspacePage => ({
  items: [],
  page: 0,
  pageSize: 0,
  key,
  nextPageUrl: undefined,
  previousPageUrl: undefined,
})

const shapeResource = (payload: unknown): Resource => {
  const shaped = camelizeResource(payload)
  return isRecord(shaped) ? shaped : {}
}

/**
 * The Effect client of one workspace: every TaskRouter v1 operation a workspace-scoped caller can make, by its
 * operationId. Parameters are validated (names, types, required ones) before anything is sent; the workspace
 * SID is filled in; results are shaped as TaskRouter.js v1 shapes them; 429/5xx/network failures are retried
 * with jittered exponential backoff (honouring `Retry-After`) up to `maxRetries` times.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WorkspaceClient } from "@taskroute/core"
 * const program = Effect.gen(function* () {
 *   const client = yield* WorkspaceClient
 *   const worker = yield* client.request("CreateWorker", { FriendlyName: "Alice", Attributes: { skills: ["en"] } })
 *   const page = yield* client.request("ListWorker", { PageSize: 20 })
 *   yield* client.request("DeleteWorker", { Sid: String(worker.sid) })
 * })
 * ```
 */
export class WorkspaceClient extends Context.Service<
  WorkspaceClient,
  {
    readonly workspaceSid: string
    readonly apiBaseUrl: string
    /**
     * Runs one operation. `params` are the operation's parameters in TaskRouter's PascalCase (path ones such as
     * `Sid`, `WorkerSid` included; `WorkspaceSid` is filled in). JSON-valued ones may be objects.
     */
    readonly request: <Op extends WorkspaceOperationId>(
      operationId: Op,
      params?: Readonly<Record<string, unknown>>,
      options?: { readonly eventType?: string | undefined },
    ) => Effect.Effect<OperationResult<Op>, WorkspaceClientError>
    /** Fetches a list page by URL (a page's `nextPageUrl` or `previousPageUrl`). */
    readonly fetchPage: (url: string) => Effect.Effect<WorkspacePage, WorkspaceClientError>
    /**
     * Optional (present when the dialect has `start`): `request` started without a fiber. `onResult` is called
     * once with the result when the first attempt succeeds, otherwise with the Effect that finishes the call (a
     * parameter error, an error answer, the retries), to be run where `request` would run; the outcome resolves
     * with what it returns. The `Workspace` facade sends through it, so a successful request costs no fiber.
     */
    readonly start?:
      | (<Op extends WorkspaceOperationId, A>(
          operationId: Op,
          params: Readonly<Record<string, unknown>> | undefined,
          onResult: (
            result: OperationResult<Op> | Effect.Effect<OperationResult<Op>, WorkspaceClientError>,
          ) => A,
        ) => StartedRequest<A>)
      | undefined
  }
>()("@taskroute/core/WorkspaceClient") {
  /**
   * Builds the client over the current {@link Dialect}.
   *
   * @example
   * ```ts
   * import { Effect } from "effect"
   * import { WorkspaceClient } from "@taskroute/core"
   * const client = WorkspaceClient.make({ maxRetries: 0 })
   * ```
   */
  static readonly make = (
    options: WorkspaceClientOptions = {},
  ): Effect.Effect<WorkspaceClient["Service"], never, Dialect> =>
    Effect.gen(function* () {
      const dialect = yield* Dialect
      const maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES))
      /** Sends `request` with retries; `first` is an attempt already made (outside a fiber), if any. */
      const send = (
        request: DialectRequest,
        first?: Effect.Effect<DialectResponse, ApiError | TransportError>,
      ) => withRetries(dialect.send(request), maxRetries, isTransient, retryDelayMs, first)

      const workspace = { WorkspaceSid: dialect.workspaceSid }
      const self = { Sid: dialect.workspaceSid }
      const prepare = (
        spec: OperationSpec,
        params: Readonly<Record<string, unknown>> | undefined,
        eventType: string | undefined,
      ): DialectRequest | ParamError => {
        const wire = toWireRequest(spec, params, spec.path === "/v1/Workspaces/{Sid}" ? self : workspace)
        if (wire instanceof ParamError) return wire
        const url = `${dialect.apiBaseUrl}${wire.path}`
        return spec.bodyType === "json"
          ? { method: spec.method, url, json: wire.body, headers: wire.header, eventType }
          : {
              method: spec.method,
              url,
              params: spec.method === "POST" ? wire.body : wire.query,
              headers: wire.header,
              eventType,
            }
      }

      const shape = (spec: OperationSpec, payload: unknown): unknown => {
        if (spec.method === "DELETE") return undefined
        if (spec.listKey !== undefined) {
          return toPage(payload, dialect.apiBaseUrl) ?? emptyPage(spec.listKey)
        }
        return shapeResource(payload)
      }
      const finish = (
        spec: OperationSpec,
        request: DialectRequest,
        first?: Effect.Effect<DialectResponse, ApiError | TransportError>,
      ) => Effect.map(send(request, first), (response) => shape(spec, response.payload))

      function request<Op extends WorkspaceOperationId>(
        operationId: Op,
        params?: Readonly<Record<string, unknown>>,
        requestOptions?: { readonly eventType?: string | undefined },
      ): Effect.Effect<OperationResult<Op>, WorkspaceClientError>
      // The implementation returns what `shape` builds from the operation's spec (list envelope → page, delete →
      // undefined, otherwise a record), which is what `OperationResult` states per operation.
      function request(
        operationId: WorkspaceOperationId,
        params?: Readonly<Record<string, unknown>>,
        requestOptions?: { readonly eventType?: string | undefined },
      ): Effect.Effect<unknown, WorkspaceClientError> {
        return Effect.suspend((): Effect.Effect<unknown, WorkspaceClientError> => {
          const spec = operations[operationId]
          const prepared = prepare(spec, params, requestOptions?.eventType)
          return prepared instanceof ParamError ? Effect.fail(prepared) : finish(spec, prepared)
        })
      }

      /** `start` over the dialect's (the service has it only when the dialect has one). */
      const starter = (begin: NonNullable<Dialect["Service"]["start"]>) => {
        function start<Op extends WorkspaceOperationId, A>(
          operationId: Op,
          params: Readonly<Record<string, unknown>> | undefined,
          onResult: (
            result: OperationResult<Op> | Effect.Effect<OperationResult<Op>, WorkspaceClientError>,
          ) => A,
        ): StartedRequest<A>
        // As `request`: the value is what `shape` builds for the operation.
        function start<A>(
          operationId: WorkspaceOperationId,
          params: Readonly<Record<string, unknown>> | undefined,
          onResult: (result: unknown) => A,
        ): StartedRequest<A> {
          const spec = operations[operationId]
          const prepared = prepare(spec, params, undefined)
          if (prepared instanceof ParamError) return endedBeforeSending(Effect.fail(prepared), onResult)
          return begin(prepared, (answer) =>
            onResult(Effect.isEffect(answer) ? finish(spec, prepared, answer) : shape(spec, answer.payload)),
          )
        }
        return start
      }

      const fetchPage = (url: string): Effect.Effect<WorkspacePage, WorkspaceClientError> =>
        Effect.map(
          send({ method: "GET", url: rebase(url, dialect.apiBaseUrl) ?? url }),
          (response) => toPage(response.payload, dialect.apiBaseUrl) ?? emptyPage(""),
        )

      return WorkspaceClient.of({
        workspaceSid: dialect.workspaceSid,
        apiBaseUrl: dialect.apiBaseUrl,
        request,
        fetchPage,
        start: dialect.start && starter(dialect.start),
      })
    })

  /**
   * The client as a layer over a {@link Dialect}.
   *
   * @example
   * ```ts
   * import { Layer } from "effect"
   * import { RestDialect, WorkspaceClient } from "@taskroute/core"
   * const client = WorkspaceClient.layer({ maxRetries: 2 }).pipe(Layer.provide(RestDialect.layer(options)))
   * ```
   */
  static readonly layer = (
    options: WorkspaceClientOptions = {},
  ): Layer.Layer<WorkspaceClient, never, Dialect> =>
    Layer.effect(WorkspaceClient, WorkspaceClient.make(options))
}
