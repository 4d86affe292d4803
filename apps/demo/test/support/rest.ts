/**
 * A REST client (HTTP Basic) on the emulator a demo started, for tests that set things up or check them behind
 * the console's back.
 */
import type { Demo } from "../../src/server/DemoServer.js"
import { makeRestClient, type RestClient } from "../../src/server/internal/rest.js"

/** The REST client of the demo's emulator; throws when the demo runs against a real workspace. */
export const restOf = (demo: Demo): RestClient => {
  const fake = demo.fake
  if (fake === undefined) throw new Error("the demo runs without the emulator")
  return makeRestClient({
    baseUrl: fake.url,
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    workspaceSid: fake.workspaceSid,
  })
}
