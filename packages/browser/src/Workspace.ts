import {
  Workspace as CoreWorkspace,
  TaskRouteError,
  type Transports,
  type WorkspaceOptions,
} from "@taskroute/core"
import * as BrowserTransports from "./BrowserTransports.js"

/**
 * The TaskRouter workspace for browsers, on `fetch` and `WebSocket`: a drop-in replacement for TaskRouter.js
 * v1.21's `Twilio.TaskRouter.Workspace`, also with Promises, `each` and `events$`. It takes a capability token
 * only: direct REST would need an auth token in the page.
 *
 * @example
 * ```ts
 * import { Workspace } from "@taskroute/browser"
 * const workspace = new Workspace(WORKSPACE_TOKEN)
 * workspace.on("ready", (ws) => console.log(ws.friendlyName))
 * const activities = await workspace.activities.fetch()
 * ```
 */
export class Workspace extends CoreWorkspace {
  static override transports: Transports | undefined = BrowserTransports.layer

  constructor(token: string, options?: WorkspaceOptions)
  constructor(
    token: string,
    debug?: boolean | string,
    region?: string,
    maxRetries?: number,
    apiBaseUrl?: string,
    eventBridgeBaseUrl?: string,
  )
  constructor(
    token: string,
    second?: WorkspaceOptions | boolean | string,
    region?: string,
    maxRetries?: number,
    apiBaseUrl?: string,
    eventBridgeBaseUrl?: string,
  ) {
    if (typeof token === "object" && token !== null) {
      throw new TaskRouteError(
        "A browser Workspace takes a capability token: direct REST needs an auth token or API key secret, which must never reach a browser",
        { code: "InvalidArgument" },
      )
    }
    if (typeof second === "object" && second !== null) super(token, second)
    else super(token, second, region, maxRetries, apiBaseUrl, eventBridgeBaseUrl)
  }
}
