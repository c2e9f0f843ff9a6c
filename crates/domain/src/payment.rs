//! Payments, their receipts, voids and the cashier's day close, as stored and sent to the central office.
//! A receipt is never edited or deleted: a void is a separate record that points at it.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One month paid by a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    /// `YYYY-MM`.
    pub month: String,
    pub base_kip: i64,
    pub rate_basis_points: u32,
    pub amount_kip: i64,
    /// The month's floor was above the member's chosen base and was used instead.
    pub floor_applied: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub receipt_no: String,
    pub member_no: String,
    pub paid_on: NaiveDate,
    /// A code of the office's method list: `cash`, `bank`, `mobile`.
    pub method: String,
    /// Bank or mobile-money reference; empty for cash.
    pub reference: String,
    pub lines: Vec<ReceiptLine>,
    /// Always the sum of the lines.
    pub total_kip: i64,
    pub cashier: String,
    pub issued_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Void {
    pub receipt_no: String,
    pub reason: String,
    pub voided_by: String,
    pub voided_on: NaiveDate,
    pub voided_at: DateTime<Utc>,
}

/// A cashier's day at one workstation, closed: after this no payment can be dated into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayClose {
    pub date: NaiveDate,
    pub cashier: String,
    pub workstation: String,
    pub receipts: Vec<String>,
    /// Kip received per method, voided receipts of the day left out.
    pub totals_by_method: BTreeMap<String, i64>,
    /// Receipts voided on this day (whenever they were issued).
    pub voids: Vec<String>,
    pub voided_kip: i64,
    /// Cash the drawer should hold: cash receipts of the day that are not voided.
    pub cash_expected_kip: i64,
    pub closed_at: DateTime<Utc>,
}
