import { CapabilityToken, Policy, TokenError } from "@taskroute/core"

/**
 * Options of {@link WorkspaceCapability}.
 *
 * @example
 * ```ts
 * import type { WorkspaceCapabilityOptions } from "@taskroute/node"
 * const options: WorkspaceCapabilityOptions = {
 *   accountSid: process.env.TWILIO_ACCOUNT_SID!,
 *   authToken: process.env.TWILIO_AUTH_TOKEN!,
 *   workspaceSid: process.env.TASKROUTER_WORKSPACE_SID!,
 *   ttl: 600,
 * }
 * ```
 */
export interface WorkspaceCapabilityOptions {
  /** The account SID (`AC...`); it is also the token's issuer. */
  readonly accountSid: string
  /** The account's auth token; it signs the token and never leaves the server. */
  readonly authToken: string
  /** The workspace SID (`WS...`). */
  readonly workspaceSid: string
  /** The event-bridge channel; default: `workspaceSid` (a workspace token). */
  readonly channel?: string | undefined
  /** The token's `friendly_name` claim. */
  readonly friendlyName?: string | undefined
  /** Lifetime in whole seconds; default 3600. */
  readonly ttl?: number | undefined
}

/**
 * The input of {@link WorkspaceCapability.addPolicy}: a policy in the domain's camelCase. `allow: false` makes it
 * a deny rule (and, unlike twilio-node, it stays `false` in the token).
 *
 * @example
 * ```ts
 * import type { PolicyInput } from "@taskroute/node"
 * const p: PolicyInput = { url: "https://taskrouter.twilio.com/v1/Workspaces/WSxxx/Tasks/**", method: "DELETE",
 *   allow: false }
 * ```
 */
export interface PolicyInput {
  readonly url: string
  readonly method: "GET" | "POST" | "DELETE" | (string & {})
  readonly allow: boolean
  readonly queryFilter?: Policy.Filter | undefined
  readonly postFilter?: Policy.Filter | undefined
}

/** The option's value, or throws the {@link TokenError} that names it. */
const required = (
  value: unknown,
  name: string,
  sid: { readonly what: string; readonly prefix: string } | undefined,
): string => {
  if (typeof value !== "string" || value === "") {
    throw new TokenError({
      reason: name === "authToken" ? "Missing" : "MissingClaims",
      message: `WorkspaceCapability: the option "${name}" is required${sid === undefined ? "" : ` (the ${sid.what}, ${sid.prefix}...)`}`,
    })
  }
  if (sid !== undefined && !value.startsWith(sid.prefix)) {
    throw new TokenError({
      reason: "Malformed",
      message: `WorkspaceCapability: the option "${name}" must be a ${sid.what} (${sid.prefix}...), got ${JSON.stringify(value)}`,
    })
  }
  return value
}

const policyKey = (p: Policy.Policy): string => JSON.stringify(Policy.toWire(p))

/**
 * A server-side builder for TaskRouter.js workspace capability tokens (what twilio-node calls
 * `TaskRouterCapability`, with the five helper capabilities of TaskRouter's documentation that twilio-node
 * lacks). A new capability already has the policies every workspace token needs: GET and POST on its
 * event-bridge channel, and GET on the workspace. Each `allow...` / `addPolicy` call adds policies (an exact
 * duplicate is added once) and returns the capability, so calls chain.
 *
 * @throws {TokenError} from the constructor when an option is missing or has the wrong SID prefix; the message
 *   names the option (`WorkspaceCapability: the option "authToken" is required`). Invalid `ttl` values reject
 *   from {@link WorkspaceCapability.toJwt}.
 * @example
 * ```ts
 * import { WorkspaceCapability } from "@taskroute/node"
 * const token = await new WorkspaceCapability({ accountSid, authToken, workspaceSid, ttl: 3600 })
 *   .allowFetchSubresources()
 *   .allowUpdatesSubresources()
 *   .allowDeleteSubresources()
 *   .toJwt()
 * ```
 */
export class WorkspaceCapability {
  readonly accountSid: string
  readonly workspaceSid: string
  readonly channel: string
  readonly friendlyName: string | undefined
  readonly ttl: number | undefined
  readonly #authToken: string
  readonly #policies: Array<Policy.Policy> = []
  readonly #keys = new Set<string>()

  constructor(options: WorkspaceCapabilityOptions) {
    if (typeof options !== "object" || options === null) {
      throw new TokenError({
        reason: "MissingClaims",
        message: 'WorkspaceCapability: the argument "options" is required',
      })
    }
    const accountSid = required(options.accountSid, "accountSid", { what: "account SID", prefix: "AC" })
    const authToken = required(options.authToken, "authToken", undefined)
    const workspaceSid = required(options.workspaceSid, "workspaceSid", {
      what: "workspace SID",
      prefix: "WS",
    })
    if (options.channel !== undefined && (typeof options.channel !== "string" || options.channel === "")) {
      throw new TokenError({
        reason: "Malformed",
        message: 'WorkspaceCapability: the option "channel" must be a non-empty string when given',
      })
    }
    this.accountSid = accountSid
    this.#authToken = authToken
    this.workspaceSid = workspaceSid
    this.channel = options.channel ?? workspaceSid
    this.friendlyName = options.friendlyName
    this.ttl = options.ttl
    this.#add(Policy.eventBridge(accountSid, this.channel))
    this.#add(Policy.workspaceFetch(workspaceSid))
  }

  #add(policies: ReadonlyArray<Policy.Policy>): this {
    for (const p of policies) {
      const key = policyKey(p)
      if (this.#keys.has(key)) continue
      this.#keys.add(key)
      this.#policies.push(p)
    }
    return this
  }

  /**
   * The policies the token will carry, in order.
   *
   * @example
   * ```ts
   * new WorkspaceCapability({ accountSid, authToken, workspaceSid }).policies.length // 3
   * ```
   */
  get policies(): ReadonlyArray<Policy.Policy> {
    return [...this.#policies]
  }

  /**
   * Adds `AllowFetchSubresources`: GET on every URL below the workspace (`.../Workspaces/{WS}/**`).
   *
   * @example
   * ```ts
   * capability.allowFetchSubresources()
   * ```
   */
  allowFetchSubresources(): this {
    return this.#add(Policy.allowFetchSubresources(this.workspaceSid))
  }

  /**
   * Adds `AllowUpdates`: POST on the workspace itself (`.../Workspaces/{WS}`).
   *
   * @example
   * ```ts
   * capability.allowUpdates()
   * ```
   */
  allowUpdates(): this {
    return this.#add(Policy.allowUpdates(this.workspaceSid))
  }

  /**
   * Adds `AllowUpdatesSubresources`: POST on the workspace and on every URL below it (creates and updates).
   *
   * @example
   * ```ts
   * capability.allowUpdatesSubresources()
   * ```
   */
  allowUpdatesSubresources(): this {
    return this.#add(Policy.allowUpdatesSubresources(this.workspaceSid))
  }

  /**
   * Adds `AllowDelete`: DELETE on the workspace itself.
   *
   * @example
   * ```ts
   * capability.allowDelete()
   * ```
   */
  allowDelete(): this {
    return this.#add(Policy.allowDelete(this.workspaceSid))
  }

  /**
   * Adds `AllowDeleteSubresources`: DELETE on the workspace and on every URL below it.
   *
   * @example
   * ```ts
   * capability.allowDeleteSubresources()
   * ```
   */
  allowDeleteSubresources(): this {
    return this.#add(Policy.allowDeleteSubresources(this.workspaceSid))
  }

  /**
   * Adds a granular policy (see `Policy` in `@taskroute/core` for the URL globs `*` / `**` and the filters).
   * A policy with `allow: false` denies what it matches even when another policy allows it.
   *
   * @throws {PolicyError} when the policy is malformed (empty URL, a method that is not a word, bad filter).
   * @example
   * ```ts
   * capability.addPolicy({
   *   url: `https://taskrouter.twilio.com/v1/Workspaces/${workspaceSid}/Workers/*`,
   *   method: "POST",
   *   postFilter: { ActivitySid: { required: true } },
   *   allow: true,
   * })
   * ```
   */
  addPolicy(policy: PolicyInput): this {
    return this.#add([Policy.make(policy)])
  }

  /**
   * Signs the token (HS256 with the auth token); `now` is for tests.
   *
   * @throws {TokenError} (the Promise rejects) for an invalid `ttl`.
   * @example
   * ```ts
   * const jwt = await capability.toJwt()
   * ```
   */
  toJwt(options?: { readonly now?: Date | undefined }): Promise<string> {
    return CapabilityToken.mint(
      {
        accountSid: this.accountSid,
        workspaceSid: this.workspaceSid,
        channel: this.channel,
        friendlyName: this.friendlyName,
        policies: this.#policies,
        ttl: this.ttl,
        now: options?.now,
      },
      this.#authToken,
    )
  }
}
