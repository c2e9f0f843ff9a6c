import { describe, expect, it } from "vitest";
import { tabStops, trapStep, type Focusable } from "./focus";

describe("Tab and Shift+Tab inside a dialog", () => {
  // count, current (-1: focus outside), backwards → next
  const cases: [number, number, boolean, number][] = [
    [3, 0, false, 1],
    [3, 1, false, 2],
    [3, 2, false, 0],
    [3, 0, true, 2],
    [3, 2, true, 1],
    [3, 1, true, 0],
    [3, -1, false, 0],
    [3, -1, true, 2],
    [3, 7, false, 0],
    [1, 0, false, 0],
    [1, 0, true, 0],
    [0, -1, false, -1],
    [0, -1, true, -1],
  ];
  for (const [count, current, backwards, next] of cases) {
    it(`${backwards ? "Shift+Tab" : "Tab"} from ${current} of ${count} → ${next}`, () => expect(trapStep(count, current, backwards)).toBe(next));
  }
});

describe("tab stops", () => {
  type El = Focusable & { name: string };
  const button = (name: string): El => ({ name, radioGroup: null, checked: false });
  const radio = (name: string, group: string, checked: boolean): El => ({ name, radioGroup: group, checked });
  const cases: [string, El[], string[]][] = [
    ["every button", [button("cancel"), button("ok")], ["cancel", "ok"]],
    [
      "a radio group is one stop, at its checked button",
      [radio("lost", "r", false), radio("damaged", "r", true), radio("changed", "r", false), button("cancel"), button("ok")],
      ["damaged", "cancel", "ok"],
    ],
    ["a group with none checked stops at its first", [radio("a5", "f", false), radio("roll", "f", false), button("ok")], ["a5", "ok"]],
    [
      "two groups",
      [radio("x1", "x", false), radio("x2", "x", true), button("middle"), radio("y1", "y", false), radio("y2", "y", false)],
      ["x2", "middle", "y1"],
    ],
    ["nothing", [], []],
  ];
  for (const [what, elements, stops] of cases) {
    it(what, () => expect(tabStops(elements).map((e) => e.name)).toEqual(stops));
  }
});
