import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TokenProvider } from "../../src/auth/TokenProvider.js"
import * as Paginator from "../../src/pagination/Paginator.js"
import * as EventBridgeDialect from "../../src/transport/EventBridgeDialect.js"
import { WorkspaceClient } from "../../src/workspace/WorkspaceClient.js"
import * as WorkspacePaginator from "../../src/workspace/WorkspacePaginator.js"
import { json, makeFakeHttp, makeToken, WS } from "../transport/fakes.js"

const page = (n: number, last: boolean) =>
  json(200, {
    payload: {
      meta: {
        key: "workers",
        page: n,
        page_size: 2,
        next_page_url: last
          ? null
          : `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers?PageSize=2&Page=${n + 1}`,
      },
      workers: [{ friendly_name: `w${2 * n}` }, { friendly_name: `w${2 * n + 1}` }],
    },
  })

describe("WorkspacePaginator", () => {
  it.effect("lists every page lazily and stops at the limit", () => {
    const http = makeFakeHttp((_, i) => page(i, i === 2))
    const layer = WorkspaceClient.layer().pipe(
      Layer.provide(EventBridgeDialect.layer()),
      Layer.provide(TokenProvider.layer({ token: makeToken({ exp: 3600 }) })),
      Layer.provide(http.layer),
    )
    return Effect.gen(function* () {
      const all = yield* Paginator.collect(WorkspacePaginator.paginate("ListWorker", {}, { pageSize: 2 }))
      assert.deepStrictEqual(
        all.map((w) => w.friendlyName),
        ["w0", "w1", "w2", "w3", "w4", "w5"],
      )
      assert.strictEqual(http.requests.length, 3)
      const firstThree = yield* Paginator.collect(
        WorkspacePaginator.paginate("ListWorker", {}, { pageSize: 2 }),
        {
          limit: 3,
        },
      )
      assert.strictEqual(firstThree.length, 3)
      assert.strictEqual(http.requests.length, 5) // two more pages, not three
    }).pipe(Effect.provide(layer))
  })
})
