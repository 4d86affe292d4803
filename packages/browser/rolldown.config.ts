import { defineConfig } from "rolldown"

/** The bundles take the workspace packages from their TypeScript sources (the bench and the tests use it too). */
export const resolve = { conditionNames: ["@taskroute/source", "es2015", "import", "default"] }

// The script-tag bundle: one minified IIFE defining `Twilio.TaskRouter.Workspace` and `TaskRoute`.
export default defineConfig({
  input: "src/global.ts",
  platform: "browser",
  resolve,
  output: { file: "dist/taskroute.min.js", format: "iife", minify: true, sourcemap: false },
})
