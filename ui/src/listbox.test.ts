import { describe, expect, it } from "vitest";
import { moveHighlight, optionId } from "./listbox";

describe("moving the highlight in the search results", () => {
  // count, current, key → next (null: the key is left to the text box)
  const cases: [number, number, string, number | null][] = [
    [3, 0, "ArrowDown", 1],
    [3, 1, "ArrowDown", 2],
    [3, 2, "ArrowDown", 0],
    [3, 0, "ArrowUp", 2],
    [3, 2, "ArrowUp", 1],
    [3, -1, "ArrowDown", 0],
    [3, -1, "ArrowUp", 2],
    [1, 0, "ArrowDown", 0],
    [1, 0, "ArrowUp", 0],
    [0, -1, "ArrowDown", null],
    [0, -1, "ArrowUp", null],
    [3, 1, "Enter", null],
    [3, 1, "a", null],
    [3, 1, "ArrowLeft", null],
  ];
  for (const [count, current, key, next] of cases) {
    it(`${key} from ${current} of ${count} → ${next}`, () => expect(moveHighlight(count, current, key)).toBe(next));
  }
});

it("names options after their list", () => {
  expect(optionId("search-results", 0)).toBe("search-results-option-0");
  expect(optionId("search-results", 12)).toBe("search-results-option-12");
});
