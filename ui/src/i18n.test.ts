import { describe, expect, it } from "vitest";
import { buildBundle, formatFrom, messageShapes, sourcesByLang } from "./i18n";
import { DOCUMENT_KINDS, OCCUPATIONS, RELATIONS, SEXES, TITLES } from "./form";

const uiFiles = import.meta.glob("../../locales/*/ui.ftl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const allFiles = import.meta.glob("../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const sourceFiles = import.meta.glob(["./**/*.ts", "!./**/*.test.ts", "!./bindings/**"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

function ui(lang: "lo" | "en"): string {
  const entry = Object.entries(uiFiles).find(([path]) => path.includes(`/locales/${lang}/`));
  if (!entry) throw new Error(`locales/${lang}/ui.ftl is missing`);
  return entry[1];
}

describe("locale files", () => {
  it("every .ftl file parses without errors in both locales", () => {
    const sources = sourcesByLang(allFiles);
    for (const lang of ["lo", "en"] as const) {
      expect(sources[lang].length).toBeGreaterThan(0);
      expect(buildBundle(lang, sources[lang]).errors).toEqual([]);
    }
  });

  it("ui.ftl has the same ids and the same variables in lo and en", () => {
    const lo = messageShapes(ui("lo"));
    const en = messageShapes(ui("en"));
    expect([...lo.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [id, vars] of lo) expect([...(en.get(id) ?? [])].sort(), id).toEqual([...vars].sort());
  });

  it("every message id the UI code names exists in the locale files", () => {
    const ids = new Set<string>();
    for (const text of sourcesByLang(allFiles).lo) for (const id of messageShapes(text).keys()) ids.add(id);
    const used = new Set<string>();
    for (const text of Object.values(sourceFiles)) {
      for (const match of text.matchAll(/\b(?:msg|l10n)\(\s*(?:"[a-z0-9]+"|[a-zA-Z]+)\s*,\s*"([a-z0-9_-]+)"/g)) used.add(match[1] ?? "");
      for (const match of text.matchAll(/\bt\("([a-z0-9_-]+)"/g)) used.add(match[1] ?? "");
      for (const match of text.matchAll(/id: "([a-z][a-z0-9_-]+)", args/g)) used.add(match[1] ?? "");
    }
    const choices: [string, readonly string[]][] = [
      ["title", TITLES], ["sex", SEXES], ["document", DOCUMENT_KINDS], ["relation", RELATIONS], ["occupation", OCCUPATIONS],
      ["history", ["registered", "amended"]],
      ["weekly-kind", ["member-registered", "member-amended", "photo-changed", "payment-recorded", "receipt-voided", "card-issued", "day-closed", "base-changed"]],
      ["weekly", ["exported", "exported-same", "written-again", "ack-applied", "ack-already", "key-installed", "key-missing", "yes", "no", "writing", "importing"]],
    ];
    for (const [prefix, values] of choices) for (const value of values) used.add(`${prefix}-${value}`);
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
  });
});

describe("bundles", () => {
  const lo = buildBundle("lo", ["hello = ສະບາຍດີ { $name }\n"]).bundle;
  const en = buildBundle("en", ["hello = Hello { $name }\nonly-en = Only English\n"]).bundle;

  it("formats with arguments and without isolation marks", () => {
    expect(formatFrom([lo, en], "hello", { name: "ເຈົ້າ" })).toBe("ສະບາຍດີ ເຈົ້າ");
  });

  it("falls back to the other locale, then to the id", () => {
    expect(formatFrom([lo, en], "only-en")).toBe("Only English");
    expect(formatFrom([lo, en], "nowhere")).toBe("nowhere");
  });

  it("groups sources by the locale folder", () => {
    const grouped = sourcesByLang({ "../../locales/lo/a.ftl": "a", "../../locales/en/a.ftl": "b", "../../locales/fr/a.ftl": "c" });
    expect(grouped).toEqual({ lo: ["a"], en: ["b"] });
  });

  it("collects variables of selectors and attributes", () => {
    const shapes = messageShapes("m = { $count ->\n    [one] one\n   *[other] { $count } and { $more }\n}\n    .title = { $attr }\n");
    expect([...(shapes.get("m") ?? [])].sort()).toEqual(["attr", "count", "more"]);
  });
});
