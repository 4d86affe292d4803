/** The JSON body of every Twilio REST error: `{code, message, more_info, status}` (+ `detail` on some). */
export interface TwilioErrorBody {
  readonly code: number
  readonly message: string
  readonly more_info: string
  readonly status: number
  readonly detail?: string
}

export const twilioErrorBody = (
  status: number,
  code: number,
  message: string,
  detail?: string,
): TwilioErrorBody => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
  ...(detail === undefined ? {} : { detail }),
})

/** The error every unknown path gets; like the service, the path in the message has no `/v1` prefix. */
export const notFoundBody = (path: string): TwilioErrorBody =>
  twilioErrorBody(404, 20404, `The requested resource ${path.replace(/^\/v1(?=\/)/, "")} was not found`)

export const unauthorizedBody = (): TwilioErrorBody =>
  twilioErrorBody(401, 20003, "Authenticate", "Your AccountSid or AuthToken was incorrect.")

/** The error of a request body larger than `max` bytes (both doors answer it). */
export const tooLargeBody = (max: number): TwilioErrorBody =>
  twilioErrorBody(413, 20001, `Request Entity Too Large: the body is larger than ${max} bytes`)
