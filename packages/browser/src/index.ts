export * from "@taskroute/core"
export * as BrowserTransports from "./BrowserTransports.js"
export { Workspace } from "./Workspace.js"
