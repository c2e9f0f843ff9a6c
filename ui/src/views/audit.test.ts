import { describe, expect, it } from "vitest";
import type { AuditCheck } from "../bindings/AuditCheck";
import type { AuditLine } from "../bindings/AuditLine";
import type { AuditQuery } from "../bindings/AuditQuery";
import { buildBundle, sourcesByLang } from "../i18n";
import { instantToDisplay } from "../format";
import { AUDIT_KINDS, auditQuery, auditRow, checkMessages, parseDay, type AuditFilter, type FilterResult } from "./audit";

const files = import.meta.glob("../../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const sources = sourcesByLang(files);

const none: AuditFilter = { person: "", from: "", to: "", kind: "" };
const query = (q: Partial<AuditQuery>): FilterResult => ({ ok: true, query: { since: null, until: null, actor: null, action: null, ...q } });

describe("the filter row as the api's query", () => {
  const cases: [string, Partial<AuditFilter>, FilterResult][] = [
    ["nothing typed: every entry", {}, query({})],
    ["a person, trimmed and lower-cased", { person: "  Noy " }, query({ actor: "noy" })],
    ["a day range as documents write it", { from: "01/11/2026", to: "29/11/2026" }, query({ since: "2026-11-01", until: "2026-11-29" })],
    ["one-digit day and month", { from: "1/2/2026" }, query({ since: "2026-02-01" })],
    ["ISO days", { from: "2026-11-01", to: "2026-11-01" }, query({ since: "2026-11-01", until: "2026-11-01" })],
    ["Lao digits", { to: "໒໙/໑໑/໒໐໒໖" }, query({ until: "2026-11-29" })],
    ["a kind", { kind: "correction-approved" }, query({ action: "correction-approved" })],
    ["an unknown kind lets every kind through", { kind: "nonsense" }, query({})],
    ["everything at once", { person: "sup", from: "01/11/2026", to: "30/11/2026", kind: "voided" }, query({ actor: "sup", since: "2026-11-01", until: "2026-11-30", action: "voided" })],
    ["a day in the wrong form", { from: "1 Nov 2026" }, { ok: false, problems: [{ field: "from", id: "error-date-format", args: { value: "1 Nov 2026" } }] }],
    ["a day that does not exist", { to: "31/02/2026" }, { ok: false, problems: [{ field: "to", id: "error-date-impossible", args: { value: "31/02/2026" } }] }],
    ["the last day before the first", { from: "02/11/2026", to: "01/11/2026" }, { ok: false, problems: [{ field: "to", id: "audit-range-invalid", args: { from: "02/11/2026", to: "01/11/2026" } }] }],
    [
      "both days wrong",
      { from: "x", to: "2026-13-01" },
      { ok: false, problems: [{ field: "from", id: "error-date-format", args: { value: "x" } }, { field: "to", id: "error-date-impossible", args: { value: "2026-13-01" } }] },
    ],
  ];
  for (const [what, filter, expected] of cases) {
    it(what, () => expect(auditQuery({ ...none, ...filter })).toEqual(expected));
  }
});

it("reads days as documents write them, or as ISO", () => {
  expect(parseDay("29/02/2028")).toEqual({ ok: true, iso: "2028-02-29" });
  expect(parseDay("29/02/2027")).toEqual({ ok: false, code: "date-impossible" });
  expect(parseDay("00/01/2027")).toEqual({ ok: false, code: "date-impossible" });
  expect(parseDay("2027/01/01")).toEqual({ ok: false, code: "date-format" });
});

describe("an entry as a row of the table", () => {
  const line = (change: Partial<AuditLine>): AuditLine => ({
    seq: 7,
    at: "2026-11-26T09:05:00.120Z",
    actor: "noy",
    action: "amended",
    record: "0101-03-0000001-6",
    detail: [],
    hash: "a".repeat(64),
    prev_hash: "0".repeat(64),
    ...change,
  });
  const known = new Set(["field-phone", "field-documents", "audit-detail-receipt", "audit-detail-locked_until"]);
  const has = (id: string): boolean => known.has(id);
  const cases: [string, Partial<AuditLine>, { label: { id: string } | { text: string }; value: string }[]][] = [
    ["no detail", { action: "statement-printed" }, []],
    ["a form field changed", { detail: [{ field: "phone", before: "+8562055551234", after: "+8562099998888" }] }, [{ label: { id: "field-phone" }, value: "+8562055551234 → +8562099998888" }]],
    ["an indexed form field", { detail: [{ field: "documents.0.number", before: "A1", after: "A2" }] }, [{ label: { id: "field-documents" }, value: "A1 → A2" }]],
    ["a print naming what it printed", { action: "paid", detail: [{ field: "receipt", before: "", after: "0101-03-2026-000001-4" }] }, [{ label: { id: "audit-detail-receipt" }, value: "0101-03-2026-000001-4" }]],
    ["a value removed", { detail: [{ field: "phone", before: "+8562055551234", after: "" }] }, [{ label: { id: "field-phone" }, value: "+8562055551234 → —" }]],
    ["a staff field", { action: "staff-unlocked", detail: [{ field: "locked_until", before: "2026-11-26T09:20:00Z", after: "" }] }, [{ label: { id: "audit-detail-locked_until" }, value: "2026-11-26T09:20:00Z → —" }]],
    ["a field with a phrase for a name", { action: "base-changed", detail: [{ field: "income_base_kip from 2026-12", before: "1600000", after: "2500000" }] }, [{ label: { text: "income_base_kip from 2026-12" }, value: "1600000 → 2500000" }]],
  ];
  for (const [what, change, detail] of cases) {
    it(what, () => {
      const l = line(change);
      expect(auditRow(l, has)).toEqual({ seq: "7", time: instantToDisplay(l.at), person: "noy", action: `audit-action-${l.action}`, record: "0101-03-0000001-6", detail });
    });
  }
});

describe("checking the chain", () => {
  const cases: [AuditCheck, { id: string; args: Record<string, number> }[]][] = [
    [{ status: "intact", entries: 42, last_hash: "f".repeat(64) }, [{ id: "audit-intact", args: { count: 42 } }]],
    [{ status: "intact", entries: 0, last_hash: "0".repeat(64) }, [{ id: "audit-intact", args: { count: 0 } }]],
    [{ status: "broken", seq: 17, why: "edited" }, [{ id: "audit-broken", args: { seq: 17 } }, { id: "audit-break-edited", args: {} }]],
    [{ status: "broken", seq: 3, why: "missing" }, [{ id: "audit-broken", args: { seq: 3 } }, { id: "audit-break-missing", args: {} }]],
    [{ status: "broken", seq: 5, why: "out-of-order" }, [{ id: "audit-broken", args: { seq: 5 } }, { id: "audit-break-out-of-order", args: {} }]],
    [{ status: "broken", seq: 1, why: "undecodable" }, [{ id: "audit-broken", args: { seq: 1 } }, { id: "audit-break-undecodable", args: {} }]],
  ];
  for (const [check, expected] of cases) {
    it(JSON.stringify(check), () => expect(checkMessages(check)).toEqual(expected));
  }
});

describe("every kind of entry and every break is named in both languages", () => {
  const ids = [...AUDIT_KINDS.map((k) => `audit-action-${k}`), ...["edited", "missing", "out-of-order", "undecodable"].map((w) => `audit-break-${w}`)];
  it("lists all 30 kinds once", () => expect(new Set(AUDIT_KINDS).size).toBe(30));
  for (const lang of ["lo", "en"] as const) {
    it(lang, () => {
      const bundle = buildBundle(lang, sources[lang]).bundle;
      expect(ids.filter((id) => !bundle.hasMessage(id))).toEqual([]);
    });
  }
});
