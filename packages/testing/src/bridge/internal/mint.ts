import { CapabilityToken, Policy } from "@taskroute/core"
import type { Effect } from "effect"
import type { SeedInfo } from "../../store/Emulator.js"

/**
 * Options of `mintToken` (network and in-process doors). Without options: a one-hour workspace token for the
 * seeded workspace with the event-bridge policies (GET, POST on its channel), GET on the workspace, and GET,
 * POST, DELETE on the workspace and everything below it.
 *
 * @example
 * ```ts
 * const readOnly: MintTokenOptions = { ttl: 60, allowUpdates: false, allowDelete: false }
 * ```
 */
export interface MintTokenOptions {
  /** Lifetime in seconds (default 3600). */
  readonly ttl?: number | undefined
  /** The channel: the workspace (default), a worker (`WK…`) or a task queue (`WQ…`) SID. */
  readonly channel?: string | undefined
  /** Another workspace of the seeded account (default: the seeded workspace). */
  readonly workspaceSid?: string | undefined
  /** Replace the default policies entirely (the event-bridge ones included). */
  readonly policies?: ReadonlyArray<Policy.Policy> | undefined
  /** Added after the default (or given) policies, e.g. a deny rule. */
  readonly extraPolicies?: ReadonlyArray<Policy.Policy> | undefined
  /** GET below the workspace (default true). */
  readonly allowFetchSubresources?: boolean | undefined
  /** POST on the workspace and below it (default true). */
  readonly allowUpdates?: boolean | undefined
  /** DELETE on the workspace and below it (default true). */
  readonly allowDelete?: boolean | undefined
  readonly friendlyName?: string | undefined
  /** The issue time (default: now, on the door's clock). */
  readonly now?: Date | undefined
}

/** The policies {@link MintTokenOptions} describe. */
export const policiesFor = (
  seed: SeedInfo,
  workspaceSid: string,
  channel: string,
  options: MintTokenOptions,
): ReadonlyArray<Policy.Policy> => {
  const base = options.policies ?? [
    ...Policy.eventBridge(seed.accountSid, channel),
    ...Policy.workspaceFetch(workspaceSid),
    ...(options.allowFetchSubresources === false ? [] : Policy.allowFetchSubresources(workspaceSid)),
    ...(options.allowUpdates === false ? [] : Policy.allowUpdatesSubresources(workspaceSid)),
    ...(options.allowDelete === false ? [] : Policy.allowDeleteSubresources(workspaceSid)),
  ]
  return [...base, ...(options.extraPolicies ?? [])]
}

/** The input of `CapabilityToken.mint` for these options. */
export const mintInput = (seed: SeedInfo, options: MintTokenOptions): CapabilityToken.MintInput => {
  const workspaceSid = options.workspaceSid ?? seed.workspaceSid
  const channel = options.channel ?? workspaceSid
  return {
    accountSid: seed.accountSid,
    workspaceSid,
    channel,
    policies: policiesFor(seed, workspaceSid, channel, options),
    ttl: options.ttl ?? 3600,
    ...(options.friendlyName === undefined ? {} : { friendlyName: options.friendlyName }),
    ...(options.now === undefined ? {} : { now: options.now }),
  }
}

/** Mints on the Effect Clock (TestClock in-process) unless `options.now` is given. */
export const mintEffect = (
  seed: SeedInfo,
  options: MintTokenOptions,
): Effect.Effect<string, CapabilityToken.TokenError> =>
  CapabilityToken.mintEffect(mintInput(seed, options), seed.authToken)
