import { describe, expect, it } from "vitest";
import { buildBundle, sourcesByLang } from "./i18n";

// The sign-in, lock and first-admin views name some messages through `field(…)`, `passwordField(…)` and their
// hints, and the role labels through a template; the general check in i18n.test.ts does not see those calls.
const allFiles = import.meta.glob("../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const views = import.meta.glob(["./views/signin.ts", "./views/lock.ts", "./views/setup.ts"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

function used(): string[] {
  const ids = new Set<string>(["staff-role-clerk", "staff-role-cashier", "staff-role-supervisor", "staff-role-admin"]);
  for (const text of Object.values(views)) {
    for (const m of text.matchAll(/\b(?:field|passwordField)\(\s*"[a-z_]+",\s*"[a-z-]+",\s*"([a-z0-9-]+)"/g)) ids.add(m[1] ?? "");
    for (const m of text.matchAll(/\{\s*id: "([a-z0-9-]+)",?\s*(?:args|\})/g)) ids.add(m[1] ?? "");
  }
  return [...ids].sort();
}

describe("session screens' messages", () => {
  const sources = sourcesByLang(allFiles);
  for (const lang of ["lo", "en"] as const) {
    it(`exist in ${lang}`, () => {
      const { bundle } = buildBundle(lang, sources[lang]);
      const ids = used();
      expect(ids.length).toBeGreaterThan(10);
      expect(ids.filter((id) => !bundle.hasMessage(id))).toEqual([]);
    });
  }
});
