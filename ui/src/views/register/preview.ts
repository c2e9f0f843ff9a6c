// The monthly contribution shown under the income base while the clerk types it, with the schedule's floor
// and ceiling; the api computes both (the same rule as at registration).

import { h, l10n } from "../../dom";
import { errorMessage } from "../../errors";
import { groupKip } from "../../format";
import * as ipc from "../../ipc";
import { IpcError } from "../../ipc";
import { guard } from "../../report";

const PREVIEW_DEBOUNCE_MS = 150;

export interface ContributionPreview {
  /** The contribution line and the floor–ceiling hint, to put under the income field. */
  hint: HTMLElement;
  update: () => Promise<void>;
}

/** Follows `income` as it is typed; amounts grouped with `separator`. */
export function contributionPreview(income: HTMLInputElement, separator: string): ContributionPreview {
  const contribution = h("p", { class: "preview", id: "contribution", "aria-live": "polite" });
  const baseHint = h("p", { class: "hint", id: "base-hint" });
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  let previewSeq = 0;

  async function update(): Promise<void> {
    const seq = ++previewSeq;
    const value = income.value.trim();
    try {
      const preview = await ipc.contributionPreview(value);
      if (seq !== previewSeq) return;
      contribution.classList.remove("warn");
      l10n(contribution, "contribution-monthly", { amount: groupKip(preview.contribution_kip, separator) });
      l10n(baseHint, "contribution-range", { floor: groupKip(preview.floor_kip, separator), ceiling: groupKip(preview.ceiling_kip, separator) });
    } catch (raw) {
      if (!(raw instanceof IpcError) || seq !== previewSeq) return;
      const error = raw.error.problems[0] ?? raw.error;
      if (value === "") {
        contribution.replaceChildren();
        delete contribution.dataset.l10nId;
      } else {
        const m = errorMessage(error, separator);
        contribution.classList.add("warn");
        l10n(contribution, m.id, m.args);
      }
    }
  }

  const updateGuarded = guard(update);
  income.addEventListener("input", () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(updateGuarded, PREVIEW_DEBOUNCE_MS);
  });
  return { hint: h("div", {}, contribution, baseHint), update };
}
