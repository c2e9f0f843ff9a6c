// The register/amend form as flat named values (`documents.0.number`), and its conversion to and from a Draft.
// Field names are the api's field paths, so a Problem's `field` names the input it belongs to.

import type { Draft } from "./bindings/Draft";
import { isoToDisplay } from "./format";

export type FormValues = Record<string, string | boolean>;

/** The single-valued Draft fields, in paper-form order (documents and dependants are rows, handled apart). */
export const TEXT_FIELDS = [
  "title",
  "given_name_lo",
  "family_name_lo",
  "given_name_latin",
  "family_name_latin",
  "sex",
  "date_of_birth",
  "phone",
  "district_code",
  "village_code",
  "village_name",
  "house_no",
  "occupation",
  "business_licence_no",
  "tax_id",
  "income_base_kip",
  "hospital",
] as const;

export const DOCUMENT_KINDS = ["id_card", "family_book", "passport"] as const;
export const RELATIONS = ["spouse", "child", "parent"] as const;
export const TITLES = ["mr", "ms"] as const;
export const SEXES = ["male", "female"] as const;
export const OCCUPATIONS = ["home_based", "vendor", "farmer", "driver", "artisan", "trader", "domestic", "other"] as const;

export function emptyDraft(): Draft {
  return {
    title: "",
    given_name_lo: "",
    family_name_lo: "",
    given_name_latin: "",
    family_name_latin: "",
    sex: "",
    date_of_birth: "",
    documents: [{ kind: "id_card", number: "" }],
    phone: "",
    village_code: "",
    district_code: "",
    village_name: "",
    house_no: "",
    occupation: "",
    business_licence_no: "",
    tax_id: "",
    income_base_kip: "",
    hospital: "",
    consent: false,
    dependants: [],
    registered_on: "",
  };
}

function text(values: FormValues, name: string): string {
  const value = values[name];
  return typeof value === "string" ? value : "";
}

/** Row indices present for a list (`documents.3.kind` → 3), ascending. */
function rowIndices(values: FormValues, list: string): number[] {
  const found = new Set<number>();
  const prefix = `${list}.`;
  for (const name of Object.keys(values)) {
    if (!name.startsWith(prefix)) continue;
    const index = Number(name.slice(prefix.length).split(".")[0]);
    if (Number.isInteger(index) && index >= 0) found.add(index);
  }
  return [...found].sort((a, b) => a - b);
}

/** What the form holds, as the Draft the api validates. Text is sent as typed; the api trims and checks it. */
export function valuesToDraft(values: FormValues, registeredOn = ""): Draft {
  const draft = emptyDraft();
  for (const field of TEXT_FIELDS) draft[field] = text(values, field);
  draft.consent = values.consent === true;
  draft.documents = rowIndices(values, "documents").map((i) => ({
    kind: text(values, `documents.${i}.kind`),
    number: text(values, `documents.${i}.number`),
  }));
  draft.dependants = rowIndices(values, "dependants").map((i) => ({
    name: text(values, `dependants.${i}.name`),
    relation: text(values, `dependants.${i}.relation`),
    date_of_birth: text(values, `dependants.${i}.date_of_birth`),
  }));
  draft.registered_on = registeredOn;
  return draft;
}

/** A Draft as form values, dates shown dd/mm/yyyy; `province` is derived from the district code. */
export function draftToValues(draft: Draft): FormValues {
  const values: FormValues = {};
  for (const field of TEXT_FIELDS) values[field] = String(draft[field] ?? "");
  values.date_of_birth = isoToDisplay(draft.date_of_birth);
  values.consent = draft.consent;
  values.province = draft.district_code.slice(0, 2);
  draft.documents.forEach((doc, i) => {
    values[`documents.${i}.kind`] = doc.kind;
    values[`documents.${i}.number`] = doc.number;
  });
  draft.dependants.forEach((dep, i) => {
    values[`dependants.${i}.name`] = dep.name;
    values[`dependants.${i}.relation`] = dep.relation;
    values[`dependants.${i}.date_of_birth`] = isoToDisplay(dep.date_of_birth);
  });
  return values;
}

/** Renames a list's rows to 0..n-1 after one was removed, so field paths match the Draft's indices. */
export function renumber(names: readonly string[], list: string): Map<string, string> {
  const prefix = `${list}.`;
  const order: number[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const index = Number(name.slice(prefix.length).split(".")[0]);
    if (!order.includes(index)) order.push(index);
  }
  order.sort((a, b) => a - b);
  const renames = new Map<string, string>();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const [index, ...rest] = name.slice(prefix.length).split(".");
    const next = order.indexOf(Number(index));
    renames.set(name, [list, String(next), ...rest].join("."));
  }
  return renames;
}
