import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Policy, PolicyError } from "../../src/auth/index.js"

const WS = "WS0123456789abcdef0123456789abcdef"
const AC = "AC0123456789abcdef0123456789abcdef"
const BASE = `https://taskrouter.twilio.com/v1/Workspaces/${WS}`

const allow = (url: string, method: string, extra?: Partial<Policy.Policy>): Policy.Policy =>
  Policy.make({ url, method, allow: true, ...extra })
const deny = (url: string, method: string, extra?: Partial<Policy.Policy>): Policy.Policy =>
  Policy.make({ url, method, ...extra, allow: false })

describe("Policy.urlMatches", () => {
  it("a literal URL matches only itself, compared exactly by default", () => {
    expect(Policy.urlMatches(BASE, BASE)).toBe(true)
    expect(Policy.urlMatches(BASE, `${BASE}/`)).toBe(false)
    expect(Policy.urlMatches(BASE, `${BASE}/Workers`)).toBe(false)
    expect(Policy.urlMatches(BASE, BASE.toUpperCase())).toBe(false)
  })

  it("a trailing /* matches exactly one more non-empty segment", () => {
    const p = "https://taskrouter.twilio.com/v1/Workspaces/*"
    expect(Policy.urlMatches(p, BASE)).toBe(true)
    expect(Policy.urlMatches(p, "https://taskrouter.twilio.com/v1/Workspaces/")).toBe(false)
    expect(Policy.urlMatches(p, "https://taskrouter.twilio.com/v1/Workspaces")).toBe(false)
    expect(Policy.urlMatches(p, `${BASE}/TaskQueues`)).toBe(false)
    expect(Policy.urlMatches(p, "https://taskrouter.twilio.com/v1/WorkspacesX")).toBe(false)
  })

  it("a trailing /** matches any depth below, but not the path itself", () => {
    const p = `${BASE}/**`
    expect(Policy.urlMatches(p, `${BASE}/TaskQueues`)).toBe(true)
    expect(Policy.urlMatches(p, `${BASE}/Statistics`)).toBe(true)
    expect(Policy.urlMatches(p, `${BASE}/Workers/WKx/Statistics`)).toBe(true)
    expect(Policy.urlMatches(p, BASE)).toBe(false)
    expect(Policy.urlMatches(p, `${BASE}/`)).toBe(false)
    expect(Policy.urlMatches(p, `${BASE}x/Workers`)).toBe(false)
    expect(Policy.urlMatches(p, `${BASE}/Workers//x`)).toBe(false)
  })

  it("a * that is not the whole last segment is literal", () => {
    const p = "https://taskrouter.twilio.com/v1/Workspaces/*/Workers"
    expect(Policy.urlMatches(p, `${BASE}/Workers`)).toBe(false)
    expect(Policy.urlMatches(p, p)).toBe(true)
  })

  const segment = fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/).filter((s) => s !== "*" && s !== "**")
  const base = fc
    .array(segment, { minLength: 1, maxLength: 4 })
    .map((s) => `https://h.example/${s.join("/")}`)

  it("property: base/* matches base + one segment and nothing deeper or shallower", () => {
    fc.assert(
      fc.property(base, fc.array(segment, { maxLength: 4 }), (b, rest) => {
        const url = rest.length === 0 ? b : `${b}/${rest.join("/")}`
        expect(Policy.urlMatches(`${b}/*`, url)).toBe(rest.length === 1)
      }),
    )
  })

  it("property: base/** matches base + one or more segments, never base itself", () => {
    fc.assert(
      fc.property(base, fc.array(segment, { maxLength: 5 }), (b, rest) => {
        const url = rest.length === 0 ? b : `${b}/${rest.join("/")}`
        expect(Policy.urlMatches(`${b}/**`, url)).toBe(rest.length >= 1)
      }),
    )
  })

  it("property: a glob never matches a URL outside its base, and a literal only itself", () => {
    fc.assert(
      fc.property(base, base, fc.array(segment, { maxLength: 3 }), (b, other, rest) => {
        fc.pre(!`${other}/`.startsWith(`${b}/`))
        const url = rest.length === 0 ? other : `${other}/${rest.join("/")}`
        expect(Policy.urlMatches(`${b}/*`, url)).toBe(false)
        expect(Policy.urlMatches(`${b}/**`, url)).toBe(false)
        expect(Policy.urlMatches(b, url)).toBe(url === b)
      }),
    )
  })
})

describe("Policy.authorize", () => {
  it("requires a policy that matches URL and method (case-insensitive)", () => {
    const policies = [allow(BASE, "GET")]
    expect(Policy.authorize(policies, { method: "GET", url: BASE })).toEqual({
      allowed: true,
      reason: `allowed by policies[0] (GET ${BASE})`,
    })
    expect(Policy.authorize(policies, { method: "get", url: BASE }).allowed).toBe(true)
    expect(Policy.authorize([allow(BASE, "get")], { method: "GET", url: BASE }).allowed).toBe(true)
    const post = Policy.authorize(policies, { method: "POST", url: BASE })
    expect(post).toEqual({ allowed: false, reason: `no policy allows POST ${BASE}` })
    expect(Policy.authorize(policies, { method: "GET", url: `${BASE}/Workers` }).allowed).toBe(false)
    expect(Policy.authorize([], { method: "GET", url: BASE }).allowed).toBe(false)
  })

  it("a matching allow:false policy denies even when an allowing policy matches, in either order", () => {
    const denyWorkers = deny(`${BASE}/Workers/**`, "GET")
    const fetchAll = allow(`${BASE}/**`, "GET")
    const request = { method: "GET", url: `${BASE}/Workers/WKx` }
    for (const policies of [
      [fetchAll, denyWorkers],
      [denyWorkers, fetchAll],
    ]) {
      const d = Policy.authorize(policies, request)
      expect(d.allowed).toBe(false)
      expect(d.reason).toMatch(/^denied by policies\[\d\] \(GET .*\/Workers\/\*\*\) which has allow: false$/)
    }
    // The deny rule does not reach what it does not match.
    expect(Policy.authorize([fetchAll, denyWorkers], { method: "GET", url: `${BASE}/Tasks` }).allowed).toBe(
      true,
    )
    expect(Policy.authorize([fetchAll, denyWorkers], { method: "GET", url: `${BASE}/Workers` }).allowed).toBe(
      true,
    )
  })

  it("a literal filter value requires the parameter with exactly that value", () => {
    const p = allow(`${BASE}/Workers/*`, "POST", { postFilter: { ActivitySid: "WAidle" } })
    const url = `${BASE}/Workers/WKx`
    expect(Policy.authorize([p], { method: "POST", url, post: { ActivitySid: "WAidle" } }).allowed).toBe(true)
    expect(
      Policy.authorize([p], { method: "POST", url, post: { ActivitySid: "WAidle", Attributes: "{}" } })
        .allowed,
    ).toBe(true)
    const wrong = Policy.authorize([p], { method: "POST", url, post: { ActivitySid: "WAbusy" } })
    expect(wrong.allowed).toBe(false)
    expect(wrong.reason).toContain('its post filter requires ActivitySid="WAidle"')
    const absent = Policy.authorize([p], { method: "POST", url, post: {} })
    expect(absent.reason).toContain("its post filter requires the parameter ActivitySid")
    expect(Policy.authorize([p], { method: "POST", url }).allowed).toBe(false)
  })

  it("matcher objects: required, required with a value, optional with a value, optional", () => {
    const url = `${BASE}/Tasks`
    const q = (queryFilter: Policy.Filter, query?: Policy.Params) =>
      Policy.authorize([allow(url, "GET", { queryFilter })], { method: "GET", url, query }).allowed
    expect(q({ AssignmentStatus: { required: true } }, { AssignmentStatus: "pending" })).toBe(true)
    expect(q({ AssignmentStatus: { required: true } }, {})).toBe(false)
    expect(q({ AssignmentStatus: { required: true } }, { AssignmentStatus: undefined })).toBe(false)
    expect(
      q({ AssignmentStatus: { required: true, value: "pending" } }, { AssignmentStatus: "pending" }),
    ).toBe(true)
    expect(
      q({ AssignmentStatus: { required: true, value: "pending" } }, { AssignmentStatus: "wrapping" }),
    ).toBe(false)
    expect(q({ AssignmentStatus: { required: false, value: "pending" } }, {})).toBe(true)
    expect(q({ AssignmentStatus: { required: false, value: "pending" } }, { AssignmentStatus: "x" })).toBe(
      false,
    )
    expect(q({ AssignmentStatus: { required: false } }, { AssignmentStatus: "anything" })).toBe(true)
    // A repeated parameter matches a value only if every occurrence has it.
    expect(q({ AssignmentStatus: "pending" }, { AssignmentStatus: ["pending", "pending"] })).toBe(true)
    expect(q({ AssignmentStatus: "pending" }, { AssignmentStatus: ["pending", "reserved"] })).toBe(false)
  })

  it("the request URL's query string feeds the query filter and is not part of the URL match", () => {
    const url = `${BASE}/Tasks`
    const p = allow(url, "GET", { queryFilter: { TaskQueueSid: "WQ1" } })
    expect(Policy.authorize([p], { method: "GET", url: `${url}?TaskQueueSid=WQ1&PageSize=50` }).allowed).toBe(
      true,
    )
    expect(Policy.authorize([p], { method: "GET", url: `${url}?TaskQueueSid=WQ2` }).allowed).toBe(false)
    // Explicit query entries win over the URL's.
    expect(
      Policy.authorize([p], { method: "GET", url: `${url}?TaskQueueSid=WQ2`, query: { TaskQueueSid: "WQ1" } })
        .allowed,
    ).toBe(true)
    expect(
      Policy.authorize([p], { method: "GET", url: `${url}?Friendly%20Name=a+b&TaskQueueSid=WQ%31` }).allowed,
    ).toBe(true)
  })

  it("a filtered deny only denies the requests its filter matches", () => {
    const policies = [
      ...Policy.allowUpdatesSubresources(WS),
      deny(`${BASE}/Workers/*`, "POST", { postFilter: { Attributes: { required: true } } }),
    ]
    const url = `${BASE}/Workers/WKx`
    expect(Policy.authorize(policies, { method: "POST", url, post: { ActivitySid: "WA1" } }).allowed).toBe(
      true,
    )
    expect(Policy.authorize(policies, { method: "POST", url, post: { Attributes: "{}" } }).allowed).toBe(
      false,
    )
  })

  it("canonicalize maps the request and policy URLs before comparing", () => {
    const policies = [...Policy.eventBridge(AC, WS), ...Policy.allowUpdates(WS)]
    const options = { canonicalize: Policy.canonicalTwilioUrl }
    const regional = `https://event-bridge.ie1-ix.us1.twilio.com/v1/wschannels/${AC}/${WS}`
    expect(Policy.authorize(policies, { method: "GET", url: regional }).allowed).toBe(false)
    expect(Policy.authorize(policies, { method: "GET", url: regional }, options).allowed).toBe(true)
    // TaskRouter.js v1 posts workspace updates to the URL with a trailing slash.
    expect(Policy.authorize(policies, { method: "POST", url: `${BASE}/` }).allowed).toBe(false)
    expect(Policy.authorize(policies, { method: "POST", url: `${BASE}/` }, options).allowed).toBe(true)
    // An emulator maps its own origin onto Twilio's.
    const local = (u: string) =>
      Policy.canonicalTwilioUrl(u.replace(/^http:\/\/127\.0\.0\.1:\d+/, "https://taskrouter.twilio.com"))
    expect(
      Policy.authorize(
        [...Policy.allowFetchSubresources(WS)],
        { method: "GET", url: `http://127.0.0.1:4321/v1/Workspaces/${WS}/Workers` },
        { canonicalize: local },
      ).allowed,
    ).toBe(true)
  })

  it("property: allowed exactly when some allow policy matches and no deny policy matches", () => {
    const urls = [BASE, `${BASE}/*`, `${BASE}/**`, `${BASE}/Workers/*`, `${BASE}/Workers/**`, `${BASE}/Tasks`]
    const policyArb = fc.record({
      url: fc.constantFrom(...urls),
      method: fc.constantFrom("GET", "POST", "DELETE"),
      queryFilter: fc.constantFrom<Policy.Filter>({}, { A: "1" }, { A: { required: true } }),
      postFilter: fc.constantFrom<Policy.Filter>({}, { B: { required: false, value: "2" } }),
      allow: fc.boolean(),
    })
    const requestArb = fc.record({
      method: fc.constantFrom("GET", "POST", "DELETE"),
      url: fc.constantFrom(
        BASE,
        `${BASE}/Workers`,
        `${BASE}/Workers/WK1`,
        `${BASE}/Workers/WK1/Statistics`,
        `${BASE}/Tasks`,
      ),
      query: fc.constantFrom<Policy.Params>({}, { A: "1" }, { A: "3" }),
      post: fc.constantFrom<Policy.Params>({}, { B: "2" }, { B: "9" }),
    })
    fc.assert(
      fc.property(fc.array(policyArb, { maxLength: 6 }), requestArb, (policies, request) => {
        const matching = policies.filter((p) => Policy.matches(p, request))
        const expected = matching.some((p) => p.allow) && !matching.some((p) => !p.allow)
        expect(Policy.authorize(policies, request).allowed).toBe(expected)
      }),
    )
  })
})

describe("Policy builders", () => {
  const can = (policies: ReadonlyArray<Policy.Policy>, method: string, url: string) =>
    Policy.authorize(policies, { method, url }).allowed

  it("eventBridge: GET and POST on the event-bridge channel URL, as twilio-node's defaultEventBridgePolicies", () => {
    const policies = Policy.eventBridge(AC, WS)
    const url = `https://event-bridge.twilio.com/v1/wschannels/${AC}/${WS}`
    expect(policies.map(Policy.toWire)).toEqual([
      { url, method: "GET", query_filter: {}, post_filter: {}, allow: true },
      { url, method: "POST", query_filter: {}, post_filter: {}, allow: true },
    ])
  })

  it("workspaceFetch: GET on the workspace only", () => {
    const p = Policy.workspaceFetch(WS)
    expect(can(p, "GET", BASE)).toBe(true)
    expect(can(p, "GET", `${BASE}/Workers`)).toBe(false)
    expect(can(p, "POST", BASE)).toBe(false)
  })

  it("the five helper capabilities of the seed", () => {
    const table: Array<[string, ReadonlyArray<Policy.Policy>, Record<string, boolean>]> = [
      [
        "AllowFetchSubresources",
        Policy.allowFetchSubresources(WS),
        { "GET sub": true, "GET deep": true, "GET ws": false, "POST sub": false, "DELETE sub": false },
      ],
      ["AllowUpdates", Policy.allowUpdates(WS), { "POST ws": true, "POST sub": false, "GET ws": false }],
      [
        "AllowUpdatesSubresources",
        Policy.allowUpdatesSubresources(WS),
        { "POST ws": true, "POST sub": true, "POST deep": true, "GET sub": false, "DELETE ws": false },
      ],
      ["AllowDelete", Policy.allowDelete(WS), { "DELETE ws": true, "DELETE sub": false, "POST ws": false }],
      [
        "AllowDeleteSubresources",
        Policy.allowDeleteSubresources(WS),
        { "DELETE ws": true, "DELETE sub": true, "DELETE deep": true, "GET sub": false },
      ],
    ]
    const target: Record<string, string> = {
      ws: BASE,
      sub: `${BASE}/Workers`,
      deep: `${BASE}/Workers/WK1/Reservations/WR1`,
    }
    for (const [name, policies, expectations] of table) {
      for (const [key, expected] of Object.entries(expectations)) {
        const [method = "", where = ""] = key.split(" ")
        expect([name, key, can(policies, method, target[where] ?? "")]).toEqual([name, key, expected])
      }
    }
    // Another workspace is never covered.
    const other = "https://taskrouter.twilio.com/v1/Workspaces/WS1/Workers"
    expect(can(Policy.allowFetchSubresources(WS), "GET", other)).toBe(false)
  })
})

describe("Policy wire form", () => {
  it("toWire keeps allow:false and fromWire reads it back", () => {
    const p = deny(`${BASE}/**`, "DELETE", { postFilter: { X: { required: true, value: "1" } } })
    const wire = Policy.toWire(p)
    expect(JSON.stringify(wire)).toBe(
      `{"url":"${BASE}/**","method":"DELETE","query_filter":{},"post_filter":{"X":{"required":true,"value":"1"}},"allow":false}`,
    )
    expect(Policy.fromWire(JSON.parse(JSON.stringify(wire)))).toEqual(p)
  })

  it("fromWire defaults missing filters to {} and a missing allow to false", () => {
    expect(Policy.fromWire({ url: BASE, method: "GET" })).toEqual({
      url: BASE,
      method: "GET",
      queryFilter: {},
      postFilter: {},
      allow: false,
    })
  })

  it("fromWire rejects malformed policies with a PolicyError naming the field and index", () => {
    const bad: Array<[unknown, string, RegExp]> = [
      ["nope", "", /^policies\[3\] must be an object, got "nope"$/],
      [{ url: "", method: "GET" }, "url", /^policies\[3\]\.url must be a non-empty string, got ""$/],
      [{ url: BASE, method: 42 }, "method", /^policies\[3\]\.method must be an HTTP method/],
      [
        { url: BASE, method: "GET", allow: "yes" },
        "allow",
        /^policies\[3\]\.allow must be a boolean, got "yes"$/,
      ],
      [
        { url: BASE, method: "GET", query_filter: [] },
        "query_filter",
        /must be an object of parameter matchers/,
      ],
      [{ url: BASE, method: "GET", post_filter: { A: 1 } }, "post_filter.A", /must be a string literal or/],
      [
        { url: BASE, method: "GET", post_filter: { A: { required: true, value: 1 } } },
        "post_filter.A.value",
        /string/,
      ],
    ]
    for (const [input, field, message] of bad) {
      let caught: unknown
      try {
        Policy.fromWire(input, 3)
      } catch (e) {
        caught = e
      }
      expect(caught).toBeInstanceOf(PolicyError)
      if (caught instanceof PolicyError) {
        expect(caught._tag).toBe("PolicyError")
        expect(caught.index).toBe(3)
        expect(caught.field).toBe(field)
        expect(caught.message).toMatch(message)
      }
    }
  })

  it("a parameter named __proto__ is an ordinary parameter in filters and query strings", () => {
    const wire = JSON.parse(`{"url":"${BASE}","method":"GET","query_filter":{"__proto__":"x"},"allow":true}`)
    const p = Policy.fromWire(wire)
    expect(Object.keys(p.queryFilter)).toEqual(["__proto__"])
    expect(Policy.authorize([p], { method: "GET", url: `${BASE}?__proto__=x` }).allowed).toBe(true)
    expect(Policy.authorize([p], { method: "GET", url: `${BASE}?__proto__=y` }).allowed).toBe(false)
    expect(Policy.authorize([p], { method: "GET", url: BASE }).allowed).toBe(false)
  })

  it("make validates its input", () => {
    expect(() => Policy.make({ url: "", method: "GET", allow: true })).toThrow(PolicyError)
    expect(() => Policy.make({ url: BASE, method: "", allow: true })).toThrow(
      /policy\.method must be an HTTP method/,
    )
  })
})

describe("Policy.canonicalTwilioUrl", () => {
  it("maps regional hosts, websocket schemes, default ports and trailing slashes", () => {
    const c = Policy.canonicalTwilioUrl
    expect(c(`wss://event-bridge.ie1-ix.us1.twilio.com/v1/wschannels/${AC}/${WS}`)).toBe(
      `https://event-bridge.twilio.com/v1/wschannels/${AC}/${WS}`,
    )
    expect(c("https://taskrouter.dublin.ie1.twilio.com/v1/Workspaces/WS1/")).toBe(
      "https://taskrouter.twilio.com/v1/Workspaces/WS1",
    )
    expect(c("HTTPS://TaskRouter.Twilio.com:443/v1/Workspaces/WS1")).toBe(
      "https://taskrouter.twilio.com/v1/Workspaces/WS1",
    )
    expect(c("http://127.0.0.1:8080/v1//")).toBe("http://127.0.0.1:8080/v1")
    expect(c("https://example.com/")).toBe("https://example.com")
    expect(c("not a url")).toBe("not a url")
    // Path case is significant: SIDs and resource names are case-sensitive.
    expect(c("https://taskrouter.twilio.com/v1/workspaces")).toBe(
      "https://taskrouter.twilio.com/v1/workspaces",
    )
  })
})
