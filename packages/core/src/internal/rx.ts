/**
 * Bridges between Effect Streams and RxJS Observables (internal: the event channel and the paginator's page
 * streams use it; the public surfaces expose only Observables).
 */
import { Cause, Effect, type Fiber, Queue, Stream } from "effect"
import { Observable } from "rxjs"

/** Starts an effect as a fiber: `Effect.runFork`, or a `ManagedRuntime`'s `runFork` to provide services. */
export type RunFork<R> = <X, E>(effect: Effect.Effect<X, E, R>) => Fiber.Fiber<X, unknown>

/**
 * A Stream as a cold Observable. Every subscription runs the stream in a fiber of its own; `unsubscribe()`
 * interrupts that fiber, so the stream's finalizers run (a socket closes, a snapshot is released). A failure
 * reaches `error` as the failure value itself (or the defect); an interruption from outside completes nothing
 * and errors nothing, like an unsubscribe.
 */
export const toObservable = <A, E, R>(stream: Stream.Stream<A, E, R>, runFork: RunFork<R>): Observable<A> =>
  new Observable<A>((subscriber) => {
    const fiber = runFork(
      Stream.runForEach(stream, (a) =>
        Effect.sync(() => {
          subscriber.next(a)
        }),
      ),
    )
    fiber.addObserver((exit) => {
      if (exit._tag === "Success") subscriber.complete()
      else if (!Cause.hasInterruptsOnly(exit.cause)) subscriber.error(Cause.squash(exit.cause))
    })
    return () => {
      if (fiber.pollUnsafe() === undefined) fiber.interruptUnsafe()
    }
  })

/**
 * An Observable as a Stream. The Observable is subscribed when the stream runs and unsubscribed when the stream's
 * scope closes (completion, failure, `Stream.take`, interruption). Values are buffered without bound (an
 * Observable cannot be slowed down) so none is lost; `error` fails the stream with `onError(error)`.
 */
export const fromObservable = <A, E = never>(
  observable: Observable<A>,
  onError: (error: unknown) => E,
): Stream.Stream<A, E> =>
  Stream.callback<A, E>((queue) =>
    Effect.acquireRelease(
      Effect.sync(() =>
        observable.subscribe({
          next: (a) => {
            Queue.offerUnsafe(queue, a)
          },
          error: (error: unknown) => {
            Queue.failCauseUnsafe(queue, Cause.fail(onError(error)))
          },
          complete: () => {
            Queue.endUnsafe(queue)
          },
        }),
      ),
      (subscription) => Effect.sync(() => subscription.unsubscribe()),
    ),
  )
