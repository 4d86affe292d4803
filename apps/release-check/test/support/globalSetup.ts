// Packs the four packages once for every test file. Nothing is built here: turbo runs the packages' `build`
// before this package's `test` (they are its dependencies). A missing build fails loudly, and so does a stale one
// when the tests run without turbo.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { TestProject } from "vitest/node"
import { run } from "./exec.js"
import { newestMtime, PACKAGES, type PackageDir, packagePath } from "./repo.js"

const REQUIRED: Readonly<Record<PackageDir, ReadonlyArray<string>>> = {
  core: ["dist/index.js"],
  node: ["dist/index.js", "dist/cli.js"],
  browser: ["dist/index.js", "dist/taskroute.min.js"],
  testing: ["dist/index.js", "dist/bin.js"],
}

const mtimeOf = (file: string): number => (existsSync(file) ? statSync(file).mtimeMs : 0)

const checkBuilt = (dir: PackageDir): void => {
  const root = packagePath(dir)
  for (const file of REQUIRED[dir]) {
    if (!existsSync(join(root, file))) {
      throw new Error(
        `packages/${dir}/${file} is missing: build the packages first (pnpm turbo run test --filter=@taskroute/release-check builds them)`,
      )
    }
  }
  // Under turbo (it sets TURBO_HASH in every task) the build has just run, or was restored from its cache because
  // the sources' content is unchanged; a cache hit leaves older files in dist/, so file times would call a touched
  // but unchanged source stale, and no rebuild through turbo would clear that.
  if (process.env.TURBO_HASH !== undefined) return
  // tsc rewrites only the outputs whose text changed, but always its build info: compare with both.
  const built = Math.max(newestMtime(join(root, "dist")), mtimeOf(join(root, "tsconfig.tsbuildinfo")))
  if (newestMtime(join(root, "src")) > built) {
    throw new Error(
      `packages/${dir}/src changed after its last build: run these tests through turbo, which builds what changed ` +
        "(pnpm turbo run test --filter=@taskroute/release-check)",
    )
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  for (const dir of PACKAGES) checkBuilt(dir)
  const out = mkdtempSync(join(tmpdir(), "taskroute-packs-"))
  const tarballs: Partial<Record<PackageDir, string>> = {}
  for (const dir of PACKAGES) {
    const { stdout } = await run("pnpm", ["pack", "--json", "--pack-destination", out], {
      cwd: packagePath(dir),
      timeoutMs: 60_000,
    })
    const report: unknown = JSON.parse(stdout.slice(stdout.indexOf("{")))
    const filename =
      typeof report === "object" && report !== null && "filename" in report ? report.filename : undefined
    if (typeof filename !== "string") throw new Error(`pnpm pack printed no filename for ${dir}:\n${stdout}`)
    tarballs[dir] = filename
  }
  const { core, node, browser, testing } = tarballs
  if (core === undefined || node === undefined || browser === undefined || testing === undefined) {
    throw new Error("a package was not packed")
  }
  project.provide("packs", { dir: out, tarballs: { core, node, browser, testing } })
  return () => rmSync(out, { recursive: true, force: true })
}
