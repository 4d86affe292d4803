/**
 * What the demo's server tells the console page at `GET /config.json` (and the token endpoint's answer). Types
 * only: the server and the page share them, nothing else.
 */

/**
 * The page's configuration.
 *
 * @example
 * ```ts
 * const config: ConsoleConfig = await (await fetch("/config.json")).json()
 * ```
 */
export interface ConsoleConfig {
  /** `emulator`: the in-memory emulator with the demo seed; `twilio`: a real workspace. */
  readonly mode: "emulator" | "twilio"
  readonly workspaceSid: string
  readonly accountSid: string
  /** TaskRouter's REST origin named in requests (`https://taskrouter.twilio.com` or the emulator's URL). */
  readonly apiBaseUrl: string
  /** The event bridge's origin; the channel is `/v1/wschannels/{AC}/{WS}` below it. */
  readonly eventBridgeBaseUrl: string
  /** The token endpoint (same origin). */
  readonly tokenUrl: string
  /** Seconds a token lives; the page refreshes it ahead of expiry. */
  readonly tokenTtl: number
  /** The Global Task List, when the backend has one (the emulator does). */
  readonly gtl: GtlConfig | null
  /** Whether the simulation is running. */
  readonly simulation: boolean
}

/**
 * Where the page finds the Global Task List: a same-origin proxy that adds the credentials.
 *
 * @example
 * ```ts
 * const gtl: GtlConfig = { baseUrl: "http://127.0.0.1:5173/iwd_manager/api", solutionDbid: 101, example: "" }
 * ```
 */
export interface GtlConfig {
  readonly baseUrl: string
  readonly solutionDbid: number
  /** The seed's QL example, offered in the search box. */
  readonly example: string
}

/**
 * The answer of the token endpoint.
 *
 * @example
 * ```ts
 * const { token, expiresAt }: TokenResponse = await (await fetch("/token")).json()
 * ```
 */
export interface TokenResponse {
  readonly token: string
  /** Seconds the token lives. */
  readonly ttl: number
  /** Expiry as epoch milliseconds. */
  readonly expiresAt: number
}
