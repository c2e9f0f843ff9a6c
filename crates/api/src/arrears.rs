//! Arrears lists for outreach (issue 14): the members with N or more months in arrears, by village, with
//! their phone, the last month paid and what they owe; as a list for the window, CSV for an SMS gateway
//! and an A4 call sheet. The arrears are the money issue's (`nssf_domain::ledger::coverage` and
//! `balance`: unpaid months before the current one), computed from one pass over the store
//! ([`nssf_store::Store::members_with_contributions_in_parts`]: two ranges of member numbers, on two
//! threads).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use nssf_domain::ledger::{self, Balance};
use nssf_domain::schedule::Schedule;
use nssf_domain::{Month, Problem, ProblemKind};
use nssf_store::{MemberContributions, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{office_date, Action, Actor, ApiError, Desk};

/// Which members an arrears list holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArrearsQuery {
    /// At least this many months in arrears (`--min-months`).
    pub min_months: u32,
    /// Only this village, `PPDDVVV` (Lao digits accepted); all villages when `None`.
    pub village: Option<String>,
}

/// One member of an arrears list. `arrears --json` prints every field but `village_name_lo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArrearsLine {
    /// The member, dashed.
    pub member_no: String,
    /// Title and name in Lao script, as printed on receipts.
    pub name_lo: String,
    /// Title and name in Latin script, family name in capitals.
    pub name_latin: String,
    /// The gazetteer village code, `PPDDVVV`; empty for a village typed as free text.
    pub village_code: String,
    /// The village in Lao (the typed name of a free-text village).
    pub village_name_lo: String,
    /// E.164 (`+8562055551234`), or empty when the member gave none.
    pub phone: String,
    /// Unpaid months before the current month.
    pub unpaid_months: u32,
    /// Their sum, kip.
    pub owed_kip: i64,
    /// The latest month paid by a receipt that is not void, `YYYY-MM`; `None` when nothing is paid.
    pub last_paid_month: Option<String>,
}

/// What a member had paid as of a day, from the store as it is now: the months of receipts dated after
/// the day are taken out, and the months of receipts voided after the day (dated on or before it) are
/// put back. For today both are empty.
#[derive(Debug, Default)]
pub(crate) struct PaidAsOf {
    later: HashSet<String>,
    restored: HashMap<String, Vec<(Month, String)>>,
}

impl PaidAsOf {
    /// Whether the paid months as of the day are the store's as they are (nothing dated or voided
    /// after it): then the receipts' numbers are not needed.
    pub(crate) fn is_as_stored(&self) -> bool {
        self.later.is_empty() && self.restored.is_empty()
    }

    pub(crate) fn read(store: &Store, day: NaiveDate) -> Result<PaidAsOf, ApiError> {
        let later = store.receipt_numbers_after(day)?;
        let mut restored: HashMap<String, Vec<(Month, String)>> = HashMap::new();
        for (_void, receipt) in store.voids_after(day)? {
            if receipt.paid_on <= day {
                let months = restored.entry(receipt.member_no.clone()).or_default();
                months.extend(
                    receipt
                        .lines
                        .iter()
                        .filter_map(|l| Month::parse(&l.month))
                        .map(|m| (m, receipt.receipt_no.clone())),
                );
            }
        }
        Ok(PaidAsOf { later, restored })
    }

    /// The member's paid months as of the day.
    pub(crate) fn paid<'a>(
        &self,
        member_no: &str,
        now: &'a BTreeMap<Month, String>,
    ) -> Cow<'a, BTreeMap<Month, String>> {
        if self.is_as_stored() {
            // As of today: the store as it is.
            return Cow::Borrowed(now);
        }
        let restored = self.restored.get(member_no);
        let touched = now.values().any(|r| self.later.contains(r));
        if restored.is_none() && !touched {
            return Cow::Borrowed(now);
        }
        let mut paid: BTreeMap<Month, String> = now
            .iter()
            .filter(|(_, r)| !self.later.contains(*r))
            .map(|(m, r)| (*m, r.clone()))
            .collect();
        for (month, receipt) in restored.into_iter().flatten() {
            paid.insert(*month, receipt.clone());
        }
        Cow::Owned(paid)
    }
}

/// How many threads the whole-office member pass runs on, each over its own range of member numbers.
const MEMBER_PASS_THREADS: usize = 2;

/// Gives every member (with their bases and paid months, as of the day of `as_of`) to `step`, in
/// [`MEMBER_PASS_THREADS`] passes over consecutive ranges of member numbers on as many threads, each
/// adding up into its own `T` made by `start`; returns those in member-number order (the first range's
/// first). The first error stops the pass it happens in and is returned.
pub(crate) fn each_member<T: Send>(
    store: &Store,
    as_of: &PaidAsOf,
    start: impl Fn() -> T + Sync,
    step: impl Fn(&mut T, MemberContributions) -> Result<(), ApiError> + Sync,
) -> Result<Vec<T>, ApiError> {
    let mut passes = store.members_with_contributions_in_parts(MEMBER_PASS_THREADS)?;
    if as_of.is_as_stored() {
        // The receipts' numbers serve only to put a past day's months back.
        passes = passes.into_iter().map(|p| p.months_only()).collect();
    }
    let (start, step) = (&start, &step);
    std::thread::scope(|scope| {
        let running: Vec<_> = passes
            .into_iter()
            .map(|pass| {
                scope.spawn(move || -> Result<T, ApiError> {
                    let mut tally = start();
                    for row in pass {
                        step(&mut tally, row?)?;
                    }
                    Ok(tally)
                })
            })
            .collect();
        running
            .into_iter()
            .map(|pass| {
                pass.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The balance of a member in month `current` (before the registration month: nothing owed), through the
/// money issue's coverage and balance rules.
pub(crate) fn balance_in(
    schedule: &Schedule,
    row: &MemberContributions,
    paid: &BTreeMap<Month, String>,
    current: Month,
) -> Result<Balance, ApiError> {
    let first = Month::of(row.member.registered_on);
    if current < first {
        return Ok(Balance::default());
    }
    let months = ledger::coverage(schedule, &row.bases, first, current, paid)
        .map_err(|p| ApiError::invalid(vec![p]))?;
    Ok(ledger::balance(&months, current))
}

/// A village code as the filter compares it: Lao digits made ASCII, and seven digits, or the problem.
fn village_filter(typed: &str) -> Result<String, ApiError> {
    let code = nssf_domain::text::ascii_digits(typed.trim());
    if code.len() == 7 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(ApiError::invalid(vec![Problem::new(
            "village",
            ProblemKind::InvalidChoice {
                value: typed.trim().to_owned(),
            },
        )]))
    }
}

impl Desk {
    /// The village's name in Lao: the gazetteer's for a code, the typed name for a free-text village.
    pub(crate) fn village_name_lo(&self, member: &nssf_domain::Member) -> String {
        self.reference
            .gazetteer
            .village(&member.village_code)
            .map_or_else(|| member.village_name.clone(), |v| v.name_lo.clone())
    }

    /// The members with at least `query.min_months` months in arrears in the month of `now` (the
    /// office's date), optionally of one village; sorted by village, then by what they owe (most first),
    /// then by member number.
    pub fn arrears(
        &self,
        actor: &Actor,
        query: &ArrearsQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<ArrearsLine>, ApiError> {
        actor.require(Action::ViewReports)?;
        self.arrears_lines(query, now)
    }

    pub(crate) fn arrears_lines(
        &self,
        query: &ArrearsQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<ArrearsLine>, ApiError> {
        let village = query.village.as_deref().map(village_filter).transpose()?;
        let today = office_date(now);
        let current = Month::of(today);
        let schedule = &self.national().schedule;
        // Receipts cannot be dated after today, but voids of today's receipts belong to today: as of
        // today, the store as it is.
        let as_of = PaidAsOf::read(&self.store, today)?;
        let parts = each_member(&self.store, &as_of, Vec::new, |lines, row| {
            let m = &row.member;
            if village.as_ref().is_some_and(|v| *v != m.village_code) {
                return Ok(());
            }
            let paid = as_of.paid(&m.member_no, &row.paid);
            let balance = balance_in(schedule, &row, &paid, current)?;
            // A list of members in arrears: `--min-months 0` lists those owing at least one month.
            if balance.arrears_months < query.min_months.max(1) {
                return Ok(());
            }
            let (name_lo, name_latin) = crate::members::printed_names(m);
            lines.push(ArrearsLine {
                member_no: m.member_no.clone(),
                name_lo,
                name_latin,
                village_code: m.village_code.clone(),
                village_name_lo: self.village_name_lo(m),
                phone: m.phone.clone(),
                unpaid_months: balance.arrears_months,
                owed_kip: balance.arrears_kip,
                last_paid_month: paid.keys().next_back().map(ToString::to_string),
            });
            Ok(())
        })?;
        let mut lines: Vec<ArrearsLine> = parts.into_iter().flatten().collect();
        lines.sort_by(|a, b| {
            (&a.village_code, &a.village_name_lo)
                .cmp(&(&b.village_code, &b.village_name_lo))
                .then(b.owed_kip.cmp(&a.owed_kip))
                .then_with(|| a.member_no.cmp(&b.member_no))
        });
        Ok(lines)
    }
}
