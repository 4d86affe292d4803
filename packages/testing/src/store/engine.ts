/**
 * The emulator engine (work in progress: the REST surface is being built behind this entry point).
 *
 * @internal
 */
import type { EventFrame, RestRequest, RestResponse, SeedInfo, WorkspaceView } from "./Emulator.js"
import { makeRandom } from "./random.js"

/** What the engine needs from its host. @internal */
export interface EngineOptions {
  readonly now: () => number
  readonly random: number | string
  readonly onEarlierDeadline: (deadline: number) => void
}

/** @internal */
export interface Engine {
  readonly seedAccount: (options: {
    readonly seed: "empty" | "demo"
    readonly accountSid?: string
    readonly authToken?: string
  }) => SeedInfo
  readonly handle: (request: RestRequest) => RestResponse
  readonly fireDue: () => void
  readonly nextDeadline: () => number
  readonly subscribe: (
    accountSid: string,
    workspaceSid: string,
    listener: (frame: EventFrame) => void,
  ) => () => void
  readonly authToken: (accountSid: string) => string | undefined
  readonly snapshot: (accountSid: string, workspaceSid: string) => WorkspaceView | undefined
  readonly workspaces: () => ReadonlyArray<{ accountSid: string; workspaceSid: string; solutionDbid: number }>
}

/** @internal */
export const makeEngine = (options: EngineOptions): Engine => {
  const random = makeRandom(options.random)
  const accounts = new Map<
    string,
    { authToken: string; workspaces: Array<{ sid: string; solutionDbid: number }> }
  >()
  let nextDbid = 101
  return {
    seedAccount: (seed) => {
      const accountSid = seed.accountSid ?? random.sid("AC")
      const authToken = seed.authToken ?? random.hex(32)
      const workspaceSid = random.sid("WS")
      const solutionDbid = nextDbid++
      accounts.set(accountSid, { authToken, workspaces: [{ sid: workspaceSid, solutionDbid }] })
      return { accountSid, authToken, workspaceSid, solutionDbid }
    },
    handle: (request) => ({
      status: 404,
      headers: {},
      body: {
        code: 20404,
        message: `The requested resource ${request.path.replace(/^\/v1/, "")} was not found`,
        more_info: "https://www.twilio.com/docs/errors/20404",
        status: 404,
      },
    }),
    fireDue: () => {},
    nextDeadline: () => Number.POSITIVE_INFINITY,
    subscribe: () => () => {},
    authToken: (accountSid) => accounts.get(accountSid)?.authToken,
    snapshot: () => undefined,
    workspaces: () =>
      [...accounts].flatMap(([accountSid, a]) =>
        a.workspaces.map((w) => ({ accountSid, workspaceSid: w.sid, solutionDbid: w.solutionDbid })),
      ),
  }
}
