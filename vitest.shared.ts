import { defineConfig } from "vitest/config"

// Workspace packages resolve to their TypeScript sources in tests (the "@taskroute/source" export
// condition), so `vitest run` needs no prior build of sibling packages. Each package also writes a JSON
// report that scripts/test-summary.mjs adds up.
export default defineConfig({
  resolve: { conditions: ["@taskroute/source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["@taskroute/source", "node", "import", "default"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
})
