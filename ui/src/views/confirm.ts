// An in-page yes/no dialog (native confirm() is not dependable inside the webview).

import { h, msg, onEscape } from "../dom";

export function confirmDialog(questionId: string, yesId: string, noId: string): Promise<boolean> {
  return new Promise((resolve) => {
    const previous = document.activeElement as HTMLElement | null;
    const yes = msg("button", yesId, undefined, { type: "button", id: "confirm-yes", class: "primary" });
    const no = msg("button", noId, undefined, { type: "button", id: "confirm-no" });
    const box = h(
      "div",
      { class: "dialog", role: "alertdialog", "aria-modal": "true" },
      msg("p", questionId),
      h("div", { class: "actions" }, no, yes),
    );
    const overlay = h("div", { class: "overlay", id: "confirm-dialog" }, box);
    const done = (answer: boolean): void => {
      overlay.remove();
      previous?.focus();
      resolve(answer);
    };
    yes.addEventListener("click", () => done(true));
    no.addEventListener("click", () => done(false));
    onEscape(overlay, () => done(false));
    document.body.append(overlay);
    no.focus();
  });
}
