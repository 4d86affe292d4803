import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Emulator from "../../src/store/Emulator.js"
import { arr, client, field, str } from "./helpers.js"

describe("REST resources", () => {
  it.effect(
    "a new workspace has Offline (default and timeout), Available, Unavailable and four task channels",
    () =>
      Effect.gen(function* () {
        const em = yield* Emulator.make({ seed: "empty" })
        const c = client(em)
        const created = yield* c.post("/v1/Workspaces", { FriendlyName: "Fresh", Template: "FIFO" })
        assert.strictEqual(created.status, 201)
        const ws = `/v1/Workspaces/${str(created.body, "sid")}`
        assert.strictEqual(str(created.body, "default_activity_name"), "Offline")
        assert.strictEqual(str(created.body, "timeout_activity_name"), "Offline")
        assert.strictEqual(field(created.body, "multi_task_enabled"), true)
        const activities = arr((yield* c.get(`${ws}/Activities`)).body, "activities")
        assert.deepStrictEqual(
          activities.map((a) => [str(a, "friendly_name"), field(a, "available")]),
          [
            ["Offline", false],
            ["Available", true],
            ["Unavailable", false],
          ],
        )
        const channels = arr((yield* c.get(`${ws}/TaskChannels`)).body, "channels").map((ch) =>
          str(ch, "unique_name"),
        )
        assert.deepStrictEqual(channels, ["default", "voice", "sms", "chat"])
        // Template=FIFO adds one queue and one workflow routing to it
        const queues = arr((yield* c.get(`${ws}/TaskQueues`)).body, "task_queues")
        const flows = arr((yield* c.get(`${ws}/Workflows`)).body, "workflows")
        assert.strictEqual(queues.length, 1)
        assert.strictEqual(flows.length, 1)
        assert.include(str(flows[0], "configuration"), str(queues[0], "sid"))
        // update, then delete
        const updated = yield* c.post(ws, { FriendlyName: "Renamed", PrioritizeQueueOrder: "LIFO" })
        assert.strictEqual(str(updated.body, "prioritize_queue_order"), "LIFO")
        assert.strictEqual(str((yield* c.get(ws)).body, "friendly_name"), "Renamed")
        const deleted = yield* c.del(ws)
        assert.strictEqual(deleted.status, 204)
        assert.strictEqual(deleted.body, undefined)
        assert.strictEqual((yield* c.get(ws)).status, 404)
      }),
  )

  it.effect(
    "lists page with PageSize and PageToken, echo filters, and walk back with previous_page_url",
    () =>
      Effect.gen(function* () {
        const em = yield* Emulator.make({ seed: "demo" })
        const c = client(em)
        const seen: Array<string> = []
        let url: string | null = `https://taskrouter.twilio.com${c.ws}/Workers?Available=false&PageSize=4`
        let pages = 0
        let last: unknown
        while (url !== null) {
          const u: URL = new URL(url)
          const r = yield* c.get(u.pathname, Object.fromEntries(u.searchParams))
          assert.strictEqual(r.status, 200)
          const meta = field(r.body, "meta")
          assert.strictEqual(field(meta, "page"), pages)
          assert.strictEqual(field(meta, "page_size"), 4)
          assert.strictEqual(field(meta, "key"), "workers")
          assert.include(str(meta, "url"), "Available=false&PageSize=4")
          for (const w of arr(r.body, "workers")) {
            assert.strictEqual(field(w, "available"), false)
            seen.push(str(w, "sid"))
          }
          const next = field(meta, "next_page_url")
          url = typeof next === "string" ? next : null
          pages++
          last = r.body
        }
        assert.strictEqual(seen.length, 14)
        assert.strictEqual(new Set(seen).size, 14)
        assert.strictEqual(pages, 4)
        const previous = str(field(last, "meta"), "previous_page_url")
        const p = new URL(previous)
        const back = yield* c.get(p.pathname, Object.fromEntries(p.searchParams))
        assert.deepStrictEqual(
          arr(back.body, "workers").map((w) => str(w, "sid")),
          seen.slice(8, 12),
        )
        // first page has no previous page
        const first = yield* c.get(`${c.ws}/Workers`, { PageSize: "4" })
        assert.strictEqual(field(field(first.body, "meta"), "previous_page_url"), null)
      }),
  )

  it.effect("custom Ordering pages by offset", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const all = arr(
        (yield* c.get(`${c.ws}/Workers`, { Ordering: "FriendlyName:desc", PageSize: "1000" })).body,
        "workers",
      )
      const names = all.map((w) => str(w, "friendly_name"))
      assert.deepStrictEqual(names, [...names].sort().reverse())
      const page1 = yield* c.get(`${c.ws}/Workers`, { Ordering: "FriendlyName:desc", PageSize: "5" })
      const next = new URL(str(field(page1.body, "meta"), "next_page_url"))
      const page2 = yield* c.get(next.pathname, Object.fromEntries(next.searchParams))
      assert.deepStrictEqual(
        arr(page2.body, "workers").map((w) => str(w, "friendly_name")),
        names.slice(5, 10),
      )
    }),
  )

  it.effect("ETag and If-Match: a stale version is 412 / 20412 and changes nothing", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const workers = arr((yield* c.get(`${c.ws}/Workers`)).body, "workers")
      const path = `${c.ws}/Workers/${str(workers[5], "sid")}`
      const fetched = yield* c.get(path)
      const etag = fetched.headers.etag
      assert.isString(etag)
      const updated = yield* c.post(path, { Attributes: '{"skills":["sales"]}' }, { "if-match": etag ?? "" })
      assert.strictEqual(updated.status, 200)
      assert.notStrictEqual(updated.headers.etag, etag)
      const stale = yield* c.post(path, { Attributes: '{"skills":["billing"]}' }, { "if-match": etag ?? "" })
      assert.strictEqual(stale.status, 412)
      assert.strictEqual(field(stale.body, "code"), 20412)
      assert.strictEqual(str((yield* c.get(path)).body, "attributes"), '{"skills":["sales"]}')
      assert.strictEqual((yield* c.del(path, { "if-match": etag ?? "" })).status, 412)
      // tasks too
      const task = arr((yield* c.get(`${c.ws}/Tasks`, { AssignmentStatus: "pending" })).body, "tasks")[0]
      const taskPath = `${c.ws}/Tasks/${str(task, "sid")}`
      const tag = (yield* c.get(taskPath)).headers.etag ?? ""
      assert.strictEqual((yield* c.post(taskPath, { Priority: "5" }, { "if-match": `"${tag}"` })).status, 200)
      assert.strictEqual((yield* c.post(taskPath, { Priority: "6" }, { "if-match": tag })).status, 412)
      assert.strictEqual(field((yield* c.get(taskPath)).body, "priority"), 5)
      // list pages of tasks, workers and reservations carry an ETag that changes when an item changes
      const listTag = (yield* c.get(`${c.ws}/Tasks`)).headers.etag
      assert.isString(listTag)
      assert.strictEqual((yield* c.get(`${c.ws}/Tasks`)).headers.etag, listTag)
      yield* c.post(taskPath, { Priority: "7" })
      assert.notStrictEqual((yield* c.get(`${c.ws}/Tasks`)).headers.etag, listTag)
      assert.isString((yield* c.get(`${c.ws}/Workers`)).headers.etag)
    }),
  )

  it.effect("task channels and worker channels resolve by SID or unique name", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const voice = yield* c.get(`${c.ws}/TaskChannels/voice`)
      assert.strictEqual(str(voice.body, "unique_name"), "voice")
      const bySid = yield* c.get(`${c.ws}/TaskChannels/${str(voice.body, "sid")}`)
      assert.deepStrictEqual(bySid.body, voice.body)
      const worker = str(arr((yield* c.get(`${c.ws}/Workers`)).body, "workers")[0], "sid")
      const channel = yield* c.post(`${c.ws}/Workers/${worker}/Channels/voice`, {
        Capacity: "3",
        Available: "false",
      })
      assert.strictEqual(field(channel.body, "configured_capacity"), 3)
      assert.strictEqual(field(channel.body, "available"), false)
      const again = yield* c.get(`${c.ws}/Workers/${worker}/Channels/${str(channel.body, "sid")}`)
      assert.strictEqual(field(again.body, "configured_capacity"), 3)
      const list = arr((yield* c.get(`${c.ws}/Workers/${worker}/Channels`)).body, "channels")
      assert.strictEqual(list.length, 4)
    }),
  )

  it.effect("list filters as the spec names them", () =>
    Effect.gen(function* () {
      const em = yield* Emulator.make({ seed: "demo" })
      const c = client(em)
      const billing = arr(
        (yield* c.get(`${c.ws}/Workers`, {
          TargetWorkersExpression: "skills HAS 'billing' AND activity_name == 'Available'",
        })).body,
        "workers",
      )
      for (const w of billing) {
        assert.include(str(w, "attributes"), "billing")
        assert.strictEqual(str(w, "activity_name"), "Available")
      }
      assert.isAbove(billing.length, 0)
      const statuses = arr(
        (yield* c.get(`${c.ws}/Tasks`, { AssignmentStatus: ["pending", "reserved"] })).body,
        "tasks",
      ).map((t) => str(t, "assignment_status"))
      assert.isAbove(statuses.length, 0)
      assert.deepStrictEqual([...new Set(statuses)].sort(), ["pending", "reserved"])
      const byPriority = arr(
        (yield* c.get(`${c.ws}/Tasks`, { Ordering: "Priority:desc", PageSize: "200" })).body,
        "tasks",
      ).map((t) => Number(field(t, "priority")))
      assert.deepStrictEqual(
        byPriority,
        [...byPriority].sort((a, b) => b - a),
      )
      const gold = arr(
        (yield* c.get(`${c.ws}/Tasks`, { EvaluateTaskAttributes: "customer_value == 'Gold'" })).body,
        "tasks",
      )
      for (const t of gold) assert.include(str(t, "attributes"), '"Gold"')
      const queues = arr(
        (yield* c.get(`${c.ws}/TaskQueues`, {
          EvaluateWorkerAttributes: '{"skills":["sales"],"languages":["en"]}',
        })).body,
        "task_queues",
      ).map((q) => str(q, "friendly_name"))
      assert.deepStrictEqual(queues, ["Sales"])
      const activities = arr(
        (yield* c.get(`${c.ws}/Activities`, { Available: "true" })).body,
        "activities",
      ).map((a) => str(a, "friendly_name"))
      assert.deepStrictEqual(activities, ["Available"])
    }),
  )
})
