/**
 * Debian's chromium driven by playwright-core, as the console's browser tests use it: the flags of the
 * project's CI, a fresh profile per launch, and a clear failure (never a skip) when chromium is missing.
 */
import { mkdir } from "node:fs/promises"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type BrowserContext, chromium, type Page } from "playwright-core"
import { launchInProfile } from "../../../../scripts/chromium.mjs"

export const SCREENSHOTS = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url))

export interface Browser {
  readonly context: BrowserContext
  readonly page: Page
  /** Messages the page logged as errors, and uncaught exceptions. */
  readonly errors: ReadonlyArray<string>
  /** Saves a PNG of the whole page (or of the viewport, or of one element) under test-results/screenshots. */
  readonly screenshot: (
    name: string,
    options?: { readonly fullPage?: boolean; readonly selector?: string },
  ) => Promise<string>
  readonly close: () => Promise<void>
}

/** Launches chromium with a fresh user-data-dir and opens one page. */
export const launch = async (): Promise<Browser> => {
  const { context, close } = await launchInProfile(chromium, "taskroute-chromium-", {
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: Array<string> = []
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`))
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`)
  })
  await mkdir(SCREENSHOTS, { recursive: true })
  return {
    context,
    page,
    errors,
    screenshot: async (name, options = {}) => {
      const path = join(SCREENSHOTS, `${name}.png`)
      // Notifications float over whatever is below them: keep them out of the pictures.
      const style = "#toasts { visibility: hidden; }"
      if (options.selector !== undefined)
        await page.locator(options.selector).first().screenshot({ path, style })
      else await page.screenshot({ path, fullPage: options.fullPage ?? true, style })
      return path
    },
    close,
  }
}

/** Where the browser tests build the page (not dist/, which belongs to the package's build). */
export const PUBLIC_DIR = fileURLToPath(new URL("../../test-results/public/", import.meta.url))

let built: Promise<string> | undefined

/**
 * Builds the console page from the current sources into {@link PUBLIC_DIR}, once per test process; resolves
 * the directory to give `startDemo` as `publicDir`.
 */
export const buildPageOnce = (): Promise<string> => {
  built ??= import("../../scripts/build-page.mjs").then((m) => m.buildPage(PUBLIC_DIR)).then(() => PUBLIC_DIR)
  return built
}
