/**
 * The back-end example behind `pnpm --filter @taskroute/demo run cli-example`: @taskroute/node the way a
 * back-end service uses it.
 *
 * 1. mints a short-lived capability token for a browser (what a `GET /token` route of your server returns);
 * 2. reads the workspace with direct REST (HTTP Basic with the account's credentials): activities, workers by
 *    activity, queues;
 * 3. listens to the workspace's events with the minted token (the event bridge), creates a task and watches
 *    TaskRouter route it;
 * 4. reads real-time and cumulative statistics.
 *
 * Without configuration it starts the emulator (`@taskroute/testing`, demo seed) on 127.0.0.1 and stops it at
 * the end. To run it against something else, set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and
 * TASKROUTER_WORKSPACE_SID (and TASKROUTER_API_BASE_URL / TASKROUTER_EVENT_BRIDGE_BASE_URL for an emulator
 * started elsewhere, e.g. `taskroute-fake --port 4010`).
 */
import { Workspace, WorkspaceCapability } from "@taskroute/node"
import { type FakeServer, startFakeServer } from "@taskroute/testing"

interface Target {
  readonly accountSid: string
  readonly authToken: string
  readonly workspaceSid: string
  readonly apiBaseUrl: string | undefined
  readonly eventBridgeBaseUrl: string | undefined
  readonly fake: FakeServer | undefined
}

const target = async (
  env: Readonly<Record<string, string | undefined>>,
  line: (text?: string) => void,
): Promise<Target> => {
  const accountSid = env.TWILIO_ACCOUNT_SID
  const authToken = env.TWILIO_AUTH_TOKEN
  const workspaceSid = env.TASKROUTER_WORKSPACE_SID
  if (accountSid && authToken && workspaceSid) {
    return {
      accountSid,
      authToken,
      workspaceSid,
      apiBaseUrl: env.TASKROUTER_API_BASE_URL || undefined,
      eventBridgeBaseUrl: env.TASKROUTER_EVENT_BRIDGE_BASE_URL || env.TASKROUTER_API_BASE_URL || undefined,
      fake: undefined,
    }
  }
  const fake = await startFakeServer({ port: 0, host: "127.0.0.1", seed: "demo" })
  line(`Started the emulator at ${fake.url} (demo seed).`)
  return {
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    workspaceSid: fake.workspaceSid,
    apiBaseUrl: fake.url,
    eventBridgeBaseUrl: fake.url,
    fake,
  }
}

/** Resolves with the first event of `type` for which `accept` holds, or rejects after `ms`. */
const nextEvent = (
  workspace: Workspace,
  type: string,
  accept: (payload: Readonly<Record<string, unknown>>) => boolean,
  ms: number,
): Promise<Readonly<Record<string, unknown>>> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe()
      reject(new Error(`no ${type} event within ${ms} ms`))
    }, ms)
    const subscription = workspace.events$.subscribe((event) => {
      const payload = event.payload
      if (event.type !== type || typeof payload !== "object" || payload === null) return
      const record = Object.fromEntries(Object.entries(payload))
      if (!accept(record)) return
      clearTimeout(timer)
      subscription.unsubscribe()
      resolve(record)
    })
  })

/**
 * Runs the example: `env` names the workspace (or nothing: the emulator is started), `write` receives the
 * output, one line at a time.
 *
 * @example
 * ```ts
 * await runBackendExample(process.env, (text) => process.stdout.write(`${text}\n`))
 * ```
 */
export const runBackendExample = async (
  env: Readonly<Record<string, string | undefined>>,
  write: (text: string) => void,
): Promise<void> => {
  const line = (text = "") => write(text)
  const heading = (text: string) => line(`\n== ${text}`)
  const where = await target(env, line)
  // A service account's view: direct REST with the account's credentials (never in a browser).
  const admin = new Workspace({
    accountSid: where.accountSid,
    authToken: where.authToken,
    workspaceSid: where.workspaceSid,
    ...(where.apiBaseUrl === undefined ? {} : { apiBaseUrl: where.apiBaseUrl }),
  })
  let listener: Workspace | undefined
  try {
    heading("1. A capability token for a browser")
    const token = await new WorkspaceCapability({
      accountSid: where.accountSid,
      authToken: where.authToken,
      workspaceSid: where.workspaceSid,
      ttl: 600,
    })
      .allowFetchSubresources()
      .allowUpdatesSubresources()
      .toJwt()
    line(`token: ${token.slice(0, 32)}… (${token.length} characters, valid 10 minutes)`)

    heading("2. The workspace, with direct REST")
    const ws = await admin.fetch()
    line(`${ws.friendlyName} (${ws.sid}), default activity ${ws.defaultActivityName}`)
    const byActivity = new Map<string, Array<string>>()
    for await (const worker of admin.workers.each({ pageSize: 100 })) {
      const key = worker.activityName ?? "?"
      byActivity.set(key, [...(byActivity.get(key) ?? []), worker.friendlyName ?? worker.sid ?? "?"])
    }
    for (const [activity, names] of byActivity)
      line(`  ${activity.padEnd(12)} ${names.length}  ${names.join(", ")}`)
    const queues = await admin.taskqueues.fetch({ PageSize: 50 })
    for (const queue of queues.data)
      line(`  queue ${String(queue.friendlyName).padEnd(10)} ${queue.targetWorkers}`)

    heading("3. Events with the token, and a new task")
    listener = new Workspace(token, {
      debug: false,
      ...(where.apiBaseUrl === undefined ? {} : { apiBaseUrl: where.apiBaseUrl }),
      ...(where.eventBridgeBaseUrl === undefined ? {} : { eventBridgeBaseUrl: where.eventBridgeBaseUrl }),
    })
    const events = listener
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("the event bridge did not get ready within 10 s")),
        10_000,
      )
      events.once("ready", () => {
        clearTimeout(timer)
        resolve()
      })
    })
    line("event bridge: ready")
    const workflows = await admin.workflows.fetch()
    const workflow = workflows.data[0]
    if (workflow?.sid == null) throw new Error("the workspace has no workflow")
    const entered = nextEvent(events, "task-queue.entered", () => true, 10_000)
    const task = await admin.tasks.create({
      WorkflowSid: workflow.sid,
      Attributes: { type: "billing", subject: "Invoice copy", customer: "cli-example" },
      Priority: 5,
    })
    line(`created ${task.sid}: ${task.assignmentStatus}, attributes ${JSON.stringify(task.attributes)}`)
    const event = await entered
    line(
      `event task-queue.entered: ${String(event.taskSid ?? event.sid)} is waiting in ${String(event.taskQueueFriendlyName ?? "a queue")}`,
    )

    heading("4. Statistics")
    const realtime = await admin.realtimeStats.fetch()
    line(`tasks by status: ${JSON.stringify(realtime.tasksByStatus)}`)
    line(`workers: ${realtime.totalWorkers}, longest waiting task: ${realtime.longestTaskWaitingAge} s`)
    const cumulative = await admin.cumulativeStats.fetch({ Minutes: 60 })
    line(
      `last hour: ${cumulative.tasksCreated} created, ${cumulative.tasksCompleted} completed, ` +
        `${cumulative.reservationsAccepted} reservations accepted`,
    )
    for (const queue of queues.data) {
      if (queue.sid == null) continue
      const stats = await queue.realtimeStats.fetch()
      line(
        `  ${String(queue.friendlyName).padEnd(10)} waiting ${stats.tasksByStatus?.pending ?? 0}, available workers ${stats.totalAvailableWorkers}`,
      )
    }
    line("\ndone.")
  } finally {
    await listener?.close()
    await admin.close()
    await where.fake?.close()
  }
}
