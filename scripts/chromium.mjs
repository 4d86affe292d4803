// Debian's Chromium as the project launches it through playwright-core: the browser tests of
// @taskroute/browser and of the demo, and packages/testing/scripts/verify-taskrouter-v1.mjs.
import { existsSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** The executable: `CHROMIUM_PATH`, else where Debian's `chromium` package puts it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

/**
 * Headless, without the sandbox (it needs privileges a container may not give), and without the background
 * traffic a fresh profile would start: the tests reach loopback only.
 */
const CHROMIUM_FLAGS = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
])

/**
 * Launches {@link CHROMIUM_PATH} headless with {@link CHROMIUM_FLAGS} (and `options`, e.g. a viewport) in a new
 * profile directory under the system's temporary directory, named from `prefix`. `chromium` is playwright-core's
 * (passed in: this file does not depend on it). `close` closes the browser and removes the profile; a failed
 * launch removes it too. A missing executable fails at once, with what to do about it.
 */
export const launchInProfile = async (chromium, prefix, options = {}) => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    )
  }
  const profile = await mkdtemp(join(tmpdir(), prefix))
  const removeProfile = () => rm(profile, { recursive: true, force: true })
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS],
      ...options,
    })
    return {
      context,
      close: async () => {
        await context.close()
        await removeProfile()
      },
    }
  } catch (error) {
    await removeProfile()
    throw error
  }
}
