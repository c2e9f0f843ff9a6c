//! Receipts, voids and day closes as the window and the CLI see them: the same JSON as the domain records,
//! in types of their own (see [`super`]).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use nssf_domain::payment as domain;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A payment's receipt. Never changed once issued: a void is a separate record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Receipt {
    /// `DDDD-WW-YYYY-NNNNNN-C`.
    pub receipt_no: String,
    /// Whose months it pays.
    pub member_no: String,
    /// The office date of the payment, `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub paid_on: NaiveDate,
    /// A code of the office's method list: `cash`, `bank`, `mobile`.
    pub method: String,
    /// Bank or mobile-money reference; empty for cash.
    pub reference: String,
    /// One line per month paid, oldest first.
    pub lines: Vec<ReceiptLine>,
    /// Always the sum of the lines.
    pub total_kip: i64,
    /// Staff id of the cashier.
    pub cashier: String,
    /// When it was issued (RFC 3339).
    #[ts(type = "string")]
    pub issued_at: DateTime<Utc>,
}

/// One month paid by a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReceiptLine {
    /// `YYYY-MM`.
    pub month: String,
    /// The base the month's amount was computed on.
    pub base_kip: i64,
    /// The rate in force that month (900 = 9 %).
    pub rate_basis_points: u32,
    /// What the month costs.
    pub amount_kip: i64,
    /// The month's floor was above the member's chosen base and was used instead.
    pub floor_applied: bool,
}

/// A receipt voided: its months are unpaid again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Void {
    /// The receipt voided.
    pub receipt_no: String,
    /// Why, as the supervisor wrote it.
    pub reason: String,
    /// Staff id of the supervisor.
    pub voided_by: String,
    /// The office date of the void, `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub voided_on: NaiveDate,
    /// When (RFC 3339).
    #[ts(type = "string")]
    pub voided_at: DateTime<Utc>,
}

/// A cashier's day at one workstation: open (the figures so far) or closed (after which no payment can be
/// dated into it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayClose {
    /// `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// Staff id of the cashier.
    pub cashier: String,
    /// The workstation, two digits.
    pub workstation: String,
    /// Receipts issued on this day.
    pub receipts: Vec<String>,
    /// Kip received per method, voided receipts of the day left out.
    #[ts(type = "Record<string, number>")]
    pub totals_by_method: BTreeMap<String, i64>,
    /// Receipts voided on this day (whenever they were issued).
    pub voids: Vec<String>,
    /// Kip of the receipts voided on this day.
    pub voided_kip: i64,
    /// Cash the drawer should hold: cash receipts of the day that are not voided, less cash handed back.
    pub cash_expected_kip: i64,
    /// When it was closed, or when the figures were taken for an open day (RFC 3339).
    #[ts(type = "string")]
    pub closed_at: DateTime<Utc>,
}

impl From<domain::Receipt> for Receipt {
    fn from(r: domain::Receipt) -> Receipt {
        Receipt {
            receipt_no: r.receipt_no,
            member_no: r.member_no,
            paid_on: r.paid_on,
            method: r.method,
            reference: r.reference,
            lines: r.lines.into_iter().map(ReceiptLine::from).collect(),
            total_kip: r.total_kip,
            cashier: r.cashier,
            issued_at: r.issued_at,
        }
    }
}

impl From<domain::ReceiptLine> for ReceiptLine {
    fn from(l: domain::ReceiptLine) -> ReceiptLine {
        ReceiptLine {
            month: l.month,
            base_kip: l.base_kip,
            rate_basis_points: l.rate_basis_points,
            amount_kip: l.amount_kip,
            floor_applied: l.floor_applied,
        }
    }
}

impl From<domain::Void> for Void {
    fn from(v: domain::Void) -> Void {
        Void {
            receipt_no: v.receipt_no,
            reason: v.reason,
            voided_by: v.voided_by,
            voided_on: v.voided_on,
            voided_at: v.voided_at,
        }
    }
}

impl From<domain::DayClose> for DayClose {
    fn from(d: domain::DayClose) -> DayClose {
        DayClose {
            date: d.date,
            cashier: d.cashier,
            workstation: d.workstation,
            receipts: d.receipts,
            totals_by_method: d.totals_by_method,
            voids: d.voids,
            voided_kip: d.voided_kip,
            cash_expected_kip: d.cash_expected_kip,
            closed_at: d.closed_at,
        }
    }
}
