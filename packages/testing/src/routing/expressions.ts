/**
 * TaskRouter expressions as the emulator uses them: compiled once (cached by text), tested against many
 * records, never throwing. Built on the core's `Expression` module.
 *
 * @internal
 */
import { Expression } from "@taskroute/core"
import { Result } from "effect"

/** A compiled expression. `test` never throws; a missing key is NULL. @internal */
export interface Matcher {
  readonly source: string
  readonly test: (record: unknown) => boolean
}

/** Why an expression was refused, naming the position. @internal */
export interface ExpressionProblem {
  readonly _tag: "ExpressionProblem"
  readonly message: string
}

const cache = new Map<string, Matcher | ExpressionProblem>()

/** Compiles `source`; the same text gives the same matcher. @internal */
export const compile = (source: string): Matcher | ExpressionProblem => {
  const hit = cache.get(source)
  if (hit !== undefined) return hit
  const parsed = Expression.parseResult(source)
  let value: Matcher | ExpressionProblem
  if (Result.isFailure(parsed)) {
    value = { _tag: "ExpressionProblem", message: parsed.failure.message }
  } else {
    const predicate = Expression.compile(parsed.success)
    value = {
      source,
      test: (record) => {
        try {
          return predicate(record)
        } catch {
          return false
        }
      },
    }
  }
  if (cache.size > 10_000) cache.clear()
  cache.set(source, value)
  return value
}

/** True when `value` is a compile failure. @internal */
export const isProblem = (value: Matcher | ExpressionProblem): value is ExpressionProblem => "_tag" in value

/** A matcher that accepts every record (`1==1`). @internal */
export const always: Matcher = { source: "1==1", test: () => true }

/** A reference such as `task.preferred_worker_sid`, resolved against a record; undefined when not a reference. @internal */
export const compileReference = (source: string): ((record: unknown) => unknown) | undefined => {
  try {
    const reference = Expression.parseReference(source)
    return (record) => Expression.resolve(reference, record)
  } catch {
    return undefined
  }
}
