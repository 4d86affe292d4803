/**
 * The recorded history behind cumulative statistics: a compact columnar log (typed arrays) of what happened
 * to tasks, reservations and worker activities, queried by time window and by queue / workflow / worker /
 * task channel. A few dozen bytes per record, so 100,000 tasks cost a few megabytes.
 *
 * @internal
 */

/** Record kinds. @internal */
export const Kind = {
  TaskCreated: 1,
  TaskEntered: 2,
  TaskMoved: 3,
  TaskCompleted: 4,
  TaskCanceled: 5,
  TaskDeleted: 6,
  TaskTimedOutInWorkflow: 7,
  ReservationCreated: 8,
  ReservationAccepted: 9,
  ReservationRejected: 10,
  ReservationTimedOut: 11,
  ReservationCanceled: 12,
  ReservationRescinded: 13,
  ActivitySpan: 14,
} as const

/** @internal */
export type Kind = (typeof Kind)[keyof typeof Kind]

/** The dimensions of one record; SIDs are interned. @internal */
export interface RecordFields {
  readonly queue?: string | null | undefined
  readonly workflow?: string | null | undefined
  readonly worker?: string | null | undefined
  readonly channel?: string | null | undefined
  /** The activity of an activity span. */
  readonly activity?: string | null | undefined
  /** Kind-specific values (milliseconds): wait durations, span start. */
  readonly a?: number
  readonly b?: number
}

/** Which records a query counts. Undefined dimensions match everything. @internal */
export interface Scope {
  readonly queue?: string | undefined
  readonly workflow?: string | undefined
  readonly worker?: string | undefined
  readonly channel?: string | undefined
}

/** min / max / total / count of durations in milliseconds. @internal */
export interface Aggregate {
  count: number
  total: number
  min: number
  max: number
}

/** Everything cumulative statistics report, for one window and scope. @internal */
export interface Totals {
  readonly reservations: {
    created: number
    accepted: number
    rejected: number
    timedOut: number
    canceled: number
    rescinded: number
  }
  readonly tasks: {
    created: number
    entered: number
    completed: number
    canceled: number
    deleted: number
    moved: number
    timedOutInWorkflow: number
  }
  readonly waitUntilAccepted: Aggregate
  readonly waitUntilCanceled: Aggregate
  readonly waitInQueueUntilAccepted: Aggregate
  /** Per threshold (seconds): tasks canceled and reservations accepted below / at-or-above it. */
  readonly split: Map<
    number,
    { below: { canceled: number; accepted: number }; above: { canceled: number; accepted: number } }
  >
  /** Per activity SID: time spent, clipped to the window. */
  readonly activities: Map<string, Aggregate>
}

/** @internal */
export const emptyAggregate = (): Aggregate => ({ count: 0, total: 0, min: 0, max: 0 })

const addTo = (agg: Aggregate, value: number): void => {
  if (agg.count === 0) {
    agg.min = value
    agg.max = value
  } else {
    if (value < agg.min) agg.min = value
    if (value > agg.max) agg.max = value
  }
  agg.count++
  agg.total += value
}

/** Adds one duration to an aggregate. @internal */
export const aggregateAdd = addTo

/** @internal */
export class History {
  private length = 0
  private capacity = 0
  private t = new Float64Array(0)
  private kind = new Uint8Array(0)
  private q = new Int32Array(0)
  private w = new Int32Array(0)
  private k = new Int32Array(0)
  private c = new Int32Array(0)
  private x = new Int32Array(0)
  private a = new Float64Array(0)
  private b = new Float64Array(0)
  private readonly ids = new Map<string, number>()
  private readonly names: Array<string> = [""]
  private last = Number.NEGATIVE_INFINITY

  get size(): number {
    return this.length
  }

  private id(sid: string | null | undefined): number {
    if (sid === null || sid === undefined) return 0
    let n = this.ids.get(sid)
    if (n === undefined) {
      n = this.names.length
      this.names.push(sid)
      this.ids.set(sid, n)
    }
    return n
  }

  private grow(): void {
    const capacity = Math.max(256, this.capacity * 2)
    const copy = <T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from)
      return to
    }
    this.t = copy(this.t, new Float64Array(capacity))
    this.kind = copy(this.kind, new Uint8Array(capacity))
    this.q = copy(this.q, new Int32Array(capacity))
    this.w = copy(this.w, new Int32Array(capacity))
    this.k = copy(this.k, new Int32Array(capacity))
    this.c = copy(this.c, new Int32Array(capacity))
    this.x = copy(this.x, new Int32Array(capacity))
    this.a = copy(this.a, new Float64Array(capacity))
    this.b = copy(this.b, new Float64Array(capacity))
    this.capacity = capacity
  }

  /** Appends a record at time `at` (ms; kept non-decreasing). */
  record(kind: Kind, at: number, fields: RecordFields): void {
    if (this.length === this.capacity) this.grow()
    const i = this.length++
    const time = Math.max(at, this.last)
    this.last = time
    this.t[i] = time
    this.kind[i] = kind
    this.q[i] = this.id(fields.queue)
    this.w[i] = this.id(fields.workflow)
    this.k[i] = this.id(fields.worker)
    this.c[i] = this.id(fields.channel)
    this.x[i] = this.id(fields.activity)
    this.a[i] = fields.a ?? 0
    this.b[i] = fields.b ?? 0
  }

  private firstAtOrAfter(time: number): number {
    let low = 0
    let high = this.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((this.t[mid] ?? 0) < time) low = mid + 1
      else high = mid
    }
    return low
  }

  /** Totals over `[start, end]` (ms) for `scope`; `thresholds` are the SplitByWaitTime seconds. */
  totals(start: number, end: number, scope: Scope, thresholds: ReadonlyArray<number>): Totals {
    const totals: Totals = {
      reservations: { created: 0, accepted: 0, rejected: 0, timedOut: 0, canceled: 0, rescinded: 0 },
      tasks: {
        created: 0,
        entered: 0,
        completed: 0,
        canceled: 0,
        deleted: 0,
        moved: 0,
        timedOutInWorkflow: 0,
      },
      waitUntilAccepted: emptyAggregate(),
      waitUntilCanceled: emptyAggregate(),
      waitInQueueUntilAccepted: emptyAggregate(),
      split: new Map(
        thresholds.map((s) => [
          s,
          { below: { canceled: 0, accepted: 0 }, above: { canceled: 0, accepted: 0 } },
        ]),
      ),
      activities: new Map(),
    }
    const want = (sid: string | undefined): number => (sid === undefined ? -1 : (this.ids.get(sid) ?? -2))
    const q = want(scope.queue)
    const w = want(scope.workflow)
    const k = want(scope.worker)
    const c = want(scope.channel)
    if (q === -2 || w === -2 || k === -2 || c === -2) return totals
    for (let i = this.firstAtOrAfter(start); i < this.length; i++) {
      const kind = this.kind[i] ?? 0
      const time = this.t[i] ?? 0
      if (kind === Kind.ActivitySpan) {
        if (k >= 0 && this.k[i] !== k) continue
        if (q >= 0 || w >= 0) continue
        const from = Math.max(this.a[i] ?? 0, start)
        const to = Math.min(time, end)
        if (to < from) continue
        const sid = this.names[this.x[i] ?? 0] ?? ""
        let agg = totals.activities.get(sid)
        if (agg === undefined) {
          agg = emptyAggregate()
          totals.activities.set(sid, agg)
        }
        addTo(agg, to - from)
        continue
      }
      if (time > end) continue
      if (q >= 0 && this.q[i] !== q) continue
      if (w >= 0 && this.w[i] !== w) continue
      if (k >= 0 && this.k[i] !== k) continue
      if (c >= 0 && this.c[i] !== c) continue
      const a = this.a[i] ?? 0
      switch (kind) {
        case Kind.TaskCreated:
          totals.tasks.created++
          break
        case Kind.TaskEntered:
          totals.tasks.entered++
          break
        case Kind.TaskMoved:
          totals.tasks.moved++
          break
        case Kind.TaskCompleted:
          totals.tasks.completed++
          break
        case Kind.TaskCanceled:
          totals.tasks.canceled++
          addTo(totals.waitUntilCanceled, a)
          for (const [s, bucket] of totals.split) {
            if (a < s * 1000) bucket.below.canceled++
            else bucket.above.canceled++
          }
          break
        case Kind.TaskDeleted:
          totals.tasks.deleted++
          break
        case Kind.TaskTimedOutInWorkflow:
          totals.tasks.timedOutInWorkflow++
          break
        case Kind.ReservationCreated:
          totals.reservations.created++
          break
        case Kind.ReservationAccepted:
          totals.reservations.accepted++
          addTo(totals.waitUntilAccepted, a)
          addTo(totals.waitInQueueUntilAccepted, this.b[i] ?? 0)
          for (const [s, bucket] of totals.split) {
            if (a < s * 1000) bucket.below.accepted++
            else bucket.above.accepted++
          }
          break
        case Kind.ReservationRejected:
          totals.reservations.rejected++
          break
        case Kind.ReservationTimedOut:
          totals.reservations.timedOut++
          break
        case Kind.ReservationCanceled:
          totals.reservations.canceled++
          break
        case Kind.ReservationRescinded:
          totals.reservations.rescinded++
          break
      }
    }
    return totals
  }
}
