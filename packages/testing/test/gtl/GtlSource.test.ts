/**
 * `GtlSource.fromEmulator`: the GTL API over the emulator's store. A search reads the workspace's tasks as they
 * are; a later page of its snapshot is a slice of the snapshot and builds no task view (with 20,000 tasks,
 * building them made a later page take 74 ms instead of 0.3 ms: bench/gtl.bench.ts prints both sources).
 */
import { assert, describe, it } from "@effect/vitest"
import { vi } from "vitest"
import { Effect } from "effect"
import { makeGtlApi } from "../../src/gtl/GtlApi.js"
import * as GtlSource from "../../src/gtl/GtlSource.js"
import * as Emulator from "../../src/store/Emulator.js"
import { client, str } from "../rest/helpers.js"

/** The views each `snapshot` call asked for since the spy was made or cleared (`all`: every view). */
const askedOf = (spy: { readonly mock: { readonly calls: ReadonlyArray<ReadonlyArray<unknown>> } }) =>
  spy.mock.calls.map(([, , parts]) => (Array.isArray(parts) ? parts.join(",") : "all"))

const json = (body: string | undefined): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(body ?? "null")
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new Error(`not an object: ${body}`)
  return { ...parsed }
}

describe("GtlSource.fromEmulator", () => {
  it.effect("a search reads the tasks as they are; a later page of its snapshot reads none of them", () =>
    Effect.gen(function* () {
      const emulator = yield* Emulator.make({ seed: "demo" })
      const { accountSid, solutionDbid } = emulator.seed
      const spy = vi.spyOn(emulator, "snapshot")
      const api = makeGtlApi(GtlSource.fromEmulator(emulator), { tasksPerPage: 2 })
      const search = (page: number, cookie?: string, snapshotId?: string) =>
        api.handle({
          method: "POST",
          path: `/gtl/tasks/${solutionDbid}/${page}/search`,
          query: [
            ["order_direction", "ascending"],
            ...(snapshotId === undefined ? [] : [["snapshot_id", snapshotId] as const]),
          ],
          headers: cookie === undefined ? {} : { cookie },
          body: "[]",
          accountSid,
        })
      const tasksNow = () => emulator.snapshot(accountSid, emulator.seed.workspaceSid)?.tasks.length ?? 0

      const first = yield* search(1)
      const searchAsked = askedOf(spy)
      assert.strictEqual(first.status, 200)
      const cookie = (first.headers["set-cookie"] ?? "").split(";")[0]
      const { snapshot_id: id, total_tasks: total } = json(first.body)
      assert.strictEqual(total, tasksNow())
      assert.isAbove(tasksNow(), 2, "the demo seed has more than one page of tasks")
      assert.include(searchAsked, "tasks", "the search read the tasks")
      assert.notInclude(searchAsked, "all", "nor did it build the workers' or activities' views")

      // A task created after the snapshot: later pages do not see it, and do not read the tasks at all.
      const workflow = emulator.snapshot(accountSid, emulator.seed.workspaceSid, ["workflows"])?.workflows[0]
      const rest = client(emulator)
      const created = yield* rest.post(`${rest.ws}/Tasks`, {
        WorkflowSid: str(workflow, "sid"),
        Attributes: "{}",
      })
      assert.strictEqual(created.status, 201)
      spy.mockClear()
      const second = yield* search(2, cookie, String(id))
      assert.strictEqual(second.status, 200)
      assert.strictEqual(json(second.body).snapshot_id, id)
      assert.strictEqual(json(second.body).total_tasks, total)
      assert.deepStrictEqual(askedOf(spy), ["workspace,workflows,taskQueues,taskChannels"])

      // A new search sees it.
      const fresh = yield* search(1, cookie)
      assert.notStrictEqual(json(fresh.body).snapshot_id, id)
      assert.strictEqual(json(fresh.body).total_tasks, Number(total) + 1)
    }),
  )
})
