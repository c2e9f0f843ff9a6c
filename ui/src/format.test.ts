import { describe, expect, it } from "vitest";
import { groupKip, instantToDisplay, isoToDisplay } from "./format";

describe("dates", () => {
  it("shows ISO dates as dd/mm/yyyy and leaves anything else alone", () => {
    const cases: [string, string][] = [
      ["2001-12-31", "31/12/2001"],
      ["31/12/2001", "31/12/2001"],
      ["", ""],
    ];
    for (const [iso, shown] of cases) expect(isoToDisplay(iso), iso).toBe(shown);
  });

  it("shows instants in local time, and text that is not one unchanged", () => {
    expect(instantToDisplay("not a date")).toBe("not a date");
    expect(instantToDisplay("2026-01-05T03:04:00Z")).toMatch(/^\d{2}\/01\/2026 \d{2}:04$/);
  });
});

describe("kip grouped with the office's separator", () => {
  const cases: [number, string, string][] = [
    [2500000, ",", "2,500,000"],
    [2500000, ".", "2.500.000"],
    [225000, ",", "225,000"],
    [225000, ".", "225.000"],
    [1000, ".", "1.000"],
    [999, ",", "999"],
    [999, ".", "999"],
    [0, ",", "0"],
    [-1234567, ",", "-1,234,567"],
    [-1234567, ".", "-1.234.567"],
    [12345678901, ".", "12.345.678.901"],
  ];
  for (const [amount, separator, shown] of cases) {
    it(`${amount} with "${separator}" → ${shown}`, () => expect(groupKip(amount, separator)).toBe(shown));
  }
});
