/**
 * REST throughput: `GET /v1/Workspaces/{WS}/Workers/{WK}` on the emulator's network door with 32 concurrent
 * keep-alive clients, against a bare node:http server that answers the same JSON bytes, in one run, on loopback.
 * Prints both rates and the ratio (target: emulator >= 0.5 x bare).
 *
 *   pnpm bench   (from packages/testing; runs every bench script)
 */
import { Agent, createServer, request } from "node:http"
import { startFakeServer } from "@taskroute/testing"

const CONCURRENCY = 32
const WARMUP_MS = 500
const MEASURE_MS = Number(process.env.BENCH_MS ?? 3000)
const MAX_REQUESTS = 2_000_000

interface Target {
  readonly host: string
  readonly port: number
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
}

const get = (agent: Agent, target: Target): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request(
      { agent, host: target.host, port: target.port, path: target.path, headers: target.headers },
      (res) => {
        res.on("data", () => {})
        res.on("end", () => resolve(res.statusCode ?? 0))
        res.on("error", reject)
      },
    )
    req.on("error", reject)
    req.end()
  })

/** Requests per second with CONCURRENCY keep-alive connections, over `ms`. */
const measure = async (
  target: Target,
  ms: number,
): Promise<{ rate: number; count: number; errors: number }> => {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  let count = 0
  let errors = 0
  const started = performance.now()
  const deadline = started + ms
  const worker = async () => {
    while (performance.now() < deadline && count < MAX_REQUESTS) {
      const status = await get(agent, target)
      if (status === 200) count++
      else errors++
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const elapsed = performance.now() - started
  agent.destroy()
  return { rate: (count / elapsed) * 1000, count, errors }
}

const server = await startFakeServer({ seed: "demo", random: 1 })
const auth = {
  authorization: `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString("base64")}`,
}
const list = await fetch(`${server.url}/v1/Workspaces/${server.workspaceSid}/Workers?PageSize=1`, {
  headers: auth,
})
const firstWorker: unknown = Reflect.get(Object(await list.json()), "workers")
const workerSid = Array.isArray(firstWorker) ? String(Reflect.get(Object(firstWorker[0]), "sid")) : ""
if (!workerSid.startsWith("WK")) throw new Error("the demo seed has no worker")
const path = `/v1/Workspaces/${server.workspaceSid}/Workers/${workerSid}`
const sample = await fetch(`${server.url}${path}`, { headers: auth })
const body = Buffer.from(await sample.arrayBuffer())
const sampleHeaders: Record<string, string> = { "content-type": "application/json; charset=utf-8" }
const etag = sample.headers.get("etag")
if (etag !== null) sampleHeaders.etag = etag

const bare = createServer({ keepAlive: true }, (req, res) => {
  req.resume()
  req.on("end", () => {
    res.writeHead(200, { ...sampleHeaders, "content-length": String(body.length) })
    res.end(body)
  })
})
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve))
const bareAddress = bare.address()
const barePort = typeof bareAddress === "object" && bareAddress !== null ? bareAddress.port : 0
const emulatorPort = Number(new URL(server.url).port)

const emulatorTarget: Target = { host: "127.0.0.1", port: emulatorPort, path, headers: auth }
const bareTarget: Target = { host: "127.0.0.1", port: barePort, path, headers: auth }

await measure(emulatorTarget, WARMUP_MS)
await measure(bareTarget, WARMUP_MS)
const emulator = await measure(emulatorTarget, MEASURE_MS)
const baseline = await measure(bareTarget, MEASURE_MS)

const ratio = emulator.rate / baseline.rate
console.log(
  `REST GET worker, ${CONCURRENCY} keep-alive clients, ${MEASURE_MS} ms each, ${body.length}-byte body`,
)
console.log(
  `  emulator (network door): ${emulator.rate.toFixed(0)} req/s (${emulator.count} ok, ${emulator.errors} errors)`,
)
console.log(
  `  bare node:http:          ${baseline.rate.toFixed(0)} req/s (${baseline.count} ok, ${baseline.errors} errors)`,
)
console.log(
  `  ratio emulator/bare:     ${ratio.toFixed(2)} (target >= 0.50) ${ratio >= 0.5 ? "OK" : "BELOW TARGET"}`,
)

await new Promise<void>((resolve) => bare.close(() => resolve()))
bare.closeAllConnections()
await server.close()
