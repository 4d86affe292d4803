import { startFakeServer } from "@taskroute/testing"
import { describe, expect, it } from "vitest"
import { runBackendExample } from "../../src/examples/backendService.js"

describe("the back-end example (cli-example)", () => {
  it("starts its own emulator, reads the workspace, creates a task it sees routed, reads statistics", async () => {
    const lines: Array<string> = []
    await runBackendExample({}, (text) => lines.push(text))
    const out = lines.join("\n")
    expect(out).toMatch(/Started the emulator at http:\/\/127\.0\.0\.1:\d+/)
    expect(out).toContain("Contact Centre (WS")
    expect(out).toMatch(/Available {4}6 {2}Alice, Bob, Carla, Dmitri, Grace, Liam/)
    expect(out).toContain("event bridge: ready")
    const created = /created (WT[0-9a-f]{32}): pending/.exec(out)
    expect(created).not.toBeNull()
    expect(out).toContain(`event task-queue.entered: ${created?.[1]} is waiting in Billing`)
    expect(out).toMatch(/tasks by status: \{"pending":\d+/)
    expect(out.trim().endsWith("done.")).toBe(true)
  })

  it("uses the workspace the environment names instead", async () => {
    const fake = await startFakeServer({ port: 0, seed: "demo" })
    try {
      const lines: Array<string> = []
      await runBackendExample(
        {
          TWILIO_ACCOUNT_SID: fake.accountSid,
          TWILIO_AUTH_TOKEN: fake.authToken,
          TASKROUTER_WORKSPACE_SID: fake.workspaceSid,
          TASKROUTER_API_BASE_URL: fake.url,
        },
        (text) => lines.push(text),
      )
      expect(lines.join("\n")).not.toContain("Started the emulator")
      const tasks = await fetch(`${fake.url}/v1/Workspaces/${fake.workspaceSid}/Tasks?PageSize=200`, {
        headers: { authorization: `Basic ${btoa(`${fake.accountSid}:${fake.authToken}`)}` },
      })
      expect(await tasks.text()).toContain("cli-example")
    } finally {
      await fake.close()
    }
  })
})
