// Shared by the generators (gen-manifest.mjs, gen-resources.mjs).
import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))

/** Formats generated TypeScript with the repository's Biome, so that regenerating gives no diff. */
export const formatWithBiome = (files) => {
  const biome = resolve(here, "../../../node_modules/@biomejs/biome/bin/biome")
  if (!existsSync(biome)) {
    console.warn("biome not found; run `pnpm biome format --write` on the generated files")
    return
  }
  execFileSync(process.execPath, [biome, "format", "--write", ...files], { stdio: "inherit" })
}
