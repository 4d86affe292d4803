/**
 * The console in a real browser (Debian's chromium through playwright-core), used the way a person would:
 * open it, read the workers, change an activity, create and cancel tasks, edit a queue's expression, search
 * the Global Task List with the seed's QL example and page through it, and lose the connection. Screenshots go
 * to test-results/screenshots/.
 */
import type { Locator, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Demo, SEED_QL_EXAMPLE, startDemo } from "../../src/server/DemoServer.js"
import { type RestClient, str } from "../../src/server/internal/rest.js"
import { type Browser, buildPageOnce, launch } from "../support/browser.js"
import { eventually } from "../support/eventually.js"
import { restOf } from "../support/rest.js"

const card = (page: Page, name: string): Locator =>
  page.locator(`[data-testid="worker-card"][data-worker-name="${name}"]`)

const lane = (page: Page, activity: string): Locator =>
  page.locator(`[data-testid="lane"][data-activity="${activity}"]`)

const feedItem = (page: Page, type: string, text: string): Locator =>
  page.locator(`[data-testid="feed-item"][data-event-type="${type}"]`, { hasText: text })

const activitySid = async (rest: RestClient, name: string): Promise<string> => {
  const found = (await rest.list("/Activities", "activities")).find((a) => str(a, "friendly_name") === name)
  const sid = str(found, "sid")
  if (sid === undefined) throw new Error(`no activity ${name}`)
  return sid
}

const workerSid = async (rest: RestClient, name: string): Promise<string> => {
  const found = (await rest.list("/Workers", "workers")).find((w) => str(w, "friendly_name") === name)
  const sid = str(found, "sid")
  if (sid === undefined) throw new Error(`no worker ${name}`)
  return sid
}

/** Records every state the connection indicator goes through, from now on. */
const recordConnectionStates = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const element = document.getElementById("connection")
    const states: Array<string> = [element?.dataset.state ?? ""]
    Reflect.set(window, "connectionStates", states)
    if (element === null) return
    new MutationObserver(() => {
      const state = element.dataset.state ?? ""
      if (states[states.length - 1] !== state) states.push(state)
    }).observe(element, { attributes: true, attributeFilter: ["data-state"] })
  })

const connectionStates = (page: Page): Promise<ReadonlyArray<string>> =>
  page.evaluate(() => {
    const states: unknown = Reflect.get(window, "connectionStates")
    return Array.isArray(states) ? states.map(String) : []
  })

describe("the console, as a person uses it", () => {
  let demo: Demo
  let browser: Browser
  let rest: RestClient
  let page: Page

  beforeAll(async () => {
    const publicDir = await buildPageOnce()
    // A short heartbeat so a dead socket is noticed quickly; no simulation, so every change is the test's.
    demo = await startDemo({
      port: 0,
      publicDir,
      simulate: false,
      backend: { kind: "emulator", heartbeatMs: 1000 },
    })
    rest = restOf(demo)
    // The back office archived old requests: canceled tasks the seed's QL example matches, enough for pages.
    const workflowSid = str((await rest.list("/Workflows", "workflows"))[0], "sid") ?? ""
    for (let i = 0; i < 60; i++) {
      const task = await rest.post("/Tasks", {
        WorkflowSid: workflowSid,
        Attributes: JSON.stringify({
          type: "billing",
          subject: `Archived request ${i + 1}`,
          queue: i % 2 === 0 ? "iWD_Canceled" : "iWD_Rejected",
          IWD_businessValue: 1 + (i % 3),
          completed_at: `2020-06-${String(1 + (i % 15)).padStart(2, "0")}T09:00:00Z`,
        }),
      })
      await rest.post(`/Tasks/${str(task, "sid")}`, { AssignmentStatus: "canceled", Reason: "archived" })
    }
    browser = await launch()
    page = browser.page
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  it("opens and shows the seeded workers grouped by activity, the queues and the statistics", async () => {
    await page.goto(demo.url)
    await page.locator('#connection[data-state="connected"]').waitFor()
    await card(page, "Alice").waitFor()
    expect(await page.locator('[data-testid="worker-card"]').count()).toBe(20)
    const lanes = await page
      .locator('[data-testid="lane"]')
      .evaluateAll((elements) =>
        elements.map((e) => [
          e.getAttribute("data-activity"),
          e.querySelectorAll('[data-testid="worker-card"]').length,
        ]),
      )
    expect(lanes).toEqual([
      ["Available", 6],
      ["Break", 2],
      ["Unavailable", 3],
      ["Offline", 9],
    ])
    expect(await lane(page, "Available").locator(card(page, "Alice")).count()).toBe(1)
    await expect.poll(() => page.locator('[data-testid="queue-row"]').count()).toBe(3)
    await expect
      .poll(() =>
        page
          .locator('[data-testid="queue-row"][data-queue-name="Sales"] [data-testid="target-workers"]')
          .textContent(),
      )
      .toBe("skills HAS 'sales'")
    await expect.poll(() => page.locator('[data-testid="kpi-available"] .kpi-value').textContent()).toBe("6")
    await page.locator('[data-testid="chart-tasks"] svg polyline').first().waitFor({ state: "attached" })
    expect(await page.locator("#workspace-name").textContent()).toBe("Contact Centre")
    await browser.screenshot("01-overview")
    await browser.screenshot("01-overview-top", { fullPage: false })
  })

  it("changes a worker's activity and shows the event; a change made elsewhere arrives live", async () => {
    await card(page, "Hiro").locator("select").selectOption({ label: "Break" })
    await lane(page, "Break").locator(card(page, "Hiro")).waitFor()
    await feedItem(page, "worker.activity.update", "Hiro is now Break").waitFor()
    // The workspace agrees.
    const hiro = await workerSid(rest, "Hiro")
    expect(str(await rest.get(`/Workers/${hiro}`), "activity_name")).toBe("Break")

    // Someone else (a supervisor's script) moves Hiro back: the console follows without a reload.
    await rest.post(`/Workers/${hiro}`, { ActivitySid: await activitySid(rest, "Offline") })
    await lane(page, "Offline").locator(card(page, "Hiro")).waitFor()
    await feedItem(page, "worker.activity.update", "Hiro is now Offline").waitFor()
    expect(await card(page, "Hiro").getAttribute("data-activity")).toBe("Offline")
    await browser.screenshot("02-activity-changed", { fullPage: false })
  })

  it("creates a task with attributes and watches it get reserved", async () => {
    await page.locator("#new-task").click()
    await page.locator("#task-dialog[open]").waitFor()
    await page
      .locator("#task-attributes")
      .fill(
        JSON.stringify({ type: "sales", subject: "Console test order", customer: "Playwright Ltd" }, null, 2),
      )
    await page.locator("#task-priority").fill("100")
    await browser.screenshot("03-new-task-dialog", { fullPage: false })
    await page.locator("#task-submit").click()
    await page.locator("#task-dialog[open]").waitFor({ state: "detached" })
    const row = page.locator('[data-testid="task-row"]', { hasText: "Console test order" })
    // Every sales agent is busy: the task waits.
    await row.and(page.locator('[data-status="pending"]')).waitFor()
    await feedItem(page, "task.created", "").first().waitFor()

    // Farid (sales) becomes available: TaskRouter offers him the highest-priority task, ours.
    await card(page, "Farid").locator("select").selectOption({ label: "Available" })
    await row.and(page.locator('[data-status="reserved"]')).waitFor()
    await expect.poll(() => row.locator("td").nth(6).textContent()).toBe("Farid")
    await feedItem(page, "reservation.created", "Farid").waitFor()
    const sid = await row.getAttribute("data-task-sid")
    expect(str(await rest.get(`/Tasks/${sid}`), "assignment_status")).toBe("reserved")
    await browser.screenshot("03-task-reserved")
  })

  it("cancels a task", async () => {
    await page.locator("#new-task").click()
    await page
      .locator("#task-attributes")
      .fill(JSON.stringify({ type: "billing", subject: "Please cancel me" }))
    await page.locator("#task-priority").fill("0")
    await page.locator("#task-submit").click()
    const row = page.locator('[data-testid="task-row"]', { hasText: "Please cancel me" })
    await row.and(page.locator('[data-status="pending"]')).waitFor()
    const sid = await row.getAttribute("data-task-sid")
    await row.locator('[data-testid="cancel-task"]').click()
    await row.and(page.locator('[data-status="canceled"]')).waitFor()
    await feedItem(page, "task.canceled", "Canceled from the taskroute console").waitFor()
    const task = await rest.get(`/Tasks/${sid}`)
    expect(str(task, "assignment_status")).toBe("canceled")
    expect(str(task, "reason")).toBe("Canceled from the taskroute console")
  })

  it("validates a queue's target workers expression before sending it, showing where the error is", async () => {
    const sales = page.locator('[data-testid="queue-row"][data-queue-name="Sales"]')
    await sales.locator('[data-testid="edit-expression"]').click()
    const input = page.locator('[data-testid="expression-input"]')
    await input.fill("skills HAS 'sales' AND languages")
    const error = page.locator('[data-testid="expression-error"]')
    await error.waitFor()
    expect(await error.getAttribute("data-position")).toBe("32")
    expect(await error.textContent()).toContain("at position 32")
    expect(await page.locator('[data-testid="expression-save"]').isDisabled()).toBe(true)
    await browser.screenshot("04-expression-error", { selector: "#queues" })
    // Nothing was sent.
    const queueSid = await sales.getAttribute("data-queue-sid")
    expect(str(await rest.get(`/TaskQueues/${queueSid}`), "target_workers")).toBe("skills HAS 'sales'")

    await input.fill("skills HAS 'sales' OR languages HAS 'de'")
    await error.waitFor({ state: "detached" })
    await page.locator('[data-testid="expression-save"]').click()
    await expect
      .poll(() => sales.locator('[data-testid="target-workers"]').textContent())
      .toBe("skills HAS 'sales' OR languages HAS 'de'")
    expect(str(await rest.get(`/TaskQueues/${queueSid}`), "target_workers")).toBe(
      "skills HAS 'sales' OR languages HAS 'de'",
    )
  })

  it("shows a QL parse error where it is", async () => {
    await page.locator("#ql").fill("Queue IN ( 'iWD_Rejected' and")
    await page.locator("#search-form button[type=submit]").click()
    const error = page.locator("#ql-error")
    await error.waitFor()
    expect(Number(await error.getAttribute("data-position"))).toBe(
      "Queue IN ( 'iWD_Rejected' and".indexOf("and"),
    )
    expect(await error.locator("mark").textContent()).toBe("a")
    await browser.screenshot("05-ql-error", { selector: "#search-title >> xpath=../.." })
  })

  it("runs the seed's QL example and pages through the results over one snapshot", async () => {
    await page.locator("#ql-example").click()
    expect(await page.locator("#ql").inputValue()).toBe(SEED_QL_EXAMPLE)
    const meta = page.locator('[data-testid="results-meta"]')
    // The results of this query (the page's first search, for all tasks, may still be on screen).
    await expect.poll(() => meta.getAttribute("data-query")).toBe(SEED_QL_EXAMPLE)
    await expect.poll(() => meta.getAttribute("data-pages")).toBe("2")
    expect(await page.locator("#ql-error").isHidden()).toBe(true)
    const total = Number(await meta.getAttribute("data-total"))
    // The 60 archived requests, and the seed's own tasks that match.
    expect(total).toBeGreaterThanOrEqual(60)
    const snapshot = await meta.locator(".mono").textContent()
    const firstPage = await page.locator('[data-testid="search-row"] td:first-child').allTextContents()
    expect(firstPage.length).toBe(50)
    // Every row satisfies the query.
    const rows = await page
      .locator('[data-testid="search-row"]')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")))
    const headers = await page.locator('[data-testid="search-results"] th').allTextContents()
    const column = (label: string) => headers.findIndex((h) => h.replace(/[↑↓]/g, "").trim() === label)
    for (const row of rows) {
      expect(["iWD_Rejected", "iWD_Canceled"]).toContain(row[column("Queue")])
      expect(["1", "2", "3"]).toContain(row[column("Business Value")])
      expect((row[column("Completed Date")] ?? "") <= "2020-06-16 23:59").toBe(true)
    }
    await browser.screenshot("06-gtl-seed-example")

    await page.locator('[data-testid="pager"] [data-page="2"]').click()
    await expect.poll(() => meta.getAttribute("data-page")).toBe("2")
    const secondPage = await page.locator('[data-testid="search-row"] td:first-child').allTextContents()
    expect(secondPage.length).toBe(total - 50)
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([])
    // Same snapshot: the pages are slices of one result.
    expect(await meta.locator(".mono").textContent()).toBe(snapshot)
    await browser.screenshot("06-gtl-page-2", { selector: "#search-title >> xpath=../.." })
    await page.locator('[data-testid="page-previous"]').click()
    await expect.poll(() => meta.getAttribute("data-page")).toBe("1")
    expect(await page.locator('[data-testid="search-row"] td:first-child').allTextContents()).toEqual(
      firstPage,
    )
  })

  it("reconnects when the emulator drops the socket, and events flow again", async () => {
    const fake = demo.fake
    if (fake === undefined) throw new Error("no emulator")
    await recordConnectionStates(page)
    expect(fake.dropConnections()).toBeGreaterThan(0)
    await expect
      .poll(() => connectionStates(page), { timeout: 20_000 })
      .toEqual(["connected", "reconnecting", "connected"])
    await feedItem(page, "disconnected", "").first().waitFor()
    // Events reach the console over the new socket.
    await eventually(() => expect(fake.sockets()).toBe(1))
    const tara = await workerSid(rest, "Tara")
    await rest.post(`/Workers/${tara}`, { ActivitySid: await activitySid(rest, "Break") })
    await lane(page, "Break").locator(card(page, "Tara")).waitFor()
    await page.evaluate(() => window.scrollTo(0, 0))
    await browser.screenshot("07-reconnected", { fullPage: false })
    expect(browser.errors).toEqual([])
  })
})
