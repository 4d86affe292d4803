/**
 * The console's capability tokens: short-lived, minted by the demo's server with @taskroute/node, renewed by
 * the SDK ahead of expiry (the page gives it a tokenProvider); when renewal fails the indicator says "Token
 * expired", and the console recovers by itself once the token endpoint answers again.
 */
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Demo, startDemo } from "../../src/server/DemoServer.js"
import { type RestClient, str } from "../../src/server/internal/rest.js"
import { type Browser, buildPageOnce, launch } from "../support/browser.js"
import { restOf } from "../support/rest.js"

const TTL = 12

const expiresAt = async (page: Page): Promise<number> =>
  Number(await page.locator("#token-status").getAttribute("data-expires-at"))

const connectionState = (page: Page) => page.locator("#connection").getAttribute("data-state")

describe("tokens", () => {
  let demo: Demo
  let browser: Browser
  let rest: RestClient
  beforeAll(async () => {
    const publicDir = await buildPageOnce()
    demo = await startDemo({
      port: 0,
      publicDir,
      simulate: false,
      tokenTtl: TTL,
      backend: { kind: "emulator", heartbeatMs: 1000 },
    })
    rest = restOf(demo)
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  it("renews the token before it expires and keeps working past the first token's expiry", async () => {
    const { page } = browser
    const minted: Array<number> = []
    page.on("response", (response) => {
      if (new URL(response.url()).pathname === "/token" && response.ok()) minted.push(Date.now())
    })
    await page.goto(demo.url)
    await page.locator('#connection[data-state="connected"]').waitFor()
    await expect.poll(() => expiresAt(page)).toBeGreaterThan(0)
    const first = await expiresAt(page)
    // The SDK asks the page's tokenProvider for a new token ahead of expiry.
    await expect.poll(() => expiresAt(page), { timeout: TTL * 1000 }).toBeGreaterThan(first)
    expect(minted.length).toBeGreaterThanOrEqual(2)
    // Past the first token's expiry, requests and events still work over a connection made with a newer token.
    await expect.poll(() => Date.now(), { timeout: TTL * 1000, interval: 250 }).toBeGreaterThan(first + 500)
    await expect.poll(() => connectionState(page)).toBe("connected")
    const farid = (await rest.list("/Workers", "workers")).find((w) => str(w, "friendly_name") === "Farid")
    await page.locator('[data-worker-name="Farid"] select').selectOption({ label: "Break" })
    await page.locator('[data-testid="lane"][data-activity="Break"] [data-worker-name="Farid"]').waitFor()
    expect(str(await rest.get(`/Workers/${str(farid, "sid")}`), "activity_name")).toBe("Break")
    expect(browser.errors).toEqual([])
  })

  it("says the token expired when it cannot be renewed, and recovers when it can", async () => {
    const { page } = browser
    const expiries = page.locator('[data-testid="feed-item"][data-event-type="token.expired"]')
    const before = await expiries.count()
    // The token endpoint goes down: the SDK cannot renew the token, which runs out.
    await page.route("**/token", (route) => route.fulfill({ status: 503, body: "maintenance" }))
    await expect.poll(() => expiries.count(), { timeout: TTL * 2000 }).toBe(before + 1)
    await page.locator('#connection[data-state="token-expired"]').waitFor()
    expect(await page.locator("#connection .label").textContent()).toBe("Token expired")
    await browser.screenshot("08-token-expired", { fullPage: false })
    // It comes back: the SDK's retries get a token, the console reconnects and reloads.
    await page.unroute("**/token")
    await page.locator('#connection[data-state="connected"]').waitFor({ timeout: 45_000 })
    await page.locator('[data-testid="feed-item"][data-event-type="token.updated"]').first().waitFor()
    const maya = (await rest.list("/Workers", "workers")).find((w) => str(w, "friendly_name") === "Maya")
    await rest.post(`/Workers/${str(maya, "sid")}`, {
      ActivitySid: str(
        (await rest.list("/Activities", "activities")).find((a) => str(a, "friendly_name") === "Available"),
        "sid",
      ),
    })
    await page.locator('[data-testid="lane"][data-activity="Available"] [data-worker-name="Maya"]').waitFor()
  })
})
