import type { HttpResponse } from "@taskroute/core"
import { Effect } from "effect"
import type { FaultController } from "../../faults/Faults.js"
import { errorResponse } from "./response.js"
import { twilioErrorBody } from "./twilioError.js"

/**
 * Applies the current faults to one request: waits the injected latency (on the Effect Clock) and answers the
 * injected error, if any (`undefined`: carry on).
 */
export const applyFaults = (
  controller: FaultController,
  url: string,
  methods: ReadonlyArray<string>,
  paths: ReadonlyArray<string>,
): Effect.Effect<HttpResponse | undefined> => {
  const decision = controller.decide(methods, paths)
  const failure = decision.failure
  const answer =
    failure === undefined
      ? undefined
      : errorResponse(
          url,
          twilioErrorBody(failure.status, failure.code, failure.message),
          failure.retryAfter === undefined ? {} : { "retry-after": String(failure.retryAfter) },
        )
  return decision.delayMs > 0 ? Effect.as(Effect.sleep(decision.delayMs), answer) : Effect.succeed(answer)
}
