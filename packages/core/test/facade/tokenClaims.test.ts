import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decode } from "../../src/auth/CapabilityToken.js"
import { TokenError } from "../../src/auth/TokenError.js"
import { readClaims } from "../../src/internal/tokenClaims.js"

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url")
const jwt = (payload: unknown) => `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}.c2ln`

const sid = (prefix: string) => fc.stringMatching(/^[0-9a-f]{32}$/).map((hex) => `${prefix}${hex}`)

describe("readClaims (the facade's lean token reader)", () => {
  it("agrees with CapabilityToken.decode on every valid token", () => {
    fc.assert(
      fc.property(
        sid("AC"),
        sid("WS"),
        fc.option(fc.integer({ min: 0, max: 4_000_000_000 }), { nil: undefined }),
        fc.option(fc.string(), { nil: undefined }),
        (account, workspace, exp, friendlyName) => {
          const token = jwt({
            account_sid: account,
            workspace_sid: workspace,
            channel: workspace,
            exp,
            friendly_name: friendlyName,
          })
          const full = decode(token)
          const lean = readClaims(token)
          if (lean instanceof TokenError) throw lean
          expect(lean.accountSid).toBe(full.accountSid)
          expect(lean.workspaceSid).toBe(full.workspaceSid)
          expect(lean.channel).toBe(full.channel)
          expect(lean.expiresAt?.getTime()).toBe(full.expiresAt?.getTime())
        },
      ),
    )
  })

  it("fails with v1's messages where v1 throws", () => {
    const message = (token: unknown) => {
      const r = readClaims(token)
      return r instanceof TokenError ? r.message : "ok"
    }
    expect(message("")).toBe("Token is required for TaskRouter JS SDK")
    expect(message(undefined)).toBe("Token is required for TaskRouter JS SDK")
    expect(message("a.b")).toBe("Wrong number of segments")
    expect(message(jwt({ account_sid: "ACx", channel: "WSx" }))).toBe(
      "Missing minimum payload values. Check for existence of account_sid,channel or workspace_sid in the token",
    )
    expect(message("a.%%%.c")).toContain("not a base64url-encoded JSON object")
  })

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        const r = readClaims(`${a}.${b}.${c}`)
        expect(r instanceof TokenError || typeof r.accountSid === "string").toBe(true)
      }),
    )
  })
})
