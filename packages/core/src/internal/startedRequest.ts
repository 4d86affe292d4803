import type { StartedRequest } from "../transport/HttpTransport.js"

/**
 * A request that ended before it was sent: its outcome is `then(value)`, called on a later tick as a sent
 * request's callback would be, and there is nothing to abort.
 */
export const endedBeforeSending = <V, A>(value: V, then: (value: V) => A): StartedRequest<A> => ({
  // (`then` flattens a promise the callback returns; its typing does not say so.)
  outcome: Promise.resolve(value).then(then) as Promise<Awaited<A>>,
  abort() {},
})
