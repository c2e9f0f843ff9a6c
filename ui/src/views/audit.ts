// The supervisor's audit trail: the entries filtered by person, day and kind, and a button that checks the
// hash chain (intact with its count, or the first entry that breaks it). Days are typed as official documents
// write them (dd/mm/yyyy) and sent as office dates (YYYY-MM-DD), which the api compares in Lao time.

import { describedBy, h, l10n, markInvalid, msg } from "../dom";
import { instantToDisplay, isoToDisplay } from "../format";
import { hasMessage, type Args } from "../i18n";
import * as ipc from "../ipc";
import { failure } from "../report";
import type { AuditCheck } from "../bindings/AuditCheck";
import type { AuditLine } from "../bindings/AuditLine";
import type { AuditQuery } from "../bindings/AuditQuery";
import type { FieldChange } from "../bindings/FieldChange";
import type { HistoryAction } from "../bindings/HistoryAction";
import { busy, onClickBusy } from "./actions";
import type { FieldProblem } from "./staff";

/** Every kind of entry, in the order the kind list offers them; the record makes the compiler check it is complete. */
const KIND_ORDER: Record<HistoryAction, number> = {
  registered: 1,
  amended: 2,
  "correction-requested": 3,
  "correction-approved": 4,
  "correction-rejected": 5,
  photo: 6,
  "base-changed": 7,
  paid: 8,
  voided: 9,
  "receipt-printed": 10,
  "card-issued": 11,
  "statement-printed": 12,
  "day-closed": 13,
  "day-sheet-printed": 14,
  "batch-written": 15,
  "batch-written-again": 16,
  "central-key-replaced": 17,
  "staff-added": 18,
  "staff-disabled": 19,
  "staff-unlocked": 20,
  "password-reset": 21,
  "password-changed": 22,
  "signed-in": 23,
  "sign-in-failed": 24,
  "settings-changed": 25,
  restored: 26,
  recovered: 27,
  "application-form-printed": 28,
  "backup-passphrase-set": 29,
  "backup-made": 30,
};
export const AUDIT_KINDS: readonly HistoryAction[] = (Object.keys(KIND_ORDER) as HistoryAction[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);

/** The message naming an entry's action. */
export const actionId = (action: HistoryAction): string => `audit-action-${action}`;

/** What the filter row holds, as typed. */
export interface AuditFilter {
  person: string;
  from: string;
  to: string;
  /** An action name, or "" for every kind. */
  kind: string;
}

/** A day as typed: dd/mm/yyyy (one-digit day and month allowed, Lao digits too) or YYYY-MM-DD. */
export type Day = { ok: true; iso: string } | { ok: false; code: "date-format" | "date-impossible" };

export function parseDay(typed: string): Day {
  const text = typed.trim().replace(/[໐-໙]/g, (d) => String(d.charCodeAt(0) - 0x0ed0));
  const display = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const parts = display ? [display[3], display[2], display[1]] : iso ? [iso[1], iso[2], iso[3]] : null;
  if (!parts) return { ok: false, code: "date-format" };
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return { ok: false, code: "date-impossible" };
  const pad = (n: number, width: number): string => String(n).padStart(width, "0");
  return { ok: true, iso: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

export type FilterResult = { ok: true; query: AuditQuery } | { ok: false; problems: FieldProblem[] };

/** The query the filter row asks for; an empty box lets every entry through. */
export function auditQuery(filter: AuditFilter): FilterResult {
  const problems: FieldProblem[] = [];
  const day = (field: "from" | "to"): string | null => {
    const typed = filter[field].trim();
    if (typed === "") return null;
    const parsed = parseDay(typed);
    if (parsed.ok) return parsed.iso;
    problems.push({ field, id: `error-${parsed.code}`, args: { value: typed } });
    return null;
  };
  const since = day("from");
  const until = day("to");
  if (since !== null && until !== null && since > until) {
    problems.push({ field: "to", id: "audit-range-invalid", args: { from: isoToDisplay(since), to: isoToDisplay(until) } });
  }
  const kind = AUDIT_KINDS.find((k) => k === filter.kind) ?? null;
  if (problems.length > 0) return { ok: false, problems };
  const person = filter.person.trim().toLowerCase();
  return { ok: true, query: { since, until, actor: person === "" ? null : person, action: kind } };
}

/** The label of a detail's field: the form's label, else the audit's own, else the name as stored. */
export function detailLabel(field: string, has: (id: string) => boolean = hasMessage): { id: string } | { text: string } {
  const top = field.split(/[.\s]/)[0] ?? field;
  for (const id of [`field-${field}`, `field-${top}`, `audit-detail-${field}`, `audit-detail-${top}`]) if (has(id)) return { id };
  return { text: field };
}

/** One detail as "before → after"; a detail with nothing before (a print naming what it printed) is its value alone. */
export function detailValue(change: FieldChange): string {
  if (change.before === "") return change.after || "—";
  return `${change.before} → ${change.after || "—"}`;
}

/** One row of the table, as text and message ids. */
export interface AuditRow {
  seq: string;
  time: string;
  person: string;
  action: string;
  record: string;
  detail: { label: { id: string } | { text: string }; value: string }[];
}

export function auditRow(line: AuditLine, has: (id: string) => boolean = hasMessage): AuditRow {
  return {
    seq: String(line.seq),
    time: instantToDisplay(line.at),
    person: line.actor,
    action: actionId(line.action),
    record: line.record,
    detail: line.detail.map((change) => ({ label: detailLabel(change.field, has), value: detailValue(change) })),
  };
}

/** What checking the chain says: intact with its count, or the first entry that breaks it and how. */
export function checkMessages(check: AuditCheck): { id: string; args: Args }[] {
  switch (check.status) {
    case "intact":
      return [{ id: "audit-intact", args: { count: check.entries } }];
    case "broken":
      return [
        { id: "audit-broken", args: { seq: check.seq } },
        { id: `audit-break-${check.why}`, args: {} },
      ];
  }
}

function labelled(name: string, labelId: string, control: HTMLInputElement | HTMLSelectElement, hint?: HTMLElement): { el: HTMLElement; control: HTMLInputElement | HTMLSelectElement; slot: HTMLElement } {
  const slot = h("div", { class: "field-errors", id: `f-audit-${name}-errors`, "aria-live": "polite" });
  if (hint) hint.id = `f-audit-${name}-hint`;
  describedBy(control, hint, slot);
  return { el: h("div", { class: "field" }, msg("label", labelId, undefined, { for: control.id }), control, hint ?? null, slot), control, slot };
}

/** The audit trail page. */
export function renderAudit(root: HTMLElement): void {
  const text = (name: string, placeholder?: string): HTMLInputElement => {
    const el = h("input", { type: "text", id: `f-audit-${name}`, name, autocomplete: "off", spellcheck: "false" });
    return placeholder ? l10n(el, placeholder, undefined, "placeholder") : el;
  };
  const kindSelect = h("select", { id: "f-audit-kind", name: "kind" }, msg("option", "audit-kind-all", undefined, { value: "" }), ...AUDIT_KINDS.map((kind) => msg("option", actionId(kind), undefined, { value: kind })));
  const person = labelled("person", "audit-filter-person", text("person"));
  const from = labelled("from", "audit-filter-from", text("from", "date-placeholder"));
  const to = labelled("to", "audit-filter-to", text("to", "date-placeholder"));
  const kind = labelled("kind", "audit-filter-kind", kindSelect);
  const fields: Record<string, { control: HTMLElement; slot: HTMLElement }> = { person, from, to, kind };
  const showButton = msg("button", "audit-show", undefined, { type: "submit", id: "audit-show", class: "primary" });
  const checkButton = msg("button", "audit-check", undefined, { type: "button", id: "audit-check" });
  const checkResult = h("div", { class: "status", id: "audit-check-result", role: "status" });
  const status = h("div", { class: "status", id: "audit-status", role: "status" });
  const results = h("div", { id: "audit-results" });
  const report = (into: HTMLElement) => (error: unknown): void => {
    const m = failure(error);
    into.replaceChildren(msg("p", m.id, m.args, { class: "field-error" }));
  };

  function showLines(lines: readonly AuditLine[]): void {
    status.replaceChildren(msg("p", "audit-count", { count: lines.length }, { class: "hint", id: "audit-count" }));
    if (lines.length === 0) {
      results.replaceChildren(msg("p", "audit-none", undefined, { class: "hint" }));
      return;
    }
    results.replaceChildren(
      h(
        "table",
        { class: "grid-table audit-table", id: "audit-table" },
        h(
          "thead",
          {},
          h("tr", {}, msg("th", "audit-col-seq"), msg("th", "audit-col-time"), msg("th", "audit-col-person"), msg("th", "audit-col-action"), msg("th", "audit-col-record"), msg("th", "audit-col-detail")),
        ),
        h(
          "tbody",
          {},
          ...lines.map((line) => {
            const row = auditRow(line);
            return h(
              "tr",
              { "data-seq": line.seq, "data-action": line.action, id: `audit-row-${line.seq}` },
              h("td", { class: "num" }, row.seq),
              h("td", { class: "mono" }, row.time),
              h("td", { class: "mono" }, row.person),
              h("td", {}, msg("span", row.action)),
              h("td", { class: "mono" }, row.record),
              h(
                "td",
                { class: "detail" },
                ...row.detail.map((d) =>
                  h("div", {}, "id" in d.label ? msg("span", d.label.id, undefined, { class: "change-field" }) : h("span", { class: "change-field" }, d.label.text), ": ", h("span", {}, d.value)),
                ),
              ),
            );
          }),
        ),
      ),
    );
  }

  const form = h(
    "form",
    { class: "filters", id: "audit-filters", novalidate: true },
    h("div", { class: "filter-row" }, person.el, from.el, to.el, kind.el),
    h("div", { class: "actions" }, checkButton, showButton),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(showButton, async () => {
      const result = auditQuery({ person: person.control.value, from: from.control.value, to: to.control.value, kind: kindSelect.value });
      for (const f of Object.values(fields)) {
        f.slot.replaceChildren();
        markInvalid(f.control, false);
      }
      if (!result.ok) {
        for (const p of result.problems) {
          const f = fields[p.field];
          if (!f) continue;
          f.slot.append(msg("p", p.id, p.args, { class: "field-error" }));
          markInvalid(f.control, true);
        }
        fields[result.problems[0]?.field ?? ""]?.control.focus();
        return;
      }
      try {
        showLines(await ipc.auditList(result.query));
      } catch (error) {
        report(status)(error);
      }
    });
  });
  onClickBusy(checkButton, report(checkResult), async () => {
    checkResult.replaceChildren();
    const check = await ipc.auditVerify();
    checkResult.replaceChildren(
      h(
        "p",
        { class: check.status === "intact" ? "ok" : "field-error", id: "audit-chain", "data-status": check.status },
        ...checkMessages(check).flatMap((m, i) => [i > 0 ? " " : "", msg("span", m.id, m.args)]),
      ),
    );
  });

  root.replaceChildren(
    h(
      "section",
      { class: "card", id: "audit-page" },
      msg("h1", "audit-title"),
      msg("p", "audit-hint", undefined, { class: "hint" }),
      form,
      checkResult,
      status,
      results,
    ),
  );
  form.requestSubmit();
  person.control.focus();
}
