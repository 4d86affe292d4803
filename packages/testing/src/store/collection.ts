/**
 * An insertion-ordered collection keyed by SID with O(1) lookup and O(log n) resumption after a sequence
 * number (for `PageToken`s): a Map plus an append-only array compacted lazily after deletions.
 *
 * @internal
 */

/** Anything stored in a {@link Collection}: a SID and a creation sequence number. @internal */
export interface Keyed {
  readonly sid: string
  readonly seq: number
}

/** @internal */
export class Collection<T extends Keyed> {
  private readonly bySid = new Map<string, T>()
  private order: Array<T | undefined> = []
  private holes = 0

  get size(): number {
    return this.bySid.size
  }

  get(sid: string): T | undefined {
    return this.bySid.get(sid)
  }

  has(sid: string): boolean {
    return this.bySid.has(sid)
  }

  add(item: T): void {
    this.bySid.set(item.sid, item)
    this.order.push(item)
  }

  delete(sid: string): T | undefined {
    const item = this.bySid.get(sid)
    if (item === undefined) return undefined
    this.bySid.delete(sid)
    const index = this.indexOfSeq(item.seq)
    if (index >= 0) {
      this.order[index] = undefined
      this.holes++
      if (this.holes > 64 && this.holes * 2 > this.order.length) this.compact()
    }
    return item
  }

  /** Items in creation order. */
  *values(): IterableIterator<T> {
    for (const item of this.order) if (item !== undefined) yield item
  }

  toArray(): Array<T> {
    const out: Array<T> = []
    for (const item of this.order) if (item !== undefined) out.push(item)
    return out
  }

  /** Items created after sequence number `seq`, in creation order. */
  *after(seq: number): IterableIterator<T> {
    let start = this.firstIndexAbove(seq)
    for (; start < this.order.length; start++) {
      const item = this.order[start]
      if (item !== undefined) yield item
    }
  }

  /** Items created before sequence number `seq`, newest first. */
  *before(seq: number): IterableIterator<T> {
    for (let i = this.firstIndexAbove(seq - 1) - 1; i >= 0; i--) {
      const item = this.order[i]
      if (item !== undefined) yield item
    }
  }

  private compact(): void {
    const next: Array<T> = []
    for (const item of this.order) if (item !== undefined) next.push(item)
    this.order = next
    this.holes = 0
  }

  /** The first array index whose item has a sequence number > seq (holes are skipped by neighbours). */
  private firstIndexAbove(seq: number): number {
    let low = 0
    let high = this.order.length
    while (low < high) {
      const mid = (low + high) >>> 1
      const s = this.seqNear(mid)
      if (s <= seq) low = mid + 1
      else high = mid
    }
    return low
  }

  private indexOfSeq(seq: number): number {
    const index = this.firstIndexAbove(seq - 1)
    for (let i = index; i < this.order.length; i++) {
      const item = this.order[i]
      if (item === undefined) continue
      return item.seq === seq ? i : -1
    }
    return -1
  }

  /** The sequence number at `index`, or of the nearest live item after it (holes keep the array sorted). */
  private seqNear(index: number): number {
    for (let i = index; i < this.order.length; i++) {
      const item = this.order[i]
      if (item !== undefined) return item.seq
    }
    return Number.POSITIVE_INFINITY
  }
}
