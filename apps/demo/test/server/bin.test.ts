/**
 * The `start` command as a person runs it: it prints the console's URL, serves it, and Ctrl-C (SIGINT) stops
 * the console, the simulation and the emulator, then exits 0. Runs the built command (dist/bin.js), which the
 * package's `build` makes (turbo builds before it tests).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"

const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url))

const waitForUrl = (child: ChildProcess, output: { text: string }): Promise<string> =>
  new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.text += chunk.toString("utf8")
      const found = /taskroute console {3}(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.text)
      if (found?.[1] !== undefined) resolve(found[1])
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", (chunk: Buffer) => {
      output.text += chunk.toString("utf8")
    })
    child.once("exit", (code) =>
      reject(new Error(`the demo exited (${code}) before printing its URL:\n${output.text}`)),
    )
  })

describe("pnpm --filter @taskroute/demo run start", () => {
  let child: ChildProcess | undefined
  afterEach(() => {
    if (child !== undefined && child.exitCode === null) child.kill("SIGKILL")
  })

  it("prints the URL, serves the console, and stops everything on SIGINT", async () => {
    expect(existsSync(BIN), `${BIN} is missing: run pnpm --filter @taskroute/demo run build first`).toBe(true)
    child = spawn(process.execPath, [BIN, "--", "--port", "0"], {
      env: { ...process.env, TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "", TASKROUTER_WORKSPACE_SID: "" },
      stdio: ["ignore", "pipe", "pipe"],
    })
    const output = { text: "" }
    const url = await waitForUrl(child, output)
    const emulator = /emulator \(demo seed\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(output.text)?.[1] ?? ""
    expect(emulator).not.toBe("")
    expect(output.text).toContain("simulation  on")
    expect((await fetch(`${url}config.json`)).status).toBe(200)

    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)))
    child.kill("SIGINT")
    expect(await exited).toBe(0)
    expect(output.text).toContain("taskroute demo: SIGINT, stopping...")
    expect(output.text).toContain("taskroute demo: stopped")
    await expect(fetch(url)).rejects.toThrow()
    await expect(fetch(`${emulator}/v1/Workspaces`)).rejects.toThrow()
  })

  it("refuses a bad argument with the usage", async () => {
    expect(existsSync(BIN), `${BIN} is missing: run pnpm --filter @taskroute/demo run build first`).toBe(true)
    child = spawn(process.execPath, [BIN, "--port", "nope"], { stdio: ["ignore", "pipe", "pipe"] })
    let stderr = ""
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    const code = await new Promise<number | null>((resolve) => child?.once("exit", (c) => resolve(c)))
    expect(code).toBe(2)
    expect(stderr).toContain('--port must be an integer from 0 to 65535, got "nope"')
    expect(stderr).toContain("Usage: bash scripts/demo.sh [options]")
  })
})
