/**
 * A REST client (HTTP Basic) on an emulator, for tests that set things up or check them behind the console's
 * back, and a real workspace's settings that point at an emulator on loopback.
 */
import type { FakeServer } from "@taskroute/testing"
import type { TwilioBackendOptions } from "../../src/server/Backend.js"
import type { Demo } from "../../src/server/DemoServer.js"
import { makeRestClient, type RestClient } from "../../src/server/internal/rest.js"

/** The REST client of an emulator's workspace. */
export const restOfFake = (fake: FakeServer): RestClient =>
  makeRestClient({
    baseUrl: fake.url,
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    workspaceSid: fake.workspaceSid,
  })

/** The REST client of the demo's emulator; throws when the demo runs against a real workspace. */
export const restOf = (demo: Demo): RestClient => {
  const fake = demo.fake
  if (fake === undefined) throw new Error("the demo runs without the emulator")
  return restOfFake(fake)
}

/** "A real workspace" for the demo: the TWILIO_* settings, with an emulator on loopback standing in for TaskRouter. */
export const twilioBackendOf = (fake: FakeServer): TwilioBackendOptions => ({
  kind: "twilio",
  accountSid: fake.accountSid,
  authToken: fake.authToken,
  workspaceSid: fake.workspaceSid,
  restOrigin: fake.url,
  eventBridgeOrigin: fake.url,
})
