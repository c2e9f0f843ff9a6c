// The window's idle lock: after `idle_lock_minutes` without a key press or a mouse move, the window locks itself
// (the shell enforces the same limit on its side, counting commands). The decision is a pure function of times
// in milliseconds, unit tested; `watchIdle` only feeds it the clock and the page's events.

/** What the idle watcher does at one tick. */
export type IdleStep =
  /** The limit has passed since the last activity: lock now. */
  | "lock"
  /** The person is active but the shell has not heard of it for a while: tell it, so it does not lock behind
   * their back while they type a long form (a form sends no command until it is saved). */
  | "beat"
  | "wait";

export interface IdleTimes {
  /** Now, ms. */
  now: number;
  /** The last key press, click or mouse move, ms. */
  lastActivity: number;
  /** The last time the shell was told of activity, ms. */
  lastBeat: number;
}

/** How often, at most, the shell is told that the person is still there. */
export const BEAT_EVERY_MS = 60_000;

/**
 * The step at `times` for a limit of `minutes`. A limit of 0 never locks (an office that turned the lock off).
 * A beat is due when there was activity since the last beat and the last beat is at least `BEAT_EVERY_MS` old.
 */
export function idleStep(times: IdleTimes, minutes: number): IdleStep {
  const { now, lastActivity, lastBeat } = times;
  if (minutes > 0 && now - lastActivity >= minutes * 60_000) return "lock";
  if (lastActivity > lastBeat && now - lastBeat >= BEAT_EVERY_MS) return "beat";
  return "wait";
}

/** The events that count as someone at the PC. */
const ACTIVITY = ["keydown", "mousedown", "mousemove", "wheel", "touchstart"] as const;

export interface IdleWatch {
  /** Stops watching (on sign-out, or once locked). */
  stop: () => void;
}

/**
 * Watches the page for activity; calls `onLock` once when `minutes` pass without any, and `onBeat` when the shell
 * should hear that the person is still there. `now` is injectable for the same reason as everywhere else.
 */
export function watchIdle(
  minutes: number,
  onLock: () => void,
  onBeat: () => void,
  now: () => number = () => Date.now(),
  tickMs = 5_000,
): IdleWatch {
  const start = now();
  const times: IdleTimes = { now: start, lastActivity: start, lastBeat: start };
  const active = (): void => {
    times.lastActivity = now();
  };
  for (const kind of ACTIVITY) document.addEventListener(kind, active, { capture: true, passive: true });
  const stop = (): void => {
    clearInterval(timer);
    for (const kind of ACTIVITY) document.removeEventListener(kind, active, { capture: true });
  };
  const timer = setInterval(() => {
    times.now = now();
    switch (idleStep(times, minutes)) {
      case "lock":
        stop();
        onLock();
        break;
      case "beat":
        times.lastBeat = times.now;
        onBeat();
        break;
      case "wait":
        break;
    }
  }, tickMs);
  return { stop };
}
