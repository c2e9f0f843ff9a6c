import { describe, expect, it } from "vitest";
import type { CoverageView } from "./bindings/CoverageView";
import { monthToDisplay, nextMonth, todayDisplay, unpaidBefore } from "./views/contributions";

describe("months on the contributions grid", () => {
  it("shows YYYY-MM as MM/YYYY", () => {
    expect(monthToDisplay("2026-03")).toBe("03/2026");
    expect(monthToDisplay("garbage")).toBe("garbage");
  });
  it("steps to the next month across the year end", () => {
    expect(nextMonth("2026-11")).toBe("2026-12");
    expect(nextMonth("2026-12")).toBe("2027-01");
  });
  it("formats today as dd/mm/yyyy", () => {
    expect(todayDisplay(new Date(2026, 0, 5))).toBe("05/01/2026");
  });
  it("finds the months a range would leave unpaid, not yet due ones included", () => {
    const month = (m: string, status: "covered" | "unpaid" | "future") => ({
      month: m,
      status,
      receipt: status === "covered" ? "R" : null,
      due_kip: 225000,
      base_kip: 2500000,
      floor_applied: false,
    });
    const view = {
      months: [month("2026-06", "covered"), month("2026-07", "unpaid"), month("2026-08", "unpaid"), month("2026-09", "future"), month("2026-10", "covered")],
    } as unknown as CoverageView;
    const check = (from: string, expected: string[]) => expect(unpaidBefore(view, from)).toEqual(expected);
    check("2026-07", []);
    check("2026-08", ["2026-07"]);
    check("2026-11", ["2026-07", "2026-08", "2026-09"]);
  });
});
