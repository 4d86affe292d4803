// The packed tarballs as a user gets them: installed with npm into a scratch project outside the workspace
// (their own dependencies come from the npm registry), then used from there: a Node program and a browser-entry
// program against the emulator, the two bins, and the READMEs' TypeScript examples type-checked (and the
// testing README's vitest example run) against the packed types.
import { type ChildProcessByStdio, spawn } from "node:child_process"
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Readable } from "node:stream"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { cleanEnv, run } from "./support/exec.js"
import { catalogVersion, PACKAGES, packageName, repoRoot } from "./support/repo.js"

const packs = inject("packs")
const fixtures = fileURLToPath(new URL("../fixtures/consumer/", import.meta.url))
const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-f]{32}$`)

let scratch = ""

const node = (args: ReadonlyArray<string>, timeoutMs = 60_000) =>
  run(process.execPath, args, { cwd: scratch, timeoutMs, env: cleanEnv({ NO_COLOR: "1", FORCE_COLOR: "0" }) })

/** The last line of a program's stdout, parsed as JSON. */
const lastJsonLine = (stdout: string): Record<string, unknown> => {
  const line = stdout.trim().split("\n").at(-1) ?? ""
  const value: unknown = JSON.parse(line)
  if (typeof value !== "object" || value === null) throw new Error(`not a JSON object: ${line}`)
  return { ...value }
}

/** An array field of a program's facts (throws when it is not one). */
const list = (value: unknown): ReadonlyArray<unknown> => {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`)
  return value
}

/** The ```ts blocks of a README, in order. */
const typescriptBlocks = (markdown: string): ReadonlyArray<string> =>
  [...markdown.matchAll(/^```ts\n([\s\S]*?)^```\s*$/gm)].map((m) => m[1] ?? "")

const tsconfig = (options: Record<string, unknown>, include: ReadonlyArray<string>) =>
  JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        skipLibCheck: false,
        noEmit: true,
        ...options,
      },
      include,
    },
    null,
    2,
  )

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "taskroute-consumer-"))
  writeFileSync(
    join(scratch, "package.json"),
    JSON.stringify({ name: "taskroute-consumer", private: true, type: "module" }, null, 2),
  )
  await run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      ...PACKAGES.map((dir) => packs.tarballs[dir]),
      `@types/node@${catalogVersion("@types/node")}`,
    ],
    { cwd: scratch, timeoutMs: 240_000 },
  )
  // The workspace's vitest, for the testing README's example (a consumer would `npm install -D vitest`).
  symlinkSync(realpathSync(join(repoRoot, "node_modules", "vitest")), join(scratch, "node_modules", "vitest"))
  for (const file of readdirSync(fixtures)) cpSync(join(fixtures, file), join(scratch, file))

  mkdirSync(join(scratch, "readme", "node"), { recursive: true })
  mkdirSync(join(scratch, "readme", "browser"), { recursive: true })
  mkdirSync(join(scratch, "readme-tests"), { recursive: true })
  for (const dir of PACKAGES) {
    const readme = readFileSync(join(scratch, "node_modules", "@taskroute", dir, "README.md"), "utf8")
    typescriptBlocks(readme).forEach((code, i) => {
      const name = `${dir}-${i + 1}`
      // `export {}` keeps each block a module of its own, whether or not it imports anything.
      const text = `// README.md of ${packageName(dir)}, TypeScript block ${i + 1}\n${code}\nexport {}\n`
      if (/from "vitest"/.test(code)) writeFileSync(join(scratch, "readme-tests", `${name}.test.ts`), text)
      else writeFileSync(join(scratch, "readme", dir === "browser" ? "browser" : "node", `${name}.ts`), text)
    })
  }
  // As a Node consumer configures TypeScript (libraries' .d.ts skipped, as nearly every project does).
  writeFileSync(
    join(scratch, "tsconfig.json"),
    tsconfig(
      {
        lib: ["ES2022"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        types: ["node"],
        skipLibCheck: true,
      },
      ["*.ts", "readme/node/*.ts", "readme-tests/*.ts"],
    ),
  )
  // As a bundled web app configures it.
  writeFileSync(
    join(scratch, "tsconfig.browser.json"),
    tsconfig(
      {
        lib: ["ES2022", "DOM", "DOM.Iterable"],
        module: "ESNext",
        moduleResolution: "Bundler",
        types: [],
        skipLibCheck: true,
      },
      ["readme/browser/*.ts"],
    ),
  )
  // Every shipped declaration file checked in full (effect's own types need the DOM's WebCrypto types).
  writeFileSync(
    join(scratch, "declarations.ts"),
    `${PACKAGES.map((dir) => `import type * as ${dir}Exports from "${packageName(dir)}"`).join("\n")}\nexport type All = [${PACKAGES.map((dir) => `typeof ${dir}Exports`).join(", ")}]\n`,
  )
  writeFileSync(
    join(scratch, "tsconfig.declarations.json"),
    tsconfig(
      {
        lib: ["ES2022", "DOM", "DOM.Iterable"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        types: ["node"],
        skipLibCheck: false,
      },
      ["declarations.ts"],
    ),
  )
})

afterAll(() => {
  if (scratch !== "") rmSync(scratch, { recursive: true, force: true })
})

describe("the four tarballs installed with npm into a project outside the workspace", () => {
  it("install as one copy of each package, at the packed version, with their registry dependencies", () => {
    const version = (path: string): unknown => JSON.parse(readFileSync(path, "utf8")).version
    const installed = join(scratch, "node_modules")
    expect(scratch.startsWith(repoRoot)).toBe(false)
    for (const dir of PACKAGES) {
      expect(version(join(installed, "@taskroute", dir, "package.json"))).toBe(
        JSON.parse(readFileSync(join(repoRoot, "packages", dir, "package.json"), "utf8")).version,
      )
      expect(existsSync(join(installed, "@taskroute", dir, "node_modules", "@taskroute"))).toBe(false)
    }
    expect(version(join(installed, "effect", "package.json"))).toBe(catalogVersion("effect"))
    expect(version(join(installed, "rxjs", "package.json"))).toBe(catalogVersion("rxjs"))
    expect(version(join(installed, "jose", "package.json"))).toBe(catalogVersion("jose"))
    expect(version(join(installed, "ws", "package.json"))).toBe(catalogVersion("ws"))
  })

  it("run a Node program: emulator, WorkspaceCapability token, Workspace ready, workers, a task, statistics", async () => {
    const { stdout } = await node(["node-workspace.ts"])
    const facts = lastJsonLine(stdout)
    expect(facts.readySid).toBe(facts.workspaceSid)
    expect(facts.workspaceSid).toMatch(SID("WS"))
    expect(typeof facts.readyName).toBe("string")
    // The demo seed: 20 workers, each with a worker SID and a name.
    expect(facts.workerSids).toHaveLength(20)
    for (const sid of list(facts.workerSids)) expect(sid).toMatch(SID("WK"))
    expect(new Set(list(facts.workerNames)).size).toBe(20)
    expect(facts.taskSid).toMatch(SID("WT"))
    expect(facts.taskAttributes).toEqual({ type: "support", language: "en", release: "check" })
    expect(facts.taskWorkflowSid).toMatch(SID("WW"))
    expect(facts.totalTasksAfter).toBe(Number(facts.totalTasksBefore) + 1)
    expect(facts.totalWorkers).toBe(20)
    expect(facts.tasksCreatedLastHour).toBeGreaterThanOrEqual(1)
  })

  it("run @taskroute/browser's ESM entry and its script-tag bundle against the emulator", async () => {
    const { stdout } = await node(["browser-esm.ts"])
    const facts = lastJsonLine(stdout)
    // The empty seed: a new workspace with the three activities the service creates.
    const activities = ["Available", "Offline", "Unavailable"]
    expect(facts.esmReady).toBe(facts.workspaceSid)
    expect(list(facts.esmActivities).map(String).sort()).toEqual(activities)
    expect(facts.scriptReady).toBe(facts.workspaceSid)
    expect(list(facts.scriptActivities).map(String).sort()).toEqual(activities)
    expect(facts.sameClass).toBe(true)
    expect(facts.taskRouteErrorGlobal).toBe("function")
  })

  it("have a taskroute-fake bin that prints one JSON line, serves the emulator and stops on SIGTERM", async () => {
    const bin = join(scratch, "node_modules", ".bin", "taskroute-fake")
    const child: ChildProcessByStdio<null, Readable, Readable> = spawn(bin, ["--seed", "empty"], {
      cwd: scratch,
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    })
    try {
      let stdout = ""
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk
      })
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
      for (let i = 0; i < 300 && !stdout.includes("\n"); i++) await new Promise((r) => setTimeout(r, 50))
      const info = JSON.parse(stdout.split("\n")[0] ?? "")
      expect(Object.keys(info).sort()).toEqual([
        "accountSid",
        "authToken",
        "solutionDbid",
        "url",
        "workspaceSid",
      ])
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(info.accountSid).toMatch(SID("AC"))
      expect(info.workspaceSid).toMatch(SID("WS"))
      expect(Number.isInteger(info.solutionDbid)).toBe(true)

      const basic = `Basic ${Buffer.from(`${info.accountSid}:${info.authToken}`).toString("base64")}`
      const res = await fetch(`${info.url}/v1/Workspaces/${info.workspaceSid}/Activities`, {
        headers: { authorization: basic },
      })
      expect(res.status).toBe(200)
      const body: unknown = await res.json()
      const activities =
        typeof body === "object" && body !== null ? Reflect.get(body, "activities") : undefined
      expect(
        list(activities)
          .map((a) => (typeof a === "object" && a !== null ? Reflect.get(a, "friendly_name") : a))
          .sort(),
      ).toEqual(["Available", "Offline", "Unavailable"])
      const denied = await fetch(`${info.url}/v1/Workspaces/${info.workspaceSid}/Activities`, {
        headers: { authorization: `Basic ${Buffer.from(`${info.accountSid}:wrong`).toString("base64")}` },
      })
      expect(denied.status).toBe(401)

      child.kill("SIGTERM")
      expect(await exited).toBe(0)
      expect(stdout.trim().split("\n")).toHaveLength(1)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
    }
  })

  it("have a taskroute bin that mints a workspace token and decodes it", async () => {
    const bin = join(scratch, "node_modules", ".bin", "taskroute")
    const accountSid = `AC${"1".repeat(32)}`
    const workspaceSid = `WS${"2".repeat(32)}`
    const env = cleanEnv({ TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: "release-check-secret" })
    const minted = await run(
      bin,
      ["token", "--workspace-sid", workspaceSid, "--ttl", "120", "--allow", "updates"],
      {
        cwd: scratch,
        env,
      },
    )
    const jwt = minted.stdout.trim()
    expect(jwt.split(".")).toHaveLength(3)
    const decoded = await run(bin, ["token", "--decode", jwt, "--verify"], { cwd: scratch, env })
    const claims = JSON.parse(decoded.stdout)
    expect(claims).toMatchObject({
      account_sid: accountSid,
      workspace_sid: workspaceSid,
      channel: workspaceSid,
    })
    expect(claims.exp - claims.iat).toBe(120)
    const wrongSecret = await run(bin, ["token", "--decode", jwt, "--verify", "--auth-token", "other"], {
      cwd: scratch,
      env,
      allowFailure: true,
    })
    expect(wrongSecret.code).toBe(1)
    const help = await run(bin, ["--help"], { cwd: scratch, env })
    expect(help.stdout).toContain("taskroute token")
  })

  it("type-check the programs and every TypeScript example of the READMEs against the packed types", async () => {
    const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc")
    expect(readdirSync(join(scratch, "readme", "node")).length).toBeGreaterThan(0)
    expect(readdirSync(join(scratch, "readme", "browser")).length).toBeGreaterThan(0)
    await node([tsc, "-p", "tsconfig.json"], 120_000)
    await node([tsc, "-p", "tsconfig.browser.json"], 120_000)
    await node([tsc, "-p", "tsconfig.declarations.json"], 120_000)
  })

  it("run the vitest example of @taskroute/testing's README from the consumer project", async () => {
    const tests = readdirSync(join(scratch, "readme-tests"))
    expect(tests.length).toBeGreaterThan(0)
    const vitest = join(scratch, "node_modules", "vitest", "vitest.mjs")
    const { stdout } = await node([vitest, "run", "--root", scratch, "--dir", "readme-tests"], 120_000)
    expect(stdout).toMatch(/Tests\s+\d+ passed/)
    expect(stdout).not.toMatch(/failed|skipped/)
  })
})
