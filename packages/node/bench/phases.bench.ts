/**
 * Where a request's time goes on the fetch binding (`NodeTransports.fetchLike`, which `NodeTransports.fetchLayer`
 * uses; undici's diagnostics channels see only `fetch`): one `GET` worker as a raw `fetch`, as a raw `fetch` with an
 * abort controller and timeout timer, and then through the layers of the direct-REST path one by one: the REST
 * dialect's `start` (Basic
 * auth, the JSON body parsed), the `WorkspaceClient`'s `start` (parameters validated, the request built, the result
 * shaped as v1 does) and the `Workspace` facade (arguments, an instance with methods). Each is cut into phases by
 * timestamps taken on the main thread: before `fetch` is called, undici's own steps (from undici's diagnostics
 * channels: request created for its dispatcher, headers written to the socket, response headers parsed), the body,
 * and the work after it.
 * The emulator runs in a child process; the sides run interleaved in blocks (bench/support.ts explains why).
 *
 * `client.bench.ts` says how much slower the facade is; this bench says in which phase. Medians of phases do not
 * add up to the median total. 10,000 raw requests settle the process first (bench/support.ts `settle`); BENCH_WARMUP
 * sets the warm-up requests per side (default 500).
 *
 * Run from packages/node:
 *   node --experimental-transform-types --no-warnings --conditions=@taskroute/source \
 *     --import ../../scripts/ts-hooks.mjs bench/phases.bench.ts
 */
import diagnostics_channel from "node:diagnostics_channel"
import {
  Dialect,
  FetchHttpTransport,
  WebSocketTransport,
  Workspace,
  WorkspaceClient,
  WorkspaceLayer,
} from "@taskroute/core"
import { Context, Effect, Layer, ManagedRuntime } from "effect"
import { fetchLike } from "../src/NodeTransports.js"
import { benchWorkspace, median, rawGet, rawGetWithTimeout, settle, startEmulator } from "./support.js"

/** The moments of the one request in flight (ms, `performance.now()`). */
const at = { call: 0, fetch: 0, dispatch: 0, written: 0, headers: 0, response: 0, body: 0, done: 0 }
diagnostics_channel.subscribe("undici:request:create", () => {
  at.dispatch = performance.now()
})
diagnostics_channel.subscribe("undici:client:sendHeaders", () => {
  at.written = performance.now()
})
diagnostics_channel.subscribe("undici:request:headers", () => {
  at.headers = performance.now()
})

/** A response that notes when its body has been read (a class: see `ReadResponse` in the core's transport). */
class TimedResponse implements FetchHttpTransport.FetchResponseLike {
  readonly status: number
  readonly #response: FetchHttpTransport.FetchResponseLike
  constructor(response: FetchHttpTransport.FetchResponseLike) {
    this.status = response.status
    this.#response = response
  }
  get url() {
    return this.#response.url
  }
  get redirected() {
    return this.#response.redirected
  }
  get headers() {
    return this.#response.headers
  }
  text(): Promise<string> {
    return this.#response.text().then((body) => {
      at.body = performance.now()
      return body
    })
  }
}

/** This package's fetch binding, noting when it is called and when the response and its body arrive. */
const timedFetch: FetchHttpTransport.FetchLike = (input, init) => {
  at.fetch = performance.now()
  const call = fetchLike(input, init)
  const response = call.response.then((r) => {
    at.response = performance.now()
    return new TimedResponse(r)
  })
  return { response, abort: call.abort, done: call.done }
}

const server = await startEmulator()
const facade = new (benchWorkspace(
  { Workspace, FetchHttpTransport, WebSocketTransport, WorkspaceLayer },
  timedFetch,
))(server.restOptions)
const workerSid = String((await facade.workers.fetch({ PageSize: 1 })).data[0]?.sid)
// The layers under the facade, on the same timed fetch: the dialect and the client the facade sends through.
const layers = ManagedRuntime.make(
  WorkspaceLayer.layerRest(server.restOptions).pipe(Layer.provideMerge(FetchHttpTransport.layer(timedFetch))),
)
const context = await layers.context()
const dialectStart = Context.get(context, Dialect).start
const clientStart = Context.get(context, WorkspaceClient).start
if (dialectStart === undefined || clientStart === undefined)
  throw new Error("the fetch transport has no start")
const workerUrl = `${server.workspaceUrl}/Workers/${workerSid}`
const { restHeaders } = server

/** Each side does the whole job (the body read and JSON-parsed) and notes the same moments. */
const sides: Record<string, () => Promise<unknown>> = {
  "raw fetch": async () => {
    at.fetch = performance.now()
    const res = await fetch(workerUrl, { headers: restHeaders })
    at.response = performance.now()
    const text = await res.text()
    at.body = performance.now()
    return JSON.parse(text)
  },
  "raw + timeout": rawGetWithTimeout(server, workerUrl, timedFetch),
  dialect: () =>
    dialectStart({ method: "GET", url: workerUrl }, (answer) => {
      if (Effect.isEffect(answer)) throw new Error("the request failed")
      return answer.payload
    }).outcome,
  client: () =>
    clientStart("FetchWorker", { Sid: workerSid }, (result) => {
      if (Effect.isEffect(result)) throw new Error("the request failed")
      return result
    }).outcome,
  facade: () => facade.workers.fetch(workerSid),
}

// Sanity: every side fetches the same worker.
for (const [name, side] of Object.entries(sides)) {
  const result: unknown = await side()
  const sid = typeof result === "object" && result !== null ? Reflect.get(result, "sid") : undefined
  if (sid !== workerSid) throw new Error(`${name} fetched ${String(sid)}, not ${workerSid}`)
}

const PHASES: ReadonlyArray<readonly [string, keyof typeof at, keyof typeof at]> = [
  ["before fetch is called", "call", "fetch"],
  ["fetch → dispatched", "fetch", "dispatch"],
  ["dispatched → written", "dispatch", "written"],
  ["written → response headers", "written", "headers"],
  ["headers → Response", "headers", "response"],
  ["body", "response", "body"],
  ["after the body", "body", "done"],
  ["total", "call", "done"],
]
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500)
const REQUESTS = 4000
const BLOCK = 20
const names = Object.keys(sides)
const samples = new Map(names.map((name) => [name, PHASES.map((): Array<number> => [])]))
await settle(rawGet(server, workerUrl))
for (const name of names) for (let i = 0; i < WARMUP; i++) await sides[name]?.()
for (let round = 0; round < REQUESTS / BLOCK; round++) {
  // Each round runs a block of every side, starting with a different side each time.
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length] ?? ""
    const side = sides[name]
    const phases = samples.get(name)
    if (side === undefined || phases === undefined) continue
    for (let i = 0; i < BLOCK; i++) {
      at.call = performance.now()
      await side()
      at.done = performance.now()
      PHASES.forEach(([, from, to], p) => {
        phases[p]?.push((at[to] - at[from]) * 1000)
      })
    }
  }
}
await layers.dispose()
await facade.close()
await server.stop()

const medians = new Map(names.map((name) => [name, (samples.get(name) ?? []).map(median)]))
console.log(
  `where the time of one GET worker goes (median µs), loopback, emulator in a child process; per side ${REQUESTS} ` +
    `requests in interleaved blocks of ${BLOCK} after 10000 raw requests to settle and ${WARMUP} of warm-up`,
)
const cell = (s: string) => s.padStart(14)
console.log(`  ${"phase".padEnd(28)}${names.map(cell).join("")}${cell("facade − raw")}`)
PHASES.forEach(([label], p) => {
  const row = names.map((name) => medians.get(name)?.[p] ?? Number.NaN)
  const raw = row[0] ?? Number.NaN
  const own = row[names.indexOf("facade")] ?? Number.NaN
  const diff = own - raw
  console.log(
    `  ${label.padEnd(28)}${row.map((v) => cell(v.toFixed(1))).join("")}${cell(`${diff >= 0 ? "+" : ""}${diff.toFixed(1)}`)}`,
  )
})
