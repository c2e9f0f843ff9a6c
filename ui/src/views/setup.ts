// First run: choose the office's province and district and this PC's workstation code.

import * as ipc from "../ipc";
import { IpcError } from "../ipc";
import { describedBy, h, l10n, markInvalid, msg, named } from "../dom";
import { errorMessage } from "../errors";
import { failure, guard } from "../report";
import type { AppState } from "../bindings/AppState";

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
