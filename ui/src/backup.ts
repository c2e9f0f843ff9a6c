// Backups in the window: the header's warning (everyone signed in sees it), the backup screen ("back up now"
// for supervisors and admins; the passphrase, set once, and the backup folder for admins), and what the day
// close says of its automatic backup. Every rule is the api's (crates/api/src/backup_folder.rs); the checks here
// only spare a round trip.

import { describedBy, h, markInvalid, msg } from "./dom";
import { errorMessage } from "./errors";
import { instantToDisplay } from "./format";
import type { Args } from "./i18n";
import * as ipc from "./ipc";
import { failure } from "./report";
import { busy, onClickBusy } from "./views/actions";

/** The api's `MIN_PASSPHRASE_CHARS` (crates/api/src/backup.rs); the api refuses a shorter one anyway. */
export const MIN_PASSPHRASE_CHARS = 10;

/** One message. */
export interface Line {
  id: string;
  args: Args;
}

/** The header's warning for `status`, or null when the last good backup is recent enough. */
export function warningOf(status: ipc.BackupStatus): Line | null {
  if (!status.overdue) return null;
  return { id: status.last_good ? "backup-warning-old" : "backup-warning-never", args: {} };
}

/** Whether a session with `actions` reaches the backup screen: "back up now" or the admin's settings. */
export function mayOpenBackup(actions: readonly ipc.Action[]): boolean {
  return actions.includes("backup") || actions.includes("office-settings");
}

/** What the day-close page says of the automatic backup; null when none was tried (no folder set). */
export function dayBackupLines(closed: ipc.DayClosed): { ok: boolean; lines: Line[] } | null {
  const backup = closed.backup;
  switch (backup.outcome) {
    case "no-folder":
      return null;
    case "made":
      return { ok: true, lines: [{ id: "day-backup-made", args: { file: backup.backup.file } }] };
    case "failed": {
      const why = failure(new ipc.IpcError(backup.error));
      return { ok: false, lines: [{ id: "day-backup-failed", args: {} }, { id: why.id, args: why.args }] };
    }
  }
}

/** The problem of a passphrase typed twice, as the message that says so; null when it may be sent. */
export function passphraseProblem(passphrase: string, again: string): Line | null {
  if ([...passphrase.normalize("NFC")].length < MIN_PASSPHRASE_CHARS) return { id: "error-password-too-short", args: { min: MIN_PASSPHRASE_CHARS } };
  if (passphrase !== again) return { id: "backup-passphrases-differ", args: {} };
  return null;
}

/** The lines of a backup just written. */
export function madeLines(made: ipc.BackupMade, keep: number): Line[] {
  const lines: Line[] = [{ id: "backup-made", args: { file: made.file } }];
  if (made.removed.length > 0) lines.push({ id: "backup-removed", args: { count: made.removed.length, keep } });
  return lines;
}

/** A labelled input with its error slot: `f-backup-<name>`. */
function field(name: string, labelId: string, type: "text" | "password" | "number", hint?: HTMLElement): { el: HTMLElement; control: HTMLInputElement; slot: HTMLElement } {
  const control = h("input", { type, id: `f-backup-${name}`, name, autocomplete: type === "password" ? "new-password" : "off", spellcheck: "false" });
  const slot = h("div", { class: "field-errors", id: `f-backup-${name}-errors`, "aria-live": "polite" });
  if (hint) hint.id = `f-backup-${name}-hint`;
  describedBy(control, hint, slot);
  return { el: h("div", { class: "field" }, msg("label", labelId, undefined, { for: control.id }), control, hint ?? null, slot), control, slot };
}

function show(el: HTMLElement, lines: readonly Line[], ok: boolean, id: string): void {
  el.replaceChildren(...lines.map((l, i) => msg("p", l.id, l.args, { class: ok ? "ok" : "field-error", id: i === 0 ? id : undefined })));
}

/**
 * The backup screen. `actions` decides what is offered (the api checks again); `changed` is told the new status
 * after every backup or setting, so the header's warning follows.
 */
export function renderBackup(root: HTMLElement, actions: readonly ipc.Action[], changed: (status: ipc.BackupStatus) => void): void {
  const mayBackup = actions.includes("backup");
  const admin = actions.includes("office-settings");
  const state = h("div", { id: "backup-state" });
  const status = h("div", { class: "status", id: "backup-status", role: "status" });
  const report = (error: unknown): void => {
    const m = failure(error);
    show(status, [m], false, "backup-error");
  };

  const now = msg("button", "backup-now", undefined, { type: "button", id: "backup-now", class: "primary" });
  const nowHint = h("p", { class: "hint", id: "backup-now-hint" });
  const nowSection = h("div", { class: "section", id: "backup-now-section", hidden: !mayBackup }, nowHint, h("div", { class: "actions" }, now));

  // The passphrase (admin, once).
  const passphrase = field("passphrase", "backup-field-passphrase", "password", msg("p", "backup-passphrase-length", { min: MIN_PASSPHRASE_CHARS }, { class: "hint" }));
  const again = field("passphrase-again", "backup-field-passphrase-again", "password");
  const setPassphrase = msg("button", "backup-passphrase-save", undefined, { type: "submit", id: "backup-passphrase-save", class: "primary" });
  const passphraseForm = h("form", { id: "backup-passphrase-form", novalidate: true }, h("div", { class: "grid" }, passphrase.el, again.el), h("div", { class: "actions" }, setPassphrase));
  const passphraseIsSet = msg("p", "backup-passphrase-is-set", undefined, { class: "ok", id: "backup-passphrase-is-set" });
  const passphraseSection = h(
    "div",
    { class: "section", id: "backup-passphrase-section", hidden: !admin },
    msg("h2", "backup-passphrase-title"),
    msg("p", "backup-passphrase-hint", undefined, { class: "hint" }),
    passphraseIsSet,
    passphraseForm,
  );

  // The backup folder and how many backups it keeps (admin).
  const folder = field("folder", "backup-field-folder", "text");
  const choose = msg("button", "backup-choose-folder", undefined, { type: "button", id: "backup-choose-folder" });
  const keep = field("keep", "backup-field-keep", "number");
  keep.control.min = "1";
  keep.control.max = "100";
  const saveSettings = msg("button", "backup-settings-save", undefined, { type: "submit", id: "backup-settings-save", class: "primary" });
  const settingsForm = h(
    "form",
    { class: "section", id: "backup-settings-form", novalidate: true, hidden: !admin },
    msg("h2", "backup-folder-title"),
    msg("p", "backup-folder-hint", undefined, { class: "hint" }),
    h("div", { class: "grid" }, h("div", { class: "field wide folder-pick" }, folder.el, choose), keep.el),
    h("div", { class: "actions" }, saveSettings),
  );

  function apply(s: ipc.BackupStatus): void {
    const last = s.last_good;
    state.replaceChildren(
      last
        ? h("div", {}, msg("p", "backup-last", { time: instantToDisplay(last.at) }, { id: "backup-last" }), msg("p", "backup-last-file", { file: last.file }, { class: "mono hint" }))
        : msg("p", "backup-never", undefined, { id: "backup-last" }),
      ...(s.overdue ? [msg("p", "backup-overdue", undefined, { class: "banner warning", id: "backup-overdue" })] : []),
      ...(s.has_key ? [] : [msg("p", "backup-needs-key", undefined, { class: "hint", id: "backup-needs-key" })]),
    );
    nowHint.replaceChildren(s.folder ? msg("span", "backup-now-into", { folder: s.folder }) : msg("span", "backup-now-choose"));
    now.disabled = !s.has_key;
    passphraseIsSet.hidden = !s.has_key;
    passphraseForm.hidden = s.has_key;
    if (document.activeElement !== folder.control) folder.control.value = s.folder ?? "";
    if (document.activeElement !== keep.control) keep.control.value = String(s.keep);
    changed(s);
  }

  onClickBusy(now, report, async () => {
    status.replaceChildren();
    const made = await ipc.backupNow();
    if (made === null) return;
    const s = await ipc.backupStatus();
    apply(s);
    show(status, madeLines(made, s.keep), true, "backup-done");
  });

  passphraseForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(setPassphrase, async () => {
      status.replaceChildren();
      for (const f of [passphrase, again]) {
        f.slot.replaceChildren();
        markInvalid(f.control, false);
      }
      const problem = passphraseProblem(passphrase.control.value, again.control.value);
      if (problem) {
        const f = problem.id === "backup-passphrases-differ" ? again : passphrase;
        f.slot.replaceChildren(msg("p", problem.id, problem.args, { class: "field-error" }));
        markInvalid(f.control, true);
        f.control.focus();
        return;
      }
      try {
        apply(await ipc.setBackupPassphrase(passphrase.control.value));
        passphraseForm.reset();
        show(status, [{ id: "backup-passphrase-saved", args: {} }], true, "backup-done");
      } catch (error) {
        report(error);
      }
    });
  });

  onClickBusy(choose, report, async () => {
    const picked = await ipc.chooseBackupFolder();
    if (picked !== null) folder.control.value = picked;
  });

  settingsForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(saveSettings, async () => {
      status.replaceChildren();
      for (const f of [folder, keep]) {
        f.slot.replaceChildren();
        markInvalid(f.control, false);
      }
      try {
        apply(await ipc.setBackupSettings({ folder: folder.control.value, keep: Number(keep.control.value) }));
        show(status, [{ id: "backup-settings-saved", args: {} }], true, "backup-done");
      } catch (error) {
        // A field's problem goes under its field; anything else to the status line.
        const problems = error instanceof ipc.IpcError ? error.error.problems : [];
        if (problems.length === 0) return report(error);
        for (const p of problems) {
          const f = p.field === "keep" ? keep : folder;
          const m = errorMessage(p);
          f.slot.replaceChildren(msg("p", m.id, m.args, { class: "field-error" }));
          markInvalid(f.control, true);
        }
      }
    });
  });

  root.replaceChildren(
    h(
      "section",
      { class: "card", id: "backup-page" },
      msg("h1", "backup-title"),
      msg("p", "backup-hint", undefined, { class: "hint" }),
      state,
      nowSection,
      status,
      passphraseSection,
      settingsForm,
    ),
  );
  ipc.backupStatus().then(apply, report);
  (mayBackup ? now : passphrase.control).focus();
}
