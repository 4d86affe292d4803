import type { HttpResponse } from "@taskroute/core"
import type { RestResponse } from "../../store/Emulator.js"
import { type TwilioErrorBody, twilioErrorBody } from "./twilioError.js"

/**
 * The HTTP request both doors hand to the shared handler (the core's `HttpRequest`, any method).
 *
 * @example
 * ```ts
 * const request: HttpHandler.DoorRequest = { method: "OPTIONS", url: "http://127.0.0.1:4010/v1/Workspaces", headers: {} }
 * ```
 */
export interface DoorRequest {
  readonly method: string
  /** Absolute URL; the host decides nothing but the origin of URLs in answers. */
  readonly url: string
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | undefined
}

export const JSON_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json; charset=utf-8",
}

export const textResponse = (
  url: string,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = JSON_HEADERS,
): HttpResponse => ({ status, url, redirected: false, headers, body })

export const jsonResponse = (
  url: string,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse =>
  textResponse(url, status, body === undefined ? "" : JSON.stringify(body), {
    ...(body === undefined ? {} : JSON_HEADERS),
    ...headers,
  })

export const errorResponse = (
  url: string,
  error: TwilioErrorBody,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse => jsonResponse(url, error.status, error, headers)

export const badRequest = (url: string, message: string): HttpResponse =>
  errorResponse(url, twilioErrorBody(400, 20001, message))

/** The emulator's REST answer as an HTTP response: its text (or JSON), its headers; no body, no content type. */
export const restAnswer = (url: string, response: RestResponse): HttpResponse =>
  response.body === undefined
    ? textResponse(url, response.status, "", response.headers)
    : textResponse(url, response.status, response.text ?? JSON.stringify(response.body), {
        ...JSON_HEADERS,
        ...response.headers,
      })
