export * from "@taskroute/core"
export * as Emulator from "./store/Emulator.js"
