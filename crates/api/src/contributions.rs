//! Contributions: coverage month by month, payments, base changes, voids and the cashier's day close.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use nssf_domain::ledger::{self, MonthStatus, MonthsRequest, PaymentRules};
use nssf_domain::member::parse_kip;
use nssf_domain::{
    Code, DayClose, Month, Problem, Receipt, ReceiptLine, ReceiptNumber, TextOrNumber, Void,
};
use nssf_store::PaymentDraft;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{office_date, Actor, ApiError, Desk, Role};

/// One month on the member page and in `coverage --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CoverageMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// `covered`, `unpaid` or `future`.
    pub status: String,
    pub receipt: Option<String>,
    #[ts(type = "number")]
    pub due_kip: i64,
    #[ts(type = "number")]
    pub base_kip: i64,
    /// The month's floor was above the member's base and applies instead.
    pub floor_applied: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CoverageView {
    pub member_no: String,
    pub months: Vec<CoverageMonth>,
    pub months_in_arrears: u32,
    /// Sum of the unpaid months up to this month.
    #[ts(type = "number")]
    pub arrears_kip: i64,
    /// What this month costs.
    #[ts(type = "number")]
    pub current_month_kip: i64,
    pub receipts: Vec<ReceiptSummary>,
    pub payment_methods: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReceiptSummary {
    pub receipt_no: String,
    pub paid_on: String,
    pub method: String,
    #[ts(type = "number")]
    pub total_kip: i64,
    /// First and last month covered, `YYYY-MM`.
    pub from: String,
    pub to: String,
    pub voided: bool,
}

/// Which months to pay: the next N (arrears first) or a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MonthsChoice {
    Next { count: u32 },
    Range { from: String, to: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PaymentRequest {
    pub member_no: String,
    pub months: MonthsChoice,
    pub method: String,
    pub reference: String,
    /// `YYYY-MM-DD`; empty means today.
    pub paid_on: String,
}

/// What a payment would be, before it is taken: shown on screen for the cashier to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PaymentQuote {
    pub lines: Vec<ReceiptLine>,
    #[ts(type = "number")]
    pub total_kip: i64,
}

/// Paper formats of a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptFormat {
    /// A5: the member's and the office's copy on one A4 page.
    A5,
    /// 80 mm thermal roll.
    Roll,
}

/// A receipt with what its documents print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReceiptView {
    pub receipt: Receipt,
    pub void: Option<Void>,
    pub member_name_lo: String,
    pub member_name_latin: String,
}

impl Desk {
    fn rules(&self) -> PaymentRules {
        let s = self
            .store()
            .office()
            .map(|o| o.settings)
            .unwrap_or_default();
        PaymentRules {
            max_months_ahead: s.max_months_ahead,
            max_months_per_receipt: s.max_months_per_receipt,
        }
    }

    pub fn payment_methods(&self) -> Vec<String> {
        self.store()
            .office()
            .map(|o| o.settings.payment_methods)
            .unwrap_or_default()
    }

    /// Months from registration to now (and any paid in advance), each covered, unpaid or future.
    pub fn coverage(&self, member_no: &str, now: DateTime<Utc>) -> Result<CoverageView, ApiError> {
        let member = self.member_record(member_no)?;
        let ledger = self.store().member_ledger(&member.member_no)?;
        let current = Month::of(office_date(now));
        let months = ledger::coverage(
            &self.reference().schedule,
            &ledger.bases,
            Month::of(member.registered_on),
            current,
            &ledger.paid,
        )
        .map_err(|p| ApiError::invalid(vec![p]))?;
        let arrears: Vec<&ledger::CoverageMonth> = months
            .iter()
            .filter(|m| m.status == MonthStatus::Unpaid)
            .collect();
        let current_month_kip = ledger::due_for(&self.reference().schedule, &ledger.bases, current)
            .map_or(0, |d| d.amount_kip);
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
            months_in_arrears: arrears.len() as u32,
            arrears_kip: arrears.iter().map(|m| m.due.amount_kip).sum(),
            current_month_kip,
            months: months
                .iter()
                .map(|m| CoverageMonth {
                    month: m.due.month.to_string(),
                    status: match &m.status {
                        MonthStatus::Covered(_) => "covered",
                        MonthStatus::Unpaid => "unpaid",
                        MonthStatus::Future => "future",
                    }
                    .into(),
                    receipt: match &m.status {
                        MonthStatus::Covered(r) => Some(r.clone()),
                        MonthStatus::Unpaid | MonthStatus::Future => None,
                    },
                    due_kip: m.due.amount_kip,
                    base_kip: m.due.base_kip,
                    floor_applied: m.due.floor_applied,
                })
                .collect(),
            receipts,
            payment_methods: self.payment_methods(),
        })
    }

    /// Works out the months and amounts of a payment without taking it.
    pub fn quote(
        &self,
        request: &PaymentRequest,
        now: DateTime<Utc>,
    ) -> Result<PaymentQuote, ApiError> {
        let (_, lines) = self.payment_lines(request, now)?;
        Ok(PaymentQuote {
            total_kip: lines.iter().map(|l| l.amount_kip).sum(),
            lines,
        })
    }

    fn payment_lines(
        &self,
        request: &PaymentRequest,
        now: DateTime<Utc>,
    ) -> Result<(NaiveDate, Vec<ReceiptLine>), ApiError> {
        let member = self.member_record(&request.member_no)?;
        let today = office_date(now);
        let mut problems = Vec::new();
        let paid_on = if request.paid_on.trim().is_empty() {
            today
        } else {
            match nssf_domain::dates::parse_date("paid_on", &request.paid_on) {
                Ok(d) if d > today => {
                    problems.push(
                        Problem::new("paid_on", Code::DateInFuture).arg("value", &request.paid_on),
                    );
                    today
                }
                Ok(d) => d,
                Err(p) => {
                    problems.push(p);
                    today
                }
            }
        };
        let methods = self.payment_methods();
        let method = request.method.trim();
        if !methods.iter().any(|m| m == method) {
            problems.push(Problem::new("method", Code::InvalidChoice).arg("value", method));
        } else if method != "cash" && request.reference.trim().is_empty() {
            problems.push(Problem::new("reference", Code::ReferenceRequired));
        }
        let months_request = match &request.months {
            MonthsChoice::Next { count } => Some(MonthsRequest::Next(*count)),
            MonthsChoice::Range { from, to } => match (Month::parse(from), Month::parse(to)) {
                (Some(from), Some(to)) => Some(MonthsRequest::Range { from, to }),
                _ => {
                    problems.push(
                        Problem::new("months", Code::RangeInvalid)
                            .arg("from", from)
                            .arg("to", to),
                    );
                    None
                }
            },
        };
        let ledger = self.store().member_ledger(&member.member_no)?;
        let mut lines = Vec::new();
        if let Some(req) = months_request {
            let first = Month::of(member.registered_on);
            match ledger::months_to_pay(
                req,
                first,
                Month::of(paid_on).max(Month::of(today)),
                &ledger.paid,
                self.rules(),
            ) {
                Ok(months) => {
                    for m in months {
                        match ledger::due_for(&self.reference().schedule, &ledger.bases, m) {
                            Ok(d) => lines.push(ReceiptLine {
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
        if !problems.is_empty() {
            return Err(ApiError::invalid(problems));
        }
        Ok((paid_on, lines))
    }

    /// Takes a payment and issues its receipt. The amount is computed, never typed.
    pub fn pay(
        &self,
        actor: &Actor,
        request: &PaymentRequest,
        now: DateTime<Utc>,
    ) -> Result<Receipt, ApiError> {
        actor.require(Role::Cashier)?;
        let (paid_on, lines) = self.payment_lines(request, now)?;
        if let Some(close) = self.store().day_close(paid_on, &actor.staff_id)? {
            return Err(ApiError::new(Code::DayClosed).arg("date", close.date));
        }
        let receipt = Receipt {
            receipt_no: String::new(),
            member_no: self.member_record(&request.member_no)?.member_no,
            paid_on,
            method: request.method.trim().to_owned(),
            reference: nssf_domain::text::clean_text("reference", &request.reference, 60)
                .map_err(|p| ApiError::invalid(vec![p]))?,
            total_kip: lines.iter().map(|l| l.amount_kip).sum(),
            lines,
            cashier: actor.staff_id.clone(),
            issued_at: now,
        };
        Ok(self
            .store()
            .record_payment(&PaymentDraft { receipt }, now)?)
    }

    fn find_receipt(&self, receipt_no: &str) -> Result<Receipt, ApiError> {
        let number = ReceiptNumber::parse(receipt_no)
            .ok_or_else(|| ApiError::new(Code::ReceiptNumberInvalid).arg("value", receipt_no))?;
        self.store()
            .receipt(&number.to_string())?
            .ok_or_else(|| ApiError::new(Code::ReceiptNotFound).arg("receipt_no", receipt_no))
    }

    pub fn receipt(&self, receipt_no: &str) -> Result<ReceiptView, ApiError> {
        let receipt = self.find_receipt(receipt_no)?;
        let member = self.member_record(&receipt.member_no)?;
        let (member_name_lo, member_name_latin) = crate::printed_names(&member);
        Ok(ReceiptView {
            void: self.store().void_of(&receipt.receipt_no)?,
            member_name_lo,
            member_name_latin,
            receipt,
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
        actor.require(Role::Supervisor)?;
        let receipt = self.find_receipt(receipt_no)?;
        let reason = nssf_domain::text::clean_text("reason", reason, 300)
            .map_err(|p| ApiError::invalid(vec![p]))?;
        if reason.is_empty() {
            return Err(ApiError::invalid(vec![Problem::new(
                "reason",
                Code::ReasonRequired,
            )]));
        }
        let void = Void {
            receipt_no: receipt.receipt_no,
            reason,
            voided_by: actor.staff_id.clone(),
            voided_on: office_date(now),
            voided_at: now,
        };
        Ok(self.store().void_receipt(&void)?)
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
        actor.require(Role::Clerk)?;
        let member = self.member_record(member_no)?;
        let field = "income_base_kip";
        let base = parse_kip(&TextOrNumber::Text(kip.to_owned()))
            .ok_or_else(|| ApiError::invalid(vec![Problem::new(field, Code::NotANumber)]))?;
        let from = Month::parse(from).ok_or_else(|| {
            ApiError::invalid(vec![Problem::new("from", Code::RangeInvalid)
                .arg("from", from)
                .arg("to", from)])
        })?;
        if from < Month::of(member.registered_on) {
            return Err(ApiError::invalid(vec![Problem::new(
                "from",
                Code::MonthBeforeRegistration,
            )
            .arg("month", from)]));
        }
        nssf_domain::member::check_base(field, base, from, &self.reference().schedule)
            .map_err(|p| ApiError::invalid(vec![p]))?;
        let ledger = self.store().member_ledger(&member.member_no)?;
        if let Some((month, receipt)) = ledger.paid.range(from..).next() {
            // Paid months keep the amount on their receipt; a base change must start after them.
            return Err(ApiError::invalid(vec![Problem::new(
                "from",
                Code::MonthAlreadyCovered,
            )
            .arg("month", month)
            .arg("receipt", receipt)]));
        }
        self.store()
            .change_base(&member.member_no, from, base, &actor.staff_id, now)?;
        Ok(())
    }

    /// Closes the acting cashier's day at this workstation: totals by method, voids, cash expected.
    pub fn close_day(
        &self,
        actor: &Actor,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DayClose, ApiError> {
        actor.require(Role::Cashier)?;
        if date > office_date(now) {
            return Err(ApiError::invalid(vec![Problem::new(
                "date",
                Code::DateInFuture,
            )
            .arg("value", date)]));
        }
        let close = self.day_summary(actor, date, now)?;
        Ok(self.store().close_day(&close, &actor.staff_id)?)
    }

    /// The day sheet's figures; for a closed day, as closed.
    pub fn day_summary(
        &self,
        actor: &Actor,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DayClose, ApiError> {
        if let Some(closed) = self.store().day_close(date, &actor.staff_id)? {
            return Ok(closed);
        }
        let (receipts, voids) = self.store().day_activity(date, &actor.staff_id)?;
        let voided: Vec<&String> = voids.iter().map(|(v, _)| &v.receipt_no).collect();
        let mut totals: BTreeMap<String, i64> = BTreeMap::new();
        for r in receipts.iter().filter(|r| !voided.contains(&&r.receipt_no)) {
            *totals.entry(r.method.clone()).or_insert(0) += r.total_kip;
        }
        // Cash handed back today for receipts of earlier days leaves the drawer too.
        let cash_refunded: i64 = voids
            .iter()
            .filter(|(_, r)| r.method == "cash" && r.paid_on != date)
            .map(|(_, r)| r.total_kip)
            .sum();
        Ok(DayClose {
            date,
            cashier: actor.staff_id.clone(),
            workstation: self.office().workstation,
            cash_expected_kip: totals.get("cash").copied().unwrap_or(0) - cash_refunded,
            receipts: receipts.iter().map(|r| r.receipt_no.clone()).collect(),
            totals_by_method: totals,
            voided_kip: voids.iter().map(|(_, r)| r.total_kip).sum(),
            voids: voids.iter().map(|(v, _)| v.receipt_no.clone()).collect(),
            closed_at: now,
        })
    }
}
