export * from "@taskroute/core"
export * as Emulator from "./store/Emulator.js"
export * as GtlSource from "./gtl/GtlSource.js"
export {
  DEFAULT_FILTERS,
  type GtlApi,
  type GtlApiOptions,
  type GtlEntity,
  type GtlFilter,
  type GtlRequest,
  type GtlResponse,
  type GtlStructure,
  makeGtlApi,
} from "./gtl/GtlApi.js"
export { startFakeServer } from "./FakeServer.js"
export type { FakeServer, FakeServerOptions, MintTokenOptions } from "./FakeServer.js"
export * from "./FakeTaskRouter.js"
export * as Faults from "./faults/Faults.js"
export * as HttpHandler from "./http/HttpHandler.js"
export * as EventBridge from "./bridge/EventBridge.js"
export * as EventSocketHub from "./ws/EventSocketHub.js"
