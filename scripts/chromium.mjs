// Debian's Chromium as the project launches it through playwright-core: the browser tests of
// @taskroute/browser and of the demo, and packages/testing/scripts/verify-taskrouter-v1.mjs.

/** The executable: `CHROMIUM_PATH`, else where Debian's `chromium` package puts it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

/**
 * Headless, without the sandbox (it needs privileges a container may not give), and without the background
 * traffic a fresh profile would start: the tests reach loopback only.
 */
export const CHROMIUM_FLAGS = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
])
