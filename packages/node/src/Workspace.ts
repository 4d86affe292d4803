import {
  Workspace as CoreWorkspace,
  type RestStack,
  type RestWorkspaceOptions,
  type Transports,
  WorkspaceLayer,
} from "@taskroute/core"
import * as NodeTransports from "./NodeTransports.js"

/**
 * The TaskRouter workspace for Node.js, on `node:http` and `ws` (`transports: NodeTransports.fetchLayer` sends
 * requests through `fetch` instead): TaskRouter.js v1.21's `Workspace` API with a capability token (through the
 * event bridge, events included), or direct REST with HTTP Basic credentials (`new Workspace({ accountSid,
 * authToken, workspaceSid })`, requests only: the event bridge needs a token).
 *
 * @example
 * ```ts
 * import { Workspace } from "@taskroute/node"
 * const admin = new Workspace({ accountSid: "ACxxx", authToken: process.env.AUTH_TOKEN!, workspaceSid: "WSxxx" })
 * for await (const worker of admin.workers.each({ pageSize: 200 })) console.log(worker.friendlyName)
 * await admin.close()
 * ```
 */
export class Workspace extends CoreWorkspace {
  static override transports: Transports | undefined = NodeTransports.layer
  static override restLayer: ((options: RestWorkspaceOptions) => RestStack) | undefined =
    WorkspaceLayer.layerRest
  // The constructor (its three v1 / options / direct-REST forms) is the core's: it reads the two statics above
  // from `new.target`.
}
