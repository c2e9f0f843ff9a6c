// The registration form, also used to amend a member. Paper-form order; Enter moves to the next field and
// submits from the last one; every problem the api reports is shown beside its field. The parts live in
// register/: field builders, the document and dependant rows, the address lists, the contribution preview,
// and the display of a refusal.

import * as ipc from "../ipc";
import { IpcError } from "../ipc";
import { describedBy, h, l10n, msg, named } from "../dom";
import { OCCUPATIONS, SEXES, TITLES, draftToValues, valuesToDraft, type FormValues } from "../form";
import { failure, guard } from "../report";
import type { Draft } from "../bindings/Draft";
import type { Hospital } from "../bindings/Hospital";
import type { MemberView } from "../bindings/MemberView";
import type { Action } from "../bindings/Action";
import { confirmDialog } from "./dialogs";
import { modalIsOpen } from "./modal";
import { addressSection } from "./register/address";
import { registrationSection } from "./register/backdate";
import { choiceSelect, field, section, textInput, wholeSection, type Control } from "./register/controls";
import { contributionPreview } from "./register/preview";
import { formProblems } from "./register/problems";
import { dependantsSection, documentsSection } from "./register/rows";

export interface RegisterOptions {
  mode: "register" | "amend";
  memberNo?: string;
  draft: Draft;
  hospitals: Hospital[];
  /** The office's kip grouping separator. */
  separator: string;
  /** What the person may do: with `backdate`, allow a registration date further back than the office's limit. */
  actions: readonly Action[];
  /** How many days back a registration may be dated without a supervisor (`OfficeView.registration_backdate_days`). */
  backdateDays: number;
  /** `correctionFiled`: the amendment changed identity fields, which wait for a supervisor's approval. */
  onSaved: (view: MemberView, correctionFiled: boolean) => void;
  onCancel: () => void;
  onOpenMember: (memberNo: string) => void;
}

export interface FormView {
  /** Esc: leave the form, after asking when something was typed. */
  escape: () => Promise<void>;
  isDirty: () => boolean;
}

/** Title, names in Lao and Latin script, sex, date of birth. */
function personSection(): { el: HTMLElement; first: HTMLElement } {
  const title = choiceSelect("title", TITLES, "title");
  const dob = textInput("date_of_birth", { inputmode: "numeric", maxlength: 10 });
  l10n(dob, "date-placeholder", undefined, "placeholder");
  const el = section(
    "section-person",
    field("title", "field-title", title),
    field("given_name_lo", "field-given_name_lo", textInput("given_name_lo", { lang: "lo" }), { rowStart: true }),
    field("family_name_lo", "field-family_name_lo", textInput("family_name_lo", { lang: "lo" })),
    field("given_name_latin", "field-given_name_latin", textInput("given_name_latin", { lang: "en", autocapitalize: "words" })),
    field("family_name_latin", "field-family_name_latin", textInput("family_name_latin", { lang: "en", autocapitalize: "words" })),
    field("sex", "field-sex", choiceSelect("sex", SEXES, "sex")),
    field("date_of_birth", "field-date_of_birth", dob, { hint: msg("p", "date-hint", undefined, { class: "hint" }) }),
  );
  return { el, first: title };
}

/** Occupation, licence and tax numbers, the income base with its live contribution, the hospital. */
function workSection(hospitals: readonly Hospital[], separator: string): { el: HTMLElement; updatePreview: () => Promise<void> } {
  const income = textInput("income_base_kip", { inputmode: "numeric" });
  l10n(income, "income-placeholder", undefined, "placeholder");
  const preview = contributionPreview(income, separator);
  const hospital = h("select", { name: "hospital", id: "f-hospital" });
  hospital.append(msg("option", "choose", undefined, { value: "" }));
  for (const item of hospitals) hospital.append(named("option", item.name_lo, item.name_en, { value: item.code }));
  const el = section(
    "section-work",
    field("occupation", "field-occupation", choiceSelect("occupation", OCCUPATIONS, "occupation")),
    field("business_licence_no", "field-business_licence_no", textInput("business_licence_no")),
    field("tax_id", "field-tax_id", textInput("tax_id")),
    field("income_base_kip", "field-income_base_kip", income, { hint: preview.hint }),
    field("hospital", "field-hospital", hospital, { wide: true }),
  );
  return { el, updatePreview: preview.update };
}

/** The applicant's consent, a checkbox with the statement as its label. */
function consentSection(): HTMLElement {
  const consent = h("input", { type: "checkbox", name: "consent", id: "f-consent" });
  const { el, slot } = wholeSection("consent", "section-consent", [h("label", { class: "check", for: "f-consent" }, consent, msg("span", "consent-statement"))]);
  describedBy(consent, slot);
  return el;
}

/** The form's named controls in document (paper-form) order. */
function controls(form: HTMLFormElement): Control[] {
  return [...form.querySelectorAll<Control>("input[name], select[name]")];
}

function collect(form: HTMLFormElement): FormValues {
  const values: FormValues = {};
  for (const control of controls(form)) {
    if (control.disabled) continue;
    values[control.name] = control instanceof HTMLInputElement && control.type === "checkbox" ? control.checked : control.value;
  }
  return values;
}

function setValue(form: HTMLFormElement, name: string, value: string | boolean): void {
  const control = form.querySelector<Control>(`[name="${CSS.escape(name)}"]`);
  if (!control) return;
  if (control instanceof HTMLInputElement && control.type === "checkbox") control.checked = value === true;
  else control.value = String(value);
}

/** Enter moves to the next field in paper-form order; on the last field it submits. */
function enterMovesOn(form: HTMLFormElement): void {
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing || event.shiftKey || event.ctrlKey || event.altKey) return;
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
    event.preventDefault();
    const order = controls(form).filter((c) => !c.disabled && !c.hidden);
    const index = order.indexOf(target);
    const next = order[index + 1];
    if (index >= 0 && next) next.focus();
    else form.requestSubmit();
  });
}

/** Fills the form from the draft being amended (or the empty one); the place lists load after. */
function fillInitial(
  form: HTMLFormElement,
  initial: FormValues,
  draft: Draft,
  documents: ReturnType<typeof documentsSection>,
  dependants: ReturnType<typeof dependantsSection>,
): void {
  draft.documents.forEach((doc) => documents.add(doc.kind, doc.number));
  draft.dependants.forEach((dep, i) => dependants.add(dep.name, dep.relation, String(initial[`dependants.${i}.date_of_birth`] ?? "")));
  if (draft.documents.length === 0) documents.add();
  for (const [name, value] of Object.entries(initial)) {
    if (name.startsWith("documents.") || name.startsWith("dependants.")) continue;
    if (name === "province" || name === "district_code" || name === "village_code") continue;
    setValue(form, name, value);
  }
}

export function renderRegister(root: HTMLElement, opts: RegisterOptions): FormView {
  let dirty = false;
  let busy = false;
  const markDirty = (): void => {
    dirty = true;
  };
  const initial = draftToValues(opts.draft);

  const formError = h("div", { class: "form-error", id: "form-error", role: "alert" });
  /** A failure outside the api's answer to Save (a place list that did not load): one line above the buttons. */
  const reportToForm = (error: unknown): void => {
    const m = failure(error);
    formError.replaceChildren(msg("p", m.id, m.args, { class: "summary" }));
  };
  const person = personSection();
  const documents = documentsSection(markDirty);
  const address = addressSection(reportToForm);
  const work = workSection(opts.hospitals, opts.separator);
  const dependants = dependantsSection(markDirty);
  // A new member's registration date; an amendment keeps the stored one.
  const registration = opts.mode === "register" ? registrationSection(opts.actions, opts.backdateDays) : null;
  const save = msg("button", opts.mode === "register" ? "register-save" : "amend-save", undefined, { type: "submit", id: "save", class: "primary" });
  const cancel = msg("button", "cancel", undefined, { type: "button", id: "cancel" });
  const heading = opts.mode === "register" ? msg("h1", "register-title") : msg("h1", "amend-title", { member_no: opts.memberNo ?? "" });

  const form = h(
    "form",
    { id: "register-form", class: "register", novalidate: true, autocomplete: "off" },
    h("div", { class: "form-head" }, heading, msg("p", "register-keys-hint", undefined, { class: "hint" })),
    person.el,
    documents.el,
    address.el,
    work.el,
    dependants.el,
    registration?.el ?? null,
    consentSection(),
    formError,
    h("div", { class: "actions sticky" }, cancel, save),
  );
  const problems = formProblems(form, formError, {
    onOpenMember: opts.onOpenMember,
    onConfirm: guard(() => submit(true), reportToForm),
  }, opts.separator);

  async function submit(confirmDuplicate: boolean): Promise<void> {
    if (busy) return;
    busy = true;
    save.disabled = true;
    problems.clear();
    const values = collect(form);
    const draft = valuesToDraft(values, registration ? String(values.registered_on ?? "") : opts.draft.registered_on);
    try {
      const saved = registration
        ? { view: await ipc.register(draft, { confirm_duplicate: confirmDuplicate, allow_backdate: registration.allowBackdate() }), correction: null }
        : await ipc.amend(opts.memberNo ?? "", draft);
      dirty = false;
      opts.onSaved(saved.view, saved.correction !== null);
    } catch (raw) {
      if (!(raw instanceof IpcError)) throw raw;
      problems.show(raw.error);
    } finally {
      busy = false;
      save.disabled = false;
    }
  }

  async function escape(): Promise<void> {
    if (modalIsOpen()) return;
    if (dirty && !(await confirmDialog("discard-question", "discard-yes", "discard-no"))) return;
    dirty = false;
    opts.onCancel();
  }

  const submitGuarded = guard(() => submit(false), reportToForm);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitGuarded();
  });
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  enterMovesOn(form);
  cancel.addEventListener("click", guard(escape));

  root.replaceChildren(form);
  fillInitial(form, initial, opts.draft, documents, dependants);
  if (registration) guard(async () => registration.setToday(await ipc.today()), reportToForm)();
  guard(async () => {
    await address.load(initial);
    await work.updatePreview();
  }, reportToForm)();
  person.first.focus();
  return { escape, isDirty: () => dirty };
}
