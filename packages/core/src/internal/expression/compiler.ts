import type { Expression, Operand, Operator, Reference } from "../../expression/Expression.js"

/** A compiled predicate over one record. */
export type Predicate = (record: unknown) => boolean

type Getter = (record: unknown) => unknown
type Primitive = string | number | boolean

const isScalar = (v: unknown): v is Primitive => {
  const t = typeof v
  return t === "string" || t === "number" || t === "boolean"
}

const isObject = (v: unknown): v is { readonly [key: string]: unknown } =>
  typeof v === "object" && v !== null && !Array.isArray(v)

// Names of Object.prototype members (constructor, toString, __proto__, ...): for these a key must be an own
// property, so that `constructor` or `__proto__` never resolve to a built-in. Any other name is read directly,
// which is faster than an own-property test and only differs for objects with a custom prototype.
const builtinNames: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype))

/** One step of a path: keys of (non-array) objects, indexes of arrays; anything else is NULL (undefined). */
const step = (value: unknown, seg: string | number): unknown => {
  if (typeof seg === "number") return Array.isArray(value) ? value[seg] : undefined
  if (!isObject(value)) return undefined
  return builtinNames.has(seg) && !Object.hasOwn(value, seg) ? undefined : value[seg]
}

/** `step` specialised for one key. */
const keyStep = (key: string): ((value: unknown) => unknown) =>
  builtinNames.has(key)
    ? (value) => (isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined)
    : (value) => (isObject(value) ? value[key] : undefined)

/** Resolves a reference path in `record`; a missing key anywhere gives undefined (NULL). */
export const resolve = (record: unknown, path: Reference["path"]): unknown => {
  let value: unknown = record
  for (const seg of path) {
    value = step(value, seg)
    if (value === undefined || value === null) return undefined
  }
  return value
}

const compileReference = (path: Reference["path"]): Getter => {
  const steps = path.map((seg): ((value: unknown) => unknown) =>
    typeof seg === "number" ? (value) => (Array.isArray(value) ? value[seg] : undefined) : keyStep(seg),
  )
  const [s0, s1, s2] = steps
  if (s0 !== undefined && steps.length === 1) return (r) => s0(r) ?? undefined
  if (s0 !== undefined && s1 !== undefined && steps.length === 2) {
    return (r) => {
      const v = s0(r)
      return v === undefined || v === null ? undefined : (s1(v) ?? undefined)
    }
  }
  if (s0 !== undefined && s1 !== undefined && s2 !== undefined && steps.length === 3) {
    return (r) => {
      const v = s0(r)
      if (v === undefined || v === null) return undefined
      const w = s1(v)
      return w === undefined || w === null ? undefined : (s2(w) ?? undefined)
    }
  }
  return (r) => {
    let value: unknown = r
    for (const s of steps) {
      value = s(value)
      if (value === undefined || value === null) return undefined
    }
    return value
  }
}

type Compiled =
  | { readonly constant: true; readonly value: unknown }
  | { readonly constant: false; readonly get: Getter }

const compileOperand = (o: Operand): Compiled => {
  switch (o._tag) {
    case "Reference":
      return { constant: false, get: compileReference(o.path) }
    case "Array":
      return { constant: true, value: o.elements.map((e) => e.value) }
    default:
      return { constant: true, value: o.value }
  }
}

const getterOf = (c: Compiled): Getter => {
  if (!c.constant) return c.get
  const v = c.value
  return () => v
}

// Ordering is defined for two numbers or two strings (UTF-16 code unit order); anything else is false.
const gt = (l: unknown, r: unknown): boolean =>
  typeof l === "number" && typeof r === "number"
    ? l > r
    : typeof l === "string" && typeof r === "string" && l > r
const ge = (l: unknown, r: unknown): boolean =>
  typeof l === "number" && typeof r === "number"
    ? l >= r
    : typeof l === "string" && typeof r === "string" && l >= r

/** The semantics of every operator on two resolved values (see Expression.evaluate's TSDoc). */
export const apply = (op: Operator, l: unknown, r: unknown): boolean => {
  switch (op) {
    case "==":
      return isScalar(l) && l === r
    case "!=":
      return isScalar(l) && isScalar(r) && typeof l === typeof r && l !== r
    case ">":
      return gt(l, r)
    case ">=":
      return ge(l, r)
    case "<":
      return gt(r, l)
    case "<=":
      return ge(r, l)
    case "CONTAINS":
      return typeof l === "string" && typeof r === "string" && l.includes(r)
    case "HAS":
      return Array.isArray(l) && isScalar(r) && l.includes(r)
    case "NOT HAS":
      return Array.isArray(l) && isScalar(r) && !l.includes(r)
    case "IN":
      return isScalar(l) && Array.isArray(r) && r.includes(l)
    case "NOT IN":
      return isScalar(l) && Array.isArray(r) && !r.includes(l)
  }
}

type Order = ">" | ">=" | "<" | "<="

const numberOrder = (op: Order, get: Getter, c: number): Predicate => {
  switch (op) {
    case ">":
      return (r) => {
        const v = get(r)
        return typeof v === "number" && v > c
      }
    case ">=":
      return (r) => {
        const v = get(r)
        return typeof v === "number" && v >= c
      }
    case "<":
      return (r) => {
        const v = get(r)
        return typeof v === "number" && v < c
      }
    case "<=":
      return (r) => {
        const v = get(r)
        return typeof v === "number" && v <= c
      }
  }
}

const stringOrder = (op: Order, get: Getter, c: string): Predicate => {
  switch (op) {
    case ">":
      return (r) => {
        const v = get(r)
        return typeof v === "string" && v > c
      }
    case ">=":
      return (r) => {
        const v = get(r)
        return typeof v === "string" && v >= c
      }
    case "<":
      return (r) => {
        const v = get(r)
        return typeof v === "string" && v < c
      }
    case "<=":
      return (r) => {
        const v = get(r)
        return typeof v === "string" && v <= c
      }
  }
}

/** Specialisations for the common shapes `reference OP constant`; everything else goes through `apply`. */
const compileComparison = (op: Operator, left: Compiled, right: Compiled): Predicate => {
  if (left.constant && right.constant) {
    const result = apply(op, left.value, right.value)
    return () => result
  }
  if (!left.constant && right.constant) {
    const get = left.get
    const c = right.value
    switch (op) {
      case "==":
        if (isScalar(c)) return (r) => get(r) === c
        return () => false
      case "!=":
        if (isScalar(c)) {
          const t = typeof c
          return (r) => {
            const v = get(r)
            return typeof v === t && v !== c
          }
        }
        return () => false
      case "IN":
      case "NOT IN":
        if (Array.isArray(c)) {
          const set = new Set<unknown>(c)
          return op === "IN"
            ? (r) => {
                const v = get(r)
                return isScalar(v) && set.has(v)
              }
            : (r) => {
                const v = get(r)
                return isScalar(v) && !set.has(v)
              }
        }
        return () => false
      case ">":
      case ">=":
      case "<":
      case "<=":
        if (typeof c === "number") return numberOrder(op, get, c)
        if (typeof c === "string") return stringOrder(op, get, c)
        return () => false
      case "CONTAINS":
        if (typeof c === "string") {
          return (r) => {
            const v = get(r)
            return typeof v === "string" && v.includes(c)
          }
        }
        return () => false
      case "HAS":
        if (isScalar(c)) {
          return (r) => {
            const v = get(r)
            return Array.isArray(v) && v.includes(c)
          }
        }
        return () => false
      default:
        return (r) => apply(op, get(r), c)
    }
  }
  const gl = getterOf(left)
  const gr = getterOf(right)
  return (r) => apply(op, gl(r), gr(r))
}

/** Compiles an expression tree once into a tree of closures. */
export const compile = (expr: Expression): Predicate => {
  switch (expr._tag) {
    case "Comparison":
      return compileComparison(expr.operator, compileOperand(expr.left), compileOperand(expr.right))
    case "And": {
      const parts = expr.operands.map(compile)
      const [a, b] = parts
      if (parts.length === 2 && a !== undefined && b !== undefined) return (r) => a(r) && b(r)
      return (r) => {
        for (const p of parts) if (!p(r)) return false
        return true
      }
    }
    case "Or": {
      const parts = expr.operands.map(compile)
      const [a, b] = parts
      if (parts.length === 2 && a !== undefined && b !== undefined) return (r) => a(r) || b(r)
      return (r) => {
        for (const p of parts) if (p(r)) return true
        return false
      }
    }
  }
}
