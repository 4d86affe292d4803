#!/usr/bin/env node
/**
 * `pnpm --filter @taskroute/demo run start`: the emulator with the demo seed, the simulation and the console on
 * 127.0.0.1, until Ctrl-C (SIGINT) or SIGTERM. See `--help`.
 */
import { ArgsError, parseCliArgs, USAGE } from "./server/internal/args.js"
import { BackendConfigError, type BackendOptions, backendFromEnv } from "./server/Backend.js"
import { startDemo } from "./server/DemoServer.js"

const fail = (message: string, usage: boolean): never => {
  process.stderr.write(`taskroute demo: ${message}\n${usage ? `\n${USAGE}` : ""}`)
  process.exit(2)
}

const main = async (): Promise<void> => {
  let args: ReturnType<typeof parseCliArgs>
  let backend: BackendOptions
  try {
    args = parseCliArgs(process.argv.slice(2), process.env)
    if (args.help) {
      process.stdout.write(USAGE)
      return
    }
    backend = args.forceEmulator ? { kind: "emulator" } : backendFromEnv(process.env)
  } catch (error) {
    if (error instanceof ArgsError) return fail(error.message, true)
    if (error instanceof BackendConfigError) return fail(error.message, false)
    throw error
  }
  const verbose = process.env.DEMO_VERBOSE === "1"
  // The simulation runs by default against the emulator only: it creates tasks in the workspace.
  const simulate = args.simulate ?? backend.kind === "emulator"
  const demo = await startDemo({
    port: args.port,
    backend,
    simulate: simulate && args.arrivalMs !== undefined ? { arrivalMs: args.arrivalMs } : simulate,
    ...(args.tokenTtl === undefined ? {} : { tokenTtl: args.tokenTtl }),
    log: (line) => {
      if (verbose || !line.startsWith("simulation: ")) process.stderr.write(`${line}\n`)
    },
  })
  const lines = [
    "",
    `  taskroute console   ${demo.url}`,
    "",
    demo.mode === "emulator"
      ? `  backend     emulator (demo seed) at ${demo.fake?.url ?? "?"}`
      : "  backend     TaskRouter (real workspace from TWILIO_ACCOUNT_SID / TASKROUTER_WORKSPACE_SID)",
    `  workspace   ${demo.workspaceSid}`,
    `  simulation  ${demo.simulation === undefined ? "off" : "on (DEMO_VERBOSE=1 logs each step)"}`,
    "",
    "  Press Ctrl-C to stop.",
    "",
  ]
  process.stdout.write(`${lines.join("\n")}\n`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write("taskroute demo: forced exit\n")
      process.exit(130)
    }
    stopping = true
    process.stderr.write(`taskroute demo: ${signal}, stopping...\n`)
    demo.close().then(
      () => {
        process.stderr.write("taskroute demo: stopped\n")
        process.exit(0)
      },
      (error: unknown) => {
        process.stderr.write(`taskroute demo: shutdown failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
}

main().catch((error: unknown) => {
  process.stderr.write(`taskroute demo: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
