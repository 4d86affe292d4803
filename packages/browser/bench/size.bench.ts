/**
 * Bundle size bench: the script-tag bundle (dist/taskroute.min.js, what `pnpm build` writes) and a minimal ESM
 * app using `Workspace` (bench/app/app.ts), both built with rolldown 1.3.2, minified, keeping licence comments
 * only (as the shipped bundle: see `comments` in rolldown.config.ts), gzipped at level 9,
 * against TaskRouter.js v1.21's taskrouter.min.js (22,752 B gzipped) and twilio-taskrouter 2.1.1 bundled for the
 * browser without graphql (76,730 B gzipped; reference/taskrouter-js-v1.md section 15). Target: under 35,000 B.
 *
 * Run from packages/browser: node --import ../../scripts/ts-hooks.mjs bench/size.bench.ts
 */
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { type InputOptions, rolldown } from "rolldown"
import config, { comments, resolve } from "../rolldown.config.js"

const V1 = 22_752
const V2 = 76_730
const TARGET = 35_000

const here = import.meta.dirname

/** Minified and gzipped sizes of one rolldown build. */
const measure = async (
  input: InputOptions,
  format: "iife" | "esm",
): Promise<{ min: number; gzip: number }> => {
  const bundle = await rolldown(input)
  const { output } = await bundle.generate({ format, minify: true, comments })
  await bundle.close()
  const code = output.map((chunk) => (chunk.type === "chunk" ? chunk.code : "")).join("")
  return { min: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length }
}

const script = await measure(config, "iife")
const app = await measure(
  {
    input: join(here, "app", "app.ts"),
    platform: "browser",
    resolve,
  },
  "esm",
)

const row = (name: string, size: { min: number; gzip: number }) =>
  `${name.padEnd(34)} ${String(size.min).padStart(8)} B min ${String(size.gzip).padStart(7)} B gz   ` +
  `${(size.gzip / V1).toFixed(2)}x v1.21   ${(size.gzip / V2).toFixed(2)}x twilio-taskrouter 2.1.1   ` +
  `${size.gzip < TARGET ? "under" : "OVER"} the ${TARGET} B target`

console.log("bundle sizes (rolldown, minified, gzip -9)")
console.log(row("script-tag bundle (taskroute.min.js)", script))
console.log(row("ESM app using Workspace", app))
console.log(
  `${"TaskRouter.js v1.21 taskrouter.min.js".padEnd(34)} ${"106572".padStart(8)} B min ${String(V1).padStart(7)} B gz`,
)
console.log(
  `${"twilio-taskrouter 2.1.1 (no graphql)".padEnd(34)} ${"262634".padStart(8)} B min ${String(V2).padStart(7)} B gz`,
)
