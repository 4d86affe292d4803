/**
 * The console with the simulation running, as `bash scripts/demo.sh` shows it: tasks arrive, agents accept,
 * wrap up and complete them, and the console follows it all from events.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Demo, startDemo } from "../../src/server/DemoServer.js"
import { type Browser, buildPageOnce, launch } from "../support/browser.js"

describe("the console with the simulation running", () => {
  let demo: Demo
  let browser: Browser
  beforeAll(async () => {
    const publicDir = await buildPageOnce()
    demo = await startDemo({
      port: 0,
      publicDir,
      simulate: { arrivalMs: 700, ringMs: 500, talkMs: 2500, wrapMs: 1000, tickMs: 250, breakChance: 0.05 },
    })
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  it("shows tasks arriving, being accepted, wrapped up and completed, live", async () => {
    const { page } = browser
    await page.goto(demo.url)
    await page.locator("#simulation-badge:not([hidden])").waitFor()
    for (const type of ["task.created", "reservation.accepted", "task.wrapup", "task.completed"]) {
      await page
        .locator(`[data-testid="feed-item"][data-event-type="${type}"]`)
        .first()
        .waitFor({ timeout: 30_000 })
    }
    // A task the simulation created shows up in the active list with its subject.
    await page
      .locator('[data-testid="task-row"]')
      .filter({
        hasText:
          /Card blocked abroad|Upgrade to the family plan|Refund for a double charge|Delivery is late|Change of address|Cannot log in|Invoice copy|New contract|Router keeps rebooting|Cancel subscription/,
      })
      .first()
      .waitFor({ timeout: 30_000 })
    // The cumulative chart has more than one sample and counts completions.
    await expect
      .poll(() => page.locator('[data-testid="chart-tasks"] .legend span').nth(1).textContent(), {
        timeout: 30_000,
      })
      .toMatch(/^completed [1-9]/)
    await browser.screenshot("00-live-simulation")
    await browser.screenshot("00-live-simulation-top", { fullPage: false })
    expect(browser.errors).toEqual([])
  })
})
