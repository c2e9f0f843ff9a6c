// The supervisor's reports screen (issue 14, docs/reports.md): a period chosen as a week, a month or two typed
// days, then its figures: registrations and collections per week (and per month when the period spans several),
// by village, occupation, sex and age group, active and lapsed members, the money by payment method; each as a
// bar chart with its hidden table (chart.ts). The same report is saved as the district chief's PDF or as CSV.
// An admin also sets here after how many months in arrears a member counts as lapsed.

import { describedBy, h, markInvalid, msg } from "../dom";
import { groupKip, isoToDisplay } from "../format";
import { hasMessage } from "../i18n";
import * as ipc from "../ipc";
import { failure } from "../report";
import { busy, onClickBusy, statusLine } from "./actions";
import { parseDay } from "./audit";
import { chartFigure, message, type Bar, type ChartSpec, type Label } from "./chart";
import type { FieldProblem } from "./staff";

export type PeriodKind = "week" | "month" | "custom";
export const PERIOD_KINDS: readonly PeriodKind[] = ["week", "month", "custom"];

/** The period row as typed: a day in the week or month (empty: today), or the two days of a custom period. */
export interface PeriodTyped {
  kind: PeriodKind;
  day: string;
  from: string;
  to: string;
}

/** Both ends as office dates, YYYY-MM-DD, both included. */
export type Period = { ok: true; from: string; to: string } | { ok: false; problems: FieldProblem[] };

const iso = (date: Date): string => date.toISOString().slice(0, 10);
const utc = (isoDay: string): Date => new Date(`${isoDay}T00:00:00Z`);

/** The period the row asks for, `today` (YYYY-MM-DD, the office's date) standing in for an empty day. */
export function periodOf(typed: PeriodTyped, today: string): Period {
  const problems: FieldProblem[] = [];
  const day = (field: "day" | "from" | "to", empty: string | null): string | null => {
    const text = typed[field].trim();
    if (text === "") {
      if (empty === null) problems.push({ field, id: "reports-day-missing", args: {} });
      return empty;
    }
    const parsed = parseDay(text);
    if (parsed.ok) return parsed.iso;
    problems.push({ field, id: `error-${parsed.code}`, args: { value: text } });
    return null;
  };
  switch (typed.kind) {
    case "week": {
      const d = day("day", today);
      if (d === null) return { ok: false, problems };
      const date = utc(d);
      date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
      const from = iso(date);
      date.setUTCDate(date.getUTCDate() + 6);
      return { ok: true, from, to: iso(date) };
    }
    case "month": {
      const d = day("day", today);
      if (d === null) return { ok: false, problems };
      const date = utc(d);
      const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
      return { ok: true, from: `${d.slice(0, 7)}-01`, to: iso(last) };
    }
    case "custom": {
      const from = day("from", null);
      const to = day("to", null);
      if (from !== null && to !== null && to < from) {
        problems.push({ field: "to", id: "error-period-invalid", args: { from: isoToDisplay(from), to: isoToDisplay(to) } });
      }
      if (from === null || to === null || problems.length > 0) return { ok: false, problems };
      return { ok: true, from, to };
    }
  }
}

/** One calendar month's part of a period. */
export interface MonthPart {
  /** YYYY-MM */
  month: string;
  from: string;
  to: string;
}

/** The calendar months of `from`–`to`, each cut to the period; one part for a period within one month. */
export function monthsOf(from: string, to: string): MonthPart[] {
  const parts: MonthPart[] = [];
  let start = from;
  while (start <= to) {
    const date = utc(start);
    const last = iso(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)));
    const end = last < to ? last : to;
    parts.push({ month: start.slice(0, 7), from: start, to: end });
    const next = utc(last);
    next.setUTCDate(next.getUTCDate() + 1);
    start = iso(next);
  }
  return parts;
}

/** A month's figures, for the per-month charts. */
export interface MonthFigures {
  month: string;
  registrations: number;
  kip: number;
}

/** "2026-11-02" → "02/11"; a week is named by its Monday. */
const dayMonth = (isoDay: string): string => `${isoDay.slice(8, 10)}/${isoDay.slice(5, 7)}`;
/** "2026-11" → "11/2026". */
const monthYear = (month: string): string => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** A code's message when the locales have one (`method-cash`), else the code as is (a method no longer offered). */
function codeLabel(prefix: string, code: string, has: (id: string) => boolean): Label {
  return has(`${prefix}${code}`) ? message(`${prefix}${code}`) : { text: code };
}

/** The charts of `report` (and of its months, when the period spans more than one), numbers in the office's
 * format (`separator`); `lapsedAfter` is the office's setting, which the active/lapsed labels say. */
export function reportCharts(
  report: ipc.ReportView,
  months: readonly MonthFigures[],
  separator: string,
  lapsedAfter: number,
  has: (id: string) => boolean = hasMessage,
): ChartSpec[] {
  const n = (v: number): string => groupKip(v, separator);
  const count = (label: Label, value: number): Bar => ({ label, value, shown: n(value) });
  const registrations = message("report-col-registrations");
  const kip = message("report-col-kip");
  const charts: ChartSpec[] = [
    {
      id: "chart-weeks-registrations",
      title: message("report-chart-registrations"),
      layout: "columns",
      labelHeading: message("report-col-week"),
      valueHeading: registrations,
      bars: report.weeks.map((w) => count({ text: dayMonth(w.week_start) }, w.registrations)),
    },
    {
      id: "chart-weeks-kip",
      title: message("report-chart-kip"),
      layout: "columns",
      labelHeading: message("report-col-week"),
      valueHeading: kip,
      bars: report.weeks.map((w) => count({ text: dayMonth(w.week_start) }, w.kip)),
    },
  ];
  if (months.length > 1) {
    charts.push(
      {
        id: "chart-months-registrations",
        title: message("reports-chart-months-registrations"),
        layout: "columns",
        labelHeading: message("reports-col-month"),
        valueHeading: registrations,
        bars: months.map((m) => count({ text: monthYear(m.month) }, m.registrations)),
      },
      {
        id: "chart-months-kip",
        title: message("reports-chart-months-kip"),
        layout: "columns",
        labelHeading: message("reports-col-month"),
        valueHeading: kip,
        bars: months.map((m) => count({ text: monthYear(m.month) }, m.kip)),
      },
    );
  }
  const entries = (record: { [key in string]?: number }): [string, number][] => Object.entries(record).map(([k, v]) => [k, v ?? 0]);
  charts.push(
    {
      id: "chart-method",
      title: message("report-chart-method"),
      layout: "rows",
      labelHeading: message("reports-col-method"),
      valueHeading: kip,
      bars: entries(report.kip_by_method).map(([code, v]) => count(codeLabel("method-", code, has), v)),
    },
    {
      id: "chart-members",
      title: message("reports-chart-members"),
      layout: "rows",
      labelHeading: message("reports-col-members"),
      valueHeading: message("reports-col-count"),
      bars: [count(message("reports-active"), report.active), count(message("reports-lapsed", { months: lapsedAfter }), report.lapsed)],
    },
    {
      id: "chart-sex",
      title: message("report-chart-sex"),
      layout: "rows",
      labelHeading: message("reports-col-sex"),
      valueHeading: registrations,
      bars: entries(report.by_sex).map(([code, v]) => count(codeLabel("sex-", code, has), v)),
    },
    {
      id: "chart-age",
      title: message("report-chart-age"),
      layout: "rows",
      labelHeading: message("reports-col-age"),
      valueHeading: registrations,
      bars: entries(report.by_age_group).map(([group, v]) => count({ text: group }, v)),
    },
    {
      id: "chart-occupation",
      title: message("report-chart-occupation"),
      layout: "rows",
      labelHeading: message("reports-col-occupation"),
      valueHeading: registrations,
      bars: entries(report.by_occupation).map(([code, v]) => count(codeLabel("occupation-", code, has), v)),
    },
  );
  if (report.by_village.length > 0) {
    charts.push({
      id: "chart-villages",
      title: message("reports-chart-villages"),
      layout: "rows",
      labelHeading: message("report-col-village"),
      valueHeading: kip,
      bars: report.by_village.map((v) => count(villageLabel(v.village_code, v.village_name_lo), v.kip)),
    });
  }
  return charts;
}

/** A village by its name; a typed name says so, and a member without any village name is named as such. */
export function villageLabel(code: string, name: string): Label {
  if (name === "") return message("report-village-none");
  return code === "" ? message("report-village-typed", { name }) : { text: name };
}

/** The headline figures: (id of the box, message, value as shown). */
export function headline(report: ipc.ReportView, separator: string, lapsedAfter: number): [string, Label, string][] {
  const n = (v: number): string => groupKip(v, separator);
  return [
    ["registrations", message("report-registrations"), n(report.registrations)],
    ["payments", message("report-payments"), n(report.payments)],
    ["kip", message("report-kip"), `${n(report.kip)} ₭`],
    ["active", message("reports-active"), n(report.active)],
    ["lapsed", message("reports-lapsed", { months: lapsedAfter }), n(report.lapsed)],
  ];
}

function field(name: string, labelId: string, control: HTMLInputElement | HTMLSelectElement): { el: HTMLElement; control: HTMLInputElement | HTMLSelectElement; slot: HTMLElement } {
  const slot = h("div", { class: "field-errors", id: `f-reports-${name}-errors`, "aria-live": "polite" });
  describedBy(control, slot);
  return { el: h("div", { class: "field" }, msg("label", labelId, undefined, { for: control.id }), control, slot), control, slot };
}

function dayInput(name: string): HTMLInputElement {
  const el = h("input", { type: "text", id: `f-reports-${name}`, name, autocomplete: "off", spellcheck: "false", inputmode: "numeric" });
  el.dataset.l10nId = "date-placeholder";
  el.dataset.l10nAttr = "placeholder";
  return el;
}

/** The reports screen; `actions` decides whether the lapsed setting may be changed here (the api checks again). */
export function renderReports(root: HTMLElement, separator: string, actions: readonly ipc.Action[]): void {
  const kind = h("select", { id: "f-reports-kind", name: "kind" }, ...PERIOD_KINDS.map((k) => msg("option", `reports-period-${k}`, undefined, { value: k })));
  kind.value = "month";
  const kindField = field("kind", "reports-period", kind);
  const dayField = field("day", "reports-day", dayInput("day"));
  const fromField = field("from", "reports-from", dayInput("from"));
  const toField = field("to", "reports-to", dayInput("to"));
  const fields: Record<string, { control: HTMLElement; slot: HTMLElement }> = { kind: kindField, day: dayField, from: fromField, to: toField };
  const show = msg("button", "reports-show", undefined, { type: "submit", id: "reports-show", class: "primary" });
  const form = h(
    "form",
    { class: "filters", id: "reports-filters", novalidate: true },
    h("div", { class: "filter-row" }, kindField.el, dayField.el, fromField.el, toField.el),
    h("div", { class: "actions" }, show),
  );
  const showKind = (): void => {
    const custom = kind.value === "custom";
    dayField.el.hidden = custom;
    fromField.el.hidden = !custom;
    toField.el.hidden = !custom;
  };
  kind.addEventListener("change", showKind);
  showKind();

  const status = h("div", { class: "status", id: "reports-status", role: "status" });
  const period = h("p", { id: "reports-period-shown", class: "hint" });
  const figures = h("div", { id: "reports-figures" });
  const savePdf = msg("button", "reports-save-pdf", undefined, { type: "button", id: "reports-save-pdf", disabled: true });
  const saveCsv = msg("button", "reports-save-csv", undefined, { type: "button", id: "reports-save-csv", disabled: true });
  const saved = statusLine("reports-saved");
  let shown: { from: string; to: string } | null = null;
  let lapsedAfter = 3;

  // The admin's setting: after how many months in arrears a member counts as lapsed.
  const lapsedInput = h("input", { type: "text", id: "f-reports-lapsed", name: "lapsed_after_months", inputmode: "numeric", autocomplete: "off" });
  const lapsedField = field("lapsed", "reports-lapsed-setting", lapsedInput);
  const lapsedSave = msg("button", "reports-lapsed-save", undefined, { type: "submit", id: "reports-lapsed-save" });
  const lapsedStatus = h("div", { class: "status", id: "reports-lapsed-status", role: "status" });
  const lapsedForm = h(
    "form",
    { class: "section", id: "reports-lapsed-form", novalidate: true, hidden: !actions.includes("office-settings") },
    msg("p", "reports-lapsed-hint", undefined, { class: "hint" }),
    h("div", { class: "filter-row" }, lapsedField.el),
    h("div", { class: "actions" }, lapsedSave),
    lapsedStatus,
  );

  function clearProblems(): void {
    for (const f of Object.values(fields)) {
      f.slot.replaceChildren();
      markInvalid(f.control, false);
    }
  }

  function showProblems(problems: readonly FieldProblem[]): void {
    for (const p of problems) {
      const f = fields[p.field];
      if (!f) continue;
      f.slot.append(msg("p", p.id, p.args, { class: "field-error" }));
      markInvalid(f.control, true);
    }
    fields[problems[0]?.field ?? ""]?.control.focus();
  }

  function showReport(report: ipc.ReportView, months: readonly MonthFigures[], from: string, to: string): void {
    shown = { from, to };
    savePdf.disabled = false;
    saveCsv.disabled = false;
    period.replaceChildren(msg("span", "reports-period-shown", { from: isoToDisplay(from), to: isoToDisplay(to) }));
    const boxes = h(
      "dl",
      { class: "headline", id: "reports-headline" },
      ...headline(report, separator, lapsedAfter).map(([id, label, value]) =>
        h("div", { class: "figure", id: `reports-${id}` }, "text" in label ? h("dt", {}, label.text) : msg("dt", label.id, label.args), h("dd", { class: "num" }, value)),
      ),
    );
    const villages =
      report.by_village.length === 0
        ? msg("p", "reports-no-villages", undefined, { class: "hint" })
        : h(
            "table",
            { class: "grid-table", id: "reports-villages" },
            msg("caption", "report-table-villages"),
            h("thead", {}, h("tr", {}, msg("th", "report-col-village", undefined, { scope: "col" }), msg("th", "report-col-registrations", undefined, { scope: "col" }), msg("th", "report-col-payments", undefined, { scope: "col" }), msg("th", "report-col-kip", undefined, { scope: "col" }))),
            h(
              "tbody",
              {},
              ...report.by_village.map((v) => {
                const label = villageLabel(v.village_code, v.village_name_lo);
                return h(
                  "tr",
                  { "data-village": v.village_code },
                  "text" in label ? h("th", { scope: "row" }, label.text, v.village_code ? h("span", { class: "mono hint" }, ` ${v.village_code}`) : null) : msg("th", label.id, label.args, { scope: "row" }),
                  h("td", { class: "num" }, groupKip(v.registrations, separator)),
                  h("td", { class: "num" }, groupKip(v.payments, separator)),
                  h("td", { class: "num" }, groupKip(v.kip, separator)),
                );
              }),
            ),
          );
    figures.replaceChildren(boxes, h("div", { class: "charts", id: "reports-charts" }, ...reportCharts(report, months, separator, lapsedAfter).map(chartFigure)), villages);
  }

  async function load(from: string, to: string): Promise<void> {
    const parts = monthsOf(from, to);
    const report = await ipc.report(from, to);
    // A period over several months gets one report per calendar month for the per-month charts.
    const months: MonthFigures[] = [];
    if (parts.length > 1) {
      for (const part of parts) {
        const r = await ipc.report(part.from, part.to);
        months.push({ month: part.month, registrations: r.registrations, kip: r.kip });
      }
    }
    showReport(report, months, from, to);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(show, async () => {
      clearProblems();
      status.replaceChildren();
      saved.clear();
      const typed: PeriodTyped = { kind: PERIOD_KINDS.find((k) => k === kind.value) ?? "month", day: dayField.control.value, from: fromField.control.value, to: toField.control.value };
      const p = periodOf(typed, await ipc.today());
      if (!p.ok) return showProblems(p.problems);
      try {
        await load(p.from, p.to);
      } catch (error) {
        const m = failure(error);
        status.replaceChildren(msg("p", m.id, m.args, { class: "field-error" }));
      }
    });
  });

  onClickBusy(savePdf, saved.error, async () => {
    saved.clear();
    if (!shown) return;
    const path = await ipc.saveReportPdf(shown.from, shown.to);
    if (path !== null) saved.saved(path);
  });
  onClickBusy(saveCsv, saved.error, async () => {
    saved.clear();
    if (!shown) return;
    const path = await ipc.saveReportCsv(shown.from, shown.to);
    if (path !== null) saved.saved(path);
  });

  lapsedForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(lapsedSave, async () => {
      lapsedField.slot.replaceChildren();
      markInvalid(lapsedInput, false);
      lapsedStatus.replaceChildren();
      const months = wholeNumber(lapsedInput.value);
      if (months === null) {
        lapsedField.slot.replaceChildren(msg("p", "reports-lapsed-number", undefined, { class: "field-error" }));
        markInvalid(lapsedInput, true);
        lapsedInput.focus();
        return;
      }
      try {
        const settings = await ipc.setOfficeSettings({ idle_lock_minutes: null, payment_backdate_days: null, registration_backdate_days: null, lapsed_after_months: months });
        lapsedAfter = settings.lapsed_after_months;
        lapsedInput.value = String(lapsedAfter);
        lapsedStatus.replaceChildren(msg("p", "reports-lapsed-saved", { months: lapsedAfter }, { class: "ok", id: "reports-lapsed-saved" }));
        if (shown) await load(shown.from, shown.to);
      } catch (error) {
        const problems = error instanceof ipc.IpcError ? error.error.problems : [];
        const m = failure(error);
        const target = problems.length > 0 ? lapsedField.slot : lapsedStatus;
        target.replaceChildren(msg("p", m.id, m.args, { class: "field-error" }));
        if (problems.length > 0) markInvalid(lapsedInput, true);
      }
    });
  });

  root.replaceChildren(
    h(
      "section",
      { class: "card", id: "reports-page" },
      msg("h1", "reports-title"),
      msg("p", "reports-hint", undefined, { class: "hint" }),
      form,
      status,
      period,
      h("div", { class: "actions" }, savePdf, saveCsv),
      saved.el,
      figures,
      lapsedForm,
    ),
  );
  ipc.officeSettings().then((settings) => {
    lapsedAfter = settings.lapsed_after_months;
    lapsedInput.value = String(lapsedAfter);
    form.requestSubmit();
  }, (error: unknown) => {
    const m = failure(error);
    status.replaceChildren(msg("p", m.id, m.args, { class: "field-error" }));
  });
  kind.focus();
}

/** A whole number as typed (Lao digits accepted), or null. */
export function wholeNumber(typed: string): number | null {
  const text = typed.trim().replace(/[໐-໙]/g, (d) => String(d.charCodeAt(0) - 0x0ed0));
  return /^\d{1,4}$/.test(text) ? Number(text) : null;
}
