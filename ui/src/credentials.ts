// What the sign-in, change-password and first-admin forms check before asking the shell: the obvious
// mistakes (an empty field, two new passwords that differ, a password too short) are told at once, by field.
// The api checks everything again; these rules mirror crates/api/src/staff.rs and only save a round trip.

import type { Args } from "./i18n";

/** The api's `MIN_PASSWORD_CHARS`. */
export const MIN_PASSWORD_CHARS = 10;

/** A message for one field of a form. */
export interface FieldMessage {
  field: string;
  id: string;
  args: Args;
}

const STAFF_ID = /^[a-z0-9._-]{2,32}$/;

const required = (field: string): FieldMessage => ({ field, id: "error-required", args: {} });

/** Characters as the api counts them: Unicode scalar values after NFC (a Lao password counts its marks). */
export function passwordLength(password: string): number {
  return [...password.normalize("NFC")].length;
}

/** Sign-in: both fields typed. The id is not checked further: a wrong one gets the same answer as a wrong password. */
export function checkSignIn(staffId: string, password: string): FieldMessage[] {
  const out: FieldMessage[] = [];
  if (staffId.trim() === "") out.push(required("staff_id"));
  if (password === "") out.push(required("password"));
  return out;
}

/**
 * A new password typed twice (`new`, `again`), long enough; with `current` (the change-password screen), also
 * typed and not the same as the new one.
 */
export function checkNewPassword(next: string, again: string, current?: string): FieldMessage[] {
  const out: FieldMessage[] = [];
  if (current !== undefined && current === "") out.push(required("current"));
  if (next === "") out.push(required("new"));
  else if (passwordLength(next) < MIN_PASSWORD_CHARS) out.push({ field: "new", id: "error-password-too-short", args: { min: MIN_PASSWORD_CHARS } });
  else if (current !== undefined && current !== "" && next === current) out.push({ field: "new", id: "error-password-unchanged", args: {} });
  if (again === "") out.push(required("again"));
  else if (next !== "" && again !== next) out.push({ field: "again", id: "session-password-mismatch", args: {} });
  return out;
}

/** The first admin account: a valid id, a name, a password typed twice. */
export function checkNewAccount(staffId: string, name: string, password: string, again: string): FieldMessage[] {
  const out: FieldMessage[] = [];
  const id = staffId.trim();
  if (id === "") out.push(required("id"));
  else if (!STAFF_ID.test(id)) out.push({ field: "id", id: "error-staff-id-invalid", args: { staff_id: id } });
  if (name.trim() === "") out.push(required("name"));
  out.push(...checkNewPassword(password, again));
  return out;
}
