// Corrections need a second person: the supervisor's queue of identity changes a clerk asked for, each with
// its fields before → after, approved or rejected with a reason; and the correction block the member page
// shows. The api applies the rule (`decide-correction`, never one's own request, a stale correction refused).

import { h, msg } from "../dom";
import { instantToDisplay, isoToDisplay } from "../format";
import { hasMessage } from "../i18n";
import * as ipc from "../ipc";
import { failure } from "../report";
import type { CorrectionView } from "../bindings/CorrectionView";
import type { FieldChange } from "../bindings/FieldChange";
import { onClickBusy } from "./actions";
import { textDialog } from "./dialogs";

/** A text or a message id: what one side of a change shows. */
export type Shown = { id: string } | { text: string };

/** Fields whose values are choices shown by their label (`sex-male`), keyed by the field. */
const CHOICE_PREFIX: Record<string, string> = { sex: "sex", title: "title" };
/** Fields holding a day, shown dd/mm/yyyy. */
const DATE_FIELDS = new Set(["date_of_birth"]);

/** The documents as the api sends them (a JSON list of `{kind, number}`), each as its kind's label and number. */
function documentsShown(value: string, has: (id: string) => boolean): Shown[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const out: Shown[] = [];
  for (const doc of parsed as unknown[]) {
    const { kind, number } = (doc ?? {}) as { kind?: unknown; number?: unknown };
    if (typeof kind !== "string" || typeof number !== "string") return null;
    if (out.length > 0) out.push({ text: "; " });
    out.push(has(`document-${kind}`) ? { id: `document-${kind}` } : { text: kind }, { text: `: ${number}` });
  }
  return out.length > 0 ? out : [{ text: "—" }];
}

/**
 * A field's value as the screen shows it, in pieces: a choice by its label, a day as documents write it, the
 * documents by kind and number, "—" for nothing; anything else as the api wrote it.
 */
export function valueShown(field: string, value: string, has: (id: string) => boolean = hasMessage): Shown[] {
  if (value === "") return [{ text: "—" }];
  const prefix = CHOICE_PREFIX[field];
  if (prefix && has(`${prefix}-${value}`)) return [{ id: `${prefix}-${value}` }];
  if (DATE_FIELDS.has(field)) return [{ text: isoToDisplay(value) }];
  if (field === "documents") return documentsShown(value, has) ?? [{ text: value }];
  return [{ text: value }];
}

/** The label of a field: the form's (`field-given_name_lo`), else its name as stored. */
export function fieldShown(field: string, has: (id: string) => boolean = hasMessage): Shown {
  const id = `field-${field}`;
  return has(id) ? { id } : { text: field };
}

/** One change as label, before, after. */
export interface ChangeLine {
  field: Shown;
  before: Shown[];
  after: Shown[];
}

export function changeLines(changes: readonly FieldChange[], has: (id: string) => boolean = hasMessage): ChangeLine[] {
  return changes.map((c) => ({ field: fieldShown(c.field, has), before: valueShown(c.field, c.before, has), after: valueShown(c.field, c.after, has) }));
}

/** The message of a correction's state. */
export const statusId = (c: CorrectionView): string => `corrections-status-${c.status}`;

function shown(tag: "span" | "del" | "ins", s: Shown | Shown[], attrs: Record<string, string> = {}): HTMLElement {
  if (Array.isArray(s)) return h(tag, attrs, ...s.map((piece) => shown("span", piece)));
  return "id" in s ? msg(tag, s.id, undefined, attrs) : h(tag, attrs, s.text);
}

/** What a correction asks for and where it stands: who asked and when, each field before → after, the note, the decision. */
export function correctionDetails(c: CorrectionView): HTMLElement[] {
  const out: HTMLElement[] = [
    msg("p", "corrections-requested", { staff: c.requested_by, time: instantToDisplay(c.requested_at) }, { class: "hint" }),
    h(
      "ul",
      { class: "changes", id: `correction-${c.id}-changes` },
      ...changeLines(c.changes).map((line, i) =>
        h(
          "li",
          { "data-field": c.changes[i]?.field ?? "" },
          shown("span", line.field, { class: "change-field" }),
          ": ",
          shown("del", line.before),
          " → ",
          shown("ins", line.after),
        ),
      ),
    ),
  ];
  if (c.note !== "") out.push(msg("p", "corrections-note", { note: c.note }, { class: "note" }));
  if (c.status !== "pending") {
    out.push(msg("p", "member-correction-decided", { staff: c.decided_by, time: instantToDisplay(c.decided_at) }, { class: "hint" }));
    if (c.reason !== "") out.push(msg("p", "member-correction-reason", { reason: c.reason }, { class: "reason" }));
  }
  return out;
}

/** The queue page: every pending correction, approve or reject each. */
export function renderCorrections(root: HTMLElement, onOpenMember: (memberNo: string) => void): void {
  const list = h("div", { id: "corrections-queue" });
  const status = h("div", { class: "status", id: "corrections-status", role: "status" });
  const report = (error: unknown): void => {
    const m = failure(error);
    status.replaceChildren(msg("p", m.id, m.args, { class: "field-error", id: "corrections-error" }));
  };

  function item(c: CorrectionView): HTMLElement {
    const approve = msg("button", "corrections-approve", undefined, { type: "button", class: "primary", id: `correction-approve-${c.id}`, "data-correction": c.id });
    const reject = msg("button", "corrections-reject", undefined, { type: "button", id: `correction-reject-${c.id}`, "data-correction": c.id });
    const open = msg("button", "corrections-open-member", undefined, { type: "button", class: "link", id: `correction-open-${c.id}` });
    open.addEventListener("click", () => onOpenMember(c.member_no));
    onClickBusy(approve, report, async () => {
      status.replaceChildren();
      const decided = await ipc.approveCorrection(c.id);
      await load();
      status.replaceChildren(msg("p", "corrections-approved", { id: decided.id, member_no: decided.member_no }, { class: "ok", id: "corrections-done" }));
    });
    onClickBusy(reject, report, async () => {
      status.replaceChildren();
      const reason = await textDialog("corrections-reject-title", "corrections-reason", "corrections-reject", "correction-reject");
      if (reason === null) return;
      const decided = await ipc.rejectCorrection(c.id, reason);
      await load();
      status.replaceChildren(msg("p", "corrections-rejected", { id: decided.id }, { class: "ok", id: "corrections-done" }));
    });
    return h(
      "li",
      { class: "correction", id: `correction-${c.id}`, "data-correction": c.id, "data-member": c.member_no, tabindex: -1 },
      h(
        "h2",
        {},
        msg("span", "corrections-item", { id: c.id }),
        " · ",
        h("span", { lang: "lo" }, c.member_name_lo),
        c.member_name_latin ? h("span", { class: "latin" }, ` (${c.member_name_latin})`) : null,
        " · ",
        h("span", { class: "mono" }, c.member_no),
        " ",
        open,
      ),
      ...correctionDetails(c),
      h("div", { class: "actions" }, reject, approve),
    );
  }

  async function load(): Promise<void> {
    const pending = await ipc.pendingCorrections();
    list.replaceChildren(
      pending.length === 0
        ? msg("p", "corrections-none", undefined, { class: "hint", id: "corrections-none" })
        : h("ol", { class: "plain corrections" }, ...pending.map(item)),
    );
  }

  root.replaceChildren(
    h(
      "section",
      { class: "card", id: "corrections-page" },
      msg("h1", "corrections-title"),
      msg("p", "corrections-hint", undefined, { class: "hint" }),
      status,
      list,
    ),
  );
  load()
    .then(() => list.querySelector<HTMLElement>("li.correction")?.focus())
    .catch(report);
}

/** The member page's block: the member's corrections, newest first, a waiting one announced above them. */
export function memberCorrectionsSection(memberNo: string): HTMLElement {
  const body = h("div", {});
  const section = h("section", { class: "card", id: "member-corrections", hidden: true }, msg("h2", "member-corrections"), body);
  ipc
    .memberCorrections(memberNo)
    .then((all) => {
      if (all.length === 0) return;
      const newestFirst = [...all].sort((a, b) => b.id - a.id);
      const waiting = newestFirst.some((c) => c.status === "pending");
      body.replaceChildren(
        ...(waiting ? [h("div", { class: "banner pending", id: "member-correction-waiting", role: "status" }, msg("p", "member-correction-waiting"))] : []),
        h(
          "ol",
          { class: "plain corrections" },
          ...newestFirst.map((c) =>
            h(
              "li",
              { class: `correction ${c.status}`, id: `member-correction-${c.id}`, "data-correction": c.id, "data-status": c.status },
              h("h3", {}, msg("span", "corrections-item", { id: c.id }), " · ", msg("span", statusId(c), undefined, { class: "correction-status" })),
              ...correctionDetails(c),
            ),
          ),
        ),
      );
      section.hidden = false;
    })
    .catch((error: unknown) => {
      const m = failure(error);
      body.replaceChildren(msg("p", m.id, m.args, { class: "field-error" }));
      section.hidden = false;
    });
  return section;
}
