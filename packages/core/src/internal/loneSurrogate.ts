/** A UTF-16 surrogate without its pair: JSON and JavaScript strings can hold one; UTF-8 and URLs cannot. */
const PATTERN = "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]"

/** Every lone surrogate (global: for `replace`). */
export const LONE_SURROGATES = new RegExp(PATTERN, "g")

const ONE = new RegExp(PATTERN)

/** Whether `s` holds a lone surrogate (`String.prototype.isWellFormed` is ES2024; the core targets ES2022). */
export const hasLoneSurrogate = (s: string): boolean => ONE.test(s)
