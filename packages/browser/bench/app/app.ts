// A minimal app using the ESM entry of @taskroute/browser, as an app bundler sees it: the Workspace facade with
// a listener, a list fetch and a create. bench/size.bench.ts bundles it with rolldown and reports its size.
import { Workspace } from "../../src/index.js"

declare const WORKSPACE_TOKEN: string

const workspace = new Workspace(WORKSPACE_TOKEN)
workspace.on("ready", (ws) => console.log(ws.friendlyName))
workspace.activities.fetch().then((list) => console.log(list.data.length))
workspace.tasks.create({ WorkflowSid: "WWxxx", Attributes: { type: "support" } }, (error, task) =>
  console.log(error?.code ?? task?.sid),
)
