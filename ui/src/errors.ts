// Turning what the shell rejects into localisable pieces. Message ids are `error-<code>` (locales/*/errors.ftl).

import type { ApiError } from "./bindings/ApiError";
import type { Code } from "./bindings/Code";
import type { Problem } from "./bindings/Problem";
import type { Args } from "./i18n";

/** Whatever `invoke` rejected with, as an ApiError: the shell's own errors pass through unchanged. */
export function toApiError(raw: unknown): ApiError {
  if (raw && typeof raw === "object" && "code" in raw && typeof (raw as { code: unknown }).code === "string") {
    const candidate = raw as Partial<ApiError>;
    return {
      code: candidate.code as Code,
      args: candidate.args ?? {},
      problems: Array.isArray(candidate.problems) ? candidate.problems : [],
    };
  }
  // IPC-level failures (a malformed argument, a missing permission) arrive as plain text.
  return { code: "invalid-input", args: { detail: String(raw) }, problems: [] };
}

export interface Message {
  id: string;
  args: Args;
}

export function errorMessage(error: { code: Code; args: { [key in string]?: string } }): Message {
  const args: Args = {};
  for (const [key, value] of Object.entries(error.args)) args[key] = value;
  return { id: `error-${error.code}`, args };
}

/** Problems grouped by field path, in the order the api reported them. */
export function problemsByField(problems: readonly Problem[]): Map<string, Message[]> {
  const out = new Map<string, Message[]>();
  for (const problem of problems) {
    const list = out.get(problem.field) ?? [];
    list.push(errorMessage(problem));
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

/** Member numbers listed in a `possible-duplicate` error (`args.members`, comma-separated). */
export function duplicateMembers(error: ApiError): string[] {
  return (error.args.members ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The message for a refusal that names its own precise reason in `args.message` (the weekly batch's
 * `exchange-error-*`, the shell's `weekly-file-*`): that message when `has` knows it, else `error-<code>`.
 */
export function preciseMessage(error: { code: Code; args: { [key in string]?: string } }, has: (id: string) => boolean): Message {
  const base = errorMessage(error);
  const id = error.args.message;
  return id && has(id) ? { id, args: base.args } : base;
}
