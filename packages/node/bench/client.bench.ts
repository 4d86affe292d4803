/**
 * Client bench, one run against the emulator's network door on loopback (fresh demo seed, in a child process so
 * that its work does not count as the client's; each client's main-thread CPU time per request is printed too):
 *  1. one fetch through the `Workspace` facade vs a raw `fetch` of the same URL with the same headers, body read and
 *     JSON-parsed (target: under 15 % overhead), and vs twilio@6.2.0 doing the same operation; direct REST
 *     (`GET /Workers/{Sid}`) and through the event-bridge proxy (the v1 envelope, vs a raw POST of the same
 *     envelope). The facade sends through `node:http` (this package's default); so that its own overhead shows
 *     too, it is also compared with a raw `node:http` GET, and the facade on the fetch binding
 *     (`NodeTransports.fetchLayer`) with the raw `fetch`; for scale, a raw fetch with an abort controller and
 *     timeout timer (what any client with a timeout pays). Each pair is measured in interleaved blocks
 *     (BENCH_BLOCK requests, default 20); median, p90, mean and the main-thread CPU time per request of each side
 *     (bench/support.ts has the comparison);
 *  2. listing 10,000 workers with `workers.each` vs twilio-node's `workers.each` (page size 1000);
 *  3. bundle sizes (runs packages/browser/bench/size.bench.ts).
 *
 * First 10,000 raw requests let this process settle (BENCH_SETTLE; bench/support.ts `settle` says why), then
 * BENCH_WARMUP sets the warm-up requests per side (default 500). To see what a change to the request path is worth,
 * compare the facade of two revisions in one run: bench/facade-ab.bench.ts.
 *
 * Run from packages/node (no build needed; Node 24 strips the types), `pnpm bench` there:
 *   node --experimental-transform-types --no-warnings --conditions=@taskroute/source \
 *     --import ../../scripts/ts-hooks.mjs bench/client.bench.ts [--single-fetch-only]
 */
import { execFileSync } from "node:child_process"
import { join } from "node:path"
import {
  CapabilityToken,
  Workspace as CoreWorkspace,
  FetchHttpTransport,
  Policy,
  WebSocketTransport,
  WorkspaceLayer,
} from "@taskroute/core"
import twilio from "twilio"
import type RequestClient from "twilio/lib/base/RequestClient.js"
import type TwilioResponse from "twilio/lib/http/response.js"
import { NodeTransports, Workspace } from "../src/index.js"
import {
  benchWorkspace,
  compare,
  compareHeader,
  type Op,
  rawGet,
  rawGetWithTimeout,
  rawHttpGet,
  type Stats,
  settle,
  startEmulator,
} from "./support.js"

const server = await startEmulator()

/** twilio's own RequestClient pointed at the emulator. */
class EmulatorClient extends twilio.RequestClient {
  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse.default<TData>> {
    return super.request<TData>({
      ...opts,
      uri: opts.uri.replace(/^https:\/\/taskrouter\.twilio\.com/, server.url),
    })
  }
}
const client = twilio(server.accountSid, server.authToken, { httpClient: new EmulatorClient() })
const twilioWorkspace = client.taskrouter.v1.workspaces(server.workspaceSid)

const rest = new Workspace(server.restOptions)
const restOnFetch = new Workspace({ ...server.restOptions, transports: NodeTransports.fetchLayer })
const token = await CapabilityToken.mint(
  {
    accountSid: server.accountSid,
    workspaceSid: server.workspaceSid,
    policies: [
      ...Policy.eventBridge(server.accountSid, server.workspaceSid),
      ...Policy.workspaceFetch(server.workspaceSid),
      ...Policy.allowFetchSubresources(server.workspaceSid),
    ],
  },
  server.authToken,
)
const proxied = new Workspace(token, {
  debug: false,
  apiBaseUrl: server.url,
  eventBridgeBaseUrl: server.url,
})
const workerSid = String((await rest.workers.fetch({ PageSize: 1 })).data[0]?.sid)
const { workspaceUrl } = server
const workerUrl = `${workspaceUrl}/Workers/${workerSid}`
const channelUrl = `${server.url}/v1/wschannels/${server.accountSid}/${server.workspaceSid}`
// The envelope the facade posts (its REST URL is on `apiBaseUrl`, here the emulator).
const envelope = JSON.stringify({ url: workerUrl, method: "GET", token })

/** Every side does the whole job: same URL, same headers, the body read and JSON-parsed; one keep-alive pool. */
const ops: Record<string, Op> = {
  "raw fetch, REST": rawGet(server, workerUrl),
  "facade, direct REST": () => rest.workers.fetch(workerSid),
  "raw node:http, REST": rawHttpGet(server, workerUrl),
  "facade on fetch, REST": () => restOnFetch.workers.fetch(workerSid),
  // What any client with a timeout pays: the same raw fetch with an abort controller and a timer (for scale).
  "raw fetch + timeout": rawGetWithTimeout(server, workerUrl),
  "twilio@6.2.0, REST": () => twilioWorkspace.workers(workerSid).fetch(),
  "raw fetch, proxy envelope": async () => {
    const res = await fetch(channelUrl, { method: "POST", body: envelope })
    return res.json()
  },
  "facade, event-bridge proxy": () => proxied.workers.fetch(workerSid),
}

// Sanity: every side fetches the same worker.
for (const [name, op] of Object.entries(ops)) {
  const result: unknown = await op()
  const sid =
    typeof result === "object" && result !== null
      ? (Reflect.get(result, "sid") ?? Reflect.get(Reflect.get(result, "payload") ?? {}, "sid"))
      : undefined
  if (sid !== workerSid) throw new Error(`${name} fetched ${String(sid)}, not ${workerSid}`)
}

const WARMUP = Number(process.env.BENCH_WARMUP ?? 500)
const REQUESTS = 4000
const BLOCK = Number(process.env.BENCH_BLOCK ?? 20)
const run = (a: string, b: string): Promise<readonly [Stats, Stats]> => {
  const side = (name: string): readonly [string, Op] => {
    const op = ops[name]
    if (op === undefined) throw new Error(`no side ${name}`)
    return [name, op]
  }
  return compare(side(a), side(b), { warmup: WARMUP, requests: REQUESTS, block: BLOCK })
}
const SETTLE = Number(process.env.BENCH_SETTLE ?? 10_000)
await settle(rawGet(server, workerUrl), SETTLE)
console.log(
  `single fetch (GET worker), loopback, emulator in a child process; ${SETTLE} raw requests to settle, then per ` +
    `side ${REQUESTS} requests in interleaved blocks of ${BLOCK} after ${WARMUP} of warm-up`,
)
compareHeader()
const [rawRest, facadeRest] = await run("raw fetch, REST", "facade, direct REST")
await run("raw node:http, REST", "facade, direct REST")
await run("raw fetch, REST", "facade on fetch, REST")
await run("raw fetch, REST", "raw fetch + timeout")
await run("raw fetch, REST", "twilio@6.2.0, REST")
await run("raw fetch, proxy envelope", "facade, event-bridge proxy")
const overhead = (facadeRest.median / rawRest.median - 1) * 100
console.log(
  `  facade REST overhead over raw fetch (median): ${overhead.toFixed(1)} % (target < 15 %: ${overhead < 15 ? "met" : "NOT met"})`,
)

await restOnFetch.close()
if (process.argv.includes("--single-fetch-only")) {
  await rest.close()
  await proxied.close()
  await server.stop()
  process.exit(0)
}

// 1b. The client's own cost per request, without the network: `fetch` answered from memory (one macrotask, the
// body of a real worker), raw (`fetch` + JSON.parse) vs the facade over the same fetch.
const cannedBody = JSON.stringify(await rawGet(server, workerUrl)())
const memoryResponse = () =>
  new Promise<FetchHttpTransport.FetchResponseLike>((resolve) =>
    setImmediate(() =>
      resolve({
        status: 200,
        url: "",
        redirected: false,
        headers: {
          forEach: (f: (value: string, key: string) => void) => f("application/json", "content-type"),
        },
        text: async () => cannedBody,
      }),
    ),
  )
const memoryFetch: FetchHttpTransport.FetchLike = () => ({ response: memoryResponse(), abort: () => {} })
const memory = new (benchWorkspace(
  { Workspace: CoreWorkspace, FetchHttpTransport, WebSocketTransport, WorkspaceLayer },
  memoryFetch,
))(server.restOptions)
const memoryOps: Record<string, Op> = {
  "raw (fetch + JSON.parse)": async () => {
    const response = await memoryResponse()
    return JSON.parse(await response.text())
  },
  "facade, direct REST": () => memory.workers.fetch(workerSid),
}
const memoryTotals: Record<string, number> = {}
for (const [name, op] of Object.entries(memoryOps)) {
  for (let i = 0; i < 2000; i++) await op()
  memoryTotals[name] = 0
}
for (let round = 0; round < 6; round++) {
  for (const [name, op] of Object.entries(memoryOps)) {
    const start = performance.now()
    for (let i = 0; i < 2000; i++) await op()
    memoryTotals[name] = (memoryTotals[name] ?? 0) + performance.now() - start
  }
}
const memoryPerOp = (name: string) => ((memoryTotals[name] ?? 0) / 12_000) * 1000
console.log("the client's own cost per request (fetch answered from memory, 12000 requests each)")
for (const name of Object.keys(memoryOps))
  console.log(`  ${name.padEnd(28)} ${memoryPerOp(name).toFixed(1).padStart(6)} µs/op`)
console.log(
  `  facade adds ${(memoryPerOp("facade, direct REST") - memoryPerOp("raw (fetch + JSON.parse)")).toFixed(1)} µs per request ` +
    `(validation, URL, headers, decoding, v1 shaping, instance; this fetch has no abort controller or timer)`,
)
await memory.close()

// 2. Listing 10,000 workers.
const TOTAL = 10_000
const existing = (await rest.workers.fetch({ PageSize: 1000 })).data.length
let next = existing
const create = async () => {
  while (next < TOTAL) {
    const n = next++
    const res = await fetch(`${workspaceUrl}/Workers`, {
      method: "POST",
      headers: { authorization: server.basic, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ FriendlyName: `bench-${n}` }).toString(),
    })
    if (!res.ok) throw new Error(`creating worker ${n}: HTTP ${res.status}`)
    await res.arrayBuffer()
  }
}
await Promise.all(Array.from({ length: 16 }, create))

const listFacade = async () => {
  let count = 0
  for await (const _ of rest.workers.each({ pageSize: 1000 })) count++
  return count
}
const listTwilio = () =>
  new Promise<number>((resolve, reject) => {
    let count = 0
    twilioWorkspace.workers.each({
      pageSize: 1000,
      callback: () => {
        count++
      },
      done: (error: Error | null) => (error ? reject(error) : resolve(count)),
    })
  })
/**
 * Best of 5 per side, the sides alternating round by round (which side goes first alternates too): the emulator's
 * own GC and the machine's other load vary by tens of ms between rounds, which one-sided runs would charge to one
 * side only.
 */
const bestInterleaved = async (a: () => Promise<number>, b: () => Promise<number>) => {
  const sides = [a, b].map((f) => ({ f, ms: Number.POSITIVE_INFINITY, count: 0 }))
  for (let round = 0; round < 5; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const start = performance.now()
      side.count = await side.f()
      side.ms = Math.min(side.ms, performance.now() - start)
    }
  }
  return sides
}
const [facadeList, twilioList] = await bestInterleaved(listFacade, listTwilio)
if (facadeList === undefined || twilioList === undefined) throw new Error("two sides")
console.log(`listing ${TOTAL} workers, page size 1000 (best of 5, interleaved)`)
console.log(
  `  facade workers.each        ${facadeList.ms.toFixed(0).padStart(6)} ms (${facadeList.count} workers)`,
)
console.log(
  `  twilio@6.2.0 workers.each  ${twilioList.ms.toFixed(0).padStart(6)} ms (${twilioList.count} workers)`,
)
console.log(`  facade vs twilio: ${(facadeList.ms / twilioList.ms).toFixed(2)}x the time`)

await rest.close()
await proxied.close()
await server.stop()

// 3. Bundle sizes.
const browser = join(import.meta.dirname, "..", "..", "browser")
console.log(
  execFileSync(process.execPath, ["--import", "../../scripts/ts-hooks.mjs", "bench/size.bench.ts"], {
    cwd: browser,
    encoding: "utf8",
  }).trimEnd(),
)
