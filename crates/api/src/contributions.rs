//! Contributions: coverage month by month, payments, base changes, voids and the cashier's day close.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use nssf_domain::ledger::{self, MonthStatus, MonthsRequest, PaymentRules};
use nssf_domain::member::{check_base, parse_kip};
use nssf_domain::{Month, Problem, ProblemKind, ReceiptNumber, TextOrNumber};
use nssf_store::{Durability, PaymentDraft};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::views::{DayClose, Receipt, ReceiptLine, Void};
use crate::{office_date, Action, Actor, ApiError, Desk, Refusal};

/// The payment method counted in the cashier's drawer, and the one that needs no reference. The office's
/// list of methods is a setting (`docs/contributions.md`); this one is always on it.
const CASH: &str = "cash";

/// The monthly contribution a base gives in a month, with that month's limits: the registration form's
/// live preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContributionPreview {
    /// The base as understood, whole kip.
    pub income_base_kip: i64,
    /// What the member would pay a month.
    pub contribution_kip: i64,
    /// The lowest base accepted that month.
    pub floor_kip: i64,
    /// The highest base accepted that month.
    pub ceiling_kip: i64,
    /// The rate (900 = 9 %).
    pub rate_basis_points: u32,
}

/// One month on the member page and in `coverage --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CoverageMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Paid, owed, or not yet due.
    pub status: CoverageStatus,
    /// The receipt that paid it, when covered.
    pub receipt: Option<String>,
    /// What the month costs (or cost, when paid).
    pub due_kip: i64,
    /// The base the amount is computed on.
    pub base_kip: i64,
    /// The month's floor was above the member's base and applies instead.
    pub floor_applied: bool,
}

/// Where a month stands. The JSON text is part of the CLI contract (`coverage --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CoverageStatus {
    /// Paid by a receipt that is not void.
    Covered,
    /// Due (this month or earlier) and not paid: arrears.
    Unpaid,
    /// After this month and not paid: not yet due (shown when later months were paid in advance).
    Future,
}

impl CoverageStatus {
    /// The JSON text: `covered`, `unpaid`, `future`.
    pub fn as_str(self) -> &'static str {
        match self {
            CoverageStatus::Covered => "covered",
            CoverageStatus::Unpaid => "unpaid",
            CoverageStatus::Future => "future",
        }
    }
}

impl std::fmt::Display for CoverageStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so that the CLI's column widths apply.
        f.pad(self.as_str())
    }
}

/// A member's months and payments: the member page's contributions section and `coverage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CoverageView {
    /// The member, as stored (dashed).
    pub member_no: String,
    /// From the registration month to this month, and any later month paid in advance.
    pub months: Vec<CoverageMonth>,
    /// How many months before this one are unpaid (the arrears).
    pub months_in_arrears: u32,
    /// Sum of the unpaid months before this month.
    pub arrears_kip: i64,
    /// What this month costs, or 0 when it is paid: "due this month".
    pub current_month_kip: i64,
    /// Arrears plus this month: what the member pays now to be up to date.
    pub to_pay_now_kip: i64,
    /// The last month of the unbroken run of paid months from the registration month, `YYYY-MM`; `None`
    /// when the registration month is unpaid.
    pub paid_through: Option<String>,
    /// The member's receipts, oldest first.
    pub receipts: Vec<ReceiptSummary>,
    /// The methods the office takes, for the payment form.
    pub payment_methods: Vec<String>,
}

/// What a member owes on a day: `balance --json` and the figures the cashier decides on. The field names
/// are part of the CLI contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BalanceView {
    /// Unpaid months before the day's month.
    pub arrears_months: u32,
    /// Their sum.
    pub arrears_kip: i64,
    /// The day's month, or 0 when it is paid.
    pub this_month_kip: i64,
    /// Arrears plus this month.
    pub to_pay_now_kip: i64,
    /// `YYYY-MM`: the last month of the unbroken run of paid months from the registration month; `None`
    /// when the registration month is unpaid.
    pub paid_through: Option<String>,
}

impl From<ledger::Balance> for BalanceView {
    fn from(b: ledger::Balance) -> BalanceView {
        BalanceView {
            arrears_months: b.arrears_months,
            arrears_kip: b.arrears_kip,
            this_month_kip: b.this_month_kip,
            to_pay_now_kip: b.to_pay_now_kip,
            paid_through: b.paid_through.map(|m| m.to_string()),
        }
    }
}

/// A receipt as a line of the member's payments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReceiptSummary {
    /// `DDDD-WW-YYYY-NNNNNN-C`.
    pub receipt_no: String,
    /// `YYYY-MM-DD`.
    pub paid_on: String,
    /// A code of the office's method list.
    pub method: String,
    /// What it paid.
    pub total_kip: i64,
    /// First month covered, `YYYY-MM`.
    pub from: String,
    /// Last month covered, `YYYY-MM`.
    pub to: String,
    /// A void points at it: its months are unpaid again.
    pub voided: bool,
}

/// Which months to pay: the next N (arrears first) or a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MonthsChoice {
    /// The next `count` unpaid months, oldest first.
    Next {
        /// How many months.
        count: u32,
    },
    /// Every month from `from` to `to`, `YYYY-MM`, both included.
    Range {
        /// First month, `YYYY-MM`.
        from: String,
        /// Last month, `YYYY-MM`.
        to: String,
    },
}

/// A payment as the cashier enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaymentRequest {
    /// Who pays, as typed.
    pub member_no: String,
    /// Which months.
    pub months: MonthsChoice,
    /// A code of the office's method list.
    pub method: String,
    /// Bank or mobile-money reference; required for every method but cash.
    pub reference: String,
    /// `YYYY-MM-DD`; empty means today.
    pub paid_on: String,
    /// The cashier chose to leave earlier unpaid months unpaid (a range after the arrears).
    #[serde(default)]
    pub skip_arrears: bool,
    /// A supervisor allows a payment date further back than the office's limit.
    #[serde(default)]
    pub allow_backdate: bool,
}

impl PaymentRequest {
    /// The usual payment at the counter: the next `count` months from the first unpaid one, in cash, dated
    /// today, nothing skipped or back-dated.
    pub fn cash_for_next(member_no: impl Into<String>, count: u32) -> PaymentRequest {
        PaymentRequest {
            member_no: member_no.into(),
            months: MonthsChoice::Next { count },
            method: "cash".into(),
            reference: String::new(),
            paid_on: String::new(),
            skip_arrears: false,
            allow_backdate: false,
        }
    }
}

/// What a payment would be, before it is taken: shown on screen for the cashier to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaymentQuote {
    /// One line per month, oldest first.
    pub lines: Vec<ReceiptLine>,
    /// The sum of the lines.
    pub total_kip: i64,
}

/// Paper formats of a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReceiptFormat {
    /// A5: the member's and the office's copy on one A4 page.
    A5,
    /// 80 mm thermal roll.
    Roll,
}

/// A receipt with what its documents print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReceiptView {
    /// The receipt as issued.
    pub receipt: Receipt,
    /// The void that points at it, if any.
    pub void: Option<Void>,
    /// The member's name with title in Lao, as printed.
    pub member_name_lo: String,
    /// The member's name with title in Latin script, family name in capitals, as printed.
    pub member_name_latin: String,
}

/// Whether `date` is more than `days` days before `today`: back-dating that needs a supervisor.
pub(crate) fn back_dated(date: NaiveDate, today: NaiveDate, days: u32) -> bool {
    (today - date).num_days() > i64::from(days)
}

/// A date as messages show it: `DD/MM/YYYY`.
pub(crate) fn day_month_year(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

impl Desk {
    fn rules(&self) -> PaymentRules {
        let s = &self.store.office().settings;
        PaymentRules {
            max_months_ahead: s.max_months_ahead,
            max_months_per_receipt: s.max_months_per_receipt,
        }
    }

    fn payment_backdate_days(&self) -> u32 {
        self.store.office().settings.payment_backdate_days
    }

    /// Why a payment may not be dated `date`: before the member's registration or after today.
    fn payment_date_problem(
        &self,
        date: NaiveDate,
        registered_on: NaiveDate,
        today: NaiveDate,
    ) -> Option<Problem> {
        if date > today {
            Some(Problem::new(
                "paid_on",
                ProblemKind::DateInFuture {
                    value: day_month_year(date),
                },
            ))
        } else if date < registered_on {
            Some(Problem::new(
                "paid_on",
                ProblemKind::DateBeforeRegistration {
                    value: day_month_year(date),
                    registered_on: day_month_year(registered_on),
                },
            ))
        } else {
            None
        }
    }

    /// The payment methods the office takes (a setting; `docs/contributions.md`).
    pub fn payment_methods(&self) -> Vec<String> {
        self.store.office().settings.payment_methods.clone()
    }

    /// The one check of a payment's method against the office's list (and of the reference every method
    /// but cash needs): the method, trimmed, or the problem with the `method` or `reference` field.
    fn payment_method<'a>(&self, method: &'a str, reference: &str) -> Result<&'a str, Problem> {
        let method = method.trim();
        if !self
            .store
            .office()
            .settings
            .payment_methods
            .iter()
            .any(|m| m == method)
        {
            Err(Problem::new(
                "method",
                ProblemKind::InvalidChoice {
                    value: method.to_owned(),
                },
            ))
        } else if method != CASH && reference.trim().is_empty() {
            Err(Problem::new("reference", ProblemKind::ReferenceRequired {}))
        } else {
            Ok(method)
        }
    }

    /// Months from registration to now (and any paid in advance), each covered, unpaid or future.
    pub fn coverage(
        &self,
        actor: &Actor,
        member_no: &str,
        now: DateTime<Utc>,
    ) -> Result<CoverageView, ApiError> {
        actor.require(Action::Search)?;
        self.coverage_of(member_no, now)
    }

    /// [`coverage`](Desk::coverage), for use cases that checked their own action.
    pub(crate) fn coverage_of(
        &self,
        member_no: &str,
        now: DateTime<Utc>,
    ) -> Result<CoverageView, ApiError> {
        let member = self.find(member_no)?;
        let ledger = self.store.member_ledger(&member.member_no)?;
        let current = Month::of(office_date(now));
        let months = ledger::coverage(
            &self.national().schedule,
            &ledger.bases,
            Month::of(member.registered_on),
            current,
            &ledger.paid,
        )
        .map_err(|p| ApiError::invalid(vec![p]))?;
        let balance = ledger::balance(&months, current);
        let receipts = ledger
            .receipts
            .iter()
            .map(|r| ReceiptSummary {
                receipt_no: r.receipt_no.clone(),
                paid_on: r.paid_on.to_string(),
                method: r.method.clone(),
                total_kip: r.total_kip,
                from: r.lines.first().map(|l| l.month.clone()).unwrap_or_default(),
                to: r.lines.last().map(|l| l.month.clone()).unwrap_or_default(),
                voided: ledger.voids.contains_key(&r.receipt_no),
            })
            .collect();
        Ok(CoverageView {
            member_no: member.member_no,
            months_in_arrears: balance.arrears_months,
            arrears_kip: balance.arrears_kip,
            current_month_kip: balance.this_month_kip,
            to_pay_now_kip: balance.to_pay_now_kip,
            paid_through: balance.paid_through.map(|m| m.to_string()),
            months: months
                .iter()
                .map(|m| {
                    // A paid month shows what it was paid at, whatever the schedule in force says now.
                    let paid = match &m.status {
                        MonthStatus::Covered(r) => paid_line(&ledger.receipts, r, m.due.month),
                        MonthStatus::Unpaid | MonthStatus::Future => None,
                    };
                    CoverageMonth {
                        month: m.due.month.to_string(),
                        status: match &m.status {
                            MonthStatus::Covered(_) => CoverageStatus::Covered,
                            MonthStatus::Unpaid => CoverageStatus::Unpaid,
                            MonthStatus::Future => CoverageStatus::Future,
                        },
                        receipt: match &m.status {
                            MonthStatus::Covered(r) => Some(r.clone()),
                            MonthStatus::Unpaid | MonthStatus::Future => None,
                        },
                        due_kip: paid.map_or(m.due.amount_kip, |l| l.amount_kip),
                        base_kip: paid.map_or(m.due.base_kip, |l| l.base_kip),
                        floor_applied: paid.map_or(m.due.floor_applied, |l| l.floor_applied),
                    }
                })
                .collect(),
            receipts,
            payment_methods: self.payment_methods(),
        })
    }

    /// What a member owes as of the day `on`: arrears, this month, to pay now and the month paid through,
    /// counting only the receipts issued by then and the voids made by then. Before the registration,
    /// zeros and no month paid through.
    pub fn balance(
        &self,
        actor: &Actor,
        member_no: &str,
        on: NaiveDate,
    ) -> Result<BalanceView, ApiError> {
        actor.require(Action::Search)?;
        let member = self.find(member_no)?;
        let first = Month::of(member.registered_on);
        if on < member.registered_on {
            return Ok(ledger::Balance::default().into());
        }
        let ledger = self.store.member_ledger(&member.member_no)?;
        let mut paid = BTreeMap::new();
        for receipt in ledger.receipts.iter().filter(|r| r.paid_on <= on) {
            let voided = ledger
                .voids
                .get(&receipt.receipt_no)
                .is_some_and(|v| v.voided_on <= on);
            if !voided {
                for line in &receipt.lines {
                    if let Some(month) = Month::parse(&line.month) {
                        paid.insert(month, receipt.receipt_no.clone());
                    }
                }
            }
        }
        let current = Month::of(on);
        let months = ledger::coverage(
            &self.national().schedule,
            &ledger.bases,
            first,
            current,
            &paid,
        )
        .map_err(|p| ApiError::invalid(vec![p]))?;
        Ok(ledger::balance(&months, current).into())
    }

    /// Works out the months and amounts of a payment without taking it.
    pub fn quote(
        &self,
        actor: &Actor,
        request: &PaymentRequest,
        now: DateTime<Utc>,
    ) -> Result<PaymentQuote, ApiError> {
        actor.require(Action::Search)?;
        let (_, _, lines) = self.payment_lines(request, now)?;
        Ok(PaymentQuote {
            total_kip: lines.iter().map(|l| l.amount_kip).sum(),
            lines: lines.into_iter().map(ReceiptLine::from).collect(),
        })
    }

    /// The payment date, the method and the months (with amounts) of a request, or every problem with it.
    fn payment_lines(
        &self,
        request: &PaymentRequest,
        now: DateTime<Utc>,
    ) -> Result<(NaiveDate, String, Vec<nssf_domain::ReceiptLine>), ApiError> {
        let member = self.find(&request.member_no)?;
        let today = office_date(now);
        let mut problems = Vec::new();
        let paid_on = if request.paid_on.trim().is_empty() {
            today
        } else {
            match nssf_domain::dates::parse_date("paid_on", &request.paid_on) {
                Ok(d) => match self.payment_date_problem(d, member.registered_on, today) {
                    Some(p) => {
                        problems.push(p);
                        today
                    }
                    None if back_dated(d, today, self.payment_backdate_days()) => {
                        // `pay` checks that a supervisor gives the leave; a quote only shows it.
                        if request.allow_backdate {
                            d
                        } else {
                            problems.push(Problem::new(
                                "paid_on",
                                ProblemKind::PaymentBackdated {
                                    value: day_month_year(d),
                                    days: self.payment_backdate_days(),
                                },
                            ));
                            today
                        }
                    }
                    None => d,
                },
                Err(p) => {
                    problems.push(p);
                    today
                }
            }
        };
        let method = match self.payment_method(&request.method, &request.reference) {
            Ok(method) => Some(method),
            Err(p) => {
                problems.push(p);
                None
            }
        };
        let months_request = match &request.months {
            MonthsChoice::Next { count } => Some(MonthsRequest::Next(*count)),
            MonthsChoice::Range { from, to } => match (Month::parse(from), Month::parse(to)) {
                (Some(from), Some(to)) => Some(MonthsRequest::Range {
                    from,
                    to,
                    skip_earlier_unpaid: request.skip_arrears,
                }),
                _ => {
                    problems.push(Problem::new(
                        "months",
                        ProblemKind::RangeInvalid {
                            from: from.clone(),
                            to: to.clone(),
                        },
                    ));
                    None
                }
            },
        };
        let ledger = self.store.member_ledger(&member.member_no)?;
        let mut lines = Vec::new();
        if let Some(req) = months_request {
            let first = Month::of(member.registered_on);
            // "Months ahead" count from the payment's own month.
            match ledger::months_to_pay(req, first, Month::of(paid_on), &ledger.paid, self.rules())
            {
                Ok(months) => {
                    for m in months {
                        match ledger::due_for(&self.national().schedule, &ledger.bases, m) {
                            Ok(d) => lines.push(nssf_domain::ReceiptLine {
                                month: m.to_string(),
                                base_kip: d.base_kip,
                                rate_basis_points: d.rate_basis_points,
                                amount_kip: d.amount_kip,
                                floor_applied: d.floor_applied,
                            }),
                            Err(p) => problems.push(p),
                        }
                    }
                }
                Err(p) => problems.push(p),
            }
        }
        match method {
            Some(method) if problems.is_empty() => Ok((paid_on, method.to_owned(), lines)),
            Some(_) | None => Err(ApiError::invalid(problems)),
        }
    }

    /// Takes a payment and issues its receipt. The amount is computed, never typed.
    pub fn pay(
        &self,
        actor: &Actor,
        request: &PaymentRequest,
        now: DateTime<Utc>,
    ) -> Result<Receipt, ApiError> {
        self.pay_in(actor, request, now, Durability::FlushEach)
    }

    /// [`pay`](Desk::pay), durable as `durability` says: the demo writes a history of thousands of
    /// payments, each by the same rules at its own time, and flushes once at the end.
    pub(crate) fn pay_in(
        &self,
        actor: &Actor,
        request: &PaymentRequest,
        now: DateTime<Utc>,
        durability: Durability,
    ) -> Result<Receipt, ApiError> {
        actor.require(Action::TakePayment)?;
        let (paid_on, method, lines) = self.payment_lines(request, now)?;
        if back_dated(paid_on, office_date(now), self.payment_backdate_days()) {
            actor.require(Action::Backdate)?;
        }
        if let Some(close) = self.store.day_close(paid_on, &actor.staff_id)? {
            return Err(Refusal::DayClosed {
                date: close.date.to_string(),
            }
            .into());
        }
        let receipt = nssf_domain::Receipt {
            receipt_no: String::new(),
            member_no: self.find(&request.member_no)?.member_no,
            paid_on,
            method,
            reference: nssf_domain::text::clean_text("reference", &request.reference, 60)
                .map_err(|p| ApiError::invalid(vec![p]))?,
            total_kip: lines.iter().map(|l| l.amount_kip).sum(),
            lines,
            cashier: actor.staff_id.clone(),
            issued_at: now,
        };
        let _writing = self.write_turn();
        Ok(self
            .store
            .record_payment_in(&PaymentDraft { receipt }, now, durability)?
            .into())
    }

    fn find_receipt(&self, receipt_no: &str) -> Result<nssf_domain::Receipt, ApiError> {
        let number =
            ReceiptNumber::parse(receipt_no).ok_or_else(|| Refusal::ReceiptNumberInvalid {
                value: receipt_no.to_owned(),
            })?;
        self.store.receipt(&number.to_string())?.ok_or_else(|| {
            Refusal::ReceiptNotFound {
                receipt_no: receipt_no.to_owned(),
            }
            .into()
        })
    }

    /// A receipt with its void, if any, and the member's printed names.
    pub fn receipt(&self, actor: &Actor, receipt_no: &str) -> Result<ReceiptView, ApiError> {
        actor.require(Action::Search)?;
        self.receipt_view(receipt_no)
    }

    /// [`receipt`](Desk::receipt), for use cases that checked their own action.
    pub(crate) fn receipt_view(&self, receipt_no: &str) -> Result<ReceiptView, ApiError> {
        let receipt = self.find_receipt(receipt_no)?;
        let member = self.find(&receipt.member_no)?;
        let (member_name_lo, member_name_latin) = crate::members::printed_names(&member);
        Ok(ReceiptView {
            void: self.store.void_of(&receipt.receipt_no)?.map(Void::from),
            member_name_lo,
            member_name_latin,
            receipt: receipt.into(),
        })
    }

    /// Voids a receipt (supervisors only): a new record that points at it; its months become unpaid.
    pub fn void(
        &self,
        actor: &Actor,
        receipt_no: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Void, ApiError> {
        actor.require(Action::Void)?;
        let receipt = self.find_receipt(receipt_no)?;
        let reason = nssf_domain::text::clean_text("reason", reason, 300)
            .map_err(|p| ApiError::invalid(vec![p]))?;
        if reason.is_empty() {
            return Err(ApiError::invalid(vec![Problem::new(
                "reason",
                ProblemKind::ReasonRequired {},
            )]));
        }
        let void = nssf_domain::Void {
            receipt_no: receipt.receipt_no,
            reason,
            voided_by: actor.staff_id.clone(),
            voided_on: office_date(now),
            voided_at: now,
        };
        let _writing = self.write_turn();
        Ok(self.store.void_receipt(&void)?.into())
    }

    /// Changes a member's income base from a month on; earlier months keep the old base.
    pub fn set_base(
        &self,
        actor: &Actor,
        member_no: &str,
        kip: &str,
        from: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        actor.require(Action::ChangeBase)?;
        let member = self.find(member_no)?;
        let field = "income_base_kip";
        let base = parse_kip(&TextOrNumber::Text(kip.to_owned())).ok_or_else(|| {
            ApiError::invalid(vec![Problem::new(field, ProblemKind::NotANumber {})])
        })?;
        let from = Month::parse(from).ok_or_else(|| {
            ApiError::invalid(vec![Problem::new(
                "from",
                ProblemKind::RangeInvalid {
                    from: from.to_owned(),
                    to: from.to_owned(),
                },
            )])
        })?;
        if from < Month::of(member.registered_on) {
            return Err(ApiError::invalid(vec![Problem::new(
                "from",
                ProblemKind::MonthBeforeRegistration {
                    month: from.to_string(),
                },
            )]));
        }
        check_base(field, base, from, &self.national().schedule)
            .map_err(|p| ApiError::invalid(vec![p]))?;
        let ledger = self.store.member_ledger(&member.member_no)?;
        if let Some((month, receipt)) = ledger.paid.range(from..).next() {
            // Paid months keep the amount on their receipt; a base change must start after them.
            return Err(ApiError::invalid(vec![Problem::new(
                "from",
                ProblemKind::MonthAlreadyCovered {
                    month: month.to_string(),
                    receipt: receipt.clone(),
                },
            )]));
        }
        let _writing = self.write_turn();
        self.store
            .change_base(&member.member_no, from, base, &actor.staff_id, now)?;
        Ok(())
    }

    /// Closes a cashier's day at this workstation: totals by method, voids, cash expected. Closing one's
    /// own day (`cashier` is the actor) is a cashier's; closing another's is a supervisor's.
    pub fn close_day(
        &self,
        actor: &Actor,
        cashier: &str,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DayClose, ApiError> {
        self.close_day_in(actor, cashier, date, now, Durability::FlushEach)
    }

    /// [`close_day`](Desk::close_day), durable as `durability` says (the demo's history).
    pub(crate) fn close_day_in(
        &self,
        actor: &Actor,
        cashier: &str,
        date: NaiveDate,
        now: DateTime<Utc>,
        durability: Durability,
    ) -> Result<DayClose, ApiError> {
        self.require_day(actor, cashier)?;
        if date > office_date(now) {
            return Err(ApiError::invalid(vec![Problem::new(
                "date",
                ProblemKind::DateInFuture {
                    value: date.to_string(),
                },
            )]));
        }
        let close = self.day_figures(cashier, date, now)?;
        let _writing = self.write_turn();
        Ok(self
            .store
            .close_day_in(&close, &actor.staff_id, durability)?
            .into())
    }

    /// A cashier's day sheet figures; for a closed day, as closed. One's own day or, for a supervisor,
    /// another cashier's.
    pub fn day_summary(
        &self,
        actor: &Actor,
        cashier: &str,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DayClose, ApiError> {
        self.require_day(actor, cashier)?;
        self.day_figures(cashier, date, now).map(DayClose::from)
    }

    pub(crate) fn day_figures(
        &self,
        cashier: &str,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<nssf_domain::DayClose, ApiError> {
        if let Some(closed) = self.store.day_close(date, cashier)? {
            return Ok(closed);
        }
        let (receipts, voids) = self.store.day_activity(date, cashier)?;
        let voided: Vec<&String> = voids.iter().map(|(v, _)| &v.receipt_no).collect();
        let mut totals: BTreeMap<String, i64> = BTreeMap::new();
        for r in receipts.iter().filter(|r| !voided.contains(&&r.receipt_no)) {
            *totals.entry(r.method.clone()).or_insert(0) += r.total_kip;
        }
        // Cash handed back today for receipts of earlier days leaves the drawer too.
        let cash_refunded: i64 = voids
            .iter()
            .filter(|(_, r)| r.method == CASH && r.paid_on != date)
            .map(|(_, r)| r.total_kip)
            .sum();
        Ok(nssf_domain::DayClose {
            date,
            cashier: cashier.to_owned(),
            workstation: self.office().workstation,
            cash_expected_kip: totals.get(CASH).copied().unwrap_or(0) - cash_refunded,
            receipts: receipts.iter().map(|r| r.receipt_no.clone()).collect(),
            totals_by_method: totals,
            voided_kip: voids.iter().map(|(_, r)| r.total_kip).sum(),
            voids: voids.iter().map(|(v, _)| v.receipt_no.clone()).collect(),
            closed_at: now,
        })
    }

    /// `forbidden` unless the actor may see or close `cashier`'s day: their own, or another's as a
    /// supervisor; then `staff-unknown` unless `cashier` could have a day here: a staff account (a
    /// disabled one's days stay) or the setup user, whose days before the first account do too. A typed
    /// id names nobody's day, so no close of it goes to the central office.
    pub(crate) fn require_day(&self, actor: &Actor, cashier: &str) -> Result<(), ApiError> {
        if cashier == actor.staff_id {
            return actor.require(Action::CloseOwnDay);
        }
        actor.require(Action::CloseOtherDay)?;
        if cashier == Actor::setup_user().staff_id || self.store.staff_account(cashier)?.is_some() {
            return Ok(());
        }
        Err(Refusal::StaffUnknown {
            staff_id: cashier.to_owned(),
        }
        .into())
    }

    /// The contribution a base gives for the month of `on`, or why the base is refused.
    pub fn contribution_preview(
        &self,
        income_base_kip: &str,
        on: NaiveDate,
    ) -> Result<ContributionPreview, ApiError> {
        let field = "income_base_kip";
        let base = parse_kip(&TextOrNumber::Text(income_base_kip.to_owned())).ok_or_else(|| {
            ApiError::invalid(vec![Problem::new(field, ProblemKind::NotANumber {})])
        })?;
        let month = Month::of(on);
        let national = self.national();
        let row = national.schedule.for_month(month).ok_or_else(|| {
            ApiError::invalid(vec![Problem::new(
                field,
                ProblemKind::NoScheduleForMonth {
                    month: month.to_string(),
                },
            )])
        })?;
        check_base(field, base, month, &national.schedule)
            .map_err(|p| ApiError::invalid(vec![p]))?;
        Ok(ContributionPreview {
            income_base_kip: base,
            contribution_kip: row.contribution_kip(base),
            floor_kip: row.floor_kip,
            ceiling_kip: row.ceiling_kip,
            rate_basis_points: row.rate_basis_points,
        })
    }
}

/// The line of receipt `receipt_no` that paid `month`.
fn paid_line<'a>(
    receipts: &'a [nssf_domain::Receipt],
    receipt_no: &str,
    month: Month,
) -> Option<&'a nssf_domain::ReceiptLine> {
    let month = month.to_string();
    receipts
        .iter()
        .filter(|r| r.receipt_no == receipt_no)
        .flat_map(|r| r.lines.iter())
        .find(|l| l.month == month)
}
