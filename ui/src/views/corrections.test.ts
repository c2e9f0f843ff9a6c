import { describe, expect, it } from "vitest";
import type { FieldChange } from "../bindings/FieldChange";
import { buildBundle, sourcesByLang } from "../i18n";
import { changeLines, fieldShown, valueShown, type ChangeLine, type Shown } from "./corrections";

const files = import.meta.glob("../../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const lo = buildBundle("lo", sourcesByLang(files).lo).bundle;
const has = (id: string): boolean => lo.hasMessage(id);

describe("a correction's fields as the supervisor reads them", () => {
  const cases: [string, FieldChange, ChangeLine][] = [
    ["a Lao name", { field: "given_name_lo", before: "ສົມ", after: "ສົມໃຈ" }, { field: { id: "field-given_name_lo" }, before: [{ text: "ສົມ" }], after: [{ text: "ສົມໃຈ" }] }],
    ["the date of birth, as documents write it", { field: "date_of_birth", before: "1990-03-07", after: "1990-07-03" }, { field: { id: "field-date_of_birth" }, before: [{ text: "07/03/1990" }], after: [{ text: "03/07/1990" }] }],
    ["the sex, by its label", { field: "sex", before: "male", after: "female" }, { field: { id: "field-sex" }, before: [{ id: "sex-male" }], after: [{ id: "sex-female" }] }],
    ["the title, by its label", { field: "title", before: "mr", after: "ms" }, { field: { id: "field-title" }, before: [{ id: "title-mr" }], after: [{ id: "title-ms" }] }],
    ["a family name added", { field: "family_name_latin", before: "", after: "Phommachanh" }, { field: { id: "field-family_name_latin" }, before: [{ text: "—" }], after: [{ text: "Phommachanh" }] }],
    [
      "the documents, by kind and number",
      { field: "documents", before: '[{"kind":"id_card","number":"123"}]', after: '[{"kind":"id_card","number":"124"},{"kind":"passport","number":"P9"}]' },
      {
        field: { id: "field-documents" },
        before: [{ id: "document-id_card" }, { text: ": 123" }],
        after: [{ id: "document-id_card" }, { text: ": 124" }, { text: "; " }, { id: "document-passport" }, { text: ": P9" }],
      },
    ],
    ["documents that are not the api's list stay as written", { field: "documents", before: "id_card 123", after: "[1]" }, { field: { id: "field-documents" }, before: [{ text: "id_card 123" }], after: [{ text: "[1]" }] }],
    ["a choice with no label stays as stored", { field: "sex", before: "", after: "other" }, { field: { id: "field-sex" }, before: [{ text: "—" }], after: [{ text: "other" }] }],
    ["a field the form does not name", { field: "unheard_of", before: "a", after: "b" }, { field: { text: "unheard_of" }, before: [{ text: "a" }], after: [{ text: "b" }] }],
  ];
  for (const [what, change, expected] of cases) {
    it(what, () => expect(changeLines([change], has)).toEqual([expected]));
  }
});

it("every identity field has its label in both locales", () => {
  const identity = ["title", "given_name_lo", "family_name_lo", "given_name_latin", "family_name_latin", "sex", "date_of_birth", "documents"];
  const en = buildBundle("en", sourcesByLang(files).en).bundle;
  for (const field of identity) {
    const expected: Shown = { id: `field-${field}` };
    expect(fieldShown(field, has), field).toEqual(expected);
    expect(en.hasMessage(`field-${field}`), field).toBe(true);
  }
  expect(valueShown("date_of_birth", "", has)).toEqual([{ text: "—" }]);
});
