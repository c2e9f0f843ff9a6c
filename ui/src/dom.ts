// A few DOM helpers. Localised text is declared with data attributes and filled by `translate`, so switching
// the language rewrites labels in place and never touches what the clerk has typed.

import { lang, t, type Args } from "./i18n";

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | boolean | number | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "l10n") el.dataset.l10nId = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

/** Marks `el` to show message `id` (in its text, or in `attr` such as placeholder). */
export function l10n<E extends HTMLElement>(el: E, id: string, args?: Args, attr?: string): E {
  el.dataset.l10nId = id;
  if (args) el.dataset.l10nArgs = JSON.stringify(args);
  else delete el.dataset.l10nArgs;
  if (attr) el.dataset.l10nAttr = attr;
  fill(el);
  return el;
}

/** A text element showing message `id`. */
export function msg<K extends keyof HTMLElementTagNameMap>(tag: K, id: string, args?: Args, attrs: Attrs = {}): HTMLElementTagNameMap[K] {
  return l10n(h(tag, attrs), id, args);
}

/** An element showing a name given in both languages. */
export function named<K extends keyof HTMLElementTagNameMap>(tag: K, lo: string, en: string, attrs: Attrs = {}): HTMLElementTagNameMap[K] {
  const el = h(tag, attrs);
  el.dataset.nameLo = lo;
  el.dataset.nameEn = en;
  fill(el);
  return el;
}

function fill(el: HTMLElement): void {
  const id = el.dataset.l10nId;
  if (id) {
    const args = el.dataset.l10nArgs ? (JSON.parse(el.dataset.l10nArgs) as Args) : undefined;
    const text = t(id, args);
    const attr = el.dataset.l10nAttr;
    if (attr) el.setAttribute(attr, text);
    else el.textContent = text;
  }
  if (el.dataset.nameLo !== undefined) {
    el.textContent = lang() === "en" && el.dataset.nameEn ? el.dataset.nameEn : el.dataset.nameLo;
  }
}

/** Re-fills every localised element under `root` in the current language. */
export function translate(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>("[data-l10n-id], [data-name-lo]").forEach(fill);
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** Esc inside a dialog closes that dialog only: the page's own Esc handling must not also see it. */
export function onEscape(el: HTMLElement, close: () => void): void {
  el.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
}

/**
 * Ties `control` to the elements that explain it (its hint, its error slot), so a screen reader reads them
 * with the control. Each describer must have an id.
 */
export function describedBy(control: HTMLElement, ...describers: (HTMLElement | null | undefined)[]): void {
  const ids = describers.map((d) => d?.id ?? "").filter((id) => id !== "");
  if (ids.length > 0) control.setAttribute("aria-describedby", ids.join(" "));
  else control.removeAttribute("aria-describedby");
}

/** Marks `control` as holding a value in error (aria-invalid, also what the CSS styles), or clears the mark. */
export function markInvalid(control: Element, invalid: boolean): void {
  if (invalid) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}
