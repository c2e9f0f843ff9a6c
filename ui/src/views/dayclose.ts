// The cashier's day: today's receipts, totals by method, voids, the cash the drawer should hold; closing the
// day and printing its sheet.

import { h, msg } from "../dom";
import { isoToDisplay } from "../format";
import * as ipc from "../ipc";
import type { DayClose } from "../bindings/DayClose";
import { onClickBusy, statusLine } from "./actions";
import { kipAmount } from "./amount";
import { confirmDialog } from "./dialogs";
import { dayBackupLines } from "../backup";

/** The day page; `separator` groups kip as the office's setting says. */
export function renderDayClose(root: HTMLElement, separator: string): void {
  const kip = (amount: number): HTMLElement => kipAmount(amount, separator);
  const body = h("div", { id: "day-body" });
  const close = msg("button", "day-close", undefined, { type: "button", id: "day-close" });
  const print = msg("button", "day-print", undefined, { type: "button", id: "day-print", class: "primary" });
  const status = statusLine("day-status");
  const title = h("h1", { id: "day-heading" });

  function show(day: DayClose): void {
    title.replaceChildren(msg("span", "day-page-title", { date: isoToDisplay(day.date) }));
    const methods = Object.entries(day.totals_by_method);
    body.replaceChildren(
      h(
        "div",
        { class: "arrears" },
        h("div", { class: "figure" }, msg("span", "day-receipts"), h("strong", { id: "day-receipt-count" }, String(day.receipts.length))),
        h("div", { class: "figure" }, msg("span", "day-cash-drawer"), h("strong", { id: "day-cash" }, kip(day.cash_expected_kip))),
        h("div", { class: "figure" }, msg("span", "day-voided"), h("strong", { id: "day-voided" }, kip(day.voided_kip))),
      ),
      msg("h2", "day-by-method"),
      methods.length === 0
        ? msg("p", "day-nothing", undefined, { class: "hint" })
        : h(
            "table",
            { class: "grid-table", id: "day-methods" },
            h("tbody", {}, ...methods.map(([method, total]) => h("tr", { "data-method": method }, h("td", {}, msg("span", `method-${method}`)), h("td", { class: "num" }, kip(total))))),
          ),
      msg("h2", "day-receipt-list"),
      day.receipts.length === 0
        ? msg("p", "day-nothing", undefined, { class: "hint" })
        : h("ul", { class: "plain mono", id: "day-receipts" }, ...day.receipts.map((no) => h("li", { class: day.voids.includes(no) ? "voided" : "" }, no))),
      msg("h2", "day-void-list"),
      day.voids.length === 0
        ? msg("p", "day-no-voids", undefined, { class: "hint" })
        : h("ul", { class: "plain mono", id: "day-voids" }, ...day.voids.map((no) => h("li", {}, no))),
    );
  }

  async function load(): Promise<void> {
    try {
      show(await ipc.daySummary(null));
    } catch (e) {
      status.error(e);
    }
  }

  onClickBusy(close, status.error, async () => {
    if (!(await confirmDialog("day-close-question", "day-close", "cancel"))) return;
    const closed = await ipc.closeDay(null);
    show(closed.close);
    status.el.replaceChildren(msg("p", "day-closed", undefined, { class: "ok", id: "day-closed" }));
    // The automatic backup that followed: written, or why not (the close stands either way).
    const backup = dayBackupLines(closed);
    if (backup) {
      const cls = backup.ok ? "ok" : "field-error";
      status.el.append(...backup.lines.map((l, i) => msg("p", l.id, l.args, { class: cls, id: i === 0 ? "day-backup" : undefined })));
      document.dispatchEvent(new Event("backup-changed"));
    }
  });
  onClickBusy(print, status.error, async () => {
    const path = await ipc.printDaySheet(null);
    if (path !== null) status.saved(path);
  });

  root.replaceChildren(h("section", { class: "card", id: "day-page" }, title, body, h("div", { class: "actions" }, close, print), status.el));
  void load();
  print.focus();
}
