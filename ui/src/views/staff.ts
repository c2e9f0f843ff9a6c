// The admin's staff accounts: who may sign in, with which roles; adding an account, disabling one, unlocking
// one after wrong passwords, and resetting a forgotten password (the person must then choose their own).
// The api checks every rule again (`manage-staff`, the staff id, the password length, the last admin): the
// checks here only spare the admin a round trip, and every refusal is shown from its `{code,args}`.

import { describedBy, h, markInvalid, msg } from "../dom";
import type { Args } from "../i18n";
import { instantToDisplay } from "../format";
import * as ipc from "../ipc";
import { failure } from "../report";
import type { Role } from "../bindings/Role";
import type { StaffView } from "../bindings/StaffView";
import { busy, onClickBusy } from "./actions";
import { openModal } from "./modal";

/** Every role, in the order the matrix grows: clerk, cashier, supervisor, admin. */
export const ROLES = ["clerk", "cashier", "supervisor", "admin"] as const satisfies readonly Role[];

/** The api's `MIN_PASSWORD_CHARS` (crates/api/src/staff.rs); the api refuses a shorter one anyway. */
export const MIN_PASSWORD_CHARS = 10;

const STAFF_ID = /^[a-z0-9._-]{2,32}$/;

/** One thing wrong with one field of a form, as the message that says so. */
export interface FieldProblem {
  field: string;
  id: string;
  args: Args;
}

/** The problems of a new password typed twice: too short (counted as the api counts, in NFC), or different. */
export function checkPasswords(password: string, again: string, field = "password"): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if ([...password.normalize("NFC")].length < MIN_PASSWORD_CHARS) {
    problems.push({ field, id: "error-password-too-short", args: { min: MIN_PASSWORD_CHARS } });
  } else if (password !== again) {
    problems.push({ field: `${field}-again`, id: "staff-passwords-differ", args: {} });
  }
  return problems;
}

/** What the add form holds. */
export interface StaffForm {
  id: string;
  name: string;
  roles: readonly Role[];
  password: string;
  again: string;
}

/** The problems of the add form, field by field, in the form's order. */
export function checkNewStaff(form: StaffForm): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const id = form.id.trim();
  if (id === "") problems.push({ field: "id", id: "error-required", args: {} });
  else if (!STAFF_ID.test(id)) problems.push({ field: "id", id: "error-staff-id-invalid", args: { staff_id: id } });
  if (form.name.trim() === "") problems.push({ field: "name", id: "error-required", args: {} });
  if (form.roles.length === 0) problems.push({ field: "roles", id: "error-staff-no-role", args: {} });
  problems.push(...checkPasswords(form.password, form.again));
  return problems;
}

/** One line of the table: the message ids of its roles and of its state. */
export interface StaffRow {
  id: string;
  name: string;
  roles: string[];
  state: { id: string; args: Args }[];
}

/** A staff account as a row: its roles in the matrix's order; disabled, or active (and locked, or waiting for a new password). */
export function staffRow(staff: StaffView): StaffRow {
  const state: { id: string; args: Args }[] = [];
  if (!staff.active) state.push({ id: "staff-state-disabled", args: {} });
  else {
    state.push({ id: "staff-state-active", args: {} });
    if (staff.locked) state.push({ id: "staff-state-locked", args: { time: staff.locked_until ? instantToDisplay(staff.locked_until) : "" } });
    if (staff.must_change_password) state.push({ id: "staff-state-must-change", args: {} });
  }
  return {
    id: staff.id,
    name: staff.name,
    roles: ROLES.filter((role) => staff.roles.includes(role)).map((role) => `staff-role-${role}`),
    state,
  };
}

/** A labelled text or password input with its hint and error slot; `f-staff-<name>` and `…-errors`. */
function input(name: string, labelId: string, type: "text" | "password", hint?: HTMLElement): { el: HTMLElement; control: HTMLInputElement; slot: HTMLElement } {
  const control = h("input", { type, id: `f-staff-${name}`, name, autocomplete: type === "password" ? "new-password" : "off", spellcheck: "false" });
  const slot = h("div", { class: "field-errors", id: `f-staff-${name}-errors`, "aria-live": "polite" });
  if (hint) hint.id = `f-staff-${name}-hint`;
  describedBy(control, hint, slot);
  return { el: h("div", { class: "field" }, msg("label", labelId, undefined, { for: control.id }), control, hint ?? null, slot), control, slot };
}

/** Shows `problems` in the slots of `fields`, marks those controls, and focuses the first one in error. */
function showProblems(problems: readonly FieldProblem[], fields: Record<string, { control: HTMLElement; slot: HTMLElement }>): void {
  for (const f of Object.values(fields)) {
    f.slot.replaceChildren();
    markInvalid(f.control, false);
  }
  for (const p of problems) {
    const f = fields[p.field];
    if (!f) continue;
    f.slot.append(msg("p", p.id, p.args, { class: "field-error" }));
    markInvalid(f.control, true);
  }
  const first = problems.map((p) => fields[p.field]).find((f) => f !== undefined);
  first?.control.focus();
}

/** The reset dialog: a new password twice. Resolves with the password, or null on Cancel or Esc. */
function resetDialog(staffId: string): Promise<string | null> {
  return new Promise((resolve) => {
    const password = input("reset-password", "staff-field-password", "password", msg("p", "staff-password-hint", { min: MIN_PASSWORD_CHARS }, { class: "hint" }));
    const again = input("reset-password-again", "staff-field-password-again", "password");
    const ok = msg("button", "staff-reset-save", undefined, { type: "button", id: "staff-reset-ok", class: "primary" });
    const cancel = msg("button", "cancel", undefined, { type: "button", id: "staff-reset-cancel" });
    const modal = openModal({
      id: "staff-reset-dialog",
      label: msg("h2", "staff-reset-title", { id: staffId }),
      body: [msg("p", "staff-reset-hint", undefined, { class: "hint" }), password.el, again.el],
      actions: [cancel, ok],
      first: password.control,
      onEscape: () => finish(null),
    });
    function finish(answer: string | null): void {
      modal.close();
      resolve(answer);
    }
    cancel.addEventListener("click", () => finish(null));
    ok.addEventListener("click", () => {
      const problems = checkPasswords(password.control.value, again.control.value, "reset-password");
      showProblems(problems, { "reset-password": password, "reset-password-again": again });
      if (problems.length === 0) finish(password.control.value);
    });
    for (const control of [password.control, again.control]) {
      control.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          ok.click();
        }
      });
    }
  });
}

/** Asks before disabling `staffId`; the safe answer (Cancel) has the focus. */
function confirmDisable(staffId: string): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = msg("button", "staff-disable-yes", undefined, { type: "button", id: "staff-disable-yes", class: "primary" });
    const no = msg("button", "cancel", undefined, { type: "button", id: "staff-disable-no" });
    const modal = openModal({
      id: "staff-disable-dialog",
      role: "alertdialog",
      label: msg("p", "staff-disable-question", { id: staffId }),
      body: [],
      actions: [no, yes],
      first: no,
      onEscape: () => done(false),
    });
    function done(answer: boolean): void {
      modal.close();
      resolve(answer);
    }
    yes.addEventListener("click", () => done(true));
    no.addEventListener("click", () => done(false));
  });
}

/** The staff accounts page. */
export function renderStaff(root: HTMLElement): void {
  const table = h("div", { id: "staff-table" });
  const status = h("div", { class: "status", id: "staff-status", role: "status" });
  const ok = (id: string, args: Args): void => status.replaceChildren(msg("p", id, args, { class: "ok", id: "staff-done" }));
  const report = (error: unknown): void => {
    const m = failure(error);
    status.replaceChildren(msg("p", m.id, m.args, { class: "field-error", id: "staff-error" }));
  };

  function rowButton(labelId: string, cls: string, staffId: string, work: () => Promise<void>): HTMLButtonElement {
    const button = msg("button", labelId, undefined, { type: "button", class: `small ${cls}`, id: `${cls}-${staffId}`, "data-staff": staffId });
    onClickBusy(button, report, async () => {
      status.replaceChildren();
      await work();
    });
    return button;
  }

  function show(list: readonly StaffView[]): void {
    if (list.length === 0) {
      table.replaceChildren(msg("p", "staff-none", undefined, { class: "hint" }));
      return;
    }
    table.replaceChildren(
      h(
        "table",
        { class: "grid-table", id: "staff-list" },
        h(
          "thead",
          {},
          h("tr", {}, msg("th", "staff-col-id"), msg("th", "staff-col-name"), msg("th", "staff-col-roles"), msg("th", "staff-col-state"), msg("th", "staff-col-actions")),
        ),
        h(
          "tbody",
          {},
          ...list.map((staff) => {
            const row = staffRow(staff);
            const buttons: HTMLElement[] = [];
            if (staff.active) {
              buttons.push(
                rowButton("staff-reset", "staff-reset", staff.id, async () => {
                  const password = await resetDialog(staff.id);
                  if (password === null) return;
                  await ipc.staffResetPassword(staff.id, password);
                  await load();
                  ok("staff-password-reset", { id: staff.id });
                }),
              );
              if (staff.locked) {
                buttons.push(
                  rowButton("staff-unlock", "staff-unlock", staff.id, async () => {
                    await ipc.staffUnlock(staff.id);
                    await load();
                    ok("staff-unlocked", { id: staff.id });
                  }),
                );
              }
              buttons.push(
                rowButton("staff-disable", "staff-disable", staff.id, async () => {
                  if (!(await confirmDisable(staff.id))) return;
                  await ipc.staffDisable(staff.id);
                  await load();
                  ok("staff-disabled", { id: staff.id });
                }),
              );
            }
            return h(
              "tr",
              { id: `staff-row-${staff.id}`, "data-staff": staff.id, class: staff.active ? "" : "inactive" },
              h("td", { class: "mono" }, row.id),
              h("td", {}, row.name),
              h("td", {}, ...row.roles.flatMap((id, i) => [i > 0 ? ", " : "", msg("span", id)])),
              h("td", {}, ...row.state.flatMap((s, i) => [i > 0 ? " · " : "", msg("span", s.id, s.args)])),
              h("td", {}, h("div", { class: "row-buttons" }, ...buttons)),
            );
          }),
        ),
      ),
    );
  }

  async function load(): Promise<void> {
    show(await ipc.staffList());
  }

  // The add form.
  const id = input("id", "staff-field-id", "text", msg("p", "staff-field-id-hint", undefined, { class: "hint" }));
  const name = input("name", "staff-field-name", "text");
  const password = input("password", "staff-field-password", "password", msg("p", "staff-password-hint", { min: MIN_PASSWORD_CHARS }, { class: "hint" }));
  const again = input("password-again", "staff-field-password-again", "password");
  const roleBoxes = ROLES.map((role) => h("input", { type: "checkbox", name: "roles", value: role, id: `f-staff-role-${role}` }));
  const rolesSlot = h("div", { class: "field-errors", id: "f-staff-roles-errors", "aria-live": "polite" });
  const rolesGroup = h(
    "fieldset",
    { class: "field wide roles", id: "f-staff-roles" },
    msg("legend", "staff-field-roles"),
    h("div", { class: "choices" }, ...ROLES.map((role, i) => h("label", { class: "check" }, roleBoxes[i] ?? null, msg("span", `staff-role-${role}`)))),
    rolesSlot,
  );
  describedBy(rolesGroup, rolesSlot);
  const add = msg("button", "staff-add", undefined, { type: "submit", id: "staff-add", class: "primary" });
  const fields = { id, name, password, "password-again": again, roles: { control: roleBoxes[0] ?? rolesGroup, slot: rolesSlot } };
  const form = h(
    "form",
    { class: "section", id: "staff-add-form", novalidate: true },
    msg("h2", "staff-add-title"),
    h("div", { class: "grid" }, id.el, name.el, rolesGroup, password.el, again.el),
    h("div", { class: "actions" }, add),
  );
  // Enter in any field submits the form, as a keyboard user expects.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(add, async () => {
      status.replaceChildren();
      const staff: StaffForm = {
        id: id.control.value,
        name: name.control.value,
        roles: ROLES.filter((_, i) => roleBoxes[i]?.checked),
        password: password.control.value,
        again: again.control.value,
      };
      const problems = checkNewStaff(staff);
      showProblems(problems, fields);
      if (problems.length > 0) return;
      try {
        const added = await ipc.staffAdd({ id: staff.id.trim(), name: staff.name.trim(), roles: [...staff.roles] }, staff.password);
        form.reset();
        await load();
        ok("staff-added", { id: added.id });
        id.control.focus();
      } catch (error) {
        report(error);
      }
    });
  });

  root.replaceChildren(
    h(
      "section",
      { class: "card", id: "staff-page" },
      msg("h1", "staff-title"),
      msg("p", "staff-hint", undefined, { class: "hint" }),
      table,
      status,
      form,
    ),
  );
  load().catch(report);
  id.control.focus();
}
