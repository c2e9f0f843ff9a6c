// The lock screen: an opaque dialog over the whole window (what was on screen stays underneath, typed work
// included, but cannot be seen or reached). Only the same person's password unlocks it; anyone may sign out,
// which ends the session and leaves the PC to the next person.

import * as ipc from "../ipc";
import { h, msg } from "../dom";
import { openModal, type Modal } from "./modal";
import { clearMessages, passwordField, refusalMessages, showMessages } from "./signin";
import { guard } from "../report";
import type { SessionView } from "../bindings/SessionView";

export interface LockScreen {
  /** Removes the lock screen (after an unlock, or a sign-out). */
  close: () => void;
}

/** Shows the lock screen for `name` (`staffId`); `onSession` gets the session after unlocking or signing out. */
export function openLock(name: string, staffId: string, onSession: (view: SessionView) => void): LockScreen {
  const password = passwordField("password", "unlock-password", "signin-password", "current-password");
  const error = h("p", { class: "form-error", id: "unlock-error", role: "alert" });
  const unlock = msg("button", "lock-unlock", undefined, { type: "button", id: "unlock-submit", class: "primary" });
  const signOut = msg("button", "session-sign-out", undefined, { type: "button", id: "unlock-sign-out" });
  const fields = [password];
  let busy = false;

  const attempt = guard(
    async () => {
      if (busy) return;
      clearMessages(fields, error);
      if (password.input.value === "") {
        showMessages(fields, error, [{ field: "password", id: "error-required", args: {} }]);
        return;
      }
      busy = true;
      unlock.disabled = true;
      try {
        const view = await ipc.unlock(password.input.value);
        password.input.value = "";
        onSession(view);
      } catch (e) {
        password.input.value = "";
        showMessages(fields, error, refusalMessages(e, () => null));
        password.input.focus();
      } finally {
        busy = false;
        unlock.disabled = false;
      }
    },
    (e) => showMessages(fields, error, refusalMessages(e, () => null)),
  );
  const leave = guard(
    async () => onSession(await ipc.signOut()),
    (e) => showMessages(fields, error, refusalMessages(e, () => null)),
  );
  password.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      attempt();
    }
  });
  unlock.addEventListener("click", attempt);
  signOut.addEventListener("click", leave);

  const modal: Modal = openModal({
    id: "lock-screen",
    label: msg("h1", "lock-title", undefined, { id: "lock-title" }),
    body: [msg("p", "lock-who", { name, staff_id: staffId }, { class: "hint", id: "lock-who" }), password.row, error],
    actions: [signOut, unlock],
    first: password.input,
    // Esc must not uncover the screen.
    onEscape: () => undefined,
    className: "lock",
  });
  return { close: modal.close };
}
