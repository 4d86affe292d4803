// Every example of the seed, run unchanged in a real browser (Debian's Chromium through playwright-core) through
// the script-tag bundle (`dist/taskroute.min.js`, `Twilio.TaskRouter.Workspace`), against the emulator's network
// door. The page comes from a loopback node:http server; the emulator answers CORS. Same examples, placeholder
// mapping and expectations as the Node runner (packages/node/test/seed).
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { startFakeServer } from "@taskroute/testing"
import type { BrowserContext, Page } from "playwright-core"
import { rolldown } from "rolldown"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { seedExamples } from "../../node/test/seed/examples.js"
import { expectations, judge, substitute } from "../../node/test/seed/expectations.js"
import { countOf, rolesOf } from "../../node/test/seed/roles.js"
import { afterStart, type Progress, settle } from "../../node/test/seed/runner.js"
import config from "../rolldown.config.js"
import { launchChromium, servePage } from "./support/chromium.js"

const BUNDLE = join(import.meta.dirname, "..", "dist", "taskroute.min.js")

/** The page: counts requests in flight (to know when an example is done), then loads the script-tag bundle. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>taskroute seed</title>
<script>
  window.__inflight = 0; window.__last = Date.now();
  var realFetch = window.fetch.bind(window);
  window.fetch = function () {
    window.__inflight++; window.__last = Date.now();
    return realFetch.apply(null, arguments).finally(function () { window.__inflight--; window.__last = Date.now(); });
  };
  window.runExample = async function (a) {
    window.__calls = [];
    var WORKSPACE_TOKEN = a.token;
    // TaskRouter.js v1's constructor; only the token and the base URLs differ from the seed.
    var workspace = new Twilio.TaskRouter.Workspace(WORKSPACE_TOKEN, false, undefined, undefined, a.base, a.base);
    window.__workspace = workspace;
    var worker = a.uses.indexOf("worker") >= 0 ? await workspace.workers.fetch(a.sids.worker) : undefined;
    var taskqueue = a.uses.indexOf("taskqueue") >= 0 ? await workspace.taskqueues.fetch(a.sids.queue) : undefined;
    var workflow = a.uses.indexOf("workflow") >= 0 ? await workspace.workflows.fetch(a.sids.workflow) : undefined;
    var log = { log: function () { window.__calls.push(Array.prototype.slice.call(arguments)); } };
    var refreshJWT = function () { return a.fresh; };
    new Function("workspace", "console", "worker", "taskqueue", "workflow", "refreshJWT", a.code)(
      workspace, log, worker, taskqueue, workflow, refreshJWT);
  };
</script>
<script src="/taskroute.min.js"></script>
</head><body></body></html>`

let pageServer: Awaited<ReturnType<typeof servePage>> | undefined
let pageUrl = ""
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined
let context: BrowserContext

beforeAll(async () => {
  // Build the script-tag bundle exactly as `pnpm build` does.
  const bundle = await rolldown(config)
  const outputs = Array.isArray(config.output) ? config.output : [config.output ?? {}]
  for (const output of outputs) await bundle.write(output)
  await bundle.close()
  pageServer = await servePage(PAGE, { "/taskroute.min.js": await readFile(BUNDLE) })
  pageUrl = pageServer.url
  browser = await launchChromium("taskroute-chromium-")
  context = browser.context
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await pageServer?.close()
})

const state = (page: Page): Promise<Progress> =>
  page.evaluate(() => ({
    calls: Reflect.get(window, "__calls") as Progress["calls"],
    inflight: Number(Reflect.get(window, "__inflight")),
    idleMs: Date.now() - Number(Reflect.get(window, "__last")),
  }))

describe("the seed's examples, in Chromium through the script-tag bundle, against the network door", () => {
  it("defines Twilio.TaskRouter.Workspace and TaskRoute", async () => {
    const page = await context.newPage()
    await page.goto(pageUrl)
    const globals = await page.evaluate(() => [
      typeof Reflect.get(Reflect.get(Reflect.get(window, "Twilio"), "TaskRouter"), "Workspace"),
      typeof Reflect.get(Reflect.get(window, "TaskRoute"), "Workspace"),
      typeof Reflect.get(Reflect.get(window, "TaskRoute"), "TaskRouteError"),
    ])
    expect(globals).toEqual(["function", "function", "function"])
    await page.close()
  })

  for (const example of seedExamples) {
    it(`${example.title} (seed lines ${example.lines[0]}-${example.lines[1]})`, async () => {
      const spec = expectations[example.title]
      if (spec === undefined) throw new Error(`no expectation for ${example.title}`)
      await using server = await startFakeServer({ seed: "demo" })
      const sids = await rolesOf(server)
      const count = spec.each === undefined ? 0 : await countOf(server, spec.each.collection)
      const token = await server.mintToken({ ttl: spec.setup === "shortToken" ? 7 : 3600 })
      const fresh = await server.mintToken()
      const page = await context.newPage()
      const pageErrors: Array<string> = []
      page.on("pageerror", (error) => pageErrors.push(error.message))
      try {
        await page.goto(pageUrl)
        await page.evaluate((args) => Reflect.apply(Reflect.get(window, "runExample"), window, [args]), {
          token,
          fresh,
          base: server.url,
          sids,
          uses: [...(spec.uses ?? [])],
          code: substitute(example, sids),
        })
        await afterStart(spec, server)
        const calls = await settle(example, count, () => state(page))
        expect(judge(example, calls, count)).toBeUndefined()
        expect(pageErrors).toEqual([])
        await page.evaluate(() => Reflect.get(window, "__workspace").close())
      } finally {
        await page.close()
      }
    })
  }
})
