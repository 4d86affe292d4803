// Node's transports against a loopback node:http server: the fetch transport's request/response, its timeout
// and abort on interruption.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { Effect, Fiber } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FetchHttpTransport, HttpTransport, NodeTransports } from "../src/index.js"

let server: Server
let base = ""
let closedEarly = 0
const handler = (req: IncomingMessage, res: ServerResponse) => {
  let body = ""
  req.on("data", (c: Buffer) => {
    body += c.toString()
  })
  req.on("end", () => {
    if (req.url === "/stalled-body") {
      res.on("close", () => {
        if (!res.writableEnded) closedEarly++
      })
      res.writeHead(200, { "content-type": "application/json" })
      res.write('{"partial":')
      return // never finishes the body
    }
    if (req.url === "/slow") {
      res.on("close", () => {
        if (!res.writableEnded) closedEarly++
      })
      return // never answers
    }
    res.writeHead(200, { "content-type": "application/json", "x-seen": String(req.headers.accept) })
    res.end(JSON.stringify({ method: req.method, url: req.url, body }))
  })
}
beforeAll(async () => {
  server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  base = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const send = (request: Parameters<HttpTransport["Service"]["send"]>[0]) =>
  Effect.runPromise(
    HttpTransport.use((http) => http.send(request)).pipe(Effect.provide(NodeTransports.layer)),
  )

describe("NodeTransports (fetch)", () => {
  it("sends a POST with its headers and body and reads the answer", async () => {
    const r = await send({
      method: "POST",
      url: `${base}/echo?a=1`,
      headers: { Accept: "application/json" },
      body: "x=1",
    })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({ method: "POST", url: "/echo?a=1", body: "x=1" })
    expect(r.headers["x-seen"]).toBe("application/json")
  })

  it("fails a request with no answer as Network after a refused connection", async () => {
    const error = await send({ method: "GET", url: "http://127.0.0.1:1/", headers: {} }).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ _tag: "TransportError", reason: "Network" })
  })

  it("aborts the request when the effect is interrupted", async () => {
    const before = closedEarly
    const fiber = Effect.runFork(
      HttpTransport.use((http) => http.send({ method: "GET", url: `${base}/slow`, headers: {} })).pipe(
        Effect.provide(NodeTransports.layer),
      ),
    )
    await new Promise((r) => setTimeout(r, 50))
    await Effect.runPromise(Fiber.interrupt(fiber))
    for (let i = 0; i < 100 && closedEarly === before; i++) await new Promise((r) => setTimeout(r, 10))
    expect(closedEarly).toBe(before + 1)
  })

  it("times out a request with no answer, or an unfinished body, and closes its connection", async () => {
    const http = FetchHttpTransport.layer(NodeTransports.fetchLike, { timeoutMs: 100 })
    for (const path of ["/slow", "/stalled-body"]) {
      const before = closedEarly
      const error = await Effect.runPromise(
        HttpTransport.use((h) => h.send({ method: "GET", url: `${base}${path}`, headers: {} })).pipe(
          Effect.flip,
          Effect.provide(http),
        ),
      )
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
      expect(error.message).toContain("did not complete within 100 ms")
      for (let i = 0; i < 100 && closedEarly === before; i++) await new Promise((r) => setTimeout(r, 10))
      expect(closedEarly).toBe(before + 1)
    }
  })
})
