import { describe, expect, it } from "vitest";
import { escapeAction, nextScreen, type EscapeAction, type Screen, type ScreenEvent } from "./screen";
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
  ];
  for (const [screen, paymentOpen, action] of cases) {
    it(`${screen.name}${paymentOpen ? " while paying" : ""} → ${action}`, () => expect(escapeAction(screen, paymentOpen)).toBe(action));
  }
});
