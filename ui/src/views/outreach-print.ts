// The member page's papers for the applicant (issue 14): the leaflet "why should I join?" in the window's
// language and the filled-in application form (every print audited by the api; a reprint says COPY). Each
// button shows only to those the api lets print it.

import { h, msg } from "../dom";
import { lang } from "../i18n";
import * as ipc from "../ipc";
import type { Action } from "../ipc";
import { onClickBusy, statusLine } from "./actions";

export function outreachPrintSection(memberNo: string, actions: readonly Action[]): HTMLElement | null {
  const status = statusLine("outreach-print-status");
  const buttons: HTMLButtonElement[] = [];
  if (actions.includes("print-leaflet")) {
    const leaflet = msg("button", "leaflet-print", undefined, { type: "button", id: "print-leaflet" });
    onClickBusy(leaflet, status.error, async () => {
      const path = await ipc.printLeaflet(memberNo, lang());
      if (path !== null) status.saved(path);
    });
    buttons.push(leaflet);
  }
  if (actions.includes("print-application-form")) {
    const form = msg("button", "application-form-print", undefined, { type: "button", id: "print-application-form" });
    onClickBusy(form, status.error, async () => {
      const path = await ipc.printApplicationForm(memberNo);
      if (path !== null) status.saved(path);
    });
    buttons.push(form);
  }
  if (buttons.length === 0) return null;
  return h("section", { class: "card", id: "outreach-print" }, msg("h2", "leaflet-section"), h("div", { class: "row-actions" }, ...buttons), status.el);
}
