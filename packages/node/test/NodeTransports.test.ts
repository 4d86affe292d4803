// Node's transports against a loopback node:http server, with each request binding (node:http, the default, and
// the global fetch): request and response, headers, bodies, errors, the timeout and abort on interruption.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { Effect, Fiber, type Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FetchHttpTransport, HttpTransport, NodeTransports } from "../src/index.js"

let server: Server
let base = ""
let closedEarly = 0
/** Counts the response's connection if it closes before the response has been sent whole. */
const countEarlyClose = (res: ServerResponse) =>
  res.on("close", () => {
    if (!res.writableEnded) closedEarly++
  })
/** Waits (up to a second) for a connection to close early after `before` of them had. */
const earlyCloseAfter = async (before: number) => {
  for (let i = 0; i < 100 && closedEarly === before; i++) await new Promise((r) => setTimeout(r, 10))
}
const handler = (req: IncomingMessage, res: ServerResponse) => {
  let body = ""
  req.on("data", (c: Buffer) => {
    body += c.toString()
  })
  req.on("end", () => {
    if (req.url === "/stalled-body") {
      countEarlyClose(res)
      res.writeHead(200, { "content-type": "application/json" })
      res.write('{"partial":')
      return // never finishes the body
    }
    if (req.url === "/late") {
      setTimeout(() => res.end("{}"), 50)
      return
    }
    if (req.url === "/slow") {
      countEarlyClose(res)
      return // never answers
    }
    if (req.url === "/cookies") {
      res.writeHead(204, { "set-cookie": ["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"] })
      res.end()
      return
    }
    if (req.url === "/split-utf8") {
      // A byte order mark, then "é" with its two bytes in separate chunks.
      const bytes = Buffer.from('\ufeff{"name":"é"}', "utf8")
      const cut = bytes.indexOf(0xc3) + 1
      res.writeHead(200, { "content-type": "application/json" })
      res.write(bytes.subarray(0, cut))
      setTimeout(() => res.end(bytes.subarray(cut)), 10)
      return
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

const bindings = [
  ["node:http (the default layer)", NodeTransports.httpLike, NodeTransports.layer],
  ["fetch (fetchLayer)", NodeTransports.fetchLike, NodeTransports.fetchLayer],
] as const

describe.each(bindings)("NodeTransports over %s", (_, binding, layer) => {
  type Request = Parameters<HttpTransport["Service"]["send"]>[0]
  const sending = (request: Request) => HttpTransport.use((http) => http.send(request))
  /** Sends over the binding's layer (or `http`, the binding with other options); the response. */
  const send = (request: Request, http: Layer.Layer<HttpTransport> = layer) =>
    Effect.runPromise(sending(request).pipe(Effect.provide(http)))
  /** The same; the error. */
  const failure = (request: Request, http: Layer.Layer<HttpTransport> = layer) =>
    Effect.runPromise(sending(request).pipe(Effect.flip, Effect.provide(http)))

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
    expect(r.url).toBe(`${base}/echo?a=1`)
  })

  it("reads a body whose characters are split between chunks, without its byte order mark", async () => {
    const r = await send({ method: "GET", url: `${base}/split-utf8`, headers: {} })
    expect(JSON.parse(r.body)).toEqual({ name: "é" })
  })

  it("reads an empty answer and passes every set-cookie line on", async () => {
    const r = await send({ method: "DELETE", url: `${base}/cookies`, headers: {} })
    expect(r.status).toBe(204)
    expect(r.body).toBe("")
    expect(r.headers["set-cookie"]?.split("\n")).toEqual([
      "a=1; Path=/",
      "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
    ])
  })

  it("fails a request with no answer as Network after a refused connection", async () => {
    const error = await failure({ method: "GET", url: "http://127.0.0.1:1/", headers: {} })
    expect(error).toMatchObject({ _tag: "TransportError", reason: "Network" })
    expect(error.message).toContain("GET http://127.0.0.1:1/ failed")
  })

  it("fails an unparsable URL as InvalidUrl", async () => {
    const error = await failure({ method: "GET", url: "not a url", headers: {} })
    expect(error).toMatchObject({ _tag: "TransportError", reason: "InvalidUrl" })
  })

  it("speaks TLS to an https: URL (a plain HTTP server cannot answer it)", async () => {
    const error = await failure({ method: "GET", url: base.replace("http:", "https:"), headers: {} })
    expect(error).toMatchObject({ _tag: "TransportError", reason: "Network" })
    expect(error.message).toMatch(/SSL|TLS|EPROTO|wrong version/i)
  })

  it("aborts the request when the effect is interrupted", async () => {
    const before = closedEarly
    const fiber = Effect.runFork(
      sending({ method: "GET", url: `${base}/slow`, headers: {} }).pipe(Effect.provide(layer)),
    )
    await new Promise((r) => setTimeout(r, 50))
    await Effect.runPromise(Fiber.interrupt(fiber))
    await earlyCloseAfter(before)
    expect(closedEarly).toBe(before + 1)
  })

  it("reports an aborted request as Aborted to the one waiting for it, and closes its connection", async () => {
    const before = closedEarly
    const started = FetchHttpTransport.start(binding)(
      { method: "GET", url: `${base}/slow`, headers: {} },
      () => "answered",
      (error) => error.reason,
    )
    await new Promise((r) => setTimeout(r, 50))
    started.abort()
    expect(await started.outcome).toBe("Aborted")
    await earlyCloseAfter(before)
    expect(closedEarly).toBe(before + 1)
  })

  it("sets no time limit for timeoutMs: Infinity (a plain setTimeout would fire at once)", async () => {
    const http = FetchHttpTransport.layer(binding, { timeoutMs: Number.POSITIVE_INFINITY })
    const r = await send({ method: "GET", url: `${base}/late`, headers: {} }, http)
    expect(r.body).toBe("{}")
  })

  it("times out a request with no answer, or an unfinished body, and closes its connection", async () => {
    const http = FetchHttpTransport.layer(binding, { timeoutMs: 100 })
    for (const path of ["/slow", "/stalled-body"]) {
      const before = closedEarly
      const error = await failure({ method: "GET", url: `${base}${path}`, headers: {} }, http)
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
      expect(error.message).toContain("did not complete within 100 ms")
      await earlyCloseAfter(before)
      expect(closedEarly).toBe(before + 1)
    }
  })
})
