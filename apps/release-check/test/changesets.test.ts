// The release as changesets will make it: `changeset status` passes on the repository, and `changeset version`,
// run on a copy of the repository (never on the checkout itself), gives the four packages of the fixed group one
// new version with changelog entries, and leaves the private apps alone.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { run } from "./support/exec.js"
import { PACKAGES, packageName, repoRoot } from "./support/repo.js"

type Bump = "major" | "minor" | "patch"
const RANK: Readonly<Record<Bump, number>> = { patch: 1, minor: 2, major: 3 }
const isBump = (u: unknown): u is Bump => u === "major" || u === "minor" || u === "patch"

/** One pending changeset file: the bump of each package it names, and its summary. */
interface Changeset {
  readonly id: string
  readonly bumps: ReadonlyMap<string, Bump>
  readonly summary: string
}

const readChangesets = (dir: string): ReadonlyArray<Changeset> =>
  readdirSync(dir)
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8")
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)
      if (match === null) throw new Error(`.changeset/${file} has no frontmatter`)
      const bumps = new Map<string, Bump>()
      for (const line of (match[1] ?? "").split("\n")) {
        const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(\w+)\s*$/.exec(line)
        if (entry === null) continue
        const [, name, bump] = entry
        if (name === undefined || !isBump(bump)) throw new Error(`.changeset/${file}: bad line ${line}`)
        bumps.set(name, bump)
      }
      return { id: file.replace(/\.md$/, ""), bumps, summary: (match[2] ?? "").trim() }
    })

const bumpVersion = (version: string, bump: Bump): string => {
  const [major = 0, minor = 0, patch = 0] = version.split(/[.-]/).slice(0, 3).map(Number)
  if (bump === "major") return `${major + 1}.0.0`
  if (bump === "minor") return `${major}.${minor + 1}.0`
  return `${major}.${minor}.${patch + 1}`
}

const readJson = (file: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(readFileSync(file, "utf8"))
  if (typeof value !== "object" || value === null) throw new Error(`${file} is not a JSON object`)
  return { ...value }
}

/** The workspace's package folders (`packages/core`, `apps/demo`, ...). */
const workspaceDirs: ReadonlyArray<string> = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(repoRoot, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, group, entry.name, "package.json")))
    .map((entry) => `${group}/${entry.name}`),
)

const changesets = readChangesets(join(repoRoot, ".changeset"))
const group = PACKAGES.map(packageName)
const groupBump = changesets
  .flatMap((c) => group.map((name) => c.bumps.get(name)))
  .filter(isBump)
  .reduce<Bump | undefined>(
    (top, bump) => (top === undefined || RANK[bump] > RANK[top] ? bump : top),
    undefined,
  )
const currentVersions = new Map(
  PACKAGES.map((dir) => [dir, String(readJson(join(repoRoot, "packages", dir, "package.json")).version)]),
)
const highest = [...currentVersions.values()]
  .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
  .at(-1)
const expectedVersion =
  groupBump === undefined || highest === undefined ? undefined : bumpVersion(highest, groupBump)

let temp = ""
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), "taskroute-changesets-"))
})
afterAll(() => {
  if (temp !== "") rmSync(temp, { recursive: true, force: true })
})

describe("changesets", () => {
  it("config: the four packages in one fixed group, the private apps ignored", () => {
    const config = readJson(join(repoRoot, ".changeset", "config.json"))
    const fixed = Array.isArray(config.fixed) ? config.fixed : []
    expect(fixed).toHaveLength(1)
    expect([...(Array.isArray(fixed[0]) ? fixed[0] : [])].sort()).toEqual([...group].sort())
    const ignore = Array.isArray(config.ignore) ? config.ignore : []
    for (const dir of workspaceDirs.filter((d) => d.startsWith("apps/"))) {
      const manifest = readJson(join(repoRoot, dir, "package.json"))
      expect(manifest.private, `${dir} is private`).toBe(true)
      expect(ignore, `${dir} is ignored`).toContain(manifest.name)
    }
  })

  it("`changeset status` succeeds and plans one version for the whole fixed group", async () => {
    const output = join(temp, "status.json")
    await run("pnpm", ["changeset", "status", "--output", output], { cwd: repoRoot, timeoutMs: 60_000 })
    const plan = readJson(output)
    const releases = Array.isArray(plan.releases) ? plan.releases : []
    const planned = new Map<string, { type: unknown; oldVersion: unknown; newVersion: unknown }>(
      releases.map((r: { name?: unknown; type?: unknown; oldVersion?: unknown; newVersion?: unknown }) => [
        String(r.name),
        { type: r.type, oldVersion: r.oldVersion, newVersion: r.newVersion },
      ]),
    )
    for (const name of group) {
      if (expectedVersion === undefined) expect(planned.get(name)?.type ?? "none", name).toBe("none")
      else expect(planned.get(name), name).toMatchObject({ type: groupBump, newVersion: expectedVersion })
    }
    // Anything else (the private apps) is planned as "none": not released.
    for (const [name, release] of planned) {
      if (!group.includes(name))
        expect(release, name).toMatchObject({ type: "none", newVersion: release.oldVersion })
    }
  })

  it("`changeset version` on a copy of the repository bumps the four packages together and writes their changelogs", async () => {
    // A clone of the committed history (so changesets can name commits), brought to the working tree's state
    // for what changesets reads: the .changeset folder and every workspace package.json.
    const copy = join(temp, "repo")
    await run("git", ["clone", "--quiet", "--shared", repoRoot, copy], { cwd: temp, timeoutMs: 60_000 })
    rmSync(join(copy, ".changeset"), { recursive: true, force: true })
    cpSync(join(repoRoot, ".changeset"), join(copy, ".changeset"), { recursive: true })
    for (const file of ["package.json", "pnpm-workspace.yaml"]) cpSync(join(repoRoot, file), join(copy, file))
    for (const dir of workspaceDirs) {
      mkdirSync(join(copy, dir), { recursive: true })
      cpSync(join(repoRoot, dir, "package.json"), join(copy, dir, "package.json"))
    }
    symlinkSync(join(repoRoot, "node_modules"), join(copy, "node_modules"))
    const before = new Map(workspaceDirs.map((dir) => [dir, readJson(join(copy, dir, "package.json"))]))

    await run(process.execPath, [join(repoRoot, "node_modules", "@changesets", "cli", "bin.js"), "version"], {
      cwd: copy,
      timeoutMs: 60_000,
    })

    for (const dir of workspaceDirs) {
      const after = readJson(join(copy, dir, "package.json"))
      const old = before.get(dir) ?? {}
      const published = PACKAGES.some((p) => `packages/${p}` === dir)
      if (!published || expectedVersion === undefined) {
        expect(after.version, `${dir} keeps its version`).toBe(old.version)
        continue
      }
      expect(after.version, dir).toBe(expectedVersion)
      // Internal dependencies keep pnpm's workspace protocol (pnpm pack replaces it with the version).
      for (const field of ["dependencies", "devDependencies"]) {
        const deps = after[field]
        if (typeof deps !== "object" || deps === null) continue
        for (const [name, spec] of Object.entries(deps)) {
          if (name.startsWith("@taskroute/")) expect(spec, `${dir} ${field} ${name}`).toMatch(/^workspace:/)
        }
      }
      const changelog = readFileSync(join(copy, dir, "CHANGELOG.md"), "utf8")
      const name = String(after.name)
      expect(
        changelog.startsWith(`# ${name}\n\n## ${expectedVersion}\n`),
        `${dir}/CHANGELOG.md heading`,
      ).toBe(true)
      for (const changeset of changesets.filter((c) => c.bumps.has(name))) {
        const firstLine = changeset.summary.split("\n")[0] ?? ""
        expect(changelog, `${dir}/CHANGELOG.md names ${changeset.id}`).toContain(firstLine)
      }
    }
    const left = readdirSync(join(copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md")
    expect(left, "the changesets are consumed").toEqual([])
    // For today's changesets (minor bumps of 0.0.0), that is the first release: 0.1.0.
    if (highest === "0.0.0" && groupBump === "minor") expect(expectedVersion).toBe("0.1.0")
  })
})
