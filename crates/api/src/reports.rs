//! The supervisor's report (issue 14): registrations and collections of a period, by week, village,
//! occupation, sex and age group, the period's money by payment method, and how many members are active
//! or lapsed at its end. `report --json` prints [`ReportView`] as it is; the shapes are in
//! `docs/reports.md`.
//!
//! One pass over the members (with their bases and paid months), cut in two ranges of member numbers read
//! on two threads, and, on a third, the period's receipts from the day summaries (one row per closed
//! cashier's day, `nssf_store`'s `day_summary`): a period's figures never read a member twice, nor a
//! closed day's receipts.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use nssf_domain::dates::age_on;
use nssf_domain::member::{Occupation, Sex};
use nssf_domain::Month;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::arrears::{balance_in, each_member, PaidAsOf};
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
#[derive(Default, Clone, Copy)]
struct Tally {
    registrations: u64,
    payments: u64,
    kip: i64,
}

/// A village as the member pass groups it: the code, then the typed name (a free-text village has only
/// that); its Lao name is looked up once per village at the end, not once per member.
type Villages = HashMap<String, HashMap<String, Tally>>;

/// What one member pass (one range of member numbers) adds up.
#[derive(Default)]
struct MemberTally {
    registrations: u64,
    active: u64,
    lapsed: u64,
    by_occupation: BTreeMap<String, u64>,
    by_sex: BTreeMap<String, u64>,
    by_age_group: BTreeMap<String, u64>,
    week_registrations: Vec<u64>,
    villages: Villages,
    /// Members found with receipts in the period.
    paying_members: usize,
}

impl MemberTally {
    /// The tally of the member's village, made when first met.
    fn village(&mut self, m: &nssf_domain::Member) -> &mut Tally {
        if !self.villages.contains_key(&m.village_code) {
            self.villages.insert(m.village_code.clone(), HashMap::new());
        }
        let by_name = self
            .villages
            .get_mut(&m.village_code)
            .unwrap_or_else(|| unreachable!("inserted above"));
        if !by_name.contains_key(&m.village_name) {
            by_name.insert(m.village_name.clone(), Tally::default());
        }
        by_name
            .get_mut(&m.village_name)
            .unwrap_or_else(|| unreachable!("inserted above"))
    }
}

/// FNV-1a, for the maps keyed by member and receipt number that the period's receipts go through (up to
/// 600,000 lookups a report): faster than the default SipHash on short keys, and the keys are the
/// office's own numbers, not text from outside.
#[derive(Default)]
struct NumberHasher(u64);

impl std::hash::Hasher for NumberHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type ByNumber = std::hash::BuildHasherDefault<NumberHasher>;

/// What the period's receipts add up (voided ones left out).
#[derive(Default)]
struct MoneyTally {
    payments: u64,
    kip: i64,
    kip_by_method: BTreeMap<String, i64>,
    weeks: Vec<Tally>,
    /// By member: (receipts, kip, the number of one of them, for an error naming it).
    by_member: HashMap<String, (u64, i64, String), ByNumber>,
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

    /// The period's receipts (from the day summaries: `nssf_store::Store::receipt_totals_between`),
    /// voided ones left out, added up by method, week and member.
    fn period_money(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        week_count: usize,
    ) -> Result<MoneyTally, ApiError> {
        let voided: std::collections::HashSet<String, ByNumber> =
            self.store.voided_receipt_numbers()?.into_iter().collect();
        let settings = self.store.office().settings.clone();
        let first_week = monday_of(from);
        let mut money = MoneyTally {
            kip_by_method: settings
                .payment_methods
                .iter()
                .map(|m| (m.clone(), 0))
                .collect(),
            weeks: vec![Tally::default(); week_count],
            ..MoneyTally::default()
        };
        self.store.receipt_totals_between(from, to, &mut |r| {
            if !voided.is_empty() && voided.contains(r.receipt_no) {
                return;
            }
            money.payments += 1;
            money.kip += r.total_kip;
            match money.kip_by_method.get_mut(r.method) {
                Some(kip) => *kip += r.total_kip,
                None => {
                    money.kip_by_method.insert(r.method.to_owned(), r.total_kip);
                }
            }
            let week = ((r.paid_on - first_week).num_days() / 7) as usize;
            if let Some(week) = money.weeks.get_mut(week) {
                week.payments += 1;
                week.kip += r.total_kip;
            }
            match money.by_member.get_mut(r.member_no) {
                Some((n, kip, _)) => {
                    *n += 1;
                    *kip += r.total_kip;
                }
                None => {
                    money.by_member.insert(
                        r.member_no.to_owned(),
                        (1, r.total_kip, r.receipt_no.to_owned()),
                    );
                }
            }
        })?;
        Ok(money)
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
        let lapsed_after = self.store.office().settings.lapsed_after_months;
        let as_of = to.min(office_date(now));
        let current = Month::of(as_of);
        let schedule = &self.national().schedule;

        let first_week = monday_of(from);
        let week_count = ((monday_of(to) - first_week).num_days() / 7 + 1) as usize;
        let week_of = |date: NaiveDate| ((date - first_week).num_days() / 7) as usize;

        // The period's receipts are added up first (on a thread of their own while this one reads what
        // puts a past day's paid months back), then the members are passed over in two ranges on two
        // threads, each member taking their receipts' figures to their village.
        let (money, paid_as_of) = std::thread::scope(|scope| -> Result<_, ApiError> {
            let money = scope.spawn(|| self.period_money(from, to, week_count));
            let paid_as_of = PaidAsOf::read(&self.store, as_of)?;
            let money = money
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            Ok((money, paid_as_of))
        })?;
        let parts = each_member(
            &self.store,
            &paid_as_of,
            || MemberTally {
                week_registrations: vec![0; week_count],
                ..MemberTally::default()
            },
            |tally, row| {
                let m = &row.member;
                if let Some((payments, kip, _)) = money.by_member.get(&m.member_no) {
                    tally.paying_members += 1;
                    let village = tally.village(m);
                    village.payments += payments;
                    village.kip += kip;
                }
                if (from..=to).contains(&m.registered_on) {
                    tally.registrations += 1;
                    tally.village(m).registrations += 1;
                    tally.week_registrations[week_of(m.registered_on)] += 1;
                    *tally
                        .by_occupation
                        .entry(m.occupation.as_str().to_owned())
                        .or_insert(0) += 1;
                    *tally.by_sex.entry(m.sex.as_str().to_owned()).or_insert(0) += 1;
                    *tally
                        .by_age_group
                        .entry(age_group(age_on(m.date_of_birth, to)).to_owned())
                        .or_insert(0) += 1;
                }
                if m.registered_on <= as_of {
                    let paid = paid_as_of.paid(&m.member_no, &row.paid);
                    let balance = balance_in(schedule, &row, &paid, current)?;
                    if balance.arrears_months >= lapsed_after {
                        tally.lapsed += 1;
                    } else {
                        tally.active += 1;
                    }
                }
                Ok(())
            },
        )?;
        if parts.iter().map(|p| p.paying_members).sum::<usize>() != money.by_member.len() {
            // A receipt names a member who is not on file: name one.
            for (member_no, (_, _, receipt_no)) in &money.by_member {
                if self.store.member(member_no)?.is_none() {
                    return Err(Refusal::StoreDamaged {
                        detail: format!(
                            "receipt {receipt_no} names member {member_no}, who is not on file"
                        ),
                    }
                    .into());
                }
            }
        }

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
        let mut weeks = money.weeks;
        let (mut registrations, mut active, mut lapsed) = (0, 0, 0);
        for part in &parts {
            registrations += part.registrations;
            active += part.active;
            lapsed += part.lapsed;
            for (into, from) in [
                (&mut by_occupation, &part.by_occupation),
                (&mut by_sex, &part.by_sex),
                (&mut by_age_group, &part.by_age_group),
            ] {
                for (k, n) in from {
                    *into.entry(k.clone()).or_insert(0) += n;
                }
            }
            for (week, n) in weeks.iter_mut().zip(&part.week_registrations) {
                week.registrations += n;
            }
        }

        // Villages by code and Lao name: a coded village's name is the gazetteer's.
        let mut by_name: BTreeMap<(String, String), Tally> = BTreeMap::new();
        for part in parts {
            for (code, typed_names) in part.villages {
                let gazetteer = self.reference.gazetteer.village(&code).map(|v| &v.name_lo);
                for (typed, t) in typed_names {
                    let name_lo = gazetteer.cloned().unwrap_or(typed);
                    let into = by_name.entry((code.clone(), name_lo)).or_default();
                    into.registrations += t.registrations;
                    into.payments += t.payments;
                    into.kip += t.kip;
                }
            }
        }
        let by_village = by_name
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
        Ok(ReportView {
            registrations,
            payments: money.payments,
            kip: money.kip,
            kip_by_method: money.kip_by_method,
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
    }
}
