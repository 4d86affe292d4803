// What the Promise/callback facade needs besides Effect: error conversion, callbacks called exactly once,
// reporting errors thrown by user code, and the host's console (the core has no DOM or Node types).
import { Cause } from "effect"
import { TaskRouteError } from "../facade/TaskRouteError.js"
import { isRecord } from "./guards.js"

const tagOf = (u: unknown): string | undefined =>
  isRecord(u) && typeof u._tag === "string" ? u._tag : undefined

const str = (u: unknown, fallback: string): string => (typeof u === "string" && u !== "" ? u : fallback)

/** Converts any failure of the services (or a defect) into the facade's one error type. */
export const toTaskRouteError = (failure: unknown): TaskRouteError => {
  if (TaskRouteError.is(failure)) return failure
  const message = isRecord(failure) ? str(failure.message, "Unknown error") : String(failure)
  const fields = isRecord(failure) ? failure : {}
  switch (tagOf(failure)) {
    case "ApiError":
      return new TaskRouteError(message, {
        code: typeof fields.code === "number" ? fields.code : 0,
        status: typeof fields.status === "number" ? fields.status : undefined,
        moreInfo: typeof fields.moreInfo === "string" ? fields.moreInfo : undefined,
        details: fields.details,
        cause: failure,
      })
    case "ParamError":
      return new TaskRouteError(message, {
        code: "InvalidParameter",
        details: { operationId: fields.operationId, parameter: fields.parameter, reason: fields.reason },
        cause: failure,
      })
    case "TransportError": {
      const reason = str(fields.reason, "Network")
      const code = reason === "Network" ? "NetworkError" : reason
      return new TaskRouteError(message, { code, cause: failure })
    }
    case "TokenError":
      return new TaskRouteError(message, {
        code: "InvalidToken",
        details: { reason: fields.reason },
        cause: failure,
      })
    case "PaginationError":
      return new TaskRouteError(message, { code: "PaginationError", cause: failure })
    case "EventChannelError":
      return new TaskRouteError(message, {
        code: "EventChannel",
        details: { reason: fields.reason },
        cause: failure,
      })
    case "TokenRefreshError":
      return new TaskRouteError(message, { code: "TokenRefresh", cause: failure })
    default:
      return new TaskRouteError(failure instanceof Error ? failure.message : message, {
        code: "InternalError",
        cause: failure,
      })
  }
}

/** The facade error of a failed Effect cause: its first failure, else a closed workspace or a defect. */
export const causeToError = (cause: Cause.Cause<unknown>): TaskRouteError => {
  const failure = cause.reasons.find(Cause.isFailReason)
  if (failure !== undefined) return toTaskRouteError(failure.error)
  const defect = cause.reasons.find(Cause.isDieReason)
  if (defect !== undefined) return toTaskRouteError(defect.defect)
  return interruptedError()
}

/** The error of an operation cut short by `close()`. */
export const interruptedError = (): TaskRouteError =>
  new TaskRouteError("The workspace was closed before the operation completed", { code: "Closed" })

/** A local argument error, named like TaskRouter.js v1's messages. */
export const argumentError = (message: string): TaskRouteError =>
  new TaskRouteError(message, { code: "InvalidArgument" })

/** Reports an error thrown by user code (a callback or a listener) as uncaught, without stopping the SDK. */
export const reportUncaught = (error: unknown): void => {
  const report: unknown = Reflect.get(globalThis, "reportError")
  if (typeof report === "function") {
    Reflect.apply(report, globalThis, [error])
    return
  }
  void Promise.reject(error)
}

/** The node-style callback of the facade. */
export type Callback<T> = (error: TaskRouteError | null, result?: T) => void

/**
 * Calls `callback` exactly once with the outcome of `promise` and returns nothing; without a callback, returns
 * the promise (rejecting with a `TaskRouteError`).
 */
export const settle = <T>(promise: Promise<T>, callback: Callback<T> | undefined): Promise<T> | undefined => {
  if (callback === undefined) return promise
  let called = false
  const call = (error: TaskRouteError | null, value?: T) => {
    if (called) return
    called = true
    try {
      if (error === null) callback(null, value)
      else callback(error)
    } catch (thrown) {
      reportUncaught(thrown)
    }
  }
  promise.then(
    (value) => call(null, value),
    (error: unknown) => call(toTaskRouteError(error)),
  )
  return undefined
}

/** `console.log` when the host has one. */
export const log = (...args: ReadonlyArray<unknown>): void => {
  const c: unknown = Reflect.get(globalThis, "console")
  const f: unknown = isRecord(c) ? c.log : undefined
  if (typeof f === "function") Reflect.apply(f, c, args)
}
