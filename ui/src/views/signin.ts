// The screens before anyone may work: signing in (staff id and password), and choosing a new password right
// after signing in with one an admin reset. Both are keyboard-first: the first field has the focus, Enter
// submits, refusals are shown in the person's language from the shell's `{code, args}`.

import * as ipc from "../ipc";
import { IpcError } from "../ipc";
import { describedBy, h, l10n, markInvalid, msg } from "../dom";
import { checkNewPassword, checkSignIn, MIN_PASSWORD_CHARS, type FieldMessage } from "../credentials";
import { errorMessage, type Message } from "../errors";
import { failure, guard } from "../report";
import type { SessionView } from "../bindings/SessionView";

/** One labelled input with its error slot; `name` is the field the checks and the api's codes point at. */
export interface Field {
  name: string;
  input: HTMLInputElement;
  error: HTMLElement;
  row: HTMLElement;
}

/** A message shown under an input, with its arguments. */
export interface Hint {
  id: string;
  args?: Record<string, number | string>;
}

type InputAttrs = Record<string, string | number | boolean>;

/** A labelled input row: `label` and `hint` are message ids. */
export function field(name: string, id: string, label: string, attrs: InputAttrs, hint?: Hint): Field {
  const input = h("input", { id, name, autocomplete: "off", spellcheck: "false", autocapitalize: "off", ...attrs });
  const error = h("p", { class: "field-error", id: `${id}-error`, "data-for": name });
  const hintEl = hint ? msg("p", hint.id, hint.args, { class: "hint", id: `${id}-hint` }) : null;
  describedBy(input, hintEl, error);
  const row = h("div", { class: "field" }, msg("label", label, undefined, { for: id }), input, hintEl, error);
  return { name, input, error, row };
}

/** A password input row. */
export function passwordField(name: string, id: string, label: string, autocomplete: string, hint?: Hint): Field {
  return field(name, id, label, { type: "password", autocomplete }, hint);
}

/** Empties every field's error and the form's error. */
export function clearMessages(fields: readonly Field[], formError: HTMLElement): void {
  for (const f of fields) {
    f.error.replaceChildren();
    delete f.error.dataset.l10nId;
    markInvalid(f.input, false);
  }
  formError.replaceChildren();
  delete formError.dataset.l10nId;
}

/** Shows each message under its field (or in the form's error when no field has that name); focuses the first. */
export function showMessages(fields: readonly Field[], formError: HTMLElement, messages: readonly FieldMessage[]): void {
  let first: HTMLInputElement | null = null;
  for (const m of messages) {
    const target = fields.find((f) => f.name === m.field);
    if (target) {
      l10n(target.error, m.id, m.args);
      markInvalid(target.input, true);
      first ??= target.input;
    } else {
      l10n(formError, m.id, m.args);
    }
  }
  first?.focus();
}

/**
 * What a refusal says, placed: the api's field problems under their fields; a refusal whose code names a field
 * (`fieldOf`) under that field; anything else in the form's error.
 */
export function refusalMessages(error: unknown, fieldOf: (code: string) => string | null): FieldMessage[] {
  if (!(error instanceof IpcError)) {
    const m: Message = failure(error);
    return [{ field: "", id: m.id, args: m.args }];
  }
  const api = error.error;
  if (api.problems.length > 0) {
    return api.problems.map((problem) => {
      const m = errorMessage(problem);
      return { field: problem.field, id: m.id, args: m.args };
    });
  }
  const m = errorMessage(api);
  return [{ field: fieldOf(api.code) ?? "", id: m.id, args: m.args }];
}

function formError(id: string): HTMLElement {
  return h("p", { class: "form-error", id, role: "alert" });
}

/** Runs `work` on submit (Enter in any field), with the submit button disabled meanwhile. */
function onSubmit(form: HTMLFormElement, button: HTMLButtonElement, work: () => Promise<void>, report: (e: unknown) => void): void {
  const run = guard(async () => {
    button.disabled = true;
    try {
      await work();
    } finally {
      button.disabled = false;
    }
  }, report);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!button.disabled) run();
  });
}

/** The sign-in screen. `onSession`: the session after signing in. */
export function renderSignIn(root: HTMLElement, onSession: (view: SessionView) => void): void {
  const staffId = field("staff_id", "signin-id", "signin-staff-id", { autocomplete: "username", required: true });
  const password = passwordField("password", "signin-password", "signin-password", "current-password");
  const error = formError("signin-error");
  const submit = msg("button", "signin-submit", undefined, { type: "submit", id: "signin-submit", class: "primary" });
  const fields = [staffId, password];
  const form = h(
    "form",
    { class: "card gate", id: "signin-form", novalidate: true },
    msg("h1", "signin-title"),
    msg("p", "signin-intro", undefined, { class: "hint" }),
    staffId.row,
    password.row,
    error,
    h("div", { class: "actions" }, submit),
  );
  onSubmit(
    form,
    submit,
    async () => {
      clearMessages(fields, error);
      // Staff ids are lower case: a clerk with Caps Lock on still gets in.
      const id = staffId.input.value.trim().toLowerCase();
      const problems = checkSignIn(id, password.input.value);
      if (problems.length > 0) return showMessages(fields, error, problems);
      try {
        const view = await ipc.signIn(id, password.input.value);
        password.input.value = "";
        onSession(view);
      } catch (e) {
        // Wrong id or password look the same on purpose; the password is typed again either way.
        password.input.value = "";
        showMessages(fields, error, refusalMessages(e, () => null));
        (e instanceof IpcError && e.error.code === "wrong-password" ? password.input : staffId.input).focus();
      }
    },
    (e) => showMessages(fields, error, refusalMessages(e, () => null)),
  );
  root.replaceChildren(form);
  staffId.input.focus();
}

/**
 * The password change that follows an admin's reset: the current password, the new one twice. `onSignOut`
 * leaves the PC to someone else without changing it.
 */
export function renderChangePassword(
  root: HTMLElement,
  name: string,
  onSession: (view: SessionView) => void,
  onSignOut: () => void,
): void {
  const current = passwordField("current", "password-current", "password-current", "current-password");
  const next = passwordField("new", "password-new", "password-new", "new-password", {
    id: "password-new-hint",
    args: { min: MIN_PASSWORD_CHARS },
  });
  const again = passwordField("again", "password-again", "password-again", "new-password");
  const error = formError("password-error");
  const submit = msg("button", "password-submit", undefined, { type: "submit", id: "password-submit", class: "primary" });
  const signOut = msg("button", "session-sign-out", undefined, { type: "button", id: "password-sign-out" });
  const fields = [current, next, again];
  const form = h(
    "form",
    { class: "card gate", id: "password-form", novalidate: true },
    msg("h1", "password-title"),
    msg("p", "password-intro", { name }, { class: "hint" }),
    current.row,
    next.row,
    again.row,
    error,
    h("div", { class: "actions" }, signOut, submit),
  );
  const fieldOf = (code: string): string | null =>
    code === "wrong-password" ? "current" : code === "password-too-short" || code === "password-unchanged" ? "new" : null;
  onSubmit(
    form,
    submit,
    async () => {
      clearMessages(fields, error);
      const problems = checkNewPassword(next.input.value, again.input.value, current.input.value);
      if (problems.length > 0) return showMessages(fields, error, problems);
      try {
        const view = await ipc.changePassword(current.input.value, next.input.value);
        for (const f of fields) f.input.value = "";
        onSession(view);
      } catch (e) {
        showMessages(fields, error, refusalMessages(e, fieldOf));
      }
    },
    (e) => showMessages(fields, error, refusalMessages(e, fieldOf)),
  );
  signOut.addEventListener("click", onSignOut);
  root.replaceChildren(form);
  current.input.focus();
}
