// The registration form, also used to amend a member. Paper-form order; Enter moves to the next field and
// submits from the last one; every problem the api reports is shown beside its field.

import * as ipc from "../ipc";
import { IpcError } from "../ipc";
import { h, l10n, msg, named } from "../dom";
import { duplicateMembers, errorMessage, placeFor } from "../errors";
import { groupKip } from "../format";
import {
  DOCUMENT_KINDS,
  OCCUPATIONS,
  RELATIONS,
  SEXES,
  TITLES,
  draftToValues,
  valuesToDraft,
  type FormValues,
} from "../form";
import type { ApiError } from "../bindings/ApiError";
import type { Draft } from "../bindings/Draft";
import type { Hospital } from "../bindings/Hospital";
import type { MemberView } from "../bindings/MemberView";
import { confirmDialog } from "./confirm";

export interface RegisterOptions {
  mode: "register" | "amend";
  memberNo?: string;
  draft: Draft;
  hospitals: Hospital[];
  onSaved: (view: MemberView, registered: boolean) => void;
  onCancel: () => void;
  onOpenMember: (memberNo: string) => void;
}

export interface FormView {
  /** Esc: leave the form, after asking when something was typed. */
  escape: () => Promise<void>;
  isDirty: () => boolean;
}

type Control = HTMLInputElement | HTMLSelectElement;

function choiceSelect(name: string, choices: readonly string[], prefix: string): HTMLSelectElement {
  const select = h("select", { name, id: `f-${name}` });
  select.append(msg("option", "choose", undefined, { value: "" }));
  for (const choice of choices) select.append(msg("option", `${prefix}-${choice}`, undefined, { value: choice }));
  return select;
}

function textInput(name: string, attrs: Record<string, string | number | boolean> = {}): HTMLInputElement {
  return h("input", { name, id: `f-${name}`, type: "text", autocomplete: "off", spellcheck: "false", ...attrs });
}

function errorSlot(name: string): HTMLElement {
  return h("div", { class: "field-errors", "data-for": name, "aria-live": "polite" });
}

function field(
  name: string,
  labelId: string,
  control: HTMLElement,
  opts: { hint?: HTMLElement; wide?: boolean; rowStart?: boolean } = {},
): HTMLElement {
  const classes = ["field", opts.wide ? "wide" : "", opts.rowStart ? "row-start" : ""].filter(Boolean).join(" ");
  return h(
    "div",
    { class: classes, "data-field": name },
    msg("label", labelId, undefined, { for: control.id }),
    control,
    opts.hint ?? null,
    errorSlot(name),
  );
}

function section(titleId: string, ...children: HTMLElement[]): HTMLElement {
  return h("fieldset", { class: "section" }, msg("legend", titleId), h("div", { class: "grid" }, ...children));
}

export function renderRegister(root: HTMLElement, opts: RegisterOptions): FormView {
  let dirty = false;
  let busy = false;
  const initial = draftToValues(opts.draft);

  // Person.
  const title = choiceSelect("title", TITLES, "title");
  const givenLo = textInput("given_name_lo", { lang: "lo" });
  const familyLo = textInput("family_name_lo", { lang: "lo" });
  const givenLatin = textInput("given_name_latin", { lang: "en", autocapitalize: "words" });
  const familyLatin = textInput("family_name_latin", { lang: "en", autocapitalize: "words" });
  const sex = choiceSelect("sex", SEXES, "sex");
  const dob = textInput("date_of_birth", { inputmode: "numeric", maxlength: 10 });
  l10n(dob, "date-placeholder", undefined, "placeholder");

  // Documents: rows of kind + number.
  const documentRows = h("div", { class: "rows", id: "document-rows" });
  const addDocument = msg("button", "documents-add", undefined, { type: "button", id: "add-document", class: "small" });

  // Address.
  const phone = textInput("phone", { inputmode: "tel" });
  l10n(phone, "phone-placeholder", undefined, "placeholder");
  const province = h("select", { name: "province", id: "f-province" });
  const district = h("select", { name: "district_code", id: "f-district_code" });
  const village = h("select", { name: "village_code", id: "f-village_code" });
  const villageName = textInput("village_name", { lang: "lo" });
  const villageField = h(
    "div",
    { class: "field", "data-field": "village_code" },
    msg("label", "field-village_code", undefined, { for: "f-village_code", id: "village-label" }),
    village,
    villageName,
    msg("p", "village-free-text-hint", undefined, { class: "hint", id: "village-hint", hidden: true }),
    errorSlot("village_code"),
    errorSlot("village_name"),
  );
  const houseNo = textInput("house_no");

  // Work and contribution.
  const occupation = choiceSelect("occupation", OCCUPATIONS, "occupation");
  const licence = textInput("business_licence_no");
  const taxId = textInput("tax_id");
  const income = textInput("income_base_kip", { inputmode: "numeric" });
  l10n(income, "income-placeholder", undefined, "placeholder");
  const contribution = h("p", { class: "preview", id: "contribution", "aria-live": "polite" });
  const baseHint = h("p", { class: "hint", id: "base-hint" });
  const hospital = h("select", { name: "hospital", id: "f-hospital" });
  hospital.append(msg("option", "choose", undefined, { value: "" }));
  for (const item of opts.hospitals) hospital.append(named("option", item.name_lo, item.name_en, { value: item.code }));

  // Dependants.
  const dependantRows = h("div", { class: "rows", id: "dependant-rows" });
  const addDependant = msg("button", "dependants-add", undefined, { type: "button", id: "add-dependant", class: "small" });
  const noDependants = msg("p", "dependants-none", undefined, { class: "hint", id: "dependants-none" });

  const consent = h("input", { type: "checkbox", name: "consent", id: "f-consent" });
  const formError = h("div", { class: "form-error", id: "form-error", role: "alert" });
  const save = msg("button", opts.mode === "register" ? "register-save" : "amend-save", undefined, {
    type: "submit",
    id: "save",
    class: "primary",
  });
  const cancel = msg("button", "cancel", undefined, { type: "button", id: "cancel" });

  const heading =
    opts.mode === "register"
      ? msg("h1", "register-title")
      : msg("h1", "amend-title", { member_no: opts.memberNo ?? "" });

  const form = h(
    "form",
    { id: "register-form", class: "register", novalidate: true, autocomplete: "off" },
    h("div", { class: "form-head" }, heading, msg("p", "register-keys-hint", undefined, { class: "hint" })),
    section(
      "section-person",
      field("title", "field-title", title),
      field("given_name_lo", "field-given_name_lo", givenLo, { rowStart: true }),
      field("family_name_lo", "field-family_name_lo", familyLo),
      field("given_name_latin", "field-given_name_latin", givenLatin),
      field("family_name_latin", "field-family_name_latin", familyLatin),
      field("sex", "field-sex", sex),
      field("date_of_birth", "field-date_of_birth", dob, { hint: msg("p", "date-hint", undefined, { class: "hint" }) }),
    ),
    h(
      "fieldset",
      { class: "section", "data-field": "documents" },
      msg("legend", "section-documents"),
      documentRows,
      errorSlot("documents"),
      h("div", { class: "row-actions" }, addDocument),
    ),
    section(
      "section-address",
      field("phone", "field-phone", phone),
      field("province", "field-province", province),
      field("district_code", "field-district_code", district),
      villageField,
      field("house_no", "field-house_no", houseNo),
    ),
    section(
      "section-work",
      field("occupation", "field-occupation", occupation),
      field("business_licence_no", "field-business_licence_no", licence),
      field("tax_id", "field-tax_id", taxId),
      field("income_base_kip", "field-income_base_kip", income, { hint: h("div", {}, contribution, baseHint) }),
      field("hospital", "field-hospital", hospital, { wide: true }),
    ),
    h(
      "fieldset",
      { class: "section", "data-field": "dependants" },
      msg("legend", "section-dependants"),
      noDependants,
      dependantRows,
      errorSlot("dependants"),
      h("div", { class: "row-actions" }, addDependant),
    ),
    h(
      "fieldset",
      { class: "section", "data-field": "consent" },
      msg("legend", "section-consent"),
      h("label", { class: "check", for: "f-consent" }, consent, msg("span", "consent-statement")),
      errorSlot("consent"),
    ),
    formError,
    h("div", { class: "actions sticky" }, cancel, save),
  );

  // Rows -------------------------------------------------------------------------------------------------
  function renumberRows(container: HTMLElement, list: string): void {
    [...container.children].forEach((row, index) => {
      row.querySelectorAll<HTMLElement>("[data-sub]").forEach((el) => {
        const name = `${list}.${index}.${el.dataset.sub}`;
        if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) {
          el.name = name;
          el.id = `f-${name}`;
        } else {
          el.dataset.for = name;
        }
      });
      row.querySelectorAll<HTMLLabelElement>("label[data-sub-for]").forEach((label) => {
        label.htmlFor = `f-${list}.${index}.${label.dataset.subFor}`;
      });
    });
    noDependants.hidden = dependantRows.children.length > 0;
  }

  function subField(sub: string, labelId: string, control: Control): HTMLElement {
    control.dataset.sub = sub;
    const slot = h("div", { class: "field-errors", "aria-live": "polite" });
    slot.dataset.sub = sub;
    const label = msg("label", labelId);
    label.dataset.subFor = sub;
    return h("div", { class: "field" }, label, control, slot);
  }

  function removeButton(container: HTMLElement, list: string, row: HTMLElement): HTMLButtonElement {
    const button = msg("button", "row-remove", undefined, { type: "button", class: "small remove" });
    button.addEventListener("click", () => {
      row.remove();
      renumberRows(container, list);
      dirty = true;
    });
    return button;
  }

  function addDocumentRow(kind = "id_card", number = ""): HTMLElement {
    const kindSelect = h("select", {});
    for (const choice of DOCUMENT_KINDS) kindSelect.append(msg("option", `document-${choice}`, undefined, { value: choice }));
    kindSelect.value = kind;
    const numberInput = h("input", { type: "text", autocomplete: "off", spellcheck: "false" });
    numberInput.value = number;
    const row = h("div", { class: "row document-row" });
    row.append(subField("kind", "field-document-kind", kindSelect), subField("number", "field-document-number", numberInput));
    row.append(removeButton(documentRows, "documents", row));
    documentRows.append(row);
    renumberRows(documentRows, "documents");
    return row;
  }

  function addDependantRow(name = "", relation = "", dateOfBirth = ""): HTMLElement {
    const nameInput = h("input", { type: "text", autocomplete: "off", lang: "lo" });
    nameInput.value = name;
    const relationSelect = h("select", {});
    relationSelect.append(msg("option", "choose", undefined, { value: "" }));
    for (const choice of RELATIONS) relationSelect.append(msg("option", `relation-${choice}`, undefined, { value: choice }));
    relationSelect.value = relation;
    const dobInput = h("input", { type: "text", autocomplete: "off", inputmode: "numeric", maxlength: 10 });
    l10n(dobInput, "date-placeholder", undefined, "placeholder");
    dobInput.value = dateOfBirth;
    const row = h("div", { class: "row dependant-row" });
    row.append(
      subField("name", "field-dependant-name", nameInput),
      subField("relation", "field-dependant-relation", relationSelect),
      subField("date_of_birth", "field-dependant-date_of_birth", dobInput),
    );
    row.append(removeButton(dependantRows, "dependants", row));
    dependantRows.append(row);
    renumberRows(dependantRows, "dependants");
    return row;
  }

  addDocument.addEventListener("click", () => {
    const row = addDocumentRow();
    row.querySelector<HTMLElement>("select")?.focus();
    dirty = true;
  });
  addDependant.addEventListener("click", () => {
    const row = addDependantRow();
    row.querySelector<HTMLElement>("input")?.focus();
    dirty = true;
  });

  // Places -----------------------------------------------------------------------------------------------
  function fillPlaces(select: HTMLSelectElement, places: { code: string; name_lo: string; name_en: string }[]): void {
    select.replaceChildren(msg("option", "choose", undefined, { value: "" }));
    for (const place of places) select.append(named("option", place.name_lo, place.name_en, { value: place.code }));
  }

  function showVillageSelect(reliable: boolean): void {
    village.hidden = !reliable;
    village.disabled = !reliable;
    villageName.hidden = reliable;
    villageName.disabled = reliable;
    const hint = form.querySelector<HTMLElement>("#village-hint");
    if (hint) hint.hidden = reliable;
    const label = form.querySelector<HTMLLabelElement>("#village-label");
    if (label) label.htmlFor = reliable ? village.id : villageName.id;
  }

  async function loadDistricts(): Promise<void> {
    fillPlaces(district, province.value ? await ipc.districts(province.value) : []);
    district.disabled = province.value === "";
    await loadVillages();
  }

  async function loadVillages(): Promise<void> {
    if (!district.value) {
      fillPlaces(village, []);
      showVillageSelect(true);
      village.disabled = true;
      return;
    }
    const list = await ipc.villages(district.value);
    fillPlaces(village, list.villages);
    showVillageSelect(list.reliable);
  }

  province.addEventListener("change", () => void loadDistricts());
  district.addEventListener("change", () => void loadVillages());

  // Contribution preview ---------------------------------------------------------------------------------
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  let previewSeq = 0;
  async function updatePreview(): Promise<void> {
    const seq = ++previewSeq;
    const value = income.value.trim();
    try {
      const preview = await ipc.contributionPreview(value);
      if (seq !== previewSeq) return;
      contribution.classList.remove("warn");
      l10n(contribution, "contribution-monthly", { amount: groupKip(preview.contribution_kip) });
      l10n(baseHint, "contribution-range", { floor: groupKip(preview.floor_kip), ceiling: groupKip(preview.ceiling_kip) });
    } catch (raw) {
      if (!(raw instanceof IpcError) || seq !== previewSeq) return;
      const error = raw.error.problems[0] ?? raw.error;
      if (value === "") {
        contribution.replaceChildren();
        delete contribution.dataset.l10nId;
      } else {
        const m = errorMessage(error);
        contribution.classList.add("warn");
        l10n(contribution, m.id, m.args);
      }
      const floor = error.args.floor_kip ?? error.args.floor;
      const ceiling = error.args.ceiling_kip ?? error.args.ceiling;
      if (floor && ceiling) l10n(baseHint, "contribution-range", { floor, ceiling });
    }
  }
  income.addEventListener("input", () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void updatePreview(), 150);
  });

  // Values -----------------------------------------------------------------------------------------------
  function controls(): Control[] {
    return [...form.querySelectorAll<Control>("input[name], select[name]")];
  }

  function collect(): FormValues {
    const values: FormValues = {};
    for (const control of controls()) {
      if (control.disabled) continue;
      values[control.name] = control instanceof HTMLInputElement && control.type === "checkbox" ? control.checked : control.value;
    }
    return values;
  }

  function setValue(name: string, value: string | boolean): void {
    const control = form.querySelector<Control>(`[name="${CSS.escape(name)}"]`);
    if (!control) return;
    if (control instanceof HTMLInputElement && control.type === "checkbox") control.checked = value === true;
    else control.value = String(value);
  }

  // Errors -----------------------------------------------------------------------------------------------
  function slotFor(name: string): HTMLElement | null {
    return form.querySelector<HTMLElement>(`.field-errors[data-for="${CSS.escape(name)}"]`);
  }

  function clearErrors(): void {
    form.querySelectorAll(".field-errors").forEach((slot) => slot.replaceChildren());
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    formError.replaceChildren();
  }

  function showError(error: ApiError): void {
    let first: HTMLElement | null = null;
    for (const problem of error.problems) {
      const place = placeFor(problem.field, (name) => slotFor(name) !== null);
      const m = errorMessage(problem);
      const line = msg("p", m.id, m.args, { class: "field-error", "data-field": problem.field });
      const slot = place ? slotFor(place) : null;
      if (slot) {
        slot.append(line);
        const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(place ?? "")}"]`);
        control?.setAttribute("aria-invalid", "true");
        first ??= control ?? slot;
      } else {
        formError.append(line);
      }
    }
    if (error.problems.length > 0) {
      formError.prepend(msg("p", "form-has-problems", { count: error.problems.length }, { class: "summary" }));
    } else {
      const m = errorMessage(error);
      formError.append(msg("p", m.id, m.args, { class: "summary" }));
    }
    if (error.code === "duplicate-document" && error.args.member_no) {
      const no = error.args.member_no;
      const open = msg("button", "duplicate-open", { member_no: no }, { type: "button", id: "open-duplicate", class: "link" });
      open.addEventListener("click", () => opts.onOpenMember(no));
      formError.append(open);
    }
    if (error.code === "possible-duplicate") {
      const list = h("ul", { class: "duplicates" });
      for (const no of duplicateMembers(error)) {
        const open = h("button", { type: "button", class: "link duplicate-member" }, no);
        open.addEventListener("click", () => opts.onOpenMember(no));
        list.append(h("li", {}, open));
      }
      const again = msg("button", "duplicate-confirm", undefined, { type: "button", id: "confirm-duplicate", class: "primary" });
      again.addEventListener("click", () => void submit(true));
      formError.append(list, msg("p", "duplicate-question"), again);
      again.focus();
      return;
    }
    (first ?? formError).focus?.();
    if (!first) formError.scrollIntoView({ block: "center" });
  }

  // Submit -----------------------------------------------------------------------------------------------
  async function submit(confirmDuplicate: boolean): Promise<void> {
    if (busy) return;
    busy = true;
    save.disabled = true;
    clearErrors();
    const draft = valuesToDraft(collect(), opts.mode === "amend" ? opts.draft.registered_on : "");
    try {
      const view =
        opts.mode === "register"
          ? await ipc.register(draft, confirmDuplicate)
          : await ipc.amend(opts.memberNo ?? "", draft);
      dirty = false;
      opts.onSaved(view, opts.mode === "register");
    } catch (raw) {
      if (!(raw instanceof IpcError)) throw raw;
      showError(raw.error);
    } finally {
      busy = false;
      save.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit(false);
  });
  form.addEventListener("input", () => (dirty = true));
  form.addEventListener("change", () => (dirty = true));

  // Enter moves to the next field in paper-form order; on the last field it submits.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing || event.shiftKey || event.ctrlKey || event.altKey) return;
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
    event.preventDefault();
    const order = controls().filter((c) => !c.disabled && !c.hidden);
    const index = order.indexOf(target);
    const next = order[index + 1];
    if (index >= 0 && next) next.focus();
    else form.requestSubmit();
  });
  cancel.addEventListener("click", () => void escape());

  async function escape(): Promise<void> {
    if (document.getElementById("confirm-dialog")) return;
    if (dirty && !(await confirmDialog("discard-question", "discard-yes", "discard-no"))) return;
    dirty = false;
    opts.onCancel();
  }

  // Initial values ---------------------------------------------------------------------------------------
  root.replaceChildren(form);
  fillPlaces(province, []);
  fillPlaces(district, []);
  fillPlaces(village, []);
  district.disabled = true;
  showVillageSelect(true);
  village.disabled = true;
  opts.draft.documents.forEach((doc) => addDocumentRow(doc.kind, doc.number));
  opts.draft.dependants.forEach((dep, i) =>
    addDependantRow(dep.name, dep.relation, String(initial[`dependants.${i}.date_of_birth`] ?? "")),
  );
  if (opts.draft.documents.length === 0) addDocumentRow();
  for (const [name, value] of Object.entries(initial)) {
    if (name.startsWith("documents.") || name.startsWith("dependants.")) continue;
    if (name === "province" || name === "district_code" || name === "village_code") continue;
    setValue(name, value);
  }

  void (async () => {
    fillPlaces(province, await ipc.provinces());
    if (initial.province) {
      province.value = String(initial.province);
      await loadDistricts();
      district.value = String(initial.district_code ?? "");
      await loadVillages();
      village.value = String(initial.village_code ?? "");
      villageName.value = String(initial.village_name ?? "");
    }
    await updatePreview();
  })();

  title.focus();
  return { escape, isDirty: () => dirty };
}
