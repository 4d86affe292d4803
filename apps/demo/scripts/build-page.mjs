// Bundles the console page (src/page/main.ts and what it imports, @taskroute/browser included) with rolldown
// into dist/public/app.js, and copies the page's static files next to it. Workspace packages are bundled
// from their TypeScript sources (the "@taskroute/source" export condition), so no sibling build is needed.
//
//   node scripts/build-page.mjs            build, print the bundle's size
//   import { buildPage } from "./build-page.mjs"
import { copyFile, mkdir, readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { build } from "rolldown"

const root = fileURLToPath(new URL("..", import.meta.url))

/** Builds the page into `outDir` (default dist/public); resolves the gzipped size of app.js. */
export const buildPage = async (outDir = `${root}dist/public`) => {
  await mkdir(outDir, { recursive: true })
  await build({
    input: `${root}src/page/main.ts`,
    platform: "browser",
    logLevel: "warn",
    tsconfig: `${root}tsconfig.page.json`,
    resolve: {
      conditionNames: ["@taskroute/source", "browser", "import", "default"],
      extensionAlias: { ".js": [".ts", ".js"] },
    },
    output: {
      file: `${outDir}/app.js`,
      format: "esm",
      minify: true,
      sourcemap: true,
    },
  })
  await copyFile(`${root}src/page/index.html`, `${outDir}/index.html`)
  await copyFile(`${root}src/page/styles.css`, `${outDir}/app.css`)
  await copyFile(`${root}src/page/favicon.svg`, `${outDir}/favicon.svg`)
  const js = await readFile(`${outDir}/app.js`)
  return { bytes: js.length, gzipped: gzipSync(js).length }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bytes, gzipped } = await buildPage()
  console.log(`demo: console page built: app.js ${bytes} bytes, ${gzipped} gzipped`)
}
