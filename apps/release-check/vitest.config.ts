import { defineConfig, mergeConfig } from "vitest/config"
import shared from "../../vitest.shared.ts"

// The packages are packed once (globalSetup) and shared by the test files; files run one at a time because
// each spawns npm, node and pnpm processes on a machine with few cores.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      globalSetup: ["test/support/globalSetup.ts"],
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 300_000,
    },
  }),
)
