import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { CapabilityToken, Policy, PolicyError, TokenError } from "../../src/auth/index.js"

const AC = "AC0123456789abcdef0123456789abcdef"
const WS = "WS0123456789abcdef0123456789abcdef"
const WK = "WK0123456789abcdef0123456789abcdef"
const WQ = "WQ0123456789abcdef0123456789abcdef"
const AUTH = "0123456789abcdef0123456789abcdef"
const NOW = new Date("2026-03-01T12:00:00.000Z")
const NOW_S = NOW.getTime() / 1000

const b64url = (s: string): string => Buffer.from(s, "utf8").toString("base64url")
const fakeJwt = (payload: unknown, header: unknown = { alg: "HS256", typ: "JWT" }): string =>
  `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.c2ln`
const segments = (jwt: string): [unknown, unknown] => {
  const [h = "", p = ""] = jwt.split(".")
  return [
    JSON.parse(Buffer.from(h, "base64url").toString("utf8")),
    JSON.parse(Buffer.from(p, "base64url").toString("utf8")),
  ]
}

const catchSync = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  return undefined
}
const catchAsync = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  )

const expectTokenError = (e: unknown, reason: TokenError["reason"], message?: string | RegExp): void => {
  expect(e).toBeInstanceOf(TokenError)
  if (e instanceof TokenError) {
    expect(e._tag).toBe("TokenError")
    expect(e.reason).toBe(reason)
    if (typeof message === "string") expect(e.message).toBe(message)
    else if (message !== undefined) expect(e.message).toMatch(message)
  }
}

const minimal = { account_sid: AC, channel: WS, workspace_sid: WS }

describe("CapabilityToken.decode", () => {
  it("rejects a missing token with v1's exact message", () => {
    for (const token of [undefined, null, ""]) {
      expectTokenError(
        catchSync(() => CapabilityToken.decode(token)),
        "Missing",
        "Token is required for TaskRouter JS SDK",
      )
    }
  })

  it("rejects a token that is not three segments with v1's exact message", () => {
    for (const token of ["abc", "a.b", "a.b.c.d", "a.b.c.d.e"]) {
      expectTokenError(
        catchSync(() => CapabilityToken.decode(token)),
        "Malformed",
        "Wrong number of segments",
      )
    }
  })

  it("rejects a payload that is not base64url JSON of an object", () => {
    for (const token of ["a.!!!.c", `a.${b64url("not json")}.c`, `a.${b64url("[1,2]")}.c`, "a..c"]) {
      expectTokenError(
        catchSync(() => CapabilityToken.decode(token)),
        "Malformed",
        "The token's payload is not a base64url-encoded JSON object",
      )
    }
  })

  it("rejects missing or empty required claims with v1's exact message", () => {
    const message =
      "Missing minimum payload values. Check for existence of account_sid,channel or workspace_sid in the token"
    for (const claim of ["account_sid", "channel", "workspace_sid"] as const) {
      const without: Record<string, unknown> = { ...minimal }
      delete without[claim]
      expectTokenError(
        catchSync(() => CapabilityToken.decode(fakeJwt(without))),
        "MissingClaims",
        message,
      )
      expectTokenError(
        catchSync(() => CapabilityToken.decode(fakeJwt({ ...minimal, [claim]: "" }))),
        "MissingClaims",
        message,
      )
    }
  })

  it("rejects claims of the wrong type, naming the claim", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...minimal, account_sid: 42 }, /^Claim account_sid must be a string, got 42$/],
      [{ ...minimal, exp: "soon" }, /^Claim exp must be a number of seconds since the epoch, got "soon"$/],
      [{ ...minimal, iat: [1] }, /^Claim iat must be a number/],
      [{ ...minimal, worker_sid: 1 }, /^Claim worker_sid must be a string/],
      [{ ...minimal, policies: {} }, /^Claim policies must be an array/],
    ]
    for (const [payload, message] of cases) {
      expectTokenError(
        catchSync(() => CapabilityToken.decode(fakeJwt(payload))),
        "Malformed",
        message,
      )
    }
  })

  it("rejects a malformed policy with a TokenError whose cause is the PolicyError", () => {
    const good = Policy.toWire(Policy.workspaceFetch(WS)[0]!)
    const e = catchSync(() =>
      CapabilityToken.decode(fakeJwt({ ...minimal, policies: [good, { url: "x", method: 7 }] })),
    )
    expectTokenError(
      e,
      "Malformed",
      /^Malformed policy in the token: policies\[1\]\.method must be an HTTP method/,
    )
    if (e instanceof TokenError) {
      expect(e.cause).toBeInstanceOf(PolicyError)
    }
  })

  it("decodes every claim into the camelCase domain, without checking the signature", () => {
    const policy = {
      url: `https://taskrouter.twilio.com/v1/Workspaces/${WS}`,
      method: "GET",
      query_filter: {},
      post_filter: {},
      allow: false,
    }
    const claims = CapabilityToken.decode(
      fakeJwt({
        iss: AC,
        exp: NOW_S + 60,
        version: "v1",
        friendly_name: "Front desk",
        ...minimal,
        channel: WK,
        policies: [policy],
        worker_sid: WK,
        taskqueue_sid: WQ,
        iat: NOW_S,
        unknown_claim: "ignored",
      }),
    )
    expect(claims).toEqual({
      accountSid: AC,
      workspaceSid: WS,
      channel: WK,
      workerSid: WK,
      taskqueueSid: WQ,
      friendlyName: "Front desk",
      policies: [{ url: policy.url, method: "GET", queryFilter: {}, postFilter: {}, allow: false }],
      expiresAt: new Date(NOW.getTime() + 60_000),
      issuedAt: NOW,
      issuer: AC,
      version: "v1",
    })
  })

  it("decodes a minimal token: no policies means [] and optional claims are absent", () => {
    expect(CapabilityToken.decode(fakeJwt(minimal))).toEqual({
      accountSid: AC,
      workspaceSid: WS,
      channel: WS,
      policies: [],
    })
    expect(CapabilityToken.expiresAt(fakeJwt(minimal))).toBeUndefined()
  })

  it("expiresAt reads exp from a token or from decoded claims", () => {
    const token = fakeJwt({ ...minimal, exp: NOW_S + 3600 })
    expect(CapabilityToken.expiresAt(token)).toEqual(new Date(NOW.getTime() + 3_600_000))
    expect(CapabilityToken.expiresAt(CapabilityToken.decode(token))).toEqual(
      new Date(NOW.getTime() + 3_600_000),
    )
    expectTokenError(
      catchSync(() => CapabilityToken.expiresAt("x.y")),
      "Malformed",
      "Wrong number of segments",
    )
  })

  it("property: no input string makes decode throw anything but a TokenError", () => {
    const tokenish = fc.oneof(
      fc.string(),
      fc.tuple(fc.string(), fc.string(), fc.string()).map((parts) => parts.join(".")),
      fc.tuple(fc.jsonValue(), fc.jsonValue()).map(([h, p]) => fakeJwt(p, h)),
      fc
        .record({
          account_sid: fc.oneof(fc.string(), fc.integer()),
          channel: fc.string(),
          workspace_sid: fc.string(),
          exp: fc.oneof(fc.integer(), fc.string()),
          policies: fc.array(fc.jsonValue(), { maxLength: 3 }),
        })
        .map((p) => fakeJwt(p)),
    )
    fc.assert(
      fc.property(tokenish, (token) => {
        try {
          CapabilityToken.decode(token)
        } catch (e) {
          expect(e).toBeInstanceOf(TokenError)
        }
      }),
    )
  })
})

describe("CapabilityToken.mint", () => {
  const policies = [...Policy.eventBridge(AC, WS), ...Policy.workspaceFetch(WS)]

  it("writes twilio-node's header and claims, in twilio-node's order", async () => {
    const jwt = await CapabilityToken.mint({ accountSid: AC, workspaceSid: WS, policies, now: NOW }, AUTH)
    const [header, payload] = segments(jwt)
    expect(jwt.split(".")[0]).toBe(b64url('{"alg":"HS256","typ":"JWT"}'))
    expect(header).toEqual({ alg: "HS256", typ: "JWT" })
    expect(Object.keys(payload as object)).toEqual([
      "iss",
      "exp",
      "version",
      "account_sid",
      "channel",
      "workspace_sid",
      "policies",
      "iat",
    ])
    expect(payload).toEqual({
      iss: AC,
      exp: NOW_S + 3600,
      version: "v1",
      account_sid: AC,
      channel: WS,
      workspace_sid: WS,
      policies: policies.map(Policy.toWire),
      iat: NOW_S,
    })
  })

  it("adds friendly_name after version, worker_sid for a WK channel, taskqueue_sid for a WQ channel", async () => {
    const worker = segments(
      await CapabilityToken.mint(
        { accountSid: AC, workspaceSid: WS, channel: WK, friendlyName: "Ann", now: NOW },
        AUTH,
      ),
    )[1]
    expect(Object.keys(worker as object)).toEqual([
      "iss",
      "exp",
      "version",
      "friendly_name",
      "account_sid",
      "channel",
      "workspace_sid",
      "policies",
      "worker_sid",
      "iat",
    ])
    expect(worker).toMatchObject({ friendly_name: "Ann", channel: WK, worker_sid: WK })
    const queue = segments(
      await CapabilityToken.mint({ accountSid: AC, workspaceSid: WS, channel: WQ, now: NOW }, AUTH),
    )[1]
    expect(queue).toMatchObject({ channel: WQ, taskqueue_sid: WQ })
    expect(queue).not.toHaveProperty("worker_sid")
  })

  it("uses ttl seconds (default 3600) and whole seconds for iat", async () => {
    const now = new Date(NOW.getTime() + 999)
    const claims = CapabilityToken.decode(
      await CapabilityToken.mint({ accountSid: AC, workspaceSid: WS, ttl: 90, now }, AUTH),
    )
    expect(claims.issuedAt).toEqual(NOW)
    expect(claims.expiresAt).toEqual(new Date(NOW.getTime() + 90_000))
  })

  it("keeps allow:false through mint and decode", async () => {
    const denyDelete = Policy.make({
      url: `https://taskrouter.twilio.com/v1/Workspaces/${WS}/**`,
      method: "DELETE",
      allow: false,
    })
    const jwt = await CapabilityToken.mint(
      { accountSid: AC, workspaceSid: WS, policies: [denyDelete], now: NOW },
      AUTH,
    )
    expect(CapabilityToken.decode(jwt).policies).toEqual([denyDelete])
  })

  it("rejects bad input with a TokenError naming it", async () => {
    expectTokenError(
      await catchAsync(CapabilityToken.mint({ accountSid: AC, workspaceSid: WS }, "")),
      "Missing",
      "An auth token is required to mint a capability token",
    )
    expectTokenError(
      await catchAsync(CapabilityToken.mint({ accountSid: "", workspaceSid: WS }, AUTH)),
      "MissingClaims",
      "Cannot mint a capability token without accountSid",
    )
    expectTokenError(
      await catchAsync(CapabilityToken.mint({ accountSid: AC, workspaceSid: "" }, AUTH)),
      "MissingClaims",
      "Cannot mint a capability token without workspaceSid",
    )
    for (const ttl of [0, -5, 1.5, Number.NaN]) {
      expectTokenError(
        await catchAsync(CapabilityToken.mint({ accountSid: AC, workspaceSid: WS, ttl }, AUTH)),
        "Malformed",
        /^ttl must be a positive whole number of seconds/,
      )
    }
  })
})

describe("CapabilityToken.verify", () => {
  const mintNow = (extra?: Partial<CapabilityToken.MintInput>) =>
    CapabilityToken.mint(
      { accountSid: AC, workspaceSid: WS, policies: Policy.eventBridge(AC, WS), now: NOW, ...extra },
      AUTH,
    )

  it("round-trips: verify returns what decode returns", async () => {
    const jwt = await mintNow({ friendlyName: "desk" })
    const claims = await CapabilityToken.verify(jwt, AUTH, { now: NOW })
    expect(claims).toEqual(CapabilityToken.decode(jwt))
    expect(claims.friendlyName).toBe("desk")
  })

  it("rejects another account's auth token and a tampered payload", async () => {
    const jwt = await mintNow()
    expectTokenError(
      await catchAsync(CapabilityToken.verify(jwt, "another-token", { now: NOW })),
      "InvalidSignature",
      /signature does not match/,
    )
    const [h, , s] = jwt.split(".")
    const [, payload] = segments(jwt)
    const tampered = `${h}.${b64url(JSON.stringify({ ...(payload as object), workspace_sid: "WSother" }))}.${s}`
    expect(CapabilityToken.decode(tampered).workspaceSid).toBe("WSother")
    expectTokenError(
      await catchAsync(CapabilityToken.verify(tampered, AUTH, { now: NOW })),
      "InvalidSignature",
    )
  })

  it("rejects a token that is not HS256 (e.g. alg none)", async () => {
    const [, p] = (await mintNow()).split(".")
    const unsigned = `${b64url('{"alg":"none","typ":"JWT"}')}.${p}.`
    expectTokenError(
      await catchAsync(CapabilityToken.verify(unsigned, AUTH, { now: NOW })),
      "InvalidSignature",
      'The token is signed with alg "none"; TaskRouter capability tokens must use HS256',
    )
  })

  it("rejects an expired token from the second exp names on", async () => {
    const jwt = await mintNow({ ttl: 60 })
    await expect(
      CapabilityToken.verify(jwt, AUTH, { now: new Date(NOW.getTime() + 59_999) }),
    ).resolves.toMatchObject({
      accountSid: AC,
    })
    expectTokenError(
      await catchAsync(CapabilityToken.verify(jwt, AUTH, { now: new Date(NOW.getTime() + 60_000) })),
      "Expired",
      "The token expired at 2026-03-01T12:01:00.000Z (now 2026-03-01T12:01:00.000Z); mint a new one",
    )
  })

  it("reports decode errors first, with v1's messages", async () => {
    expectTokenError(
      await catchAsync(CapabilityToken.verify(undefined, AUTH)),
      "Missing",
      "Token is required for TaskRouter JS SDK",
    )
    expectTokenError(
      await catchAsync(CapabilityToken.verify("a.b", AUTH)),
      "Malformed",
      "Wrong number of segments",
    )
    expectTokenError(await catchAsync(CapabilityToken.verify(await mintNow(), "")), "Missing")
  })

  it("property: mint then verify gives back the input for any names, channels and policies", async () => {
    const filter = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 6 }),
      fc.oneof(
        fc.string(),
        fc.record({ required: fc.boolean() }),
        fc.record({ required: fc.boolean(), value: fc.string() }),
      ),
      { maxKeys: 2 },
    )
    const policy = fc.record({
      url: fc.webUrl(),
      method: fc.constantFrom("GET", "POST", "DELETE"),
      queryFilter: filter,
      postFilter: filter,
      allow: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.string(), { nil: undefined }),
        fc.constantFrom(WS, WK, WQ),
        fc.array(policy, { maxLength: 4 }),
        fc.integer({ min: 1, max: 10 * 365 * 86400 }),
        async (friendlyName, channel, policies, ttl) => {
          const jwt = await CapabilityToken.mint(
            { accountSid: AC, workspaceSid: WS, channel, friendlyName, policies, ttl, now: NOW },
            AUTH,
          )
          const claims = await CapabilityToken.verify(jwt, AUTH, { now: NOW })
          expect(claims.policies).toEqual(policies)
          expect(claims.friendlyName).toBe(friendlyName)
          expect(claims.channel).toBe(channel)
          expect(claims.workerSid).toBe(channel === WK ? WK : undefined)
          expect(claims.taskqueueSid).toBe(channel === WQ ? WQ : undefined)
          expect(claims.expiresAt?.getTime()).toBe(NOW.getTime() + ttl * 1000)
          expect(CapabilityToken.toWire(claims)).toEqual(segments(jwt)[1])
        },
      ),
      { numRuns: 50 },
    )
  })
})

describe("CapabilityToken Effect variants", () => {
  it.effect("mintEffect takes the time from the Clock and verifyEffect checks exp against it", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW.getTime())
      const jwt = yield* CapabilityToken.mintEffect({ accountSid: AC, workspaceSid: WS, ttl: 10 }, AUTH)
      const claims = yield* CapabilityToken.verifyEffect(jwt, AUTH)
      expect(claims.issuedAt).toEqual(NOW)
      expect(claims.expiresAt).toEqual(new Date(NOW.getTime() + 10_000))
      yield* TestClock.adjust("10 seconds")
      const exit = yield* Effect.exit(CapabilityToken.verifyEffect(jwt, AUTH))
      expect(Exit.isFailure(exit)).toBe(true)
      const error = yield* Effect.flip(CapabilityToken.verifyEffect(jwt, AUTH))
      expectTokenError(error, "Expired")
      // An explicit `now` overrides the Clock.
      yield* CapabilityToken.verifyEffect(jwt, AUTH, { now: NOW })
    }),
  )

  it.effect("decodeEffect and mintEffect fail with TokenError in the error channel", () =>
    Effect.gen(function* () {
      const decodeError = yield* Effect.flip(CapabilityToken.decodeEffect("x"))
      expectTokenError(decodeError, "Malformed", "Wrong number of segments")
      const caught = yield* CapabilityToken.decodeEffect(undefined).pipe(
        Effect.catchTag("TokenError", (e) => Effect.succeed(e.reason)),
      )
      expect(caught).toBe("Missing")
      const mintError = yield* Effect.flip(
        CapabilityToken.mintEffect({ accountSid: AC, workspaceSid: WS }, ""),
      )
      expectTokenError(mintError, "Missing")
      const claims = yield* CapabilityToken.decodeEffect(fakeJwt(minimal))
      expect(claims.workspaceSid).toBe(WS)
    }),
  )
})
