// The member page's contributions: month-by-month coverage, taking a payment with a live quote, receipts
// (print, reprint, void) and the member's statement.

import { describedBy, h, markInvalid, msg, onEscape } from "../dom";
import { problemsByField } from "../errors";
import { groupKip, isoToDisplay } from "../format";
import * as ipc from "../ipc";
import { IpcError, type Action } from "../ipc";
import { failure, guard } from "../report";
import type { CoverageView } from "../bindings/CoverageView";
import type { MonthsChoice } from "../bindings/MonthsChoice";
import type { PaymentRequest } from "../bindings/PaymentRequest";
import type { Receipt } from "../bindings/Receipt";
import type { ReceiptFormat } from "../bindings/ReceiptFormat";
import { onClickBusy, statusLine } from "./actions";
import { kipAmount } from "./amount";
import { choiceDialog, confirmDialog, textDialog } from "./dialogs";

const QUOTE_DEBOUNCE_MS = 150;
/** Months offered ahead of the current one in the range choice. */
const RANGE_AHEAD = 12;

/** "2026-03" → "03/2026". */
export function monthToDisplay(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  return match ? `${match[2]}/${match[1]}` : month;
}

/** The month after "YYYY-MM". */
export function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** Today as dd/mm/yyyy on this computer's clock (the office's). */
export function todayDisplay(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
}

export async function chooseFormat(): Promise<ReceiptFormat | null> {
  const chosen = await choiceDialog(
    "receipt-format-title",
    [
      { value: "a5", labelId: "receipt-format-a5" },
      { value: "roll", labelId: "receipt-format-roll" },
    ],
    "receipt-print",
    "format-dialog",
  );
  return chosen === "a5" || chosen === "roll" ? chosen : null;
}

type Kip = (amount: number, attrs?: Record<string, string>) => HTMLElement;

/** The months before `from` that are not paid, oldest first: what a range from `from` leaves unpaid. */
export function unpaidBefore(view: CoverageView, from: string): string[] {
  return view.months.filter((m) => m.status !== "covered" && m.month < from).map((m) => m.month);
}

function grid(view: CoverageView, kip: Kip): HTMLElement {
  return h(
    "ol",
    { class: "months", id: "months" },
    ...view.months.map((m) =>
      h(
        "li",
        { class: `month ${m.status}`, "data-month": m.month, "data-status": m.status },
        h("span", { class: "month-name mono" }, monthToDisplay(m.month)),
        msg("span", `month-${m.status}`, undefined, { class: "month-status" }),
        m.receipt ? h("span", { class: "month-receipt mono" }, m.receipt) : kip(m.due_kip, { class: "month-due" }),
        m.floor_applied ? msg("span", "month-floor", undefined, { class: "month-floor", title: "" }) : null,
      ),
    ),
  );
}

interface Field {
  wrap: HTMLElement;
  control: HTMLElement;
  errors: HTMLElement;
}
function field(name: string, labelId: string, control: HTMLElement, hintId?: string): Field {
  const errors = h("div", { class: "field-errors", "data-for": name, id: `pay-${name}-errors` });
  const hint = hintId ? msg("p", hintId, undefined, { class: "hint", id: `pay-${name}-hint` }) : null;
  describedBy(control, hint, errors);
  const wrap = h("div", { class: "field" }, msg("label", labelId, undefined, { for: `pay-${name}` }), control, hint, errors);
  return { wrap, control, errors };
}

export interface ContributionsSection {
  el: HTMLElement;
  /** True while the payment form is open (Esc outside it must not leave the page). */
  paymentOpen: () => boolean;
}

/**
 * The contributions section; `actions` decides whether Void is offered (the api checks again), `separator` groups
 * kip as the office's setting says.
 */
export function contributionsSection(memberNo: string, actions: readonly Action[], separator: string): ContributionsSection {
  const kip: Kip = (amount, attrs = {}) => kipAmount(amount, separator, attrs);
  const summary = h("div", { class: "arrears", id: "arrears" });
  const months = h("div", {});
  const receipts = h("div", { id: "receipts" });
  const takePayment = msg("button", "pay-take", undefined, { type: "button", id: "take-payment", class: "primary" });
  const statement = msg("button", "statement-print", undefined, { type: "button", id: "print-statement" });
  const panel = h("div", { id: "payment-panel" });
  const status = statusLine("pay-status");
  let view: CoverageView | null = null;
  /** Closes what the payment panel shows (the form, or the receipt just issued); null when it is empty. */
  let closePanel: (() => void) | null = null;
  let paying = false;

  async function refresh(): Promise<void> {
    try {
      view = await ipc.coverage(memberNo);
    } catch (e) {
      status.error(e);
      return;
    }
    summary.replaceChildren(
      h("div", { class: "figure" }, msg("span", "arrears-months"), h("strong", { id: "arrears-months" }, String(view.months_in_arrears))),
      h("div", { class: "figure" }, msg("span", "arrears-total"), h("strong", { id: "arrears-kip" }, kip(view.arrears_kip))),
      h("div", { class: "figure" }, msg("span", "due-this-month"), h("strong", { id: "current-kip" }, kip(view.current_month_kip))),
      h("div", { class: "figure total" }, msg("span", "to-pay-now"), h("strong", { id: "to-pay-now-kip" }, kip(view.to_pay_now_kip))),
      h(
        "div",
        { class: "figure" },
        msg("span", "paid-through"),
        view.paid_through
          ? h("strong", { id: "paid-through", class: "mono" }, monthToDisplay(view.paid_through))
          : msg("strong", "paid-through-none", undefined, { id: "paid-through" }),
      ),
    );
    months.replaceChildren(grid(view, kip));
    receipts.replaceChildren(receiptTable(view));
  }

  function receiptTable(v: CoverageView): HTMLElement {
    if (v.receipts.length === 0) return msg("p", "receipts-none", undefined, { class: "hint" });
    const rows = [...v.receipts].reverse().map((r) => {
      const reprint = msg("button", "receipt-reprint", undefined, { type: "button", class: "small", "data-action": "reprint" });
      onClickBusy(reprint, status.error, async () => {
        const format = await chooseFormat();
        if (!format) return;
        const path = await ipc.printReceipt(r.receipt_no, format);
        if (path !== null) status.saved(path);
      });
      let voidButton: HTMLButtonElement | null = null;
      if (!r.voided && actions.includes("void")) {
        const button = msg("button", "receipt-void", undefined, { type: "button", class: "small", "data-action": "void" });
        onClickBusy(button, status.error, async () => {
          const reason = await textDialog("void-title", "field-reason", "receipt-void", "void-dialog", "void-question");
          if (reason === null) return;
          if (!(await confirmDialog("void-confirm", "receipt-void", "cancel"))) return;
          await ipc.voidReceipt(r.receipt_no, reason);
          await refresh();
          status.el.replaceChildren(msg("p", "receipt-voided", { receipt_no: r.receipt_no }, { class: "ok" }));
        });
        voidButton = button;
      }
      return h(
        "tr",
        { "data-receipt-no": r.receipt_no, class: r.voided ? "voided" : "" },
        h("td", { class: "mono" }, r.receipt_no),
        h("td", {}, isoToDisplay(r.paid_on)),
        h("td", {}, msg("span", `method-${r.method}`)),
        h("td", { class: "mono" }, r.from === r.to ? monthToDisplay(r.from) : `${monthToDisplay(r.from)} – ${monthToDisplay(r.to)}`),
        h("td", { class: "num" }, kip(r.total_kip)),
        h("td", {}, r.voided ? msg("span", "receipt-void-badge", undefined, { class: "badge void" }) : null),
        h("td", { class: "row-buttons" }, reprint, voidButton),
      );
    });
    return h(
      "table",
      { class: "grid-table receipts" },
      h(
        "thead",
        {},
        h("tr", {}, msg("th", "receipt-number"), msg("th", "field-paid_on"), msg("th", "field-method"), msg("th", "field-months"), msg("th", "receipt-amount"), h("th", {}), h("th", {})),
      ),
      h("tbody", {}, ...rows),
    );
  }

  function openPayment(): void {
    if (!view) return;
    status.clear();
    const v = view;
    const unpaid = v.months.filter((m) => m.status === "unpaid").map((m) => m.month);
    const last = v.months.at(-1)?.month ?? "";
    const ahead: string[] = [];
    let m = last;
    for (let i = 0; i < RANGE_AHEAD && m; i += 1) ahead.push((m = nextMonth(m)));
    const rangeMonths = [...v.months.filter((x) => x.status !== "covered").map((x) => x.month), ...ahead].filter((x) => x !== "");
    const monthOptions = (): HTMLOptionElement[] => rangeMonths.map((x) => h("option", { value: x }, monthToDisplay(x)));

    const next = h("input", { type: "radio", name: "pay-kind", value: "next", id: "pay-kind-next", checked: true });
    const range = h("input", { type: "radio", name: "pay-kind", value: "range", id: "pay-kind-range" });
    const count = h("input", { type: "number", min: 1, max: 60, id: "pay-count", name: "count", value: String(Math.max(unpaid.length, 1)), class: "count" });
    const from = h("select", { id: "pay-from", name: "from" }, ...monthOptions());
    const to = h("select", { id: "pay-to", name: "to" }, ...monthOptions());
    from.value = unpaid[0] ?? rangeMonths[0] ?? "";
    to.value = unpaid.at(-1) ?? from.value;
    const method = h("select", { id: "pay-method", name: "method" }, ...v.payment_methods.map((code) => msg("option", `method-${code}`, undefined, { value: code })));
    const reference = h("input", { type: "text", id: "pay-reference", name: "reference", autocomplete: "off" });
    const paidOn = h("input", { type: "text", id: "pay-paid_on", name: "paid_on", value: todayDisplay(), autocomplete: "off" });
    // A range after the oldest unpaid month leaves months unpaid: the cashier says so explicitly.
    const skip = h("input", { type: "checkbox", id: "pay-skip-arrears", name: "skip_arrears" });
    const skipWarning = h("p", { class: "warning", id: "pay-skip-warning", role: "alert" });
    const skipChoice = h("div", { class: "skip-arrears", hidden: true }, skipWarning, h("label", { class: "check" }, skip, msg("span", "pay-skip-arrears")));
    // Dating a payment further back than the office allows is a supervisor's leave (the api checks again).
    const allowBackdate = h("input", { type: "checkbox", id: "pay-allow-backdate", name: "allow_backdate" });
    const backdateChoice = actions.includes("backdate") ? h("label", { class: "check" }, allowBackdate, msg("span", "pay-allow-backdate")) : null;
    const monthsErrors = h("div", { class: "field-errors", "data-for": "months", id: "pay-months-errors" });
    for (const el of [next, range, count, from, to, skip]) describedBy(el, monthsErrors);
    const fields: Record<string, Field> = {
      method: field("method", "field-method", method),
      reference: field("reference", "field-reference", reference, "pay-reference-hint"),
      paid_on: field("paid_on", "field-paid_on", paidOn, "date-hint"),
    };
    const quoteBox = h("div", { class: "quote", id: "quote", "aria-live": "polite" });
    const confirm = msg("button", "pay-confirm", undefined, { type: "button", id: "pay-confirm", class: "primary", disabled: true });
    const cancel = msg("button", "cancel", undefined, { type: "button", id: "pay-cancel" });

    const request = (): PaymentRequest => {
      const months: MonthsChoice = range.checked
        ? { kind: "range", from: from.value, to: to.value }
        : { kind: "next", count: Math.max(0, Math.floor(Number(count.value) || 0)) };
      return {
        member_no: memberNo,
        months,
        method: method.value,
        reference: reference.value,
        paid_on: paidOn.value,
        skip_arrears: range.checked && !skipChoice.hidden && skip.checked,
        allow_backdate: allowBackdate.checked,
      };
    };
    const syncControls = (): void => {
      count.disabled = range.checked;
      from.disabled = !range.checked;
      to.disabled = !range.checked;
      const left = range.checked ? unpaidBefore(v, from.value) : [];
      skipChoice.hidden = left.length === 0;
      if (left.length === 0) skip.checked = false;
      else skipWarning.replaceChildren(msg("span", "pay-skip-warning", { count: left.length, month: monthToDisplay(left[0] ?? "") }));
      reference.disabled = method.value === "cash";
      if (method.value === "cash") reference.value = "";
    };
    const clearProblems = (): void => {
      monthsErrors.replaceChildren();
      for (const f of Object.values(fields)) f.errors.replaceChildren();
      for (const el of [count, from, to, method, reference, paidOn]) markInvalid(el, false);
    };
    const showProblems = (error: unknown): void => {
      clearProblems();
      if (error instanceof IpcError && error.error.problems.length > 0) {
        for (const [name, messages] of problemsByField(error.error.problems, separator)) {
          const target = fields[name]?.errors ?? monthsErrors;
          const control = fields[name]?.control ?? (name.startsWith("months") ? (range.checked ? from : count) : null);
          if (control) markInvalid(control, true);
          for (const m of messages) target.append(msg("p", m.id, m.args, { class: "field-error" }));
        }
      } else {
        const m = failure(error);
        monthsErrors.append(msg("p", m.id, m.args, { class: "field-error" }));
      }
    };

    let timer: ReturnType<typeof setTimeout> | undefined;
    let seq = 0;
    // The request last sent for a quote: a `change` that follows an `input` (leaving a field, which is also
    // what clicking Pay does) must not re-quote and disable Pay under the pointer.
    let quoted = "";
    const showQuote = async (key: string): Promise<void> => {
      const mine = ++seq;
      try {
        const q = await ipc.quote(JSON.parse(key) as PaymentRequest);
        if (mine !== seq) return;
        clearProblems();
        quoteBox.replaceChildren(
          h(
            "table",
            { class: "grid-table" },
            h("tbody", {}, ...q.lines.map((line) =>
              h(
                "tr",
                { "data-month": line.month },
                h("td", { class: "mono" }, monthToDisplay(line.month)),
                h("td", {}, msg("span", "quote-base", { amount: groupKip(line.base_kip, separator) }), line.floor_applied ? msg("span", "month-floor", undefined, { class: "month-floor" }) : null),
                h("td", { class: "num" }, kip(line.amount_kip)),
              ),
            )),
            h("tfoot", {}, h("tr", {}, msg("th", "quote-total", { count: q.lines.length }), h("th", {}), h("th", { class: "num", id: "quote-total" }, kip(q.total_kip)))),
          ),
        );
        confirm.disabled = q.lines.length === 0;
      } catch (e) {
        if (mine !== seq) return;
        quoteBox.replaceChildren();
        showProblems(e);
      }
    };
    const requote = (): void => {
      const key = JSON.stringify(request());
      if (key === quoted) return;
      quoted = key;
      clearTimeout(timer);
      confirm.disabled = true;
      timer = setTimeout(guard(() => showQuote(key), showProblems), QUOTE_DEBOUNCE_MS);
    };
    for (const el of [next, range, count, from, to, skip, allowBackdate, method, reference, paidOn]) {
      el.addEventListener("input", () => {
        syncControls();
        requote();
      });
      el.addEventListener("change", () => {
        syncControls();
        requote();
      });
    }

    const close = (): void => {
      clearTimeout(timer);
      panel.replaceChildren();
      closePanel = null;
      paying = false;
      takePayment.hidden = false;
      takePayment.focus();
    };
    cancel.addEventListener("click", close);
    onClickBusy(confirm, showProblems, async () => {
      const receipt = await ipc.pay(request());
      panel.replaceChildren(issued(receipt));
      paying = false;
      takePayment.hidden = false;
      await refresh();
    });

    closePanel = close;
    paying = true;
    takePayment.hidden = true;
    panel.replaceChildren(
      h(
        "div",
        { class: "section payment", id: "payment-form" },
        msg("h3", "pay-title"),
        h(
          "fieldset",
          { class: "months-choice" },
          msg("legend", "field-months"),
          h("label", { class: "check" }, next, msg("span", "pay-next"), count, msg("span", "pay-next-months")),
          h("label", { class: "check" }, range, msg("span", "pay-range"), from, msg("span", "pay-range-to"), to),
          skipChoice,
          monthsErrors,
        ),
        h("div", { class: "grid" }, fields.method?.wrap ?? null, fields.reference?.wrap ?? null, fields.paid_on?.wrap ?? null),
        backdateChoice,
        quoteBox,
        h("div", { class: "actions" }, cancel, confirm),
      ),
    );
    syncControls();
    requote();
    count.focus();
    count.select();
    // The office's own date, in case this PC's clock is set to another time zone.
    guard(async () => {
      const iso = await ipc.today();
      if (paidOn.value === todayDisplay()) {
        paidOn.value = isoToDisplay(iso);
        requote();
      }
    }, showProblems)();
  }

  function issued(receipt: Receipt): HTMLElement {
    const printA5 = msg("button", "receipt-print-a5", undefined, { type: "button", id: "print-receipt-a5", class: "primary" });
    const printRoll = msg("button", "receipt-print-roll", undefined, { type: "button", id: "print-receipt-roll" });
    const print = (button: HTMLButtonElement, format: ReceiptFormat): void =>
      onClickBusy(button, status.error, async () => {
        const path = await ipc.printReceipt(receipt.receipt_no, format);
        if (path !== null) status.saved(path);
      });
    print(printA5, "a5");
    print(printRoll, "roll");
    const box = h(
      "div",
      { class: "banner success", id: "receipt-issued", role: "status" },
      h("p", {}, msg("span", "receipt-issued"), " ", h("strong", { class: "mono", id: "receipt-no" }, receipt.receipt_no), " · ", kip(receipt.total_kip)),
      h("div", { class: "row-actions" }, printA5, printRoll),
    );
    setTimeout(() => printA5.focus(), 0);
    return box;
  }

  takePayment.addEventListener("click", openPayment);
  onEscape(panel, () => closePanel?.());
  onClickBusy(statement, status.error, async () => {
    const path = await ipc.printStatement(memberNo);
    if (path !== null) status.saved(path);
  });
  void refresh();
  const el = h(
    "section",
    { class: "card", id: "contributions" },
    msg("h2", "section-contributions"),
    summary,
    months,
    h("div", { class: "row-actions" }, takePayment, statement),
    panel,
    status.el,
    msg("h3", "receipts-title"),
    receipts,
  );
  return { el, paymentOpen: () => paying };
}
