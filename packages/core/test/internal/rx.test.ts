import { assert, describe, it } from "@effect/vitest"
import { Data, Effect, Stream } from "effect"
import { from, lastValueFrom, Observable, range, take, throwError, toArray } from "rxjs"
import { fromObservable, toObservable } from "../../src/internal/rx.js"

class Oops extends Data.TaggedError("Oops")<{ readonly detail: string }> {}

describe("rx bridge: Stream -> Observable", () => {
  it("emits every element, then completes", async () => {
    const got = await lastValueFrom(toObservable(Stream.make(1, 2, 3), Effect.runFork).pipe(toArray()))
    assert.deepStrictEqual(got, [1, 2, 3])
  })

  it("a failure reaches error() as the failure value", async () => {
    const failing = Stream.concat(Stream.make(1), Stream.fail(new Oops({ detail: "x" })))
    const seen: Array<number> = []
    const error = await new Promise<unknown>((resolve) => {
      toObservable(failing, Effect.runFork).subscribe({ next: (n) => seen.push(n), error: resolve })
    })
    assert.deepStrictEqual(seen, [1])
    assert.instanceOf(error, Oops)
  })

  it("unsubscribe interrupts the stream and runs its finalizers", async () => {
    let finalized = false
    const endless = Stream.fromEffectRepeat(Effect.as(Effect.yieldNow, 1)).pipe(
      Stream.ensuring(
        Effect.sync(() => {
          finalized = true
        }),
      ),
    )
    const got = await lastValueFrom(toObservable(endless, Effect.runFork).pipe(take(5), toArray()))
    assert.deepStrictEqual(got, [1, 1, 1, 1, 1])
    while (!finalized) await new Promise((resolve) => setTimeout(resolve, 1))
    assert.isTrue(finalized)
  })
})

describe("rx bridge: Observable -> Stream", () => {
  it.effect("collects values of a completing Observable, losing none of a synchronous burst", () =>
    Effect.gen(function* () {
      const got = yield* Stream.runCollect(fromObservable(range(0, 10_000), (e) => e))
      assert.strictEqual(got.length, 10_000)
      assert.strictEqual(got[9_999], 9_999)
    }),
  )

  it.effect("maps an Observable error into the stream's error channel", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Stream.runCollect(
          fromObservable(
            throwError(() => "bad"),
            (e) => new Oops({ detail: String(e) }),
          ),
        ),
      )
      assert.strictEqual(error.detail, "bad")
    }),
  )

  it.live("closing the stream early unsubscribes from the Observable", () =>
    Effect.gen(function* () {
      let unsubscribed = false
      const ticks = new Observable<number>((subscriber) => {
        let n = 0
        const id = setInterval(() => subscriber.next(n++), 1)
        return () => {
          unsubscribed = true
          clearInterval(id)
        }
      })
      const first = yield* Stream.runCollect(fromObservable(ticks, (e) => e).pipe(Stream.take(3)))
      assert.deepStrictEqual(first, [0, 1, 2])
      assert.isTrue(unsubscribed)
    }),
  )

  it.effect("round trip: Stream -> Observable -> Stream keeps order", () =>
    Effect.gen(function* () {
      const back = fromObservable(from(toObservable(Stream.range(1, 50), Effect.runFork)), (e) => e)
      assert.deepStrictEqual(
        yield* Stream.runCollect(back),
        Array.from({ length: 50 }, (_, i) => i + 1),
      )
    }),
  )
})
