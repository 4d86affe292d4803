/**
 * Error bodies in the message-list format of the iWD REST API: a JSON array of
 * `{ severity, message_id, args, message }`, severity ERROR, WARNING or INFO.
 *
 * @internal
 */

export interface IwdMessage {
  readonly severity: "ERROR" | "WARNING" | "INFO"
  readonly message_id: string
  readonly args: Readonly<Record<string, string | number>>
  readonly message: string
}

export const message = (
  messageId: string,
  text: string,
  args: Readonly<Record<string, string | number>> = {},
): IwdMessage => ({ severity: "ERROR", message_id: messageId, args, message: text })

/** A request failure: the HTTP status and its messages. */
export class GtlFailure {
  readonly status: 400 | 403 | 404 | 405
  readonly messages: ReadonlyArray<IwdMessage>
  constructor(status: 400 | 403 | 404 | 405, messages: ReadonlyArray<IwdMessage>) {
    this.status = status
    this.messages = messages
  }
}

export const fail = (
  status: 400 | 403 | 404 | 405,
  messageId: string,
  text: string,
  args: Readonly<Record<string, string | number>> = {},
): GtlFailure => new GtlFailure(status, [message(messageId, text, args)])
