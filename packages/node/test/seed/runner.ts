// The part of running a seed example that the Node runner (seed.test.ts) and the browser runner
// (packages/browser/test/seed.browser.test.ts) share: the example's setup, and waiting for it to finish.
import type { SeedExample } from "./examples.js"
import { type Expectation, type LogCall, satisfied } from "./expectations.js"

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** What a runner sees of a running example. */
export interface Progress {
  /** The example's `console.log` calls so far. */
  readonly calls: ReadonlyArray<LogCall>
  /** Requests in flight. */
  readonly inflight: number
  /** Milliseconds since a request last started or ended. */
  readonly idleMs: number
}

/** The runner's part once the example has started: for `dropConnections`, drops the sockets once one is open. */
export const afterStart = async (
  spec: Expectation,
  server: { sockets(): number; dropConnections(): void },
): Promise<void> => {
  if (spec.setup !== "dropConnections") return
  for (let i = 0; i < 500 && server.sockets() === 0; i++) await sleep(10)
  await sleep(50)
  server.dropConnections()
}

/**
 * Waits (at most 15 s) until the example has printed what it must and the network has been quiet for 150 ms;
 * resolves to the calls last seen. `count` is the size of the example's collection ("each instance" examples).
 */
export const settle = async (
  example: SeedExample,
  count: number,
  observe: () => Progress | Promise<Progress>,
): Promise<ReadonlyArray<LogCall>> => {
  const deadline = Date.now() + 15_000
  let last = await observe()
  while (Date.now() < deadline) {
    if (satisfied(example, last.calls, count) && last.inflight === 0 && last.idleMs > 150) break
    await sleep(20)
    last = await observe()
  }
  return last.calls
}
