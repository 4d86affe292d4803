// What `pnpm pack` would publish, package by package: publint --strict, the file list, the packed package.json
// (exports shape, no workspace-only condition, pinned internal versions), bins, source maps and imports.
import { readFileSync } from "node:fs"
import { builtinModules } from "node:module"
import { posix } from "node:path"
import { publint } from "publint"
import { formatMessage } from "publint/utils"
import { describe, expect, inject, it } from "vitest"
import { PACKAGES, type PackageDir, packageName } from "./support/repo.js"
import {
  allKeys,
  conditionObjects,
  declaredExports,
  exportTargets,
  importedSpecifiers,
  openPacked,
  type Packed,
  packageOf,
  stringMap,
} from "./support/tarball.js"

const packs = inject("packs")
const packed: Readonly<Record<PackageDir, Packed>> = {
  core: openPacked(packs.tarballs.core),
  node: openPacked(packs.tarballs.node),
  browser: openPacked(packs.tarballs.browser),
  testing: openPacked(packs.tarballs.testing),
}

/** Packages whose code may use Node's built-in modules (the others must run in browsers too). */
const NODE_ONLY: ReadonlySet<PackageDir> = new Set(["node", "testing"])
/** Bundles built from several sources, with no one-to-one source file. */
const BUNDLES: ReadonlySet<string> = new Set(["dist/taskroute.min.js"])
const TOP_LEVEL =
  /^(package\.json|README\.md|CHANGELOG\.md|DIFFERENCES\.md|LICENSE(\.md)?|bin\/[\w-]+\.js|dist\/.+|src\/.+)$/

const isBuiltin = (specifier: string) =>
  specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0] ?? "")

describe.each(PACKAGES)("the tarball of @taskroute/%s", (dir) => {
  const pkg = packed[dir]
  const paths = [...pkg.files.keys()]
  const dependencies = stringMap(pkg.manifest.dependencies, "dependencies")
  const peers = stringMap(pkg.manifest.peerDependencies, "peerDependencies")

  it("passes publint --strict with no message at any level", async () => {
    const tarball = readFileSync(packs.tarballs[dir])
    const { messages, pkg: manifest } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      strict: true,
      level: "suggestion",
    })
    expect(
      messages.map((m) => `${m.type}: ${formatMessage(m, manifest, { color: false }) ?? m.code}`),
    ).toEqual([])
  })

  it("holds only the build, its sources, its bin launchers, the README and the changelog", () => {
    expect(pkg.name).toBe(packageName(dir))
    expect(paths.filter((p) => !TOP_LEVEL.test(p))).toEqual([])
    expect(
      paths.filter((p) => /(^|\/)(test|tests|__tests__|bench)\/|\.(test|spec|bench)\.[cm]?[jt]sx?$/.test(p)),
    ).toEqual([])
    expect(paths.filter((p) => /\.tsbuildinfo$|(^|\/)\.|\.log$/.test(p))).toEqual([])
    expect(pkg.files.get("README.md")?.text.length ?? 0).toBeGreaterThan(1000)
  })

  it("ships no stale build output: every compiled file has its source", () => {
    const compiled = paths.filter((p) => p.startsWith("dist/") && /\.(d\.ts|js)$/.test(p) && !BUNDLES.has(p))
    expect(compiled.length).toBeGreaterThan(0)
    const orphans = compiled.filter(
      (p) => !pkg.files.has(p.replace(/^dist\//, "src/").replace(/(\.d)?\.js$|\.d\.ts$/, ".ts")),
    )
    expect(orphans).toEqual([])
  })

  it("ships every source map with the sources it names, and no dangling sourceMappingURL", () => {
    const broken: Array<string> = []
    for (const [path, file] of pkg.files) {
      if (path.endsWith(".map")) {
        const map: unknown = JSON.parse(file.text)
        const sources =
          typeof map === "object" && map !== null && "sources" in map && Array.isArray(map.sources)
            ? map.sources
            : []
        if (sources.length === 0) broken.push(`${path}: no sources`)
        for (const source of sources) {
          const resolved = posix.join(posix.dirname(path), String(source))
          if (!pkg.files.has(resolved)) broken.push(`${path} -> ${resolved}`)
        }
      } else if (/\.(js|ts)$/.test(path)) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(file.text)?.[1]
        if (url !== undefined && !url.startsWith("data:")) {
          const resolved = posix.join(posix.dirname(path), url)
          if (!pkg.files.has(resolved)) broken.push(`${path} -> ${resolved}`)
        }
      }
    }
    expect(broken).toEqual([])
  })

  it("has ESM exports with types first, without the workspace's @taskroute/source condition", () => {
    const { manifest } = pkg
    expect(manifest.type).toBe("module")
    const exportsField = manifest.exports
    expect(allKeys(exportsField)).not.toContain("@taskroute/source")
    expect(exportsField).toMatchObject({
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./package.json": "./package.json",
    })
    for (const keys of conditionObjects(exportsField)) {
      if (keys.includes("types")) expect(keys[0]).toBe("types")
      if (keys.includes("default")) expect(keys.at(-1)).toBe("default")
    }
    for (const { path, target } of exportTargets(exportsField)) {
      expect(target, `exports ${path.join(" > ")}`).toMatch(/^\.\//)
      expect(target, `exports ${path.join(" > ")}`).not.toMatch(/^\.\/src\//)
      expect(pkg.files.has(target.slice(2)), `exports ${path.join(" > ")} -> ${target}`).toBe(true)
    }
    for (const field of ["main", "types"] as const) {
      const target = manifest[field]
      if (target !== undefined) expect(pkg.files.has(String(target).replace(/^\.\//, "")), field).toBe(true)
    }
  })

  it("pins its runtime dependencies, and its sibling packages at its own version", () => {
    for (const [name, spec] of Object.entries({ ...dependencies, ...peers })) {
      expect(spec, name).not.toMatch(/^(workspace|catalog|file|link):/)
      if (name.startsWith("@taskroute/")) expect(spec, name).toBe(pkg.version)
    }
  })

  it("imports at runtime and in its types only what it depends on", () => {
    const wrong: Array<string> = []
    for (const [path, file] of pkg.files) {
      if (!/^(dist|bin)\//.test(path) || BUNDLES.has(path) || !/\.(js|d\.ts)$/.test(path)) continue
      for (const specifier of importedSpecifiers(file.text)) {
        const name = packageOf(specifier)
        if (name === undefined) {
          const target = posix.join(posix.dirname(path), specifier)
          const typesTarget = target.replace(/\.js$/, ".d.ts")
          if (!pkg.files.has(path.endsWith(".d.ts") ? typesTarget : target))
            wrong.push(`${path}: ${specifier} is not in the tarball`)
        } else if (isBuiltin(specifier)) {
          if (!NODE_ONLY.has(dir))
            wrong.push(`${path}: ${specifier} (a Node built-in in a browser-safe package)`)
          if (path.endsWith(".d.ts")) wrong.push(`${path}: ${specifier} in public types (needs @types/node)`)
        } else if (!(name in dependencies || name in peers)) {
          wrong.push(`${path}: ${specifier} (${name} is not a dependency)`)
        }
      }
    }
    expect(wrong).toEqual([])
  })

  it("has executable bins that start with a node shebang", () => {
    const bins = stringMap(pkg.manifest.bin, "bin")
    const expected: Readonly<Partial<Record<PackageDir, ReadonlyArray<string>>>> = {
      node: ["taskroute"],
      testing: ["taskroute-fake"],
    }
    expect(Object.keys(bins).sort()).toEqual([...(expected[dir] ?? [])])
    for (const [name, target] of Object.entries(bins)) {
      const file = pkg.files.get(target.replace(/^\.\//, ""))
      expect(file, `bin ${name}`).toBeDefined()
      expect(file?.text.startsWith("#!/usr/bin/env node\n"), `bin ${name} shebang`).toBe(true)
      expect((file?.mode ?? 0) & 0o111, `bin ${name} mode ${(file?.mode ?? 0).toString(8)}`).toBe(0o111)
    }
  })

  it("documents every export in the README's API section", () => {
    const { names, reexports } = declaredExports(pkg.files, "dist/index.d.ts")
    const readme = pkg.files.get("README.md")?.text ?? ""
    const api = readme.split(/^## API\s*$/m)[1]?.split(/^## /m)[0] ?? ""
    const documented = new Set([...api.matchAll(/^\s*- `([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]))
    expect(
      [...names].filter((n) => !documented.has(n)).sort(),
      "exported but not in the API section",
    ).toEqual([])
    expect(
      [...documented].filter((n) => n !== undefined && !names.has(n)).sort(),
      "documented but not exported",
    ).toEqual([])
    for (const other of reexports)
      expect(api, `the API section names the re-exported ${other}`).toContain(other)
  })
})

describe("the four tarballs", () => {
  it("share one version (the changesets' fixed group)", () => {
    expect(new Set(PACKAGES.map((dir) => packed[dir].version)).size).toBe(1)
  })
})
