export * from "@taskroute/core"
export * from "./WorkspaceCapability.js"
export * as NodeTransports from "./NodeTransports.js"
export { Workspace } from "./Workspace.js"
