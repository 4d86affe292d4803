/**
 * A few DOM helpers: the console has no UI framework, only these. Text always goes through `textContent`, so
 * nothing the service sends can inject markup.
 */

type Child = Node | string | number | null | undefined | false
type AttrValue = string | number | boolean | undefined | null
type Listeners = Readonly<Record<string, (event: Event) => void>>
/** Attributes, and `on`: event listeners by event name. */
type Attrs = { readonly on?: Listeners } & { readonly [key: string]: AttrValue | Listeners }

/**
 * Creates an element: `h("button", { class: "btn", onclick: handler }, "Save")`. Attributes that are `false`,
 * `null` or `undefined` are left out; `true` sets an empty attribute.
 */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: ReadonlyArray<Child | ReadonlyArray<Child>>
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "on" || value === undefined || value === null || value === false) continue
    if (typeof value === "object") continue
    element.setAttribute(key, value === true ? "" : String(value))
  }
  if (attrs.on !== undefined) {
    for (const [name, listener] of Object.entries(attrs.on)) element.addEventListener(name, listener)
  }
  append(element, children)
  return element
}

const append = (parent: Node, children: ReadonlyArray<Child | ReadonlyArray<Child>>): void => {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child)
    else if (child instanceof Node) parent.appendChild(child)
    else if (typeof child === "string" || typeof child === "number") {
      parent.appendChild(document.createTextNode(String(child)))
    }
  }
}

/** Replaces an element's children. */
export const replace = (parent: Element, ...children: ReadonlyArray<Child | ReadonlyArray<Child>>): void => {
  parent.replaceChildren()
  append(parent, children)
}

/** A table in a wrapper `<div class="{wrapClass}">`: one header row of `headers` (`<th>`s), then `rows` (`<tr>`s). */
export const table = (
  wrapClass: string,
  headers: ReadonlyArray<Child>,
  rows: ReadonlyArray<Child>,
): HTMLDivElement =>
  h("div", { class: wrapClass }, h("table", {}, h("thead", {}, h("tr", {}, headers)), h("tbody", {}, rows)))

const SVG_NS = "http://www.w3.org/2000/svg"

/** Creates an SVG element with attributes. */
export const s = (
  tag: string,
  attrs: Readonly<Record<string, string | number>> = {},
  ...children: ReadonlyArray<SVGElement | string>
): SVGElement => {
  const element = document.createElementNS(SVG_NS, tag)
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, String(value))
  for (const child of children) {
    if (typeof child === "string") element.appendChild(document.createTextNode(child))
    else element.appendChild(child)
  }
  return element
}

/** The element with this id, of this type; throws when the page's markup lacks it. */
export const byId = <T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T => {
  const element = document.getElementById(id)
  if (!(element instanceof type)) throw new Error(`The console's markup has no <${type.name}> #${id}`)
  return element
}
