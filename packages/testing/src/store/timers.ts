/**
 * The emulator's timers: one binary min-heap of deadlines (ms) with O(log n) insert and lazy cancellation,
 * driven by a single fiber that sleeps on the emulator's `Clock` until the earliest deadline. Equal deadlines
 * fire in scheduling order.
 *
 * @internal
 */

interface Entry {
  readonly id: number
  readonly at: number
  readonly run: () => void
}

/** @internal */
export class Timers {
  private heap: Array<Entry> = []
  private readonly live = new Set<number>()
  private nextId = 1

  constructor(private readonly onEarlier: (deadline: number) => void) {}

  get size(): number {
    return this.live.size
  }

  /** Schedules `run` at `at`; returns an id for {@link cancel}. */
  schedule(at: number, run: () => void): number {
    const id = this.nextId++
    const entry: Entry = { id, at, run }
    this.live.add(id)
    const heap = this.heap
    heap.push(entry)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent]
      if (p === undefined || !before(entry, p)) break
      heap[i] = p
      i = parent
    }
    heap[i] = entry
    if (i === 0) this.onEarlier(at)
    return id
  }

  cancel(id: number): void {
    if (id !== 0) this.live.delete(id)
    if (this.heap.length > 1024 && this.heap.length > this.live.size * 4) this.rebuild()
  }

  /** The earliest live deadline, or +Infinity. */
  next(): number {
    this.dropCancelled()
    return this.heap[0]?.at ?? Number.POSITIVE_INFINITY
  }

  /** Removes and returns the earliest live entry due at or before `now`. */
  popDue(now: number): (() => void) | undefined {
    this.dropCancelled()
    const top = this.heap[0]
    if (top === undefined || top.at > now) return undefined
    this.pop()
    this.live.delete(top.id)
    return top.run
  }

  private dropCancelled(): void {
    for (;;) {
      const top = this.heap[0]
      if (top === undefined || this.live.has(top.id)) return
      this.pop()
    }
  }

  private pop(): void {
    const heap = this.heap
    const last = heap.pop()
    if (last === undefined || heap.length === 0) return
    let i = 0
    const n = heap.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      let best = last
      const le = heap[l]
      if (l < n && le !== undefined && before(le, best)) {
        m = l
        best = le
      }
      const re = heap[r]
      if (r < n && re !== undefined && before(re, best)) {
        m = r
        best = re
      }
      if (m === i) break
      heap[i] = best
      i = m
    }
    heap[i] = last
  }

  private rebuild(): void {
    const entries = this.heap.filter((e) => this.live.has(e.id))
    entries.sort((x, y) => (before(x, y) ? -1 : 1))
    this.heap = entries
  }
}

const before = (x: Entry, y: Entry): boolean => x.at < y.at || (x.at === y.at && x.id < y.id)
