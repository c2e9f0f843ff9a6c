// Keyboard movement in a listbox whose focus stays in a text box (the search box): the highlighted option is
// an index, announced through aria-activedescendant.

/**
 * The option highlighted after `key` when `count` options are shown and `current` is highlighted (-1: none).
 * ArrowDown and ArrowUp move by one and wrap around; null when `key` does not move the highlight (another key,
 * or nothing to highlight), so the caller leaves the key to the text box.
 */
export function moveHighlight(count: number, current: number, key: string): number | null {
  if (count <= 0) return null;
  if (key === "ArrowDown") return current < 0 ? 0 : (current + 1) % count;
  if (key === "ArrowUp") return current < 0 ? count - 1 : (current + count - 1) % count;
  return null;
}

/** The element id of option `index` of the listbox `listId`, for aria-activedescendant. */
export function optionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}
