// Every example of the seed, run unchanged through @taskroute/node against the emulator's network door (a fresh
// demo-seeded emulator per example). Only the token and the base URLs differ from the seed's text, given to v1's
// positional constructor; placeholder SIDs that must name real resources are mapped (see expectations.ts).
import { type FakeServer, startFakeServer } from "@taskroute/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Workspace } from "../../src/index.js"
import { seedExamples } from "./examples.js"
import { expectations, judge, type LogCall, type SidRole, satisfied, substitute } from "./expectations.js"

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Real SIDs of the demo seed for the placeholders, plus spare resources an example may delete. */
const rolesOf = async (server: FakeServer): Promise<Partial<Record<SidRole, string>>> => {
  const admin = new Workspace({
    accountSid: server.accountSid,
    authToken: server.authToken,
    workspaceSid: server.workspaceSid,
    apiBaseUrl: server.url,
  })
  try {
    const activities = (await admin.activities.fetch()).data
    const named = (name: string) => String(activities.find((a) => a.friendlyName === name)?.sid)
    const queues = (await admin.taskqueues.fetch()).data
    const sales = String(queues.find((q) => q.friendlyName === "Sales")?.sid)
    const workflow = String((await admin.workflows.fetch()).data[0]?.sid)
    const tasks = (await admin.tasks.fetch({ PageSize: 1000 })).data
    const pending = tasks.find((t) => t.assignmentStatus === "pending") ?? tasks[0]
    const spareWorkflow = await admin.workflows.create({
      FriendlyName: "Spare workflow",
      Configuration: { task_routing: { default_filter: { queue: sales } } },
    })
    return {
      activity: named("Break"),
      availableActivity: named("Available"),
      spareActivity: String((await admin.activities.create({ FriendlyName: "Spare activity" })).sid),
      workflow,
      spareWorkflow: String(spareWorkflow.sid),
      queue: sales,
      spareQueue: String(
        (await admin.taskqueues.create({ FriendlyName: "Spare queue", TargetWorkers: "1==1" })).sid,
      ),
      worker: String((await admin.workers.fetch()).data[0]?.sid),
      spareWorker: String((await admin.workers.create({ FriendlyName: "Spare worker" })).sid),
      task: String(tasks[0]?.sid),
      pendingTask: String(pending?.sid),
    }
  } finally {
    await admin.close()
  }
}

describe("the seed's examples, in Node through @taskroute/node, against the network door", () => {
  for (const example of seedExamples) {
    it(`${example.title} (seed lines ${example.lines[0]}-${example.lines[1]})`, async () => {
      const spec = expectations[example.title]
      if (spec === undefined) throw new Error(`no expectation for ${example.title}`)
      await using server = await startFakeServer({ seed: "demo" })
      const sids = await rolesOf(server)
      const admin = new Workspace({
        accountSid: server.accountSid,
        authToken: server.authToken,
        workspaceSid: server.workspaceSid,
        apiBaseUrl: server.url,
      })
      const count =
        spec.each === undefined
          ? 0
          : (await admin[spec.each.collection].fetch({ PageSize: 1000 })).data.length
      await admin.close()

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

        if (spec.setup === "dropConnections") {
          for (let i = 0; i < 500 && server.sockets() === 0; i++) await sleep(10)
          await sleep(50)
          server.dropConnections()
        }
        const deadline = Date.now() + 15_000
        while (Date.now() < deadline) {
          if (satisfied(example, calls, count) && inflight === 0 && Date.now() - lastActivity > 150) break
          await sleep(20)
        }
        expect(judge(example, calls, count)).toBeUndefined()
      } finally {
        await workspace.close()
      }
    })
  }
})
