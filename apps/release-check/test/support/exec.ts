import { spawn } from "node:child_process"

/** What a finished child process left behind. */
export interface Finished {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly cwd: string
  readonly env?: NodeJS.ProcessEnv | undefined
  /** Kill the process (SIGKILL) after this long; default 120 s. */
  readonly timeoutMs?: number | undefined
  /** Resolve whatever the exit code (default: reject on a non-zero exit). */
  readonly allowFailure?: boolean | undefined
}

/**
 * The environment for child tools: the caller's, without what pnpm, npm, turbo and vitest put there for their
 * own children (`npm_config_*` would reconfigure npm, `VITEST*` would confuse a nested vitest), except the
 * settings that say how to reach a registry.
 */
export const cleanEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    // Keep the settings that say how to reach a registry (a mirror, a proxy, a CA).
    const registrySetting =
      /^npm_config_(registry|.*:registry|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i.test(key)
    if (!registrySetting && /^(npm_|pnpm_|turbo_|vitest)/i.test(key)) continue
    if (key === "NODE_OPTIONS" || key === "NODE_ENV" || key === "INIT_CWD") continue
    env[key] = value
  }
  return { ...env, ...extra }
}

const describeRun = (command: string, args: ReadonlyArray<string>, cwd: string) =>
  `${[command, ...args].join(" ")} (in ${cwd})`

/**
 * Runs a command to completion and collects its output. Rejects, with both outputs in the message, when it
 * exits non-zero (unless `allowFailure`) or outlives `timeoutMs`.
 */
export const run = (command: string, args: ReadonlyArray<string>, options: RunOptions): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill("SIGKILL")
    }, options.timeoutMs ?? 120_000)
    child.once("error", (error) => {
      clearTimeout(timer)
      reject(new Error(`${describeRun(command, args, options.cwd)} could not start: ${error.message}`))
    })
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      const finished: Finished = { code, signal, stdout, stderr }
      if (timedOut) {
        reject(
          new Error(
            `${describeRun(command, args, options.cwd)} did not finish within ${options.timeoutMs ?? 120_000} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
          ),
        )
      } else if (code !== 0 && options.allowFailure !== true) {
        reject(
          new Error(
            `${describeRun(command, args, options.cwd)} exited with ${code ?? signal}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
          ),
        )
      } else {
        resolve(finished)
      }
    })
  })
