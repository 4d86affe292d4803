// The validator the conformance suite relies on must itself catch what it claims to catch.
import { assert, describe, it } from "vitest"
import { findOperation, validateOperation, validateResponse } from "./manifest.js"

const WS = `WS${"a".repeat(32)}`
const WA = `WA${"b".repeat(32)}`
const AC = `AC${"c".repeat(32)}`

const activity = {
  account_sid: AC,
  available: true,
  date_created: "2024-01-01T00:00:00Z",
  date_updated: "2024-01-01T00:00:00Z",
  friendly_name: "Offline",
  sid: WA,
  url: `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Activities/${WA}`,
  workspace_sid: WS,
  links: { workspace: `https://taskrouter.twilio.com/v1/Workspaces/${WS}` },
}

describe("conformance validator", () => {
  it("finds operations with literal segments before {Sid}", () => {
    assert.strictEqual(
      findOperation("GET", `/v1/Workspaces/${WS}/Workers/Statistics`)?.operationId,
      "FetchWorkerStatistics",
    )
    assert.strictEqual(findOperation("GET", `/v1/Workspaces/${WS}/Workers/WK1`)?.operationId, "FetchWorker")
    assert.strictEqual(
      findOperation("POST", `/v1/Workspaces/${WS}/TaskQueues/RealTimeStatistics`)?.operationId,
      "CreateTaskQueueBulkRealTimeStatistics",
    )
    assert.isUndefined(findOperation("PUT", `/v1/Workspaces/${WS}`))
  })

  it("accepts a conforming instance and list", () => {
    assert.deepStrictEqual(
      validateResponse("GET", `/v1/Workspaces/${WS}/Activities/${WA}`, 200, activity),
      [],
    )
    const url = `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Activities?PageSize=50&Page=0`
    const list = {
      meta: {
        page: 0,
        page_size: 50,
        first_page_url: url,
        previous_page_url: null,
        url,
        next_page_url: null,
        key: "activities",
      },
      activities: [activity],
    }
    assert.deepStrictEqual(validateResponse("GET", `/v1/Workspaces/${WS}/Activities`, 200, list), [])
    assert.deepStrictEqual(validateResponse("DELETE", `/v1/Workspaces/${WS}/Activities/${WA}`, 204, ""), [])
  })

  it("reports missing and undeclared fields, wrong types, bad SIDs, non-nullable nulls and wrong statuses", () => {
    const { friendly_name: _dropped, ...withoutName } = activity
    const wrong = { ...withoutName, available: "yes", sid: "WA123", date_created: "yesterday", extra: 1 }
    const problems = validateResponse("POST", `/v1/Workspaces/${WS}/Activities`, 200, wrong)
    const text = problems.join("\n")
    assert.include(text, "status 200, the spec says 201")
    assert.include(text, ".friendly_name: missing")
    assert.include(text, ".available: expected a boolean")
    assert.include(text, ".sid: expected /^WA[0-9a-fA-F]{32}$/")
    assert.include(text, ".date_created: expected an ISO-8601 UTC date")
    assert.include(text, ".extra: not in the spec")
    const badList = validateResponse("GET", `/v1/Workspaces/${WS}/Activities`, 200, {
      meta: { key: "items" },
      items: [],
    })
    assert.isTrue(badList.some((p) => p.includes("meta.key")))
    assert.isTrue(badList.some((p) => p.includes(".activities: expected an array")))
    const error = validateResponse("GET", `/v1/Workspaces/${WS}`, 404, {
      code: 20404,
      message: "x",
      status: 500,
    })
    assert.isTrue(error.some((p) => p.includes("more_info")))
    assert.isTrue(error.some((p) => p.includes("status 500 != 404")))
  })

  it("checks the emulator's in-process answers strictly: whole-second dates, no body means undefined, success only", () => {
    assert.deepStrictEqual(validateOperation("FetchActivity", 200, activity), [])
    const text = [
      ...validateOperation("FetchActivity", 200, { ...activity, date_updated: "2024-01-01T00:00:00.123Z" }),
      ...validateOperation("DeleteActivity", 204, ""),
      ...validateOperation("FetchActivity", 404, { ...activity, friendly_name: undefined }),
      ...validateOperation("NoSuchOperation", 200, {}),
    ].join("\n")
    assert.include(text, "FetchActivity.date_updated: expected an ISO-8601 UTC date without milliseconds")
    assert.include(text, "DeleteActivity: expected no body")
    assert.include(text, "FetchActivity: status 404, the spec says 200")
    assert.include(text, "FetchActivity.friendly_name: missing")
    assert.include(text, "unknown operation NoSuchOperation")
  })
})
