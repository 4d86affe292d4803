// Tokens minted with twilio-node's own TaskRouter helpers (policies naming https://taskrouter.twilio.com and
// https://event-bridge.twilio.com) work unchanged against the emulator's event-bridge proxy and websocket.
import twilio from "twilio"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import WebSocket from "ws"
import { type FakeServer, startFakeServer } from "../../src/FakeServer.js"

const { TaskRouterCapability, util } = twilio.jwt.taskrouter

let server: FakeServer
beforeAll(async () => {
  server = await startFakeServer({ seed: "demo", random: 31 })
})
afterAll(async () => {
  await server.close()
})

/** A workspace token as a twilio-node user writes it: event-bridge policies plus GET on the workspace tree. */
const workspaceToken = (channel = server.workspaceSid) => {
  const capability = new TaskRouterCapability({
    accountSid: server.accountSid,
    authToken: server.authToken,
    workspaceSid: server.workspaceSid,
    channelId: channel,
    ttl: 600,
  })
  for (const policy of util.defaultEventBridgePolicies(server.accountSid, channel))
    capability.addPolicy(policy)
  capability.addPolicy(
    new TaskRouterCapability.Policy({ url: util.workspacesUrl(server.workspaceSid), method: "GET" }),
  )
  capability.addPolicy(
    new TaskRouterCapability.Policy({ url: `${util.workspacesUrl(server.workspaceSid)}/**`, method: "GET" }),
  )
  return capability.toJwt()
}

const proxy = async (token: string, envelope: Record<string, unknown>) => {
  const res = await fetch(`${server.url}/v1/wschannels/${server.accountSid}/${server.workspaceSid}`, {
    method: "POST",
    body: JSON.stringify({ token, ...envelope }),
  })
  return { status: res.status, body: Object(await res.json()) }
}

describe("tokens minted by twilio-node 6.2.0", () => {
  it("are verified and their policies enforced by the proxy", async () => {
    const token = workspaceToken()
    const base = util.workspacesUrl(server.workspaceSid)
    const ready = await proxy(token, { url: `${base}/`, method: "GET", event_type: "ready" })
    assert.strictEqual(ready.status, 200)
    assert.strictEqual(Reflect.get(Object(Reflect.get(ready.body, "payload")), "sid"), server.workspaceSid)
    const workers = await proxy(token, { url: util.workersUrl(server.workspaceSid), method: "GET" })
    assert.strictEqual(workers.status, 200)
    const denied = await proxy(token, {
      url: util.activitiesUrl(server.workspaceSid),
      method: "POST",
      params: { FriendlyName: "X" },
    })
    assert.strictEqual(denied.status, 403)
    assert.strictEqual(Reflect.get(denied.body, "code"), 20403)
  })

  it("open the websocket of their channel", async () => {
    const token = workspaceToken()
    const url = `${server.url.replace("http", "ws")}/v1/wschannels/${server.accountSid}/${server.workspaceSid}?token=${token}&closeExistingSessions=false`
    const ws = new WebSocket(url)
    await new Promise<void>((resolve, reject) => {
      ws.on("open", () => resolve())
      ws.on("error", reject)
    })
    assert.strictEqual(server.sockets(), 1)
    ws.close()
    await new Promise<void>((resolve) => ws.on("close", () => resolve()))
  })
})
