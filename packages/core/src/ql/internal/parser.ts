import { QlError } from "../QlError.js"
import type { QlColumns, QlItem, QlScalar } from "../QlItem.js"
import { DATE_PREFIX_RE, isDateOnly, isKeyword, parseDateTime, quote } from "./literal.js"
import { MAX_DEPTH } from "./validate.js"

type TokenKind = "(" | ")" | "," | "op" | "string" | "number" | "date" | "word" | "end"

interface Token {
  readonly kind: TokenKind
  /** The source text of the token (for strings: with quotes and doubled quotes). */
  readonly text: string
  readonly offset: number
  /** Strings: the unescaped content. */
  readonly content?: string
}

const WORD_RE = /[\p{L}_][\p{L}\p{N}_.]*/uy
const NUMBER_RE = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y
const DATE_RE = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}Z)?/y
const DATE_START_RE = /\d{4}-\d{2}-\d{2}/y
const CONTINUES_RE = /[\p{L}\p{N}_.:\-']/uy

const at = (offset: number): string => `at offset ${offset}`

const show = (token: Token): string =>
  token.kind === "end" ? "the end of the query" : token.kind === "string" ? token.text : `'${token.text}'`

/** A pull lexer: tokens are produced on demand, so errors are reported in the order of the text. */
class Lexer {
  private pos = 0
  private readonly text: string
  constructor(text: string) {
    this.text = text
  }

  private continues(offset: number): boolean {
    CONTINUES_RE.lastIndex = offset
    return CONTINUES_RE.test(this.text)
  }

  next(): Token {
    const text = this.text
    while (this.pos < text.length && /\s/.test(text.charAt(this.pos))) this.pos++
    const start = this.pos
    if (start >= text.length) return { kind: "end", text: "", offset: start }
    const c = text.charAt(start)
    if (c === "(" || c === ")" || c === ",") {
      this.pos++
      return { kind: c, text: c, offset: start }
    }
    if (c === "<" || c === ">" || c === "=" || c === "!") {
      const two = text.slice(start, start + 2)
      if (two === "<=" || two === ">=") {
        this.pos += 2
        return { kind: "op", text: two, offset: start }
      }
      if (two === "<>" || two === "!=" || two === "==") {
        throw new QlError({
          message: `Unsupported operator '${two}' ${at(start)}; expected one of =, >, <, >=, <=, IN, LIKE`,
          offset: start,
        })
      }
      if (c !== "!") {
        this.pos++
        return { kind: "op", text: c, offset: start }
      }
    }
    if (c === "'") {
      let i = start + 1
      let content = ""
      for (;;) {
        const q = text.indexOf("'", i)
        if (q < 0) {
          throw new QlError({
            message: `Unterminated string starting ${at(start)}; expected a closing quote (write a quote inside a string as '')`,
            offset: start,
          })
        }
        content += text.slice(i, q)
        if (text.charAt(q + 1) === "'") {
          content += "'"
          i = q + 2
        } else {
          this.pos = q + 1
          return { kind: "string", text: text.slice(start, q + 1), offset: start, content }
        }
      }
    }
    DATE_START_RE.lastIndex = start
    if (DATE_START_RE.test(text)) {
      DATE_RE.lastIndex = start
      const m = DATE_RE.exec(text)
      const end = m === null ? start : start + m[0].length
      if (m === null || this.continues(end)) {
        throw new QlError({
          message: `Expected a date as YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ ${at(start)}`,
          offset: start,
        })
      }
      this.pos = end
      return { kind: "date", text: m[0], offset: start }
    }
    NUMBER_RE.lastIndex = start
    const n = NUMBER_RE.exec(text)
    if (n !== null) {
      const end = start + n[0].length
      if (this.continues(end)) {
        throw new QlError({
          message: `Unexpected character '${text.charAt(end)}' ${at(end)}; expected a number to end here`,
          offset: end,
        })
      }
      this.pos = end
      return { kind: "number", text: n[0], offset: start }
    }
    WORD_RE.lastIndex = start
    const w = WORD_RE.exec(text)
    if (w !== null) {
      this.pos = start + w[0].length
      return { kind: "word", text: w[0], offset: start }
    }
    const ch = String.fromCodePoint(text.codePointAt(start) ?? 0)
    throw new QlError({ message: `Unexpected character '${ch}' ${at(start)}`, offset: start })
  }
}

/** Options of {@link parseText}. */
export interface ParseOptions {
  readonly columns?: QlColumns | undefined
}

/**
 * The date-only rule: a `YYYY-MM-DD` bound covers the whole UTC day, from `T00:00:00Z` to `T23:59:59Z`.
 * `<= d` and `> d` use the day's last second, `< d` and `>= d` its first second, `= d` becomes
 * `( >= first AND <= last )`.
 */
const widen = (operator: string, date: string, attribute: string): ReadonlyArray<QlItem> => {
  const first = quote(`${date}T00:00:00Z`)
  const last = quote(`${date}T23:59:59Z`)
  switch (operator) {
    case "<=":
    case ">":
      return [{ operator, value: last, attribute }]
    case "<":
    case ">=":
      return [{ operator, value: first, attribute }]
    default:
      return [
        { operator: "(" },
        { operator: ">=", value: first, attribute },
        { operator: "AND" },
        { operator: "<=", value: last, attribute },
        { operator: ")" },
      ]
  }
}

class Parser {
  private readonly lexer: Lexer
  private current: Token
  private readonly items: Array<QlItem> = []
  private readonly lookup: ((name: string, offset: number) => string) | undefined

  constructor(text: string, options: ParseOptions | undefined) {
    this.lexer = new Lexer(text)
    this.current = this.lexer.next()
    const columns = options?.columns
    if (columns !== undefined) {
      const labels = new Map<string, string>()
      const lower = new Map<string, string>()
      const names = new Set<string>()
      for (const [label, name] of Object.entries(columns)) {
        labels.set(label, name)
        lower.set(label.toLowerCase(), name)
        names.add(name)
      }
      this.lookup = (name, offset) => {
        const found =
          labels.get(name) ?? lower.get(name.toLowerCase()) ?? (names.has(name) ? name : undefined)
        if (found !== undefined) return found
        const known = [...labels.keys()].join(", ")
        throw new QlError({
          message: `Unknown column '${name}' ${at(offset)}; expected one of: ${known}`,
          offset,
        })
      }
    } else {
      this.lookup = undefined
    }
  }

  private advance(): Token {
    const token = this.current
    this.current = this.lexer.next()
    return token
  }

  /** The current token's kind (a method, so the compiler does not keep a narrowing across calls). */
  private kind(): TokenKind {
    return this.current.kind
  }

  private isWord(word: string): boolean {
    return this.current.kind === "word" && this.current.text.toUpperCase() === word
  }

  parse(): ReadonlyArray<QlItem> {
    if (this.current.kind === "end") return []
    this.sequence(0)
    return this.items
  }

  private sequence(depth: number): void {
    for (;;) {
      this.unit(depth)
      if (this.isWord("AND") || this.isWord("OR")) {
        this.items.push({ operator: this.advance().text.toUpperCase() })
        continue
      }
      if (this.current.kind === ")" && depth > 0) return
      if (this.current.kind === "end" && depth === 0) return
      const expected = depth > 0 ? "AND, OR or ')'" : "AND, OR or the end of the query"
      throw new QlError({
        message: `Expected ${expected} ${at(this.current.offset)}, found ${show(this.current)}`,
        offset: this.current.offset,
      })
    }
  }

  private unit(depth: number): void {
    if (this.current.kind === "(") {
      const open = this.advance()
      if (depth + 1 > MAX_DEPTH) {
        throw new QlError({
          message: `Parentheses nest deeper than ${MAX_DEPTH} levels ${at(open.offset)}`,
          offset: open.offset,
        })
      }
      this.items.push({ operator: "(" })
      this.sequence(depth + 1)
      if (this.kind() !== ")") {
        throw new QlError({
          message: `Expected ')' to close the '(' at offset ${open.offset} ${at(this.current.offset)}, found ${show(this.current)}`,
          offset: this.current.offset,
        })
      }
      this.advance()
      this.items.push({ operator: ")" })
      return
    }
    this.condition()
  }

  private condition(): void {
    const token = this.current
    let name: string
    if (token.kind === "word" && !isKeyword(token.text)) name = token.text
    else if (token.kind === "string" && token.content !== undefined && token.content !== "")
      name = token.content
    else {
      throw new QlError({
        message: `Expected a column name or '(' ${at(token.offset)}, found ${show(token)}`,
        offset: token.offset,
      })
    }
    this.advance()
    const attribute = this.lookup === undefined ? name : this.lookup(name, token.offset)
    const opToken = this.current
    let operator: string
    if (opToken.kind === "op") operator = opToken.text
    else if (this.isWord("IN") || this.isWord("LIKE")) operator = opToken.text.toUpperCase()
    else {
      throw new QlError({
        message: `Expected an operator (=, >, <, >=, <=, IN, LIKE) after '${name}' ${at(opToken.offset)}, found ${show(opToken)}`,
        offset: opToken.offset,
      })
    }
    this.advance()
    if (operator === "IN") {
      this.inList(attribute)
      return
    }
    if (operator === "LIKE") {
      const pattern = this.current
      if (pattern.kind !== "string") {
        throw new QlError({
          message: `Expected a quoted pattern after LIKE ${at(pattern.offset)}, found ${show(pattern)}`,
          offset: pattern.offset,
        })
      }
      this.advance()
      this.items.push({ operator, value: pattern.text, attribute })
      return
    }
    const valueToken = this.current
    const dateOnly = this.dateOnly(valueToken)
    if (dateOnly !== undefined) {
      this.advance()
      this.items.push(...widen(operator, dateOnly, attribute))
      return
    }
    const value = this.scalar(`after ${operator}`)
    this.items.push({ operator, value, attribute })
  }

  private inList(attribute: string): void {
    const open = this.current
    if (open.kind !== "(") {
      throw new QlError({
        message: `Expected a value list after IN ${at(open.offset)}, found ${show(open)}`,
        offset: open.offset,
      })
    }
    this.advance()
    const values: Array<QlScalar> = []
    for (;;) {
      const token = this.current
      if (this.dateOnly(token) !== undefined) {
        throw new QlError({
          message: `Expected a value as a date-time YYYY-MM-DDTHH:mm:ssZ in the IN list ${at(token.offset)}: a date-only value names a whole day, not one value`,
          offset: token.offset,
        })
      }
      values.push(this.scalar("in the IN list"))
      const sep = this.current
      if (sep.kind === ",") {
        this.advance()
        continue
      }
      if (sep.kind === ")") {
        this.advance()
        break
      }
      throw new QlError({
        message: `Expected ',' or ')' in the IN list ${at(sep.offset)}, found ${show(sep)}`,
        offset: sep.offset,
      })
    }
    this.items.push({ operator: "IN", value: values, attribute })
  }

  /** The date of a date-only token (bare `2020-06-16` or quoted `'2020-06-16'`), validated. */
  private dateOnly(token: Token): string | undefined {
    const text = token.kind === "date" ? token.text : token.kind === "string" ? token.content : undefined
    if (text === undefined || text.length !== 10 || !DATE_PREFIX_RE.test(text)) return undefined
    if (!isDateOnly(text)) {
      throw new QlError({
        message: `Expected a valid date YYYY-MM-DD ${at(token.offset)}`,
        offset: token.offset,
      })
    }
    return text
  }

  private scalar(where: string): QlScalar {
    const token = this.current
    switch (token.kind) {
      case "number": {
        const n = Number(token.text)
        if (!Number.isFinite(n)) {
          throw new QlError({ message: `Number out of range ${at(token.offset)}`, offset: token.offset })
        }
        this.advance()
        return n
      }
      case "date":
      case "string": {
        const content = token.kind === "date" ? token.text : (token.content ?? "")
        if (DATE_PREFIX_RE.test(content) && parseDateTime(content) === undefined) {
          throw new QlError({
            message: `Expected a date in the format YYYY-MM-DDTHH:mm:ssZ ${at(token.offset)}`,
            offset: token.offset,
          })
        }
        this.advance()
        return token.kind === "date" ? quote(token.text) : token.text
      }
      default:
        throw new QlError({
          message: `Expected a value (a single-quoted string, a number or a date) ${where} ${at(token.offset)}, found ${show(token)}`,
          offset: token.offset,
        })
    }
  }
}

/** Parses QL text into items; throws only {@link QlError}. */
export const parseText = (text: string, options?: ParseOptions): ReadonlyArray<QlItem> =>
  new Parser(text, options).parse()
