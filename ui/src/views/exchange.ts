// The weekly batch, office side: what has changed since the last acknowledged batch, exporting the next batch
// into a folder, importing the central office's acknowledgement (and the records it rejected), and writing
// any earlier batch again. Warnings (export overdue, unacknowledged kip piling up) never block anything.

import { h, msg } from "../dom";
import { groupKip, instantToDisplay, isoToDisplay } from "../format";
import { hasMessage } from "../i18n";
import * as ipc from "../ipc";
import { failure, guard } from "../report";
import type { AckSummary } from "../bindings/AckSummary";
import type { ExchangeStatus } from "../bindings/ExchangeStatus";
import type { ReferenceImported } from "../bindings/ReferenceImported";
import type { PendingKinds } from "../bindings/PendingKinds";
import type { RejectedChange } from "../bindings/RejectedChange";
import { busy, onClickBusy } from "./actions";
import { kipAmount } from "./amount";

/** The kinds in the order the page lists them. */
const KINDS: (keyof PendingKinds)[] = [
  "member_registered",
  "member_amended",
  "photo_changed",
  "payment_recorded",
  "receipt_voided",
  "card_issued",
  "day_closed",
  "base_changed",
];

const kindId = (kind: string): string => `weekly-kind-${kind.replaceAll("_", "-")}`;
const when = (instant: string | null, id: string): HTMLElement =>
  instant ? h("span", { class: "when" }, instantToDisplay(instant)) : msg("span", "weekly-never", undefined, { class: "hint", "data-never": id });

function refusal(error: unknown, el: HTMLElement): void {
  const m = failure(error);
  el.replaceChildren(msg("p", m.id, m.args, { class: "field-error", id: "weekly-error" }));
}

function rejectedList(rejected: readonly RejectedChange[]): HTMLElement {
  if (rejected.length === 0) return msg("p", "weekly-rejected-none", undefined, { class: "hint", id: "weekly-rejected" });
  return h(
    "ul",
    { class: "plain", id: "weekly-rejected" },
    ...rejected.map((r) => {
      const reasonId = `exchange-reason-${r.reason}`;
      return h(
        "li",
        { "data-seq": r.seq, class: "rejected" },
        msg("strong", "weekly-rejected-change", { seq: r.seq }),
        " · ",
        msg("span", kindId(r.kind)),
        " · ",
        h("span", { class: "mono" }, r.key),
        " · ",
        hasMessage(reasonId) ? msg("span", reasonId, undefined, { class: "field-error" }) : h("span", { class: "field-error" }, r.reason),
      );
    }),
  );
}

/** The weekly batch page; `separator` groups kip as the office's setting says. */
export function renderExchange(root: HTMLElement, separator: string): void {
  const kip = (amount: number): HTMLElement => kipAmount(amount, separator);
  const report = (error: unknown): void => refusal(error, status);
  const warnings = h("div", { id: "weekly-warnings" });
  const figures = h("div", { class: "arrears", id: "weekly-figures" });
  const key = h("p", { id: "weekly-key" });
  const kinds = h("div", {});
  const batches = h("div", {});
  const rejected = h("div", {}, rejectedList([]));
  const exportButton = msg("button", "weekly-export", undefined, { type: "button", id: "weekly-export", class: "primary" });
  const ackButton = msg("button", "weekly-import-ack", undefined, { type: "button", id: "weekly-import-ack" });
  const referenceButton = msg("button", "weekly-import-reference", undefined, { type: "button", id: "weekly-import-reference" });
  const progress = h("progress", { id: "weekly-progress", hidden: true });
  const progressLabel = h("span", { id: "weekly-progress-label" });
  const progressRow = h("div", { class: "actions progress-row", id: "weekly-progress-row", hidden: true }, progress, progressLabel);
  const status = h("div", { class: "status", id: "weekly-status", role: "status" });
  let rejectedNow: readonly RejectedChange[] = [];

  function show(s: ExchangeStatus): void {
    warnings.replaceChildren(
      ...(s.export_overdue ? [h("div", { class: "banner error", role: "alert", id: "weekly-warn-overdue" }, msg("p", "weekly-warn-overdue", { days: s.overdue_days }))] : []),
      ...(s.kip_piling_up ? [h("div", { class: "banner error", role: "alert", id: "weekly-warn-kip" }, msg("p", "weekly-warn-kip", { limit: groupKip(s.kip_warning, separator) }))] : []),
    );
    figures.replaceChildren(
      h("div", { class: "figure" }, msg("span", "weekly-pending-changes"), h("strong", { id: "weekly-pending-changes" }, String(s.pending.changes))),
      h("div", { class: "figure" }, msg("span", "weekly-pending-kip"), h("strong", { id: "weekly-pending-kip" }, kip(s.pending.kip))),
      h("div", { class: "figure" }, msg("span", "weekly-last-batch"), h("strong", { id: "weekly-last-batch" }, s.last_batch > 0 ? String(s.last_batch) : msg("span", "weekly-no-batch"))),
      h("div", { class: "figure" }, msg("span", "weekly-last-export"), h("strong", { id: "weekly-last-export" }, when(s.last_exported_at, "export"))),
      h("div", { class: "figure" }, msg("span", "weekly-last-ack"), h("strong", { id: "weekly-last-ack" }, when(s.last_acked_at, "ack"))),
    );
    key.replaceChildren(msg("span", s.central_key_installed ? "weekly-key-installed" : "weekly-key-missing"));
    key.className = s.central_key_installed ? "ok" : "hint";
    key.dataset.installed = String(s.central_key_installed);
    kinds.replaceChildren(
      msg("h2", "weekly-kinds"),
      h(
        "table",
        { class: "grid-table", id: "weekly-kinds" },
        h("tbody", {}, ...KINDS.map((kind) => h("tr", { "data-kind": kind }, h("td", {}, msg("span", kindId(kind))), h("td", { class: "num" }, String(s.pending_kinds[kind]))))),
      ),
    );
    batches.replaceChildren(
      msg("h2", "weekly-batches"),
      s.batches.length === 0
        ? msg("p", "weekly-no-batch", undefined, { class: "hint", id: "weekly-batches" })
        : h(
            "table",
            { class: "grid-table", id: "weekly-batches" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                msg("th", "weekly-batch-number"),
                msg("th", "weekly-batch-file"),
                msg("th", "weekly-batch-changes"),
                msg("th", "weekly-batch-written"),
                msg("th", "weekly-batch-encrypted"),
                h("th", {}),
              ),
            ),
            h(
              "tbody",
              {},
              ...s.batches.map((b) => {
                const again = msg("button", "weekly-write-again", { batch: b.batch }, { type: "button", class: "write-again", "data-batch": b.batch });
                again.addEventListener("click", guard(() => writeAgain(again, b.batch), report));
                return h(
                  "tr",
                  { "data-batch": b.batch },
                  h("td", { class: "num" }, String(b.batch)),
                  h("td", { class: "mono" }, b.file_name),
                  h("td", {}, msg("span", "weekly-batch-range", { first: b.first_seq, last: b.last_seq })),
                  h("td", {}, when(b.exported_at, "batch")),
                  h("td", {}, msg("span", b.encrypted ? "weekly-yes" : "weekly-no")),
                  h("td", {}, again),
                );
              }),
            ),
          ),
    );
    rejectedNow = s.rejected;
    rejected.replaceChildren(msg("h2", "weekly-rejected-title"), rejectedList(rejectedNow));
  }

  async function load(): Promise<void> {
    try {
      show(await ipc.exchangeStatus());
    } catch (e) {
      refusal(e, status);
    }
  }

  /** Shows the progress bar: indeterminate until the first byte count arrives. */
  function startProgress(labelId: string): (p: ipc.WriteProgress) => void {
    progress.removeAttribute("value");
    progress.removeAttribute("max");
    progress.hidden = false;
    progressRow.hidden = false;
    progressLabel.replaceChildren(msg("span", labelId));
    return (p) => {
      progress.max = Math.max(p.total, 1);
      progress.value = p.done;
    };
  }
  function stopProgress(): void {
    progress.hidden = true;
    progressRow.hidden = true;
  }

  async function runWrite(button: HTMLButtonElement, work: (onProgress: (p: ipc.WriteProgress) => void) => Promise<ipc.BatchSaved | null>, again: boolean): Promise<void> {
    await busy(button, async () => {
      status.replaceChildren();
      const onProgress = startProgress("weekly-writing");
      try {
        const saved = await work(onProgress);
        if (saved === null) return;
        const f = saved.file;
        const changes = f.last_seq + 1 - f.first_seq;
        // A full batch repeated while changes wait is not "nothing changed": say what waits instead.
        const id = again ? "weekly-written-again" : f.held_back > 0 ? "weekly-exported-full" : f.repeated ? "weekly-exported-same" : "weekly-exported";
        status.replaceChildren(
          msg("p", id, { batch: f.batch, changes, path: saved.path, held: f.held_back }, { class: "ok", id: "weekly-saved", "data-file": f.file_name, "data-batch": f.batch }),
        );
      } catch (e) {
        refusal(e, status);
      } finally {
        stopProgress();
        await load();
      }
    });
  }

  async function writeAgain(button: HTMLButtonElement, batch: number): Promise<void> {
    await runWrite(button, (onProgress) => ipc.writeBatchAgain(batch, onProgress), true);
  }

  function showAck(summary: AckSummary): void {
    status.replaceChildren(
      msg(
        "p",
        summary.changed ? "weekly-ack-applied" : "weekly-ack-already",
        { batch: summary.batch, accepted: summary.accepted, duplicate: summary.duplicate, rejected: summary.rejected.length },
        { class: "ok", id: "weekly-ack-result" },
      ),
    );
  }

  function showReference(imported: ReferenceImported): void {
    status.replaceChildren(
      msg(
        "p",
        imported.outcome === "applied" ? "weekly-reference-applied" : "weekly-reference-already",
        { issue: imported.issue, date: isoToDisplay(imported.issued_on), rows: imported.schedule_rows, hospitals: imported.hospitals },
        { class: "ok", id: "weekly-reference-result" },
      ),
    );
  }

  exportButton.addEventListener("click", guard(() => runWrite(exportButton, (onProgress) => ipc.exportBatch(onProgress), false), report));
  onClickBusy(ackButton, report, async () => {
    status.replaceChildren();
    startProgress("weekly-importing");
    try {
      const summary = await ipc.importAck();
      if (summary !== null) showAck(summary);
    } catch (e) {
      report(e);
    } finally {
      stopProgress();
      await load();
    }
  });

  onClickBusy(referenceButton, report, async () => {
    status.replaceChildren();
    startProgress("weekly-reference-importing");
    try {
      const imported = await ipc.importReference();
      if (imported !== null) showReference(imported);
    } catch (e) {
      report(e);
    } finally {
      stopProgress();
      await load();
    }
  });

  root.replaceChildren(
    h(
      "section",
      { class: "card", id: "weekly-page" },
      msg("h1", "weekly-title"),
      msg("p", "weekly-hint", undefined, { class: "hint" }),
      warnings,
      figures,
      key,
      h("div", { class: "actions" }, exportButton, ackButton, referenceButton),
      progressRow,
      status,
      kinds,
      rejected,
      batches,
    ),
  );
  void load();
  exportButton.focus();
}
