// One member: everything on file, photo and card, contributions, and the history of changes.

import { h, msg, named } from "../dom";
import { instantToDisplay, isoToDisplay } from "../format";
import { hasMessage, t } from "../i18n";
import type { MemberView } from "../bindings/MemberView";
import type { Saved } from "../screen";
import type { Action } from "../ipc";
import { kipAmount } from "./amount";
import { cardSection } from "./cards";
import { contributionsSection } from "./contributions";
import { memberCorrectionsSection } from "./corrections";
import { outreachPrintSection } from "./outreach-print";

/** The banner after a save: an amendment that changed identity fields says it waits for a supervisor. */
const SAVED_BANNER: Record<Saved, string> = {
  registered: "member-registered",
  amended: "member-amended",
  "correction-filed": "member-correction-filed",
};

export interface MemberOptions {
  view: MemberView;
  justSaved: Saved | null;
  actions: readonly Action[];
  /** The office's kip grouping separator. */
  separator: string;
  onAmend: () => void;
  onBack: () => void;
}

export interface MemberPage {
  /** True while the payment form is open (Esc outside it must not leave the page). */
  paymentOpen: () => boolean;
}

function row(labelId: string, value: HTMLElement | string): HTMLElement {
  return h("div", { class: "kv" }, msg("dt", labelId), h("dd", {}, value || "—"));
}

function choice(prefix: string, value: string): HTMLElement {
  return value ? msg("span", `${prefix}-${value}`) : h("span", {}, "—");
}

/** The label of a history field path (`documents.0.number` → the documents label). */
function fieldLabel(path: string): string {
  const top = path.split(".")[0] ?? path;
  for (const id of [`field-${path}`, `field-${top}`]) if (hasMessage(id)) return t(id);
  return path;
}

export function renderMember(root: HTMLElement, opts: MemberOptions): MemberPage {
  const m = opts.view.member;
  const v = opts.view;
  const amend = msg("button", "member-amend", undefined, { type: "button", id: "amend", class: "primary" });
  amend.addEventListener("click", opts.onAmend);
  const back = msg("button", "back-to-search", undefined, { type: "button", id: "back" });
  back.addEventListener("click", opts.onBack);

  const banner = opts.justSaved
    ? h(
        "div",
        { class: "banner success", id: "saved-banner", role: "status" },
        msg("p", SAVED_BANNER[opts.justSaved]),
      )
    : null;

  const village = m.village_code ? named("span", v.village_name_lo, v.village_name_en) : h("span", {}, m.village_name);
  const documents = h(
    "ul",
    { class: "plain" },
    ...m.documents.map((d) => h("li", {}, msg("span", `document-${d.kind}`), ": ", h("span", { class: "mono" }, d.number))),
  );
  const dependants =
    m.dependants.length === 0
      ? msg("p", "dependants-none", undefined, { class: "hint" })
      : h(
          "ul",
          { class: "plain" },
          ...m.dependants.map((d) =>
            h("li", {}, d.name, " · ", msg("span", `relation-${d.relation}`), " · ", isoToDisplay(d.date_of_birth)),
          ),
        );

  const history = h("ol", { class: "history", id: "history" });
  for (const entry of [...v.history].reverse()) {
    const changes = h("ul", { class: "changes" });
    for (const change of entry.changes) {
      changes.append(
        h(
          "li",
          {},
          h("span", { class: "change-field" }, fieldLabel(change.field)),
          ": ",
          h("del", {}, change.before || "—"),
          " → ",
          h("ins", {}, change.after || "—"),
        ),
      );
    }
    history.append(
      h(
        "li",
        {},
        h(
          "div",
          { class: "history-head" },
          msg("strong", `history-${entry.action}`),
          " · ",
          instantToDisplay(entry.at),
          " · ",
          entry.actor,
        ),
        entry.changes.length > 0 && entry.action !== "registered" ? changes : null,
      ),
    );
  }

  const contributions = contributionsSection(m.member_no, opts.actions, opts.separator);
  const fullLo = `${m.given_name_lo} ${m.family_name_lo}`.trim();
  const fullLatin = `${m.given_name_latin} ${m.family_name_latin}`.trim();
  const page = h(
    "article",
    { class: "member", id: "member-page" },
    banner,
    h(
      "header",
      { class: "member-head" },
      h(
        "div",
        {},
        h("h1", { lang: "lo" }, msg("span", `title-${m.title}`), " ", fullLo),
        h("p", { class: "latin" }, fullLatin),
      ),
      h("div", { class: "member-no-box" }, msg("span", "member-number"), h("strong", { id: "member-no", class: "mono" }, m.member_no)),
    ),
    h(
      "div",
      { class: "columns" },
      h(
        "section",
        { class: "card" },
        msg("h2", "section-person"),
        h(
          "dl",
          {},
          row("field-sex", choice("sex", m.sex)),
          row("field-date_of_birth", isoToDisplay(m.date_of_birth)),
          row("section-documents", documents),
          row("field-phone", m.phone),
        ),
      ),
      h(
        "section",
        { class: "card" },
        msg("h2", "section-address"),
        h(
          "dl",
          {},
          row("field-province", named("span", v.province_name_lo, v.province_name_en)),
          row("field-district_code", named("span", v.district_name_lo, v.district_name_en)),
          row("field-village_code", village),
          row("field-house_no", m.house_no),
        ),
      ),
      h(
        "section",
        { class: "card" },
        msg("h2", "section-work"),
        h(
          "dl",
          {},
          row("field-occupation", choice("occupation", m.occupation)),
          row("field-business_licence_no", m.business_licence_no),
          row("field-tax_id", m.tax_id),
          row("field-income_base_kip", kipAmount(m.income_base_kip, opts.separator)),
          row("member-contribution", kipAmount(v.monthly_contribution_kip, opts.separator)),
          row(
            "field-hospital",
            h(
              "span",
              {},
              named("span", v.hospital_name_lo, v.hospital_name_en),
              // Kept until a clerk changes it: the national list no longer contracts it.
              ...(v.hospital_withdrawn ? [msg("p", "member-hospital-withdrawn", undefined, { class: "hint", id: "member-hospital-withdrawn" })] : []),
            ),
          ),
          row("member-registered-on", isoToDisplay(m.registered_on)),
        ),
      ),
      h("section", { class: "card" }, msg("h2", "section-dependants"), dependants),
    ),
    cardSection(m.member_no),
    contributions.el,
    outreachPrintSection(m.member_no, opts.actions),
    // A waiting correction explains why the record still shows the old identity values.
    opts.actions.includes("search") ? memberCorrectionsSection(m.member_no) : null,
    h("section", { class: "card" }, msg("h2", "member-history"), history),
    h("div", { class: "actions" }, back, amend),
  );
  root.replaceChildren(page);
  (opts.justSaved ? amend : back).focus();
  return { paymentOpen: contributions.paymentOpen };
}
