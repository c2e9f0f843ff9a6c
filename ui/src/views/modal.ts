// The one modal dialog of the app (native dialogs are not dependable inside the webview): an overlay over the
// page, named by its heading for screen readers, keeping Tab and Shift+Tab inside itself, closed by Esc, and
// giving the focus back to whatever had it when it opened.

import { h, onEscape } from "../dom";
import { tabStops, trapStep } from "../focus";

export interface ModalParts {
  /** The overlay's id; the label gets `<id>-title` when it has no id of its own. */
  id: string;
  /** The heading or question that names the dialog (aria-labelledby). */
  label: HTMLElement;
  body: HTMLElement[];
  /** The buttons of the bottom row, in order. */
  actions: HTMLElement[];
  /** What has the focus when the dialog opens. */
  first: HTMLElement;
  /** Esc: normally the same as the dialog's Cancel. */
  onEscape: () => void;
  /** "alertdialog" for a question that interrupts the clerk. */
  role?: "dialog" | "alertdialog";
  /** Extra class of the dialog box, for its size. */
  className?: string;
}

export interface Modal {
  /** Removes the dialog and gives the focus back to where it was when the dialog opened. */
  close: () => void;
}

interface Open {
  box: HTMLElement;
}

/** The open dialogs, the topmost last: only the topmost one traps Tab. */
const stack: Open[] = [];

/** True while a modal dialog is open: the page's own keys (Esc to go home) must wait. */
export function modalIsOpen(): boolean {
  return stack.length > 0;
}

const CANDIDATES = "a[href], button, input, select, textarea, [tabindex]";

/** What Tab may reach inside `box`, in document order: enabled, not taken out of the tab order, shown. */
function focusables(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(CANDIDATES)].filter(
    (el) => el.tabIndex >= 0 && !el.matches(":disabled") && el.getClientRects().length > 0,
  );
}

function trapTab(event: KeyboardEvent): void {
  const top = stack.at(-1);
  if (event.key !== "Tab" || !top) return;
  const stops = tabStops(
    focusables(top.box).map((el) => ({
      el,
      radioGroup: el instanceof HTMLInputElement && el.type === "radio" ? el.name : null,
      checked: el instanceof HTMLInputElement && el.checked,
    })),
  ).map((stop) => stop.el);
  const current = stops.findIndex((el) => el === document.activeElement);
  const next = trapStep(stops.length, current, event.shiftKey);
  event.preventDefault();
  (stops[next] ?? top.box).focus();
}

export function openModal(parts: ModalParts): Modal {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  if (!parts.label.id) parts.label.id = `${parts.id}-title`;
  const box = h(
    "div",
    {
      class: parts.className ? `dialog ${parts.className}` : "dialog",
      role: parts.role ?? "dialog",
      "aria-modal": "true",
      "aria-labelledby": parts.label.id,
      // Focusable from script only, for a dialog with nothing else to focus.
      tabindex: -1,
    },
    parts.label,
    ...parts.body,
    h("div", { class: "actions" }, ...parts.actions),
  );
  const overlay = h("div", { class: "overlay", id: parts.id }, box);
  // A click on the shade must not take the focus out of the dialog.
  overlay.addEventListener("mousedown", (event) => {
    if (event.target === overlay) event.preventDefault();
  });
  onEscape(overlay, parts.onEscape);
  const entry: Open = { box };
  if (stack.length === 0) document.addEventListener("keydown", trapTab);
  stack.push(entry);
  document.body.append(overlay);
  parts.first.focus();

  let closed = false;
  return {
    close: () => {
      if (closed) return;
      closed = true;
      overlay.remove();
      stack.splice(stack.indexOf(entry), 1);
      if (stack.length === 0) document.removeEventListener("keydown", trapTab);
      opener?.focus();
    },
  };
}
