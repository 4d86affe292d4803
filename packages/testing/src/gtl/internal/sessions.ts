/**
 * Sessions (the `JSESSIONID` cookie) and the snapshots they own. A snapshot is the ordered list of rows that
 * matched a search; later pages slice it. Snapshots expire after an idle time and each session keeps at most
 * a bounded number (the least recently used one goes first). Sessions expire after their own idle time.
 *
 * @internal
 */
import type { AttributeType, Row } from "./attributes.js"

export interface Snapshot {
  /** The public id: `<connection id>-<snapshot number>`. */
  readonly id: string
  readonly sessionId: string
  /** Canonical text of the query parameters the snapshot was taken with. */
  readonly params: string
  readonly rows: ReadonlyArray<Row>
  lastUsed: number
  /** Types inferred for data columns, filled on first use. */
  readonly dataTypes: Map<string, AttributeType>
}

interface Session {
  readonly id: string
  readonly accountSid: string
  lastSeen: number
  /** In least-recently-used order. */
  readonly snapshots: Map<string, Snapshot>
}

export interface SessionLimits {
  readonly snapshotIdleMillis: number
  readonly sessionIdleMillis: number
  readonly maxSnapshotsPerSession: number
}

export interface SessionStore {
  /** The caller's session (a new one when the cookie is absent, unknown or of another account). */
  readonly session: (
    cookieId: string | undefined,
    accountSid: string,
    now: number,
  ) => { readonly id: string; readonly created: boolean }
  readonly find: (snapshotId: string, now: number) => Snapshot | undefined
  readonly take: (sessionId: string, params: string, rows: ReadonlyArray<Row>, now: number) => Snapshot
  readonly touch: (snapshot: Snapshot, now: number) => void
  readonly release: (snapshot: Snapshot) => void
  /** Live snapshots (all sessions), for tests and benches. */
  readonly liveSnapshots: () => number
}

export const makeSessionStore = (
  limits: SessionLimits,
  connectionId: string,
  newSessionId: () => string,
): SessionStore => {
  const sessions = new Map<string, Session>()
  const snapshots = new Map<string, Snapshot>()
  let counter = 0

  const drop = (snapshot: Snapshot) => {
    snapshots.delete(snapshot.id)
    sessions.get(snapshot.sessionId)?.snapshots.delete(snapshot.id)
  }

  const sweep = (now: number) => {
    for (const session of sessions.values()) {
      if (now - session.lastSeen > limits.sessionIdleMillis) {
        for (const snapshot of session.snapshots.values()) snapshots.delete(snapshot.id)
        sessions.delete(session.id)
        continue
      }
      for (const snapshot of session.snapshots.values()) {
        if (now - snapshot.lastUsed > limits.snapshotIdleMillis) drop(snapshot)
      }
    }
  }

  return {
    session: (cookieId, accountSid, now) => {
      sweep(now)
      const existing = cookieId === undefined ? undefined : sessions.get(cookieId)
      if (existing !== undefined && existing.accountSid === accountSid) {
        existing.lastSeen = now
        return { id: existing.id, created: false }
      }
      let id = newSessionId()
      while (sessions.has(id)) id = newSessionId()
      sessions.set(id, { id, accountSid, lastSeen: now, snapshots: new Map() })
      return { id, created: true }
    },
    find: (snapshotId, now) => {
      const snapshot = snapshots.get(snapshotId)
      if (snapshot === undefined) return undefined
      if (now - snapshot.lastUsed > limits.snapshotIdleMillis) {
        drop(snapshot)
        return undefined
      }
      return snapshot
    },
    take: (sessionId, params, rows, now) => {
      counter += 1
      const snapshot: Snapshot = {
        id: `${connectionId}-${counter}`,
        sessionId,
        params,
        rows,
        lastUsed: now,
        dataTypes: new Map(),
      }
      snapshots.set(snapshot.id, snapshot)
      const owner = sessions.get(sessionId)
      if (owner !== undefined) {
        owner.snapshots.set(snapshot.id, snapshot)
        while (owner.snapshots.size > limits.maxSnapshotsPerSession) {
          const oldest = owner.snapshots.values().next().value
          if (oldest === undefined) break
          drop(oldest)
        }
      }
      return snapshot
    },
    touch: (snapshot, now) => {
      snapshot.lastUsed = now
      const owner = sessions.get(snapshot.sessionId)
      if (owner !== undefined) {
        owner.snapshots.delete(snapshot.id)
        owner.snapshots.set(snapshot.id, snapshot)
      }
    },
    release: drop,
    liveSnapshots: () => snapshots.size,
  }
}
