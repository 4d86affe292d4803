/** The workers board: one lane per activity, a card per worker, live from `worker.*` events. */
import { byId, h, replace } from "../dom.js"
import { activityTone, duration } from "../format.js"
import type { ConsoleState, WorkerView } from "../state.js"
import { avatar, errorMessage, toast } from "../ui.js"

export interface WorkerActions {
  readonly changeActivity: (workerSid: string, activitySid: string) => Promise<void>
}

/** Attribute chips: skills and languages first (arrays), then a few scalar attributes. */
const chips = (attributes: Readonly<Record<string, unknown>>): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (const value of Object.values(attributes)) {
    if (Array.isArray(value)) for (const item of value) if (typeof item !== "object") out.push(String(item))
  }
  for (const [key, value] of Object.entries(attributes)) {
    if (out.length >= 5) break
    if (typeof value === "string" || typeof value === "number") {
      if (key === "contact_uri" || key === "email") continue
      out.push(typeof value === "number" ? `${key} ${value}` : value)
    }
  }
  return out.slice(0, 5)
}

const laneOrder = (name: string, available: boolean): number => {
  const n = name.toLowerCase()
  if (available) return 0
  if (/unavail/.test(n)) return 4
  if (/wrap/.test(n)) return 1
  if (/busy|reserved/.test(n)) return 2
  if (/break|lunch/.test(n)) return 3
  if (/offline/.test(n)) return 9
  return 5
}

export const mountWorkers = (state: ConsoleState, actions: WorkerActions): void => {
  const board = byId("workers-board", HTMLDivElement)
  const summary = byId("workers-summary", HTMLSpanElement)
  const pending = new Set<string>()

  const card = (worker: WorkerView): HTMLElement => {
    const select = h(
      "select",
      {
        "aria-label": `Activity of ${worker.name}`,
        "data-testid": "activity-select",
        disabled: pending.has(worker.sid),
        on: {
          change: (event) => {
            const target = event.target
            if (!(target instanceof HTMLSelectElement)) return
            const activitySid = target.value
            pending.add(worker.sid)
            target.disabled = true
            actions
              .changeActivity(worker.sid, activitySid)
              .catch((error: unknown) => {
                toast(`Could not change ${worker.name}'s activity: ${errorMessage(error)}`, "error")
              })
              .finally(() => {
                pending.delete(worker.sid)
                state.changed("workers")
              })
          },
        },
      },
      state.activities.map((a) =>
        h("option", { value: a.sid, selected: a.sid === worker.activitySid }, a.name),
      ),
    )
    const task = [...state.taskWorker.entries()].find(([, w]) => w.sid === worker.sid)
    const flashedAt = state.flashes.get(worker.sid)
    const element = h(
      "article",
      {
        class: `worker ${activityTone(worker.activityName, worker.available)}${flashedAt !== undefined && Date.now() - flashedAt < 1500 ? " flash" : ""}`,
        "data-testid": "worker-card",
        "data-worker-sid": worker.sid,
        "data-worker-name": worker.name,
        "data-activity": worker.activityName,
      },
      h(
        "div",
        { class: "worker-top" },
        avatar(worker.name),
        h(
          "div",
          { class: "grow" },
          h("div", { class: "worker-name" }, worker.name),
          h(
            "div",
            { class: "worker-since", "data-since": worker.since ?? "" },
            worker.since === undefined
              ? ""
              : `${duration((Date.now() - worker.since) / 1000)} in ${worker.activityName}`,
          ),
        ),
      ),
      h(
        "div",
        { class: "chips" },
        chips(worker.attributes).map((c) => h("span", { class: "chip" }, c)),
      ),
      select,
      task === undefined ? null : h("div", { class: "on-task" }, `On task ${task[0].slice(0, 6)}…`),
    )
    return element
  }

  /** Cards and lanes are reused while unchanged, so an open drop-down survives other workers' events. */
  const cards = new Map<string, { key: string; element: HTMLElement }>()
  const laneElements = new Map<string, { element: HTMLElement; count: HTMLElement; list: HTMLElement }>()

  const cardFor = (worker: WorkerView): HTMLElement => {
    const task = [...state.taskWorker.entries()].find(([, w]) => w.sid === worker.sid)?.[0] ?? ""
    const flashing = (state.flashes.get(worker.sid) ?? 0) > Date.now() - 1500
    const key = JSON.stringify([
      worker,
      task,
      pending.has(worker.sid),
      flashing ? state.flashes.get(worker.sid) : 0,
      state.activities.map((a) => a.sid),
    ])
    const cached = cards.get(worker.sid)
    if (cached !== undefined && cached.key === key) return cached.element
    const element = card(worker)
    cards.set(worker.sid, { key, element })
    return element
  }

  const laneFor = (sid: string, name: string, available: boolean) => {
    let lane = laneElements.get(sid)
    if (lane === undefined) {
      const count = h("span", { class: "count" })
      const list = h("div", { class: "lane-list" })
      const element = h(
        "div",
        { class: "lane", "data-testid": "lane", "data-activity-sid": sid, "data-activity": name },
        h(
          "div",
          { class: "lane-head" },
          h("span", { class: `swatch ${activityTone(name, available)}` }),
          name,
          count,
        ),
        list,
      )
      lane = { element, count, list }
      laneElements.set(sid, lane)
    }
    return lane
  }

  const sameChildren = (parent: Element, children: ReadonlyArray<Element>): boolean =>
    parent.children.length === children.length && children.every((c, i) => parent.children[i] === c)

  const render = () => {
    const lanes = new Map<string, { name: string; available: boolean; workers: Array<WorkerView> }>()
    for (const activity of state.activities) {
      lanes.set(activity.sid, { name: activity.name, available: activity.available, workers: [] })
    }
    for (const worker of state.workers.values()) {
      let lane = lanes.get(worker.activitySid)
      if (lane === undefined) {
        lane = { name: worker.activityName || "Unknown", available: worker.available, workers: [] }
        lanes.set(worker.activitySid, lane)
      }
      lane.workers.push(worker)
    }
    const ordered = [...lanes.entries()].sort(
      ([, a], [, b]) =>
        laneOrder(a.name, a.available) - laneOrder(b.name, b.available) || a.name.localeCompare(b.name),
    )
    if (state.workers.size === 0) {
      replace(board, h("div", { class: "placeholder" }, "No workers in this workspace yet."))
    } else {
      const laneNodes = ordered.map(([sid, lane]) => {
        const view = laneFor(sid, lane.name, lane.available)
        view.count.textContent = String(lane.workers.length)
        const children = lane.workers.sort((a, b) => a.name.localeCompare(b.name)).map(cardFor)
        if (!sameChildren(view.list, children)) view.list.replaceChildren(...children)
        return view.element
      })
      if (!sameChildren(board, laneNodes)) board.replaceChildren(...laneNodes)
    }
    for (const sid of [...cards.keys()]) if (!state.workers.has(sid)) cards.delete(sid)
    const available = [...state.workers.values()].filter((w) => w.available).length
    summary.textContent = `${available} of ${state.workers.size} available`
  }

  state.on("workers", render)
  state.on("activities", render)
  state.on("tasks", render)
  // The "time in activity" line ticks.
  setInterval(() => {
    for (const line of board.querySelectorAll<HTMLElement>(".worker-since")) {
      const since = Number(line.dataset.since)
      const activity = line.closest<HTMLElement>(".worker")?.dataset.activity ?? ""
      if (since > 0) line.textContent = `${duration((Date.now() - since) / 1000)} in ${activity}`
    }
  }, 1000)
}
