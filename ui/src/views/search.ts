// The search box that is always on top: results as a listbox under it. The focus stays in the box; ArrowDown
// and ArrowUp move the highlighted result (aria-activedescendant), Enter opens it, Esc clears the box.

import { h, l10n, msg, named } from "../dom";
import { isoToDisplay } from "../format";
import * as ipc from "../ipc";
import { moveHighlight, optionId } from "../listbox";
import type { Args } from "../i18n";
import { failure, guard } from "../report";
import type { Matched } from "../bindings/Matched";
import type { SearchHit } from "../bindings/SearchHit";

const SEARCH_DEBOUNCE_MS = 120;
const SEARCH_LIMIT = 20;
const LIST_ID = "search-results";

/** Why a hit matched, as the small muted label beside its names. */
export const MATCHED_MESSAGE: Record<Matched, string> = {
  number: "search-matched-number",
  document: "search-matched-document",
  phone: "search-matched-phone",
  exact: "search-matched-exact",
  folded: "search-matched-folded",
  phonetic: "search-matched-phonetic",
  cross_script: "search-matched-cross-script",
  typo: "search-matched-typo",
};

export interface SearchBox {
  el: HTMLElement;
  /** Puts the cursor in the box with its text selected. */
  focus: () => void;
  /** Closes the result list (the text stays). */
  clearResults: () => void;
}

/** `open` opens the member of a chosen result. */
export function searchBox(open: (memberNo: string) => Promise<void>): SearchBox {
  const input = h("input", {
    id: "search",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    "data-testid": "search",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-controls": LIST_ID,
    "aria-expanded": "false",
  });
  l10n(input, "search-placeholder", undefined, "placeholder");
  const results = h("ul", { id: LIST_ID, class: "results", role: "listbox", hidden: true });
  const el = h("div", { class: "search-box" }, msg("label", "search-label", undefined, { for: "search", class: "visually-hidden" }), input, results);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  let hits: SearchHit[] = [];
  let options: HTMLElement[] = [];
  let highlighted = -1;

  function setOpen(open: boolean): void {
    results.hidden = !open;
    input.setAttribute("aria-expanded", String(open && results.childElementCount > 0));
  }

  function highlight(index: number): void {
    highlighted = index;
    options.forEach((option, i) => {
      option.classList.toggle("selected", i === index);
      option.setAttribute("aria-selected", String(i === index));
    });
    const active = options[index];
    if (active) {
      input.setAttribute("aria-activedescendant", active.id);
      active.scrollIntoView?.({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  /** A line in place of results (no match, or the search failed): an option that cannot be chosen. */
  function notice(id: string, args: Args | undefined, attrs: Record<string, string> = {}): void {
    results.replaceChildren(msg("li", id, args, { class: "none", role: "option", "aria-disabled": "true", "aria-selected": "false", ...attrs }));
    options = [];
    highlight(-1);
    setOpen(true);
  }

  function clearResults(): void {
    hits = [];
    options = [];
    results.replaceChildren();
    highlight(-1);
    setOpen(false);
  }

  function renderResults(text: string): void {
    if (text === "") {
      clearResults();
      return;
    }
    if (hits.length === 0) {
      notice("search-none", undefined, { id: "search-none" });
      return;
    }
    options = hits.map((hit, index) => {
      const item = h(
        "li",
        { class: "hit", role: "option", id: optionId(LIST_ID, index), "aria-selected": "false", "data-member-no": hit.member_no, "data-testid": "search-hit" },
        h(
          "span",
          { class: "names" },
          h("span", { class: "name-lo", lang: "lo" }, `${hit.given_name_lo} ${hit.family_name_lo}`.trim()),
          h("span", { class: "name-latin" }, `${hit.given_name_latin} ${hit.family_name_latin}`.trim()),
          ...(hit.matched === null ? [] : [msg("span", MATCHED_MESSAGE[hit.matched], undefined, { class: "matched", "data-matched": hit.matched })]),
        ),
        h("span", { class: "dob" }, isoToDisplay(hit.date_of_birth)),
        named("span", hit.village_name_lo, hit.village_name_en, { class: "village" }),
        h("span", { class: "no mono" }, hit.member_no),
      );
      // Keeps the focus in the search box, so the list stays open until the click lands.
      item.addEventListener("mousedown", (event) => event.preventDefault());
      item.addEventListener("click", guard(() => open(hit.member_no)));
      return item;
    });
    results.replaceChildren(...options);
    setOpen(true);
    highlight(hits.length > 0 ? 0 : -1);
  }

  async function runSearch(): Promise<void> {
    const mine = ++seq;
    const text = input.value.trim();
    if (text === "") {
      clearResults();
      return;
    }
    try {
      const found = await ipc.search(text, SEARCH_LIMIT);
      if (mine !== seq) return;
      hits = found;
      renderResults(text);
    } catch (error) {
      if (mine !== seq) return;
      hits = [];
      const m = failure(error);
      notice(m.id, m.args);
    }
  }

  const searchGuarded = guard(runSearch);
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(searchGuarded, SEARCH_DEBOUNCE_MS);
  });
  input.addEventListener(
    "keydown",
    guard(async (event: KeyboardEvent) => {
      const moved = moveHighlight(options.length, highlighted, event.key);
      if (moved !== null) {
        event.preventDefault();
        highlight(moved);
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        // Enter typed faster than the debounce searches first.
        if (seq === 0 || hits.length === 0) await runSearch();
        const hit = hits[Math.max(highlighted, 0)];
        if (hit) await open(hit.member_no);
      } else if (event.key === "Escape" && input.value !== "") {
        event.stopPropagation();
        input.value = "";
        clearResults();
      }
    }),
  );
  input.addEventListener("blur", () => setTimeout(() => setOpen(false), 150));
  input.addEventListener("focus", () => {
    if (input.value.trim() !== "") setOpen(true);
  });

  return {
    el,
    focus: () => {
      input.focus();
      input.select();
    },
    clearResults,
  };
}
