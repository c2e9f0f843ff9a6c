// Buttons that start a task (print, pay, export): disabled while it runs, and a status line under them that
// says where a document was saved or what went wrong.

import { h, msg } from "../dom";
import { failure, guard } from "../report";

export interface StatusLine {
  el: HTMLElement;
  saved: (path: string) => void;
  error: (e: unknown) => void;
  clear: () => void;
}

/** A status line under a section's buttons: where a document was saved, or what went wrong. */
export function statusLine(id: string): StatusLine {
  const el = h("div", { class: "status", id, role: "status" });
  return {
    el,
    saved: (path) => el.replaceChildren(msg("p", "document-saved", { path }, { class: "ok" })),
    error: (e) => {
      const m = failure(e);
      el.replaceChildren(msg("p", m.id, m.args, { class: "field-error" }));
    },
    clear: () => el.replaceChildren(),
  };
}

/**
 * Runs `work` with `button` disabled, so a double click never prints twice. A dialog opened meanwhile could not
 * give the focus back to the disabled button: it gets it back here, unless the focus has gone elsewhere.
 */
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.disabled = false;
    if (button.isConnected && (document.activeElement === null || document.activeElement === document.body)) button.focus();
  }
}

/** Clicking `button` runs `work` through `busy`; what `work` throws is shown through `report`. */
export function onClickBusy(button: HTMLButtonElement, report: (error: unknown) => void, work: () => Promise<unknown>): void {
  button.addEventListener("click", guard(() => busy(button, work), report));
}
