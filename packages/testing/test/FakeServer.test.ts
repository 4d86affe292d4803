import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { request } from "node:http"
import { fileURLToPath } from "node:url"
import { CapabilityToken, Policy } from "@taskroute/core"
import { assert, describe, it, onTestFinished } from "vitest"
import { startFakeServer } from "../src/FakeServer.js"

const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`

describe("startFakeServer", () => {
  it("listens on a free loopback port, answers REST with Basic auth and closes with await using", async () => {
    let url = ""
    {
      await using server = await startFakeServer({ seed: "empty" })
      url = server.url
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      assert.match(server.accountSid, /^AC[0-9a-f]{32}$/)
      assert.match(server.workspaceSid, /^WS[0-9a-f]{32}$/)
      assert.isNumber(server.solutionDbid)
      const res = await fetch(`${server.url}/v1/Workspaces/${server.workspaceSid}`, {
        headers: { authorization: basic(server.accountSid, server.authToken) },
      })
      assert.strictEqual(res.status, 200)
      assert.strictEqual(Reflect.get(Object(await res.json()), "sid"), server.workspaceSid)
      const denied = await fetch(`${server.url}/v1/Workspaces/${server.workspaceSid}`)
      assert.strictEqual(denied.status, 401)
      assert.strictEqual(Reflect.get(Object(await denied.json()), "code"), 20003)
    }
    const after = await fetch(`${url}/v1/Workspaces`).then(
      () => "answered",
      () => "refused",
    )
    assert.strictEqual(after, "refused")
  })

  it("serves the GTL API of the seeded solution under /iwd_manager/api with the account's Basic credentials", async () => {
    await using server = await startFakeServer({ seed: "demo" })
    const url = `${server.url}/iwd_manager/api/gtl/tasks/${server.solutionDbid}/1/search`
    const denied = await fetch(url, {
      method: "POST",
      body: "[]",
      headers: { "content-type": "application/json" },
    })
    assert.strictEqual(denied.status, 401)
    const res = await fetch(url, {
      method: "POST",
      body: "[]",
      headers: {
        "content-type": "application/json",
        authorization: basic(server.accountSid, server.authToken),
      },
    })
    assert.strictEqual(res.status, 200)
    assert.match(res.headers.get("set-cookie") ?? "", /JSESSIONID=/)
    assert.include(await res.text(), "WT")
  })

  it("uses the given credentials", async () => {
    const accountSid = `AC${"1".repeat(32)}`
    await using server = await startFakeServer({ seed: "empty", accountSid, authToken: "secret" })
    assert.strictEqual(server.accountSid, accountSid)
    assert.strictEqual(server.authToken, "secret")
  })

  it("mints workspace tokens the emulator verifies: default policies, ttl, channel, allow flags", async () => {
    await using server = await startFakeServer({ seed: "empty" })
    const token = await server.mintToken({ ttl: 120 })
    const claims = await CapabilityToken.verify(token, server.authToken)
    assert.strictEqual(claims.accountSid, server.accountSid)
    assert.strictEqual(claims.workspaceSid, server.workspaceSid)
    assert.strictEqual(claims.channel, server.workspaceSid)
    assert.strictEqual((claims.expiresAt?.getTime() ?? 0) - (claims.issuedAt?.getTime() ?? 0), 120_000)
    const ws = `https://taskrouter.twilio.com/v1/Workspaces/${server.workspaceSid}`
    const can = (method: string, url: string, policies = claims.policies) =>
      Policy.authorize(policies, { method, url }).allowed
    assert.isTrue(
      can("GET", `https://event-bridge.twilio.com/v1/wschannels/${server.accountSid}/${server.workspaceSid}`),
    )
    assert.isTrue(
      can(
        "POST",
        `https://event-bridge.twilio.com/v1/wschannels/${server.accountSid}/${server.workspaceSid}`,
      ),
    )
    assert.isTrue(can("GET", ws))
    assert.isTrue(can("POST", `${ws}/Workers`))
    assert.isTrue(can("DELETE", `${ws}/Tasks/WT1`))
    const readOnly = await CapabilityToken.verify(
      await server.mintToken({ allowUpdates: false, allowDelete: false }),
      server.authToken,
    )
    assert.isTrue(can("GET", `${ws}/Workers`, readOnly.policies))
    assert.isFalse(can("POST", `${ws}/Workers`, readOnly.policies))
    assert.isFalse(can("DELETE", ws, readOnly.policies))
    const worker = CapabilityToken.decode(await server.mintToken({ channel: `WK${"2".repeat(32)}` }))
    assert.strictEqual(worker.workerSid, `WK${"2".repeat(32)}`)
  })

  it("rejects oversized bodies with 413 without reading them whole", async () => {
    await using server = await startFakeServer({ seed: "empty", maxBodyBytes: 1024 })
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${server.url}/v1/Workspaces/${server.workspaceSid}/Activities`,
        { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on("error", reject)
      // chunked: no Content-Length, so the limit is found while streaming
      for (let i = 0; i < 8; i++) req.write(`FriendlyName=${"x".repeat(500)}&`)
      req.end()
    })
    assert.strictEqual(status, 413)
    const declared = await fetch(`${server.url}/v1/Workspaces/${server.workspaceSid}/Activities`, {
      method: "POST",
      body: "x".repeat(4096),
    })
    assert.strictEqual(declared.status, 413)
    assert.strictEqual(Reflect.get(Object(await declared.json()), "status"), 413)
  })

  it("answers CORS preflights for a page on another loopback origin", async () => {
    await using server = await startFakeServer({ seed: "empty" })
    const res = await fetch(`${server.url}/v1/wschannels/${server.accountSid}/${server.workspaceSid}`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:9", "access-control-request-method": "POST" },
    })
    assert.strictEqual(res.status, 204)
    assert.strictEqual(res.headers.get("access-control-allow-origin"), "http://127.0.0.1:9")
  })

  it("fails to start on a port in use, without leaking", async () => {
    await using first = await startFakeServer({ seed: "empty" })
    const port = Number(new URL(first.url).port)
    const error = await startFakeServer({ seed: "empty", port }).then(
      () => undefined,
      (e: unknown) => e,
    )
    assert.match(String(Reflect.get(Object(error), "code")), /EADDRINUSE/)
  })
})

describe("taskroute-fake (bin)", () => {
  // The bin package.json declares (a committed launcher that imports dist/bin.js).
  const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
  const declared = String(Reflect.get(Object(Reflect.get(Object(manifest), "bin")), "taskroute-fake"))
  const bin = fileURLToPath(new URL(`../${declared}`, import.meta.url))
  const built = fileURLToPath(new URL("../dist/bin.js", import.meta.url))

  const run = (args: ReadonlyArray<string>) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    const firstLine = new Promise<string>((resolve, reject) => {
      child.stdout.on("data", () => {
        const nl = stdout.indexOf("\n")
        if (nl !== -1) resolve(stdout.slice(0, nl))
      })
      child.on("exit", () => reject(new Error(`exited before printing a line; stderr: ${stderr}`)))
    })
    firstLine.catch(() => undefined) // awaited by the tests that expect a line; not an unhandled rejection otherwise
    return { child, firstLine, exited, output: () => ({ stdout, stderr }) }
  }

  const stopWith = async (child: ChildProcess, signal: NodeJS.Signals, exited: Promise<number | null>) => {
    child.kill(signal)
    return exited
  }

  it("is built (pnpm tsc --build) before this suite runs", () => {
    assert.isTrue(existsSync(bin), `${bin} is missing`)
    assert.isTrue(existsSync(built), `${built} is missing: run \`pnpm tsc --build\` in packages/testing`)
  })

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`prints exactly one JSON line once it listens and exits 0 on ${signal}`, async () => {
      const accountSid = `AC${"3".repeat(32)}`
      const proc = run(["--port", "0", "--seed", "empty", "--account-sid", accountSid, "--auth-token", "tok"])
      // Whatever an assertion below does, the child does not outlive the test.
      onTestFinished(() => {
        if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill("SIGKILL")
      })
      const line = await proc.firstLine
      const info: unknown = JSON.parse(line)
      assert.deepStrictEqual(Object.keys(Object(info)), [
        "url",
        "accountSid",
        "authToken",
        "workspaceSid",
        "solutionDbid",
      ])
      const url = String(Reflect.get(Object(info), "url"))
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
      assert.strictEqual(Reflect.get(Object(info), "accountSid"), accountSid)
      assert.strictEqual(Reflect.get(Object(info), "authToken"), "tok")
      const workspaceSid = String(Reflect.get(Object(info), "workspaceSid"))
      const res = await fetch(`${url}/v1/Workspaces/${workspaceSid}`, {
        headers: { authorization: basic(accountSid, "tok") },
      })
      assert.strictEqual(res.status, 200)
      assert.strictEqual(await stopWith(proc.child, signal, proc.exited), 0)
      assert.strictEqual(proc.output().stdout, `${line}\n`)
    })
  }

  it("exits 2 with a usage message on bad options", async () => {
    const proc = run(["--seed", "huge"])
    assert.strictEqual(await proc.exited, 2)
    assert.include(proc.output().stderr, "--seed")
    assert.strictEqual(proc.output().stdout, "")
  })
})
