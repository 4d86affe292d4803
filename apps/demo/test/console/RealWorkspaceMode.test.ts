/**
 * The console pointed at "a real workspace" (the TWILIO_* settings), here an emulator on loopback standing in
 * for TaskRouter: the page talks to that service directly with the tokens the demo's server mints, and the task
 * search runs on the Global Task List the server builds over the workspace's tasks.
 */
import { type FakeServer, startFakeServer } from "@taskroute/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Demo, startDemo } from "../../src/server/DemoServer.js"
import { str } from "../../src/server/internal/rest.js"
import { type Browser, buildPageOnce, launch } from "../support/browser.js"
import { restOfFake, twilioBackendOf } from "../support/rest.js"

describe("the console with a real workspace's settings", () => {
  let fake: FakeServer
  let demo: Demo
  let browser: Browser
  beforeAll(async () => {
    const publicDir = await buildPageOnce()
    fake = await startFakeServer({ port: 0, seed: "demo" })
    demo = await startDemo({
      port: 0,
      publicDir,
      backend: twilioBackendOf(fake),
    })
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
    await fake?.close()
  })

  it("shows the workspace and searches its tasks", async () => {
    const { page } = browser
    await page.goto(demo.url)
    await page.locator('#connection[data-state="connected"]').waitFor()
    expect(await page.locator("#mode-badge").textContent()).toBe("Live · Twilio")
    expect(await page.locator("#simulation-badge").isHidden()).toBe(true)
    await expect.poll(() => page.locator('[data-testid="worker-card"]').count()).toBe(20)
    await page.locator("#ql-example").click()
    const meta = page.locator('[data-testid="results-meta"]')
    await expect.poll(async () => Number(await meta.getAttribute("data-total"))).toBeGreaterThan(0)
    expect(await page.locator("#ql-error").isHidden()).toBe(true)
    // A change made elsewhere arrives through the service's event bridge.
    const rest = restOfFake(fake)
    const quinn = str((await rest.list("/Workers", "workers", { FriendlyName: "Quinn" }))[0], "sid")
    const available = str(
      (await rest.list("/Activities", "activities", { FriendlyName: "Available" }))[0],
      "sid",
    )
    await rest.post(`/Workers/${quinn}`, { ActivitySid: available })
    await page.locator('[data-testid="lane"][data-activity="Available"] [data-worker-name="Quinn"]').waitFor()
    await browser.screenshot("09-real-workspace-mode", { fullPage: false })
    expect(browser.errors).toEqual([])
  })
})
