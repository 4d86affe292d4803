import { describe, expect, it } from "vitest"
import { ArgsError, parseCliArgs } from "../../src/server/internal/args.js"
import { BackendConfigError, backendFromEnv } from "../../src/server/Backend.js"

describe("parseCliArgs", () => {
  it("defaults to port 5173, takes --port and PORT (the flag wins), and pnpm's literal --", () => {
    expect(parseCliArgs([], {}).port).toBe(5173)
    expect(parseCliArgs([], { PORT: "8080" }).port).toBe(8080)
    expect(parseCliArgs(["--", "--port", "0"], { PORT: "8080" }).port).toBe(0)
    expect(parseCliArgs(["--port=4000"], {}).port).toBe(4000)
  })

  it("names the bad argument", () => {
    expect(() => parseCliArgs(["--port", "http"], {})).toThrow(
      new ArgsError('--port must be an integer from 0 to 65535, got "http"'),
    )
    expect(() => parseCliArgs([], { PORT: "70000" })).toThrow(/PORT must be an integer/)
    expect(() => parseCliArgs(["--simulate", "--no-simulate"], {})).toThrow(ArgsError)
    expect(() => parseCliArgs(["--colour"], {})).toThrow(/colour/)
  })

  it("reads the simulation switches", () => {
    expect(parseCliArgs([], {}).simulate).toBeUndefined()
    expect(parseCliArgs(["--no-simulate"], {}).simulate).toBe(false)
    expect(parseCliArgs(["--simulate", "--arrival-ms", "1500"], {})).toMatchObject({
      simulate: true,
      arrivalMs: 1500,
    })
  })
})

describe("backendFromEnv", () => {
  const sid = (prefix: string) => `${prefix}${"0123456789abcdef".repeat(2)}`

  it("uses the emulator when no TaskRouter variable is set", () => {
    expect(backendFromEnv({})).toEqual({ kind: "emulator" })
    expect(backendFromEnv({ TWILIO_ACCOUNT_SID: "" })).toEqual({ kind: "emulator" })
  })

  it("uses a real workspace when all three are set", () => {
    expect(
      backendFromEnv({
        TWILIO_ACCOUNT_SID: sid("AC"),
        TWILIO_AUTH_TOKEN: "secret",
        TASKROUTER_WORKSPACE_SID: sid("WS"),
      }),
    ).toEqual({ kind: "twilio", accountSid: sid("AC"), authToken: "secret", workspaceSid: sid("WS") })
  })

  it("names what is missing or malformed", () => {
    expect(() => backendFromEnv({ TWILIO_ACCOUNT_SID: sid("AC") })).toThrow(
      new BackendConfigError(
        "To use a real TaskRouter workspace set all of TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TASKROUTER_WORKSPACE_SID; missing: TWILIO_AUTH_TOKEN, TASKROUTER_WORKSPACE_SID. Unset them all to use the emulator.",
      ),
    )
    expect(() =>
      backendFromEnv({
        TWILIO_ACCOUNT_SID: "AC1",
        TWILIO_AUTH_TOKEN: "x",
        TASKROUTER_WORKSPACE_SID: sid("WS"),
      }),
    ).toThrow(/TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits, got "AC1"/)
  })
})
