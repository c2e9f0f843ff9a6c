//! What the central office asks of its store (`central report`, `central member`): the figures by
//! province, district and month with each workstation's batches, and one member's payments across
//! districts. What counts where is decided here, once, for both backends:
//! - a member counts in the district (and workstation) that registered them, in the month of
//!   `registered_on`;
//! - a payment counts in the district of the workstation that took it (its receipt number's issuer,
//!   wherever the member was registered: a member who moved pays elsewhere), in the month of `paid_on`;
//! - a void counts against its payment (same workstation and month): the payment stays counted in
//!   `payments`, is counted in `voids`, and its kip leaves `kip`, which is the kip of payments not void.
//!
//! The backends keep these figures as running totals per workstation and month, added to inside each
//! import's transaction ([`super::backend::CentralTx::add_totals`]), so a report reads a few thousand
//! rows however many records the store holds; a member's payments are read through an index by member.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use nssf_domain::{Member, Receipt, Void};
use serde::{Deserialize, Serialize};

use super::{member_issuer, receipt_issuer};

/// Figures of some records: members registered, payments taken (void ones included), voids, and the kip
/// of the payments not void.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Members registered.
    pub members: u64,
    /// Payments taken, void ones included.
    pub payments: u64,
    /// Payments voided.
    pub voids: u64,
    /// Kip of the payments not void.
    pub kip: i64,
}

impl Totals {
    /// Adds `other` to these figures.
    pub fn add(&mut self, other: &Totals) {
        self.members += other.members;
        self.payments += other.payments;
        self.voids += other.voids;
        self.kip = self.kip.saturating_add(other.kip);
    }
}

/// The figures of one workstation's records in one month, as the backends keep them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalsRow {
    /// The workstation that issued the records' numbers, `DDDD-WW`.
    pub workstation: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The figures.
    pub totals: Totals,
}

/// A trusted workstation's batches, as the backends read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkstationBatches {
    /// `DDDD-WW`.
    pub workstation: String,
    /// Batches imported from it.
    pub batches: u64,
    /// The number of the last one (0: none yet).
    pub last_batch: u64,
    /// When the last one was imported; `None` before its first, or for one imported before the central
    /// store recorded the time.
    pub last_received_at: Option<DateTime<Utc>>,
    /// The workstation that took its place, if one did.
    pub succeeded_by: Option<String>,
}

/// What a backend reads for a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportRows {
    /// Every workstation's figures per month, in any order.
    pub totals: Vec<TotalsRow>,
    /// Every trusted workstation, in any order.
    pub workstations: Vec<WorkstationBatches>,
}

/// A member as held, and every payment recorded for them (at any district) with its void.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecords {
    /// The latest version held.
    pub member: Member,
    /// Their payments, in any order.
    pub payments: Vec<(Receipt, Option<Void>)>,
}

/// The running totals an import adds to, per workstation and month.
#[derive(Debug, Default)]
pub(crate) struct TotalsDelta {
    rows: BTreeMap<(String, String), Totals>,
}

/// `YYYY-MM` of a date.
fn month_of(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}

impl TotalsDelta {
    fn add(&mut self, workstation: Option<String>, month: String, totals: Totals) {
        // A number without an issuer is never accepted (`judge` rejects it as `other-office`).
        if let Some(workstation) = workstation {
            self.rows
                .entry((workstation, month))
                .or_default()
                .add(&totals);
        }
    }

    /// A member registered (new to the central store).
    pub(crate) fn member(&mut self, m: &Member) {
        let one = Totals {
            members: 1,
            ..Totals::default()
        };
        self.add(member_issuer(&m.member_no), month_of(m.registered_on), one);
    }

    /// A payment taken (new to the central store).
    pub(crate) fn payment(&mut self, r: &Receipt) {
        let one = Totals {
            payments: 1,
            kip: r.total_kip,
            ..Totals::default()
        };
        self.add(receipt_issuer(&r.receipt_no), month_of(r.paid_on), one);
    }

    /// The payment `r` voided (the void new to the central store).
    pub(crate) fn void(&mut self, r: &Receipt) {
        let one = Totals {
            voids: 1,
            kip: -r.total_kip,
            ..Totals::default()
        };
        self.add(receipt_issuer(&r.receipt_no), month_of(r.paid_on), one);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows to add, ordered by workstation and month (the order a server locks them in).
    pub(crate) fn rows(self) -> Vec<TotalsRow> {
        self.rows
            .into_iter()
            .map(|((workstation, month), totals)| TotalsRow {
                workstation,
                month,
                totals,
            })
            .collect()
    }
}

/// The running totals of records already held: what a store written before the totals were kept
/// starts from (sled's rebuild; PostgreSQL's migration 0002 does the same in SQL).
pub(crate) fn totals_of_records<'a>(
    members: impl Iterator<Item = &'a Member>,
    payments: impl Iterator<Item = (&'a Receipt, bool)>,
) -> Vec<TotalsRow> {
    let mut delta = TotalsDelta::default();
    for m in members {
        delta.member(m);
    }
    for (r, voided) in payments {
        delta.payment(r);
        if voided {
            delta.void(r);
        }
    }
    delta.rows()
}

/// `central report --json`: the figures by province, district and month, and each district's
/// workstations with their batches (a district whose batches stopped coming shows by its
/// `last_received_at`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The whole store's figures.
    pub totals: Totals,
    /// By province (the first two digits of the district code), in code order.
    pub provinces: Vec<ProvinceReport>,
}

/// One province's figures and districts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvinceReport {
    /// The province code, `PP`.
    pub province: String,
    /// Its figures.
    #[serde(flatten)]
    pub totals: Totals,
    /// Its districts with a trusted workstation or records, in code order.
    pub districts: Vec<DistrictReport>,
}

/// One district's figures, by month, and its workstations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictReport {
    /// The district code, `DDDD`.
    pub district: String,
    /// Its figures.
    #[serde(flatten)]
    pub totals: Totals,
    /// When the last batch of any of its workstations was imported (RFC 3339), or null.
    pub last_received_at: Option<String>,
    /// Its figures per month with any record, in month order.
    pub months: Vec<MonthReport>,
    /// Its trusted workstations, in code order.
    pub workstations: Vec<WorkstationReport>,
}

/// One month's figures of a district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthReport {
    /// `YYYY-MM`.
    pub month: String,
    /// Its figures.
    #[serde(flatten)]
    pub totals: Totals,
}

/// A workstation's batches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkstationReport {
    /// `DDDD-WW`.
    pub workstation: String,
    /// Batches imported from it.
    pub batches: u64,
    /// The number of the last one (0: none yet).
    pub last_batch: u64,
    /// When the last one was imported (RFC 3339), or null.
    pub last_received_at: Option<String>,
    /// The workstation that took its place (`DDDD-WW`), or null.
    pub succeeded_by: Option<String>,
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The district part of `DDDD-WW`, and the province part of that.
fn district_and_province(workstation: &str) -> (String, String) {
    let district = super::district_of(workstation).to_owned();
    let province = district.get(..2).unwrap_or(&district).to_owned();
    (district, province)
}

/// Builds the report from a backend's rows.
pub(crate) fn build(rows: ReportRows) -> Report {
    #[derive(Default)]
    struct District {
        months: BTreeMap<String, Totals>,
        workstations: BTreeMap<String, WorkstationBatches>,
    }
    let mut districts: BTreeMap<(String, String), District> = BTreeMap::new();
    for row in rows.totals {
        let (district, province) = district_and_province(&row.workstation);
        let d = districts.entry((province, district)).or_default();
        d.months.entry(row.month).or_default().add(&row.totals);
    }
    for w in rows.workstations {
        let (district, province) = district_and_province(&w.workstation);
        let d = districts.entry((province, district)).or_default();
        d.workstations.insert(w.workstation.clone(), w);
    }
    let mut report = Report {
        totals: Totals::default(),
        provinces: Vec::new(),
    };
    for ((province, district), d) in districts {
        let mut totals = Totals::default();
        for t in d.months.values() {
            totals.add(t);
        }
        let last = d
            .workstations
            .values()
            .filter_map(|w| w.last_received_at)
            .max();
        let district = DistrictReport {
            district,
            totals,
            last_received_at: last.map(rfc3339),
            months: d
                .months
                .into_iter()
                .map(|(month, totals)| MonthReport { month, totals })
                .collect(),
            workstations: d
                .workstations
                .into_values()
                .map(|w| WorkstationReport {
                    workstation: w.workstation,
                    batches: w.batches,
                    last_batch: w.last_batch,
                    last_received_at: w.last_received_at.map(rfc3339),
                    succeeded_by: w.succeeded_by,
                })
                .collect(),
        };
        report.totals.add(&totals);
        match report.provinces.last_mut() {
            Some(p) if p.province == province => {
                p.totals.add(&totals);
                p.districts.push(district);
            }
            Some(_) | None => {
                report.provinces.push(ProvinceReport {
                    province,
                    totals,
                    districts: vec![district],
                });
            }
        }
    }
    report
}

/// `central member NUMBER --json`: a member as the central office holds them, and every payment for
/// them at any district, void ones marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberHistory {
    /// The member number.
    pub member_no: String,
    /// The workstation that registered them, `DDDD-WW`.
    pub registered_by: String,
    /// `YYYY-MM-DD`.
    pub registered_on: String,
    /// Given name in Lao script.
    pub given_name_lo: String,
    /// Family name in Lao script.
    pub family_name_lo: String,
    /// Given name in Latin letters.
    pub given_name_latin: String,
    /// Family name in Latin letters.
    pub family_name_latin: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// E.164, or empty.
    pub phone: String,
    /// The district they live in (gazetteer code).
    pub district_code: String,
    /// The income base of the latest version held.
    pub income_base_kip: i64,
    /// Payments held.
    pub payments_count: u64,
    /// Kip of the payments not void.
    pub paid_kip: i64,
    /// Every payment, by date paid then receipt number.
    pub payments: Vec<PaymentLine>,
}

/// One payment of a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentLine {
    /// The receipt number.
    pub receipt_no: String,
    /// The workstation that took it, `DDDD-WW`.
    pub workstation: String,
    /// Its district, `DDDD`.
    pub district: String,
    /// `YYYY-MM-DD`.
    pub paid_on: String,
    /// The months it covers, `YYYY-MM`.
    pub months: Vec<String>,
    /// Its total.
    pub total_kip: i64,
    /// `cash`, `bank`, `mobile`.
    pub method: String,
    /// Its void, or null.
    pub void: Option<VoidLine>,
}

/// A payment's void.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoidLine {
    /// `YYYY-MM-DD`.
    pub voided_on: String,
    /// Why.
    pub reason: String,
}

/// Builds a member's history from a backend's records.
pub(crate) fn member_history(records: MemberRecords) -> MemberHistory {
    let m = records.member;
    let mut payments = records.payments;
    payments.sort_by(|(a, _), (b, _)| (a.paid_on, &a.receipt_no).cmp(&(b.paid_on, &b.receipt_no)));
    let paid_kip = payments
        .iter()
        .filter(|(_, v)| v.is_none())
        .fold(0i64, |sum, (r, _)| sum.saturating_add(r.total_kip));
    let lines: Vec<PaymentLine> = payments
        .into_iter()
        .map(|(r, v)| {
            let workstation = receipt_issuer(&r.receipt_no).unwrap_or_default();
            let district = super::district_of(&workstation).to_owned();
            PaymentLine {
                workstation,
                district,
                paid_on: r.paid_on.to_string(),
                months: r.lines.into_iter().map(|l| l.month).collect(),
                total_kip: r.total_kip,
                method: r.method,
                void: v.map(|v| VoidLine {
                    voided_on: v.voided_on.to_string(),
                    reason: v.reason,
                }),
                receipt_no: r.receipt_no,
            }
        })
        .collect();
    MemberHistory {
        registered_by: member_issuer(&m.member_no).unwrap_or_default(),
        member_no: m.member_no,
        registered_on: m.registered_on.to_string(),
        given_name_lo: m.given_name_lo,
        family_name_lo: m.family_name_lo,
        given_name_latin: m.given_name_latin,
        family_name_latin: m.family_name_latin,
        date_of_birth: m.date_of_birth.to_string(),
        phone: m.phone,
        district_code: m.district_code,
        income_base_kip: m.income_base_kip,
        payments_count: lines.len() as u64,
        paid_kip,
        payments: lines,
    }
}
