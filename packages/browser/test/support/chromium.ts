// What the two Chromium suites share: a loopback page server and Debian's Chromium (playwright-core) in a
// throw-away profile.
import { createServer } from "node:http"
import { chromium } from "playwright-core"
import { launchInProfile } from "../../../../scripts/chromium.mjs"

/**
 * Serves `page` at every path, and each script of `scripts` (by path, e.g. `/taskroute.mjs`) as JavaScript,
 * on a loopback port; resolves to the page's URL and a way to stop the server.
 */
export const servePage = async (
  page: string,
  scripts: Readonly<Record<string, string | Buffer>>,
): Promise<{ readonly url: string; readonly close: () => Promise<void> }> => {
  const server = createServer((req, res) => {
    const script = req.url === undefined ? undefined : scripts[req.url]
    if (script !== undefined) res.writeHead(200, { "content-type": "text/javascript" }).end(script)
    else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Launches headless Chromium in a new profile directory (named from `prefix`), removed again by `close`. */
export const launchChromium = (prefix: string) => launchInProfile(chromium, prefix)
