// The app's questions, all in the one modal dialog (modal.ts): yes or no, one choice, one line of text.

import { describedBy, h, markInvalid, msg } from "../dom";
import { openModal } from "./modal";

/** A yes/no question; resolves false on No or Esc. The safe answer (No) has the focus. */
export function confirmDialog(questionId: string, yesId: string, noId: string): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = msg("button", yesId, undefined, { type: "button", id: "confirm-yes", class: "primary" });
    const no = msg("button", noId, undefined, { type: "button", id: "confirm-no" });
    const modal = openModal({
      id: "confirm-dialog",
      role: "alertdialog",
      label: msg("p", questionId),
      body: [],
      actions: [no, yes],
      first: no,
      onEscape: () => done(false),
    });
    function done(answer: boolean): void {
      modal.close();
      resolve(answer);
    }
    yes.addEventListener("click", () => done(true));
    no.addEventListener("click", () => done(false));
  });
}

interface Asked<T> {
  body: HTMLElement[];
  first: HTMLElement;
  /** The answer, or null when it is not acceptable yet (the dialog stays open). */
  value: () => T | null;
}

/** A titled dialog with Cancel (`<id>-cancel`) and `ok`; resolves null on Cancel or Esc. */
function ask<T>(titleId: string, id: string, asked: Asked<T>, ok: HTMLButtonElement): Promise<T | null> {
  return new Promise((resolve) => {
    const cancel = msg("button", "cancel", undefined, { type: "button", id: `${id}-cancel` });
    const modal = openModal({
      id,
      label: msg("h2", titleId, undefined, { id: `${id}-title` }),
      body: asked.body,
      actions: [cancel, ok],
      first: asked.first,
      onEscape: () => finish(null),
    });
    function finish(answer: T | null): void {
      modal.close();
      resolve(answer);
    }
    cancel.addEventListener("click", () => finish(null));
    ok.addEventListener("click", () => {
      const value = asked.value();
      if (value !== null) finish(value);
    });
  });
}

function okButton(okId: string, id: string): HTMLButtonElement {
  return msg("button", okId, undefined, { type: "button", id: `${id}-ok`, class: "primary" });
}

/** One of `options` (radio buttons, the first preselected); null when cancelled. */
export function choiceDialog(titleId: string, options: { value: string; labelId: string }[], okId: string, id: string): Promise<string | null> {
  const radios = options.map((option, index) =>
    h("input", { type: "radio", name: `${id}-choice`, value: option.value, id: `${id}-${option.value}`, checked: index === 0 }),
  );
  const ok = okButton(okId, id);
  const body = [
    h(
      "div",
      { class: "choices", role: "radiogroup" },
      ...options.map((option, index) => h("label", { class: "check" }, radios[index] ?? null, msg("span", option.labelId))),
    ),
  ];
  const value = (): string | null => radios.find((r) => r.checked)?.value ?? null;
  return ask(titleId, id, { body, first: radios[0] ?? ok, value }, ok);
}

/** A line of text (required); null when cancelled. */
export function textDialog(titleId: string, labelId: string, okId: string, id: string, questionId?: string): Promise<string | null> {
  const input = h("input", { type: "text", id: `${id}-text`, name: `${id}-text`, autocomplete: "off" });
  const error = h("div", { class: "field-errors", role: "alert", id: `${id}-text-errors` });
  describedBy(input, error);
  const body: HTMLElement[] = [h("div", { class: "field" }, msg("label", labelId, undefined, { for: `${id}-text` }), input, error)];
  if (questionId) body.unshift(msg("p", questionId));
  const ok = okButton(okId, id);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      ok.click();
    }
  });
  const value = (): string | null => {
    const text = input.value.trim();
    if (text !== "") return text;
    markInvalid(input, true);
    error.replaceChildren(msg("p", "error-reason-required", undefined, { class: "field-error" }));
    input.focus();
    return null;
  };
  return ask(titleId, id, { body, first: input, value }, ok);
}
