// The building blocks of the register form: labelled fields whose control is tied to its hint and error
// slot. A control's id is `f-<field path>`, its error slot `f-<field path>-errors`, so a Problem's `field`
// finds both.

import { describedBy, h, msg } from "../../dom";

export type Control = HTMLInputElement | HTMLSelectElement;

export function choiceSelect(name: string, choices: readonly string[], prefix: string): HTMLSelectElement {
  const select = h("select", { name, id: `f-${name}` });
  select.append(msg("option", "choose", undefined, { value: "" }));
  for (const choice of choices) select.append(msg("option", `${prefix}-${choice}`, undefined, { value: choice }));
  return select;
}

export function textInput(name: string, attrs: Record<string, string | number | boolean> = {}): HTMLInputElement {
  return h("input", { name, id: `f-${name}`, type: "text", autocomplete: "off", spellcheck: "false", ...attrs });
}

/** Where the problems of field `name` are shown. */
export function errorSlot(name: string): HTMLElement {
  return h("div", { class: "field-errors", "data-for": name, id: `f-${name}-errors`, "aria-live": "polite" });
}

export function field(
  name: string,
  labelId: string,
  control: Control,
  opts: { hint?: HTMLElement; wide?: boolean; rowStart?: boolean } = {},
): HTMLElement {
  const classes = ["field", opts.wide ? "wide" : "", opts.rowStart ? "row-start" : ""].filter(Boolean).join(" ");
  const slot = errorSlot(name);
  if (opts.hint && !opts.hint.id) opts.hint.id = `f-${name}-hint`;
  describedBy(control, opts.hint, slot);
  return h("div", { class: classes, "data-field": name }, msg("label", labelId, undefined, { for: control.id }), control, opts.hint ?? null, slot);
}

/** A titled part of the paper form, its fields on a two-column grid. */
export function section(titleId: string, ...children: HTMLElement[]): HTMLElement {
  return h("fieldset", { class: "section" }, msg("legend", titleId), h("div", { class: "grid" }, ...children));
}

/**
 * A part of the form that is one field of the Draft as a whole (the documents, the dependants, the consent):
 * its problems ("at least one document") are shown under `body`, before the row of `actions`.
 */
export function wholeSection(name: string, titleId: string, body: HTMLElement[], actions: HTMLElement | null = null): { el: HTMLElement; slot: HTMLElement } {
  const slot = errorSlot(name);
  const el = h("fieldset", { class: "section", "data-field": name }, msg("legend", titleId), ...body, slot, actions);
  describedBy(el, slot);
  return { el, slot };
}
