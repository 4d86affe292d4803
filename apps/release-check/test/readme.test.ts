import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { repoRoot as root } from "./support/repo.js"

const read = (path: string) => readFileSync(join(root, path), "utf8")
const readme = read("README.md")

const section = (markdown: string, heading: string): string => {
  const start = markdown.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`README has no "## ${heading}" section`)
  const next = markdown.indexOf("\n## ", start + 1)
  return markdown.slice(start, next < 0 ? undefined : next)
}

describe("the root README", () => {
  it("has a Quick start of exactly two commands, the second run verbatim by CI", () => {
    const quickStart = section(readme, "Quick start")
    const blocks = [...quickStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "")
    const commands = blocks.flatMap((block) => block.split("\n")).filter((line) => line.trim() !== "")
    expect(commands).toEqual(["bash scripts/demo.sh", "bash scripts/check.sh"])
    expect(read(".ci/run")).toContain("bash scripts/check.sh")
    for (const command of commands) expect(existsSync(join(root, command.replace("bash ", "")))).toBe(true)
  })

  it("lists every decision of DIFFERENCES.md (shipped in @taskroute/core) word for word", () => {
    const differences = read("packages/core/DIFFERENCES.md")
    // The README nests the file's sections one level deeper (its "## x" is the README's "### x").
    const body = differences
      .slice(differences.indexOf("\n") + 1)
      .trim()
      .replace(/^(#+) /gm, "#$1 ")
    expect(section(readme, "Differences from TaskRouter.js v1.21")).toContain(body)
  })

  it("links only to files that exist", () => {
    const links = [...readme.matchAll(/\]\(((?:packages|apps|docs)\/[^)#]+)\)/g)].map(
      (match) => match[1] ?? "",
    )
    expect(links.length).toBeGreaterThan(4)
    for (const link of links) expect(existsSync(join(root, link)), link).toBe(true)
  })
})
