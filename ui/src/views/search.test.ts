import { describe, expect, it } from "vitest";
import { buildBundle, sourcesByLang } from "../i18n";
import { MATCHED_MESSAGE } from "./search";

const files = import.meta.glob("../../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const sources = sourcesByLang(files);

describe("why a hit matched is named in both languages", () => {
  it("names every reason the api gives, once", () => {
    expect(Object.keys(MATCHED_MESSAGE)).toEqual(["number", "document", "phone", "exact", "folded", "phonetic", "cross_script", "typo"]);
    expect(new Set(Object.values(MATCHED_MESSAGE)).size).toBe(8);
  });
  for (const lang of ["lo", "en"] as const) {
    it(lang, () => {
      const bundle = buildBundle(lang, sources[lang]).bundle;
      expect(Object.values(MATCHED_MESSAGE).filter((id) => !bundle.hasMessage(id))).toEqual([]);
    });
  }
});
