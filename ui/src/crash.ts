// The "something went wrong" screen: shown when the program itself failed, never a blank page. Three causes
// lead here: a panic in the shell (told through the channel of `ipc.watchCrashes`, or as the refusal
// `internal`), an uncaught error of the window's own code, and a rejection no handler took that is not one of
// the api's ordinary refusals (those keep going to the error banner, as before). The window's own failures are
// logged by the shell (scrubbed there); the screen says what to do: start again, and if it happens again, call
// the central office's IT with the diagnostics file.

import * as ipc from "./ipc";
import { h, msg } from "./dom";
import { IpcError } from "./ipc";
import type { ApiError } from "./bindings/ApiError";

/** Why the crash screen is shown. */
export type Crash =
  /** The shell panicked, or answered `internal`. */
  | { kind: "shell"; error: ApiError }
  /** The window's code threw, or rejected with something that is not a refusal. */
  | { kind: "window"; what: string; message: string };

/** What the window does with a rejection no handler took: the api's refusals go to the banner as before. */
export function rejectionCrash(reason: unknown): Crash | null {
  if (reason instanceof IpcError) return reason.error.code === "internal" ? { kind: "shell", error: reason.error } : null;
  return { kind: "window", what: "unhandledrejection", message: describe(reason) };
}

/** An uncaught error's text for the log: its message and where it was thrown (never the page's data). */
export function errorCrash(event: { message?: unknown; filename?: unknown; lineno?: unknown; colno?: unknown; error?: unknown }): Crash {
  const message = typeof event.message === "string" && event.message !== "" ? event.message : describe(event.error);
  const file = typeof event.filename === "string" ? event.filename.replace(/^.*\//, "") : "";
  const where = file ? ` (${file}:${String(event.lineno ?? "?")}:${String(event.colno ?? "?")})` : "";
  return { kind: "window", what: "error", message: `${message}${where}` };
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return String(value);
}

/** The steps the screen lists, in order: message ids of locales/*\/ui-help.ftl. */
export const CRASH_STEPS = ["crash-step-note", "crash-step-restart", "crash-step-call"] as const;

let shown: HTMLElement | null = null;

/** Shows the crash screen over everything (once: a second failure behind it changes nothing). */
export function showCrash(crash: Crash): void {
  if (crash.kind === "window") void ipc.reportWindowError(crash.what, crash.message).catch(() => undefined);
  if (shown) return;
  const status = h("p", { class: "hint", id: "crash-status", role: "status" });
  const save = msg("button", "crash-save", undefined, { type: "button", id: "crash-save", class: "primary" });
  const restart = msg("button", "crash-restart", undefined, { type: "button", id: "crash-restart" });
  save.addEventListener("click", () => {
    save.disabled = true;
    ipc
      .saveDiagnostics()
      .then((path) => {
        if (path) status.replaceChildren(msg("span", "diagnostics-saved", { path }));
      })
      .catch(() => status.replaceChildren(msg("span", "crash-save-failed")))
      .finally(() => {
        save.disabled = false;
      });
  });
  // A restart the shell cannot do (it is the part that failed) still reloads the window.
  restart.addEventListener("click", () => void ipc.restartApp().catch(() => location.reload()));
  shown = h(
    "div",
    { class: "crash-screen", id: "crash-screen", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "crash-title" },
    h(
      "div",
      { class: "crash-box" },
      msg("h1", "crash-title", undefined, { id: "crash-title" }),
      msg("p", "crash-lead"),
      h("ol", { class: "crash-steps" }, ...CRASH_STEPS.map((id) => msg("li", id))),
      h("div", { class: "actions" }, save, restart),
      status,
    ),
  );
  document.body.append(shown);
  save.focus();
}

/**
 * Listens for everything that leads to the crash screen on `target` (the window) and from the shell; returns
 * once the shell has the channel. `show` is `showCrash`, replaced in tests; `banner` takes the rejections that
 * are ordinary refusals.
 */
export async function watchFailures(target: EventTarget, show: (crash: Crash) => void, banner: (reason: unknown) => void): Promise<void> {
  target.addEventListener("error", (event) => show(errorCrash(event as unknown as Parameters<typeof errorCrash>[0])));
  target.addEventListener("unhandledrejection", (event) => {
    const reason = (event as unknown as { reason?: unknown }).reason;
    const crash = rejectionCrash(reason);
    if (crash) show(crash);
    else banner(reason);
  });
  await ipc.watchCrashes((error) => show({ kind: "shell", error }));
  // The shell holds the channel now (the end-to-end story waits for this mark).
  if (typeof document !== "undefined") document.body.dataset.crashWatch = "on";
}
