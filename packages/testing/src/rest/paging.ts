/**
 * List pages in Twilio's `meta` envelope: `PageSize` 1..1000 (default 50), `Page` echoed for client state,
 * `PageToken` for the next (`PA…`) or previous (`PB…`) page, URLs built from the base URL with the list's
 * filter parameters echoed before `PageSize=…&Page=…`.
 *
 * @internal
 */
import type { RestResponse } from "../store/Emulator.js"
import { requestUrl } from "./common.js"
import { invalid } from "./errors.js"
import type { Ctx } from "./router.js"

/** A source of list items in creation order, resumable after or before a sequence number (a Collection). @internal */
export interface SeqSource<T extends { readonly seq: number; readonly sid: string }> {
  after(seq: number): Iterable<T>
  before(seq: number): Iterable<T>
}

const paging = new Set(["PageSize", "Page", "PageToken"])

const pageUrl = (ctx: Ctx, pageSize: number, page: number, token: string | undefined): string => {
  const parts = ctx.params
    .entries(paging)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  parts.push(`PageSize=${pageSize}`, `Page=${page}`)
  if (token !== undefined) parts.push(`PageToken=${encodeURIComponent(token)}`)
  return `${requestUrl(ctx)}?${parts.join("&")}`
}

const pageSizeOf = (ctx: Ctx): number => {
  const size = ctx.params.integer("PageSize") ?? 50
  if (size < 1 || size > 1000)
    throw invalid(`Invalid value ${size} for parameter PageSize: must be between 1 and 1000`)
  return size
}

const pageOf = (ctx: Ctx): number => {
  const page = ctx.params.integer("Page") ?? 0
  if (page < 0) throw invalid(`Invalid value ${page} for parameter Page: must be 0 or more`)
  return page
}

interface Token {
  readonly direction: "after" | "before" | "offset"
  readonly position: number
}

const parseToken = (token: string | undefined): Token | undefined => {
  if (token === undefined || token === "") return undefined
  const m = /^P([ABO])(\d+)(?:_\w*)?$/.exec(token)
  if (m === null) throw invalid(`Invalid value ${JSON.stringify(token)} for parameter PageToken`)
  const direction = m[1] === "A" ? "after" : m[1] === "B" ? "before" : "offset"
  return { direction, position: Number(m[2]) }
}

/** What a list request asks for: `PageSize`, `Page` and `PageToken` (as sent, and parsed). */
interface PageRequest {
  readonly pageSize: number
  readonly page: number
  readonly tokenText: string | undefined
  readonly token: Token | undefined
}

const pageRequestOf = (ctx: Ctx): PageRequest => {
  const pageSize = pageSizeOf(ctx)
  const page = pageOf(ctx)
  const tokenText = ctx.params.string("PageToken")
  return { pageSize, page, tokenText, token: parseToken(tokenText) }
}

const envelope = (
  ctx: Ctx,
  key: string,
  { pageSize, page, tokenText }: PageRequest,
  items: ReadonlyArray<unknown>,
  next: string | undefined,
  previous: string | undefined,
  etag: string | undefined,
): RestResponse => ({
  status: 200,
  headers: etag === undefined ? {} : { etag },
  body: {
    meta: {
      page,
      page_size: pageSize,
      first_page_url: pageUrl(ctx, pageSize, 0, undefined),
      previous_page_url:
        previous === undefined ? null : pageUrl(ctx, pageSize, Math.max(0, page - 1), previous),
      url: pageUrl(ctx, pageSize, page, tokenText),
      next_page_url: next === undefined ? null : pageUrl(ctx, pageSize, page + 1, next),
      key,
    },
    [key]: items,
  },
})

/** One page of a creation-ordered source. @internal */
export const pageBySeq = <T extends { readonly seq: number; readonly sid: string }>(
  ctx: Ctx,
  key: string,
  source: SeqSource<T>,
  filter: ((item: T) => boolean) | undefined,
  view: (item: T) => unknown,
  versionOf?: (item: T) => string,
): RestResponse => {
  const request = pageRequestOf(ctx)
  const { pageSize, token } = request
  const backwards = token?.direction === "before"
  const picked: Array<T> = []
  let more = false
  const items = backwards
    ? source.before(token.position)
    : source.after(token?.direction === "after" ? token.position : 0)
  for (const item of items) {
    if (filter !== undefined && !filter(item)) continue
    if (picked.length === pageSize) {
      more = true
      break
    }
    picked.push(item)
  }
  if (backwards) picked.reverse()
  const first = picked[0]
  const last = picked[picked.length - 1]
  const hasNext = backwards ? last !== undefined : more
  const hasPrevious = backwards ? more : token !== undefined && first !== undefined
  return envelope(
    ctx,
    key,
    request,
    picked.map(view),
    hasNext && last !== undefined ? `PA${last.seq}_${last.sid}` : undefined,
    hasPrevious && first !== undefined ? `PB${first.seq}_${first.sid}` : undefined,
    versionOf === undefined ? undefined : listEtag(picked.map(versionOf)),
  )
}

/** One page of an already sorted array (custom orderings): offset tokens. @internal */
export const pageByOffset = <T>(
  ctx: Ctx,
  key: string,
  items: ReadonlyArray<T>,
  view: (item: T) => unknown,
  versionOf?: (item: T) => string,
): RestResponse => {
  const request = pageRequestOf(ctx)
  const { pageSize, token } = request
  if (token !== undefined && token.direction !== "offset")
    throw invalid(`Invalid value ${JSON.stringify(request.tokenText)} for parameter PageToken`)
  const offset = token?.position ?? 0
  const slice = items.slice(offset, offset + pageSize)
  return envelope(
    ctx,
    key,
    request,
    slice.map(view),
    offset + pageSize < items.length ? `PO${offset + pageSize}` : undefined,
    offset > 0 ? `PO${Math.max(0, offset - pageSize)}` : undefined,
    versionOf === undefined ? undefined : listEtag(slice.map(versionOf)),
  )
}

/** The per-item key of a list's ETag for versioned records: SID and version. @internal */
export const versionKey = (item: { readonly sid: string; readonly version: number }): string =>
  `${item.sid}:${item.version}`

/** The ETag of a list page: a hash (FNV-1a) of its items' SIDs and versions, so any change gives a new tag. */
const listEtag = (keys: ReadonlyArray<string>): string => {
  let h = 0x811c9dc5
  for (const key of keys) {
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i)
      h = Math.imul(h, 0x01000193)
    }
    h ^= 44
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, "0")
}
