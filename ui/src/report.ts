// Reporting failures to the clerk in their language. Every async event handler goes through `guard`, so a
// rejected promise is shown (in the handler's own status line, or the app's error banner) rather than lost;
// main.ts also sends any rejection that still escapes to the banner.

import { h, msg } from "./dom";
import { errorMessage, type Message } from "./errors";
import { IpcError } from "./ipc";

/** What to tell the clerk about `error`: the api's refusal, or anything else as an unexpected error. */
export function failure(error: unknown): Message {
  return error instanceof IpcError ? errorMessage(error.error) : { id: "unexpected-error", args: { detail: String(error) } };
}

let banner: HTMLElement | null = null;

/** The app's error banner; main.ts places it once above the screens. */
export function errorBanner(): HTMLElement {
  banner ??= h("div", { class: "banner error", role: "alert", id: "app-error", hidden: true });
  return banner;
}

/** Shows `error` in the app's error banner, leaving the screen as it is. */
export function showAppError(error: unknown): void {
  const m = failure(error);
  const el = errorBanner();
  el.replaceChildren(msg("p", m.id, m.args));
  el.hidden = false;
}

export function clearAppError(): void {
  const el = errorBanner();
  el.replaceChildren();
  el.hidden = true;
}

/**
 * An event handler running `work`; what `work` rejects with goes to `report` (by default the app's error
 * banner) instead of becoming an unhandled rejection.
 */
export function guard<A extends unknown[]>(
  work: (...args: A) => Promise<unknown>,
  report: (error: unknown) => void = showAppError,
): (...args: A) => void {
  return (...args) => {
    work(...args).catch((error: unknown) => report(error));
  };
}
