import { defineConfig } from "rolldown"

// The script-tag bundle: one minified IIFE defining `Twilio.TaskRouter.Workspace` and `TaskRoute`.
export default defineConfig({
  input: "src/global.ts",
  platform: "browser",
  resolve: { conditionNames: ["@taskroute/source", "es2015", "import", "default"] },
  output: { file: "dist/taskroute.min.js", format: "iife", minify: true, sourcemap: false },
})
