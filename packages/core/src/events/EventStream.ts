/**
 * The event channel as an Effect `Stream`. A module of its own, so that code using only the Observable (the
 * facade, the script-tag bundle) does not carry `effect/Stream`.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { EventStream } from "@taskroute/core"
 * const firstReady = EventStream.events.pipe(
 *   Stream.filter((e) => e._tag === "Ready"),
 *   Stream.take(1),
 *   Stream.runCollect,
 * )
 * ```
 *
 * @module
 */
import { Effect, Stream } from "effect"
import { fromObservable } from "../internal/rx.js"
import { EventChannel } from "./EventChannel.js"
import type { WorkspaceEvent } from "./WorkspaceEvent.js"

/**
 * Every event the channel publishes from the moment the stream runs; it ends when the channel is released.
 * Run `EventChannel.connect` to start connecting.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { EventStream } from "@taskroute/core"
 * const names = EventStream.events.pipe(Stream.map((e) => e.name), Stream.take(3), Stream.runCollect)
 * ```
 */
export const events: Stream.Stream<WorkspaceEvent, never, EventChannel> = Stream.unwrap(
  EventChannel.use((channel) =>
    // The channel's subject never errors; if it ever did, that is a defect, not a typed failure.
    Effect.succeed(Stream.orDie(fromObservable(channel.events, (error) => error))),
  ),
)
