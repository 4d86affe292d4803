import { posix } from "node:path"
import { readTarball } from "./tar.js"

/** A packed package: its files by path (without the `package/` prefix) and its packed package.json. */
export interface Packed {
  readonly files: ReadonlyMap<string, { readonly mode: number; readonly text: string }>
  readonly name: string
  readonly version: string
  readonly manifest: Readonly<Record<string, unknown>>
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

export const openPacked = (tarball: string): Packed => {
  const files = new Map<string, { mode: number; text: string }>()
  for (const entry of readTarball(tarball)) {
    if (!entry.path.startsWith("package/")) throw new Error(`${tarball}: ${entry.path} is outside package/`)
    files.set(entry.path.slice("package/".length), { mode: entry.mode, text: entry.content.toString("utf8") })
  }
  const raw = files.get("package.json")
  if (raw === undefined) throw new Error(`${tarball} has no package.json`)
  const manifest: unknown = JSON.parse(raw.text)
  if (!isRecord(manifest) || typeof manifest.name !== "string" || typeof manifest.version !== "string") {
    throw new Error(`${tarball}: package.json has no name or version`)
  }
  return { files, name: manifest.name, version: manifest.version, manifest }
}

/** A package.json map of strings (`dependencies`, `bin`, ...); absent is empty, anything else throws. */
export const stringMap = (value: unknown, what: string): Readonly<Record<string, string>> => {
  if (value === undefined) return {}
  if (!isRecord(value)) throw new Error(`${what} is not an object`)
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") throw new Error(`${what}.${k} is not a string`)
    out[k] = v
  }
  return out
}

/** Every export target of an `exports` value, with the conditions leading to it. */
export const exportTargets = (
  value: unknown,
  path: ReadonlyArray<string> = [],
): ReadonlyArray<{ readonly path: ReadonlyArray<string>; readonly target: string }> => {
  if (typeof value === "string") return [{ path, target: value }]
  if (Array.isArray(value)) return value.flatMap((v, i) => exportTargets(v, [...path, String(i)]))
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => exportTargets(v, [...path, k]))
  return []
}

/** Every object of condition names inside an `exports` value (subpath maps excluded). */
export const conditionObjects = (value: unknown): ReadonlyArray<ReadonlyArray<string>> => {
  if (!isRecord(value)) return []
  const keys = Object.keys(value)
  const nested = Object.values(value).flatMap(conditionObjects)
  return keys.some((k) => k.startsWith(".")) ? nested : [keys, ...nested]
}

/** All keys anywhere inside a JSON value. */
export const allKeys = (value: unknown): ReadonlyArray<string> => {
  if (Array.isArray(value)) return value.flatMap(allKeys)
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)])
  return []
}

const STATIC_IMPORT =
  /^(?:import|export)\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\}|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+[\w$]+))?)\s+from\s+["']([^"']+)["']/gm
const BARE_IMPORT = /^import\s+["']([^"']+)["']/gm
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g

/** The module specifiers a compiled `.js` or `.d.ts` file imports (static, side-effect, dynamic and type imports). */
export const importedSpecifiers = (text: string): ReadonlyArray<string> => {
  const found = new Set<string>()
  for (const re of [STATIC_IMPORT, BARE_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of text.matchAll(re)) if (match[1] !== undefined) found.add(match[1])
  }
  return [...found]
}

/** `effect/Schema` -> `effect`, `@scope/name/x` -> `@scope/name`; undefined for relative specifiers. */
export const packageOf = (specifier: string): string | undefined => {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined
  const parts = specifier.split("/")
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]
}

const EXPORT_NS = /^export\s+\*\s+as\s+([\w$]+)\s+from\s+"([^"]+)"/
const EXPORT_STAR = /^export\s+\*\s+from\s+"([^"]+)"/
const EXPORT_TYPE_STAR = /^export\s+type\s+\*\s+from\s+"([^"]+)"/
const EXPORT_LIST = /^export\s+(?:type\s+)?\{([^}]*)\}/
const EXPORT_DECL =
  /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:const|let|var|function|class|interface|type|enum|namespace)\s+([\w$]+)/

/**
 * The names a package's entry `.d.ts` exports, following `export *` into the package's own files. Names
 * re-exported wholesale from another package (`export * from "@taskroute/core"`) are reported in `reexports`.
 */
export const declaredExports = (
  files: Packed["files"],
  entry: string,
): { readonly names: ReadonlySet<string>; readonly reexports: ReadonlySet<string> } => {
  const names = new Set<string>()
  const reexports = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = files.get(file)?.text
    if (text === undefined) throw new Error(`${file} is not in the tarball`)
    // One statement per line in tsc's output, except export lists that span lines: join those first.
    const statements = text.replace(/\{[^}]*\}/g, (block) => block.replace(/\s*\n\s*/g, " ")).split("\n")
    for (const line of statements) {
      let m = EXPORT_NS.exec(line)
      if (m?.[1] !== undefined) {
        names.add(m[1])
        continue
      }
      m = EXPORT_STAR.exec(line) ?? EXPORT_TYPE_STAR.exec(line)
      if (m?.[1] !== undefined) {
        const spec = m[1]
        if (spec.startsWith(".")) visit(posix.join(posix.dirname(file), spec.replace(/\.js$/, ".d.ts")))
        else reexports.add(spec)
        continue
      }
      m = EXPORT_LIST.exec(line)
      if (m?.[1] !== undefined) {
        for (const item of m[1].split(",")) {
          const name = item
            .trim()
            .replace(/^type\s+/, "")
            .split(/\s+as\s+/)
            .pop()
            ?.trim()
          if (name !== undefined && name !== "") names.add(name)
        }
        continue
      }
      m = EXPORT_DECL.exec(line)
      if (m?.[1] !== undefined) names.add(m[1])
    }
  }
  visit(entry)
  return { names, reexports }
}
