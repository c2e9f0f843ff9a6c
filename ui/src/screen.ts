// Which screen the window shows, with its parameters, as one value. The shell changes it only through
// `nextScreen` (in main.ts, `go`), so where we are is read from this value, never guessed from which element
// ids happen to be in the page.

import type { MemberView } from "./bindings/MemberView";

/** What was just saved, for the member page's banner. */
/** `correction-filed`: an amendment whose identity changes wait for a supervisor's approval. */
export type Saved = "registered" | "amended" | "correction-filed";

/** The pages reached from the navigation buttons. */
export type Page = "queue" | "day" | "weekly";

export type Screen =
  /** Before the office is known. */
  | { name: "starting" }
  /** First run: the office has not been set up on this PC. */
  | { name: "setup" }
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

/** The screen after `event`; an event that means nothing on `screen` leaves it as it is. */
export function nextScreen(screen: Screen, event: ScreenEvent): Screen {
  switch (event.kind) {
    case "office":
      return event.ready ? { name: "home" } : { name: "setup" };
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
      return "home";
    case "starting":
    case "setup":
    case "failed":
    case "home":
      return "nothing";
  }
}
