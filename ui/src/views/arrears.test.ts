import { describe, expect, it } from "vitest";
import type { ArrearsLine } from "../bindings/ArrearsLine";
import { arrearsQuery, groupByVillage, lastPaid, phoneToDisplay, type ArrearsFilter, type ArrearsTyped } from "./arrears";

describe("the filter as the api's query", () => {
  const cases: [string, ArrearsTyped, ArrearsFilter][] = [
    ["the default minimum, every village", { minMonths: "", village: "" }, { ok: true, query: { min_months: 3, village: null } }],
    ["a typed minimum", { minMonths: " 6 ", village: "" }, { ok: true, query: { min_months: 6, village: null } }],
    ["zero: everyone owing a month", { minMonths: "0", village: "" }, { ok: true, query: { min_months: 0, village: null } }],
    ["Lao digits", { minMonths: "໑໒", village: "0101001" }, { ok: true, query: { min_months: 12, village: "0101001" } }],
    ["not a number", { minMonths: "three", village: "" }, { ok: false, problems: [{ field: "min-months", id: "arrears-list-min-invalid", args: { value: "three" } }] }],
    ["negative", { minMonths: "-1", village: "" }, { ok: false, problems: [{ field: "min-months", id: "arrears-list-min-invalid", args: { value: "-1" } }] }],
  ];
  it.each(cases)("%s", (_, typed, expected) => expect(arrearsQuery(typed)).toEqual(expected));
});

const line = (member_no: string, village_code: string, village_name_lo: string, owed_kip: number): ArrearsLine => ({
  member_no,
  name_lo: "ນາງ ເຈົ້າ ນ້ຳໃຈ",
  name_latin: "Ms Chao NAMCHAI",
  village_code,
  village_name_lo,
  phone: "",
  unpaid_months: owed_kip / 216_000,
  owed_kip,
  last_paid_month: null,
});

describe("the list by village", () => {
  // (the api's order, the groups as "code name: members = owed")
  const cases: [string, ArrearsLine[], string[]][] = [
    ["nobody", [], []],
    [
      "free-text villages apart by name, then villages by code",
      [line("a", "", "ບ້ານໃໝ່", 648_000), line("b", "", "ບ້ານເກົ່າ", 648_000), line("c", "0101001", "ຈັນ", 864_000), line("d", "0101001", "ຈັນ", 648_000), line("e", "0101002", "ສີ", 648_000)],
      [" ບ້ານໃໝ່: a = 648000", " ບ້ານເກົ່າ: b = 648000", "0101001 ຈັນ: c d = 1512000", "0101002 ສີ: e = 648000"],
    ],
  ];
  it.each(cases)("%s", (_, lines, expected) => {
    expect(groupByVillage(lines).map((g) => `${g.code} ${g.name}: ${g.lines.map((l) => l.member_no).join(" ")} = ${g.owed}`)).toEqual(expected);
  });
});

describe("phones as dialled in Laos", () => {
  const cases: [string, string][] = [
    ["+8562055551234", "020 5555 1234"],
    ["+856301234567", "030 123 4567"],
    ["+85621212862", "021 212 862"],
    ["+66812345678", "+66812345678"],
    ["", ""],
  ];
  it.each(cases)("%s", (e164, shown) => expect(phoneToDisplay(e164)).toBe(shown));
});

describe("the last month paid", () => {
  const cases: [string | null, { text: string } | { id: string }][] = [
    ["2026-08", { text: "08/2026" }],
    [null, { id: "callsheet-never-paid" }],
  ];
  it.each(cases)("%j", (month, shown) => expect(lastPaid(month)).toEqual(shown));
});
