/**
 * The event-bridge websocket, independent of how bytes travel: authorizes a channel URL
 * (`/v1/wschannels/{AccountSid}/{channel}?token=...&closeExistingSessions=...`), then, per attached socket,
 * forwards `{event_type, payload}` frames of that workspace's events, sends blank heartbeat frames every
 * `heartbeatMs` (unless paused by a fault) and closes the socket when its token expires. Worker channels get
 * `reservation.*` payloads in TaskRouter.js v1's Worker shape (the task's JSON plus `reservation_sid`).
 *
 * Timers run on the Effect Clock of the fiber that attaches a socket: the live clock behind `startFakeServer`,
 * the TestClock behind `FakeTaskRouter.layer` in tests.
 *
 * @since 0.1.0
 */
import { Policy } from "@taskroute/core"
import { Clock, Effect, Fiber } from "effect"
import { verifyToken } from "../bridge/internal/token.js"
import { canonicalUrlOfPath } from "../bridge/internal/urls.js"
import type { FaultController } from "../faults/Faults.js"
import type { TwilioErrorBody } from "../http/internal/twilioError.js"
import { twilioErrorBody } from "../http/internal/twilioError.js"
import type { Emulator, EventFrame } from "../store/Emulator.js"

/**
 * The default heartbeat period: 30 s.
 *
 * @example
 * ```ts
 * const hub = EventSocketHub.make({ emulator, faults, heartbeatMs: EventSocketHub.DEFAULT_HEARTBEAT_MS / 2 })
 * ```
 */
export const DEFAULT_HEARTBEAT_MS = 30_000

/**
 * Close codes the emulator uses (application range 4000-4999), mirroring HTTP statuses.
 *
 * @example
 * ```ts
 * const expired = (code: number, reason: string) => code === EventSocketHub.CloseCode.Unauthorized && reason === "Token expired"
 * ```
 */
export const CloseCode = {
  /** The URL is not a channel URL. */
  BadRequest: 4400,
  /** The token is missing, malformed, badly signed or expired; also sent when a live socket's token expires. */
  Unauthorized: 4401,
  /** The token is valid but may not open this channel (account, channel or policies). */
  Forbidden: 4403,
  /** Another socket of the channel connected with `closeExistingSessions=true`. */
  Replaced: 4409,
  /** The emulator is shutting down. */
  GoingAway: 1001,
} as const

/**
 * Where the frames of one socket go: implemented by each door.
 *
 * @example
 * ```ts
 * const sink: EventSocketHub.SocketSink = { send: (t) => ws.send(t), close: (c, r) => ws.close(c, r), terminate: () => ws.terminate() }
 * ```
 */
export interface SocketSink {
  /** Send one text frame (heartbeats are `""`). Must not throw. */
  readonly send: (text: string) => void
  /** Close with a close frame. Must not throw; idempotent. */
  readonly close: (code: number, reason: string) => void
  /** Drop abruptly, without a close frame (the client sees 1006). */
  readonly terminate: () => void
}

/**
 * Why a channel URL was refused: the HTTP answer and the equivalent close code.
 *
 * @example
 * ```ts
 * const describe = (r: EventSocketHub.SocketRejection) => `${r.status} ${r.error.code}: ${r.error.message}`
 * ```
 */
export interface SocketRejection {
  readonly status: number
  readonly closeCode: number
  readonly error: TwilioErrorBody
}

/**
 * A channel URL that passed authorization.
 *
 * @example
 * ```ts
 * const isWorkerSocket = (a: EventSocketHub.Authorized) => a.channel.startsWith("WK")
 * ```
 */
export interface Authorized {
  readonly accountSid: string
  readonly workspaceSid: string
  readonly channel: string
  readonly closeExistingSessions: boolean
  /**
   * A worker socket's `disconnectActivitySid` (TaskRouter.js v1 Worker option): when the last socket of that
   * worker goes away (closed, dropped or expired; not replaced, not server shutdown), the worker is moved to this
   * activity.
   */
  readonly disconnectActivitySid: string | undefined
  /** Epoch ms of the token's `exp`, if any. */
  readonly expiresAtMs: number | undefined
}

/**
 * One attached socket. `detach` is idempotent; call it when the transport reports the socket closed.
 *
 * @example
 * ```ts
 * ws.on("close", () => session.detach())
 * ```
 */
export interface SocketSession {
  readonly detach: () => void
}

/**
 * The websocket side of one emulator instance.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { EventSocketHub } from "@taskroute/testing"
 * const program = Effect.gen(function*() {
 *   const hub = EventSocketHub.make({ emulator, faults })
 *   const authorized = yield* hub.authorize(`/v1/wschannels/${accountSid}/${workspaceSid}?token=${token}`)
 *   const session = yield* hub.attach(authorized, { send: console.log, close: () => {}, terminate: () => {} })
 * })
 * ```
 */
export interface EventSocketHub {
  /** Checks a channel URL (path + query; a host is ignored) and its token. */
  readonly authorize: (url: string) => Effect.Effect<Authorized, SocketRejection>
  /** Starts forwarding events, heartbeats and the expiry timer to a sink. */
  readonly attach: (authorized: Authorized, sink: SocketSink) => Effect.Effect<SocketSession>
  /** Number of attached sockets. */
  readonly size: () => number
  /** Drops every socket abruptly (no close frame). Returns how many. */
  readonly dropAll: () => number
  /** Sends a raw text frame to every socket. Returns how many. */
  readonly sendRawToAll: (text: string) => number
  /** Closes every socket with a close frame. */
  readonly closeAll: (code: number, reason: string) => void
}

/**
 * Options of {@link make}.
 *
 * @example
 * ```ts
 * const options: EventSocketHub.EventSocketHubOptions = { emulator, faults: Faults.make(), heartbeatMs: 0 }
 * ```
 */
export interface EventSocketHubOptions {
  readonly emulator: Emulator
  readonly faults: FaultController
  /** Heartbeat period in ms (default {@link DEFAULT_HEARTBEAT_MS}); 0 or less disables heartbeats. */
  readonly heartbeatMs?: number | undefined
}

const CHANNEL_PATH = /^\/v1\/wschannels\/([^/?#]+)\/([^/?#]+)\/?$/

const reject = (status: number, closeCode: number, error: TwilioErrorBody): SocketRejection => ({
  status,
  closeCode,
  error,
})

/** A 403 refusal: close code {@link CloseCode.Forbidden} and Twilio's error 20403 with this message. */
const forbidden = (message: string): SocketRejection =>
  reject(403, CloseCode.Forbidden, twilioErrorBody(403, 20403, message))

const parseChannelUrl = (
  raw: string,
):
  | {
      accountSid: string
      channel: string
      token: string | undefined
      closeExisting: boolean
      disconnectActivitySid: string | undefined
    }
  | undefined => {
  let url: URL
  try {
    url = new URL(raw, "http://emulator.invalid")
  } catch {
    return undefined
  }
  const m = CHANNEL_PATH.exec(url.pathname)
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined
  // The v1 SDK does not URL-encode the token; a JWT has no characters URLSearchParams would alter except '+'.
  const tokenMatch = /[?&]token=([^&#]*)/.exec(url.search)
  let token: string | undefined
  if (tokenMatch?.[1] !== undefined) {
    try {
      token = decodeURIComponent(tokenMatch[1])
    } catch {
      token = tokenMatch[1]
    }
  }
  const closeExisting = (url.searchParams.get("closeExistingSessions") ?? "").toLowerCase() === "true"
  const disconnect = url.searchParams.get("disconnectActivitySid") ?? ""
  return {
    accountSid: m[1],
    channel: m[2],
    token: token === "" ? undefined : token,
    closeExisting,
    disconnectActivitySid: disconnect === "" ? undefined : disconnect,
  }
}

const field = (payload: unknown, key: string): unknown =>
  typeof payload === "object" && payload !== null ? Reflect.get(payload, key) : undefined

/** Does an event concern a channel? Workspace channels get every event; worker/queue channels their own. */
const concerns = (channel: string, workspaceSid: string, frame: EventFrame): boolean => {
  if (channel === workspaceSid) return true
  const { payload } = frame
  if (channel.startsWith("WK"))
    return field(payload, "worker_sid") === channel || field(payload, "sid") === channel
  if (channel.startsWith("WQ")) {
    return field(payload, "task_queue_sid") === channel || field(payload, "sid") === channel
  }
  return false
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * The payload of a `reservation.*` frame on a WORKER channel. TaskRouter.js v1's Worker client reads it as the
 * task's JSON with the reservation's SID under `reservation_sid` (its `sid` is the task's), builds the
 * Reservation from those two SIDs and fetches both before emitting. The emulator's own shape (the reservation
 * with its task under `task`, which workspace channels keep) would make v1 build a Reservation without a SID and
 * then throw "Cannot redefine property: task".
 */
const workerReservationPayload = (payload: unknown): unknown => {
  if (!isRecord(payload)) return payload
  const reservationSid = payload.sid
  const task = payload.task
  if (isRecord(task)) return { ...task, reservation_sid: reservationSid }
  if (typeof payload.task_sid === "string") return { sid: payload.task_sid, reservation_sid: reservationSid }
  return payload
}

/** The text of a frame on a channel: worker channels get v1's `reservation.*` payloads. */
const channelFrameText = (channel: string, frame: EventFrame): string | undefined =>
  channel.startsWith("WK") && frame.event_type.startsWith("reservation.")
    ? JSON.stringify({ event_type: frame.event_type, payload: workerReservationPayload(frame.payload) })
    : undefined

/** Do two sockets listen on the same channel of the same account? */
const sameChannel = (a: Authorized, b: Authorized): boolean =>
  a.accountSid === b.accountSid && a.channel === b.channel

interface Live {
  readonly authorized: Authorized
  readonly sink: SocketSink
  /** `disconnected`: the client went away (apply `disconnectActivitySid`); false when replaced or shutting down. */
  detach: (disconnected?: boolean) => void
}

/**
 * Creates the websocket hub of one emulator and registers it with the fault controller (so
 * `faults.dropSockets()` and `faults.malformedFrame()` reach its sockets).
 *
 * @example
 * ```ts
 * import { EventSocketHub } from "@taskroute/testing"
 * const hub = EventSocketHub.make({ emulator, faults, heartbeatMs: 15_000 })
 * ```
 */
export const make = (options: EventSocketHubOptions): EventSocketHub => {
  const { emulator, faults } = options
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS
  const live = new Set<Live>()

  // Frames reach every listener of a workspace one after the other: serialise each frame once.
  let lastFrame: EventFrame | undefined
  let lastText = ""
  const frameText = (frame: EventFrame): string => {
    if (frame !== lastFrame) {
      lastFrame = frame
      lastText = JSON.stringify({ event_type: frame.event_type, payload: frame.payload })
    }
    return lastText
  }

  /** Moves a worker whose last socket went away to its `disconnectActivitySid`, as the event bridge does. */
  const applyDisconnectActivity = (authorized: Authorized): void => {
    const activitySid = authorized.disconnectActivitySid
    if (activitySid === undefined) return
    for (const other of live) if (sameChannel(other.authorized, authorized)) return
    Effect.runFork(
      emulator.handle({
        method: "POST",
        path: `/v1/Workspaces/${authorized.workspaceSid}/Workers/${authorized.channel}`,
        query: [],
        form: [["ActivitySid", activitySid]],
        headers: {},
        accountSid: authorized.accountSid,
        baseUrl: "https://taskrouter.twilio.com",
      }),
    )
  }

  const authorize = (url: string): Effect.Effect<Authorized, SocketRejection> =>
    Effect.gen(function* () {
      const parsed = parseChannelUrl(url)
      if (parsed === undefined) {
        return yield* Effect.fail(
          reject(
            404,
            CloseCode.BadRequest,
            twilioErrorBody(404, 20404, `The requested resource ${url.split("?")[0]} was not found`),
          ),
        )
      }
      const claims = yield* verifyToken(parsed.token, parsed.accountSid, emulator.authToken).pipe(
        Effect.mapError((error) =>
          reject(error.status, error.status === 403 ? CloseCode.Forbidden : CloseCode.Unauthorized, error),
        ),
      )
      if (claims.channel !== parsed.channel) {
        return yield* Effect.fail(
          forbidden(
            `Forbidden: the token is for channel ${claims.channel}, the socket was opened on ${parsed.channel}`,
          ),
        )
      }
      const channelUrl = canonicalUrlOfPath(`/v1/wschannels/${parsed.accountSid}/${parsed.channel}`)
      const decision = Policy.authorize(
        claims.policies,
        { method: "GET", url: channelUrl },
        {
          canonicalize: Policy.canonicalTwilioUrl,
        },
      )
      if (!decision.allowed) {
        return yield* Effect.fail(
          forbidden(`Forbidden: the token may not open this channel (${decision.reason})`),
        )
      }
      return {
        accountSid: claims.accountSid,
        workspaceSid: claims.workspaceSid,
        channel: parsed.channel,
        closeExistingSessions: parsed.closeExisting,
        disconnectActivitySid: parsed.channel.startsWith("WK") ? parsed.disconnectActivitySid : undefined,
        expiresAtMs: claims.expiresAt?.getTime(),
      }
    })

  const attach = (authorized: Authorized, sink: SocketSink): Effect.Effect<SocketSession> =>
    Effect.gen(function* () {
      if (authorized.closeExistingSessions) {
        for (const other of [...live]) {
          if (sameChannel(other.authorized, authorized)) {
            other.detach(false)
            other.sink.close(CloseCode.Replaced, "Closed by a newer session (closeExistingSessions=true)")
          }
        }
      }
      const now = yield* Clock.currentTimeMillis
      const entry: Live = { authorized, sink, detach: () => {} }
      const unsubscribe = emulator.subscribe(authorized.accountSid, authorized.workspaceSid, (frame) => {
        if (concerns(authorized.channel, authorized.workspaceSid, frame))
          sink.send(channelFrameText(authorized.channel, frame) ?? frameText(frame))
      })
      const heartbeat =
        heartbeatMs > 0
          ? yield* Effect.forkDetach(
              Effect.forever(
                Effect.andThen(
                  Effect.sleep(heartbeatMs),
                  Effect.sync(() => {
                    if (!faults.faults.heartbeatsPaused()) sink.send("")
                  }),
                ),
              ),
            )
          : undefined
      const expiry =
        authorized.expiresAtMs === undefined
          ? undefined
          : yield* Effect.forkDetach(
              Effect.andThen(
                Effect.sleep(Math.max(0, authorized.expiresAtMs - now)),
                Effect.sync(() => {
                  entry.detach()
                  sink.close(CloseCode.Unauthorized, "Token expired")
                }),
              ),
            )
      let detached = false
      entry.detach = (disconnected = true) => {
        if (detached) return
        detached = true
        live.delete(entry)
        unsubscribe()
        if (heartbeat !== undefined) Effect.runFork(Fiber.interrupt(heartbeat))
        if (expiry !== undefined) Effect.runFork(Fiber.interrupt(expiry))
        if (disconnected) applyDisconnectActivity(authorized)
      }
      live.add(entry)
      return { detach: () => entry.detach() }
    })

  const hub: EventSocketHub = {
    authorize,
    attach,
    size: () => live.size,
    dropAll: () => {
      const all = [...live]
      for (const entry of all) {
        entry.detach()
        entry.sink.terminate()
      }
      return all.length
    },
    sendRawToAll: (text) => {
      for (const entry of live) entry.sink.send(text)
      return live.size
    },
    closeAll: (code, reason) => {
      for (const entry of [...live]) {
        entry.detach(false)
        entry.sink.close(code, reason)
      }
    },
  }
  faults.attachSockets(hub)
  return hub
}
