/**
 * Where the console's data comes from: the emulator of `@taskroute/testing` (the default), or a real
 * TaskRouter workspace named by environment variables.
 */
import { type FakeServer, startFakeServer } from "@taskroute/testing"

/**
 * The emulator with its `demo` seed, on a free port of 127.0.0.1.
 *
 * @example
 * ```ts
 * const backend: EmulatorBackendOptions = { kind: "emulator", heartbeatMs: 5000 }
 * ```
 */
export interface EmulatorBackendOptions {
  readonly kind: "emulator"
  /** Period of the emulator's websocket heartbeat frames (default 15000 ms). */
  readonly heartbeatMs?: number | undefined
  /** Seeds the emulator's SID generator (same seed, same SIDs). */
  readonly random?: number | string | undefined
}

/**
 * A real TaskRouter workspace. The auth token stays on the demo's server: the page only ever sees capability
 * tokens minted from it.
 *
 * @example
 * ```ts
 * const backend: TwilioBackendOptions = {
 *   kind: "twilio", accountSid: "AC...", authToken: "...", workspaceSid: "WS...",
 * }
 * ```
 */
export interface TwilioBackendOptions {
  readonly kind: "twilio"
  readonly accountSid: string
  readonly authToken: string
  readonly workspaceSid: string
  /** TaskRouter's REST origin (default `https://taskrouter.twilio.com`). */
  readonly restOrigin?: string | undefined
  /** The event bridge's origin (default `https://event-bridge.twilio.com`). */
  readonly eventBridgeOrigin?: string | undefined
}

/**
 * Either backend.
 *
 * @example
 * ```ts
 * const backend: BackendOptions = backendFromEnv(process.env)
 * ```
 */
export type BackendOptions = EmulatorBackendOptions | TwilioBackendOptions

/**
 * A started backend: what the server needs to mint tokens, drive the simulation and configure the page.
 *
 * @example
 * ```ts
 * const backend: Backend = await startBackend({ kind: "emulator" })
 * console.log(backend.restOrigin, backend.workspaceSid)
 * await backend.close()
 * ```
 */
export interface Backend {
  readonly kind: "emulator" | "twilio"
  readonly accountSid: string
  readonly authToken: string
  readonly workspaceSid: string
  /** Origin of the REST API (`/v1/...` below it), used by the server side (simulation). */
  readonly restOrigin: string
  /** Origin of the event bridge (`/v1/wschannels/...` below it), used by the page. */
  readonly eventBridgeOrigin: string
  /** The GTL API (`.../iwd_manager/api`) and the workspace's solution, when the backend has one. */
  readonly gtl: { readonly upstream: string; readonly solutionDbid: number } | undefined
  /** The emulator, in emulator mode. */
  readonly fake: FakeServer | undefined
  readonly close: () => Promise<void>
}

/**
 * A configuration problem a person can fix: the message says what to set.
 *
 * @example
 * ```ts
 * try { backendFromEnv(process.env) } catch (e) { if (e instanceof BackendConfigError) console.error(e.message) }
 * ```
 */
export class BackendConfigError extends Error {
  readonly _tag = "BackendConfigError"
  constructor(message: string) {
    super(message)
    this.name = "BackendConfigError"
  }
}

const ENV_NAMES = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TASKROUTER_WORKSPACE_SID"] as const

/**
 * Chooses the backend from environment variables: a real workspace when `TWILIO_ACCOUNT_SID`,
 * `TWILIO_AUTH_TOKEN` and `TASKROUTER_WORKSPACE_SID` are all set, the emulator when none is. Throws a
 * {@link BackendConfigError} naming the missing ones when only some are set, or when a SID is malformed.
 *
 * @example
 * ```ts
 * backendFromEnv({}) // { kind: "emulator" }
 * ```
 */
export const backendFromEnv = (env: Readonly<Record<string, string | undefined>>): BackendOptions => {
  const present = ENV_NAMES.filter((name) => (env[name] ?? "") !== "")
  if (present.length === 0) return { kind: "emulator" }
  if (present.length < ENV_NAMES.length) {
    const missing = ENV_NAMES.filter((name) => !present.includes(name))
    throw new BackendConfigError(
      `To use a real TaskRouter workspace set all of ${ENV_NAMES.join(", ")}; missing: ${missing.join(", ")}. ` +
        "Unset them all to use the emulator.",
    )
  }
  const accountSid = env.TWILIO_ACCOUNT_SID ?? ""
  const workspaceSid = env.TASKROUTER_WORKSPACE_SID ?? ""
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    throw new BackendConfigError(
      `TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits, got "${accountSid}"`,
    )
  }
  if (!/^WS[0-9a-fA-F]{32}$/.test(workspaceSid)) {
    throw new BackendConfigError(
      `TASKROUTER_WORKSPACE_SID must be WS followed by 32 hex digits, got "${workspaceSid}"`,
    )
  }
  return {
    kind: "twilio",
    accountSid,
    authToken: env.TWILIO_AUTH_TOKEN ?? "",
    workspaceSid,
    ...(env.TASKROUTER_REST_ORIGIN ? { restOrigin: env.TASKROUTER_REST_ORIGIN } : {}),
    ...(env.TASKROUTER_EVENT_BRIDGE_ORIGIN ? { eventBridgeOrigin: env.TASKROUTER_EVENT_BRIDGE_ORIGIN } : {}),
  }
}

/**
 * Starts (emulator) or describes (real workspace) the backend.
 *
 * @example
 * ```ts
 * const backend = await startBackend(backendFromEnv(process.env))
 * ```
 */
export const startBackend = async (options: BackendOptions): Promise<Backend> => {
  if (options.kind === "twilio") {
    return {
      kind: "twilio",
      accountSid: options.accountSid,
      authToken: options.authToken,
      workspaceSid: options.workspaceSid,
      restOrigin: options.restOrigin ?? "https://taskrouter.twilio.com",
      eventBridgeOrigin: options.eventBridgeOrigin ?? "https://event-bridge.twilio.com",
      gtl: undefined,
      fake: undefined,
      close: async () => {},
    }
  }
  const fake = await startFakeServer({
    port: 0,
    host: "127.0.0.1",
    seed: "demo",
    heartbeatMs: options.heartbeatMs ?? 15_000,
    ...(options.random === undefined ? {} : { random: options.random }),
  })
  return {
    kind: "emulator",
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    workspaceSid: fake.workspaceSid,
    restOrigin: fake.url,
    eventBridgeOrigin: fake.url,
    gtl: { upstream: `${fake.url}/iwd_manager/api`, solutionDbid: fake.solutionDbid },
    fake,
    close: () => fake.close(),
  }
}
