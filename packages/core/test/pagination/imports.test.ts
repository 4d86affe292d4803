import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src")

/** Every import of a module and, transitively, of the local modules it imports. */
const importGraph = (entry: string): Map<string, ReadonlyArray<string>> => {
  const graph = new Map<string, ReadonlyArray<string>>()
  const visit = (file: string) => {
    if (graph.has(file)) return
    const text = readFileSync(file, "utf8")
    const imports = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[0])
    graph.set(file, imports)
    for (const statement of imports) {
      const specifier = /from\s+"([^"]+)"/.exec(statement)?.[1] ?? ""
      if (specifier.startsWith(".") && !/^(?:import|export)\s+type\b/.test(statement)) {
        visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")))
      }
    }
  }
  visit(entry)
  return graph
}

describe("bundle boundary", () => {
  for (const entry of ["Paginator.ts", "CursorPage.ts", "NumberedPage.ts"]) {
    it(`pagination/${entry} reaches no effect/Stream import (the browser bundle drops Stream)`, () => {
      const graph = importGraph(resolve(src, "pagination", entry))
      assert.isAbove(graph.size, 1)
      for (const [file, imports] of graph) {
        for (const statement of imports) {
          const valueImport = !/^(?:import|export)\s+type\b/.test(statement)
          const fromEffect = /from\s+"effect(?:\/Stream)?"/.test(statement)
          assert.isFalse(
            valueImport && fromEffect && /\bStream\b/.test(statement),
            `${file} imports Stream: ${statement}`,
          )
          assert.notInclude(statement, "internal/rx.js", `${file} imports the Stream bridge`)
        }
      }
    })
  }

  it("the check sees a Stream import where there is one", () => {
    const graph = importGraph(resolve(src, "pagination", "PaginatorStream.ts"))
    const all = [...graph.values()].flat().join("\n")
    assert.match(all, /import \{[^}]*\bStream\b[^}]*\} from "effect"/)
  })
})
