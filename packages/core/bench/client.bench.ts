/**
 * Client bench, one run against the emulator's network door on loopback (fresh demo seed, in a child process so
 * that its work does not count as the client's; each client's own CPU time per request is printed too):
 *  1. one fetch through the `Workspace` facade vs a raw `fetch` of the same URL (target: under 15 % overhead), and
 *     vs twilio@6.2.0 doing the same operation; direct REST (`GET /Workers/{Sid}`) and through the event-bridge
 *     proxy (the v1 envelope, vs a raw POST of the same envelope);
 *  2. listing 10,000 workers with `workers.each` vs twilio-node's `workers.each` (page size 1000);
 *  3. bundle sizes (runs packages/browser/bench/size.bench.ts).
 *
 * Run from packages/core (no build needed; Node 24 strips the types):
 *   node --conditions=@taskroute/source --import ./bench/ql.hooks.mjs bench/client.bench.ts
 */
import { execFileSync, spawn } from "node:child_process"
import { once } from "node:events"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { Layer } from "effect"
import twilio from "twilio"
import type RequestClient from "twilio/lib/base/RequestClient.js"
import type TwilioResponse from "twilio/lib/http/response.js"
import { mint } from "../src/auth/CapabilityToken.js"
import * as Policy from "../src/auth/Policy.js"
import { Workspace } from "../src/facade/Workspace.js"
import * as FetchHttpTransport from "../src/transport/FetchHttpTransport.js"
import * as WebSocketTransport from "../src/transport/WebSocketTransport.js"
import * as WorkspaceLayer from "../src/workspace/WorkspaceLayer.js"

/** The facade on Node's fetch and WebSocket, as @taskroute/node binds it (without importing that package). */
class BenchWorkspace extends Workspace {
  static override transports = Layer.mergeAll(
    FetchHttpTransport.layer((input, { timeoutMs, ...init }) => {
      const controller = new AbortController()
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)])
      return {
        response: fetch(input, { ...init, redirect: "follow", signal }),
        abort: () => controller.abort(),
      }
    }),
    WebSocketTransport.layer((url) => new WebSocket(url)),
  )
  static override restLayer = WorkspaceLayer.layerRest
}

/** The emulator's bin in a child process; resolves with its one JSON line. */
const child = spawn(
  process.execPath,
  [
    "--experimental-transform-types",
    "--no-warnings",
    "--conditions=@taskroute/source",
    "--import",
    join(import.meta.dirname, "ql.hooks.mjs"),
    join(import.meta.dirname, "..", "..", "testing", "src", "bin.ts"),
    "--seed",
    "demo",
    "--random",
    "1",
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
)
const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string]
const server = JSON.parse(line) as {
  url: string
  accountSid: string
  authToken: string
  workspaceSid: string
}
const basic = `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString("base64")}`
const workspaceUrl = `${server.url}/v1/Workspaces/${server.workspaceSid}`

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

const rest = new BenchWorkspace({
  accountSid: server.accountSid,
  authToken: server.authToken,
  workspaceSid: server.workspaceSid,
  apiBaseUrl: server.url,
  maxRetries: 0,
})
const token = await mint(
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
const proxied = new BenchWorkspace(token, {
  debug: false,
  apiBaseUrl: server.url,
  eventBridgeBaseUrl: server.url,
})
const workerSid = String((await rest.workers.fetch({ PageSize: 1 })).data[0]?.sid)
const channelUrl = `${server.url}/v1/wschannels/${server.accountSid}/${server.workspaceSid}`
const envelope = JSON.stringify({
  url: `https://taskrouter.twilio.com/v1/Workspaces/${server.workspaceSid}/Workers/${workerSid}`,
  method: "GET",
  token,
})

type Op = () => Promise<unknown>
const ops: Record<string, Op> = {
  "raw fetch, REST": async () => {
    const res = await fetch(`${workspaceUrl}/Workers/${workerSid}`, {
      headers: { authorization: basic, accept: "application/json" },
    })
    return res.json()
  },
  "facade, direct REST": () => rest.workers.fetch(workerSid),
  "twilio@6.2.0, REST": () => twilioWorkspace.workers(workerSid).fetch(),
  "raw fetch, proxy envelope": async () => {
    const res = await fetch(channelUrl, { method: "POST", body: envelope })
    return res.json()
  },
  "facade, event-bridge proxy": () => proxied.workers.fetch(workerSid),
}

const WARMUP = 300
const ROUNDS = 6
const PER_ROUND = 300
const wall: Record<string, number> = {}
const cpu: Record<string, number> = {}
for (const [name, op] of Object.entries(ops)) {
  for (let i = 0; i < WARMUP; i++) await op()
  wall[name] = 0
  cpu[name] = 0
}
for (let round = 0; round < ROUNDS; round++) {
  const names = Object.keys(ops)
  const order = round % 2 === 0 ? names : [...names].reverse()
  for (const name of order) {
    const op = ops[name]
    if (op === undefined) continue
    const startCpu = process.cpuUsage()
    const start = performance.now()
    for (let i = 0; i < PER_ROUND; i++) await op()
    wall[name] = (wall[name] ?? 0) + performance.now() - start
    const used = process.cpuUsage(startCpu)
    cpu[name] = (cpu[name] ?? 0) + (used.user + used.system) / 1000
  }
}
const N = ROUNDS * PER_ROUND
const perOp = (name: string) => ((wall[name] ?? 0) / N) * 1000 // µs
const cpuPerOp = (name: string) => ((cpu[name] ?? 0) / N) * 1000 // µs
console.log(`single fetch (GET worker), ${N} sequential requests each, loopback, emulator in a child process`)
for (const name of Object.keys(ops)) {
  console.log(
    `  ${name.padEnd(28)} ${perOp(name).toFixed(0).padStart(6)} µs/op wall ${(1e6 / perOp(name)).toFixed(0).padStart(6)} ops/s ` +
      `${cpuPerOp(name).toFixed(0).padStart(5)} µs/op client CPU`,
  )
}
const pct = (a: string, b: string) => `${((perOp(a) / perOp(b) - 1) * 100).toFixed(1)} %`
console.log(
  `  facade REST vs raw fetch: ${pct("facade, direct REST", "raw fetch, REST")} overhead (target < 15 %)`,
)
console.log(`  twilio@6.2.0 vs raw fetch: ${pct("twilio@6.2.0, REST", "raw fetch, REST")} overhead`)
console.log(
  `  facade REST vs twilio@6.2.0: ${(perOp("facade, direct REST") / perOp("twilio@6.2.0, REST")).toFixed(2)}x the time`,
)
console.log(
  `  facade proxy vs raw envelope POST: ${pct("facade, event-bridge proxy", "raw fetch, proxy envelope")} overhead`,
)

// 1b. The client's own cost per request, without the network: `fetch` answered from memory (one macrotask, the
// body of a real worker), raw (`fetch` + JSON.parse) vs the facade over the same fetch.
const cannedBody = JSON.stringify(
  await (await fetch(`${workspaceUrl}/Workers/${workerSid}`, { headers: { authorization: basic } })).json(),
)
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
class MemoryWorkspace extends Workspace {
  static override transports = Layer.mergeAll(
    FetchHttpTransport.layer(memoryFetch),
    WebSocketTransport.layer((url) => new WebSocket(url)),
  )
  static override restLayer = WorkspaceLayer.layerRest
}
const memory = new MemoryWorkspace({
  accountSid: server.accountSid,
  authToken: server.authToken,
  workspaceSid: server.workspaceSid,
  apiBaseUrl: server.url,
  maxRetries: 0,
})
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
    `(validation, URL, Effect runtime, retry policy, v1 shaping, instance)`,
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
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
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
const best = async (f: () => Promise<number>) => {
  let ms = Number.POSITIVE_INFINITY
  let count = 0
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    count = await f()
    ms = Math.min(ms, performance.now() - start)
  }
  return { ms, count }
}
const facadeList = await best(listFacade)
const twilioList = await best(listTwilio)
console.log(`listing ${TOTAL} workers, page size 1000 (best of 3)`)
console.log(
  `  facade workers.each        ${facadeList.ms.toFixed(0).padStart(6)} ms (${facadeList.count} workers)`,
)
console.log(
  `  twilio@6.2.0 workers.each  ${twilioList.ms.toFixed(0).padStart(6)} ms (${twilioList.count} workers)`,
)
console.log(`  facade vs twilio: ${(facadeList.ms / twilioList.ms).toFixed(2)}x the time`)

await rest.close()
await proxied.close()
child.kill("SIGTERM")
await once(child, "exit")

// 3. Bundle sizes.
const browser = join(import.meta.dirname, "..", "..", "browser")
console.log(
  execFileSync(process.execPath, ["--import", "./bench/hooks.mjs", "bench/size.bench.ts"], {
    cwd: browser,
    encoding: "utf8",
  }).trimEnd(),
)
