// A scripted stand-in for the store: records what the doors hand it and answers like the REST API would, so
// the doors' own behaviour (auth, decoding, proxy envelope, CORS, faults, sockets) is tested on its own.
import { Effect } from "effect"
import type { Emulator, EventFrame, RestRequest, RestResponse } from "../../src/store/Emulator.js"

export const ACCOUNT = `AC${"a".repeat(32)}`
export const AUTH_TOKEN = "stub-auth-token"
export const WORKSPACE = `WS${"b".repeat(32)}`
export const ACTIVITY = `WA${"c".repeat(32)}`
export const WORKER = `WK${"d".repeat(32)}`

export interface StubEmulator extends Emulator {
  readonly requests: Array<RestRequest>
  readonly emit: (frame: EventFrame) => void
  readonly listeners: () => number
}

const activity = (base: string, sid: string, name: string) => ({
  account_sid: ACCOUNT,
  available: true,
  date_created: "2024-01-01T00:00:00Z",
  date_updated: "2024-01-01T00:00:00Z",
  friendly_name: name,
  sid,
  url: `${base}/v1/Workspaces/${WORKSPACE}/Activities/${sid}`,
  workspace_sid: WORKSPACE,
  links: { workspace: `${base}/v1/Workspaces/${WORKSPACE}` },
})

const notFound = (path: string): RestResponse => ({
  status: 404,
  headers: {},
  body: {
    code: 20404,
    message: `The requested resource ${path.replace(/^\/v1/, "")} was not found`,
    more_info: "https://www.twilio.com/docs/errors/20404",
    status: 404,
  },
})

const answer = (request: RestRequest): RestResponse => {
  const ws = `/v1/Workspaces/${WORKSPACE}`
  const base = request.baseUrl
  if (request.path === ws && request.method === "GET") {
    return {
      status: 200,
      headers: {},
      body: { sid: WORKSPACE, account_sid: ACCOUNT, friendly_name: "Stub", url: `${base}${ws}` },
    }
  }
  if (request.path === `${ws}/Activities` && request.method === "GET") {
    const url = `${base}${ws}/Activities?PageSize=1&Page=0`
    return {
      status: 200,
      headers: {},
      body: {
        meta: {
          page: 0,
          page_size: 1,
          first_page_url: url,
          previous_page_url: null,
          url,
          next_page_url: `${base}${ws}/Activities?PageSize=1&Page=1&PageToken=PA${ACTIVITY}`,
          key: "activities",
        },
        activities: [activity(base, ACTIVITY, "Offline")],
      },
    }
  }
  if (request.path === `${ws}/Activities` && request.method === "POST") {
    const name = request.form.find(([k]) => k === "FriendlyName")?.[1]
    if (name === undefined) {
      return {
        status: 400,
        headers: {},
        body: {
          code: 20001,
          message: "Missing required parameter FriendlyName in the post body",
          more_info: "https://www.twilio.com/docs/errors/20001",
          status: 400,
        },
      }
    }
    return { status: 201, headers: {}, body: activity(base, ACTIVITY, name) }
  }
  if (request.path === `${ws}/Activities/${ACTIVITY}` && request.method === "DELETE") {
    return { status: 204, headers: {}, body: undefined }
  }
  if (request.path === `${ws}/Workers/${WORKER}` && request.method === "POST") {
    return {
      status: 200,
      headers: { etag: "7" },
      body: { sid: WORKER, attributes: request.form.find(([k]) => k === "Attributes")?.[1] ?? "{}" },
    }
  }
  return notFound(request.path)
}

export const makeStubEmulator = (): StubEmulator => {
  const requests: Array<RestRequest> = []
  const listeners = new Set<{ account: string; workspace: string; listener: (frame: EventFrame) => void }>()
  return {
    seed: { accountSid: ACCOUNT, authToken: AUTH_TOKEN, workspaceSid: WORKSPACE, solutionDbid: 1 },
    requests,
    handle: (request) =>
      Effect.sync(() => {
        requests.push(request)
        return answer(request)
      }),
    subscribe: (account, workspace, listener) => {
      const entry = { account, workspace, listener }
      listeners.add(entry)
      return () => {
        listeners.delete(entry)
      }
    },
    emit: (frame) => {
      for (const entry of listeners) entry.listener(frame)
    },
    listeners: () => listeners.size,
    authToken: (account) => (account === ACCOUNT ? AUTH_TOKEN : undefined),
    snapshot: () => undefined,
    workspaces: () => [{ accountSid: ACCOUNT, workspaceSid: WORKSPACE, solutionDbid: 1 }],
  }
}
