// @taskroute/node's Workspace against the emulator's network door: direct REST (HTTP Basic) and the token mode
// on node:http and the ws package; close() with a request in flight, against a server that never answers.
import { createServer } from "node:http"
import { TaskRouteError, type WorkerInstance, type WorkspaceInstance } from "@taskroute/core"
import { type FakeServer, startFakeServer } from "@taskroute/testing"
import { describe, expect, it } from "vitest"
import { Workspace } from "../src/index.js"

/** A direct-REST workspace on the emulator, with its auth token unless `options` gives another. */
const restWorkspace = (
  server: FakeServer,
  options: { readonly authToken?: string; readonly maxRetries?: number } = {},
) =>
  new Workspace({
    accountSid: server.accountSid,
    authToken: server.authToken,
    workspaceSid: server.workspaceSid,
    apiBaseUrl: server.url,
    ...options,
  })

describe("@taskroute/node Workspace, direct REST", () => {
  it("creates, updates, lists every page and deletes with HTTP Basic credentials; emits ready once", async () => {
    await using server = await startFakeServer({ seed: "demo" })
    const workspace = restWorkspace(server)
    try {
      const ready = await new Promise<WorkspaceInstance>((resolve) => workspace.once("ready", resolve))
      expect(ready.sid).toBe(server.workspaceSid)
      const worker = await workspace.workers.create({ FriendlyName: "Ada", Attributes: { skills: ["en"] } })
      expect(worker.attributes).toEqual({ skills: ["en"] })
      const updated = await workspace.workers.update(String(worker.sid), { Attributes: { skills: ["fr"] } })
      expect(updated.attributes).toEqual({ skills: ["fr"] })
      const names: Array<string> = []
      for await (const w of workspace.workers.each({ pageSize: 5 })) names.push(String(w.friendlyName))
      expect(names.length).toBe(21)
      expect(names).toContain("Ada")
      await new Promise<void>((resolve, reject) =>
        (worker as WorkerInstance).delete((error) => (error ? reject(error) : resolve())),
      )
      const gone = await workspace.workers.fetch(String(worker.sid)).catch((e: unknown) => e)
      expect(TaskRouteError.is(gone) && gone.code).toBe(20404)
    } finally {
      await workspace.close()
    }
  })

  it("reports wrong credentials as Twilio's 20003", async () => {
    await using server = await startFakeServer({ seed: "empty" })
    const workspace = restWorkspace(server, { authToken: "wrong", maxRetries: 0 })
    try {
      const error = await workspace.activities.fetch().catch((e: unknown) => e)
      expect(TaskRouteError.is(error) && [error.status, error.code]).toEqual([401, 20003])
    } finally {
      await workspace.close()
    }
  })

  it("close() ends a request in flight: its callback gets Closed once, and the connection is closed", async () => {
    const open = new Set<unknown>()
    let requests = 0
    const silent = createServer(() => {
      requests++ // and never answers
    })
    silent.on("connection", (socket) => {
      open.add(socket)
      socket.on("close", () => open.delete(socket))
    })
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve))
    const address = silent.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    try {
      const workspace = new Workspace({
        accountSid: `AC${"0".repeat(32)}`,
        authToken: "secret",
        workspaceSid: `WS${"0".repeat(32)}`,
        apiBaseUrl: `http://127.0.0.1:${port}`,
      })
      const calls: Array<unknown> = []
      workspace.workers.fetch(`WK${"1".repeat(32)}`, (error) => calls.push(error))
      for (let i = 0; i < 100 && requests < 2; i++) await new Promise((r) => setTimeout(r, 10))
      expect(requests).toBe(2) // the workspace fetched for `ready`, and the worker
      await workspace.close()
      for (let i = 0; i < 100 && calls.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
      for (let i = 0; i < 100 && open.size > 0; i++) await new Promise((r) => setTimeout(r, 10))
      expect(calls.map((e) => TaskRouteError.is(e) && e.code)).toEqual(["Closed"])
      expect(open.size).toBe(0)
    } finally {
      silent.closeAllConnections()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
  })

  it("refuses updateToken (a direct-REST workspace has no token)", async () => {
    await using server = await startFakeServer({ seed: "empty" })
    const workspace = restWorkspace(server)
    try {
      const token = await server.mintToken()
      expect(() => workspace.updateToken(token)).toThrow(
        "updateToken needs a Workspace created with a capability token",
      )
    } finally {
      await workspace.close()
    }
  })
})

describe("@taskroute/node Workspace, capability token", () => {
  it("connects with ws, emits ready, and a dropped socket reconnects", async () => {
    await using server = await startFakeServer({ seed: "demo" })
    const workspace = new Workspace(await server.mintToken(), {
      debug: false,
      apiBaseUrl: server.url,
      eventBridgeBaseUrl: server.url,
    })
    try {
      const seen: Array<string> = []
      for (const name of ["connected", "ready", "disconnected"] as const)
        workspace.on(name, () => seen.push(name))
      await new Promise((resolve) => workspace.once("ready", resolve))
      expect(server.sockets()).toBe(1)
      server.dropConnections()
      await new Promise((resolve) => workspace.once("ready", resolve))
      expect(seen).toEqual(["connected", "ready", "disconnected", "connected", "ready"])
    } finally {
      await workspace.close()
    }
    // close() terminates the socket; the server sees it go
    for (let i = 0; i < 100 && server.sockets() > 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(server.sockets()).toBe(0)
  })
})
