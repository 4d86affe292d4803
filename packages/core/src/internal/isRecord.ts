/** A plain JSON-like object: not null, not an array. One definition for the wire decoders of the core. */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)
