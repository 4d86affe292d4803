#!/usr/bin/env node
/**
 * `pnpm --filter @taskroute/demo run cli-example`: @taskroute/node the way a back-end service uses it (see
 * examples/backendService.ts). Starts the emulator unless TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and
 * TASKROUTER_WORKSPACE_SID are set.
 */
import { runBackendExample } from "./examples/backendService.js"

runBackendExample(process.env, (text) => process.stdout.write(`${text}\n`)).catch((error: unknown) => {
  process.stderr.write(`cli-example: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
