import { describe, expect, it } from "vitest";
import { checkNewAccount, checkNewPassword, checkSignIn, passwordLength, type FieldMessage } from "./credentials";

/** field:message-id pairs, the shape every case is compared in. */
const shape = (messages: FieldMessage[]): string[] => messages.map((m) => `${m.field}:${m.id}`);

describe("sign-in form", () => {
  const cases: [string, string, string, string[]][] = [
    ["both typed", "noy", "a long password", []],
    ["nothing typed", "", "", ["staff_id:error-required", "password:error-required"]],
    ["spaces only for the id", "   ", "secret", ["staff_id:error-required"]],
    ["no password", "noy", "", ["password:error-required"]],
    ["a short password still goes to the shell (it may be an old one)", "noy", "x", []],
  ];
  for (const [what, id, password, expected] of cases) {
    it(what, () => expect(shape(checkSignIn(id, password))).toEqual(expected));
  }
});

describe("new password", () => {
  const cases: [string, string, string, string | undefined, string[]][] = [
    ["good, first account", "ten chars!", "ten chars!", undefined, []],
    ["good, change", "new password 1", "new password 1", "old password", []],
    ["all empty on change", "", "", "", ["current:error-required", "new:error-required", "again:error-required"]],
    ["too short", "nine char", "nine char", undefined, ["new:error-password-too-short"]],
    ["typed twice differently", "ten chars!", "ten chars?", undefined, ["again:session-password-mismatch"]],
    ["same as the current one", "old password", "old password", "old password", ["new:error-password-unchanged"]],
    ["again missing", "ten chars!", "", undefined, ["again:error-required"]],
    ["new missing, again typed", "", "something", undefined, ["new:error-required"]],
    ["Lao letters and marks count one by one", "ກີບກີບກີບກີ", "ກີບກີບກີບກີ", undefined, []],
  ];
  for (const [what, next, again, current, expected] of cases) {
    it(what, () => expect(shape(checkNewPassword(next, again, current))).toEqual(expected));
  }

  it("the too-short message names the minimum", () => {
    expect(checkNewPassword("short", "short")[0]?.args).toEqual({ min: 10 });
  });
});

describe("first admin account", () => {
  const cases: [string, [string, string, string, string], string[]][] = [
    ["good", ["admin", "ສົມສີ ພົມມະວົງ", "ten chars!", "ten chars!"], []],
    ["id with spaces around is trimmed", [" noy.k ", "Noy", "ten chars!", "ten chars!"], []],
    ["id one character", ["a", "Noy", "ten chars!", "ten chars!"], ["id:error-staff-id-invalid"]],
    ["id with capitals", ["Admin", "Noy", "ten chars!", "ten chars!"], ["id:error-staff-id-invalid"]],
    ["id too long", ["a".repeat(33), "Noy", "ten chars!", "ten chars!"], ["id:error-staff-id-invalid"]],
    ["id 32 characters", ["a".repeat(32), "Noy", "ten chars!", "ten chars!"], []],
    ["nothing typed", ["", "", "", ""], ["id:error-required", "name:error-required", "new:error-required", "again:error-required"]],
    ["passwords differ", ["admin", "Noy", "ten chars!", "ten chars."], ["again:session-password-mismatch"]],
  ];
  for (const [what, [id, name, password, again], expected] of cases) {
    it(what, () => expect(shape(checkNewAccount(id, name, password, again))).toEqual(expected));
  }
});

describe("password length as the api counts it", () => {
  const cases: [string, number][] = [
    ["abc", 3],
    ["ກີບ", 3],
    // e + combining acute is one character after NFC.
    ["e\u0301", 1],
  ];
  for (const [text, length] of cases) it(JSON.stringify(text), () => expect(passwordLength(text)).toBe(length));
});
