import { describe, expect, it } from "vitest";
import type { ApiError } from "./bindings/ApiError";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { DayClosed } from "./bindings/DayClosed";
import { dayBackupLines, madeLines, mayOpenBackup, passphraseProblem, warningOf, type Line } from "./backup";
import type { Action } from "./ipc";
import { escapeAction, nextScreen } from "./screen";

const status = (overdue: boolean, lastGood: boolean): BackupStatus => ({
  has_key: true,
  folder: "/media/usb",
  keep: 10,
  last_good: lastGood ? { at: "2026-11-20T03:00:00Z", file: "/media/usb/nssf-backup-0101-01-20261120-100000.nssfbak" } : null,
  overdue,
});

describe("the header's backup warning", () => {
  const cases: [string, BackupStatus, Line | null][] = [
    ["recent backup", status(false, true), null],
    ["none yet, no members", status(false, false), null],
    ["over a week old", status(true, true), { id: "backup-warning-old", args: {} }],
    ["never, with members", status(true, false), { id: "backup-warning-never", args: {} }],
  ];
  for (const [what, given, expected] of cases) it(what, () => expect(warningOf(given)).toEqual(expected));
});

describe("who reaches the backup screen", () => {
  const cases: [readonly Action[], boolean][] = [
    [[], false],
    [["register", "search"], false],
    [["backup"], true],
    [["office-settings"], true],
    [["backup", "check-store"], true],
  ];
  for (const [actions, expected] of cases) it(actions.join(",") || "nothing", () => expect(mayOpenBackup(actions)).toBe(expected));
});

describe("the day close's automatic backup", () => {
  const close = {
    date: "2026-11-29",
    cashier: "noy",
    workstation: "01",
    receipts: [],
    totals_by_method: {},
    voids: [],
    voided_kip: 0,
    cash_expected_kip: 0,
    closed_at: "2026-11-29T10:00:00Z",
  };
  const missing: ApiError = { code: "backup-folder-missing", args: { folder: "/media/usb" }, problems: [] };
  const made = { file: "/media/usb/b.nssfbak", made: "2026-11-29T10:00:00Z", members: 3, receipts: 2, removed: [] };
  const cases: [string, DayClosed, ReturnType<typeof dayBackupLines>][] = [
    ["no folder: nothing said", { close, backup: { outcome: "no-folder" } }, null],
    ["written", { close, backup: { outcome: "made", backup: made } }, { ok: true, lines: [{ id: "day-backup-made", args: { file: made.file } }] }],
    [
      "failed: the close stands, and why it failed",
      { close, backup: { outcome: "failed", error: missing } },
      { ok: false, lines: [{ id: "day-backup-failed", args: {} }, { id: "error-backup-folder-missing", args: { folder: "/media/usb" } }] },
    ],
  ];
  for (const [what, given, expected] of cases) it(what, () => expect(dayBackupLines(given)).toEqual(expected));
});

describe("the passphrase typed twice", () => {
  const cases: [string, string, string, Line | null][] = [
    ["long enough and the same", "a long passphrase", "a long passphrase", null],
    ["nine characters", "123456789", "123456789", { id: "error-password-too-short", args: { min: 10 } }],
    ["ten Lao characters", "ສຳຮອງຂໍ້ມູນດີ", "ສຳຮອງຂໍ້ມູນດີ", null],
    ["different", "a long passphrase", "a long passphrasE", { id: "backup-passphrases-differ", args: {} }],
  ];
  for (const [what, a, b, expected] of cases) it(what, () => expect(passphraseProblem(a, b)).toEqual(expected));
});

describe("a backup just written", () => {
  it("names the file, and the older ones removed", () => {
    const made = { file: "/f/new.nssfbak", made: "2026-11-29T10:00:00Z", members: 1, receipts: 0, removed: ["/f/a", "/f/b"] };
    expect(madeLines(made, 3)).toEqual([
      { id: "backup-made", args: { file: "/f/new.nssfbak" } },
      { id: "backup-removed", args: { count: 2, keep: 3 } },
    ]);
    expect(madeLines({ ...made, removed: [] }, 3)).toEqual([{ id: "backup-made", args: { file: "/f/new.nssfbak" } }]);
  });
});

describe("the backup page", () => {
  it("is reached from the header and left with Esc", () => {
    expect(nextScreen({ name: "home" }, { kind: "page", page: "backup" })).toEqual({ name: "backup" });
    expect(escapeAction({ name: "backup" }, false)).toBe("home");
  });
});
