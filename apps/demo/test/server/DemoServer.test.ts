import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CapabilityToken, Policy, Ql, startFakeServer } from "@taskroute/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Demo, SEED_QL_EXAMPLE, startDemo } from "../../src/server/DemoServer.js"
import { twilioBackendOf } from "../support/rest.js"

/** The labels of the seed's QL example, as the GTL's columns name them. */
const SEED_COLUMNS = {
  Queue: "queue",
  "Business Value": "IWD_businessValue",
  "Completed Date": "completed_at",
}

describe("startDemo", () => {
  let demo: Demo
  let publicDir: string
  beforeAll(async () => {
    publicDir = await mkdtemp(join(tmpdir(), "taskroute-demo-"))
    await writeFile(join(publicDir, "index.html"), "<!doctype html><title>console</title>")
    await writeFile(join(publicDir, "app.js"), "export {}")
    demo = await startDemo({ port: 0, simulate: false, tokenTtl: 120, publicDir })
  })
  afterAll(async () => {
    await demo.close()
    await rm(publicDir, { recursive: true, force: true })
  })

  it("listens on 127.0.0.1 and serves the page's configuration", async () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(demo.mode).toBe("emulator")
    const response = await fetch(`${demo.url}config.json`)
    expect(response.headers.get("cache-control")).toBe("no-store")
    const config: unknown = await response.json()
    expect(config).toMatchObject({
      mode: "emulator",
      workspaceSid: demo.workspaceSid,
      apiBaseUrl: demo.fake?.url,
      eventBridgeBaseUrl: demo.fake?.url,
      tokenUrl: `${demo.url}token`,
      tokenTtl: 120,
      simulation: false,
      gtl: {
        baseUrl: `${demo.url}iwd_manager/api`,
        solutionDbid: demo.fake?.solutionDbid,
        example: SEED_QL_EXAMPLE,
      },
    })
  })

  it("mints short-lived workspace tokens with @taskroute/node, fresh on every call", async () => {
    const before = Date.now()
    const answer: unknown = await (await fetch(`${demo.url}token`)).json()
    const token = String(Reflect.get(Object(answer), "token"))
    const claims = CapabilityToken.decode(token)
    expect(claims.workspaceSid).toBe(demo.workspaceSid)
    expect(claims.channel).toBe(demo.workspaceSid)
    const exp = claims.expiresAt?.getTime() ?? 0
    expect(exp).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 119_000)
    expect(exp).toBeLessThanOrEqual(Date.now() + 121_000)
    expect(Reflect.get(Object(answer), "ttl")).toBe(120)
    // Fetch and update anything below the workspace; delete nothing.
    const allowed = (method: string, path: string) =>
      Policy.authorize(claims.policies, {
        method,
        url: `https://taskrouter.twilio.com/v1/Workspaces/${demo.workspaceSid}${path}`,
      }).allowed
    expect(allowed("GET", "/Workers")).toBe(true)
    expect(allowed("POST", "/Tasks/WT00000000000000000000000000000000")).toBe(true)
    expect(allowed("DELETE", "/Tasks/WT00000000000000000000000000000000")).toBe(false)
    // The emulator accepts it: the event-bridge proxy answers a fetch made with it.
    const proxied = await fetch(`${demo.fake?.url}/v1/wschannels/${claims.accountSid}/${demo.workspaceSid}`, {
      method: "POST",
      body: JSON.stringify({
        url: `https://taskrouter.twilio.com/v1/Workspaces/${demo.workspaceSid}/Workers`,
        method: "GET",
        token,
      }),
    })
    expect(proxied.status).toBe(200)
    const again: unknown = await (await fetch(`${demo.url}token`)).json()
    expect(typeof Reflect.get(Object(again), "token")).toBe("string")
  })

  it("proxies the Global Task List with the account's credentials and keeps the session cookie", async () => {
    const dbid = demo.fake?.solutionDbid
    const response = await fetch(`${demo.url}iwd_manager/api/gtl/tasks/${dbid}/1/search`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[]",
    })
    expect(response.status).toBe(200)
    expect(response.headers.getSetCookie().some((c) => c.startsWith("JSESSIONID="))).toBe(true)
    const page: unknown = await response.json()
    expect(Reflect.get(Object(page), "page")).toBe(1)
    expect(Number(Reflect.get(Object(page), "total_tasks"))).toBeGreaterThan(0)
  })

  it("sends the browser back through the proxy when the GTL redirects", async () => {
    const dbid = demo.fake?.solutionDbid
    const response = await fetch(`${demo.url}iwd_manager/api/gtl/tasks/${dbid}/999/search`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[]",
      redirect: "manual",
    })
    expect(response.status).toBe(307)
    const location = response.headers.get("location") ?? ""
    expect(location.startsWith(`/iwd_manager/api/gtl/tasks/${dbid}/`)).toBe(true)
  })

  it("serves the built page and nothing outside it", async () => {
    const index = await fetch(demo.url)
    expect(index.status).toBe(200)
    expect(index.headers.get("content-type")).toContain("text/html")
    const js = await fetch(`${demo.url}app.js`)
    expect(js.headers.get("content-type")).toContain("text/javascript")
    expect((await fetch(`${demo.url}..%2Fpackage.json`)).status).toBe(404)
    expect((await fetch(`${demo.url}missing.css`)).status).toBe(404)
    expect((await fetch(`${demo.url}token`, { method: "POST" })).status).toBe(405)
  })

  it("says how to build the page when it is not built", async () => {
    const empty = await mkdtemp(join(tmpdir(), "taskroute-demo-empty-"))
    const other = await startDemo({ port: 0, simulate: false, publicDir: empty })
    try {
      const response = await fetch(other.url)
      expect(response.status).toBe(503)
      expect(await response.text()).toContain("pnpm --filter @taskroute/demo run build")
    } finally {
      await other.close()
      await rm(empty, { recursive: true, force: true })
    }
  })

  it("names the busy port and stops the emulator it started", async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    const address = blocker.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    try {
      await expect(startDemo({ port, simulate: false })).rejects.toThrow(
        `Port ${port} on 127.0.0.1 is already in use`,
      )
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()))
    }
  })

  it("runs the simulation by default with the emulator and stops everything on close", async () => {
    const running = await startDemo({ port: 0, simulate: { tickMs: 20, arrivalMs: 30, maxTasks: 2 } })
    const fakeUrl = running.fake?.url ?? ""
    expect(running.simulation).toBeDefined()
    const config: unknown = await (await fetch(`${running.url}config.json`)).json()
    expect(Reflect.get(Object(config), "simulation")).toBe(true)
    await running.close()
    await running.close()
    await expect(fetch(running.url)).rejects.toThrow()
    await expect(fetch(`${fakeUrl}/v1/Workspaces`)).rejects.toThrow()
    const ticks = running.simulation?.stats().ticks
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(running.simulation?.stats().ticks).toBe(ticks)
  })
})

describe("startDemo with a real workspace's settings (a loopback emulator standing in for TaskRouter)", () => {
  it("mints tokens with the given credentials, runs no simulation and serves a GTL over the workspace's tasks", async () => {
    const fake = await startFakeServer({ port: 0, seed: "demo" })
    const demo = await startDemo({
      port: 0,
      backend: twilioBackendOf(fake),
    })
    try {
      expect(demo.mode).toBe("twilio")
      expect(demo.fake).toBeUndefined()
      expect(demo.simulation).toBeUndefined()
      const config: unknown = await (await fetch(`${demo.url}config.json`)).json()
      expect(config).toMatchObject({
        mode: "twilio",
        apiBaseUrl: fake.url,
        eventBridgeBaseUrl: fake.url,
        simulation: false,
      })
      const dbid = Number(Reflect.get(Object(Reflect.get(Object(config), "gtl")), "solutionDbid"))
      expect(dbid).toBeGreaterThan(0)
      const token = String(Reflect.get(Object(await (await fetch(`${demo.url}token`)).json()), "token"))
      expect(CapabilityToken.decode(token).accountSid).toBe(fake.accountSid)

      const all: unknown = await (
        await fetch(`${demo.url}iwd_manager/api/gtl/tasks/${dbid}/1/search`, { method: "POST", body: "[]" })
      ).json()
      const listed: unknown = await (
        await fetch(`${fake.url}/v1/Workspaces/${fake.workspaceSid}/Tasks?PageSize=200`, {
          headers: { authorization: `Basic ${btoa(`${fake.accountSid}:${fake.authToken}`)}` },
        })
      ).json()
      const tasks: unknown = Reflect.get(Object(listed), "tasks")
      const taskCount = Array.isArray(tasks) ? tasks.length : -1
      expect(Reflect.get(Object(all), "total_tasks")).toBe(taskCount)
      const example = await fetch(`${demo.url}iwd_manager/api/gtl/tasks/${dbid}/1/search`, {
        method: "POST",
        body: JSON.stringify(Ql.parseQl(SEED_QL_EXAMPLE, { columns: SEED_COLUMNS })),
      })
      expect(example.status).toBe(200)
      expect(Number(Reflect.get(Object(await example.json()), "total_tasks"))).toBeGreaterThan(0)
    } finally {
      await demo.close()
      await fake.close()
    }
  })
})
