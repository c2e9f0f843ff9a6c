// The registration date of a new member and a supervisor's leave to date it further back than the office
// allows (`OfficeView.registration_backdate_days`). The api checks both again: the checkbox only saves the
// supervisor a refused Save.

import { describedBy, h, l10n, msg } from "../../dom";
import { isoToDisplay } from "../../format";
import type { Action } from "../../bindings/Action";
import { field, textInput } from "./controls";

/** "07/03/2026", "7.3.2026" or "2026-03-07" as a UTC day number; null when it is not a date. */
function dayNumber(text: string): number | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const display = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(trimmed);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : display ? [display[3], display[2], display[1]] : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  const time = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const date = new Date(time);
  // 31/02 is no date: Date.UTC would roll it into March.
  if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== Number(month) - 1) return null;
  return time / 86_400_000;
}

/**
 * Whether the supervisor's "allowed" checkbox is offered: the person may back-date and `registeredOn`
 * (as typed) is more than `days` days before `todayIso` (the office's date), the api's own test.
 */
export function backdateChoiceShown(registeredOn: string, todayIso: string, days: number, actions: readonly Action[]): boolean {
  if (!actions.includes("backdate")) return false;
  const on = dayNumber(registeredOn);
  const today = dayNumber(todayIso);
  return on !== null && today !== null && today - on > days;
}

export interface RegistrationSection {
  el: HTMLElement;
  /** Whether a supervisor allowed a date further back than the office's limit (only while offered). */
  allowBackdate: () => boolean;
  /** The office's date, YYYY-MM-DD: fills an untouched date field and decides whether the leave is offered. */
  setToday: (iso: string) => void;
}

/** The registration date (today unless typed) and, for a supervisor, the leave to date it further back. */
export function registrationSection(actions: readonly Action[], days: number): RegistrationSection {
  // This PC's date until the office's arrives (`setToday`), in case the PC's clock is in another time zone.
  const now = new Date();
  let today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  const registeredOn = textInput("registered_on", { inputmode: "numeric", maxlength: 10, value: isoToDisplay(today) });
  l10n(registeredOn, "date-placeholder", undefined, "placeholder");
  const dateField = field("registered_on", "field-registered_on", registeredOn, { hint: msg("p", "date-hint", undefined, { class: "hint" }) });
  // No `name`: the leave is a choice sent beside the Draft, not one of its fields, and Enter skips it.
  const allow = h("input", { type: "checkbox", id: "f-allow-backdate" });
  const choice = h("label", { class: "check", for: "f-allow-backdate", hidden: true }, allow, msg("span", "register-allow-backdate"));
  // The refusal this leave answers is shown in the date's error slot.
  const slot = dateField.querySelector<HTMLElement>(".field-errors");
  describedBy(allow, slot);
  const sync = (): void => {
    const shown = backdateChoiceShown(registeredOn.value, today, days, actions);
    choice.hidden = !shown;
    allow.disabled = !shown;
  };
  registeredOn.addEventListener("input", sync);
  sync();
  const el = h("fieldset", { class: "section" }, msg("legend", "section-registration"), h("div", { class: "grid" }, dateField), choice);
  return {
    el,
    allowBackdate: () => !allow.disabled && allow.checked,
    setToday: (iso: string) => {
      if (registeredOn.value === isoToDisplay(today)) registeredOn.value = isoToDisplay(iso);
      today = iso;
      sync();
    },
  };
}
