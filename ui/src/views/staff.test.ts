import { describe, expect, it } from "vitest";
import type { StaffView } from "../bindings/StaffView";
import { instantToDisplay } from "../format";
import { escapeAction, nextScreen, type Page } from "../screen";
import { checkNewStaff, checkPasswords, staffRow, type FieldProblem, type StaffForm } from "./staff";

const good: StaffForm = { id: "noy", name: "ນ້ອຍ ສີສະຫວາດ", roles: ["clerk"], password: "ten chars!", again: "ten chars!" };
const problem = (field: string, id: string, args: FieldProblem["args"] = {}): FieldProblem => ({ field, id, args });

describe("the add form's checks, before asking the api", () => {
  const cases: [string, Partial<StaffForm>, FieldProblem[]][] = [
    ["a good account", {}, []],
    ["several roles", { roles: ["cashier", "supervisor", "admin"] }, []],
    ["id with every allowed character", { id: "a.b_c-9" }, []],
    ["id trimmed before the check", { id: "  noy  " }, []],
    ["no id", { id: "" }, [problem("id", "error-required")]],
    ["blank id", { id: "   " }, [problem("id", "error-required")]],
    ["one-character id", { id: "n" }, [problem("id", "error-staff-id-invalid", { staff_id: "n" })]],
    ["33-character id", { id: "a".repeat(33) }, [problem("id", "error-staff-id-invalid", { staff_id: "a".repeat(33) })]],
    ["32-character id", { id: "a".repeat(32) }, []],
    ["capital letters", { id: "Noy" }, [problem("id", "error-staff-id-invalid", { staff_id: "Noy" })]],
    ["a space inside", { id: "no y" }, [problem("id", "error-staff-id-invalid", { staff_id: "no y" })]],
    ["Lao letters", { id: "ນ້ອຍ" }, [problem("id", "error-staff-id-invalid", { staff_id: "ນ້ອຍ" })]],
    ["no name", { name: "  " }, [problem("name", "error-required")]],
    ["no role", { roles: [] }, [problem("roles", "error-staff-no-role")]],
    ["short password", { password: "123456789", again: "123456789" }, [problem("password", "error-password-too-short", { min: 10 })]],
    ["passwords differ", { again: "ten chars?" }, [problem("password-again", "staff-passwords-differ")]],
    [
      "everything wrong, in the form's order",
      { id: "", name: "", roles: [], password: "", again: "x" },
      [problem("id", "error-required"), problem("name", "error-required"), problem("roles", "error-staff-no-role"), problem("password", "error-password-too-short", { min: 10 })],
    ],
  ];
  for (const [what, change, expected] of cases) {
    it(what, () => expect(checkNewStaff({ ...good, ...change })).toEqual(expected));
  }
});

describe("a new password typed twice", () => {
  // Counted as the api counts: characters of the NFC form, so a Lao word typed with combining marks is not short-changed.
  const cases: [string, string, string, FieldProblem[]][] = [
    ["exactly the minimum", "0123456789", "0123456789", []],
    ["one short", "012345678", "012345678", [problem("reset-password", "error-password-too-short", { min: 10 })]],
    ["ten Lao characters", "ສະບາຍດີລາວ", "ສະບາຍດີລາວ", []],
    ["nine Lao characters", "ສະບາຍດີລາ", "ສະບາຍດີລາ", [problem("reset-password", "error-password-too-short", { min: 10 })]],
    ["different", "0123456789", "0123456780", [problem("reset-password-again", "staff-passwords-differ")]],
    ["empty", "", "", [problem("reset-password", "error-password-too-short", { min: 10 })]],
  ];
  for (const [what, password, again, expected] of cases) {
    it(what, () => expect(checkPasswords(password, again, "reset-password")).toEqual(expected));
  }
});

describe("a staff account as a row", () => {
  const account = (change: Partial<StaffView>): StaffView => ({
    id: "noy",
    name: "Noy",
    roles: ["clerk"],
    active: true,
    locked: false,
    locked_until: null,
    must_change_password: false,
    ...change,
  });
  const until = "2026-11-29T03:15:00Z";
  const cases: [string, Partial<StaffView>, string[], { id: string; args: Record<string, string> }[]][] = [
    ["active clerk", {}, ["staff-role-clerk"], [{ id: "staff-state-active", args: {} }]],
    ["roles in the matrix's order", { roles: ["admin", "clerk", "supervisor"] }, ["staff-role-clerk", "staff-role-supervisor", "staff-role-admin"], [{ id: "staff-state-active", args: {} }]],
    ["disabled", { active: false, locked: true, locked_until: until }, ["staff-role-clerk"], [{ id: "staff-state-disabled", args: {} }]],
    ["locked", { locked: true, locked_until: until }, ["staff-role-clerk"], [{ id: "staff-state-active", args: {} }, { id: "staff-state-locked", args: { time: instantToDisplay(until) } }]],
    ["after a reset", { must_change_password: true }, ["staff-role-clerk"], [{ id: "staff-state-active", args: {} }, { id: "staff-state-must-change", args: {} }]],
  ];
  for (const [what, change, roles, state] of cases) {
    it(what, () => expect(staffRow(account(change))).toEqual({ id: "noy", name: "Noy", roles, state }));
  }
});

describe("the admin and supervisor pages", () => {
  const pages: Page[] = ["staff", "audit", "corrections"];
  for (const page of pages) {
    it(`${page}: opened from its menu entry, Esc goes home`, () => {
      const screen = nextScreen({ name: "home" }, { kind: "page", page });
      expect(screen).toEqual({ name: page });
      expect(escapeAction(screen, false)).toBe("home");
    });
  }
});
