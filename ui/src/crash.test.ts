import { describe, expect, it, vi } from "vitest";
import type { ApiError } from "./bindings/ApiError";

// The shell's side of the crash watch: what the window hands over, and what it reports.
const shell = vi.hoisted(() => ({
  onCrash: null as ((error: ApiError) => void) | null,
  reported: [] as [string, string][],
}));

vi.mock("./ipc", async (original) => ({
  ...(await original<typeof import("./ipc")>()),
  watchCrashes: (handler: (error: ApiError) => void) => {
    shell.onCrash = handler;
    return Promise.resolve();
  },
  reportWindowError: (kind: string, message: string) => {
    shell.reported.push([kind, message]);
    return Promise.resolve();
  },
}));

import { CRASH_STEPS, errorCrash, rejectionCrash, watchFailures, type Crash } from "./crash";
import { IpcError } from "./ipc";
import { buildBundle, sourcesByLang, LANGS } from "./i18n";

const refusal = (code: string, args: Record<string, unknown> = {}): ApiError => ({ code, args, problems: [] }) as unknown as ApiError;

describe("which failures show the crash screen", () => {
  const cases: [string, unknown, Crash | null][] = [
    ["an ordinary refusal stays in the banner", new IpcError(refusal("member-not-found", { member_no: "0101-01-0000001-1" })), null],
    ["a panic in the shell", new IpcError(refusal("internal")), { kind: "shell", error: refusal("internal") }],
    ["a bug in the window", new TypeError("x is undefined"), { kind: "window", what: "unhandledrejection", message: "TypeError: x is undefined" }],
    ["a rejection with plain text", "permission denied", { kind: "window", what: "unhandledrejection", message: "permission denied" }],
  ];
  for (const [name, reason, expected] of cases) {
    it(name, () => expect(rejectionCrash(reason)).toEqual(expected));
  }

  it("an uncaught error says what and where, without the page's path", () => {
    expect(errorCrash({ message: "Uncaught TypeError: a is null", filename: "http://tauri.localhost/assets/index-abc.js", lineno: 12, colno: 7 })).toEqual({
      kind: "window",
      what: "error",
      message: "Uncaught TypeError: a is null (index-abc.js:12:7)",
    });
    expect(errorCrash({ error: new RangeError("too deep") })).toEqual({ kind: "window", what: "error", message: "RangeError: too deep" });
  });
});

describe("the window's watch", () => {
  it("sends window errors, stray rejections and the shell's panics to the crash screen, refusals to the banner", async () => {
    const target = new EventTarget();
    const crashes: Crash[] = [];
    const banner: unknown[] = [];
    await watchFailures(target, (crash) => crashes.push(crash), (reason) => banner.push(reason));

    target.dispatchEvent(Object.assign(new Event("error"), { message: "boom", filename: "main.js", lineno: 1, colno: 2 }));
    const refused = new IpcError(refusal("day-closed", { date: "2026-11-26" }));
    target.dispatchEvent(Object.assign(new Event("unhandledrejection"), { reason: refused }));
    target.dispatchEvent(Object.assign(new Event("unhandledrejection"), { reason: new Error("lost") }));
    shell.onCrash?.(refusal("internal"));

    expect(crashes).toEqual([
      { kind: "window", what: "error", message: "boom (main.js:1:2)" },
      { kind: "window", what: "unhandledrejection", message: "Error: lost" },
      { kind: "shell", error: refusal("internal") },
    ]);
    expect(banner).toEqual([refused]);
  });
});

describe("the crash screen's words", () => {
  const files = import.meta.glob("../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
  const sources = sourcesByLang(files);
  for (const lang of LANGS) {
    it(`exist in ${lang}`, () => {
      const { bundle } = buildBundle(lang, sources[lang]);
      for (const id of ["crash-title", "crash-lead", ...CRASH_STEPS, "crash-save", "crash-restart", "crash-save-failed", "error-internal"]) {
        expect(bundle.hasMessage(id), id).toBe(true);
      }
    });
  }
});
