/** A decoded `application/x-www-form-urlencoded` string: pairs in order, repeated keys kept. */
export type FormPairs = ReadonlyArray<readonly [string, string]>

/** Why a form or query string could not be decoded. */
export interface FormError {
  readonly _tag: "FormError"
  readonly message: string
}

const decodeComponent = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "))
  } catch {
    return undefined
  }
}

/**
 * Decodes a form body or a query string (without the leading `?`). `+` is a space, percent escapes must be
 * valid UTF-8; a bad escape is an error naming the offending pair, never a silent corruption.
 */
export const decodeForm = (text: string): { readonly pairs: FormPairs } | FormError => {
  const pairs: Array<readonly [string, string]> = []
  if (text === "") return { pairs }
  for (const part of text.split("&")) {
    if (part === "") continue
    const eq = part.indexOf("=")
    const rawKey = eq === -1 ? part : part.slice(0, eq)
    const rawValue = eq === -1 ? "" : part.slice(eq + 1)
    const key = decodeComponent(rawKey)
    const value = decodeComponent(rawValue)
    if (key === undefined || value === undefined) {
      return { _tag: "FormError", message: `Malformed percent-encoding in "${part.slice(0, 80)}"` }
    }
    pairs.push([key, value])
  }
  return { pairs }
}
