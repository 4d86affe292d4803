import { createRequire } from "node:module"
import { describe, expect, it } from "@effect/vitest"
import { CapabilityToken, Policy, PolicyError, TokenError, WorkspaceCapability } from "@taskroute/node"

const AC = "AC0123456789abcdef0123456789abcdef"
const WS = "WS0123456789abcdef0123456789abcdef"
const WK = "WK0123456789abcdef0123456789abcdef"
const AUTH = "0123456789abcdef0123456789abcdef"
const NOW = new Date("2026-03-01T12:00:00.000Z")
const BASE = `https://taskrouter.twilio.com/v1/Workspaces/${WS}`
const CHANNEL_URL = `https://event-bridge.twilio.com/v1/wschannels/${AC}/${WS}`

const options = { accountSid: AC, authToken: AUTH, workspaceSid: WS }
const summary = (policies: ReadonlyArray<Policy.Policy>) =>
  policies.map((p) => `${p.allow ? "" : "deny "}${p.method} ${p.url}`)

describe("WorkspaceCapability", () => {
  it("starts with the event-bridge and workspace-fetch policies and signs a verifiable workspace token", async () => {
    const capability = new WorkspaceCapability(options)
    expect(summary(capability.policies)).toEqual([`GET ${CHANNEL_URL}`, `POST ${CHANNEL_URL}`, `GET ${BASE}`])
    const jwt = await capability.toJwt({ now: NOW })
    const claims = await CapabilityToken.verify(jwt, AUTH, { now: NOW })
    expect(claims).toMatchObject({ accountSid: AC, workspaceSid: WS, channel: WS, issuer: AC, version: "v1" })
    expect(claims.policies).toEqual(capability.policies)
    expect(claims.expiresAt).toEqual(new Date(NOW.getTime() + 3_600_000))
    // The token is enough to open the websocket and fetch the workspace, and nothing else.
    const can = (method: string, url: string) => Policy.authorize(claims.policies, { method, url }).allowed
    expect(can("GET", CHANNEL_URL)).toBe(true)
    expect(can("POST", CHANNEL_URL)).toBe(true)
    expect(can("GET", BASE)).toBe(true)
    expect(can("GET", `${BASE}/Workers`)).toBe(false)
    expect(can("POST", BASE)).toBe(false)
  })

  it("the five helper capabilities chain and add the seed's policies once each", async () => {
    const capability = new WorkspaceCapability({ ...options, ttl: 600, friendlyName: "Admin console" })
    const same = capability
      .allowFetchSubresources()
      .allowUpdates()
      .allowUpdatesSubresources()
      .allowDelete()
      .allowDeleteSubresources()
      .allowFetchSubresources()
    expect(same).toBe(capability)
    expect(summary(capability.policies)).toEqual([
      `GET ${CHANNEL_URL}`,
      `POST ${CHANNEL_URL}`,
      `GET ${BASE}`,
      `GET ${BASE}/**`,
      `POST ${BASE}`,
      `POST ${BASE}/**`,
      `DELETE ${BASE}`,
      `DELETE ${BASE}/**`,
    ])
    const claims = CapabilityToken.decode(await capability.toJwt({ now: NOW }))
    expect(claims.friendlyName).toBe("Admin console")
    expect(claims.expiresAt).toEqual(new Date(NOW.getTime() + 600_000))
  })

  it("addPolicy adds granular and deny policies, and allow:false survives into the token", async () => {
    const jwt = await new WorkspaceCapability(options)
      .allowFetchSubresources()
      .addPolicy({
        url: `${BASE}/Workers/*`,
        method: "POST",
        postFilter: { ActivitySid: { required: true } },
        allow: true,
      })
      .addPolicy({ url: `${BASE}/Tasks/**`, method: "GET", allow: false })
      .toJwt()
    const { policies } = CapabilityToken.decode(jwt)
    expect(summary(policies).slice(3)).toEqual([
      `GET ${BASE}/**`,
      `POST ${BASE}/Workers/*`,
      `deny GET ${BASE}/Tasks/**`,
    ])
    const can = (method: string, url: string, post?: Policy.Params) =>
      Policy.authorize(policies, { method, url, post }).allowed
    expect(can("GET", `${BASE}/Workers`)).toBe(true)
    expect(can("GET", `${BASE}/Tasks/WT1`)).toBe(false)
    expect(can("POST", `${BASE}/Workers/${WK}`, { ActivitySid: "WA1" })).toBe(true)
    expect(can("POST", `${BASE}/Workers/${WK}`, { Attributes: "{}" })).toBe(false)
  })

  it("a worker channel gives a worker token", async () => {
    const claims = CapabilityToken.decode(await new WorkspaceCapability({ ...options, channel: WK }).toJwt())
    expect(claims.channel).toBe(WK)
    expect(claims.workerSid).toBe(WK)
    expect(claims.policies[0]?.url).toBe(`https://event-bridge.twilio.com/v1/wschannels/${AC}/${WK}`)
  })

  it("its tokens verify with twilio-node's jsonwebtoken", async () => {
    const jwt = await new WorkspaceCapability(options).allowDelete().toJwt()
    const requireTwilio = createRequire(createRequire(import.meta.url).resolve("twilio"))
    const jsonwebtoken: { verify(t: string, s: string, o: { algorithms: Array<string> }): unknown } =
      requireTwilio("jsonwebtoken")
    expect(jsonwebtoken.verify(jwt, AUTH, { algorithms: ["HS256"] })).toMatchObject({
      account_sid: AC,
      channel: WS,
    })
  })

  it("names the missing or wrong option", () => {
    const attempt = (o: unknown) => {
      try {
        // Deliberately bypassing the types, as a JavaScript caller would.
        Reflect.construct(WorkspaceCapability, [o])
      } catch (e) {
        return e
      }
      return undefined
    }
    const cases: Array<[unknown, string]> = [
      [undefined, 'WorkspaceCapability: the argument "options" is required'],
      [
        { ...options, accountSid: undefined },
        'WorkspaceCapability: the option "accountSid" is required (the account SID, AC...)',
      ],
      [{ ...options, authToken: "" }, 'WorkspaceCapability: the option "authToken" is required'],
      [
        { ...options, workspaceSid: 5 },
        'WorkspaceCapability: the option "workspaceSid" is required (the workspace SID, WS...)',
      ],
      [
        { ...options, workspaceSid: AC },
        `WorkspaceCapability: the option "workspaceSid" must be a workspace SID (WS...), got "${AC}"`,
      ],
      [
        { ...options, channel: "" },
        'WorkspaceCapability: the option "channel" must be a non-empty string when given',
      ],
    ]
    for (const [input, message] of cases) {
      const e = attempt(input)
      expect(e).toBeInstanceOf(TokenError)
      expect(e instanceof Error ? e.message : e).toBe(message)
    }
  })

  it("rejects a malformed policy and an invalid ttl with typed errors", async () => {
    expect(() => new WorkspaceCapability(options).addPolicy({ url: "", method: "GET", allow: true })).toThrow(
      PolicyError,
    )
    await expect(new WorkspaceCapability({ ...options, ttl: -1 }).toJwt()).rejects.toMatchObject({
      _tag: "TokenError",
      reason: "Malformed",
      message: "ttl must be a positive whole number of seconds, got -1",
    })
  })
})
