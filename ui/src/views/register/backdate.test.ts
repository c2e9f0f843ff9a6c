import { describe, expect, it } from "vitest";
import type { Action } from "../../bindings/Action";
import { backdateChoiceShown } from "./backdate";

describe("the supervisor's leave to back-date a registration", () => {
  const today = "2026-03-10";
  const supervisor: Action[] = ["register", "search", "backdate"];
  const clerk: Action[] = ["register", "search"];
  const check = (registeredOn: string, actions: Action[], expected: boolean): void => {
    expect(backdateChoiceShown(registeredOn, today, 31, actions), `${registeredOn} for ${actions.join("+")}`).toBe(expected);
  };
  it("is offered to a supervisor only, once the date is more than the limit back", () => {
    check("10/03/2026", supervisor, false);
    check("07/02/2026", supervisor, false); // 31 days back: within the limit
    check("06/02/2026", supervisor, true); // 32 days back
    check("6.2.2026", supervisor, true);
    check("2025-03-10", supervisor, true);
    check("06/02/2026", clerk, false);
    check("", supervisor, false);
    check("31/02/2025", supervisor, false); // no such day
    check("not a date", supervisor, false);
  });
});
