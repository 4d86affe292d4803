import { defineConfig } from "rolldown"

/** The bundles take the workspace packages from their TypeScript sources (the bench and the tests use it too). */
export const resolve = { conditionNames: ["@taskroute/source", "es2015", "import", "default"] }

/**
 * Comments a shipped bundle keeps: licence comments only. `#__PURE__` annotations help a bundler that will
 * tree-shake the code again; in a finished, minified bundle they are dead bytes (about 2.7 kB minified and 230 B
 * gzipped here, from Effect's modules). The size bench builds its ESM app the same way, as an app's production
 * build would.
 */
export const comments = { legal: true, annotation: false, jsdoc: false }

// The script-tag bundle: one minified IIFE defining `Twilio.TaskRouter.Workspace` and `TaskRoute`.
export default defineConfig({
  input: "src/global.ts",
  platform: "browser",
  resolve,
  output: { file: "dist/taskroute.min.js", format: "iife", minify: true, sourcemap: false, comments },
})
