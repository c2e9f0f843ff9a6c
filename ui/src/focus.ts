// The focus trap of modal dialogs, as pure functions over the dialog's focusable elements in document order.

/** What the trap needs to know of a focusable element. */
export interface Focusable {
  /** The `name` of a radio button's group; null for anything else. */
  radioGroup: string | null;
  checked: boolean;
}

/**
 * The elements Tab stops at, as a browser does: a radio group is one stop, its checked button (or its first
 * button when none is checked); every other element is its own stop.
 */
export function tabStops<T extends Focusable>(elements: readonly T[]): T[] {
  const checkedGroups = new Set(elements.filter((e) => e.radioGroup !== null && e.checked).map((e) => e.radioGroup));
  const seen = new Set<string>();
  return elements.filter((e) => {
    if (e.radioGroup === null) return true;
    if (checkedGroups.has(e.radioGroup)) return e.checked;
    if (seen.has(e.radioGroup)) return false;
    seen.add(e.radioGroup);
    return true;
  });
}

/**
 * The stop Tab (Shift+Tab when `backwards`) moves to among `count` stops from stop `current` (-1 when the
 * focus is outside them): the next one, from the last back to the first, and the other way for Shift+Tab.
 * -1 when there is no stop at all.
 */
export function trapStep(count: number, current: number, backwards: boolean): number {
  if (count <= 0) return -1;
  if (current < 0 || current >= count) return backwards ? count - 1 : 0;
  return backwards ? (current + count - 1) % count : (current + 1) % count;
}
