/**
 * What the client benches share: the emulator's bin in a child process (its work does not count as the client's),
 * a core's facade bound to this package's fetch, and an interleaved comparison of two request functions.
 */
import { spawn } from "node:child_process"
import { once } from "node:events"
import { get } from "node:http"
import { join } from "node:path"
import { createInterface } from "node:readline"
import type { FetchHttpTransport, WebSocketTransport, Workspace, WorkspaceLayer } from "@taskroute/core"
import { Layer } from "effect"
import { fetchLike, httpLike } from "../src/NodeTransports.js"

/** The modules a bench facade is built from (this tree's, or another revision's for an A/B run). */
export interface FacadeModules {
  readonly Workspace: typeof Workspace
  readonly FetchHttpTransport: typeof FetchHttpTransport
  readonly WebSocketTransport: typeof WebSocketTransport
  readonly WorkspaceLayer: typeof WorkspaceLayer
}

/**
 * A core's facade on this package's default request binding (`node:http`; or `fetchFn`, e.g. the fetch binding or
 * one that records timings) and the global WebSocket (for comparing two cores).
 */
export const benchWorkspace = (
  m: FacadeModules,
  fetchFn: FetchHttpTransport.FetchLike = httpLike,
): typeof Workspace =>
  class BenchWorkspace extends m.Workspace {
    static override transports = Layer.mergeAll(
      m.FetchHttpTransport.layer(fetchFn),
      m.WebSocketTransport.layer((url) => new WebSocket(url)),
    )
    static override restLayer = m.WorkspaceLayer.layerRest
  }

/** The emulator's one JSON line: where it listens and the demo workspace's credentials. */
interface EmulatorLine {
  readonly url: string
  readonly accountSid: string
  readonly authToken: string
  readonly workspaceSid: string
}

/** A running emulator: its line, and what every bench derives from it. */
export interface Emulator extends EmulatorLine {
  /** The options of a direct-REST `Workspace` on it, without retries (a bench measures single requests). */
  readonly restOptions: {
    readonly accountSid: string
    readonly authToken: string
    readonly workspaceSid: string
    readonly apiBaseUrl: string
    readonly maxRetries: 0
  }
  /** The `Authorization` header the REST dialect sends (a raw side sends the same). */
  readonly basic: string
  /** The headers the facade's REST dialect sends (fetch adds the same defaults to a raw side). */
  readonly restHeaders: { readonly Accept: "application/json"; readonly Authorization: string }
  /** The demo workspace's REST URL: `{url}/v1/Workspaces/{workspaceSid}`. */
  readonly workspaceUrl: string
  readonly stop: () => Promise<void>
}

/** Starts the emulator's bin (fresh demo seed, loopback, port 0) in a child process. */
export const startEmulator = async (): Promise<Emulator> => {
  const child = spawn(
    process.execPath,
    [
      "--experimental-transform-types",
      "--no-warnings",
      "--conditions=@taskroute/source",
      "--import",
      join(import.meta.dirname, "..", "..", "..", "scripts", "ts-hooks.mjs"),
      join(import.meta.dirname, "..", "..", "testing", "src", "bin.ts"),
      "--seed",
      "demo",
      "--random",
      "1",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  )
  const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string]
  const server = JSON.parse(line) as EmulatorLine
  const { url, accountSid, authToken, workspaceSid } = server
  const basic = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`
  return {
    ...server,
    restOptions: { accountSid, authToken, workspaceSid, apiBaseUrl: url, maxRetries: 0 },
    basic,
    restHeaders: { Accept: "application/json", Authorization: basic },
    workspaceUrl: `${url}/v1/Workspaces/${workspaceSid}`,
    stop: async () => {
      child.kill("SIGTERM")
      await once(child, "exit")
    },
  }
}

/** The main thread's CPU time in µs (the whole process's where Node has no `threadCpuUsage`). */
const threadCpu = (): number => {
  const used = typeof process.threadCpuUsage === "function" ? process.threadCpuUsage() : process.cpuUsage()
  return used.user + used.system
}

/** One request, awaited whole. */
export type Op = () => Promise<unknown>

/** A raw `GET` of `url` on the emulator with the REST dialect's headers, the body JSON-parsed: every bench's baseline. */
export const rawGet =
  (server: Emulator, url: string): Op =>
  async () =>
    (await fetch(url, { headers: server.restHeaders })).json()

/**
 * {@link rawGet} with `node:http` on its global agent (keep-alive), the stack the facade sends through by default:
 * the body read as UTF-8 text and JSON-parsed, no timer.
 */
export const rawHttpGet =
  (server: Emulator, url: string): Op =>
  () =>
    new Promise((resolve, reject) => {
      get(url, { headers: server.restHeaders }, (response) => {
        const chunks: Array<Buffer> = []
        response.on("data", (chunk: Buffer) => chunks.push(chunk))
        response.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))))
        response.on("error", reject)
      }).on("error", reject)
    })

/**
 * {@link rawGet} through `fetchFn` (by default the fetch binding, `fetchLike`: an abort controller and a timer per
 * request): what any client with a timeout pays, for scale.
 */
export const rawGetWithTimeout =
  (server: Emulator, url: string, fetchFn: FetchHttpTransport.FetchLike = fetchLike): Op =>
  async () => {
    const call = fetchFn(url, { method: "GET", headers: server.restHeaders, timeoutMs: 30_000 })
    const text = await (await call.response).text()
    call.done?.()
    return JSON.parse(text)
  }

/**
 * Sends `requests` requests with `op` before anything is measured. In a fresh process the first several thousand
 * requests are slower (a raw `GET` worker about 270 µs instead of about 210 µs) whatever the other side of a
 * comparison is; neither a pause nor warming the emulator from another process shortens this, so it is this
 * process's own code (undici and Node) settling. A comparison made in that phase flatters the slower side, because
 * the same extra microseconds are a smaller share of a slower round trip.
 */
export const settle = async (op: Op, requests = 10_000): Promise<void> => {
  for (let i = 0; i < requests; i++) await op()
}

/** Median, 90th percentile and mean wall time, and this thread's CPU time, per request (µs). */
export interface Stats {
  readonly median: number
  readonly p90: number
  readonly mean: number
  readonly cpu: number
}

/** How a comparison runs: warm-up requests per side, measured requests per side, requests per block. */
export interface CompareOptions {
  readonly warmup: number
  readonly requests: number
  readonly block: number
}

/** The value at quantile `q` (0 to 1) of numbers sorted in ascending order; NaN when there are none. */
const quantile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

/** The median of `xs` (the upper one of an even count). */
export const median = (xs: ReadonlyArray<number>): number =>
  quantile(
    [...xs].sort((x, y) => x - y),
    0.5,
  )

/**
 * Compares two request functions, interleaved: blocks of `block` requests of one side, then of the other,
 * alternating (which side goes first alternates too), so both sides see the same machine (other processes, the
 * emulator's GC, the connection pool) while each runs warm, as an application sending many requests does. Every
 * request is timed (wall clock) and the main thread's CPU time is summed per side. Warm-up first, not counted.
 * Prints a line per side and the ratios; returns both sides' figures.
 */
export const compare = async (
  [a, opA]: readonly [string, Op],
  [b, opB]: readonly [string, Op],
  { warmup, requests, block }: CompareOptions,
): Promise<readonly [Stats, Stats]> => {
  const sides = [opA, opB].map((op) => ({ op, wall: [] as number[], cpu: 0 }))
  for (const side of sides) for (let i = 0; i < warmup; i++) await side.op()
  for (let n = 0; n < (2 * requests) / block; n++) {
    const side = sides[(n + (Math.floor(n / 2) % 2)) % 2]
    if (side === undefined) continue
    const startCpu = threadCpu()
    for (let i = 0; i < block; i++) {
      const start = performance.now()
      await side.op()
      side.wall.push((performance.now() - start) * 1000)
    }
    side.cpu += threadCpu() - startCpu
  }
  const stats = (side: (typeof sides)[number]): Stats => {
    const sorted = [...side.wall].sort((x, y) => x - y)
    return {
      median: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      mean: sorted.reduce((x, y) => x + y, 0) / sorted.length,
      cpu: side.cpu / sorted.length,
    }
  }
  const [sa, sb] = sides
  if (sa === undefined || sb === undefined) throw new Error("two sides")
  const result = [stats(sa), stats(sb)] as const
  const f = (n: number) => n.toFixed(0).padStart(7)
  const pct = (x: number, y: number) => `${x >= y ? "+" : ""}${((x / y - 1) * 100).toFixed(1)} %`
  for (const [name, st] of [
    [a, result[0]],
    [b, result[1]],
  ] as const) {
    console.log(`  ${name.padEnd(28)} ${f(st.median)} ${f(st.p90)} ${f(st.mean)} ${f(st.cpu)}`)
  }
  console.log(
    `    ${b} vs ${a}: median ${pct(result[1].median, result[0].median)}, p90 ${pct(result[1].p90, result[0].p90)}, ` +
      `mean ${pct(result[1].mean, result[0].mean)}, CPU ${pct(result[1].cpu, result[0].cpu)}`,
  )
  return result
}

/** The column headings of {@link compare}'s lines. */
export const compareHeader = (): void =>
  console.log(
    `  ${"µs per request".padEnd(28)} ${"median".padStart(7)} ${"p90".padStart(7)} ${"mean".padStart(7)} ${"CPU".padStart(7)}`,
  )
