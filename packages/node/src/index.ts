export * from "@taskroute/core"
export * from "./WorkspaceCapability.js"
