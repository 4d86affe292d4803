export * from "@taskroute/core"
export * as Emulator from "./store/Emulator.js"
export * as GtlSource from "./gtl/GtlSource.js"
export { DEFAULT_FILTERS, type GtlApi, type GtlApiOptions, type GtlEntity, type GtlFilter, type GtlRequest, type GtlResponse, type GtlStructure, makeGtlApi } from "./gtl/GtlApi.js"
