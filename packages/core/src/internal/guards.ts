// Type guards shared by the core's decoders, validators and the facade.

/** A JSON-like object: not null, not an array (a class instance passes too). */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** An object literal (or `Object.create(null)`): what the facade and the validators accept as parameters. */
export const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (!isRecord(u)) return false
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/** A string that parses as a JSON object (not an array, not a scalar). */
export const isJsonObjectText = (s: string): boolean => {
  try {
    return isRecord(JSON.parse(s))
  } catch {
    return false
  }
}
