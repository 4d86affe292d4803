// Every example of the seed, run unchanged through @taskroute/node against the emulator's network door (a fresh
// demo-seeded emulator per example). Only the token and the base URLs differ from the seed's text, given to v1's
// positional constructor; placeholder SIDs that must name real resources are mapped (see expectations.ts).
import { startFakeServer } from "@taskroute/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Workspace } from "../../src/index.js"
import { seedExamples } from "./examples.js"
import { expectations, judge, type LogCall, substitute } from "./expectations.js"
import { countOf, rolesOf } from "./roles.js"
import { afterStart, settle } from "./runner.js"

let inflight = 0
let lastActivity = Date.now()
const realFetch = globalThis.fetch
beforeAll(() => {
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    inflight++
    lastActivity = Date.now()
    try {
      return await realFetch(...args)
    } finally {
      inflight--
      lastActivity = Date.now()
    }
  }
})
afterAll(() => {
  globalThis.fetch = realFetch
})

describe("the seed's examples, in Node through @taskroute/node, against the network door", () => {
  for (const example of seedExamples) {
    it(`${example.title} (seed lines ${example.lines[0]}-${example.lines[1]})`, async () => {
      const spec = expectations[example.title]
      if (spec === undefined) throw new Error(`no expectation for ${example.title}`)
      await using server = await startFakeServer({ seed: "demo" })
      const sids = await rolesOf(server)
      const count = spec.each === undefined ? 0 : await countOf(server, spec.each.collection)

      const WORKSPACE_TOKEN = await server.mintToken({ ttl: spec.setup === "shortToken" ? 7 : 3600 })
      const fresh = await server.mintToken()
      const workspace = new Workspace(WORKSPACE_TOKEN, false, undefined, undefined, server.url, server.url)
      try {
        const uses = new Set(spec.uses ?? [])
        const worker = uses.has("worker") ? await workspace.workers.fetch(String(sids.worker)) : undefined
        const taskqueue = uses.has("taskqueue")
          ? await workspace.taskqueues.fetch(String(sids.queue))
          : undefined
        const workflow = uses.has("workflow")
          ? await workspace.workflows.fetch(String(sids.workflow))
          : undefined

        const calls: Array<LogCall> = []
        const console = { log: (...args: ReadonlyArray<unknown>) => calls.push(args) }
        const refreshJWT = () => fresh
        const run = new Function(
          "workspace",
          "console",
          "worker",
          "taskqueue",
          "workflow",
          "refreshJWT",
          substitute(example, sids),
        )
        run(workspace, console, worker, taskqueue, workflow, refreshJWT)

        await afterStart(spec, server)
        await settle(example, count, () => ({ calls, inflight, idleMs: Date.now() - lastActivity }))
        expect(judge(example, calls, count)).toBeUndefined()
      } finally {
        await workspace.close()
      }
    })
  }
})
