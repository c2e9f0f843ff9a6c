import { describe, expect, it } from "vitest";
import { heightFor, initialFrame, moveFrame, resizeFrame, resizeFromCorner, type Frame } from "./crop";

function isThreeFour(f: Frame): boolean {
  return Math.abs(f.width / f.height / 0.75 - 1) <= 0.02;
}
function inside(f: Frame, w: number, h: number): boolean {
  return f.x >= 0 && f.y >= 0 && f.x + f.width <= w && f.y + f.height <= h && f.width > 0;
}

describe("photo frame", () => {
  it("starts centred, 3:4, inside landscape and portrait pictures", () => {
    for (const [w, h] of [[1600, 1200], [1200, 1600], [640, 480], [300, 400], [5, 5000]] as const) {
      const f = initialFrame(w, h);
      expect(inside(f, w, h)).toBe(true);
      if (w >= 30) expect(isThreeFour(f)).toBe(true);
    }
    expect(initialFrame(1600, 1200)).toEqual({ x: 395, y: 60, width: 810, height: 1080 });
  });
  it("moves but never leaves the picture", () => {
    const f = initialFrame(1600, 1200);
    expect(moveFrame(f, -5000, 0, 1600, 1200).x).toBe(0);
    const right = moveFrame(f, 5000, 5000, 1600, 1200);
    expect(right.x + right.width).toBe(1600);
    expect(right.y + right.height).toBe(1200);
  });
  it("resizes around the centre, keeping 3:4 and the bounds", () => {
    const f = initialFrame(1600, 1200);
    const bigger = resizeFrame(f, 10_000, 1600, 1200);
    expect(bigger.height).toBe(1200);
    expect(isThreeFour(bigger)).toBe(true);
    const smaller = resizeFrame(f, -10_000, 1600, 1200);
    expect(smaller.width).toBe(60);
    expect(smaller.height).toBe(heightFor(60));
    expect(inside(smaller, 1600, 1200)).toBe(true);
  });
  it("resizes from the corner within the picture", () => {
    const f = { x: 1000, y: 100, width: 300, height: 400 };
    const g = resizeFromCorner(f, 2000, 1600, 1200);
    expect(g.x + g.width).toBeLessThanOrEqual(1600);
    expect(isThreeFour(g)).toBe(true);
  });
});
