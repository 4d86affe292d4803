/**
 * The KPI strip (real-time workspace statistics) and the charts panel (cumulative statistics sampled while
 * the console is open), drawn as inline SVG.
 */
import { byId, h, replace, s } from "../dom.js"
import { clock, duration, isRecord } from "../format.js"

export interface Realtime {
  readonly pending: number
  readonly reserved: number
  readonly assigned: number
  readonly wrapping: number
  readonly totalWorkers: number
  readonly availableWorkers: number
  readonly longestWait: number
}

export interface CumulativeSample {
  readonly at: number
  readonly tasksCreated: number
  readonly tasksCompleted: number
  readonly tasksCanceled: number
  readonly reservationsAccepted: number
  readonly reservationsRejected: number
  readonly reservationsTimedOut: number
  readonly reservationsCanceled: number
  readonly avgTaskAcceptanceTime: number
  readonly avgWaitUntilAccepted: number
  readonly startTime: number | undefined
}

const n = (record: Readonly<Record<string, unknown>>, key: string): number => {
  const v = record[key]
  return typeof v === "number" && Number.isFinite(v) ? v : 0
}

const section = (value: unknown, key: string): Readonly<Record<string, unknown>> => {
  if (!isRecord(value)) return {}
  const inner = value[key]
  // The combined statistics resource nests `realtime` / `cumulative`; the dedicated ones are flat.
  return isRecord(inner) ? inner : value
}

/** Reads workspace real-time statistics (camelCase). */
export const toRealtime = (value: unknown): Realtime => {
  const r = section(value, "realtime")
  const byStatus = isRecord(r.tasksByStatus) ? r.tasksByStatus : {}
  const activities = Array.isArray(r.activityStatistics) ? r.activityStatistics : []
  let availableWorkers = 0
  for (const a of activities) {
    if (!isRecord(a)) continue
    const name = typeof a.friendlyName === "string" ? a.friendlyName : ""
    if (/^(available|idle|ready)$/i.test(name)) availableWorkers += n(a, "workers")
  }
  return {
    pending: n(byStatus, "pending"),
    reserved: n(byStatus, "reserved"),
    assigned: n(byStatus, "assigned"),
    wrapping: n(byStatus, "wrapping"),
    totalWorkers: n(r, "totalWorkers"),
    availableWorkers,
    longestWait: n(r, "longestTaskWaitingAge"),
  }
}

/** Reads workspace cumulative statistics (camelCase) into a sample taken now. */
export const toSample = (value: unknown): CumulativeSample => {
  const c = section(value, "cumulative")
  const wait = isRecord(c.waitDurationUntilAccepted) ? c.waitDurationUntilAccepted : {}
  const start = c.startTime
  return {
    at: Date.now(),
    tasksCreated: n(c, "tasksCreated"),
    tasksCompleted: n(c, "tasksCompleted"),
    tasksCanceled: n(c, "tasksCanceled"),
    reservationsAccepted: n(c, "reservationsAccepted"),
    reservationsRejected: n(c, "reservationsRejected"),
    reservationsTimedOut: n(c, "reservationsTimedOut"),
    reservationsCanceled: n(c, "reservationsCanceled"),
    avgTaskAcceptanceTime: n(c, "avgTaskAcceptanceTime"),
    avgWaitUntilAccepted: n(wait, "avg"),
    startTime:
      start instanceof Date ? start.getTime() : typeof start === "string" ? Date.parse(start) : undefined,
  }
}

const kpi = (label: string, value: string, sub: string, tone: string, testid: string) =>
  h(
    "div",
    { class: `kpi ${tone}`, "data-testid": testid },
    h("div", { class: "kpi-label" }, label),
    h("div", { class: "kpi-value" }, value),
    h("div", { class: "kpi-sub" }, sub),
  )

export const renderKpis = (r: Realtime): void => {
  const host = byId("kpis", HTMLElement)
  replace(
    host,
    kpi("Waiting", String(r.pending), "tasks pending", "tone-amber", "kpi-pending"),
    kpi("Reserved", String(r.reserved), "offered to a worker", "tone-blue", "kpi-reserved"),
    kpi("In progress", String(r.assigned), "assigned tasks", "tone-indigo", "kpi-assigned"),
    kpi("Wrapping up", String(r.wrapping), "after-call work", "tone-violet", "kpi-wrapping"),
    kpi(
      "Available",
      String(r.availableWorkers),
      `of ${r.totalWorkers} workers`,
      "tone-green",
      "kpi-available",
    ),
    kpi(
      "Longest wait",
      r.longestWait > 0 ? duration(r.longestWait) : "—",
      "oldest waiting task",
      "tone-rose",
      "kpi-longest",
    ),
  )
}

const W = 460
const H = 150
const PAD = { left: 34, right: 10, top: 10, bottom: 22 }

const lineChart = (samples: ReadonlyArray<CumulativeSample>): SVGElement => {
  const series = [
    { key: "tasksCreated", colour: "var(--indigo)" },
    { key: "tasksCompleted", colour: "var(--green)" },
    { key: "tasksCanceled", colour: "var(--slate)" },
  ] as const
  const t0 = samples[0]?.at ?? 0
  const t1 = samples[samples.length - 1]?.at ?? 1
  const max = Math.max(1, ...samples.flatMap((p) => series.map((se) => p[se.key])))
  const nice = max <= 5 ? 5 : Math.ceil(max / 5) * 5
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right)
  const y = (v: number) => H - PAD.bottom - (v / nice) * (H - PAD.top - PAD.bottom)
  const svg = s("svg", {
    viewBox: `0 0 ${W} ${H}`,
    role: "img",
    "aria-label": "Tasks created, completed and canceled",
  })
  for (let i = 0; i <= 4; i++) {
    const v = (nice / 4) * i
    svg.appendChild(
      s("line", {
        x1: PAD.left,
        x2: W - PAD.right,
        y1: y(v),
        y2: y(v),
        stroke: "#eaecf0",
        "stroke-width": 1,
      }),
    )
    svg.appendChild(
      s(
        "text",
        { x: PAD.left - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 10, fill: "#98a2b3" },
        String(Math.round(v)),
      ),
    )
  }
  if (samples.length > 1) {
    svg.appendChild(
      s("text", { x: PAD.left, y: H - 6, "font-size": 10, fill: "#98a2b3" }, clock(new Date(t0))),
    )
    svg.appendChild(
      s(
        "text",
        { x: W - PAD.right, y: H - 6, "font-size": 10, fill: "#98a2b3", "text-anchor": "end" },
        clock(new Date(t1)),
      ),
    )
  }
  for (const se of series) {
    const points = samples.map((p) => `${x(p.at).toFixed(1)},${y(p[se.key]).toFixed(1)}`)
    if (points.length === 1)
      points.push(`${(W - PAD.right).toFixed(1)},${y(samples[0]?.[se.key] ?? 0).toFixed(1)}`)
    svg.appendChild(
      s("polyline", {
        points: points.join(" "),
        fill: "none",
        stroke: se.colour,
        "stroke-width": 2.2,
        "stroke-linejoin": "round",
        "stroke-linecap": "round",
        "data-series": se.key,
      }),
    )
  }
  return svg
}

const outcomeBar = (last: CumulativeSample): SVGElement => {
  const parts = [
    { label: "accepted", value: last.reservationsAccepted, colour: "var(--green)" },
    { label: "rejected", value: last.reservationsRejected, colour: "var(--rose)" },
    { label: "timed out", value: last.reservationsTimedOut, colour: "var(--amber)" },
    { label: "canceled", value: last.reservationsCanceled, colour: "var(--slate)" },
  ]
  const total = parts.reduce((sum, p) => sum + p.value, 0)
  const svg = s("svg", { viewBox: `0 0 ${W} 46`, role: "img", "aria-label": "Reservation outcomes" })
  svg.appendChild(s("rect", { x: 0, y: 4, width: W, height: 16, rx: 8, fill: "#f2f4f7" }))
  let at = 0
  for (const p of parts) {
    if (total === 0 || p.value === 0) continue
    const width = (p.value / total) * W
    svg.appendChild(s("rect", { x: at, y: 4, width, height: 16, fill: p.colour }))
    at += width
  }
  let lx = 0
  for (const p of parts) {
    const label = `${p.label} ${p.value}`
    svg.appendChild(s("circle", { cx: lx + 5, cy: 36, r: 4, fill: p.colour }))
    svg.appendChild(s("text", { x: lx + 13, y: 40, "font-size": 11, fill: "#475467" }, label))
    lx += 22 + label.length * 6.4
  }
  // Round the ends of the filled bar.
  const clip = s("clipPath", { id: "outcome-clip" }, s("rect", { x: 0, y: 4, width: W, height: 16, rx: 8 }))
  svg.insertBefore(s("defs", {}, clip), svg.firstChild)
  for (const rect of svg.querySelectorAll("rect"))
    if (rect.parentNode === svg) rect.setAttribute("clip-path", "url(#outcome-clip)")
  return svg
}

export const renderCharts = (samples: ReadonlyArray<CumulativeSample>): void => {
  const host = byId("charts", HTMLDivElement)
  const windowLabel = byId("charts-window", HTMLSpanElement)
  const last = samples[samples.length - 1]
  if (last === undefined) return
  windowLabel.textContent = last.startTime === undefined ? "" : `since ${clock(new Date(last.startTime))}`
  replace(
    host,
    h(
      "div",
      { class: "chart", "data-testid": "chart-tasks" },
      h(
        "div",
        { class: "chart-title" },
        h("span", {}, "Tasks"),
        h("span", { class: "muted" }, samples.length === 1 ? "1 sample" : `${samples.length} samples`),
      ),
      lineChart(samples),
      h(
        "div",
        { class: "legend" },
        legend("created", last.tasksCreated, "var(--indigo)"),
        legend("completed", last.tasksCompleted, "var(--green)"),
        legend("canceled", last.tasksCanceled, "var(--slate)"),
      ),
    ),
    h(
      "div",
      { class: "chart", "data-testid": "chart-reservations" },
      h("div", { class: "chart-title" }, h("span", {}, "Reservation outcomes")),
      outcomeBar(last),
    ),
    h(
      "div",
      { class: "stat-row" },
      h(
        "div",
        { class: "stat" },
        h("b", {}, duration(last.avgTaskAcceptanceTime)),
        h("span", {}, "avg. time to accept"),
      ),
      h(
        "div",
        { class: "stat" },
        h("b", {}, duration(last.avgWaitUntilAccepted)),
        h("span", {}, "avg. wait until accepted"),
      ),
      h(
        "div",
        { class: "stat" },
        h(
          "b",
          {},
          last.tasksCreated === 0 ? "—" : `${Math.round((last.tasksCompleted / last.tasksCreated) * 100)}%`,
        ),
        h("span", {}, "completed / created"),
      ),
    ),
  )
}

const legend = (label: string, value: number, colour: string) => {
  const element = h("span", {}, `${label} ${value}`)
  element.style.setProperty("--tone", colour)
  return element
}
