#!/usr/bin/env node
/**
 * `taskroute-fake`: runs the emulator on a port until SIGINT or SIGTERM. Prints exactly one JSON line on stdout
 * once it listens: `{"url","accountSid","authToken","workspaceSid","solutionDbid"}`; diagnostics go to stderr.
 *
 * ```sh
 * taskroute-fake --port 4010 --seed demo
 * ```
 *
 * @since 0.1.0
 */
import { parseArgs } from "node:util"
import { startFakeServer } from "./FakeServer.js"

const USAGE = `Usage: taskroute-fake [--port N] [--host H] [--seed demo|empty] [--account-sid AC…] [--auth-token T]
  --port         port to listen on (default 0: a free port)
  --host         interface to listen on (default 127.0.0.1)
  --seed         demo (default) or empty
  --account-sid  the seeded account's SID
  --auth-token   the seeded account's auth token
  --heartbeat-ms websocket heartbeat period (default 30000)
  --random       seed of the SID generator
`

const fail = (message: string): never => {
  process.stderr.write(`taskroute-fake: ${message}\n${USAGE}`)
  process.exit(2)
}

const main = async (): Promise<void> => {
  let values: {
    port?: string | undefined
    host?: string | undefined
    seed?: string | undefined
    "account-sid"?: string | undefined
    "auth-token"?: string | undefined
    "heartbeat-ms"?: string | undefined
    random?: string | undefined
    help?: boolean | undefined
  }
  try {
    values = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        "account-sid": { type: "string" },
        "auth-token": { type: "string" },
        "heartbeat-ms": { type: "string" },
        random: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  if (values.help === true) {
    process.stdout.write(USAGE)
    return
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be an integer 0..65535, got "${values.port}"`)
  const seed = values.seed ?? "demo"
  if (seed !== "demo" && seed !== "empty") fail(`--seed must be "demo" or "empty", got "${seed}"`)
  const accountSid = values["account-sid"]
  if (accountSid !== undefined && !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    fail(`--account-sid must be AC followed by 32 hex digits, got "${accountSid}"`)
  }
  const heartbeatMs = values["heartbeat-ms"] === undefined ? undefined : Number(values["heartbeat-ms"])
  if (heartbeatMs !== undefined && !(Number.isFinite(heartbeatMs) && heartbeatMs >= 0)) {
    fail(`--heartbeat-ms must be a number >= 0, got "${values["heartbeat-ms"]}"`)
  }
  const random =
    values.random === undefined
      ? undefined
      : /^-?\d+$/.test(values.random)
        ? Number(values.random)
        : values.random

  const server = await startFakeServer({
    port,
    seed: seed === "empty" ? "empty" : "demo",
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(accountSid === undefined ? {} : { accountSid }),
    ...(values["auth-token"] === undefined ? {} : { authToken: values["auth-token"] }),
    ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
    ...(random === undefined ? {} : { random }),
  })
  process.stdout.write(
    `${JSON.stringify({
      url: server.url,
      accountSid: server.accountSid,
      authToken: server.authToken,
      workspaceSid: server.workspaceSid,
      solutionDbid: server.solutionDbid,
    })}\n`,
  )
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`taskroute-fake: ${signal}, shutting down\n`)
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`taskroute-fake: shutdown failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
}

main().catch((error: unknown) => {
  process.stderr.write(`taskroute-fake: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
