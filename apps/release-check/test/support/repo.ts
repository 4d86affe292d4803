import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The monorepo's root directory. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url))

/** The published packages, by folder under `packages/`. */
export const PACKAGES = ["core", "node", "browser", "testing"] as const
export type PackageDir = (typeof PACKAGES)[number]

export const packageName = (dir: PackageDir): string => `@taskroute/${dir}`
export const packagePath = (dir: PackageDir): string => join(repoRoot, "packages", dir)

/** Where `pnpm pack` put each package's tarball (see globalSetup.ts). */
export interface Packs {
  readonly dir: string
  readonly tarballs: Readonly<Record<PackageDir, string>>
}

declare module "vitest" {
  export interface ProvidedContext {
    readonly packs: Packs
  }
}

/** An exact version pinned in the pnpm catalog of `pnpm-workspace.yaml`. */
export const catalogVersion = (name: string): string => {
  const yaml = readFileSync(join(repoRoot, "pnpm-workspace.yaml"), "utf8")
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
  const match = new RegExp(`^\\s+"?${escaped}"?:\\s*"?([^"\\s]+)"?\\s*$`, "m").exec(yaml)
  if (match?.[1] === undefined) throw new Error(`${name} is not in the pnpm catalog`)
  return match[1]
}

/** The newest modification time of any file below `dir` (0 when there is none). */
export const newestMtime = (dir: string): number => {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}
