import { defineConfig, mergeConfig } from "vitest/config"
import shared from "../../vitest.shared.ts"

// Browser tests share one chromium per file and start their own demo servers; run files one at a time so
// the two-core machines CI uses are not oversubscribed.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
)
