import { describe, expect, it } from "vitest";
import type { ApiError } from "./bindings/ApiError";
import type { Problem } from "./bindings/Problem";
import { duplicateMembers, errorMessage, placeFor, problemsByField, toApiError } from "./errors";
import { buildBundle, formatFrom, sourcesByLang } from "./i18n";

const files = import.meta.glob("../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const sources = sourcesByLang(files);
const bundles = { lo: buildBundle("lo", sources.lo).bundle, en: buildBundle("en", sources.en).bundle };

const refusal = (error: Omit<ApiError, "problems">): ApiError => ({ ...error, problems: [] }) as ApiError;

describe("toApiError", () => {
  it("passes the shell's errors through", () => {
    const raw = refusal({ code: "member-not-found", args: { member_no: "0101-01-0000001-1" } });
    expect(toApiError(raw)).toEqual(raw);
  });

  it("fills missing parts", () => {
    expect(toApiError({ code: "not-initialised" })).toEqual({ code: "not-initialised", args: {}, problems: [] });
  });

  it("is null for what the IPC layer rejects with as text", () => {
    expect(toApiError("missing required key draft")).toBeNull();
    expect(toApiError({ message: "no code" })).toBeNull();
    expect(toApiError(null)).toBeNull();
  });
});

describe("every shape of refusal and problem becomes a localisable message", () => {
  // (what the shell sends, the message id and Fluent arguments, the English text)
  const cases: [string, ApiError | Problem, { id: string; args: Record<string, string> }, string][] = [
    ["no arguments", refusal({ code: "not-initialised", args: {} }), { id: "error-not-initialised", args: {} },
      "This data folder has no office yet: run the setup first."],
    ["strings", refusal({ code: "duplicate-document", args: { member_no: "0101-01-0000001-1", document: "123456789/id_card" } }),
      { id: "error-duplicate-document", args: { member_no: "0101-01-0000001-1", document: "123456789/id_card" } },
      "This ID document already belongs to member 0101-01-0000001-1."],
    ["a list, joined", refusal({ code: "possible-duplicate", args: { candidates: ["0101-01-0000001-5", "0101-01-0000002-3"] } }),
      { id: "error-possible-duplicate", args: { candidates: "0101-01-0000001-5, 0101-01-0000002-3" } },
      "A member with the same birth date and a similar name exists: 0101-01-0000001-5, 0101-01-0000002-3. Register anyway?"],
    ["numbers, plain", refusal({ code: "exchange-gap", args: { office: "0101-01", expected: 1234, got: 1240 } }),
      { id: "error-exchange-gap", args: { office: "0101-01", expected: "1234", got: "1240" } },
      "Held back: workstation 0101-01 must send change 1234 next, but this batch starts at 1240. Ask the office for its earlier batch."],
    ["an enum", refusal({ code: "forbidden", args: { role: "supervisor" } }), { id: "error-forbidden", args: { role: "supervisor" } },
      "Your role does not allow this."],
    ["a file", refusal({ code: "file-too-large", args: { path: "/media/usb/x.ack", size: 300, max: 200 } }),
      { id: "error-file-too-large", args: { path: "/media/usb/x.ack", size: "300", max: "200" } },
      "The file /media/usb/x.ack is 300 bytes, more than the 200 allowed."],
    ["storage's English detail", refusal({ code: "storage", args: { detail: "disk full" } }),
      { id: "error-storage", args: { detail: "disk full" } }, "The data could not be saved or read (disk full). Nothing was changed."],
    ["a problem without arguments", { field: "given_name_lo", code: "required", args: {} } satisfies Problem,
      { id: "error-required", args: {} }, "This field is required."],
    ["a problem with a kip amount, grouped", { field: "income_base_kip", code: "base-below-floor", args: { floor_kip: 2500000, month: "2026-11" } } satisfies Problem,
      { id: "error-base-below-floor", args: { floor_kip: "2,500,000", month: "11/2026" } },
      "The income base must be at least 2,500,000 kip for 11/2026."],
    ["a day, as documents write it", refusal({ code: "day-closed", args: { date: "2026-11-20" } }),
      { id: "error-day-closed", args: { date: "20/11/2026" } },
      "The day 20/11/2026 is closed: no payment or void can be dated into it."],
    ["a range of months, as documents write them", { field: "months", code: "range-invalid", args: { from: "2026-12", to: "2026-11" } } satisfies Problem,
      { id: "error-range-invalid", args: { from: "12/2026", to: "11/2026" } },
      "The months 12/2026 to 11/2026 are not a valid range."],
    ["a typed day that does not exist, reordered", { field: "date_of_birth", code: "date-impossible", args: { value: "1990-02-30" } } satisfies Problem,
      { id: "error-date-impossible", args: { value: "30/02/1990" } }, "30/02/1990 is not a real date."],
    ["a problem with numbers", { field: "family_name_lo", code: "too-long", args: { max: 60, length: 1234 } } satisfies Problem,
      { id: "error-too-long", args: { max: "60", length: "1234" } }, "Too long: at most 60 characters (this has 1234)."],
  ];

  it.each(cases)("%s", (_, shape, expected, english) => {
    const m = errorMessage(shape);
    expect(m).toEqual(expected);
    expect(formatFrom([bundles.en], m.id, m.args)).toBe(english);
    expect(bundles.lo.hasMessage(m.id)).toBe(true);
  });

  it("groups kip with the office's separator", () => {
    const problem: Problem = { field: "income_base_kip", code: "base-above-ceiling", args: { ceiling_kip: 4500000, month: "2026-11" } };
    expect(errorMessage(problem, ".").args).toEqual({ ceiling_kip: "4.500.000", month: "11/2026" });
  });
});

describe("problemsByField", () => {
  it("groups problems by field in order", () => {
    const grouped = problemsByField([
      { field: "documents.0.number", code: "required", args: {} },
      { field: "date_of_birth", code: "date-impossible", args: { value: "1990-02-30" } },
      { field: "documents.0.number", code: "document-number-invalid", args: { value: "12#" } },
    ]);
    expect([...grouped.keys()]).toEqual(["documents.0.number", "date_of_birth"]);
    expect(grouped.get("documents.0.number")?.map((m) => m.id)).toEqual(["error-required", "error-document-number-invalid"]);
    expect(grouped.get("date_of_birth")).toEqual([{ id: "error-date-impossible", args: { value: "30/02/1990" } }]);
  });
});

describe("placeFor", () => {
  const fields = new Set(["given_name_lo", "documents", "documents.0.number"]);
  const has = (name: string): boolean => fields.has(name);
  it("prefers the exact field, then the closest section", () => {
    expect(placeFor("documents.0.number", has)).toBe("documents.0.number");
    expect(placeFor("documents.3.kind", has)).toBe("documents");
    expect(placeFor("given_name_lo", has)).toBe("given_name_lo");
    expect(placeFor("registered_on", has)).toBeNull();
  });
});

it("lists the candidates of a possible duplicate, and none for other refusals", () => {
  expect(duplicateMembers(refusal({ code: "possible-duplicate", args: { candidates: ["0101-01-0000017-4", "0101-01-0000042-2"] } }))).toEqual([
    "0101-01-0000017-4",
    "0101-01-0000042-2",
  ]);
  expect(duplicateMembers(refusal({ code: "duplicate-document", args: { member_no: "0101-01-0000017-4", document: "1/id_card" } }))).toEqual([]);
});
