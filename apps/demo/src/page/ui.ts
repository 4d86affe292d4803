/** Small shared pieces of UI: toasts, pills, avatars, error messages. */
import { h } from "./dom.js"
import { hue, initials, statusTone } from "./format.js"

/** Shows a short notification in the corner. */
export const toast = (message: string, kind: "info" | "error" = "info"): void => {
  const host = document.getElementById("toasts")
  if (host === null) return
  const element = h("div", { class: kind === "error" ? "toast error" : "toast", role: "status" }, message)
  host.appendChild(element)
  while (host.children.length > 3) host.firstElementChild?.remove()
  setTimeout(() => element.remove(), kind === "error" ? 7000 : 3000)
}

/** A coloured status pill: `pending`, `reserved`, ... */
export const statusPill = (status: string): HTMLElement =>
  h("span", { class: `pill ${statusTone(status)}`, "data-status": status }, status)

/** A round avatar with the name's initials on a colour derived from the name. */
export const avatar = (name: string): HTMLElement => {
  const element = h("span", { class: "avatar", "aria-hidden": "true" }, initials(name))
  element.style.background = `hsl(${hue(name)} 55% 52%)`
  return element
}

/** A message a person can act on, from whatever was thrown or rejected. */
export const errorMessage = (error: unknown): string => {
  if (error instanceof Error) {
    const code = Reflect.get(error, "code")
    return typeof code === "number" ? `${error.message} (code ${code})` : error.message
  }
  return String(error)
}

/**
 * Renders `text` with the character at `position` marked and a caret under it, for parse errors.
 */
export const caretView = (text: string, position: number): HTMLElement => {
  const at = Math.max(0, Math.min(position, text.length))
  const before = text.slice(0, at)
  const marked = text.slice(at, at + 1)
  const after = text.slice(at + 1)
  return h(
    "div",
    { class: "caret-view", "data-position": at },
    h("div", {}, before, marked === "" ? h("mark", {}, " ") : h("mark", {}, marked), after),
    h("div", { class: "caret" }, `${" ".repeat(at)}^`),
  )
}
