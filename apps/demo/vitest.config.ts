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
      // What the browser shows follows the server through the network: give conditions time to come true.
      expect: { poll: { timeout: 15_000, interval: 100 } },
      hookTimeout: 60_000,
    },
  }),
)
