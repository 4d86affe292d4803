// The websocket of the network door, driven by the `ws` client over loopback.
import { afterEach, assert, describe, it } from "vitest"
import WebSocket from "ws"
import { type FakeServer, startFakeServer } from "../../src/FakeServer.js"

const servers: Array<FakeServer> = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const start = async (heartbeatMs = 30_000) => {
  const server = await startFakeServer({ seed: "empty", heartbeatMs, random: 1 })
  servers.push(server)
  return server
}

const socketUrl = (server: FakeServer, token: string, channel = server.workspaceSid) =>
  `${server.url.replace("http", "ws")}/v1/wschannels/${server.accountSid}/${channel}?token=${token}&closeExistingSessions=false`

interface Client {
  readonly ws: WebSocket
  readonly frames: Array<string>
  readonly closed: Promise<{ code: number; reason: string }>
  readonly next: (count: number) => Promise<Array<string>>
}

const connect = (url: string): Promise<Client> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const frames: Array<string> = []
    const waiters: Array<{ count: number; resolve: (frames: Array<string>) => void }> = []
    const closed = new Promise<{ code: number; reason: string }>((res) =>
      ws.on("close", (code, reason) => res({ code, reason: reason.toString() })),
    )
    ws.on("message", (data) => {
      frames.push(data.toString())
      for (const w of waiters.splice(0)) {
        if (frames.length >= w.count) w.resolve(frames.slice(0, w.count))
        else waiters.push(w)
      }
    })
    ws.on("open", () =>
      resolve({
        ws,
        frames,
        closed,
        next: (count) =>
          frames.length >= count
            ? Promise.resolve(frames.slice(0, count))
            : new Promise((res) => waiters.push({ count, resolve: res })),
      }),
    )
    ws.on("unexpected-response", (_req, res) => {
      let body = ""
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString()
      })
      res.on("end", () =>
        reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode, body })),
      )
    })
    ws.on("error", (error) => reject(error))
  })

const refusal = async (url: string): Promise<{ status: number | undefined; body: unknown }> => {
  try {
    await connect(url)
  } catch (error) {
    const status: unknown = Reflect.get(Object(error), "status")
    const body: unknown = Reflect.get(Object(error), "body")
    return {
      status: typeof status === "number" ? status : undefined,
      body: typeof body === "string" ? JSON.parse(body) : undefined,
    }
  }
  throw new Error("the upgrade was accepted")
}

describe("network door: event-bridge websocket", () => {
  it("sends blank heartbeat frames every heartbeatMs", async () => {
    const server = await start(25)
    const client = await connect(socketUrl(server, await server.mintToken()))
    assert.deepStrictEqual(await client.next(3), ["", "", ""])
    client.ws.close()
  })

  it("forwards {event_type, payload} frames for every change of the workspace, in order", async () => {
    const server = await start()
    const client = await connect(socketUrl(server, await server.mintToken()))
    const auth = `Basic ${btoa(`${server.accountSid}:${server.authToken}`)}`
    for (const name of ["Lunch", "Training"]) {
      const res = await fetch(`${server.url}/v1/Workspaces/${server.workspaceSid}/Activities`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
        body: `FriendlyName=${name}&Available=false`,
      })
      assert.strictEqual(res.status, 201)
    }
    const frames = (await client.next(2)).map((f) => JSON.parse(f))
    assert.deepStrictEqual(
      frames.map((f) => [
        Reflect.get(f, "event_type"),
        Reflect.get(Object(Reflect.get(f, "payload")), "friendly_name"),
      ]),
      [
        ["activity.created", "Lunch"],
        ["activity.created", "Training"],
      ],
    )
    client.ws.close()
  })

  it("refuses the upgrade with 401 and a Twilio error body for a bad or expired token", async () => {
    const server = await start()
    const good = await server.mintToken()
    const forged = `${good.slice(0, -4)}AAAA`
    const bad = await refusal(socketUrl(server, forged))
    assert.strictEqual(bad.status, 401)
    assert.strictEqual(Reflect.get(Object(bad.body), "code"), 20107)
    const expired = await server.mintToken({ ttl: 60, now: new Date(Date.now() - 120_000) })
    const old = await refusal(socketUrl(server, expired))
    assert.strictEqual(old.status, 401)
    assert.strictEqual(Reflect.get(Object(old.body), "code"), 20104)
    const missing = await refusal(
      `${server.url.replace("http", "ws")}/v1/wschannels/${server.accountSid}/${server.workspaceSid}`,
    )
    assert.strictEqual(missing.status, 401)
    const elsewhere = await refusal(`${server.url.replace("http", "ws")}/v1/other?token=${good}`)
    assert.strictEqual(elsewhere.status, 404)
    assert.strictEqual(server.sockets(), 0)
  })

  it("refuses with 403 a token whose policies do not cover the channel", async () => {
    const server = await start()
    const token = await server.mintToken({ policies: [] })
    const res = await refusal(socketUrl(server, token))
    assert.strictEqual(res.status, 403)
    assert.strictEqual(Reflect.get(Object(res.body), "code"), 20403)
  })

  it("dropConnections drops sockets abruptly (1006); the malformed-frame fault reaches every socket", async () => {
    const server = await start()
    const token = await server.mintToken()
    const a = await connect(socketUrl(server, token))
    const b = await connect(socketUrl(server, token))
    assert.strictEqual(server.sockets(), 2)
    assert.strictEqual(server.faults.malformedFrame("{nope"), 2)
    assert.deepStrictEqual(await a.next(1), ["{nope"])
    assert.deepStrictEqual(await b.next(1), ["{nope"])
    assert.strictEqual(server.dropConnections(), 2)
    assert.strictEqual((await a.closed).code, 1006)
    assert.strictEqual((await b.closed).code, 1006)
    assert.strictEqual(server.sockets(), 0)
  })

  it("a worker socket opened with disconnectActivitySid moves the worker there when it drops", async () => {
    const server = await start()
    const auth = `Basic ${btoa(`${server.accountSid}:${server.authToken}`)}`
    const rest = async (method: string, path: string, body?: string) => {
      const res = await fetch(`${server.url}/v1/Workspaces/${server.workspaceSid}${path}`, {
        method,
        headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
        ...(body === undefined ? {} : { body }),
      })
      return Object(await res.json())
    }
    const activities = Reflect.get(await rest("GET", "/Activities"), "activities")
    const sidOf = (name: string): string => {
      const found = Array.isArray(activities)
        ? activities.find((a) => Reflect.get(Object(a), "friendly_name") === name)
        : undefined
      return String(Reflect.get(Object(found), "sid"))
    }
    const worker = String(
      Reflect.get(
        await rest("POST", "/Workers", `FriendlyName=Alice&ActivitySid=${sidOf("Available")}`),
        "sid",
      ),
    )
    const token = await server.mintToken({ channel: worker })
    const client = await connect(
      `${socketUrl(server, token, worker)}&disconnectActivitySid=${sidOf("Offline")}`,
    )
    client.ws.terminate()
    await client.closed
    let activity = ""
    for (let i = 0; i < 50 && activity !== "Offline"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      activity = String(Reflect.get(await rest("GET", `/Workers/${worker}`), "activity_name"))
    }
    assert.strictEqual(activity, "Offline")
  })

  it("close() says goodbye to open sockets with 1001", async () => {
    const server = await startFakeServer({ seed: "empty" })
    const client = await connect(socketUrl(server, await server.mintToken()))
    await server.close()
    const closed = await client.closed
    assert.deepStrictEqual(closed, { code: 1001, reason: "Server shutting down" })
    await server.close()
  })
})
