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
