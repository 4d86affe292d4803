/**
 * Event fan-out: 100 websocket clients on the workspace channel of the network door receive 10,000 events
 * (worker attribute updates made straight on the store, each stamped with its send time), in bursts of 10
 * events (the next burst once every socket has the previous one). Prints the delivery latency percentiles over
 * every (event, socket) pair and the frame rate, measured in one run on loopback.
 */
import { Effect } from "effect"
import WebSocket from "ws"
import { startFakeServer } from "@taskroute/testing"

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 100)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000)
const BURST = Number(process.env.BENCH_BURST ?? 10)
const TIME_LIMIT_MS = 120_000

const server = await startFakeServer({ seed: "demo", random: 5, heartbeatMs: 60_000 })
const token = await server.mintToken({ ttl: 3600 })
const channelUrl = `${server.url.replace("http", "ws")}/v1/wschannels/${server.accountSid}/${server.workspaceSid}?token=${token}&closeExistingSessions=false`

const latencies = new Float64Array(SOCKETS * EVENTS)
let received = 0
let malformed = 0
let waiting: { readonly count: number; readonly resolve: () => void } | undefined
/** Resolves once `count` frames have arrived (or the time limit is reached). */
const receivedAtLeast = (count: number): Promise<void> =>
  received >= count
    ? Promise.resolve()
    : new Promise((resolve) => {
        waiting = { count, resolve }
      })
let timedOut = false

const sockets = await Promise.all(
  Array.from(
    { length: SOCKETS },
    () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(channelUrl)
        ws.on("message", (data) => {
          const now = performance.now()
          const text = data.toString()
          if (text.trim() === "") return
          try {
            const frame: unknown = JSON.parse(text)
            if (Reflect.get(Object(frame), "event_type") !== "worker.attributes.update") return
            const attributes = String(
              Reflect.get(Object(Reflect.get(Object(frame), "payload")), "attributes"),
            )
            const sentAt = Number(Reflect.get(Object(JSON.parse(attributes)), "sentAt"))
            latencies[received++] = now - sentAt
            if (waiting !== undefined && received >= waiting.count) {
              const { resolve } = waiting
              waiting = undefined
              resolve()
            }
          } catch {
            malformed++
          }
        })
        ws.on("open", () => resolve(ws))
        ws.on("error", reject)
      }),
  ),
)

const auth = `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString("base64")}`
const workers = await fetch(`${server.url}/v1/Workspaces/${server.workspaceSid}/Workers?PageSize=1`, {
  headers: { authorization: auth },
})
const first: unknown = Reflect.get(Object(await workers.json()), "workers")
const workerSid = Array.isArray(first) ? String(Reflect.get(Object(first[0]), "sid")) : ""

const started = performance.now()
const timer = setTimeout(() => {
  timedOut = true
  waiting?.resolve()
}, TIME_LIMIT_MS)
for (let i = 0; i < EVENTS && !timedOut; i++) {
  await Effect.runPromise(
    server.emulator.handle({
      method: "POST",
      path: `/v1/Workspaces/${server.workspaceSid}/Workers/${workerSid}`,
      query: [],
      form: [["Attributes", JSON.stringify({ sentAt: performance.now(), i })]],
      headers: {},
      accountSid: server.accountSid,
      baseUrl: server.url,
    }),
  )
  if ((i + 1) % BURST === 0 || i + 1 === EVENTS) await receivedAtLeast((i + 1) * SOCKETS)
}
clearTimeout(timer)
const elapsed = performance.now() - started

const sorted = latencies.slice(0, received).sort()
const pct = (p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
console.log(
  `Event fan-out: ${SOCKETS} sockets x ${EVENTS} events on loopback, bursts of ${BURST}${timedOut ? " (time limit reached)" : ""}`,
)
console.log(
  `  delivered ${received} of ${SOCKETS * EVENTS} frames in ${(elapsed / 1000).toFixed(2)} s (${((received / elapsed) * 1000).toFixed(0)} frames/s), ${malformed} unparsable`,
)
console.log(
  `  delivery latency p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${pct(100).toFixed(2)} ms`,
)

for (const ws of sockets) ws.terminate()
await server.close()
