// Removes a package's compiled output (dist/ and its tsbuildinfo) before `tsc --build` writes it again. tsc never
// deletes what it compiled from a source that has since been renamed or removed, so an incremental build would
// keep shipping it; the release checks refuse a tarball with such a file. Run from the package's folder.
import { readdirSync, rmSync } from "node:fs"

rmSync("dist", { recursive: true, force: true })
for (const name of readdirSync(".")) if (name.endsWith(".tsbuildinfo")) rmSync(name, { force: true })
