// First run: choose the office's province and district and this PC's workstation code, then create the
// office's first admin account.

import * as ipc from "../ipc";
import { IpcError } from "../ipc";
import { describedBy, h, l10n, markInvalid, msg, named } from "../dom";
import { errorMessage } from "../errors";
import { failure, guard } from "../report";
import type { AppState } from "../bindings/AppState";
import type { Role } from "../bindings/Role";
import type { SessionView } from "../bindings/SessionView";
import { checkNewAccount, MIN_PASSWORD_CHARS } from "../credentials";
import { clearMessages, field, passwordField, refusalMessages, showMessages } from "./signin";

export async function renderSetup(root: HTMLElement, onDone: (state: AppState) => void): Promise<void> {
  const province = h("select", { id: "setup-province", name: "province", required: true });
  const district = h("select", { id: "setup-district", name: "district_code", required: true, disabled: true });
  const workstation = h("input", {
    id: "setup-workstation",
    name: "workstation",
    inputmode: "numeric",
    maxlength: 2,
    autocomplete: "off",
    required: true,
  });
  l10n(workstation, "setup-workstation-placeholder", undefined, "placeholder");
  const create = msg("button", "setup-create", undefined, { type: "submit", id: "setup-create", class: "primary" });
  const formError = h("p", { class: "form-error", id: "form-error", role: "alert" });
  const districtError = h("p", { class: "field-error", "data-for": "district_code", id: "setup-district-error" });
  const workstationHint = msg("p", "setup-workstation-hint", undefined, { class: "hint", id: "setup-workstation-hint" });
  const workstationError = h("p", { class: "field-error", "data-for": "workstation", id: "setup-workstation-error" });
  describedBy(district, districtError);
  describedBy(workstation, workstationHint, workstationError);

  const showFormError = (error: unknown): void => {
    const m = failure(error);
    l10n(formError, m.id, m.args);
  };

  province.append(msg("option", "choose", undefined, { value: "" }));
  for (const place of await ipc.provinces()) {
    province.append(named("option", place.name_lo, place.name_en, { value: place.code }));
  }
  province.addEventListener(
    "change",
    guard(async () => {
      district.replaceChildren(msg("option", "choose", undefined, { value: "" }));
      district.disabled = province.value === "";
      if (province.value === "") return;
      for (const place of await ipc.districts(province.value)) {
        district.append(named("option", place.name_lo, place.name_en, { value: place.code }));
      }
    }, showFormError),
  );

  const form = h(
    "form",
    { class: "card setup", id: "setup-form", novalidate: true },
    msg("h1", "setup-title"),
    msg("p", "setup-intro", undefined, { class: "hint" }),
    h("div", { class: "field" }, msg("label", "field-province", undefined, { for: "setup-province" }), province),
    h("div", { class: "field" }, msg("label", "field-district_code", undefined, { for: "setup-district" }), district, districtError),
    h(
      "div",
      { class: "field" },
      msg("label", "setup-workstation", undefined, { for: "setup-workstation" }),
      workstation,
      workstationHint,
      workstationError,
    ),
    formError,
    h("div", { class: "actions" }, create),
  );

  async function submit(): Promise<void> {
    for (const el of [formError, districtError, workstationError]) {
      el.replaceChildren();
      delete el.dataset.l10nId;
    }
    markInvalid(district, false);
    markInvalid(workstation, false);
    create.disabled = true;
    try {
      onDone(await ipc.setupOffice(district.value, workstation.value.trim()));
    } catch (raw) {
      if (!(raw instanceof IpcError)) throw raw;
      const error = raw.error;
      let shown = false;
      for (const problem of error.problems) {
        const target = problem.field === "workstation" ? workstationError : problem.field === "district_code" ? districtError : null;
        if (target) {
          const m = errorMessage(problem);
          l10n(target, m.id, m.args);
          markInvalid(target === workstationError ? workstation : district, true);
          shown = true;
        }
      }
      if (!shown || error.problems.length === 0) {
        const m = errorMessage(error);
        l10n(formError, m.id, m.args);
      }
    } finally {
      create.disabled = false;
    }
  }
  const submitGuarded = guard(submit, showFormError);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitGuarded();
  });
  root.replaceChildren(form);
  province.focus();
}

/** The roles the first admin may hold besides `admin`, which the office's first account must have. */
const OTHER_ROLES: readonly Role[] = ["clerk", "cashier", "supervisor"];

/**
 * First run, after the office: the first admin account (staff id, name, password twice; admin plus whichever
 * other roles are ticked). The shell signs that person in; `onSession` gets the session.
 */
export function renderFirstAdmin(root: HTMLElement, onSession: (view: SessionView) => void): void {
  const id = field("id", "admin-id", "staff-field-id", { required: true, maxlength: 32 }, { id: "staff-field-id-hint" });
  const name = field("name", "admin-name", "staff-field-name", { required: true, maxlength: 80 });
  const password = passwordField("new", "admin-password", "staff-field-password", "new-password", {
    id: "staff-password-hint",
    args: { min: MIN_PASSWORD_CHARS },
  });
  const again = passwordField("again", "admin-password-again", "staff-field-password-again", "new-password");
  const fields = [id, name, password, again];
  const admin = h("input", { type: "checkbox", id: "admin-role-admin", checked: true, disabled: true });
  const others = OTHER_ROLES.map((role) => ({ role, box: h("input", { type: "checkbox", id: `admin-role-${role}`, name: "roles", value: role }) }));
  const roles = h(
    "fieldset",
    { class: "months-choice", id: "admin-roles" },
    msg("legend", "staff-field-roles"),
    h("label", { class: "check", for: "admin-role-admin" }, admin, msg("span", "staff-role-admin")),
    ...others.map(({ role, box }) => h("label", { class: "check", for: box.id }, box, msg("span", `staff-role-${role}`))),
    msg("p", "first-admin-roles-hint", undefined, { class: "hint" }),
  );
  const error = h("p", { class: "form-error", id: "admin-error", role: "alert" });
  const create = msg("button", "first-admin-create", undefined, { type: "submit", id: "admin-create", class: "primary" });
  const form = h(
    "form",
    { class: "card setup", id: "admin-form", novalidate: true },
    msg("h1", "first-admin-title"),
    msg("p", "first-admin-intro", undefined, { class: "hint" }),
    id.row,
    name.row,
    roles,
    password.row,
    again.row,
    error,
    h("div", { class: "actions" }, create),
  );
  const fieldOf = (code: string): string | null =>
    code === "staff-id-invalid" || code === "staff-exists" ? "id" : code === "password-too-short" ? "new" : null;

  async function submit(): Promise<void> {
    clearMessages(fields, error);
    const problems = checkNewAccount(id.input.value, name.input.value, password.input.value, again.input.value);
    if (problems.length > 0) return showMessages(fields, error, problems);
    create.disabled = true;
    try {
      const chosen: Role[] = ["admin", ...others.filter(({ box }) => box.checked).map(({ role }) => role)];
      await ipc.staffAdd({ id: id.input.value.trim(), name: name.input.value, roles: chosen }, password.input.value);
      password.input.value = "";
      again.input.value = "";
      onSession(await ipc.session());
    } catch (e) {
      showMessages(fields, error, refusalMessages(e, fieldOf));
    } finally {
      create.disabled = false;
    }
  }
  const submitGuarded = guard(submit, (e) => showMessages(fields, error, refusalMessages(e, () => null)));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!create.disabled) submitGuarded();
  });
  root.replaceChildren(form);
  id.input.focus();
}
