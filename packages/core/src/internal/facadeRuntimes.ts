// The runtime of each facade Workspace, for the library's own tests: the transports' services are part of it,
// so a TestClock merged into `options.transports` can be driven with
// `runtimes.get(workspace)!.runPromise(TestClock.adjust("1 second"))`.
import type { ManagedRuntime } from "effect"
import type { TokenError } from "../auth/TokenError.js"
import type { WorkspaceClient } from "../workspace/WorkspaceClient.js"

export const runtimes = new WeakMap<object, ManagedRuntime.ManagedRuntime<WorkspaceClient, TokenError>>()
