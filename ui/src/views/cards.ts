// Member photos and cards: the photo and card box of the member page, and the print queue page.

import { h, msg } from "../dom";
import { isoToDisplay } from "../format";
import * as ipc from "../ipc";
import { guard } from "../report";
import { onClickBusy, statusLine } from "./actions";
import type { CardIssueView } from "../bindings/CardIssueView";
import type { ReprintReason } from "../bindings/ReprintReason";
import type { SearchHit } from "../bindings/SearchHit";
import { choiceDialog } from "./dialogs";
import { photoDialog } from "./photo";

const REASONS: ReprintReason[] = ["lost", "damaged", "changed"];

function issueList(issues: CardIssueView[]): HTMLElement {
  if (issues.length === 0) return msg("p", "card-none", undefined, { class: "hint", id: "card-issues" });
  return h(
    "ul",
    { class: "plain issues", id: "card-issues" },
    ...[...issues].reverse().map((issue) =>
      h(
        "li",
        { "data-issue": issue.issue_no },
        msg("strong", "card-issue-line", { issue: issue.issue_no }),
        " · ",
        isoToDisplay(issue.issued_on),
        " · ",
        msg("span", `card-reason-${issue.reason}`),
        " · ",
        issue.issued_by,
      ),
    ),
  );
}

/** The member page's photo and card box; fills itself in once the photo and issues have loaded. */
export function cardSection(memberNo: string): HTMLElement {
  const img = h("img", { class: "photo", id: "member-photo", alt: "", hidden: true });
  const noPhoto = msg("div", "photo-none", undefined, { class: "photo placeholder", id: "member-photo-none" });
  const takePhoto = msg("button", "photo-take", undefined, { type: "button", id: "take-photo" });
  const printCard = msg("button", "card-print", undefined, { type: "button", id: "print-card", class: "primary" });
  const issues = h("div", {}, issueList([]));
  const status = statusLine("card-status");
  let issued: CardIssueView[] = [];
  let url: string | null = null;

  async function refresh(): Promise<void> {
    try {
      const [blob, list] = await Promise.all([ipc.photo(memberNo), ipc.cardIssues(memberNo)]);
      if (url) URL.revokeObjectURL(url);
      url = blob ? URL.createObjectURL(blob) : null;
      img.hidden = url === null;
      noPhoto.hidden = url !== null;
      if (url) img.src = url;
      issued = list;
      issues.replaceChildren(issueList(list));
    } catch (e) {
      status.error(e);
    }
  }

  takePhoto.addEventListener(
    "click",
    guard(async () => {
      status.clear();
      if (await photoDialog(memberNo)) {
        await refresh();
        status.el.replaceChildren(msg("p", "photo-saved", undefined, { class: "ok", id: "photo-saved" }));
      }
    }, status.error),
  );
  onClickBusy(printCard, status.error, async () => {
    status.clear();
    let reason: ReprintReason | null = null;
    if (issued.length > 0) {
      const chosen = await choiceDialog(
        "card-reprint-title",
        REASONS.map((value) => ({ value, labelId: `card-reason-${value}` })),
        "card-print",
        "reprint-dialog",
      );
      if (chosen === null) return;
      reason = chosen as ReprintReason;
    }
    try {
      const path = await ipc.printCard(memberNo, reason);
      if (path !== null) status.saved(path);
      await refresh();
    } catch (e) {
      status.error(e);
    }
  });

  void refresh();
  return h(
    "section",
    { class: "card card-box", id: "card-section" },
    msg("h2", "section-card"),
    h("div", { class: "photo-row" }, h("div", { class: "photo-box" }, img, noPhoto), h("div", { class: "card-side" }, issues, h("div", { class: "row-actions" }, takePhoto, printCard), status.el)),
  );
}

/** The print queue: members waiting for a card, and printing them all on A4 sheets with progress. */
export function renderPrintQueue(root: HTMLElement, onOpenMember: (memberNo: string) => void): void {
  const list = h("div", { id: "queue-list" });
  const print = msg("button", "queue-print", undefined, { type: "button", id: "queue-print", class: "primary", disabled: true });
  const cancel = msg("button", "cancel", undefined, { type: "button", id: "queue-cancel", hidden: true });
  const bar = h("progress", { id: "queue-progress", max: 1, value: 0, hidden: true });
  const count = h("span", { class: "hint", id: "queue-progress-text" });
  const status = statusLine("queue-status");

  function show(hits: SearchHit[]): void {
    print.disabled = hits.length === 0;
    if (hits.length === 0) {
      list.replaceChildren(msg("p", "queue-empty", undefined, { class: "hint", id: "queue-empty" }));
      return;
    }
    list.replaceChildren(
      msg("p", "queue-count", { count: hits.length }),
      h(
        "table",
        { class: "grid-table" },
        h("tbody", {}, ...hits.map((hit) => {
          const open = h("button", { type: "button", class: "link mono" }, hit.member_no);
          open.addEventListener("click", () => onOpenMember(hit.member_no));
          return h(
            "tr",
            { "data-member-no": hit.member_no },
            h("td", {}, open),
            h("td", { lang: "lo" }, `${hit.given_name_lo} ${hit.family_name_lo}`.trim()),
            h("td", {}, `${hit.given_name_latin} ${hit.family_name_latin}`.trim()),
            h("td", {}, isoToDisplay(hit.date_of_birth)),
          );
        })),
      ),
    );
  }

  async function load(): Promise<void> {
    try {
      show(await ipc.cardQueue());
    } catch (e) {
      status.error(e);
    }
  }

  onClickBusy(print, status.error, async () => {
    status.clear();
    bar.value = 0;
    count.textContent = "";
    bar.hidden = false;
    cancel.hidden = false;
    cancel.focus();
    try {
      const saved = await ipc.printCardSheet(({ done, total }) => {
        bar.max = Math.max(total, 1);
        bar.value = done;
        count.textContent = `${done} / ${total}`;
      });
      if (saved) status.saved(saved.path);
      await load();
    } catch (e) {
      status.error(e);
    } finally {
      bar.hidden = true;
      cancel.hidden = true;
      count.textContent = "";
    }
  });
  cancel.addEventListener("click", guard(() => ipc.cancelCardSheet(), status.error));

  root.replaceChildren(
    h(
      "section",
      { class: "card", id: "queue-page" },
      msg("h1", "queue-title"),
      msg("p", "queue-hint", undefined, { class: "hint" }),
      list,
      h("div", { class: "actions progress-row" }, bar, count, cancel, print),
      status.el,
    ),
  );
  void load();
  print.focus();
}
