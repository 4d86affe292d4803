/**
 * An insertion-ordered collection keyed by SID with O(1) lookup, O(1) amortised delete and O(log n)
 * resumption after a sequence number (for `PageToken`s): a Map plus append-only parallel arrays (items and
 * their sequence numbers, holes keep their number so the array stays sorted), compacted lazily.
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
  private items: Array<T | undefined> = []
  private seqs: Array<number> = []
  private holes = 0
  /** Index of the first slot that may be live (everything before it is a hole). */
  private head = 0

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
    this.items.push(item)
    this.seqs.push(item.seq)
  }

  delete(sid: string): T | undefined {
    const item = this.bySid.get(sid)
    if (item === undefined) return undefined
    this.bySid.delete(sid)
    const index = this.firstIndexAbove(item.seq - 1)
    if (index < this.items.length && this.items[index] === item) {
      this.items[index] = undefined
      this.holes++
      while (this.head < this.items.length && this.items[this.head] === undefined) this.head++
      if (this.holes > 64 && this.holes * 2 > this.items.length) this.compact()
    }
    return item
  }

  /** The oldest item, if any. */
  first(): T | undefined {
    return this.items[this.head]
  }

  /** Items in creation order. */
  *values(): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i]
      if (item !== undefined) yield item
    }
  }

  toArray(): Array<T> {
    const out: Array<T> = []
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i]
      if (item !== undefined) out.push(item)
    }
    return out
  }

  /** Items created after sequence number `seq`, in creation order. */
  *after(seq: number): IterableIterator<T> {
    for (let i = Math.max(this.head, this.firstIndexAbove(seq)); i < this.items.length; i++) {
      const item = this.items[i]
      if (item !== undefined) yield item
    }
  }

  /** Items created before sequence number `seq`, newest first. */
  *before(seq: number): IterableIterator<T> {
    for (let i = this.firstIndexAbove(seq - 1) - 1; i >= this.head; i--) {
      const item = this.items[i]
      if (item !== undefined) yield item
    }
  }

  private compact(): void {
    const items: Array<T> = []
    const seqs: Array<number> = []
    for (const item of this.items) {
      if (item === undefined) continue
      items.push(item)
      seqs.push(item.seq)
    }
    this.items = items
    this.seqs = seqs
    this.holes = 0
    this.head = 0
  }

  /** The first index whose sequence number is > seq. */
  private firstIndexAbove(seq: number): number {
    let low = 0
    let high = this.seqs.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((this.seqs[mid] ?? 0) <= seq) low = mid + 1
      else high = mid
    }
    return low
  }
}
