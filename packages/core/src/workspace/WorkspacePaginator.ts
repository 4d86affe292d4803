import { Option } from "effect"
import * as Paginator from "../pagination/Paginator.js"
import {
  type ListOperationId,
  type Resource,
  WorkspaceClient,
  type WorkspaceClientError,
  type WorkspacePage,
} from "./WorkspaceClient.js"

/**
 * Every item of a TaskRouter list, lazily, page after page: `PageSize` from `options`, then `next_page_url`
 * (rebased on the client's API origin). Consume it with `Paginator.collect`, `Paginator.toAsyncIterable`,
 * `Paginator.toObservable` or `PaginatorStream`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Paginator, WorkspacePaginator } from "@taskroute/core"
 * const idle = Paginator.collect(WorkspacePaginator.paginate("ListWorker", { ActivityName: "Idle" }, { pageSize: 200 }))
 * ```
 */
export const paginate = (
  operationId: ListOperationId,
  params?: Readonly<Record<string, unknown>>,
  options?: { readonly pageSize?: number | undefined },
): Paginator.Paginator<Resource, WorkspaceClientError, WorkspaceClient, WorkspacePage> =>
  Paginator.make<WorkspacePage, Resource, WorkspaceClientError, WorkspaceClient>({
    first: WorkspaceClient.use((client) =>
      client.request(operationId, {
        ...params,
        ...(options?.pageSize === undefined ? {} : { PageSize: options.pageSize }),
      }),
    ),
    items: (page) => page.items,
    next: (page) =>
      page.nextPageUrl === undefined
        ? Option.none()
        : Option.some(WorkspaceClient.use((client) => client.fetchPage(page.nextPageUrl ?? ""))),
  })
