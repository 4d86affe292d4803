import type {
  ArrayLiteral,
  Comparison,
  Expression,
  Operand,
  Operator,
  PathSegment,
  Reference,
  Scalar,
} from "../../expression/Expression.js"
import { ExpressionError } from "../../expression/ExpressionError.js"

/** Deepest parenthesis nesting accepted: deeper input fails with an ExpressionError instead of a stack overflow. */
export const maxDepth = 256

/** Words that cannot start a reference (compared in upper case). */
export const keywords: ReadonlySet<string> = new Set([
  "AND",
  "OR",
  "IN",
  "NOT",
  "HAS",
  "CONTAINS",
  "TRUE",
  "FALSE",
])

type Token =
  | { readonly kind: "(" | ")" | "[" | "]" | "," | "end"; readonly start: number; readonly end: number }
  | {
      readonly kind: "cmp"
      readonly op: "==" | "!=" | ">" | ">=" | "<" | "<="
      readonly start: number
      readonly end: number
    }
  | { readonly kind: "keyword"; readonly word: string; readonly start: number; readonly end: number }
  | { readonly kind: "string"; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: "number"; readonly value: number; readonly start: number; readonly end: number }
  | {
      readonly kind: "reference"
      readonly path: Reference["path"]
      readonly start: number
      readonly end: number
    }

const isSpace = (c: string): boolean =>
  c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v"
const isDigit = (c: string): boolean => c >= "0" && c <= "9"
const wordStart = /^[\p{L}_]$/u
const wordPart = /^[\p{L}\p{N}_]$/u
const asciiWord = /^[A-Za-z]+$/

/** The keyword a word spells (ASCII letters only, any case), or undefined: `ın` is not `IN`. */
export const keywordOf = (word: string): string | undefined => {
  if (!asciiWord.test(word)) return undefined
  const upper = word.toUpperCase()
  return keywords.has(upper) ? upper : undefined
}

/**
 * A recursive-descent parser over a lazy lexer, so the reported error is always the first one by position.
 * It never throws anything but ExpressionError: nesting is bounded and every loop consumes input.
 */
class Parser {
  private pos = 0
  private current: Token | undefined
  private previous: Token | undefined

  private readonly source: string

  constructor(source: string) {
    this.source = source
  }

  parseReference(): Reference {
    const t = this.peek()
    if (t.kind !== "reference") this.fail(t.start, "a reference such as task.attribute", this.textOf(t))
    this.advance()
    const end = this.peek()
    if (end.kind !== "end") this.fail(end.start, "the end of the reference", this.textOf(end))
    return { _tag: "Reference", path: t.path }
  }

  parse(): Expression {
    const expr = this.parseOr(0)
    const t = this.peek()
    if (t.kind !== "end") {
      this.fail(t.start, "AND, OR or the end of the expression", this.textOf(t))
    }
    return expr
  }

  // ---- errors ---------------------------------------------------------------------------------------

  private fail(position: number, expected: string, found?: string): never {
    const after = this.previous === undefined ? undefined : this.textOf(this.previous)
    throw new ExpressionError({
      source: this.source,
      position,
      expected,
      found:
        found ??
        (position >= this.source.length ? "end of input" : this.source.slice(position, position + 1)),
      after,
    })
  }

  private textOf(t: Token): string {
    return t.kind === "end" ? "end of input" : this.source.slice(t.start, t.end)
  }

  // ---- lexer ----------------------------------------------------------------------------------------

  private peek(): Token {
    if (this.current === undefined) this.current = this.lex()
    return this.current
  }

  private advance(): Token {
    const t = this.peek()
    this.previous = t
    this.current = undefined
    return t
  }

  private lex(): Token {
    const s = this.source
    while (this.pos < s.length && isSpace(s.charAt(this.pos))) this.pos++
    const start = this.pos
    if (start >= s.length) return { kind: "end", start, end: start }
    const c = s.charAt(start)
    switch (c) {
      case "(":
      case ")":
      case "[":
      case "]":
      case ",":
        this.pos++
        return { kind: c, start, end: this.pos }
      case "=":
      case "!": {
        if (s.charAt(start + 1) !== "=") {
          this.fail(start, c === "=" ? '"==" (a single "=" is not an operator)' : '"!="', c)
        }
        this.pos += 2
        return { kind: "cmp", op: c === "=" ? "==" : "!=", start, end: this.pos }
      }
      case ">":
      case "<": {
        const eq = s.charAt(start + 1) === "="
        this.pos += eq ? 2 : 1
        const op = c === ">" ? (eq ? ">=" : ">") : eq ? "<=" : "<"
        return { kind: "cmp", op, start, end: this.pos }
      }
      case "'":
      case '"':
        return this.lexString(c, start)
    }
    if (isDigit(c) || (c === "-" && isDigit(s.charAt(start + 1)))) return this.lexNumber(start)
    if (wordStart.test(c)) return this.lexWord(start)
    const cp = s.codePointAt(start) ?? 0
    return this.fail(start, "a value, an operator or a parenthesis", String.fromCodePoint(cp))
  }

  private lexString(quote: string, start: number): Token {
    const s = this.source
    let i = start + 1
    let value = ""
    while (i < s.length) {
      const c = s.charAt(i)
      if (c === quote) {
        this.pos = i + 1
        return { kind: "string", value, start, end: this.pos }
      }
      if (c === "\\" && i + 1 < s.length) {
        const n = s.charAt(i + 1)
        if (n === "\\" || n === "'" || n === '"') {
          value += n
          i += 2
          continue
        }
      }
      value += c
      i++
    }
    this.pos = s.length
    return this.fail(s.length, `a closing ${quote} for the string that starts at position ${start}`)
  }

  private lexNumber(start: number): Token {
    const s = this.source
    let i = start
    if (s.charAt(i) === "-") i++
    while (isDigit(s.charAt(i))) i++
    if (s.charAt(i) === "." && isDigit(s.charAt(i + 1))) {
      i++
      while (isDigit(s.charAt(i))) i++
    }
    const e = s.charAt(i)
    if (e === "e" || e === "E") {
      let j = i + 1
      if (s.charAt(j) === "+" || s.charAt(j) === "-") j++
      if (isDigit(s.charAt(j))) {
        while (isDigit(s.charAt(j))) j++
        i = j
      }
    }
    const text = s.slice(start, i)
    const value = Number(text)
    if (!Number.isFinite(value)) this.fail(start, "a number within the range of a 64-bit float", text)
    this.pos = i
    return { kind: "number", value, start, end: i }
  }

  private readWord(i: number): number {
    const s = this.source
    while (i < s.length && wordPart.test(s.charAt(i))) i++
    return i
  }

  private lexWord(start: number): Token {
    const s = this.source
    let i = this.readWord(start)
    const first = s.slice(start, i)
    const upper = keywordOf(first)
    if (upper !== undefined) {
      this.pos = i
      return { kind: "keyword", word: upper, start, end: i }
    }
    const rest: Array<PathSegment> = []
    for (;;) {
      const c = s.charAt(i)
      if (c === "." && i + 1 < s.length && wordPart.test(s.charAt(i + 1))) {
        const j = this.readWord(i + 1)
        rest.push(s.slice(i + 1, j))
        i = j
      } else if (c === "[") {
        let j = i + 1
        while (isDigit(s.charAt(j))) j++
        if (j === i + 1 || s.charAt(j) !== "]") {
          this.pos = j
          this.fail(j, 'an array index such as "[0]" (digits, then "]")')
        }
        const index = Number(s.slice(i + 1, j))
        if (!Number.isSafeInteger(index)) this.fail(i + 1, "an array index below 2^53", s.slice(i + 1, j))
        rest.push(index)
        i = j + 1
      } else if (c === ".") {
        this.pos = i + 1
        this.fail(i + 1, `an attribute name after "."`)
      } else {
        break
      }
    }
    this.pos = i
    return { kind: "reference", path: [first, ...rest], start, end: i }
  }

  // ---- grammar --------------------------------------------------------------------------------------

  private parseOr(depth: number): Expression {
    const first = this.parseAnd(depth)
    if (!this.isKeyword("OR")) return first
    this.advance()
    const operands: [Expression, Expression, ...Array<Expression>] = [first, this.parseAnd(depth)]
    while (this.isKeyword("OR")) {
      this.advance()
      operands.push(this.parseAnd(depth))
    }
    return { _tag: "Or", operands }
  }

  private parseAnd(depth: number): Expression {
    const first = this.parsePrimary(depth)
    if (!this.isKeyword("AND")) return first
    this.advance()
    const operands: [Expression, Expression, ...Array<Expression>] = [first, this.parsePrimary(depth)]
    while (this.isKeyword("AND")) {
      this.advance()
      operands.push(this.parsePrimary(depth))
    }
    return { _tag: "And", operands }
  }

  private isKeyword(word: string): boolean {
    const t = this.peek()
    return t.kind === "keyword" && t.word === word
  }

  private parsePrimary(depth: number): Expression {
    const t = this.peek()
    if (t.kind === "(") {
      if (depth >= maxDepth) this.fail(t.start, `at most ${maxDepth} nested parentheses`, "(")
      this.advance()
      const inner = this.parseOr(depth + 1)
      const close = this.peek()
      if (close.kind !== ")") {
        this.fail(close.start, `")" to close the "(" at position ${t.start}`, this.textOf(close))
      }
      this.advance()
      return inner
    }
    return this.parseComparison()
  }

  private parseComparison(): Comparison {
    const left = this.parseOperand('a condition (a value, a reference or "(")')
    const operator = this.parseOperator()
    const right = this.parseOperand("a value")
    return { _tag: "Comparison", operator, left, right }
  }

  private parseOperator(): Operator {
    const t = this.peek()
    const expected = "an operator (==, !=, >, >=, <, <=, CONTAINS, HAS, IN, NOT IN, NOT HAS)"
    if (t.kind === "cmp") {
      this.advance()
      return t.op
    }
    if (t.kind === "keyword") {
      switch (t.word) {
        case "CONTAINS":
        case "HAS":
        case "IN":
          this.advance()
          return t.word
        case "NOT": {
          this.advance()
          const n = this.peek()
          if (n.kind === "keyword" && (n.word === "IN" || n.word === "HAS")) {
            this.advance()
            return n.word === "IN" ? "NOT IN" : "NOT HAS"
          }
          return this.fail(n.start, "IN or HAS", this.textOf(n))
        }
      }
    }
    return this.fail(t.start, expected, this.textOf(t))
  }

  private parseScalar(t: Token): Scalar | undefined {
    switch (t.kind) {
      case "string":
        return { _tag: "String", value: t.value }
      case "number":
        return { _tag: "Number", value: t.value }
      case "keyword":
        if (t.word === "TRUE") return { _tag: "Boolean", value: true }
        if (t.word === "FALSE") return { _tag: "Boolean", value: false }
        return undefined
      default:
        return undefined
    }
  }

  private parseOperand(expected: string): Operand {
    const t = this.peek()
    const scalar = this.parseScalar(t)
    if (scalar !== undefined) {
      this.advance()
      return scalar
    }
    if (t.kind === "reference") {
      this.advance()
      return { _tag: "Reference", path: t.path }
    }
    if (t.kind === "[") return this.parseArray()
    return this.fail(t.start, expected, this.textOf(t))
  }

  private parseArray(): ArrayLiteral {
    const open = this.advance()
    const elements: Array<Scalar> = []
    if (this.peek().kind === "]") {
      this.advance()
      return { _tag: "Array", elements }
    }
    for (;;) {
      const t = this.peek()
      const scalar = this.parseScalar(t)
      if (scalar === undefined) {
        this.fail(t.start, "a string, number or boolean inside the array", this.textOf(t))
      }
      this.advance()
      elements.push(scalar)
      const sep = this.peek()
      if (sep.kind === "]") {
        this.advance()
        return { _tag: "Array", elements }
      }
      if (sep.kind !== ",") {
        this.fail(
          sep.start,
          `"," or "]" to close the array opened at position ${open.start}`,
          this.textOf(sep),
        )
      }
      this.advance()
    }
  }
}

/** Parses `source`; throws only {@link ExpressionError}. */
export const parse = (source: string): Expression => new Parser(source).parse()

/** Parses a lone reference (`task.preferred_worker_sid`); throws only {@link ExpressionError}. */
export const parseReference = (source: string): Reference => new Parser(source).parseReference()
