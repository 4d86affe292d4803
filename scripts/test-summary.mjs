// Adds up the vitest JSON reports of every package and prints one closing line.
import { existsSync, readFileSync, readdirSync } from "node:fs"
import { join } from "node:path"

let passed = 0
let failed = 0
let skipped = 0
for (const group of ["packages", "apps"]) {
  if (!existsSync(group)) continue
  for (const name of readdirSync(group)) {
    const file = join(group, name, "test-results", "vitest.json")
    if (!existsSync(file)) continue
    const report = JSON.parse(readFileSync(file, "utf8"))
    passed += report.numPassedTests ?? 0
    failed += report.numFailedTests ?? 0
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
    console.log(`${group}/${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`)
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
