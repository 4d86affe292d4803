// The ESM entry of @taskroute/browser, on the global fetch and WebSocket (Node 24 has both), against the
// emulator's network door; and its refusal of direct REST credentials.
import { TaskRouteError, type WorkspaceInstance } from "@taskroute/core"
import { startFakeServer } from "@taskroute/testing"
import { describe, expect, it } from "vitest"
import { Workspace } from "../src/index.js"

describe("@taskroute/browser Workspace (ESM entry)", () => {
  it("connects with the global WebSocket, emits ready and serves requests with the global fetch", async () => {
    await using server = await startFakeServer({ seed: "demo" })
    const token = await server.mintToken()
    await using workspace = new Workspace(token, false, undefined, undefined, server.url, server.url)
    const ready = await new Promise<WorkspaceInstance>((resolve) => workspace.once("ready", resolve))
    expect(ready.friendlyName).toBe("Contact Centre")
    const queues = await workspace.taskqueues.fetch()
    expect(queues.data.map((q) => q.friendlyName).sort()).toEqual(["Billing", "Sales", "Support"])
  })

  it("refuses direct REST credentials, which must never reach a browser", () => {
    const rest = {
      accountSid: `AC${"0".repeat(32)}`,
      authToken: "secret",
      workspaceSid: `WS${"0".repeat(32)}`,
    }
    expect(() => Reflect.construct(Workspace, [rest])).toThrow(TaskRouteError)
  })
})
