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
// The bare server answers the same JSON text the way a plain node:http handler would: a string it writes out.
const body = await sample.text()
const sampleHeaders: Record<string, string> = { "content-type": "application/json; charset=utf-8" }
const etag = sample.headers.get("etag")
if (etag !== null) sampleHeaders.etag = etag

const bare = createServer({ keepAlive: true }, (req, res) => {
  req.resume()
  req.on("end", () => {
    res.writeHead(200, { ...sampleHeaders, "content-length": String(Buffer.byteLength(body)) })
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
// Alternate short rounds so that load from other processes hits both servers alike.
const ROUNDS = 6
const sliceMs = MEASURE_MS / ROUNDS
const emulator = { count: 0, errors: 0, ms: 0 }
const baseline = { count: 0, errors: 0, ms: 0 }
const ratios: Array<number> = []
for (let round = 0; round < ROUNDS; round++) {
  const a = await measure(emulatorTarget, sliceMs)
  const b = await measure(bareTarget, sliceMs)
  emulator.count += a.count
  emulator.errors += a.errors
  emulator.ms += (a.count / a.rate) * 1000
  baseline.count += b.count
  baseline.errors += b.errors
  baseline.ms += (b.count / b.rate) * 1000
  ratios.push(a.rate / b.rate)
}
const emulatorRate = (emulator.count / emulator.ms) * 1000
const baselineRate = (baseline.count / baseline.ms) * 1000
const ratio = emulatorRate / baselineRate
const sortedRatios = [...ratios].sort((x, y) => x - y)
const medianRatio = ((sortedRatios[2] ?? 0) + (sortedRatios[3] ?? 0)) / 2
console.log(
  `REST GET worker, ${CONCURRENCY} keep-alive clients, ${ROUNDS} alternating rounds of ${sliceMs} ms, ${Buffer.byteLength(body)}-byte body`,
)
console.log(
  `  emulator (network door): ${emulatorRate.toFixed(0)} req/s (${emulator.count} ok, ${emulator.errors} errors)`,
)
console.log(
  `  bare node:http:          ${baselineRate.toFixed(0)} req/s (${baseline.count} ok, ${baseline.errors} errors)`,
)
console.log(
  `  ratio emulator/bare:     ${ratio.toFixed(2)} (median of rounds ${medianRatio.toFixed(2)}; target >= 0.50) ${ratio >= 0.5 ? "OK" : "BELOW TARGET"}`,
)

await new Promise<void>((resolve) => bare.close(() => resolve()))
bare.closeAllConnections()
await server.close()
