//! Month-by-month coverage: what each month costs, which months are paid, and which months a payment covers.
//!
//! A month's amount is the contribution rate in force for that month times the member's income base in force
//! for that month. The base is kept between the month's floor and ceiling: where a raised floor overtakes the
//! base the member chose, the floor applies (and `floor_applied` says so). Each month is rounded on its own
//! (half up, whole kip), so a receipt's total is always the sum of its months.

use std::collections::BTreeMap;

use crate::dates::Month;
use crate::schedule::Schedule;
use crate::{Problem, ProblemKind};

/// The member's income base from a month on. The first entry is the registration month.
pub type BaseHistory = [(Month, i64)];

/// The base in force for a month: the latest change at or before it.
pub fn base_for(history: &BaseHistory, month: Month) -> Option<i64> {
    history
        .iter()
        .filter(|(from, _)| *from <= month)
        .max_by_key(|(from, _)| *from)
        .map(|(_, kip)| *kip)
}

/// What one month costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDue {
    pub month: Month,
    /// The base the member chose.
    pub chosen_base_kip: i64,
    /// The base used: the chosen one kept within the month's floor and ceiling.
    pub base_kip: i64,
    pub rate_basis_points: u32,
    pub amount_kip: i64,
    pub floor_applied: bool,
    pub ceiling_applied: bool,
}

pub fn due_for(
    schedule: &Schedule,
    bases: &BaseHistory,
    month: Month,
) -> Result<MonthDue, Problem> {
    let row = schedule.for_month(month).ok_or_else(|| {
        Problem::new(
            "months",
            ProblemKind::NoScheduleForMonth {
                month: month.to_string(),
            },
        )
    })?;
    let chosen = base_for(bases, month).ok_or_else(|| {
        Problem::new(
            "months",
            ProblemKind::MonthBeforeRegistration {
                month: month.to_string(),
            },
        )
    })?;
    let base = chosen.clamp(row.floor_kip, row.ceiling_kip);
    Ok(MonthDue {
        month,
        chosen_base_kip: chosen,
        base_kip: base,
        rate_basis_points: row.rate_basis_points,
        amount_kip: row.contribution_kip(base),
        floor_applied: chosen < row.floor_kip,
        ceiling_applied: chosen > row.ceiling_kip,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthStatus {
    /// Paid by this receipt.
    Covered(String),
    /// Due (this month or earlier) and not paid.
    Unpaid,
    /// After this month and not paid: not yet due (never "paid ahead", which is `Covered`).
    Future,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageMonth {
    pub status: MonthStatus,
    pub due: MonthDue,
}

/// Every month from the first (registration) month to the later of `current` and the last paid month.
/// `paid` maps months to the receipt that covers them (voided receipts already left out).
pub fn coverage(
    schedule: &Schedule,
    bases: &BaseHistory,
    first: Month,
    current: Month,
    paid: &BTreeMap<Month, String>,
) -> Result<Vec<CoverageMonth>, Problem> {
    let last = paid
        .keys()
        .next_back()
        .copied()
        .map_or(current, |m| m.max(current));
    let mut out = Vec::with_capacity(first.count_to(last) as usize);
    let mut month = first;
    while month <= last {
        let status = match paid.get(&month) {
            Some(receipt) => MonthStatus::Covered(receipt.clone()),
            None if month <= current => MonthStatus::Unpaid,
            None => MonthStatus::Future,
        };
        out.push(CoverageMonth {
            status,
            due: due_for(schedule, bases, month)?,
        });
        month = month.next();
    }
    Ok(out)
}

/// Months in arrears: unpaid months before `current` (the current month is "due this month", not arrears).
pub fn arrears(months: &[CoverageMonth], current: Month) -> usize {
    months
        .iter()
        .filter(|m| m.status == MonthStatus::Unpaid && m.due.month < current)
        .count()
}

/// What a member owes on a day: the figures the cashier decides on and `balance --json` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balance {
    /// Unpaid months before the current month.
    pub arrears_months: u32,
    /// Their sum.
    pub arrears_kip: i64,
    /// The current month's amount, or 0 when it is paid (or not yet a month of membership).
    pub this_month_kip: i64,
    /// Arrears plus this month.
    pub to_pay_now_kip: i64,
    /// The last month of the unbroken run of paid months from the registration month; `None` when the
    /// registration month is unpaid.
    pub paid_through: Option<Month>,
}

/// The balance of `months` (from [`coverage`], starting at the registration month) in month `current`.
/// Before the registration month nothing is owed and nothing is paid through.
pub fn balance(months: &[CoverageMonth], current: Month) -> Balance {
    let Some(first) = months.first().map(|m| m.due.month) else {
        return Balance::default();
    };
    if current < first {
        return Balance::default();
    }
    let arrears: Vec<&CoverageMonth> = months
        .iter()
        .filter(|m| m.status == MonthStatus::Unpaid && m.due.month < current)
        .collect();
    let arrears_kip = arrears.iter().map(|m| m.due.amount_kip).sum();
    let this_month_kip = months
        .iter()
        .find(|m| m.due.month == current && m.status == MonthStatus::Unpaid)
        .map_or(0, |m| m.due.amount_kip);
    let paid_through = months
        .iter()
        .take_while(|m| matches!(m.status, MonthStatus::Covered(_)))
        .last()
        .map(|m| m.due.month);
    Balance {
        arrears_months: arrears.len() as u32,
        arrears_kip,
        this_month_kip,
        to_pay_now_kip: arrears_kip + this_month_kip,
        paid_through,
    }
}

/// Limits on what one payment may cover; settings of the office (the scheme's rules are unconfirmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentRules {
    /// How far ahead of the current month a payment may reach.
    pub max_months_ahead: u32,
    /// How many months one receipt may cover.
    pub max_months_per_receipt: u32,
}

impl Default for PaymentRules {
    fn default() -> Self {
        PaymentRules {
            max_months_ahead: 12,
            max_months_per_receipt: 36,
        }
    }
}

/// Which months a payment covers, from "the next N months" (earliest unpaid first: arrears before advance)
/// or from an explicit range. Refuses months already covered, months before registration, ranges that end
/// before they start, months too far ahead of `current` (the payment's month) and, unless the cashier chose
/// to skip them, a range that leaves earlier months unpaid.
pub fn months_to_pay(
    request: MonthsRequest,
    first: Month,
    current: Month,
    paid: &BTreeMap<Month, String>,
    rules: PaymentRules,
) -> Result<Vec<Month>, Problem> {
    let months: Vec<Month> = match request {
        MonthsRequest::Next(0) => return Err(Problem::new("months", ProblemKind::NoMonths {})),
        MonthsRequest::Next(n) => {
            let mut out = Vec::new();
            let mut m = first;
            while out.len() < n as usize {
                if !paid.contains_key(&m) {
                    out.push(m);
                }
                m = m.next();
            }
            out
        }
        MonthsRequest::Range {
            from,
            to,
            skip_earlier_unpaid,
        } => {
            if to < from {
                return Err(Problem::new(
                    "months",
                    ProblemKind::RangeInvalid {
                        from: from.to_string(),
                        to: to.to_string(),
                    },
                ));
            }
            if !skip_earlier_unpaid {
                let mut left = Vec::new();
                let mut m = first;
                while m < from {
                    if !paid.contains_key(&m) {
                        left.push(m);
                    }
                    m = m.next();
                }
                if let Some(oldest) = left.first() {
                    return Err(Problem::new(
                        "months",
                        ProblemKind::MonthsLeftUnpaid {
                            month: oldest.to_string(),
                            count: left.len() as u32,
                        },
                    ));
                }
            }
            let mut out = Vec::new();
            let mut m = from;
            while m <= to {
                out.push(m);
                m = m.next();
            }
            out
        }
    };
    if months.len() as u32 > rules.max_months_per_receipt {
        return Err(Problem::new(
            "months",
            ProblemKind::TooManyMonths {
                max: rules.max_months_per_receipt,
            },
        ));
    }
    if let Some(early) = months.iter().find(|m| **m < first) {
        return Err(Problem::new(
            "months",
            ProblemKind::MonthBeforeRegistration {
                month: early.to_string(),
            },
        ));
    }
    let limit = current.plus(rules.max_months_ahead);
    if let Some(late) = months.iter().find(|m| **m > limit) {
        return Err(Problem::new(
            "months",
            ProblemKind::MonthTooFarAhead {
                month: late.to_string(),
                max: rules.max_months_ahead,
            },
        ));
    }
    if let Some(covered) = months.iter().find(|m| paid.contains_key(m)) {
        return Err(Problem::new(
            "months",
            ProblemKind::MonthAlreadyCovered {
                month: covered.to_string(),
                receipt: paid.get(covered).cloned().unwrap_or_default(),
            },
        ));
    }
    Ok(months)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthsRequest {
    /// The next N unpaid months, oldest first.
    Next(u32),
    /// Every month from `from` to `to`; earlier unpaid months may be left unpaid only when
    /// `skip_earlier_unpaid` says the cashier chose so.
    Range {
        from: Month,
        to: Month,
        skip_earlier_unpaid: bool,
    },
}
