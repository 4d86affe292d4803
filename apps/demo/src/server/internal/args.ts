/**
 * Command-line arguments of `bash scripts/demo.sh [options]` (or, once built,
 * `pnpm --filter @taskroute/demo run start -- [options]`).
 */
import { parseArgs } from "node:util"

export const USAGE = `Usage: bash scripts/demo.sh [options]
       pnpm --filter @taskroute/demo run start -- [options]   (once built)

Starts the taskroute console on 127.0.0.1 with the emulator (demo seed) and a simulation.

Options:
  --port N         port of the console (default: $PORT or 5173; 0 picks a free one)
  --no-simulate    do not run the simulation
  --simulate       run the simulation even against a real workspace
  --arrival-ms N   mean time between simulated tasks (default 4000)
  --token-ttl S    lifetime of the console's tokens in seconds (default 300)
  --emulator       use the emulator even when TWILIO_* variables are set
  -h, --help       show this help

A real TaskRouter workspace instead of the emulator:
  TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... TASKROUTER_WORKSPACE_SID=WS... (all three)
`

export interface CliArgs {
  readonly help: boolean
  readonly port: number
  /** undefined: the backend's default. */
  readonly simulate: boolean | undefined
  readonly arrivalMs: number | undefined
  readonly tokenTtl: number | undefined
  readonly forceEmulator: boolean
}

/** Thrown for bad arguments; the message names the argument. */
export class ArgsError extends Error {
  readonly _tag = "ArgsError"
}

const integer = (name: string, text: string, min: number, max: number): number => {
  const value = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ArgsError(`${name} must be an integer from ${min} to ${max}, got "${text}"`)
  }
  return value
}

export const parseCliArgs = (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>>,
): CliArgs => {
  let values: {
    port?: string | undefined
    simulate?: boolean | undefined
    "no-simulate"?: boolean | undefined
    "arrival-ms"?: string | undefined
    "token-ttl"?: string | undefined
    emulator?: boolean | undefined
    help?: boolean | undefined
  }
  try {
    values = parseArgs({
      // pnpm passes a literal "--" through when the user writes `run start -- --port 1`.
      args: argv.filter((a) => a !== "--"),
      options: {
        port: { type: "string" },
        simulate: { type: "boolean" },
        "no-simulate": { type: "boolean" },
        "arrival-ms": { type: "string" },
        "token-ttl": { type: "string" },
        emulator: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new ArgsError(error instanceof Error ? error.message : String(error))
  }
  if (values.simulate === true && values["no-simulate"] === true) {
    throw new ArgsError("--simulate and --no-simulate cannot be used together")
  }
  const portText = values.port ?? env.PORT
  return {
    help: values.help === true,
    port:
      portText === undefined || portText === ""
        ? 5173
        : integer(values.port === undefined ? "PORT" : "--port", portText, 0, 65535),
    simulate: values["no-simulate"] === true ? false : values.simulate === true ? true : undefined,
    arrivalMs:
      values["arrival-ms"] === undefined
        ? undefined
        : integer("--arrival-ms", values["arrival-ms"], 200, 3_600_000),
    tokenTtl:
      values["token-ttl"] === undefined ? undefined : integer("--token-ttl", values["token-ttl"], 10, 86_400),
    forceEmulator: values.emulator === true,
  }
}
