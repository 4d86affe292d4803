// Interoperability with twilio-node 6.2.0 (`twilio.jwt.taskrouter`) and the jsonwebtoken it signs with.
import { createRequire } from "node:module"
import { afterEach, describe, expect, it, vi } from "@effect/vitest"
import twilio from "twilio"
import { CapabilityToken, Policy } from "../../src/auth/index.js"

const AC = "AC0123456789abcdef0123456789abcdef"
const WS = "WS0123456789abcdef0123456789abcdef"
const WK = "WK0123456789abcdef0123456789abcdef"
const AUTH = "fedcba9876543210fedcba9876543210"
const NOW = new Date("2026-03-01T12:00:00.000Z")
const NOW_S = NOW.getTime() / 1000

interface JsonWebToken {
  verify(
    token: string,
    secret: string,
    options: { algorithms: Array<string>; clockTimestamp: number },
  ): unknown
  decode(token: string, options: { complete: true }): { header: unknown } | null
}
// jsonwebtoken as twilio resolves it (it is twilio's dependency, not ours).
const requireFromHere = createRequire(import.meta.url)
const jsonwebtoken: JsonWebToken = createRequire(requireFromHere.resolve("twilio"))("jsonwebtoken")

const { TaskRouterCapability, util } = twilio.jwt.taskrouter
const TwilioPolicy = TaskRouterCapability.Policy

const twilioToken = (
  channelId: string,
  policies: ReadonlyArray<InstanceType<typeof TwilioPolicy>>,
  friendlyName?: string,
) => {
  const capability = new TaskRouterCapability({
    accountSid: AC,
    authToken: AUTH,
    workspaceSid: WS,
    channelId,
    ttl: 1800,
    ...(friendlyName === undefined ? {} : { friendlyName }),
  })
  for (const p of policies) capability.addPolicy(p)
  return capability.toJwt()
}

afterEach(() => {
  vi.useRealTimers()
})

describe("interoperability with twilio@6.2.0", () => {
  it("a token minted by twilio-node's TaskRouterCapability decodes and verifies with ours", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime(NOW)
    const workspaceUrl = util.workspacesUrl(WS)
    const jwt = twilioToken(
      WS,
      [
        ...util.defaultEventBridgePolicies(AC, WS),
        new TwilioPolicy({ url: workspaceUrl, method: "GET", allow: true }),
        new TwilioPolicy({ url: `${workspaceUrl}/**`, method: "GET", allow: true }),
        new TwilioPolicy({
          url: util.workersUrl(WS, "**"),
          method: "POST",
          postFilter: { ActivitySid: { required: true } },
          allow: true,
        }),
      ],
      "Front desk",
    )
    vi.useRealTimers()
    const claims = await CapabilityToken.verify(jwt, AUTH, { now: NOW })
    expect(claims).toEqual(CapabilityToken.decode(jwt))
    expect(claims).toEqual({
      accountSid: AC,
      workspaceSid: WS,
      channel: WS,
      friendlyName: "Front desk",
      policies: [
        ...Policy.eventBridge(AC, WS),
        ...Policy.workspaceFetch(WS),
        ...Policy.allowFetchSubresources(WS),
        Policy.make({
          url: `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers/**`,
          method: "POST",
          postFilter: { ActivitySid: { required: true } },
          allow: true,
        }),
      ],
      expiresAt: new Date(NOW.getTime() + 1_800_000),
      issuedAt: NOW,
      issuer: AC,
      version: "v1",
    })
    // Its policies authorize what they say.
    const url = `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers/${WK}`
    expect(
      Policy.authorize(claims.policies, { method: "POST", url, post: { ActivitySid: "WA1" } }).allowed,
    ).toBe(true)
    expect(
      Policy.authorize(claims.policies, { method: "POST", url, post: { Attributes: "{}" } }).allowed,
    ).toBe(false)
    await expect(CapabilityToken.verify(jwt, "wrong", { now: NOW })).rejects.toMatchObject({
      reason: "InvalidSignature",
    })
  })

  it("a twilio-node worker token carries worker_sid and the default worker policies", async () => {
    const jwt = twilioToken(WK, [
      ...util.defaultEventBridgePolicies(AC, WK),
      ...util.defaultWorkerPolicies("v1", WS, WK),
    ])
    const claims = await CapabilityToken.verify(jwt, AUTH)
    expect(claims.workerSid).toBe(WK)
    expect(claims.channel).toBe(WK)
    expect(claims.policies.map((p) => `${p.method} ${p.url}`)).toEqual([
      `GET https://event-bridge.twilio.com/v1/wschannels/${AC}/${WK}`,
      `POST https://event-bridge.twilio.com/v1/wschannels/${AC}/${WK}`,
      `GET https://taskrouter.twilio.com/v1/Workspaces/${WS}/Activities`,
      `GET https://taskrouter.twilio.com/v1/Workspaces/${WS}/Tasks/**`,
      `GET https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers/${WK}/Reservations/**`,
      `GET https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers/${WK}`,
    ])
  })

  it("with the same time and allowing policies, our token is byte-identical to twilio-node's", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime(NOW)
    const theirs = twilioToken(WK, util.defaultEventBridgePolicies(AC, WK), "Ann")
    vi.useRealTimers()
    const ours = await CapabilityToken.mint(
      {
        accountSid: AC,
        workspaceSid: WS,
        channel: WK,
        friendlyName: "Ann",
        ttl: 1800,
        policies: Policy.eventBridge(AC, WK),
        now: NOW,
      },
      AUTH,
    )
    expect(ours).toBe(theirs)
  })

  it("a token we mint verifies with jsonwebtoken; claims equal twilio-node's except allow:false", async () => {
    const denyDeletes = {
      url: `https://taskrouter.twilio.com/v1/Workspaces/${WS}/**`,
      method: "DELETE",
      allow: false,
    }
    const ours = await CapabilityToken.mint(
      {
        accountSid: AC,
        workspaceSid: WS,
        ttl: 1800,
        policies: [...Policy.eventBridge(AC, WS), Policy.make(denyDeletes)],
        now: NOW,
      },
      AUTH,
    )
    const verified = jsonwebtoken.verify(ours, AUTH, { algorithms: ["HS256"], clockTimestamp: NOW_S })
    expect(jsonwebtoken.decode(ours, { complete: true })?.header).toEqual({ alg: "HS256", typ: "JWT" })

    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime(NOW)
    const theirs = twilioToken(WS, [
      ...util.defaultEventBridgePolicies(AC, WS),
      new TwilioPolicy(denyDeletes),
    ])
    vi.useRealTimers()
    const theirClaims = jsonwebtoken.verify(theirs, AUTH, { algorithms: ["HS256"], clockTimestamp: NOW_S })

    // twilio-node's Policy does `allow = options.allow || true`: false becomes true. We keep false.
    expect(verified).toMatchObject({ policies: [{ allow: true }, { allow: true }, { allow: false }] })
    expect(theirClaims).toMatchObject({ policies: [{ allow: true }, { allow: true }, { allow: true }] })
    const withAllowTrue = (claims: unknown) =>
      JSON.parse(JSON.stringify(claims).replace('"allow":false', '"allow":true'))
    expect(withAllowTrue(verified)).toEqual(theirClaims)
    // And the difference matters: our token denies deletes, twilio-node's allows them.
    const del = { method: "DELETE", url: `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers/${WK}` }
    const ourPolicies = CapabilityToken.decode(ours).policies
    const theirPolicies = [...CapabilityToken.decode(theirs).policies]
    expect(Policy.authorize(ourPolicies, del).allowed).toBe(false)
    expect(Policy.authorize(theirPolicies, del).allowed).toBe(true)
  })

  it("jsonwebtoken rejects our token with the wrong secret or once expired", async () => {
    const ours = await CapabilityToken.mint({ accountSid: AC, workspaceSid: WS, ttl: 60, now: NOW }, AUTH)
    expect(() => jsonwebtoken.verify(ours, "nope", { algorithms: ["HS256"], clockTimestamp: NOW_S })).toThrow(
      /invalid signature/,
    )
    expect(() =>
      jsonwebtoken.verify(ours, AUTH, { algorithms: ["HS256"], clockTimestamp: NOW_S + 60 }),
    ).toThrow(/jwt expired/)
  })
})
