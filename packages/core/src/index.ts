/**
 * @taskroute/core: the isomorphic domain of taskroute (SIDs, resources, tokens, policies, QL, expressions,
 * pagination), its Effect services and the Promise/callback facade.
 *
 * @packageDocumentation
 */
export * from "./transport/HttpTransport.js"
export * from "./transport/SocketTransport.js"
export * from "./transport/TransportError.js"
export * from "./facade/TaskRouteError.js"
export * as Expression from "./expression/Expression.js"
export * as Resources from "./resources/index.js"
export * as Sid from "./Sid.js"
export * as CapabilityToken from "./auth/CapabilityToken.js"
export * as Policy from "./auth/Policy.js"
export { PolicyError } from "./auth/PolicyError.js"
export { TokenError, type TokenErrorReason } from "./auth/TokenError.js"
export * as Ql from "./ql/Ql.js"
export { parseQl, printQl, validateQl } from "./ql/Ql.js"
export * as Paginator from "./pagination/Paginator.js"
export * as PaginatorStream from "./pagination/PaginatorStream.js"
export * as CursorPage from "./pagination/CursorPage.js"
export * as NumberedPage from "./pagination/NumberedPage.js"
export * from "./transport/ApiError.js"
export * from "./transport/Dialect.js"
export * as EventBridgeDialect from "./transport/EventBridgeDialect.js"
export * as RestDialect from "./transport/RestDialect.js"
export * as FetchHttpTransport from "./transport/FetchHttpTransport.js"
export * as WebSocketTransport from "./transport/WebSocketTransport.js"
export * from "./auth/TokenProvider.js"
export * from "./workspace/WorkspaceClient.js"
export * as WorkspaceLayer from "./workspace/WorkspaceLayer.js"
export * from "./events/WorkspaceEvent.js"
export * from "./events/EventChannel.js"
export * from "./facade/Workspace.js"
export type * from "./facade/WorkspaceTypes.js"
export {
  GlobalTaskList,
  type GlobalTaskListOptions,
  type GlobalTaskListPage,
} from "./facade/GlobalTaskList.js"
export * as Gtl from "./gtl/Gtl.js"
export * as EventStream from "./events/EventStream.js"
export * as WorkspacePaginator from "./workspace/WorkspacePaginator.js"
export type * from "./workspace/OperationResults.js"
