import { type FakeServer, startFakeServer } from "@taskroute/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { makeRestClient } from "../../src/server/internal/rest.js"
import { type Simulation, startSimulation } from "../../src/server/Simulation.js"
import { eventually } from "../support/eventually.js"

describe("Simulation", () => {
  let fake: FakeServer
  let simulation: Simulation | undefined
  beforeEach(async () => {
    fake = await startFakeServer({ port: 0, host: "127.0.0.1", seed: "demo", random: 7 })
  })
  afterEach(async () => {
    await simulation?.stop()
    simulation = undefined
    await fake.close()
  })

  const rest = () =>
    makeRestClient({
      baseUrl: fake.url,
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      workspaceSid: fake.workspaceSid,
    })

  it("creates tasks and has agents accept, wrap up and complete them through REST", async () => {
    // The seed has calls in progress: the agents finish those too.
    const inProgress = [
      ...(await rest().list("/Tasks", "tasks", { AssignmentStatus: "assigned" })),
      ...(await rest().list("/Tasks", "tasks", { AssignmentStatus: "wrapping" })),
    ].map((t) => String(Reflect.get(t, "sid")))
    expect(inProgress.length).toBeGreaterThan(0)
    simulation = await startSimulation({
      rest: rest(),
      tickMs: 50,
      arrivalMs: 100,
      ringMs: 50,
      talkMs: 100,
      wrapMs: 50,
      rejectChance: 0,
      breakChance: 0,
      maxTasks: 6,
    })
    const sim = simulation
    await eventually(() => {
      const stats = sim.stats()
      expect(stats.tasksCreated).toBeGreaterThanOrEqual(3)
      expect(stats.reservationsAccepted).toBeGreaterThanOrEqual(2)
      expect(stats.tasksCompleted).toBeGreaterThanOrEqual(2)
    })
    await eventually(async () => {
      for (const sid of inProgress) {
        expect(Reflect.get(Object(await rest().get(`/Tasks/${sid}`)), "assignment_status")).toBe("completed")
      }
    })
    // What the simulation says it did is what the workspace shows (the agents also answer the seed's tasks).
    const completed = await rest().list("/Tasks", "tasks", { AssignmentStatus: "completed" })
    const resolved = completed.filter((t) => Reflect.get(t, "reason") === "resolved")
    expect(resolved.length).toBeGreaterThanOrEqual(2)
    await eventually(async () => {
      const all = await rest().list("/Tasks", "tasks")
      const ours = all.filter((t) => String(Reflect.get(t, "attributes")).includes('"source":"simulation"'))
      expect(ours.length).toBe(sim.stats().tasksCreated)
    })
    // maxTasks bounds the arrivals.
    await eventually(() => expect(sim.stats().ticks).toBeGreaterThan(40))
    expect(sim.stats().tasksCreated).toBeLessThanOrEqual(6)
  })

  it("sends idle agents on a break and brings them back", async () => {
    simulation = await startSimulation({
      rest: rest(),
      tickMs: 50,
      arrivalMs: 60_000,
      maxTasks: 0,
      breakChance: 1,
      breakMs: 100,
      // The seed's calls in progress end quickly, so their agents may go on a break too.
      talkMs: 50,
      wrapMs: 50,
    })
    const sim = simulation
    const activities = await rest().list("/Activities", "activities")
    const sidOf = (name: string) =>
      String(Reflect.get(activities.find((a) => Reflect.get(a, "friendly_name") === name) ?? {}, "sid"))
    const before = await rest().list("/Workers", "workers")
    const availableBefore = before.filter((w) => Reflect.get(w, "activity_sid") === sidOf("Available")).length
    await eventually(() => {
      expect(sim.stats().breaksTaken).toBeGreaterThanOrEqual(3)
      expect(sim.stats().breaksEnded).toBeGreaterThanOrEqual(2)
    })
    await sim.stop()
    const after = await rest().list("/Workers", "workers")
    const onBreak = after.filter((w) => Reflect.get(w, "activity_sid") === sidOf("Break")).length
    const onBreakBefore = before.filter((w) => Reflect.get(w, "activity_sid") === sidOf("Break")).length
    // At most a quarter of the agents are on a break at once; the others are back (or never left).
    expect(onBreak - onBreakBefore).toBeLessThanOrEqual(Math.max(1, Math.floor(after.length / 4)))
    const availableAfter = after.filter((w) => Reflect.get(w, "activity_sid") === sidOf("Available")).length
    expect(availableAfter + (onBreak - onBreakBefore)).toBe(availableBefore)
  })

  it("stops: no tick runs after stop() resolves", async () => {
    simulation = await startSimulation({ rest: rest(), tickMs: 20, arrivalMs: 40, maxOpenTasks: 3 })
    const sim = simulation
    await eventually(() => expect(sim.stats().ticks).toBeGreaterThan(3))
    await sim.stop()
    const ticks = sim.stats().ticks
    const created = sim.stats().tasksCreated
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(sim.stats().ticks).toBe(ticks)
    expect(sim.stats().tasksCreated).toBe(created)
  })

  it("creates no task while the workspace has maxOpenTasks open ones", async () => {
    const openNow = async () => {
      const byStatus: unknown = Reflect.get(
        Object(await rest().get("/RealTimeStatistics")),
        "tasks_by_status",
      )
      const count = (status: string) => Number(Reflect.get(Object(byStatus), status) ?? 0)
      return count("pending") + count("reserved") + count("assigned")
    }
    const initial = await openNow()
    // Nobody answers (no worker is a simulated agent): tasks pile up until the bound.
    simulation = await startSimulation({
      rest: rest(),
      tickMs: 20,
      arrivalMs: 20,
      maxOpenTasks: initial + 3,
      agents: [],
    })
    const sim = simulation
    await eventually(() => expect(sim.stats().ticks).toBeGreaterThan(40))
    expect(sim.stats().tasksCreated).toBe(3)
    expect(await openNow()).toBe(initial + 3)
  })

  it("refuses a workspace without an available activity, saying so", async () => {
    const empty = await startFakeServer({ port: 0, seed: "empty" })
    try {
      const client = makeRestClient({
        baseUrl: empty.url,
        accountSid: empty.accountSid,
        authToken: empty.authToken,
        workspaceSid: empty.workspaceSid,
      })
      await expect(startSimulation({ rest: client })).rejects.toThrow(/workflow|available activity/)
    } finally {
      await empty.close()
    }
  })
})
