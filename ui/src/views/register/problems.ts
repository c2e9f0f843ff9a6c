// Showing a refused registration: every problem beside the field it is about (or under its section), a
// summary above the buttons, and for a duplicate the ways out (open that member, or confirm it is someone else).

import { h, markInvalid, msg } from "../../dom";
import { duplicateMembers, errorMessage, placeFor } from "../../errors";
import type { ApiError } from "../../bindings/ApiError";

export interface DuplicateHandlers {
  onOpenMember: (memberNo: string) => void;
  /** Register anyway: the clerk says the person is not the member(s) found. */
  onConfirm: () => void;
}

export interface FormProblems {
  clear: () => void;
  show: (error: ApiError) => void;
}

/**
 * The buttons offered for a duplicate: the member holding the same document, or the possible duplicates and
 * "register anyway"; `focus` is what the clerk most likely wants next. Null for any other refusal.
 */
function duplicateChoices(error: ApiError, handlers: DuplicateHandlers): { elements: HTMLElement[]; focus: HTMLElement | null } | null {
  if (error.code === "duplicate-document" && error.args.member_no) {
    const no = error.args.member_no;
    const open = msg("button", "duplicate-open", { member_no: no }, { type: "button", id: "open-duplicate", class: "link" });
    open.addEventListener("click", () => handlers.onOpenMember(no));
    return { elements: [open], focus: null };
  }
  if (error.code === "possible-duplicate") {
    const list = h("ul", { class: "duplicates" });
    for (const no of duplicateMembers(error)) {
      const open = h("button", { type: "button", class: "link duplicate-member" }, no);
      open.addEventListener("click", () => handlers.onOpenMember(no));
      list.append(h("li", {}, open));
    }
    const again = msg("button", "duplicate-confirm", undefined, { type: "button", id: "confirm-duplicate", class: "primary" });
    again.addEventListener("click", handlers.onConfirm);
    return { elements: [list, msg("p", "duplicate-question"), again], focus: again };
  }
  return null;
}

/**
 * Problems of `form` shown in its error slots (`.field-errors[data-for=<field path>]`) and in `formError`; kip
 * amounts in them grouped with `separator`.
 */
export function formProblems(form: HTMLFormElement, formError: HTMLElement, handlers: DuplicateHandlers, separator: string): FormProblems {
  function slotFor(name: string): HTMLElement | null {
    return form.querySelector<HTMLElement>(`.field-errors[data-for="${CSS.escape(name)}"]`);
  }

  function clear(): void {
    form.querySelectorAll(".field-errors").forEach((slot) => slot.replaceChildren());
    form.querySelectorAll("[aria-invalid]").forEach((el) => markInvalid(el, false));
    formError.replaceChildren();
  }

  function show(error: ApiError): void {
    let first: HTMLElement | null = null;
    for (const problem of error.problems) {
      const place = placeFor(problem.field, (name) => slotFor(name) !== null);
      const m = errorMessage(problem, separator);
      const line = msg("p", m.id, m.args, { class: "field-error", "data-field": problem.field });
      const slot = place ? slotFor(place) : null;
      if (slot) {
        slot.append(line);
        const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(place ?? "")}"]`);
        if (control) markInvalid(control, true);
        first ??= control ?? slot;
      } else {
        formError.append(line);
      }
    }
    if (error.problems.length > 0) {
      formError.prepend(msg("p", "form-has-problems", { count: error.problems.length }, { class: "summary" }));
    } else {
      const m = errorMessage(error, separator);
      formError.append(msg("p", m.id, m.args, { class: "summary" }));
    }
    const duplicate = duplicateChoices(error, handlers);
    if (duplicate) formError.append(...duplicate.elements);
    if (duplicate?.focus) {
      duplicate.focus.focus();
      return;
    }
    (first ?? formError).focus?.();
    if (!first) formError.scrollIntoView({ block: "center" });
  }

  return { clear, show };
}
