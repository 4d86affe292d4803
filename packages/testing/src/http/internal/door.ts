import { Effect, type Scope } from "effect"
import * as Faults from "../../faults/Faults.js"
import { makeGtlApi } from "../../gtl/GtlApi.js"
import * as GtlSource from "../../gtl/GtlSource.js"
import * as Emulator from "../../store/Emulator.js"
import * as EventSocketHub from "../../ws/EventSocketHub.js"
import * as HttpHandler from "../HttpHandler.js"

/** What both doors are made of: one emulator, its faults, its websocket hub and the shared HTTP handler. */
export interface Door {
  readonly emulator: Emulator.Emulator
  readonly controller: Faults.FaultController
  readonly hub: EventSocketHub.EventSocketHub
  readonly handler: HttpHandler.HttpHandler
}

/** Options shared by both doors. */
export interface DoorOptions {
  readonly seed?: "empty" | "demo" | undefined
  readonly random?: number | string | undefined
  readonly accountSid?: string | undefined
  readonly authToken?: string | undefined
  readonly heartbeatMs?: number | undefined
  readonly maxBodyBytes?: number | undefined
}

/** Builds a door's parts; the emulator's timers live in the surrounding scope, on the surrounding Clock. */
export const makeDoor = (options: DoorOptions): Effect.Effect<Door, never, Scope.Scope> =>
  Effect.gen(function* () {
    const emulator = yield* Emulator.make({
      seed: options.seed ?? "empty",
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.accountSid === undefined ? {} : { accountSid: options.accountSid }),
      ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
    })
    const controller = Faults.make({ random: options.random })
    const hub = EventSocketHub.make({ emulator, faults: controller, heartbeatMs: options.heartbeatMs })
    const gtl = makeGtlApi(GtlSource.fromEmulator(emulator))
    const handler = HttpHandler.make({
      emulator,
      faults: controller,
      gtl,
      maxBodyBytes: options.maxBodyBytes,
    })
    return { emulator, controller, hub, handler }
  })
