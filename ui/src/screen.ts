// Which screen the window shows, with its parameters, as one value. The shell changes it only through
// `nextScreen` (in main.ts, `go`), so where we are is read from this value, never guessed from which element
// ids happen to be in the page.

import type { MemberView } from "./bindings/MemberView";

/** What was just saved, for the member page's banner. */
/** `correction-filed`: an amendment whose identity changes wait for a supervisor's approval. */
export type Saved = "registered" | "amended" | "correction-filed";

/**
 * Where the session lets the window be, from the shell's `SessionView`: the first admin account to create, a
 * sign-in, a password to change after an admin's reset, a locked screen, or open for work.
 */
export type Gate = "first-admin" | "signin" | "change-password" | "locked" | "open";

/** The parts of the shell's `SessionView` that decide the gate. */
export interface SessionState {
  has_staff: boolean;
  staff: unknown;
  must_change_password: boolean;
  locked: boolean;
}

/**
 * The gate of `session`. An office without staff accounts is set up with its first admin before anything else;
 * with accounts, nobody signed in means the sign-in screen; a locked session is unlocked before anything else
 * (the shell refuses every other command meanwhile), then a reset password is changed.
 */
export function gateOf(session: SessionState, firstRun: boolean): Gate {
  // An office without accounts acts as the setup user, as it always did (docs/staff.md); the first admin is asked
  // for in the visit that set the office up, and later from the staff page.
  if (!session.has_staff) return firstRun ? "first-admin" : "open";
  if (session.staff === null || session.staff === undefined) return "signin";
  if (session.locked) return "locked";
  if (session.must_change_password) return "change-password";
  return "open";
}

/** The pages reached from the navigation buttons. */
/** `staff`, `audit`, `corrections`: the admin's and the supervisor's pages (`manage-staff`, `view-audit`,
 * `decide-correction`), offered only when the session's actions include them. */
/** `backup`: "back up now" (supervisor, admin) and the backup settings (admin). */
/** `reports`, `arrears`: the supervisor's reports and arrears list (`view-reports`). */
export type Page = "queue" | "day" | "weekly" | "staff" | "audit" | "corrections" | "backup" | "reports" | "arrears";

export type Screen =
  /** Before the office is known. */
  | { name: "starting" }
  /** First run: the office has not been set up on this PC. */
  | { name: "setup" }
  /** First run, after the office: the first admin account. */
  | { name: "first-admin" }
  /** The office has staff accounts and nobody is signed in. */
  | { name: "signin" }
  /** Signed in after an admin's password reset: a new password before anything else. */
  | { name: "change-password" }
  /** Something failed that left nothing to show: the error banner alone. */
  | { name: "failed"; error: unknown }
  | { name: "home" }
  | { name: "register" }
  | { name: "amend"; view: MemberView }
  | { name: "member"; view: MemberView; justSaved: Saved | null }
  | { name: Page };

export type ScreenEvent =
  /** The office was read at start (or set up): `ready` is false when it still has to be set up. */
  | { kind: "office"; ready: boolean }
  /** The session changed (read at start, signed in or out, unlocked, password changed). A locked session keeps
   * the screen as it is, under the lock screen, so nothing typed is lost; unlocking goes back to it. */
  | { kind: "session"; gate: Gate }
  | { kind: "home" }
  | { kind: "register" }
  | { kind: "open-member"; view: MemberView }
  /** The member page's Amend. */
  | { kind: "amend" }
  /** The register or amend form was saved; `view` is the member as stored now; `correctionFiled`: the
   * amendment's identity changes were sent for a supervisor's approval. */
  | { kind: "saved"; view: MemberView; correctionFiled?: boolean }
  /** The register or amend form was left without saving. */
  | { kind: "cancel" }
  | { kind: "page"; page: Page }
  | { kind: "failed"; error: unknown };

/** The screens shown before anyone may work: opening the session from them goes home. */
const OUTSIDE: ReadonlySet<Screen["name"]> = new Set(["starting", "setup", "first-admin", "signin", "change-password", "failed"]);

function afterSession(screen: Screen, gate: Gate): Screen {
  switch (gate) {
    case "first-admin":
    case "signin":
    case "change-password":
      return { name: gate };
    case "locked":
      return screen;
    case "open":
      return OUTSIDE.has(screen.name) ? { name: "home" } : screen;
  }
}

/** The screen after `event`; an event that means nothing on `screen` leaves it as it is. */
export function nextScreen(screen: Screen, event: ScreenEvent): Screen {
  switch (event.kind) {
    case "office":
      return event.ready ? { name: "home" } : { name: "setup" };
    case "session":
      return afterSession(screen, event.gate);
    case "home":
      return { name: "home" };
    case "register":
      return { name: "register" };
    case "open-member":
      return { name: "member", view: event.view, justSaved: null };
    case "amend":
      return screen.name === "member" ? { name: "amend", view: screen.view } : screen;
    case "saved":
      if (screen.name === "register") return { name: "member", view: event.view, justSaved: "registered" };
      if (screen.name === "amend") return { name: "member", view: event.view, justSaved: event.correctionFiled ? "correction-filed" : "amended" };
      return screen;
    case "cancel":
      if (screen.name === "register") return { name: "home" };
      if (screen.name === "amend") return { name: "member", view: screen.view, justSaved: null };
      return screen;
    case "page":
      return { name: event.page };
    case "failed":
      return { name: "failed", error: event.error };
  }
}

/** What Esc does when no dialog is open. */
export type EscapeAction =
  /** Leave the form, after asking when something was typed. */
  | "leave-form"
  | "home"
  | "nothing";

/**
 * Esc on `screen` with no dialog open. On the member page an open payment form keeps the clerk where they
 * are (the form's own Esc closes it when the focus is inside it); the first-run setup has nowhere to go back to.
 */
export function escapeAction(screen: Screen, paymentOpen: boolean): EscapeAction {
  switch (screen.name) {
    case "register":
    case "amend":
      return "leave-form";
    case "member":
      return paymentOpen ? "nothing" : "home";
    case "queue":
    case "day":
    case "weekly":
    case "staff":
    case "audit":
    case "corrections":
    case "backup":
    case "reports":
    case "arrears":
      return "home";
    case "starting":
    case "setup":
    case "first-admin":
    case "signin":
    case "change-password":
    case "failed":
    case "home":
      return "nothing";
  }
}
