// Fluent messages of both locales, bundled at build time from locales/<lang>/*.ftl.

import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";

export type Lang = "lo" | "en";
export const LANGS: readonly Lang[] = ["lo", "en"];
export const DEFAULT_LANG: Lang = "lo";
export type Args = Record<string, string | number | undefined>;

/** Groups the raw .ftl texts by their locale folder: `../../locales/lo/ui.ftl` → lo. */
export function sourcesByLang(files: Record<string, string>): Record<Lang, string[]> {
  const out: Record<Lang, string[]> = { lo: [], en: [] };
  for (const path of Object.keys(files).sort()) {
    const match = /locales\/([a-z]+)\/[^/]+\.ftl$/.exec(path);
    const lang = match?.[1];
    if (lang === "lo" || lang === "en") out[lang].push(files[path] ?? "");
  }
  return out;
}

/** Builds one bundle; parse errors are returned so a test can fail on them. */
export function buildBundle(lang: Lang, texts: readonly string[]): { bundle: FluentBundle; errors: string[] } {
  // No isolation marks: both scripts run left to right, and the marks would show up in copied text.
  const bundle = new FluentBundle(lang, { useIsolating: false });
  const errors: string[] = [];
  for (const text of texts) {
    for (const error of bundle.addResource(new FluentResource(text))) errors.push(String(error));
  }
  return { bundle, errors };
}

/** Formats a message from the first bundle that has it; the id itself when none does (visible, never blank). */
export function formatFrom(bundles: readonly FluentBundle[], id: string, args?: Args): string {
  for (const bundle of bundles) {
    const message = bundle.getMessage(id);
    if (message?.value) {
      const fluentArgs: Record<string, FluentVariable> = {};
      for (const [key, value] of Object.entries(args ?? {})) if (value !== undefined) fluentArgs[key] = value;
      const errors: Error[] = [];
      const text = bundle.formatPattern(message.value, fluentArgs, errors);
      return text;
    }
  }
  return id;
}

/** Message ids and the variables each uses, from the source text: for the lo/en parity test. */
export function messageShapes(text: string): Map<string, Set<string>> {
  const shapes = new Map<string, Set<string>>();
  const resource = new FluentResource(text);
  for (const entry of resource.body) {
    const vars = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === "object") {
        const record = node as Record<string, unknown>;
        if (record.type === "var" && typeof record.name === "string") vars.add(record.name);
        for (const value of Object.values(record)) collect(value);
      }
    };
    collect(entry.value);
    collect(entry.attributes);
    shapes.set(entry.id, vars);
  }
  return shapes;
}

const files = import.meta.glob("../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;
const sources = sourcesByLang(files);
const bundles: Record<Lang, FluentBundle> = {
  lo: buildBundle("lo", sources.lo).bundle,
  en: buildBundle("en", sources.en).bundle,
};

const STORAGE_KEY = "nssf-desk.lang";

function storedLang(): Lang {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === "en" || value === "lo" ? value : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

let current: Lang = storedLang();

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode or no storage: the choice lasts for this session only.
  }
}

/** The current locale's text for `id`; falls back to the other locale, then to the id. */
export function t(id: string, args?: Args): string {
  const other: Lang = current === "lo" ? "en" : "lo";
  return formatFrom([bundles[current], bundles[other]], id, args);
}

export function hasMessage(id: string): boolean {
  return bundles[current].hasMessage(id);
}

/** A name given in both languages, in the current one (Lao when the English one is missing). */
export function pick(lo: string, en: string): string {
  return current === "en" && en ? en : lo;
}
