import { CapabilityToken, type TokenError } from "@taskroute/core"
import { Effect } from "effect"
import { type TwilioErrorBody, twilioErrorBody } from "../../http/internal/twilioError.js"

/** The verified claims of a capability token. */
export type Claims = CapabilityToken.CapabilityClaims

const rejection = (error: TokenError): TwilioErrorBody => {
  switch (error.reason) {
    case "Expired":
      return twilioErrorBody(401, 20104, `Access Token expired or expiration date invalid: ${error.message}`)
    case "InvalidSignature":
      return twilioErrorBody(401, 20107, `Invalid Access Token signature: ${error.message}`)
    case "Missing":
      return twilioErrorBody(401, 20101, `Invalid Access Token: ${error.message} (none was sent)`)
    case "Malformed":
    case "MissingClaims":
      return twilioErrorBody(401, 20101, `Invalid Access Token: ${error.message}`)
  }
}

/**
 * Verifies a capability token the way the event bridge does: decode, find the account's auth token, check the
 * HS256 signature and `exp` (on the Effect Clock), and check that the token was issued for `accountSid` (the
 * account in the channel path). Fails with the Twilio error body the door answers with.
 */
export const verifyToken = (
  token: string | undefined,
  accountSid: string,
  authTokenOf: (accountSid: string) => string | undefined,
): Effect.Effect<Claims, TwilioErrorBody> =>
  Effect.gen(function* () {
    const decoded = yield* CapabilityToken.decodeEffect(token).pipe(Effect.mapError(rejection))
    if (decoded.accountSid !== accountSid) {
      return yield* Effect.fail(
        twilioErrorBody(
          403,
          20403,
          `Forbidden: the token is for account ${decoded.accountSid}, the channel URL names account ${accountSid}`,
        ),
      )
    }
    const authToken = authTokenOf(accountSid)
    if (authToken === undefined) {
      return yield* Effect.fail(twilioErrorBody(401, 20003, `Authenticate: unknown account ${accountSid}`))
    }
    return yield* CapabilityToken.verifyEffect(token, authToken).pipe(Effect.mapError(rejection))
  })
