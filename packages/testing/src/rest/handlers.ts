/**
 * Every operation's handler, keyed by operationId.
 *
 * @internal
 */
import { queueHandlers } from "./handlers/queues.js"
import { statisticsHandlers } from "./handlers/statistics.js"
import { taskHandlers } from "./handlers/tasks.js"
import { workerHandlers } from "./handlers/workers.js"
import { workspaceHandlers } from "./handlers/workspaces.js"
import type { Handler } from "./router.js"

/** @internal */
export const handlers: Readonly<Record<string, Handler>> = {
  ...workspaceHandlers,
  ...queueHandlers,
  ...workerHandlers,
  ...taskHandlers,
  ...statisticsHandlers,
}
