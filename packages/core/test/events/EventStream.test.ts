import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Stream } from "effect"
import { EventChannel } from "../../src/events/EventChannel.js"
import * as EventStream from "../../src/events/EventStream.js"
import * as WorkspaceLayer from "../../src/workspace/WorkspaceLayer.js"
import { json, makeFakeHttp, makeFakeSockets, makeToken, workspacePayload } from "../transport/fakes.js"

describe("EventStream", () => {
  it.effect("streams the channel's events", () => {
    const http = makeFakeHttp(() => json(200, { event_type: "ready", payload: workspacePayload }))
    const sockets = makeFakeSockets()
    const layer = WorkspaceLayer.layerEventBridge({ token: makeToken({ exp: 3600 }) }).pipe(
      Layer.provide(Layer.mergeAll(http.layer, sockets.layer)),
    )
    return Effect.gen(function* () {
      const fiber = yield* EventStream.events.pipe(
        Stream.map((e) => e.name),
        Stream.take(3),
        Stream.runCollect,
        Effect.forkChild,
      )
      yield* Effect.yieldNow
      yield* (yield* EventChannel).connect
      yield* Effect.yieldNow
      sockets.last().open()
      for (let i = 0; i < 5; i++) yield* Effect.yieldNow
      sockets.last().frame(JSON.stringify({ event_type: "task.created", payload: { sid: "WTx" } }))
      assert.deepStrictEqual(yield* Fiber.join(fiber), ["connected", "ready", "task.created"])
    }).pipe(Effect.provide(layer))
  })
})
