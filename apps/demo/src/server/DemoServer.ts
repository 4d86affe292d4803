/**
 * The demo's server: starts the backend (the emulator by default), the simulation, and an HTTP server on
 * loopback that serves the console page, its configuration, short-lived capability tokens minted with
 * `@taskroute/node`, and a same-origin proxy to the Global Task List that adds the credentials.
 */
import { readdir, readFile } from "node:fs/promises"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { extname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { WorkspaceCapability } from "@taskroute/node"
import type { FakeServer } from "@taskroute/testing"
import type { ConsoleConfig, TokenResponse } from "../shared/ConsoleConfig.js"
import { type Backend, type BackendOptions, startBackend } from "./Backend.js"
import { type GtlBridge, startGtlBridge } from "./GtlBridge.js"
import { makeRestClient } from "./internal/rest.js"
import { type Simulation, type SimulationOptions, startSimulation } from "./Simulation.js"

/**
 * The QL example of the iWD "Fetch paginated list of tasks" documentation, offered in the console's search box.
 *
 * @example
 * ```ts
 * import { parseQl } from "@taskroute/browser"
 * parseQl(SEED_QL_EXAMPLE, { columns: { Queue: "queue", "Business Value": "IWD_businessValue", "Completed Date": "completed_at" } })
 * ```
 */
export const SEED_QL_EXAMPLE =
  "Queue IN ( 'iWD_Rejected' , 'iWD_Canceled' ) and 'Business Value' in ( 1, 2, 3) and 'Completed Date' <= 2020-06-16"

/**
 * Options of {@link startDemo}.
 *
 * @example
 * ```ts
 * const options: DemoOptions = { port: 0, simulate: false }
 * ```
 */
export interface DemoOptions {
  /** Port of the console (default 5173; 0 picks a free one). */
  readonly port?: number | undefined
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string | undefined
  /** The emulator (default) or a real workspace. */
  readonly backend?: BackendOptions | undefined
  /**
   * Runs the simulation (default: true with the emulator, false with a real workspace). An object tunes it.
   */
  readonly simulate?: boolean | Omit<SimulationOptions, "rest"> | undefined
  /** Lifetime of the tokens the page gets, in seconds (default 300, at least 10). */
  readonly tokenTtl?: number | undefined
  /** Directory of the built page (default: the package's `dist/public`). */
  readonly publicDir?: string | undefined
  /** Receives one line per notable thing (default: nothing). */
  readonly log?: ((line: string) => void) | undefined
}

/**
 * A running demo.
 *
 * @example
 * ```ts
 * const demo = await startDemo({ port: 0 })
 * console.log(demo.url)
 * await demo.close()
 * ```
 */
export interface Demo {
  /** The console's URL, `http://127.0.0.1:PORT/`. */
  readonly url: string
  readonly mode: "emulator" | "twilio"
  readonly workspaceSid: string
  /** The emulator (emulator mode only): tests use it to drop sockets or inject faults. */
  readonly fake: FakeServer | undefined
  /** The simulation, when it runs. */
  readonly simulation: Simulation | undefined
  /** Mints a token exactly as `GET /token` does. */
  readonly mintToken: () => Promise<TokenResponse>
  /** Stops the simulation, the console's server and the emulator. Idempotent. */
  readonly close: () => Promise<void>
  readonly [Symbol.asyncDispose]: () => Promise<void>
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
}

const defaultPublicDir = (): string => fileURLToPath(new URL("../../dist/public/", import.meta.url))

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>taskroute console</title>
<p style="font:16px system-ui;margin:3rem">The console page is not built yet. Run
<code>pnpm --filter @taskroute/demo run build</code> and reload.</p>`

const send = (
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Readonly<Record<string, string>> = {},
): void => {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, {
    "content-length": String(Buffer.byteLength(body)),
    "x-content-type-options": "nosniff",
    ...headers,
  })
  res.end(body)
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void =>
  send(res, status, JSON.stringify(body), {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  })

const readBody = (req: IncomingMessage, limit: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new Error(`request body larger than ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(chunks.length === 0 ? undefined : Buffer.concat(chunks)))
    req.on("error", reject)
  })

const listen = (server: Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `Port ${port} on ${host} is already in use: pass --port with another one (or 0 for any)`,
            )
          : error,
      )
    }
    server.once("error", onError)
    server.listen(port, host, () => {
      server.off("error", onError)
      resolve()
    })
  })

const simulationDefaults = (backend: Backend, simulate: DemoOptions["simulate"]) => {
  if (simulate === false) return undefined
  if (simulate === undefined) return backend.kind === "emulator" ? {} : undefined
  return simulate === true ? {} : simulate
}

/**
 * Starts the demo: the backend (the emulator with the `demo` seed unless a real workspace is configured), the
 * simulation, and the console's HTTP server on 127.0.0.1.
 *
 * @example
 * ```ts
 * import { startDemo } from "@taskroute/demo"
 * const demo = await startDemo({ port: 0, simulate: false })
 * // open demo.url in a browser; demo.fake?.dropConnections() to see the console reconnect
 * await demo.close()
 * ```
 */
export const startDemo = async (options: DemoOptions = {}): Promise<Demo> => {
  const host = options.host ?? "127.0.0.1"
  const port = options.port ?? 5173
  const tokenTtl = Math.max(10, Math.floor(options.tokenTtl ?? 300))
  const publicDir = options.publicDir ?? defaultPublicDir()
  const log = options.log ?? (() => {})
  const backend = await startBackend(options.backend ?? { kind: "emulator" })

  const mintToken = async (): Promise<TokenResponse> => {
    const issuedAt = Date.now()
    const token = await new WorkspaceCapability({
      accountSid: backend.accountSid,
      authToken: backend.authToken,
      workspaceSid: backend.workspaceSid,
      friendlyName: "taskroute console",
      ttl: tokenTtl,
    })
      .allowFetchSubresources()
      .allowUpdatesSubresources()
      .toJwt()
    return { token, ttl: tokenTtl, expiresAt: issuedAt + tokenTtl * 1000 }
  }

  const rest = makeRestClient({
    baseUrl: backend.restOrigin,
    accountSid: backend.accountSid,
    authToken: backend.authToken,
    workspaceSid: backend.workspaceSid,
  })
  // A real workspace has no Global Task List: serve one over its tasks, read over REST.
  let bridge: GtlBridge | undefined
  if (backend.gtl === undefined) {
    try {
      bridge = await startGtlBridge({ rest, accountSid: backend.accountSid, log })
    } catch (error) {
      log(`Global Task List not available: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  const gtlDbid = backend.gtl?.solutionDbid ?? bridge?.solutionDbid

  let simulation: Simulation | undefined
  const server = createServer({ keepAlive: true })
  let url = ""

  const config = (): ConsoleConfig => ({
    mode: backend.kind,
    workspaceSid: backend.workspaceSid,
    accountSid: backend.accountSid,
    apiBaseUrl: backend.restOrigin,
    eventBridgeBaseUrl: backend.eventBridgeOrigin,
    tokenUrl: `${url}token`,
    tokenTtl,
    gtl:
      gtlDbid === undefined
        ? null
        : { baseUrl: `${url}iwd_manager/api`, solutionDbid: gtlDbid, example: SEED_QL_EXAMPLE },
    simulation: simulation !== undefined,
  })

  const serveStatic = async (res: ServerResponse, name: string, method: string) => {
    let files: Array<string>
    try {
      files = await readdir(publicDir)
    } catch {
      files = []
    }
    if (!files.includes(name)) {
      if (name === "index.html") send(res, 503, NOT_BUILT, { "content-type": "text/html; charset=utf-8" })
      else send(res, 404, "Not found", { "content-type": "text/plain; charset=utf-8" })
      return
    }
    const body = await readFile(join(publicDir, name))
    send(res, 200, method === "HEAD" ? "" : body, {
      "content-type": CONTENT_TYPES[extname(name)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    })
  }

  const proxyGtl = async (req: IncomingMessage, res: ServerResponse, upstream: string, path: string) => {
    const body = await readBody(req, 1024 * 1024)
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${backend.accountSid}:${backend.authToken}`).toString("base64")}`,
      accept: "application/json",
    }
    const contentType = req.headers["content-type"]
    if (contentType !== undefined) headers["content-type"] = contentType
    const cookie = req.headers.cookie
    if (cookie !== undefined) headers.cookie = cookie
    const method = req.method ?? "GET"
    const target = `${upstream}${path.slice("/iwd_manager/api".length)}`
    const response = await fetch(target, {
      method,
      headers,
      redirect: "manual",
      ...(body === undefined || method === "GET" || method === "HEAD" ? {} : { body: new Uint8Array(body) }),
      signal: AbortSignal.timeout(15_000),
    })
    const out: Record<string, string | Array<string>> = {}
    const type = response.headers.get("content-type")
    if (type !== null) out["content-type"] = type
    const cookies = response.headers.getSetCookie()
    if (cookies.length > 0) out["set-cookie"] = cookies
    const location = response.headers.get("location")
    if (location !== null) {
      // The emulator answers absolute URLs on its own origin: send the browser back through this proxy.
      const absolute = new URL(location, target)
      const upstreamUrl = new URL(upstream)
      out.location =
        absolute.origin === upstreamUrl.origin ? `${absolute.pathname}${absolute.search}` : absolute.href
    }
    const text = Buffer.from(await response.arrayBuffer())
    if (res.headersSent || res.destroyed) return
    res.writeHead(response.status, {
      ...out,
      "content-length": String(text.length),
      "cache-control": "no-store",
    })
    res.end(text)
  }

  const answerFromBridge = async (
    req: IncomingMessage,
    res: ServerResponse,
    gtl: GtlBridge,
    path: string,
    search: string,
  ) => {
    const body = await readBody(req, 1024 * 1024)
    const headers: Record<string, string> = {}
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers[key.toLowerCase()] = value
    }
    const answer = await gtl.handle({
      method: req.method ?? "GET",
      path: path.slice("/iwd_manager/api".length),
      query: [...new URLSearchParams(search).entries()],
      headers,
      body: body?.toString("utf8"),
    })
    send(res, answer.status, answer.body ?? "", answer.headers)
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET"
    const { pathname: path, search } = new URL(req.url ?? "/", "http://localhost")
    const handle = async () => {
      if (path.startsWith("/iwd_manager/api/") || path === "/iwd_manager/api") {
        if (backend.gtl !== undefined) {
          await proxyGtl(req, res, backend.gtl.upstream, `${path}${search}`)
        } else if (bridge !== undefined) {
          await answerFromBridge(req, res, bridge, path, search)
        } else {
          sendJson(res, 404, { message: "This backend has no Global Task List" })
        }
        return
      }
      if (method !== "GET" && method !== "HEAD") {
        send(res, 405, "Method not allowed", { allow: "GET, HEAD", "content-type": "text/plain" })
        return
      }
      if (path === "/config.json") return sendJson(res, 200, config())
      if (path === "/token") return sendJson(res, 200, await mintToken())
      if (path === "/healthz")
        return sendJson(res, 200, { ok: true, simulation: simulation?.stats() ?? null })
      if (path === "/" || path === "/index.html") return serveStatic(res, "index.html", method)
      const name = path.slice(1)
      if (/^[A-Za-z0-9._-]+$/.test(name) && !name.startsWith(".")) return serveStatic(res, name, method)
      send(res, 404, "Not found", { "content-type": "text/plain; charset=utf-8" })
    }
    handle().catch((error: unknown) => {
      log(
        `console server: ${method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`,
      )
      sendJson(res, 502, { message: error instanceof Error ? error.message : String(error) })
    })
  })

  try {
    await listen(server, port, host)
  } catch (error) {
    bridge?.close()
    await backend.close()
    throw error
  }
  const address = server.address()
  const actualPort = typeof address === "object" && address !== null ? address.port : port
  url = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}/`

  const simulationOptions = simulationDefaults(backend, options.simulate)
  if (simulationOptions !== undefined) {
    try {
      simulation = await startSimulation({
        log,
        ...simulationOptions,
        rest,
      })
    } catch (error) {
      log(`simulation not started: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await simulation?.stop()
      bridge?.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await backend.close()
    })()
    return closing
  }

  return {
    url,
    mode: backend.kind,
    workspaceSid: backend.workspaceSid,
    fake: backend.fake,
    simulation,
    mintToken,
    close,
    [Symbol.asyncDispose]: close,
  }
}
