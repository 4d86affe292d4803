/** Readers for wire-shaped JSON objects (`object` from the store). @internal */

export const field = (o: object, key: string): unknown => Reflect.get(o, key)

export const stringField = (o: object, key: string): string | undefined => {
  const v = Reflect.get(o, key)
  return typeof v === "string" ? v : undefined
}

export const numberField = (o: object, key: string): number | undefined => {
  const v = Reflect.get(o, key)
  return typeof v === "number" && Number.isFinite(v) ? v : undefined
}

export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Parses a JSON-object string (task attributes); anything else gives an empty object. */
export const parseAttributes = (u: unknown): Readonly<Record<string, unknown>> => {
  if (isRecord(u)) return u
  if (typeof u !== "string" || u === "") return {}
  try {
    const parsed: unknown = JSON.parse(u)
    return isRecord(parsed) ? parsed : {}
  } catch {
    return {}
  }
}
