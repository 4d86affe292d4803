/**
 * Twilio error bodies `{code, message, more_info, status}` and the internal failure that carries one out of a
 * handler. Handlers validate everything before changing state, so a failure never leaves a change half done.
 *
 * @internal
 */

/** A request the service refuses. @internal */
export class RestFailure {
  readonly _tag = "RestFailure"
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/** The Twilio error body of a failure. @internal */
export const errorBody = (f: RestFailure) => ({
  code: f.code,
  message: f.message,
  more_info: `https://www.twilio.com/docs/errors/${f.code}`,
  status: f.status,
})

/** 404 / 20404 naming the path without `/v1`. @internal */
export const notFound = (path: string): RestFailure =>
  new RestFailure(404, 20404, `The requested resource ${path.replace(/^\/v1(?=\/)/, "")} was not found`)

/** 400 / 20001. @internal */
export const invalid = (message: string): RestFailure => new RestFailure(400, 20001, message)

/** 405 / 20004. @internal */
export const methodNotAllowed = (method: string, path: string): RestFailure =>
  new RestFailure(405, 20004, `Method ${method} not allowed on ${path.replace(/^\/v1(?=\/)/, "")}`)

/** 412 / 20412. @internal */
export const preconditionFailed = (sid: string, current: string, given: string): RestFailure =>
  new RestFailure(412, 20412, `Precondition failed: ${sid} is at version ${current}, If-Match was ${given}`)
