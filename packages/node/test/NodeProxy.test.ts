// The Node transport sends through node:http's global agent, so the proxy Node builds from HTTP_PROXY under
// NODE_USE_ENV_PROXY=1 applies to it (docs/decisions/0004-node-requests-on-node-http.md). A child process, because
// Node reads the variable at startup; a loopback proxy in front of the emulator's network door.
import { execFile } from "node:child_process"
import { createServer, request as httpRequest, type Server } from "node:http"
import { connect } from "node:net"
import { join } from "node:path"
import { startFakeServer } from "@taskroute/testing"
import { describe, expect, it } from "vitest"

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number)
/** NODE_USE_ENV_PROXY affects node:http (and fetch) from Node 22.21 and 24.5. */
const hasEnvProxy = major > 24 || (major === 24 && minor >= 5) || (major === 22 && minor >= 21)

/** Listens on a free loopback port; resolves with the port. */
const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  return typeof address === "object" && address !== null ? address.port : 0
}

/** A loopback port nothing listens on (bound, then released). */
const freePort = async (): Promise<number> => {
  const probe = createServer()
  const port = await listen(probe)
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/** This process's environment with only our proxy settings (the lowercase names would take precedence). */
const proxyEnv = (proxy: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_USE_ENV_PROXY: "1", HTTP_PROXY: proxy }
  for (const name of ["http_proxy", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"]) delete env[name]
  return env
}

describe("@taskroute/node behind an HTTP proxy", () => {
  it.runIf(hasEnvProxy)(
    "sends direct-REST requests through the proxy of HTTP_PROXY under NODE_USE_ENV_PROXY=1",
    async () => {
      await using server = await startFakeServer({ seed: "demo" })
      const target = new URL(server.url)
      // An origin with no server (loopback, no DNS lookup): only the proxy leads from it to the emulator.
      const origin = `localhost:${await freePort()}`
      const seen: Array<string> = []
      // A forward proxy that sends everything to the emulator: tunnels (CONNECT) and absolute-form requests.
      const proxy = createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`)
        const url = new URL(req.url ?? "/")
        const upstream = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: url.pathname + url.search,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(res)
          },
        )
        req.pipe(upstream)
      })
      proxy.on("connect", (req, socket, head) => {
        seen.push(`CONNECT ${req.url}`)
        const upstream = connect(Number(target.port), target.hostname, () => {
          socket.write("HTTP/1.1 200 Connection Established\r\n\r\n")
          upstream.write(head)
          upstream.pipe(socket)
          socket.pipe(upstream)
        })
        upstream.on("error", () => socket.destroy())
        socket.on("error", () => upstream.destroy())
      })
      const port = await listen(proxy)
      try {
        const here = import.meta.dirname
        const out = await new Promise<string>((resolve, reject) => {
          execFile(
            process.execPath,
            [
              "--experimental-transform-types",
              "--no-warnings",
              "--conditions=@taskroute/source",
              "--import",
              join(here, "..", "..", "..", "scripts", "ts-hooks.mjs"),
              join(here, "fixtures", "env-proxy-child.ts"),
              server.accountSid,
              server.authToken,
              server.workspaceSid,
              `http://${origin}`,
            ],
            {
              env: proxyEnv(`http://127.0.0.1:${port}`),
              timeout: 30_000,
            },
            (error, stdout, stderr) =>
              error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
          )
        })
        const answer: unknown = JSON.parse(out.trim())
        expect(answer).toEqual({ sid: expect.stringMatching(/^WK[0-9a-f]{32}$/) })
        expect(seen.length).toBeGreaterThan(0)
        expect(seen.every((line) => line.includes(origin))).toBe(true)
      } finally {
        proxy.closeAllConnections()
        await new Promise<void>((resolve) => proxy.close(() => resolve()))
      }
    },
    40_000,
  )
})
