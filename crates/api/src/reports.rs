//! The supervisor's report (issue 14): registrations and collections of a period, by week, village,
//! occupation, sex and age group, the period's money by payment method, and how many members are active
//! or lapsed at its end. `report --json` prints [`ReportView`] as it is; the shapes are in
//! `docs/reports.md`.
//!
//! One pass over the members (with their bases and paid months) and one over the period's receipts
//! through the day index: a period's figures never read a member twice.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use nssf_domain::dates::age_on;
use nssf_domain::member::{Occupation, Sex};
use nssf_domain::Month;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::arrears::{balance_in, PaidAsOf};
use crate::{office_date, Action, Actor, ApiError, Desk, Refusal};

/// The age groups of the report, by whole years at the period's end: (name, youngest, oldest). The scheme
/// takes members aged 15 to 60 at entry, so a member registered at 60 may be 61 by the end of the period:
/// the last group holds everyone 55 or older, the first everyone under 25.
pub const AGE_GROUPS: [(&str, i32, i32); 5] = [
    ("15-24", i32::MIN, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-60", 55, i32::MAX),
];

/// The report of a period: what `report --json` prints, field for field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportView {
    /// Members registered in the period (registration date within it).
    pub registrations: u64,
    /// Receipts dated in the period, voided ones left out.
    pub payments: u64,
    /// Their total, kip.
    pub kip: i64,
    /// Their total by payment method; every method the office takes is present, 0 when unused.
    pub kip_by_method: BTreeMap<String, i64>,
    /// Per village with a registration or a receipt in the period, by village code (free-text villages,
    /// code empty, first, by name).
    pub by_village: Vec<VillageFigures>,
    /// Registrations in the period by occupation code; every occupation present, 0 when none.
    pub by_occupation: BTreeMap<String, u64>,
    /// Registrations in the period by sex (`male`, `female`); both present.
    pub by_sex: BTreeMap<String, u64>,
    /// Registrations in the period by age at the period's end ([`AGE_GROUPS`]); every group present.
    pub by_age_group: BTreeMap<String, u64>,
    /// Members registered by the end date with fewer months in arrears than the office's
    /// `lapsed_after_months` (3) in the end date's month.
    pub active: u64,
    /// Members registered by the end date with at least that many months in arrears.
    pub lapsed: u64,
    /// Every week (Monday to Sunday) that holds a day of the period, oldest first; a week cut by the
    /// period's ends counts only the days inside it.
    pub weeks: Vec<WeekFigures>,
}

/// One village's figures in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VillageFigures {
    /// `PPDDVVV`, or empty for a village typed as free text.
    pub village_code: String,
    /// The gazetteer's Lao name, or the typed name.
    pub village_name_lo: String,
    /// Members of the village registered in the period.
    pub registrations: u64,
    /// Receipts of the village's members in the period, voided ones left out.
    pub payments: u64,
    /// Their total, kip.
    pub kip: i64,
}

/// One week's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WeekFigures {
    /// The week's Monday, `YYYY-MM-DD` (it may fall before the period's first day).
    pub week_start: String,
    /// Members registered that week, within the period.
    pub registrations: u64,
    /// Receipts dated that week, within the period, voided ones left out.
    pub payments: u64,
    /// Their total, kip.
    pub kip: i64,
}

/// The Monday of the week holding `date`.
pub(crate) fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// The age group name of an age.
fn age_group(age: i32) -> &'static str {
    AGE_GROUPS
        .iter()
        .find(|(_, youngest, oldest)| (*youngest..=*oldest).contains(&age))
        .map_or(AGE_GROUPS[0].0, |(name, _, _)| name)
}

/// Figures added up as the passes go.
#[derive(Default)]
struct Tally {
    registrations: u64,
    payments: u64,
    kip: i64,
}

impl Desk {
    /// The report of the days `from` to `to` (both included); active and lapsed members are counted as
    /// of `to`, or of today (the office's date of `now`) when `to` is later.
    pub fn report(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<ReportView, ApiError> {
        actor.require(Action::ViewReports)?;
        self.report_figures(from, to, now)
    }

    pub(crate) fn report_figures(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<ReportView, ApiError> {
        if to < from {
            return Err(Refusal::PeriodInvalid {
                from: from.to_string(),
                to: to.to_string(),
            }
            .into());
        }
        let settings = self.store.office().settings.clone();
        let as_of = to.min(office_date(now));
        let current = Month::of(as_of);
        let schedule = &self.national().schedule;
        let paid_as_of = PaidAsOf::read(&self.store, as_of)?;

        let first_week = monday_of(from);
        let week_count = ((monday_of(to) - first_week).num_days() / 7 + 1) as usize;
        let mut weeks: Vec<Tally> = (0..week_count).map(|_| Tally::default()).collect();
        let week_of = |date: NaiveDate| ((date - first_week).num_days() / 7) as usize;

        let mut villages: Vec<((String, String), Tally)> = Vec::new();
        let mut village_index: HashMap<(String, String), usize> = HashMap::new();
        // Each member's village, for their receipts.
        let mut member_village: HashMap<String, usize> = HashMap::new();
        let mut by_occupation: BTreeMap<String, u64> = Occupation::ALL
            .iter()
            .map(|o| (o.as_str().to_owned(), 0))
            .collect();
        let mut by_sex: BTreeMap<String, u64> = Sex::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), 0))
            .collect();
        let mut by_age_group: BTreeMap<String, u64> = AGE_GROUPS
            .iter()
            .map(|(name, _, _)| ((*name).to_owned(), 0))
            .collect();
        let (mut registrations, mut active, mut lapsed) = (0, 0, 0);

        // The period's receipts are read on a second thread while this one passes over the members:
        // the two reads touch different trees.
        std::thread::scope(|scope| -> Result<ReportView, ApiError> {
            let period_receipts = scope.spawn(|| -> Result<_, ApiError> {
                Ok((
                    self.store.voided_receipt_numbers()?,
                    self.store.receipt_totals_between(from, to)?,
                ))
            });
            for row in self.store.members_with_contributions() {
                let row = row?;
                let m = &row.member;
                let key = (m.village_code.clone(), self.village_name_lo(m));
                let index = *village_index.entry(key.clone()).or_insert_with(|| {
                    villages.push((key, Tally::default()));
                    villages.len() - 1
                });
                member_village.insert(m.member_no.clone(), index);
                if (from..=to).contains(&m.registered_on) {
                    registrations += 1;
                    villages[index].1.registrations += 1;
                    weeks[week_of(m.registered_on)].registrations += 1;
                    *by_occupation
                        .entry(m.occupation.as_str().to_owned())
                        .or_insert(0) += 1;
                    *by_sex.entry(m.sex.as_str().to_owned()).or_insert(0) += 1;
                    *by_age_group
                        .entry(age_group(age_on(m.date_of_birth, to)).to_owned())
                        .or_insert(0) += 1;
                }
                if m.registered_on <= as_of {
                    let paid = paid_as_of.paid(&m.member_no, &row.paid);
                    let balance = balance_in(schedule, &row, &paid, current)?;
                    if balance.arrears_months >= settings.lapsed_after_months {
                        lapsed += 1;
                    } else {
                        active += 1;
                    }
                }
            }

            let (voided, receipts) = period_receipts
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            let mut kip_by_method: BTreeMap<String, i64> = settings
                .payment_methods
                .iter()
                .map(|m| (m.clone(), 0))
                .collect();
            let (mut payments, mut kip) = (0, 0);
            for receipt in receipts {
                if voided.contains(&receipt.receipt_no) {
                    continue;
                }
                payments += 1;
                kip += receipt.total_kip;
                *kip_by_method.entry(receipt.method.clone()).or_insert(0) += receipt.total_kip;
                let week = &mut weeks[week_of(receipt.paid_on)];
                week.payments += 1;
                week.kip += receipt.total_kip;
                let index = member_village.get(&receipt.member_no).ok_or_else(|| {
                    Refusal::StoreDamaged {
                        detail: format!(
                            "receipt {} names member {}, who is not on file",
                            receipt.receipt_no, receipt.member_no
                        ),
                    }
                })?;
                let village = &mut villages[*index].1;
                village.payments += 1;
                village.kip += receipt.total_kip;
            }

            let mut by_village: Vec<VillageFigures> = villages
                .into_iter()
                .filter(|(_, t)| t.registrations > 0 || t.payments > 0)
                .map(|((village_code, village_name_lo), t)| VillageFigures {
                    village_code,
                    village_name_lo,
                    registrations: t.registrations,
                    payments: t.payments,
                    kip: t.kip,
                })
                .collect();
            by_village.sort_by(|a, b| {
                (&a.village_code, &a.village_name_lo).cmp(&(&b.village_code, &b.village_name_lo))
            });
            Ok(ReportView {
                registrations,
                payments,
                kip,
                kip_by_method,
                by_village,
                by_occupation,
                by_sex,
                by_age_group,
                active,
                lapsed,
                weeks: weeks
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| WeekFigures {
                        week_start: (first_week + Duration::days(7 * i as i64)).to_string(),
                        registrations: t.registrations,
                        payments: t.payments,
                        kip: t.kip,
                    })
                    .collect(),
            })
        })
    }
}
