#!/usr/bin/env node
/**
 * The `taskroute` command line: mint and inspect TaskRouter.js workspace capability tokens.
 *
 * ```sh
 * taskroute token --account-sid AC... --auth-token ... --workspace-sid WS... --allow fetch-subresources,updates
 * taskroute token --decode eyJhbGciOi...
 * ```
 *
 * @packageDocumentation
 */
import { realpathSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { CapabilityToken, Policy, PolicyError, TokenError } from "@taskroute/core"
import { WorkspaceCapability } from "./WorkspaceCapability.js"

/**
 * Where {@link main} writes: anything with a `write(text)` method, such as `process.stdout`.
 *
 * @example
 * ```ts
 * // cli.ts is the `taskroute` bin, not a package export; tests import it from the source file.
 * const lines: string[] = []
 * const out: Output = { write: (s: string) => lines.push(s) }
 * ```
 */
export interface Output {
  write(text: string): unknown
}

const HELP = `Usage:
  taskroute token [options]          mint a workspace capability token and print it
  taskroute token --decode <jwt>     print a token's claims as JSON (add --verify to check its signature)
  taskroute --help

Options of "token":
  --account-sid <AC...>      account SID            (default: $TWILIO_ACCOUNT_SID)
  --auth-token <token>       account auth token     (default: $TWILIO_AUTH_TOKEN)
  --workspace-sid <WS...>    workspace SID          (default: $TASKROUTER_WORKSPACE_SID)
  --channel <sid>            event-bridge channel   (default: the workspace SID)
  --friendly-name <name>     friendly_name claim
  --ttl <seconds>            lifetime in seconds    (default: 3600)
  --allow <list>             comma-separated helper capabilities:
                               fetch-subresources, updates, updates-subresources, delete, delete-subresources
  --policy '<METHOD> <URL>'  add an allowing policy (repeatable); URL may end in /* or /**
  --deny '<METHOD> <URL>'    add a denying policy, allow:false (repeatable)
  --policy '<json>'          add a policy given as JSON: {"url","method","allow","query_filter","post_filter"}
  --decode <jwt>             decode instead of minting
  --verify                   with --decode: verify the signature and expiry with the auth token
  -h, --help                 show this help

Every token carries GET and POST on its event-bridge channel and GET on the workspace.
Exit codes: 0 success, 1 invalid token or signing failure, 2 bad usage.
`

const HELPERS = {
  "fetch-subresources": (c: WorkspaceCapability) => c.allowFetchSubresources(),
  updates: (c: WorkspaceCapability) => c.allowUpdates(),
  "updates-subresources": (c: WorkspaceCapability) => c.allowUpdatesSubresources(),
  delete: (c: WorkspaceCapability) => c.allowDelete(),
  "delete-subresources": (c: WorkspaceCapability) => c.allowDeleteSubresources(),
} as const satisfies Record<string, (c: WorkspaceCapability) => WorkspaceCapability>

const isHelper = (name: string): name is keyof typeof HELPERS => Object.hasOwn(HELPERS, name)

class UsageError extends Error {}

const parsePolicy = (text: string, allow: boolean, flag: string): Policy.Policy => {
  const trimmed = text.trim()
  if (trimmed.startsWith("{")) {
    if (!allow)
      throw new UsageError(`${flag} takes '<METHOD> <URL>'; put "allow": false in a --policy JSON instead`)
    let json: unknown
    try {
      json = JSON.parse(trimmed)
    } catch {
      throw new UsageError(`${flag} ${JSON.stringify(text)} is not valid JSON`)
    }
    return Policy.fromWire(json)
  }
  const match = /^([A-Za-z]+)\s+(\S+)$/.exec(trimmed)
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw new UsageError(
      `${flag} expects '<METHOD> <URL>' (e.g. 'GET https://taskrouter.twilio.com/v1/Workspaces/WS.../**'), got ${JSON.stringify(text)}`,
    )
  }
  return Policy.make({ method: match[1].toUpperCase(), url: match[2], allow })
}

const parseTtl = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--ttl must be a positive whole number of seconds, got ${JSON.stringify(text)}`)
  }
  return Number(text)
}

const pick = (flag: string | undefined, env: Readonly<Record<string, string | undefined>>, name: string) => {
  if (flag !== undefined) return flag
  const v = env[name]
  return v === undefined || v === "" ? undefined : v
}

const decodePayload = (jwt: string): unknown => {
  const segment = jwt.split(".")[1] ?? ""
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"))
}

/**
 * Runs the CLI with the given arguments (without `node` and the script), environment and outputs; resolves
 * to the exit code: 0 on success, 1 when a token is invalid or cannot be signed, 2 on bad usage (the error
 * and a hint go to `stderr`).
 *
 * @example
 * ```ts
 * // The bin does exactly this:
 * const code = await main(["token", "--ttl", "600"], process.env, process.stdout, process.stderr)
 * ```
 */
export const main = async (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>>,
  stdout: Output,
  stderr: Output,
): Promise<number> => {
  const usage = (message: string): number => {
    stderr.write(`taskroute: ${message}\nRun "taskroute --help" for usage.\n`)
    return 2
  }
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e))
  }
  const { values, positionals } = parsed
  if (values.help === true) {
    stdout.write(HELP)
    return 0
  }
  const [command, ...extra] = positionals
  if (command === undefined) return usage('missing command (the only command is "token")')
  if (command !== "token")
    return usage(`unknown command ${JSON.stringify(command)} (the only command is "token")`)
  if (extra.length > 0) return usage(`unexpected argument ${JSON.stringify(extra[0])}`)

  const authToken = pick(values["auth-token"], env, "TWILIO_AUTH_TOKEN")

  if (values.decode !== undefined) {
    const mintOnly = [
      "account-sid",
      "workspace-sid",
      "channel",
      "friendly-name",
      "ttl",
      "allow",
      "policy",
      "deny",
    ] as const
    const clash = mintOnly.find((k) => values[k] !== undefined)
    if (clash !== undefined) return usage(`--${clash} cannot be combined with --decode`)
    const jwt = values.decode.trim()
    try {
      if (values.verify === true) {
        if (authToken === undefined) return usage("--verify needs --auth-token or $TWILIO_AUTH_TOKEN")
        await CapabilityToken.verify(jwt, authToken)
      } else {
        CapabilityToken.decode(jwt)
      }
    } catch (e) {
      if (e instanceof TokenError) {
        stderr.write(`taskroute: invalid token (${e.reason}): ${e.message}\n`)
        return 1
      }
      throw e
    }
    stdout.write(`${JSON.stringify(decodePayload(jwt), null, 2)}\n`)
    return 0
  }
  if (values.verify === true) return usage("--verify is only valid with --decode")

  const accountSid = pick(values["account-sid"], env, "TWILIO_ACCOUNT_SID")
  const workspaceSid = pick(values["workspace-sid"], env, "TASKROUTER_WORKSPACE_SID")
  if (accountSid === undefined) return usage("missing --account-sid (or $TWILIO_ACCOUNT_SID)")
  if (authToken === undefined) return usage("missing --auth-token (or $TWILIO_AUTH_TOKEN)")
  if (workspaceSid === undefined) return usage("missing --workspace-sid (or $TASKROUTER_WORKSPACE_SID)")

  let capability: WorkspaceCapability
  try {
    const ttl = parseTtl(values.ttl)
    capability = new WorkspaceCapability({
      accountSid,
      authToken,
      workspaceSid,
      channel: values.channel,
      friendlyName: values["friendly-name"],
      ttl,
    })
    for (const item of (values.allow ?? []).flatMap((a) => a.split(","))) {
      const name = item.trim()
      if (name === "") continue
      if (!isHelper(name)) {
        throw new UsageError(
          `unknown --allow value ${JSON.stringify(name)}; use ${Object.keys(HELPERS).join(", ")}`,
        )
      }
      HELPERS[name](capability)
    }
    for (const p of values.policy ?? []) capability.addPolicy(parsePolicy(p, true, "--policy"))
    for (const p of values.deny ?? []) capability.addPolicy(parsePolicy(p, false, "--deny"))
  } catch (e) {
    if (e instanceof UsageError || e instanceof TokenError || e instanceof PolicyError)
      return usage(e.message)
    throw e
  }
  try {
    stdout.write(`${await capability.toJwt()}\n`)
    return 0
  } catch (e) {
    if (e instanceof TokenError) {
      stderr.write(`taskroute: could not mint the token: ${e.message}\n`)
      return 1
    }
    throw e
  }
}

const parse = (argv: ReadonlyArray<string>) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      "account-sid": { type: "string" },
      "auth-token": { type: "string" },
      "workspace-sid": { type: "string" },
      channel: { type: "string" },
      "friendly-name": { type: "string" },
      ttl: { type: "string" },
      allow: { type: "string", multiple: true },
      policy: { type: "string", multiple: true },
      deny: { type: "string", multiple: true },
      decode: { type: "string" },
      verify: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  })

const invokedDirectly = (): boolean => {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

/**
 * Runs {@link main} with this process's arguments, environment and outputs, and sets its exit code: what the
 * `taskroute` bin does (`bin/taskroute.js` calls it; `node dist/cli.js` runs it too).
 *
 * @example
 * ```ts
 * await run()
 * ```
 */
export const run = (): Promise<void> =>
  main(process.argv.slice(2), process.env, process.stdout, process.stderr).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(
        `taskroute: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      )
      process.exitCode = 1
    },
  )

if (invokedDirectly()) void run()
