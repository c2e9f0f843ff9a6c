// Turning what the shell rejects into localisable pieces. Every refusal (`ApiError`) and every field problem
// (`Problem`) is a closed code with typed arguments, generated from Rust (`nssf_api::Refusal`,
// `nssf_domain::ProblemKind`); its message is `error-<code>` (locales/*/errors.ftl).

import type { ApiError } from "./bindings/ApiError";
import type { Problem } from "./bindings/Problem";
import { groupKip } from "./format";
import type { Args } from "./i18n";

/** A code with its arguments, as the shell sends refusals and field problems. */
export interface Coded {
  code: string;
  args: { readonly [name: string]: unknown };
}

/**
 * What `invoke` rejected with, when it is the shell's `ApiError`; null for anything else (an IPC-level
 * failure arrives as plain text: a malformed argument, a missing permission).
 */
export function toApiError(raw: unknown): ApiError | null {
  if (!raw || typeof raw !== "object") return null;
  const candidate = raw as { code?: unknown; args?: unknown; problems?: unknown };
  if (typeof candidate.code !== "string") return null;
  // The shell serialises one Rust type; only the parts a view iterates over are made safe here.
  return {
    ...candidate,
    args: candidate.args && typeof candidate.args === "object" ? candidate.args : {},
    problems: Array.isArray(candidate.problems) ? candidate.problems : [],
  } as ApiError;
}

export interface Message {
  id: string;
  args: Args;
}

/**
 * The arguments that carry a day or a month, sent in ISO form ("2026-11-20", "2026-11"); chosen by name, as
 * `Localizer::error` does, because a workstation code such as "0101-01" looks like a month.
 */
const DATE_ARGS = new Set(["date", "month", "from", "to", "value"]);

/** "2026-11-20" → "20/11/2026", "2026-11" → "11/2026" (not for a typed `value`); anything else unchanged. */
function officialDate(name: string, text: string): string {
  if (!DATE_ARGS.has(name)) return text;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  return month && name !== "value" ? `${month[2]}/${month[1]}` : text;
}

/**
 * One typed argument as a Fluent argument, as `Localizer::error` does for the CLI: lists joined with ", ",
 * kip amounts (`*_kip`) grouped with the office's separator, other numbers plain (Fluent would group them by
 * locale: "change 1,234"), days and months as official documents write them, other strings as they are.
 */
function fluentArg(name: string, value: unknown, separator: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (typeof value === "number") return name.endsWith("_kip") ? groupKip(value, separator) : String(value);
  return officialDate(name, String(value));
}

/** The message of a refusal or a field problem: `error-<code>` with its arguments. */
export function errorMessage(error: Coded, separator = ","): Message {
  const args: Args = {};
  for (const [name, value] of Object.entries(error.args)) args[name] = fluentArg(name, value, separator);
  return { id: `error-${error.code}`, args };
}

/** Problems grouped by field path, in the order the api reported them. */
export function problemsByField(problems: readonly Problem[], separator = ","): Map<string, Message[]> {
  const out = new Map<string, Message[]>();
  for (const problem of problems) {
    const list = out.get(problem.field) ?? [];
    list.push(errorMessage(problem, separator));
    out.set(problem.field, list);
  }
  return out;
}

/** Where a problem should be shown: the field itself if the form has it, else the closest enclosing section. */
export function placeFor(field: string, has: (name: string) => boolean): string | null {
  let path = field;
  for (;;) {
    if (has(path)) return path;
    const cut = path.lastIndexOf(".");
    if (cut < 0) return null;
    path = path.slice(0, cut);
  }
}

/** The member numbers a `possible-duplicate` refusal lists; none for any other refusal. */
export function duplicateMembers(error: ApiError): readonly string[] {
  return error.code === "possible-duplicate" ? error.args.candidates : [];
}
