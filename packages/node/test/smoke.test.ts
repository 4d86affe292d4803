import { describe, expect, it } from "vitest"
import { TransportError } from "@taskroute/node"

describe("smoke", () => {
  it("re-exports the core", () => {
    expect(new TransportError({ reason: "Network", message: "x" })._tag).toBe("TransportError")
  })
})
