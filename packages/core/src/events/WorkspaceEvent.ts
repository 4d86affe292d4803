import { Data } from "effect"
import { isRecord } from "../internal/guards.js"
import { camelizeResource } from "../internal/wire.js"
import type { WorkspaceClientError } from "../workspace/WorkspaceClient.js"

/**
 * The TaskRouter event types a workspace channel carries (the TaskRouter event reference). Other strings may
 * arrive too; they are passed through.
 *
 * @example
 * ```ts
 * import type { KnownDomainEventType } from "@taskroute/core"
 * const t: KnownDomainEventType = "reservation.created"
 * ```
 */
export type KnownDomainEventType =
  | "activity.created"
  | "activity.updated"
  | "activity.deleted"
  | "reservation.created"
  | "reservation.accepted"
  | "reservation.rejected"
  | "reservation.timeout"
  | "reservation.canceled"
  | "reservation.rescinded"
  | "reservation.completed"
  | "reservation.failed"
  | "reservation.wrapup"
  | "task.created"
  | "task.updated"
  | "task.canceled"
  | "task.wrapup"
  | "task.completed"
  | "task.deleted"
  | "task.system-deleted"
  | "task.transfer-initiated"
  | "task.transfer-attempt-failed"
  | "task.transfer-failed"
  | "task.transfer-completed"
  | "task.transfer-canceled"
  | "task-queue.created"
  | "task-queue.deleted"
  | "task-queue.entered"
  | "task-queue.timeout"
  | "task-queue.moved"
  | "task-queue.expression.updated"
  | "worker.created"
  | "worker.deleted"
  | "worker.activity.update"
  | "worker.attributes.update"
  | "worker.capacity.update"
  | "worker.channel.availability.update"
  | "workflow.created"
  | "workflow.updated"
  | "workflow.deleted"
  | "workflow.target-matched"
  | "workflow.entered"
  | "workflow.timeout"
  | "workflow.skipped"
  | "workspace.created"
  | "workspace.updated"
  | "workspace.deleted"

/**
 * A domain event type: a known one, or any other string the service sends.
 *
 * @example
 * ```ts
 * import type { DomainEventType } from "@taskroute/core"
 * const isTaskEvent = (t: DomainEventType) => t.startsWith("task.")
 * ```
 */
export type DomainEventType = KnownDomainEventType | (string & {})

/**
 * The lifecycle event names of the channel, as TaskRouter.js v1 names them (plus `token.updated`).
 *
 * @example
 * ```ts
 * import type { LifecycleEventName } from "@taskroute/core"
 * const names: ReadonlyArray<LifecycleEventName> = ["ready", "connected", "disconnected", "token.expired"]
 * ```
 */
export type LifecycleEventName =
  | "connected"
  | "ready"
  | "disconnected"
  | "token.expired"
  | "token.updated"
  | "error"

/**
 * Why the channel disconnected.
 *
 * @example
 * ```ts
 * import type { DisconnectReason } from "@taskroute/core"
 * const final = (r: DisconnectReason) => r === "maxRetries" || r === "client"
 * ```
 */
export type DisconnectReason =
  /** The server or the network closed the socket. */
  | "closed"
  /** No frame (not even a heartbeat) arrived within the heartbeat timeout; the socket was closed. */
  | "heartbeat"
  /** The token expired; the channel waits for a new one. */
  | "tokenExpired"
  /** `maxRetries` consecutive reconnection attempts failed; the channel gave up. */
  | "maxRetries"
  /** The client closed it. */
  | "client"

/**
 * A frame or the socket itself misbehaved: a frame that is not JSON or has no `event_type`, a socket error.
 *
 * @example
 * ```ts
 * import { EventChannelError } from "@taskroute/core"
 * new EventChannelError({ reason: "Frame", message: "This doesn't look like a valid JSON: {" })
 * ```
 */
export class EventChannelError extends Data.TaggedError("EventChannelError")<{
  readonly reason: "Frame" | "Socket" | "TokenRefresh"
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * Everything the event channel publishes, discriminated by `_tag`; `name` is the event name a TaskRouter.js v1
 * listener uses (`"ready"`, `"worker.activity.update"`, ...).
 *
 * @example
 * ```ts
 * import type { WorkspaceEvent } from "@taskroute/core"
 * const describe = (e: WorkspaceEvent) => e._tag === "Domain" ? `${e.name}: ${String(e.payload.sid)}` : e.name
 * ```
 */
export type WorkspaceEvent =
  | { readonly _tag: "Connected"; readonly name: "connected" }
  | { readonly _tag: "Ready"; readonly name: "ready"; readonly workspace: Readonly<Record<string, unknown>> }
  | {
      readonly _tag: "Disconnected"
      readonly name: "disconnected"
      readonly message: string
      readonly reason: DisconnectReason
      /** True when a reconnection is scheduled. */
      readonly reconnecting: boolean
      /** The WebSocket close code, when the socket reported one. */
      readonly code?: number | undefined
    }
  | { readonly _tag: "TokenExpired"; readonly name: "token.expired" }
  | { readonly _tag: "TokenUpdated"; readonly name: "token.updated" }
  | {
      readonly _tag: "Error"
      readonly name: "error"
      readonly error: EventChannelError | WorkspaceClientError
      readonly message: string
    }
  | {
      readonly _tag: "Domain"
      readonly name: DomainEventType
      /** The payload shaped as results are (camelCase, parsed attributes, `Date`s). */
      readonly payload: Readonly<Record<string, unknown>>
      /** The payload exactly as it arrived. */
      readonly raw: unknown
    }

/**
 * What a frame decodes to: nothing (a heartbeat), a domain event, or an error event.
 *
 * @example
 * ```ts
 * import { decodeEventFrame, type DecodedFrame } from "@taskroute/core"
 * const frame: DecodedFrame = decodeEventFrame("")
 * ```
 */
export type DecodedFrame =
  | { readonly _tag: "Heartbeat" }
  | Extract<WorkspaceEvent, { readonly _tag: "Domain" }>
  | Extract<WorkspaceEvent, { readonly _tag: "Error" }>

const frameError = (message: string, cause?: unknown): DecodedFrame => {
  const error = new EventChannelError(
    cause === undefined ? { reason: "Frame", message } : { reason: "Frame", message, cause },
  )
  return { _tag: "Error", name: "error", error, message }
}

/**
 * Decodes one text frame of the event bridge: blank is a heartbeat, otherwise `{ "event_type", "payload" }`.
 * Never throws: a bad frame becomes an `error` event naming what was wrong.
 *
 * @example
 * ```ts
 * import { decodeEventFrame } from "@taskroute/core"
 * decodeEventFrame(" ") // { _tag: "Heartbeat" }
 * decodeEventFrame('{"event_type":"worker.created","payload":{"sid":"WKx","friendly_name":"Alice"}}')
 * // { _tag: "Domain", name: "worker.created", payload: { sid: "WKx", friendlyName: "Alice" }, raw: {...} }
 * ```
 */
export const decodeEventFrame = (text: string): DecodedFrame => {
  if (text.trim() === "") return { _tag: "Heartbeat" }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    return frameError(
      `This doesn't look like a valid JSON: ${text.length > 200 ? `${text.slice(0, 200)}...` : text}`,
      cause,
    )
  }
  if (!isRecord(json))
    return frameError(`A frame must be a JSON object with an event_type, got: ${text.slice(0, 200)}`)
  const type = json.event_type
  if (typeof type !== "string" || type === "") {
    return frameError(`A frame has no event_type: ${text.slice(0, 200)}`)
  }
  const raw = json.payload
  // (camelizeResource builds a new object: no copy needed.)
  const shaped = camelizeResource(raw)
  return { _tag: "Domain", name: type, payload: isRecord(shaped) ? shaped : { value: shaped }, raw }
}
