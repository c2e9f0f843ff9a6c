import { describe, expect, it } from "vitest";
import { BEAT_EVERY_MS, idleStep, type IdleStep, type IdleTimes } from "./idle";

const MIN = 60_000;

describe("idle step", () => {
  const cases: [string, IdleTimes, number, IdleStep][] = [
    ["just active", { now: 1_000, lastActivity: 1_000, lastBeat: 0 }, 10, "wait"],
    ["active, shell told a moment ago", { now: 30_000, lastActivity: 29_000, lastBeat: 20_000 }, 10, "wait"],
    ["active, shell not told for a minute", { now: BEAT_EVERY_MS, lastActivity: BEAT_EVERY_MS - 1, lastBeat: 0 }, 10, "beat"],
    ["no activity since the last beat", { now: 5 * MIN, lastActivity: MIN, lastBeat: 2 * MIN }, 10, "wait"],
    ["one ms short of the limit", { now: 10 * MIN - 1, lastActivity: 0, lastBeat: 0 }, 10, "wait"],
    ["the limit reached", { now: 10 * MIN, lastActivity: 0, lastBeat: 0 }, 10, "lock"],
    ["well past the limit, even with a beat due", { now: 30 * MIN, lastActivity: 5 * MIN, lastBeat: 0 }, 10, "lock"],
    ["a one-minute office", { now: MIN, lastActivity: 0, lastBeat: 0 }, 1, "lock"],
    ["a limit of 0 never locks", { now: 600 * MIN, lastActivity: 0, lastBeat: 0 }, 0, "wait"],
    ["a limit of 0 still beats", { now: 2 * MIN, lastActivity: 2 * MIN - 5, lastBeat: 0 }, 0, "beat"],
  ];
  for (const [what, times, minutes, step] of cases) {
    it(what, () => expect(idleStep(times, minutes)).toBe(step));
  }
});
