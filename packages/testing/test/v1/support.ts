// Speaks the event bridge the way TaskRouter.js v1.21 does, without its code: the JSON envelope POSTed as
// text/plain to the channel URL (token in the body, no auth header), and the channel websocket opened on the URL
// v1 derives from an http:// event-bridge base (`replace("https", "wss")` leaves it http://).
import WebSocket from "ws"
import type { FakeServer } from "../../src/FakeServer.js"

/** `https://taskrouter.twilio.com/v1/Workspaces/{WS}`: v1's workspaceUrl with its default apiBaseUrl. */
export const workspaceUrl = (server: FakeServer): string =>
  `https://taskrouter.twilio.com/v1/Workspaces/${server.workspaceSid}`

export const field = (o: unknown, key: string): unknown => Reflect.get(Object(o), key)

export interface ProxyAnswer {
  readonly status: number
  readonly statusText: string
  readonly body: unknown
}

/** One ApiRequester._postMessage: POST JSON.stringify(envelope) to the channel URL. */
export const postEnvelope = async (
  server: FakeServer,
  channel: string,
  envelope: Record<string, unknown>,
): Promise<ProxyAnswer> => {
  const res = await fetch(`${server.url}/v1/wschannels/${server.accountSid}/${channel}`, {
    method: "POST",
    headers: { "content-type": "text/plain;charset=UTF-8" },
    body: JSON.stringify(envelope),
  })
  const text = await res.text()
  return { status: res.status, statusText: res.statusText, body: text === "" ? undefined : JSON.parse(text) }
}

export interface Socket {
  readonly ws: WebSocket
  readonly frames: Array<{ readonly event_type: string; readonly payload: unknown }>
  /** The first frame of that type whose payload matches, waiting for it if needed. */
  readonly frame: (
    type: string,
    match?: (payload: unknown) => boolean,
  ) => Promise<{ readonly event_type: string; readonly payload: unknown }>
  readonly close: () => void
}

/** Opens the channel socket on v1's URL: `{base}/v1/wschannels/{AC}/{channel}?token=…&closeExistingSessions=false`. */
export const openChannel = (
  server: FakeServer,
  channel: string,
  token: string,
  extraQuery = "",
): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const url = `${server.url}/v1/wschannels/${server.accountSid}/${channel}?token=${token}&closeExistingSessions=false${extraQuery}`
    const ws = new WebSocket(url)
    const frames: Array<{ event_type: string; payload: unknown }> = []
    const waiters: Array<() => void> = []
    ws.on("message", (data) => {
      const text = data.toString()
      if (text.trim() === "") return
      const json: unknown = JSON.parse(text)
      frames.push({ event_type: String(field(json, "event_type")), payload: field(json, "payload") })
      for (const w of waiters.splice(0)) w()
    })
    ws.on("open", () =>
      resolve({
        ws,
        frames,
        frame: (type, match = () => true) =>
          new Promise((res) => {
            const look = () => {
              const hit = frames.find((f) => f.event_type === type && match(f.payload))
              if (hit === undefined) waiters.push(look)
              else res(hit)
            }
            look()
          }),
        close: () => ws.terminate(),
      }),
    )
    ws.on("error", reject)
  })
