import { execFile } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { CapabilityToken, type Policy } from "@taskroute/core"
import { main } from "../src/cli.js"

const AC = "AC0123456789abcdef0123456789abcdef"
const WS = "WS0123456789abcdef0123456789abcdef"
const AUTH = "0123456789abcdef0123456789abcdef"
const BASE = `https://taskrouter.twilio.com/v1/Workspaces/${WS}`

const run = async (argv: ReadonlyArray<string>, env: Record<string, string | undefined> = {}) => {
  let out = ""
  let err = ""
  const code = await main(
    argv,
    env,
    { write: (s: string) => (out += s) },
    { write: (s: string) => (err += s) },
  )
  return { code, out, err }
}

const creds = ["--account-sid", AC, "--auth-token", AUTH, "--workspace-sid", WS]
const summary = (policies: ReadonlyArray<Policy.Policy>) =>
  policies.map((p) => `${p.allow ? "" : "deny "}${p.method} ${p.url}`)

describe("taskroute token (mint)", () => {
  it("prints a verifiable workspace token with the default policies", async () => {
    const { code, out, err } = await run(["token", ...creds])
    expect([code, err]).toEqual([0, ""])
    expect(out.endsWith("\n")).toBe(true)
    const claims = await CapabilityToken.verify(out.trim(), AUTH)
    expect(claims).toMatchObject({ accountSid: AC, workspaceSid: WS, channel: WS })
    expect(summary(claims.policies)).toEqual([
      `GET https://event-bridge.twilio.com/v1/wschannels/${AC}/${WS}`,
      `POST https://event-bridge.twilio.com/v1/wschannels/${AC}/${WS}`,
      `GET ${BASE}`,
    ])
    const lifetime = (claims.expiresAt?.getTime() ?? 0) - (claims.issuedAt?.getTime() ?? 0)
    expect(lifetime).toBe(3_600_000)
  })

  it("falls back to TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TASKROUTER_WORKSPACE_SID; flags win", async () => {
    const env = { TWILIO_ACCOUNT_SID: AC, TWILIO_AUTH_TOKEN: AUTH, TASKROUTER_WORKSPACE_SID: "WSfromenv" }
    const fromEnv = await run(["token"], env)
    expect(fromEnv.code).toBe(0)
    expect(CapabilityToken.decode(fromEnv.out.trim()).workspaceSid).toBe("WSfromenv")
    const flagWins = await run(["token", "--workspace-sid", WS], env)
    expect(CapabilityToken.decode(flagWins.out.trim()).workspaceSid).toBe(WS)
  })

  it("--allow, --policy, --deny, --ttl, --friendly-name and --channel shape the token", async () => {
    const { code, out, err } = await run([
      "token",
      ...creds,
      "--ttl",
      "600",
      "--friendly-name",
      "Wallboard",
      "--allow",
      "fetch-subresources,updates",
      "--allow",
      "delete-subresources",
      "--policy",
      `post ${BASE}/Workers/*`,
      "--deny",
      `GET ${BASE}/Tasks/**`,
      "--policy",
      JSON.stringify({
        url: `${BASE}/Workflows/*`,
        method: "POST",
        allow: false,
        post_filter: { Configuration: { required: true } },
      }),
    ])
    expect([code, err]).toEqual([0, ""])
    const claims = CapabilityToken.decode(out.trim())
    expect(claims.friendlyName).toBe("Wallboard")
    expect((claims.expiresAt?.getTime() ?? 0) - (claims.issuedAt?.getTime() ?? 0)).toBe(600_000)
    expect(summary(claims.policies).slice(3)).toEqual([
      `GET ${BASE}/**`,
      `POST ${BASE}`,
      `DELETE ${BASE}`,
      `DELETE ${BASE}/**`,
      `POST ${BASE}/Workers/*`,
      `deny POST ${BASE}/Workflows/*`,
      `deny GET ${BASE}/Tasks/**`,
    ])
    expect(claims.policies[8]?.postFilter).toEqual({ Configuration: { required: true } })
  })

  it("exits 2 with a message naming what is wrong", async () => {
    const cases: Array<[ReadonlyArray<string>, RegExp]> = [
      [[], /missing command/],
      [["mint"], /unknown command "mint"/],
      [["token"], /missing --account-sid \(or \$TWILIO_ACCOUNT_SID\)/],
      [["token", "--account-sid", AC], /missing --auth-token \(or \$TWILIO_AUTH_TOKEN\)/],
      [
        ["token", "--account-sid", AC, "--auth-token", AUTH],
        /missing --workspace-sid \(or \$TASKROUTER_WORKSPACE_SID\)/,
      ],
      [["token", ...creds, "--ttl", "soon"], /--ttl must be a positive whole number of seconds, got "soon"/],
      [["token", ...creds, "--ttl", "0"], /--ttl must be a positive whole number/],
      [
        ["token", ...creds, "--allow", "everything"],
        /unknown --allow value "everything"; use fetch-subresources, updates/,
      ],
      [["token", ...creds, "--policy", "GET"], /--policy expects '<METHOD> <URL>'/],
      [["token", ...creds, "--policy", "{not json"], /--policy "\{not json" is not valid JSON/],
      [
        ["token", ...creds, "--policy", '{"url":"","method":"GET"}'],
        /policy\.url must be a non-empty string/,
      ],
      [["token", ...creds, "--deny", '{"url":"x","method":"GET"}'], /--deny takes '<METHOD> <URL>'/],
      [
        ["token", "--account-sid", WS, "--auth-token", AUTH, "--workspace-sid", WS],
        /must be an? account SID \(AC\.\.\.\)/,
      ],
      [["token", ...creds, "--bogus"], /Unknown option '--bogus'/],
      [["token", "extra"], /unexpected argument "extra"/],
      [["token", "--decode", "a.b.c", "--ttl", "5"], /--ttl cannot be combined with --decode/],
      [["token", "--decode", "a.b.c", "--verify"], /--verify needs --auth-token/],
      [["token", ...creds, "--verify"], /--verify is only valid with --decode/],
    ]
    for (const [argv, message] of cases) {
      const { code, out, err } = await run(argv)
      expect([argv.join(" "), code, out]).toEqual([argv.join(" "), 2, ""])
      expect(err).toMatch(message)
      expect(err).toContain('Run "taskroute --help" for usage.')
    }
  })

  it("--help prints the usage", async () => {
    for (const argv of [["--help"], ["token", "-h"]]) {
      const { code, out } = await run(argv)
      expect(code).toBe(0)
      expect(out).toContain("taskroute token --decode <jwt>")
      expect(out).toContain("fetch-subresources, updates, updates-subresources, delete, delete-subresources")
    }
  })
})

describe("taskroute token --decode", () => {
  it("prints the token's claims as JSON, as they are in the token", async () => {
    const jwt = (await run(["token", ...creds, "--deny", `DELETE ${BASE}`])).out.trim()
    const { code, out } = await run(["token", "--decode", `${jwt}\n`])
    expect(code).toBe(0)
    const printed = JSON.parse(out)
    expect(printed).toEqual(CapabilityToken.toWire(CapabilityToken.decode(jwt)))
    expect(printed.policies[3]).toEqual({
      url: BASE,
      method: "DELETE",
      query_filter: {},
      post_filter: {},
      allow: false,
    })
  })

  it("--verify checks the signature with the auth token; invalid tokens exit 1", async () => {
    const jwt = (await run(["token", ...creds])).out.trim()
    expect((await run(["token", "--decode", jwt, "--verify"], { TWILIO_AUTH_TOKEN: AUTH })).code).toBe(0)
    const wrong = await run(["token", "--decode", jwt, "--verify", "--auth-token", "other"])
    expect([wrong.code, wrong.out]).toEqual([1, ""])
    expect(wrong.err).toMatch(/^taskroute: invalid token \(InvalidSignature\): /)
    const garbage = await run(["token", "--decode", "abc"])
    expect(garbage).toEqual({
      code: 1,
      out: "",
      err: "taskroute: invalid token (Malformed): Wrong number of segments\n",
    })
  })
})

describe("the built bin", () => {
  const distCli = fileURLToPath(new URL("../dist/cli.js", import.meta.url))
  // The bin package.json declares: a committed launcher that calls dist/cli.js's `run`.
  const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
  const declared = String(Reflect.get(Object(Reflect.get(Object(manifest), "bin")), "taskroute"))
  const launcher = fileURLToPath(new URL(`../${declared}`, import.meta.url))
  // The test task runs after the build (turbo), so the bin exists in CI; a bare `vitest run` before any build skips it.
  for (const [name, script] of [
    [declared, launcher],
    ["dist/cli.js", distCli],
  ] as const) {
    it.skipIf(!existsSync(distCli))(
      `node ${name} token mints a token and exits 0; bad usage exits 2`,
      async () => {
        const spawn = (args: ReadonlyArray<string>) =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
            execFile(
              process.execPath,
              [script, ...args],
              { env: { PATH: process.env.PATH } },
              (error, stdout, stderr) => {
                resolve({
                  code: error === null ? 0 : typeof error.code === "number" ? error.code : null,
                  stdout,
                  stderr,
                })
              },
            )
          })
        const ok = await spawn(["token", ...creds, "--allow", "updates"])
        expect(ok.code).toBe(0)
        const claims = await CapabilityToken.verify(ok.stdout.trim(), AUTH)
        expect(claims.policies.map((p) => `${p.method} ${p.url}`)).toContain(`POST ${BASE}`)
        const bad = await spawn(["token"])
        expect(bad.code).toBe(2)
        expect(bad.stderr).toContain("missing --account-sid")
      },
    )
  }
})
