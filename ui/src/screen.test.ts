import { describe, expect, it } from "vitest";
import { escapeAction, gateOf, nextScreen, type EscapeAction, type Gate, type Screen, type ScreenEvent, type SessionState } from "./screen";
import type { MemberView } from "./bindings/MemberView";

// nextScreen only carries views along, so a view here needs nothing but what tells two apart.
const view = (memberNo: string): MemberView => ({ member: { member_no: memberNo } }) as unknown as MemberView;
const a = view("0101-01-000017");
const b = view("0101-01-000042");

const home: Screen = { name: "home" };
const register: Screen = { name: "register" };
const member: Screen = { name: "member", view: a, justSaved: null };
const amend: Screen = { name: "amend", view: a };
const failed: Screen = { name: "failed", error: "boom" };

describe("screen transitions", () => {
  const cases: [string, Screen, ScreenEvent, Screen][] = [
    ["start without an office", { name: "starting" }, { kind: "office", ready: false }, { name: "setup" }],
    ["start with an office", { name: "starting" }, { kind: "office", ready: true }, home],
    ["setup done", { name: "setup" }, { kind: "office", ready: true }, home],
    ["register from home", home, { kind: "register" }, register],
    ["register from a member", member, { kind: "register" }, register],
    ["registered", register, { kind: "saved", view: b }, { name: "member", view: b, justSaved: "registered" }],
    ["register cancelled", register, { kind: "cancel" }, home],
    ["amend from the member page", member, { kind: "amend" }, amend],
    ["amend elsewhere means nothing", home, { kind: "amend" }, home],
    ["amended", amend, { kind: "saved", view: b }, { name: "member", view: b, justSaved: "amended" }],
    ["amended, identity changes sent for approval", amend, { kind: "saved", view: b, correctionFiled: true }, { name: "member", view: b, justSaved: "correction-filed" }],
    ["registered never files a correction", register, { kind: "saved", view: b, correctionFiled: false }, { name: "member", view: b, justSaved: "registered" }],
    ["amend cancelled goes back to the member", amend, { kind: "cancel" }, member],
    ["saved outside a form means nothing", member, { kind: "saved", view: b }, member],
    ["cancel outside a form means nothing", home, { kind: "cancel" }, home],
    ["open a member from search", home, { kind: "open-member", view: b }, { name: "member", view: b, justSaved: null }],
    ["open another member", { name: "member", view: a, justSaved: "registered" }, { kind: "open-member", view: b }, { name: "member", view: b, justSaved: null }],
    ["print queue", home, { kind: "page", page: "queue" }, { name: "queue" }],
    ["day page", member, { kind: "page", page: "day" }, { name: "day" }],
    ["weekly page", { name: "queue" }, { kind: "page", page: "weekly" }, { name: "weekly" }],
    ["back home", { name: "weekly" }, { kind: "home" }, home],
    ["a failure", member, { kind: "failed", error: "boom" }, failed],
    ["out of a failure", failed, { kind: "open-member", view: a }, member],
    // Sessions
    ["office without staff: the first admin", { name: "setup" }, { kind: "session", gate: "first-admin" }, { name: "first-admin" }],
    ["first admin created and signed in", { name: "first-admin" }, { kind: "session", gate: "open" }, home],
    ["start with staff accounts", { name: "starting" }, { kind: "session", gate: "signin" }, { name: "signin" }],
    ["signed in: home", { name: "signin" }, { kind: "session", gate: "open" }, home],
    ["signed in after a reset", { name: "signin" }, { kind: "session", gate: "change-password" }, { name: "change-password" }],
    ["password changed", { name: "change-password" }, { kind: "session", gate: "open" }, home],
    ["locked keeps the form under the lock", register, { kind: "session", gate: "locked" }, register],
    ["locked keeps the member page", member, { kind: "session", gate: "locked" }, member],
    ["unlocked goes back to the form", register, { kind: "session", gate: "open" }, register],
    ["unlocked goes back to the member page", member, { kind: "session", gate: "open" }, member],
    ["locked at start", { name: "starting" }, { kind: "session", gate: "locked" }, { name: "starting" }],
    ["unlocked at start goes home", { name: "starting" }, { kind: "session", gate: "open" }, home],
    ["switch user from a member page", member, { kind: "session", gate: "signin" }, { name: "signin" }],
    ["signed out while amending", amend, { kind: "session", gate: "signin" }, { name: "signin" }],
    ["open after a failure goes home", failed, { kind: "session", gate: "open" }, home],
  ];
  for (const [what, from, event, to] of cases) {
    it(what, () => expect(nextScreen(from, event)).toEqual(to));
  }
});

describe("Esc with no dialog open", () => {
  const cases: [Screen, boolean, EscapeAction][] = [
    [register, false, "leave-form"],
    [amend, false, "leave-form"],
    [member, false, "home"],
    [member, true, "nothing"],
    [{ name: "queue" }, false, "home"],
    [{ name: "day" }, false, "home"],
    [{ name: "weekly" }, false, "home"],
    [home, false, "nothing"],
    [{ name: "setup" }, false, "nothing"],
    [{ name: "starting" }, false, "nothing"],
    [failed, false, "nothing"],
    [{ name: "first-admin" }, false, "nothing"],
    [{ name: "signin" }, false, "nothing"],
    [{ name: "change-password" }, false, "nothing"],
  ];
  for (const [screen, paymentOpen, action] of cases) {
    it(`${screen.name}${paymentOpen ? " while paying" : ""} → ${action}`, () => expect(escapeAction(screen, paymentOpen)).toBe(action));
  }
});

describe("the session's gate", () => {
  const someone = { staff_id: "noy", name: "ນ. ນ້ອຍ", roles: ["clerk"] };
  const none = { has_staff: false, staff: null, must_change_password: false, locked: false };
  it("no staff account, in the visit that set the office up: the first admin", () => expect(gateOf(none, true)).toBe("first-admin"));
  it("no staff account, an office set up before: the setup user, as always", () => expect(gateOf(none, false)).toBe("open"));
  const cases: [string, SessionState, Gate][] = [
    ["nobody signed in", { has_staff: true, staff: null, must_change_password: false, locked: false }, "signin"],
    ["signed in", { has_staff: true, staff: someone, must_change_password: false, locked: false }, "open"],
    ["signed in, locked", { has_staff: true, staff: someone, must_change_password: false, locked: true }, "locked"],
    ["signed in after a reset", { has_staff: true, staff: someone, must_change_password: true, locked: false }, "change-password"],
    ["after a reset and locked: unlock first", { has_staff: true, staff: someone, must_change_password: true, locked: true }, "locked"],
  ];
  for (const [what, session, gate] of cases) {
    it(what, () => expect(gateOf(session, false)).toBe(gate));
  }
});
