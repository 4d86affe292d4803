import { readFileSync } from "node:fs"
import { gunzipSync } from "node:zlib"

/** One regular file of a tarball. */
export interface TarEntry {
  /** The path inside the archive, e.g. `package/dist/index.js`. */
  readonly path: string
  /** Permission bits, e.g. `0o755`. */
  readonly mode: number
  readonly content: Buffer
}

const field = (block: Buffer, offset: number, length: number): string => {
  const raw = block.subarray(offset, offset + length)
  const end = raw.indexOf(0)
  return raw.subarray(0, end === -1 ? length : end).toString("utf8")
}

const octal = (block: Buffer, offset: number, length: number): number => {
  const text = field(block, offset, length).trim()
  return text === "" ? 0 : Number.parseInt(text, 8)
}

/**
 * Reads the regular files of a `.tgz` as npm and pnpm write them (ustar, with pax headers for long names).
 * Throws on a header whose checksum does not match, so a truncated or corrupt tarball cannot pass for a
 * small one.
 */
export const readTarball = (file: string): ReadonlyArray<TarEntry> => {
  const data = gunzipSync(readFileSync(file))
  const entries: Array<TarEntry> = []
  let offset = 0
  let paxPath: string | undefined
  while (offset + 512 <= data.length) {
    const header = data.subarray(offset, offset + 512)
    if (header.every((byte) => byte === 0)) break
    const stored = octal(header, 148, 8)
    let sum = 0
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0)
    if (sum !== stored) throw new Error(`${file}: bad tar header checksum at byte ${offset}`)
    const size = octal(header, 124, 12)
    const type = field(header, 156, 1)
    const prefix = field(header, 345, 155)
    const name = field(header, 0, 100)
    const body = data.subarray(offset + 512, offset + 512 + size)
    if (type === "x") {
      const match = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))
      paxPath = match?.[1]
    } else if (type === "0" || type === "") {
      entries.push({
        path: paxPath ?? (prefix === "" ? name : `${prefix}/${name}`),
        mode: octal(header, 100, 8) & 0o7777,
        content: Buffer.from(body),
      })
      paxPath = undefined
    } else {
      paxPath = undefined
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return entries
}
