// The two lists of the register form, identity documents and dependants: rows added and removed by the clerk,
// numbered 0..n-1 after every change so each control's name is the Draft's field path (`documents.1.number`).

import { describedBy, h, l10n, msg } from "../../dom";
import { DOCUMENT_KINDS, RELATIONS } from "../../form";
import { wholeSection, type Control } from "./controls";

/** One control of a row, with its label and error slot, renamed when the rows are renumbered. */
interface Cell {
  sub: string;
  control: Control;
  label: HTMLLabelElement;
  slot: HTMLElement;
}

function cell(sub: string, labelId: string, control: Control): Cell {
  return { sub, control, label: msg("label", labelId), slot: h("div", { class: "field-errors", "aria-live": "polite" }) };
}

interface RowList {
  container: HTMLElement;
  /** Appends a row of `cells` with its Remove button; returns the row. */
  add: (rowClass: string, cells: Cell[]) => HTMLElement;
  count: () => number;
}

/** Rows of list `list` in `container`; `onRemove` runs after a row was removed and the rest renumbered. */
function rowList(list: string, containerId: string, onRemove: () => void, afterRenumber: () => void): RowList {
  const container = h("div", { class: "rows", id: containerId });
  const rows: { el: HTMLElement; cells: Cell[] }[] = [];

  function renumber(): void {
    rows.forEach((row, index) => {
      for (const c of row.cells) {
        const name = `${list}.${index}.${c.sub}`;
        c.control.name = name;
        c.control.id = `f-${name}`;
        c.label.htmlFor = c.control.id;
        c.slot.dataset.for = name;
        c.slot.id = `f-${name}-errors`;
        describedBy(c.control, c.slot);
      }
    });
    afterRenumber();
  }

  function add(rowClass: string, cells: Cell[]): HTMLElement {
    const remove = msg("button", "row-remove", undefined, { type: "button", class: "small remove" });
    const el = h("div", { class: `row ${rowClass}` }, ...cells.map((c) => h("div", { class: "field" }, c.label, c.control, c.slot)), remove);
    const row = { el, cells };
    remove.addEventListener("click", () => {
      rows.splice(rows.indexOf(row), 1);
      el.remove();
      renumber();
      onRemove();
    });
    rows.push(row);
    container.append(el);
    renumber();
    return el;
  }

  return { container, add, count: () => rows.length };
}

export interface RowsSection<A extends unknown[]> {
  el: HTMLElement;
  /** Adds a row holding `values` (a blank row without them); returns the row. */
  add: (...values: A) => HTMLElement;
}

/** Identity documents: kind and number per row. `onChange` runs when the clerk adds or removes a row. */
export function documentsSection(onChange: () => void): RowsSection<[kind?: string, number?: string]> {
  const rows = rowList("documents", "document-rows", onChange, () => undefined);
  const addButton = msg("button", "documents-add", undefined, { type: "button", id: "add-document", class: "small" });

  function add(kind = "id_card", number = ""): HTMLElement {
    const kindSelect = h("select", {});
    for (const choice of DOCUMENT_KINDS) kindSelect.append(msg("option", `document-${choice}`, undefined, { value: choice }));
    kindSelect.value = kind;
    const numberInput = h("input", { type: "text", autocomplete: "off", spellcheck: "false" });
    numberInput.value = number;
    return rows.add("document-row", [cell("kind", "field-document-kind", kindSelect), cell("number", "field-document-number", numberInput)]);
  }

  addButton.addEventListener("click", () => {
    add().querySelector<HTMLElement>("select")?.focus();
    onChange();
  });
  const { el } = wholeSection("documents", "section-documents", [rows.container], h("div", { class: "row-actions" }, addButton));
  return { el, add };
}

/** Dependants: name, relation and date of birth per row. `onChange` runs when the clerk adds or removes a row. */
export function dependantsSection(onChange: () => void): RowsSection<[name?: string, relation?: string, dateOfBirth?: string]> {
  const none = msg("p", "dependants-none", undefined, { class: "hint", id: "dependants-none" });
  const rows = rowList("dependants", "dependant-rows", onChange, () => {
    none.hidden = rows.count() > 0;
  });
  const addButton = msg("button", "dependants-add", undefined, { type: "button", id: "add-dependant", class: "small" });

  function add(name = "", relation = "", dateOfBirth = ""): HTMLElement {
    const nameInput = h("input", { type: "text", autocomplete: "off", lang: "lo" });
    nameInput.value = name;
    const relationSelect = h("select", {});
    relationSelect.append(msg("option", "choose", undefined, { value: "" }));
    for (const choice of RELATIONS) relationSelect.append(msg("option", `relation-${choice}`, undefined, { value: choice }));
    relationSelect.value = relation;
    const dobInput = h("input", { type: "text", autocomplete: "off", inputmode: "numeric", maxlength: 10 });
    l10n(dobInput, "date-placeholder", undefined, "placeholder");
    dobInput.value = dateOfBirth;
    return rows.add("dependant-row", [
      cell("name", "field-dependant-name", nameInput),
      cell("relation", "field-dependant-relation", relationSelect),
      cell("date_of_birth", "field-dependant-date_of_birth", dobInput),
    ]);
  }

  addButton.addEventListener("click", () => {
    add().querySelector<HTMLElement>("input")?.focus();
    onChange();
  });
  const { el } = wholeSection("dependants", "section-dependants", [none, rows.container], h("div", { class: "row-actions" }, addButton));
  return { el, add };
}
