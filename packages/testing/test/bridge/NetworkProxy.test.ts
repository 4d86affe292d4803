// The event-bridge proxy of the network door, against the real store, spoken the way TaskRouter.js v1.21 speaks
// it: a text/plain POST of the JSON envelope to the channel URL, no Authorization header.
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { type FakeServer, startFakeServer } from "../../src/FakeServer.js"

let server: FakeServer
let token = ""
beforeAll(async () => {
  server = await startFakeServer({ seed: "demo", random: 21 })
  token = await server.mintToken()
})
afterAll(async () => {
  await server.close()
})

const TR = () => `https://taskrouter.twilio.com/v1/Workspaces/${server.workspaceSid}`

const proxy = async (envelope: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}/v1/wschannels/${server.accountSid}/${server.workspaceSid}`, {
    method: "POST",
    headers: { "content-type": "text/plain;charset=UTF-8", ...headers },
    body: JSON.stringify({ token, ...envelope }),
  })
  const body: unknown = await res.json()
  return { status: res.status, headers: res.headers, body: Object(body) }
}

const field = (o: unknown, key: string): unknown => Reflect.get(Object(o), key)

describe("event-bridge proxy on the network door", () => {
  it("answers v1's ready fetch (workspace URL with a trailing slash) with 200 and event_type ready", async () => {
    const res = await proxy({ url: `${TR()}/`, method: "GET", event_type: "ready" })
    assert.strictEqual(res.status, 200)
    assert.strictEqual(field(res.body, "event_type"), "ready")
    const payload = field(res.body, "payload")
    assert.strictEqual(field(payload, "sid"), server.workspaceSid)
    assert.strictEqual(field(payload, "default_activity_name"), "Offline")
  })

  it("pages a list in the legacy format, following meta.next_page_url through the proxy as v1 does", async () => {
    const auth = `Basic ${btoa(`${server.accountSid}:${server.authToken}`)}`
    const direct = await fetch(
      `${TR().replace("https://taskrouter.twilio.com", server.url)}/Workers?PageSize=1000`,
      {
        headers: { authorization: auth },
      },
    )
    const all = field(await direct.json(), "workers")
    const expected = Array.isArray(all) ? all.map((w) => field(w, "sid")) : []
    assert.isAbove(expected.length, 4)
    const seen: Array<unknown> = []
    let url: unknown = `${TR()}/Workers`
    let params: Record<string, unknown> | undefined = { PageSize: 4 }
    let pages = 0
    while (typeof url === "string" && pages < 50) {
      const res = await proxy({ url, method: "GET", ...(params === undefined ? {} : { params }) })
      assert.strictEqual(res.status, 200)
      const payload = field(res.body, "payload")
      const meta = field(payload, "meta")
      assert.strictEqual(field(meta, "key"), "workers")
      assert.strictEqual(field(meta, "page_size"), 4)
      assert.strictEqual(field(meta, "page"), pages)
      const items = field(payload, "workers")
      assert.isArray(items)
      for (const w of Array.isArray(items) ? items : []) seen.push(field(w, "sid"))
      url = field(meta, "next_page_url")
      if (typeof url === "string") assert.match(url, /^https:\/\/taskrouter\.twilio\.com\/v1\//)
      params = undefined
      pages++
    }
    assert.deepStrictEqual(seen, expected)
    assert.isAbove(pages, 1)
  })

  it("creates (HTTP 200, nested Attributes stringified), updates with v1's argument shapes and deletes (payload null)", async () => {
    const created = await proxy({
      url: `${TR()}/Workers`,
      method: "POST",
      params: { FriendlyName: "Proxy Worker", Attributes: { skills: ["fr"], level: 2 } },
    })
    assert.strictEqual(created.status, 200)
    const worker = field(created.body, "payload")
    const sid = String(field(worker, "sid"))
    assert.match(sid, /^WK[0-9a-f]{32}$/)
    assert.deepStrictEqual(JSON.parse(String(field(worker, "attributes"))), { skills: ["fr"], level: 2 })
    const updated = await proxy({
      url: `${TR()}/Workers/${sid}`,
      method: "POST",
      params: { FriendlyName: "Renamed" },
    })
    assert.strictEqual(field(field(updated.body, "payload"), "friendly_name"), "Renamed")
    const workspace = await proxy({
      url: `${TR()}/`,
      method: "POST",
      params: { EventCallbackUrl: "http://127.0.0.1:9/cb" },
    })
    assert.strictEqual(workspace.status, 200)
    assert.strictEqual(field(field(workspace.body, "payload"), "event_callback_url"), "http://127.0.0.1:9/cb")
    const deleted = await proxy({ url: `${TR()}/Workers/${sid}`, method: "DELETE" })
    assert.strictEqual(deleted.status, 200)
    assert.deepStrictEqual(deleted.body, { payload: null })
    const gone = await proxy({ url: `${TR()}/Workers/${sid}`, method: "GET" })
    assert.strictEqual(gone.status, 404)
    assert.strictEqual(field(gone.body, "code"), 20404)
  })

  it("answers statistics in the shape v1 recognises (realtime/cumulative)", async () => {
    const res = await proxy({ url: `${TR()}/Statistics`, method: "GET", params: { Minutes: 240 } })
    assert.strictEqual(res.status, 200)
    const payload = field(res.body, "payload")
    assert.isObject(field(payload, "realtime"))
    assert.isObject(field(payload, "cumulative"))
  })

  it("lets a page on another loopback origin read the answer (CORS)", async () => {
    const res = await proxy({ url: TR(), method: "GET" }, { origin: "http://127.0.0.1:5173" })
    assert.strictEqual(res.headers.get("access-control-allow-origin"), "http://127.0.0.1:5173")
  })
})
