// The arrears list for outreach (issue 14, docs/reports.md): members with at least N months in arrears
// (default 3), optionally of one village of the office's district, grouped by village with their phone, the
// last month paid and what they owe; saved as the A4 call sheet (tick boxes for called / reached / promised to
// pay) or as CSV for an SMS gateway. The list's order is the api's: village, most owed first, member number.

import { describedBy, h, markInvalid, msg } from "../dom";
import { groupKip } from "../format";
import * as ipc from "../ipc";
import { failure } from "../report";
import { busy, onClickBusy, statusLine } from "./actions";
import type { FieldProblem } from "./staff";

/** The default minimum, the "3+ months of arrears". */
export const DEFAULT_MIN_MONTHS = 3;

/** The filter as typed: the minimum months (Lao digits accepted) and a village code, "" for every village. */
export interface ArrearsTyped {
  minMonths: string;
  village: string;
}

export type ArrearsFilter = { ok: true; query: ipc.ArrearsQuery } | { ok: false; problems: FieldProblem[] };

/** The api's query for the typed filter; an empty minimum is the default. */
export function arrearsQuery(typed: ArrearsTyped): ArrearsFilter {
  const text = typed.minMonths.trim().replace(/[໐-໙]/g, (d) => String(d.charCodeAt(0) - 0x0ed0));
  if (text !== "" && !/^\d{1,3}$/.test(text)) {
    return { ok: false, problems: [{ field: "min-months", id: "arrears-list-min-invalid", args: { value: typed.minMonths.trim() } }] };
  }
  const village = typed.village.trim();
  return { ok: true, query: { min_months: text === "" ? DEFAULT_MIN_MONTHS : Number(text), village: village === "" ? null : village } };
}

/** One village of the list, with its members in the list's order and what they owe together. */
export interface VillageGroup {
  code: string;
  name: string;
  lines: ipc.ArrearsLine[];
  owed: number;
}

/** The list cut where the village changes (the api sorts by village first, so each village is one run). */
export function groupByVillage(lines: readonly ipc.ArrearsLine[]): VillageGroup[] {
  const groups: VillageGroup[] = [];
  for (const line of lines) {
    const last = groups.at(-1);
    if (last && last.code === line.village_code && last.name === line.village_name_lo) {
      last.lines.push(line);
      last.owed += line.owed_kip;
    } else {
      groups.push({ code: line.village_code, name: line.village_name_lo, lines: [line], owed: line.owed_kip });
    }
  }
  return groups;
}

/** A phone as dialled in Laos: E.164 `+8562055551234` → `020 5555 1234`; other numbers as stored. */
export function phoneToDisplay(e164: string): string {
  const local = /^\+856(\d+)$/.exec(e164);
  if (!local) return e164;
  const digits = `0${local[1]}`;
  // Mobiles 020 XXXX XXXX and 030 XXX XXXX, landlines 021 XXX XXX: the area or network code, then the rest
  // in two groups as the office writes them.
  const second = { 11: 7, 10: 6, 9: 6 }[digits.length];
  return second === undefined ? digits : `${digits.slice(0, 3)} ${digits.slice(3, second)} ${digits.slice(second)}`;
}

/** "2026-08" → "08/2026"; null (nothing paid) is the message saying so. */
export function lastPaid(month: string | null): { text: string } | { id: string } {
  return month === null ? { id: "callsheet-never-paid" } : { text: `${month.slice(5, 7)}/${month.slice(0, 4)}` };
}

function field(name: string, labelId: string, control: HTMLInputElement | HTMLSelectElement): { el: HTMLElement; control: HTMLInputElement | HTMLSelectElement; slot: HTMLElement } {
  const slot = h("div", { class: "field-errors", id: `f-arrears-${name}-errors`, "aria-live": "polite" });
  describedBy(control, slot);
  return { el: h("div", { class: "field" }, msg("label", labelId, undefined, { for: control.id }), control, slot), control, slot };
}

/** The arrears screen: the office's villages (`districtCode`) in the filter, amounts in the office's format. */
export function renderArrears(root: HTMLElement, districtCode: string, separator: string): void {
  const minInput = h("input", { type: "text", id: "f-arrears-min-months", name: "min-months", inputmode: "numeric", autocomplete: "off", value: String(DEFAULT_MIN_MONTHS) });
  const villageSelect = h("select", { id: "f-arrears-village", name: "village" }, msg("option", "arrears-list-all-villages", undefined, { value: "" }));
  const minField = field("min-months", "arrears-list-min", minInput);
  const villageField = field("village", "arrears-list-village", villageSelect);
  const show = msg("button", "arrears-list-show", undefined, { type: "submit", id: "arrears-show", class: "primary" });
  const form = h("form", { class: "filters", id: "arrears-filters", novalidate: true }, h("div", { class: "filter-row" }, minField.el, villageField.el), h("div", { class: "actions" }, show));
  const status = h("div", { class: "status", id: "arrears-status", role: "status" });
  const list = h("div", { id: "arrears-list" });
  const saveSheet = msg("button", "arrears-list-save-pdf", undefined, { type: "button", id: "arrears-save-pdf", disabled: true });
  const saveCsv = msg("button", "arrears-list-save-csv", undefined, { type: "button", id: "arrears-save-csv", disabled: true });
  const saved = statusLine("arrears-saved");
  let query: ipc.ArrearsQuery | null = null;

  function showLines(lines: readonly ipc.ArrearsLine[]): void {
    const groups = groupByVillage(lines);
    const owed = lines.reduce((sum, l) => sum + l.owed_kip, 0);
    status.replaceChildren(msg("p", "arrears-list-count", { count: lines.length, kip: groupKip(owed, separator) }, { class: "hint", id: "arrears-count" }));
    if (lines.length === 0) {
      list.replaceChildren(msg("p", "callsheet-empty", undefined, { class: "hint", id: "arrears-none" }));
      return;
    }
    list.replaceChildren(
      ...groups.map((g, i) =>
        h(
          "section",
          { class: "arrears-village", id: `arrears-village-${i}`, "data-village": g.code, "aria-labelledby": `arrears-village-${i}-title` },
          msg(
            "h2",
            "arrears-list-village-heading",
            { village: g.name === "" ? "—" : g.name, code: g.code === "" ? "—" : g.code, count: g.lines.length, kip: groupKip(g.owed, separator) },
            { id: `arrears-village-${i}-title` },
          ),
          h(
            "table",
            { class: "grid-table arrears-table" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                msg("th", "callsheet-col-member", undefined, { scope: "col" }),
                msg("th", "callsheet-col-phone", undefined, { scope: "col" }),
                msg("th", "callsheet-col-months", undefined, { scope: "col" }),
                msg("th", "callsheet-col-owed", undefined, { scope: "col" }),
                msg("th", "callsheet-col-last-paid", undefined, { scope: "col" }),
              ),
            ),
            h(
              "tbody",
              {},
              ...g.lines.map((l) => {
                const last = lastPaid(l.last_paid_month);
                return h(
                  "tr",
                  { "data-member": l.member_no },
                  h("th", { scope: "row" }, h("div", { lang: "lo" }, l.name_lo), h("div", { class: "hint" }, l.name_latin), h("div", { class: "mono hint" }, l.member_no)),
                  h("td", { class: "mono" }, l.phone === "" ? "—" : phoneToDisplay(l.phone)),
                  h("td", { class: "num" }, String(l.unpaid_months)),
                  h("td", { class: "num" }, `${groupKip(l.owed_kip, separator)} ₭`),
                  "id" in last ? msg("td", last.id) : h("td", { class: "mono" }, last.text),
                );
              }),
            ),
          ),
        ),
      ),
    );
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(show, async () => {
      minField.slot.replaceChildren();
      markInvalid(minInput, false);
      saved.clear();
      const filter = arrearsQuery({ minMonths: minInput.value, village: villageSelect.value });
      if (!filter.ok) {
        for (const p of filter.problems) minField.slot.append(msg("p", p.id, p.args, { class: "field-error" }));
        markInvalid(minInput, true);
        minInput.focus();
        return;
      }
      try {
        const lines = await ipc.arrears(filter.query);
        query = filter.query;
        saveSheet.disabled = false;
        saveCsv.disabled = false;
        showLines(lines);
      } catch (error) {
        const m = failure(error);
        status.replaceChildren(msg("p", m.id, m.args, { class: "field-error" }));
      }
    });
  });

  onClickBusy(saveSheet, saved.error, async () => {
    saved.clear();
    if (!query) return;
    const path = await ipc.saveCallSheet(query);
    if (path !== null) saved.saved(path);
  });
  onClickBusy(saveCsv, saved.error, async () => {
    saved.clear();
    if (!query) return;
    const path = await ipc.saveArrearsCsv(query);
    if (path !== null) saved.saved(path);
  });

  root.replaceChildren(
    h(
      "section",
      { class: "card", id: "arrears-page" },
      msg("h1", "arrears-list-title"),
      msg("p", "arrears-list-hint", undefined, { class: "hint" }),
      form,
      h("div", { class: "actions" }, saveSheet, saveCsv),
      saved.el,
      status,
      list,
    ),
  );
  // The district's villages for the filter; the list is shown at once with every village.
  ipc.villages(districtCode).then(
    (villages) => {
      villageSelect.append(...villages.villages.map((v) => h("option", { value: v.code }, `${v.name_lo} (${v.code})`)));
    },
    (error: unknown) => {
      const m = failure(error);
      villageField.slot.replaceChildren(msg("p", m.id, m.args, { class: "field-error" }));
    },
  );
  form.requestSubmit();
  minInput.focus();
}
