// The script-tag entry (dist/taskroute.min.js): `Twilio.TaskRouter.Workspace` as a drop-in for TaskRouter.js
// v1.21's script, and `TaskRoute` for new code. Other properties of an existing `Twilio` global are kept.
import { TaskRouteError } from "@taskroute/core"
import { Workspace } from "./Workspace.js"

const root: Record<string, unknown> = globalThis
const record = (u: unknown): Record<string, unknown> => (typeof u === "object" && u !== null ? { ...u } : {})

const twilio = record(root.Twilio)
twilio.TaskRouter = { ...record(twilio.TaskRouter), Workspace }
root.Twilio = twilio
root.TaskRoute = { Workspace, TaskRouteError }
