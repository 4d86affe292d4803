/**
 * Queue waiting lists: tasks bucketed by priority (highest first) and ordered by age within a bucket
 * (`virtual_start_time`, then creation), FIFO or LIFO. Entries are invalidated lazily by an epoch on the task.
 *
 * @internal
 */
import type { TaskQueueState, TaskState, WaitingEntry, WaitingList } from "../store/model.js"

/** @internal */
export const makeWaitingList = (): WaitingList => ({ priorities: [], buckets: new Map(), dead: 0 })

const isLive = (queue: TaskQueueState, entry: WaitingEntry): boolean =>
  entry.task.waitingIn === queue.sid && entry.task.waitingEpoch === entry.epoch

const less = (a: WaitingEntry, b: WaitingEntry): boolean =>
  a.ageKey < b.ageKey || (a.ageKey === b.ageKey && a.task.seq < b.task.seq)

/** Puts `task` in `queue`'s waiting list (replacing any earlier entry). @internal */
export const enterWaiting = (queue: TaskQueueState, task: TaskState): void => {
  leaveWaiting(queue, task)
  task.waitingIn = queue.sid
  task.waitingEpoch++
  const list = queue.waiting
  const entry: WaitingEntry = { task, epoch: task.waitingEpoch, ageKey: task.virtualStartTime }
  let bucket = list.buckets.get(task.priority)
  if (bucket === undefined) {
    bucket = []
    list.buckets.set(task.priority, bucket)
    let i = 0
    while (i < list.priorities.length && (list.priorities[i] ?? 0) > task.priority) i++
    list.priorities.splice(i, 0, task.priority)
  }
  let low = 0
  let high = bucket.length
  const last = bucket[high - 1]
  if (last === undefined || less(last, entry)) {
    bucket.push(entry)
    return
  }
  while (low < high) {
    const mid = (low + high) >>> 1
    const m = bucket[mid]
    if (m !== undefined && less(m, entry)) low = mid + 1
    else high = mid
  }
  bucket.splice(low, 0, entry)
}

/** Takes `task` out of whatever waiting list holds it (lazily). @internal */
export const leaveWaiting = (queue: TaskQueueState | undefined, task: TaskState): void => {
  if (task.waitingIn === null) return
  if (queue !== undefined && queue.sid === task.waitingIn) {
    queue.waiting.dead++
    if (queue.waiting.dead > 256) compact(queue)
  }
  task.waitingIn = null
  task.waitingEpoch++
}

const compact = (queue: TaskQueueState): void => {
  const list = queue.waiting
  let live = 0
  for (const bucket of list.buckets.values()) live += bucket.length
  live -= list.dead
  if (list.dead < live) return
  for (const [priority, bucket] of list.buckets) {
    const kept = bucket.filter((entry) => isLive(queue, entry))
    if (kept.length === 0) {
      list.buckets.delete(priority)
      const i = list.priorities.indexOf(priority)
      if (i >= 0) list.priorities.splice(i, 1)
    } else {
      list.buckets.set(priority, kept)
    }
  }
  list.dead = 0
}

/** The live waiting tasks of `queue` in assignment order. @internal */
export function* waitingTasks(queue: TaskQueueState): IterableIterator<TaskState> {
  const list = queue.waiting
  for (const priority of [...list.priorities]) {
    const bucket = list.buckets.get(priority)
    if (bucket === undefined) continue
    if (queue.taskOrder === "FIFO") {
      for (let i = 0; i < bucket.length; i++) {
        const entry = bucket[i]
        if (entry !== undefined && isLive(queue, entry)) yield entry.task
      }
    } else {
      for (let i = bucket.length - 1; i >= 0; i--) {
        const entry = bucket[i]
        if (entry !== undefined && isLive(queue, entry)) yield entry.task
      }
    }
  }
}
