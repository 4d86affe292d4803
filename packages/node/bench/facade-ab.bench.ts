/**
 * A/B bench of the facade's request path: one `GET` worker through the facade of this working tree vs through the
 * facade of another revision (default `HEAD`), in one process, interleaved (bench/support.ts), against one
 * emulator on loopback. Single runs of bench/client.bench.ts vary by a few percent from run to run, more than most
 * changes to the request path are worth; this comparison is steadier (an A/A run, this tree against itself, stayed
 * within 1.5 % per round; before the process was settled first, the rounds drifted 1 to 2 % in favour of the first
 * side), so run it two or three times before believing a change.
 *
 * The other revision is checked out into a temporary git worktree (removed at the end) that borrows this tree's
 * node_modules; only the core's own sources differ between the two sides.
 *
 * Run from packages/node:
 *   node --experimental-transform-types --no-warnings --conditions=@taskroute/source \
 *     --import ../../scripts/ts-hooks.mjs bench/facade-ab.bench.ts [revision] [rounds]
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, symlinkSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { FetchHttpTransport, WebSocketTransport, Workspace, WorkspaceLayer } from "@taskroute/core"
import {
  benchWorkspace,
  compare,
  compareHeader,
  type FacadeModules,
  rawGet,
  settle,
  startEmulator,
} from "./support.js"

const revision = process.argv[2] ?? "HEAD"
const rounds = Number(process.argv[3] ?? 3)
const root = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim()
const sha = execFileSync("git", ["rev-parse", "--short", revision], { encoding: "utf8" }).trim()
const dir = mkdtempSync(join(tmpdir(), "taskroute-ab-"))
const tree = join(dir, "tree")
execFileSync("git", ["worktree", "add", "--detach", "--quiet", tree, sha], { cwd: root })
const server = await startEmulator()
try {
  symlinkSync(join(root, "node_modules"), join(tree, "node_modules"))
  symlinkSync(join(root, "packages", "core", "node_modules"), join(tree, "packages", "core", "node_modules"))
  const src = (path: string) => pathToFileURL(join(tree, "packages", "core", "src", path)).href
  const other: FacadeModules = {
    Workspace: (await import(src("facade/Workspace.ts"))).Workspace,
    FetchHttpTransport: await import(src("transport/FetchHttpTransport.ts")),
    WebSocketTransport: await import(src("transport/WebSocketTransport.ts")),
    WorkspaceLayer: await import(src("workspace/WorkspaceLayer.ts")),
  }
  const before = new (benchWorkspace(other))(server.restOptions)
  const after = new (benchWorkspace({ Workspace, FetchHttpTransport, WebSocketTransport, WorkspaceLayer }))(
    server.restOptions,
  )
  const workerSid = String((await after.workers.fetch({ PageSize: 1 })).data[0]?.sid)
  for (const w of [before, after]) {
    const sid: unknown = Reflect.get(await w.workers.fetch(workerSid), "sid")
    if (sid !== workerSid) throw new Error(`a side fetched ${String(sid)}, not ${workerSid}`)
  }
  await settle(rawGet(server, `${server.workspaceUrl}/Workers/${workerSid}`))
  console.log(
    `one GET worker through the facade, ${sha} vs this working tree; per side 4000 requests in interleaved blocks ` +
      `of 20 after 10000 raw requests to settle and 500 of warm-up, ${rounds} rounds`,
  )
  compareHeader()
  const medians: Array<number> = []
  for (let i = 0; i < rounds; i++) {
    const [a, b] = await compare(
      [`facade at ${sha}`, () => before.workers.fetch(workerSid)],
      ["facade, working tree", () => after.workers.fetch(workerSid)],
      { warmup: 500, requests: 4000, block: 20 },
    )
    medians.push((b.median / a.median - 1) * 100)
  }
  console.log(
    `  working tree vs ${sha}, median per round: ${medians.map((m) => `${m.toFixed(1)} %`).join(", ")}`,
  )
  await before.close()
  await after.close()
} finally {
  await server.stop()
  execFileSync("git", ["worktree", "remove", "--force", tree], { cwd: root })
  rmSync(dir, { recursive: true, force: true })
}
