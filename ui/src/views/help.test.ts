import { describe, expect, it } from "vitest";
import type { About, Diagnostics } from "../ipc";
import { aboutFacts, diagnosticsFacts, formatBytes, type Fact } from "./help";

const office = {
  district_code: "0101",
  district_name_lo: "ຈັນທະບູລີ",
  district_name_en: "Chanthabuly",
  province_name_lo: "ນະຄອນຫຼວງວຽງຈັນ",
  province_name_en: "Vientiane Capital",
  workstation: "01",
  kip_separator: ",",
  registration_backdate_days: 31,
};

const valueOf = (facts: Fact[], key: string): Fact["value"] | undefined => facts.find((f) => f.key === key)?.value;

describe("sizes", () => {
  const cases: [number, string][] = [
    [0, "1 KB"],
    [4_096, "4 KB"],
    [999_499, "999 KB"],
    [1_000_000, "1.0 MB"],
    [123_456_789, "123.5 MB"],
  ];
  for (const [bytes, shown] of cases) it(`${bytes} bytes`, () => expect(formatBytes(bytes)).toBe(shown));
});

describe("About", () => {
  const about: About = { version: "0.1.0", office, data_folder: "/home/clerk/office", log_folder: null, licences: [] };
  it("shows the bare version under #about-version, then the office and the folders", () => {
    expect(aboutFacts(about)).toEqual([
      { id: "about-version-label", key: "about-version", value: "0.1.0" },
      { id: "about-office-code", key: "about-office-code", value: "0101" },
      { id: "about-workstation", key: "about-workstation", value: "01" },
      { id: "about-data-folder", key: "about-data-folder", value: "/home/clerk/office" },
      { id: "about-log-folder", key: "about-log-folder", value: { id: "help-unknown" } },
    ]);
  });
  it("says when no office is set up", () => {
    expect(valueOf(aboutFacts({ ...about, office: null }), "about-office-code")).toEqual({ id: "about-no-office" });
    expect(valueOf(aboutFacts({ ...about, office: null }), "about-workstation")).toBeUndefined();
  });
});

describe("Diagnostics", () => {
  const report: Diagnostics = {
    format: 1,
    version: "0.1.0",
    made_at: "2026-11-26T03:00:00Z",
    os: "linux",
    arch: "x86_64",
    data_folder: "/home/clerk/office",
    data_folder_bytes: 2_500_000,
    log_folder: "/home/clerk/.local/share/la.nssf.desk/logs",
    office: {
      office: "0101-01",
      schema_version: 5,
      members: 1200,
      staff_accounts: 3,
      batch: { last_change: 40, last_batch: 0, last_exported_at: null, acked_through: 0, last_acked_at: null, pending_changes: 40, export_overdue: true, central_key_installed: false },
      backup: { last_good_at: null, overdue: true, passphrase_set: false, folder_set: false },
    },
    open_error: null,
    recent_errors: [],
  };
  it("lists the figures of an open office", () => {
    const facts = diagnosticsFacts(report);
    expect(facts.map((f) => [f.key, f.value])).toEqual([
      ["diagnostics-version", "0.1.0"],
      ["diagnostics-system", "linux x86_64"],
      ["diagnostics-data-folder", "/home/clerk/office"],
      ["diagnostics-folder-size", "2.5 MB"],
      ["diagnostics-office", "0101-01"],
      ["diagnostics-schema", "5"],
      ["diagnostics-members", "1200"],
      ["diagnostics-staff", "3"],
      ["diagnostics-last-batch", { id: "help-never" }],
      ["diagnostics-last-ack", { id: "help-never" }],
      ["diagnostics-pending", "40"],
      ["diagnostics-last-backup", { id: "help-never" }],
      ["diagnostics-recent-count", { id: "diagnostics-no-errors" }],
    ]);
  });
  it("says why a folder did not open, and counts the log's errors", () => {
    const facts = diagnosticsFacts({ ...report, office: null, data_folder_bytes: null, open_error: "schema-too-new version=9", recent_errors: ["a", "b"] });
    expect(facts.map((f) => [f.key, f.value])).toEqual([
      ["diagnostics-version", "0.1.0"],
      ["diagnostics-system", "linux x86_64"],
      ["diagnostics-data-folder", "/home/clerk/office"],
      ["diagnostics-folder-size", { id: "help-unknown" }],
      ["diagnostics-open-error", "schema-too-new version=9"],
      ["diagnostics-recent-count", "2"],
    ]);
  });
});
