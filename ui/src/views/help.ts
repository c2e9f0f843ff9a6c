// The header's Help menu: About (version, office, workstation, folders, licences of the bundled fonts and data)
// and Diagnostics (what the support file for the central office's IT holds, and saving it). Both work on every
// screen, signed in or not, and when the office folder does not open: they show no personal data.

import * as ipc from "../ipc";
import { h, msg, named } from "../dom";
import { instantToDisplay } from "../format";
import { failure, guard } from "../report";
import { openModal } from "./modal";
import type { About, Diagnostics } from "../ipc";
import type { Args } from "../i18n";

/** One line of a dialog's facts: a label's message id and the value, as text or as a message. */
export interface Fact {
  id: string;
  /** Element id of the value, for tests and the installed-app check (`about-version`). */
  key: string;
  value: string | { id: string; args?: Args };
}

/** 1234567 → "1.2 MB"; below a megabyte in KB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.max(1, Math.round(bytes / 1000))} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

const when = (rfc3339: string | null): Fact["value"] => (rfc3339 ? instantToDisplay(rfc3339) : { id: "help-never" });

/** The About dialog's facts other than the office's names (shown in the window's language). */
export function aboutFacts(about: About): Fact[] {
  const facts: Fact[] = [{ id: "about-version-label", key: "about-version", value: about.version }];
  if (about.office) {
    facts.push({ id: "about-office-code", key: "about-office-code", value: about.office.district_code });
    facts.push({ id: "about-workstation", key: "about-workstation", value: about.office.workstation });
  } else {
    facts.push({ id: "about-office-code", key: "about-office-code", value: { id: "about-no-office" } });
  }
  facts.push({ id: "about-data-folder", key: "about-data-folder", value: about.data_folder });
  facts.push({ id: "about-log-folder", key: "about-log-folder", value: about.log_folder ?? { id: "help-unknown" } });
  return facts;
}

/** What the support file holds, as the Diagnostics dialog lists it. */
export function diagnosticsFacts(d: Diagnostics): Fact[] {
  const facts: Fact[] = [
    { id: "about-version-label", key: "diagnostics-version", value: d.version },
    { id: "diagnostics-system", key: "diagnostics-system", value: `${d.os} ${d.arch}` },
    { id: "about-data-folder", key: "diagnostics-data-folder", value: d.data_folder },
    {
      id: "diagnostics-folder-size",
      key: "diagnostics-folder-size",
      value: d.data_folder_bytes === null ? { id: "help-unknown" } : formatBytes(d.data_folder_bytes),
    },
  ];
  const o = d.office;
  if (o) {
    facts.push(
      { id: "about-office-code", key: "diagnostics-office", value: o.office },
      { id: "diagnostics-schema", key: "diagnostics-schema", value: String(o.schema_version) },
      { id: "diagnostics-members", key: "diagnostics-members", value: String(o.members) },
      { id: "diagnostics-staff", key: "diagnostics-staff", value: String(o.staff_accounts) },
      {
        id: "diagnostics-last-batch",
        key: "diagnostics-last-batch",
        value: o.batch.last_batch === 0 ? { id: "help-never" } : { id: "diagnostics-batch-line", args: { batch: o.batch.last_batch, when: o.batch.last_exported_at ? instantToDisplay(o.batch.last_exported_at) : "" } },
      },
      { id: "diagnostics-last-ack", key: "diagnostics-last-ack", value: when(o.batch.last_acked_at) },
      { id: "diagnostics-pending", key: "diagnostics-pending", value: String(o.batch.pending_changes) },
      { id: "diagnostics-last-backup", key: "diagnostics-last-backup", value: when(o.backup.last_good_at) },
    );
  }
  if (d.open_error !== null) facts.push({ id: "diagnostics-open-error", key: "diagnostics-open-error", value: d.open_error });
  facts.push({
    id: "diagnostics-recent-errors",
    key: "diagnostics-recent-count",
    value: d.recent_errors.length === 0 ? { id: "diagnostics-no-errors" } : String(d.recent_errors.length),
  });
  return facts;
}

/** The facts as a definition list; `after` (the office's names) follows the first fact, the version. */
function factList(facts: Fact[], after: HTMLElement[] = []): HTMLElement {
  const rows: HTMLElement[] = [];
  for (const [i, fact] of facts.entries()) {
    rows.push(msg("dt", fact.id));
    const value = typeof fact.value === "string" ? h("dd", { id: fact.key }, fact.value) : msg("dd", fact.value.id, fact.value.args, { id: fact.key });
    rows.push(value);
    if (i === 0) rows.push(...after);
  }
  return h("dl", { class: "facts" }, ...rows);
}

/** The About dialog. */
export async function openAbout(): Promise<void> {
  const about = await ipc.about();
  const office = about.office
    ? [
        msg("dt", "about-office"),
        h(
          "dd",
          { id: "about-office" },
          named("span", about.office.district_name_lo, about.office.district_name_en),
          ", ",
          named("span", about.office.province_name_lo, about.office.province_name_en),
        ),
      ]
    : [];
  const licences = h(
    "table",
    { class: "licences", id: "about-licences" },
    h("thead", {}, h("tr", {}, msg("th", "about-licence-what"), msg("th", "about-licence-licence"), msg("th", "about-licence-file"))),
    h("tbody", {}, ...about.licences.map((l) => h("tr", {}, h("td", {}, l.name), h("td", {}, l.licence), h("td", {}, h("code", {}, l.file))))),
  );
  const close = msg("button", "help-close", undefined, { type: "button", id: "about-close", class: "primary" });
  const modal = openModal({
    id: "about-dialog",
    label: msg("h2", "about-title"),
    body: [msg("p", "about-lead", undefined, { class: "hint" }), factList(aboutFacts(about), office), msg("h3", "about-licences-title"), licences],
    actions: [close],
    first: close,
    onEscape: () => modal.close(),
    className: "wide",
  });
  close.addEventListener("click", () => modal.close());
}

/** The Diagnostics dialog: what the support file holds, and "Save the file". */
export async function openDiagnostics(): Promise<void> {
  const report = await ipc.diagnostics();
  const status = h("p", { class: "hint", id: "diagnostics-status", role: "status" });
  const errors = report.recent_errors.length
    ? h("pre", { class: "recent-errors", id: "diagnostics-recent-errors" }, report.recent_errors.join("\n"))
    : null;
  const save = msg("button", "diagnostics-save", undefined, { type: "button", id: "diagnostics-save", class: "primary" });
  const close = msg("button", "help-close", undefined, { type: "button", id: "diagnostics-close" });
  const modal = openModal({
    id: "diagnostics-dialog",
    label: msg("h2", "diagnostics-title"),
    body: [
      msg("p", "diagnostics-lead", undefined, { class: "hint" }),
      msg("p", "diagnostics-private", undefined, { class: "hint" }),
      factList(diagnosticsFacts(report)),
      ...(errors ? [errors] : []),
      status,
    ],
    actions: [save, close],
    first: save,
    onEscape: () => modal.close(),
    className: "wide",
  });
  close.addEventListener("click", () => modal.close());
  save.addEventListener(
    "click",
    guard(
      async () => {
        save.disabled = true;
        try {
          const path = await ipc.saveDiagnostics();
          status.replaceChildren(path ? msg("span", "diagnostics-saved", { path }) : msg("span", "diagnostics-not-saved"));
        } finally {
          save.disabled = false;
        }
      },
      (error) => {
        const m = failure(error);
        status.replaceChildren(msg("span", m.id, m.args));
      },
    ),
  );
}

/** The header's Help button and its menu (About, Diagnostics). */
export function helpMenu(): HTMLElement {
  const button = msg("button", "help-menu", undefined, { type: "button", id: "help-button", class: "lang", "aria-haspopup": "menu", "aria-expanded": "false" });
  const about = msg("button", "help-about", undefined, { type: "button", id: "help-about", role: "menuitem" });
  const diagnostics = msg("button", "help-diagnostics", undefined, { type: "button", id: "help-diagnostics", role: "menuitem" });
  const menu = h("div", { class: "help-menu", id: "help-menu", role: "menu", hidden: true }, about, diagnostics);
  const box = h("div", { class: "help" }, button, menu);
  const setOpen = (open: boolean): void => {
    menu.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
  };
  button.addEventListener("click", () => {
    setOpen(menu.hidden);
    if (!menu.hidden) about.focus();
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      setOpen(false);
      button.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!box.contains(event.target as Node)) setOpen(false);
  });
  about.addEventListener(
    "click",
    guard(async () => {
      setOpen(false);
      await openAbout();
    }),
  );
  diagnostics.addEventListener(
    "click",
    guard(async () => {
      setOpen(false);
      await openDiagnostics();
    }),
  );
  return box;
}
