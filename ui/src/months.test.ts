import { describe, expect, it } from "vitest";
import { monthToDisplay, nextMonth, todayDisplay } from "./views/contributions";

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
});
