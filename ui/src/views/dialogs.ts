// In-page dialogs that ask for one choice or one line of text (same look and keys as confirm.ts).

import { h, msg, onEscape } from "../dom";

function modal<T>(
  build: (finish: (answer: T | null) => void) => { body: HTMLElement[]; ok: HTMLButtonElement; first: HTMLElement; value: () => T | null },
  titleId: string,
  id: string,
): Promise<T | null> {
  return new Promise((resolve) => {
    const previous = document.activeElement as HTMLElement | null;
    const cancel = msg("button", "cancel", undefined, { type: "button", id: `${id}-cancel` });
    let overlay: HTMLElement | null = null;
    const finish = (answer: T | null): void => {
      overlay?.remove();
      previous?.focus();
      resolve(answer);
    };
    const parts = build(finish);
    const box = h(
      "div",
      { class: "dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": `${id}-title` },
      msg("h2", titleId, undefined, { id: `${id}-title` }),
      ...parts.body,
      h("div", { class: "actions" }, cancel, parts.ok),
    );
    overlay = h("div", { class: "overlay", id }, box);
    cancel.addEventListener("click", () => finish(null));
    parts.ok.addEventListener("click", () => {
      const value = parts.value();
      if (value !== null) finish(value);
    });
    onEscape(overlay, () => finish(null));
    document.body.append(overlay);
    parts.first.focus();
  });
}

/** One of `options` (radio buttons, the first preselected); null when cancelled. */
export function choiceDialog(titleId: string, options: { value: string; labelId: string }[], okId: string, id: string): Promise<string | null> {
  return modal<string>(
    () => {
      const radios = options.map((option, index) =>
        h("input", { type: "radio", name: `${id}-choice`, value: option.value, id: `${id}-${option.value}`, checked: index === 0 }),
      );
      const body = [
        h(
          "div",
          { class: "choices", role: "radiogroup" },
          ...options.map((option, index) => h("label", { class: "check" }, radios[index] ?? null, msg("span", option.labelId))),
        ),
      ];
      const ok = msg("button", okId, undefined, { type: "button", id: `${id}-ok`, class: "primary" });
      const value = (): string | null => radios.find((r) => r.checked)?.value ?? null;
      return { body, ok, first: radios[0] ?? ok, value };
    },
    titleId,
    id,
  );
}

/** A line of text (required); null when cancelled. */
export function textDialog(titleId: string, labelId: string, okId: string, id: string, questionId?: string): Promise<string | null> {
  return modal<string>(
    () => {
      const input = h("input", { type: "text", id: `${id}-text`, name: `${id}-text`, autocomplete: "off" });
      const error = h("div", { class: "field-errors", role: "alert" });
      const body: HTMLElement[] = [h("div", { class: "field" }, msg("label", labelId, undefined, { for: `${id}-text` }), input, error)];
      if (questionId) body.unshift(msg("p", questionId));
      const ok = msg("button", okId, undefined, { type: "button", id: `${id}-ok`, class: "primary" });
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          ok.click();
        }
      });
      const value = (): string | null => {
        const text = input.value.trim();
        if (text !== "") return text;
        input.setAttribute("aria-invalid", "true");
        error.replaceChildren(msg("p", "error-reason-required", undefined, { class: "field-error" }));
        input.focus();
        return null;
      };
      return { body, ok, first: input, value };
    },
    titleId,
    id,
  );
}
