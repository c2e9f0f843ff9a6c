//! Synthetic but realistic applicants for demos, training and benchmarks: Lao names with their usual Latin
//! spellings, gazetteer villages, ages 15–60, every occupation. Deterministic for a seed.
//!
//! A demo office ([`Desk::demo_history`], [`Desk::write_demo`]) is those applicants and what followed
//! their registration, written as it would have happened, each record at its own time through the same
//! use cases and rules as at the counter (never the back-dating leave): most members paying every month
//! or a few months ahead, some catching up after a gap, some one or two months behind, some lapsed; a few
//! receipts voided by the supervisor minutes after a slip (with the reason) and issued again; each past
//! day of the cashier closed in the afternoon. The reports, arrears lists and screens then show an office.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use nssf_domain::{Draft, DraftDependant, DraftDocument, Month, TextOrNumber};
use nssf_store::Durability;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::contributions::{MonthsChoice, PaymentRequest};
use crate::{office_date, Actor, ApiError, Code, Desk, Reference};

const MALE: &[(&str, &str)] = &[
    ("ສົມສັກ", "Somsak"),
    ("ບຸນມີ", "Bounmy"),
    ("ຄຳພອນ", "Khamphone"),
    ("ສີສຸພັນ", "Sisouphanh"),
    ("ບົວພັນ", "Bouaphanh"),
    ("ທອງດີ", "Thongdy"),
    ("ສຸລິຍາ", "Souliya"),
    ("ພູວົງ", "Phouvong"),
    ("ແສງທອງ", "Sengthong"),
    ("ອານຸສອນ", "Anousone"),
    ("ໄຊຍະສິດ", "Xayasith"),
    ("ສົມພອນ", "Somphone"),
    ("ຄຳແພງ", "Khamphaeng"),
    ("ບຸນທັນ", "Bounthanh"),
    ("ເພັດສະໝອນ", "Phetsamone"),
    ("ວັນໄຊ", "Vanxay"),
    ("ສຸກສະຫວັນ", "Souksavanh"),
    ("ຄຳຫຼ້າ", "Khamla"),
    ("ບຸນເຫຼືອ", "Bounleua"),
    ("ທອງສຸກ", "Thongsouk"),
    ("ສີສະຫວາດ", "Sisavath"),
    ("ວຽງໄຊ", "Viengxay"),
    ("ຈັນສະໝອນ", "Chansamone"),
    ("ເຈົ້າຄຳ", "Chaokham"),
];
const FEMALE: &[(&str, &str)] = &[
    ("ມະນີວັນ", "Manivanh"),
    ("ສົມຈິດ", "Somchith"),
    ("ບົວຄຳ", "Bouakham"),
    ("ແກ້ວ", "Keo"),
    ("ນ້ອຍ", "Noy"),
    ("ເພັງ", "Pheng"),
    ("ວິໄລວັນ", "Vilayvanh"),
    ("ອຳພອນ", "Amphone"),
    ("ສີດາ", "Sida"),
    ("ຈັນທະລາ", "Chanthala"),
    ("ດາວເຮືອງ", "Daoheuang"),
    ("ພອນສະຫວັນ", "Phonsavanh"),
    ("ນ້ຳເພັດ", "Namphet"),
    ("ທິບພະວັນ", "Thipphavanh"),
    ("ແສງເດືອນ", "Sengdeuane"),
    ("ນ້ຳໃຈ", "Namchai"),
    ("ເຈົ້າ", "Chao"),
    ("ຫຼ້າ", "La"),
    ("ບຸນຍັງ", "Bounyang"),
    ("ໜູພິນ", "Nouphin"),
    ("ມາລີ", "Maly"),
    ("ສຸດາວັນ", "Soudavanh"),
    ("ວັນນະພອນ", "Vannaphone"),
    ("ອຸໄລ", "Oulay"),
];
const FAMILY: &[(&str, &str)] = &[
    ("ພົມມະວົງ", "Phommavong"),
    ("ສີສຸວັນ", "Sisouvanh"),
    ("ວົງສາ", "Vongsa"),
    ("ແກ້ວມະນີ", "Keomany"),
    ("ສຸລິວົງ", "Soulivong"),
    ("ໄຊຍະວົງ", "Xayavong"),
    ("ອິນທະວົງ", "Inthavong"),
    ("ພິລາວັນ", "Philavanh"),
    ("ຈັນທະວົງ", "Chanthavong"),
    ("ດວງມາລາ", "Douangmala"),
    ("ສີຫາລາດ", "Sihalath"),
    ("ບຸບຜາ", "Boupha"),
    ("ລາດສະວົງ", "Latsavong"),
    ("ຄຳມະນີ", "Khammany"),
    ("ເພັດສະຫວັນ", "Phetsavanh"),
    ("ທຳມະວົງ", "Thammavong"),
    ("ສຸວັນນະລາດ", "Souvannalath"),
    ("ວິລະວົງ", "Vilavong"),
    ("ຫຼວງລາດ", "Louanglath"),
    ("ໜໍ່ແກ້ວ", "Norkeo"),
    ("ແສງມະນີ", "Sengmany"),
    ("ຄຳວົງສາ", "Khamvongsa"),
    ("ບົວລະພາ", "Boualapha"),
    ("ສີວິໄລ", "Sivilay"),
    ("ໄຊສົມບັດ", "Xaysombath"),
    ("ພູມມາລາ", "Phoummala"),
    ("ດາລາວົງ", "Dalavong"),
    ("ມີໄຊ", "Mixay"),
];
const OCCUPATIONS: &[&str] = &[
    "home_based",
    "vendor",
    "farmer",
    "driver",
    "artisan",
    "trader",
    "domestic",
    "other",
];

/// Generates applicants one after another; the same seed gives the same sequence.
#[derive(Debug)]
pub struct DemoApplicants {
    rng: ChaCha8Rng,
    villages: Vec<(String, String)>,
    hospitals: Vec<String>,
    today: NaiveDate,
    seed: u64,
    index: u64,
}

impl DemoApplicants {
    /// A generator over the bundled villages and the office's `hospitals`, registering people up to two
    /// years before `today`; `seed` decides everything else.
    pub fn new(
        reference: &Reference,
        hospitals: Vec<String>,
        seed: u64,
        today: NaiveDate,
    ) -> DemoApplicants {
        let mut villages: Vec<(String, String)> = reference
            .gazetteer
            .all_villages()
            .map(|v| (v.code.clone(), v.district_code.clone()))
            .collect();
        villages.sort();
        DemoApplicants {
            rng: ChaCha8Rng::seed_from_u64(seed),
            villages,
            hospitals,
            today,
            seed,
            index: 0,
        }
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.rng.random_range(0..list.len())]
    }

    /// The next `count` applicants in the order they came to the counter, each with the instant of its
    /// registration: the demo writes its history through the API as it would have happened, each record at
    /// its own date, so the counter's rules on back-dating hold for it as for a clerk.
    pub fn history(&mut self, count: u64) -> Vec<(Draft, DateTime<Utc>)> {
        let mut drafts: Vec<(Draft, DateTime<Utc>)> = (0..count)
            .map(|_| {
                let draft = self.next_draft();
                let on = NaiveDate::parse_from_str(&draft.registered_on, "%Y-%m-%d")
                    .unwrap_or(self.today);
                (draft, at_counter(on))
            })
            .collect();
        drafts.sort_by_key(|(_, at)| *at);
        drafts
    }

    /// The next applicant. ID numbers embed the seed and a sequence, so they are unique per seed.
    pub fn next_draft(&mut self) -> Draft {
        self.index += 1;
        let female = self.rng.random_bool(0.5);
        let (given_lo, given_latin) = *self.pick(if female { FEMALE } else { MALE });
        let (family_lo, family_latin) = *self.pick(FAMILY);
        // Registered within the last 2 years but not before the current floor took effect.
        let earliest = NaiveDate::from_ymd_opt(2024, 10, 1)
            .unwrap_or(self.today)
            .max(self.today - Days::new(730));
        let span = (self.today - earliest).num_days().max(0) as u64;
        let registered_on = earliest + Days::new(self.rng.random_range(0..=span));
        // The office is closed at the weekend: a Saturday or a Sunday becomes a working day of that week.
        let registered_on = match registered_on.weekday() {
            Weekday::Sat | Weekday::Sun => {
                let monday = registered_on.week(Weekday::Mon).first_day();
                (monday + Days::new(self.rng.random_range(0..5))).max(working_day(earliest))
            }
            Weekday::Mon | Weekday::Tue | Weekday::Wed | Weekday::Thu | Weekday::Fri => {
                registered_on
            }
        };
        let age_days = self.rng.random_range(15 * 366 + 1..60 * 365);
        let born = registered_on - Days::new(age_days);
        let village = self.villages[self.rng.random_range(0..self.villages.len())]
            .0
            .clone();
        let occupation = *self.pick(OCCUPATIONS);
        let base = 2_500_000 + 100_000 * self.rng.random_range(0..=20i64);
        // Lao mobile numbers: 020, then a subscriber number whose first digit the networks use.
        let mobile =
            *self.pick(&[2u64, 5, 7, 9]) * 10_000_000 + self.rng.random_range(0..10_000_000u64);
        let hospital = self.hospitals[self.rng.random_range(0..self.hospitals.len())].clone();
        let mut documents = vec![DraftDocument {
            kind: "id_card".into(),
            number: format!("{:02}{:09}", self.seed % 100, self.index),
        }];
        if self.rng.random_bool(0.3) {
            documents.push(DraftDocument {
                kind: "family_book".into(),
                number: format!("FB{:02}{:08}", self.seed % 100, self.index),
            });
        }
        let dependants = if self.rng.random_bool(0.3) {
            vec![DraftDependant {
                name: format!(
                    "{} {}",
                    self.pick(if female { MALE } else { FEMALE }).0,
                    family_lo
                ),
                relation: "spouse".into(),
                date_of_birth: (born + Days::new(self.rng.random_range(0..2000)))
                    .min(registered_on)
                    .to_string(),
            }]
        } else {
            vec![]
        };
        Draft {
            title: if female { "ms" } else { "mr" }.into(),
            given_name_lo: given_lo.into(),
            family_name_lo: family_lo.into(),
            given_name_latin: given_latin.into(),
            family_name_latin: family_latin.into(),
            sex: if female { "female" } else { "male" }.into(),
            date_of_birth: born.to_string(),
            documents,
            phone: format!("020 {:08}", mobile),
            village_code: village,
            house_no: self.rng.random_range(1..300).to_string(),
            occupation: occupation.into(),
            business_licence_no: if occupation == "trader" {
                format!("BL{}", self.index)
            } else {
                String::new()
            },
            tax_id: String::new(),
            income_base_kip: TextOrNumber::Number(base),
            hospital,
            consent: true,
            dependants,
            registered_on: registered_on.to_string(),
            ..Draft::default()
        }
    }
}

/// Nine in the morning in Vientiane (UTC+7) on `date`: when the demo's records of that day were made.
pub fn at_counter(date: NaiveDate) -> DateTime<Utc> {
    let nine = NaiveTime::from_hms_opt(2, 0, 0).unwrap_or(NaiveTime::MIN);
    date.and_time(nine).and_utc()
}

/// A demo office's history, planned from a seed and not yet written: the applicants, each visit to the
/// cash desk, the slips voided and the days closed, in the order they happen.
#[derive(Debug, Clone)]
pub struct DemoHistory {
    applicants: Vec<(Draft, DateTime<Utc>)>,
    visits: Vec<Visit>,
    happenings: Vec<(DateTime<Utc>, Happening)>,
}

/// What [`Desk::write_demo`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoWritten {
    /// The members registered, oldest first (an applicant whose document is already on file, from an
    /// earlier run of the same seed in this folder, is left out with their payments).
    pub members: Vec<String>,
    /// Receipts issued, the voided ones included.
    pub receipts: u64,
    /// Receipts voided.
    pub voids: u64,
    /// Cashier's days closed.
    pub days_closed: u64,
}

/// How a member pays over the months since registering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Habit {
    /// Every month, one month a receipt.
    Monthly,
    /// Every `months` months, that many months a receipt: paid ahead between visits.
    Ahead { months: u32 },
    /// Monthly, but for `gap` months from the month index `from` on, then those months and the visit's
    /// own month on one receipt.
    CatchingUp { from: u32, gap: u32 },
    /// Monthly, then no more: `arrears` months unpaid before the current one (3 or more: lapsed).
    Stopped { arrears: u32 },
}

/// One visit of a member to the cash desk.
#[derive(Debug, Clone)]
struct Visit {
    applicant: usize,
    months: u32,
    method: String,
    reference: String,
    /// The cashier's slip on this visit, voided and issued again right after.
    slip: Option<Slip>,
}

/// A cashier's mistake that the supervisor voids.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slip {
    /// Entered as paid by this method (with this reference).
    Method(String, String),
    /// One month more than the member paid for.
    ExtraMonth,
}

impl Slip {
    /// The reason the supervisor types, in Lao as in an office.
    fn reason(&self) -> &'static str {
        match self {
            Slip::Method(..) => "ເລືອກວິທີຈ່າຍຜິດ",
            Slip::ExtraMonth => "ໃສ່ຈຳນວນເດືອນຜິດ",
        }
    }
}

/// One record of the history, at its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Happening {
    Registers(usize),
    /// The visit's slip receipt, before the right one.
    SlipPaid(usize),
    SlipVoided(usize),
    Pays(usize),
    ClosesDay(NaiveDate),
}

/// Nine in the morning in Vientiane, in UTC hours: the counter's first minutes.
const OPENS_UTC_HOUR: u32 = 2;

impl DemoHistory {
    /// How many records the history writes: registrations, receipts, voids and day closes.
    pub fn len(&self) -> usize {
        self.happenings.len()
    }

    /// Whether it writes nothing.
    pub fn is_empty(&self) -> bool {
        self.happenings.is_empty()
    }

    /// Plans the visits of `applicants` (oldest registration first) up to `today`, paid by `methods` (the
    /// office's list, cash first in weight); `seed` decides everything.
    fn plan(
        applicants: Vec<(Draft, DateTime<Utc>)>,
        methods: &[String],
        seed: u64,
        today: NaiveDate,
    ) -> DemoHistory {
        // A stream of its own, so that the applicants of a seed stay those of earlier versions.
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5041_594d_454e_5453);
        let current = Month::of(today);
        let mut visits = Vec::new();
        let mut happenings = Vec::new();
        for (applicant, (_, registered_at)) in applicants.iter().enumerate() {
            happenings.push((*registered_at, Happening::Registers(applicant)));
            let registered = office_date(*registered_at);
            let first = Month::of(registered);
            let months = first.count_to(current);
            let habit = habit(&mut rng, months);
            let usual_method = pick_method(&mut rng, methods);
            let usual_day = rng.random_range(1..=28u32);
            for (index, count) in visits_of(habit, months) {
                let day = if index == 0 {
                    // The first month is paid at the registration.
                    registered
                } else {
                    let jitter = rng.random_range(0..=6u32);
                    let day = (usual_day + jitter).saturating_sub(3).clamp(1, 28);
                    working_day(first.plus(index).first_day() + Days::new(u64::from(day - 1)))
                        .max(registered)
                };
                if day > today {
                    continue;
                }
                let method = if rng.random_bool(0.1) {
                    pick_method(&mut rng, methods)
                } else {
                    usual_method.clone()
                };
                let reference = reference_for(&mut rng, &method, day);
                let slip = if rng.random_bool(0.006) {
                    let other: Vec<&String> = methods.iter().filter(|m| **m != method).collect();
                    Some(if other.is_empty() || rng.random_bool(0.5) {
                        Slip::ExtraMonth
                    } else {
                        let wrong = other[rng.random_range(0..other.len())].clone();
                        let reference = reference_for(&mut rng, &wrong, day);
                        Slip::Method(wrong, reference)
                    })
                } else {
                    None
                };
                // Between 9:05 and 16:00 at the office; the registration of the day was at 9:00.
                let at = day
                    .and_time(
                        NaiveTime::from_hms_opt(OPENS_UTC_HOUR, 5, 0).unwrap_or(NaiveTime::MIN),
                    )
                    .and_utc()
                    + Duration::minutes(rng.random_range(0..415));
                let visit = visits.len();
                if slip.is_some() {
                    happenings.push((at, Happening::SlipPaid(visit)));
                    happenings.push((at + Duration::minutes(4), Happening::SlipVoided(visit)));
                    happenings.push((at + Duration::minutes(6), Happening::Pays(visit)));
                } else {
                    happenings.push((at, Happening::Pays(visit)));
                }
                visits.push(Visit {
                    applicant,
                    months: count,
                    method,
                    reference,
                    slip,
                });
            }
        }
        // Each past day with a receipt or a void is closed at half past four.
        let mut days: Vec<NaiveDate> = happenings
            .iter()
            .filter(|(_, h)| !matches!(h, Happening::Registers(_)))
            .map(|(at, _)| office_date(*at))
            .filter(|day| *day < today)
            .collect();
        days.sort();
        days.dedup();
        for day in days {
            let at = day
                .and_time(
                    NaiveTime::from_hms_opt(OPENS_UTC_HOUR + 7, 30, 0).unwrap_or(NaiveTime::MIN),
                )
                .and_utc();
            happenings.push((at, Happening::ClosesDay(day)));
        }
        // Stable: a slip, its void and the payment again keep their order, as does a day's registration
        // before its payment.
        happenings.sort_by_key(|(at, _)| *at);
        DemoHistory {
            applicants,
            visits,
            happenings,
        }
    }
}

/// A member's habit over `months` months since registering (the registration month is the first).
fn habit(rng: &mut ChaCha8Rng, months: u32) -> Habit {
    match rng.random_range(0..100u32) {
        0..50 => Habit::Monthly,
        50..62 => Habit::Ahead {
            months: if rng.random_bool(0.6) { 3 } else { 6 },
        },
        62..74 if months >= 5 => {
            let gap = rng.random_range(2..=4u32.min(months - 3));
            Habit::CatchingUp {
                from: rng.random_range(1..=months - 1 - gap),
                gap,
            }
        }
        62..74 => Habit::Monthly,
        74..84 => Habit::Stopped {
            arrears: rng.random_range(1..=2),
        },
        _ => Habit::Stopped {
            arrears: rng.random_range(3..=12),
        },
    }
}

/// The visits of a habit over `months` months: (month index from the registration month, months paid).
fn visits_of(habit: Habit, months: u32) -> Vec<(u32, u32)> {
    match habit {
        Habit::Monthly => (0..months).map(|k| (k, 1)).collect(),
        Habit::Ahead { months: step } => (0..months)
            .step_by(step as usize)
            .map(|k| (k, step))
            .collect(),
        Habit::CatchingUp { from, gap } => (0..months)
            .filter(|k| !(from..from + gap).contains(k))
            .map(|k| (k, if k == from + gap { gap + 1 } else { 1 }))
            .collect(),
        // The last month paid is `arrears` + 1 months before the current one (index `months - 1`).
        Habit::Stopped { arrears } => (0..(months + 1).saturating_sub(arrears + 2))
            .map(|k| (k, 1))
            .collect(),
    }
}

/// A method of the office's list: cash far more often than the others.
fn pick_method(rng: &mut ChaCha8Rng, methods: &[String]) -> String {
    let weight = |m: &String| if m == "cash" { 14 } else { 3 };
    let total: u32 = methods.iter().map(weight).sum();
    let mut draw = rng.random_range(0..total.max(1));
    for m in methods {
        if draw < weight(m) {
            return m.clone();
        }
        draw -= weight(m);
    }
    "cash".into()
}

/// The reference a bank transfer or a mobile-money payment carries; none for cash.
fn reference_for(rng: &mut ChaCha8Rng, method: &str, day: NaiveDate) -> String {
    match method {
        "cash" => String::new(),
        "bank" => format!(
            "FT{}{:05}",
            day.format("%y%m%d"),
            rng.random_range(0..100_000)
        ),
        "mobile" => format!("MM{:010}", rng.random_range(0..10_000_000_000u64)),
        other => format!(
            "{}{:08}",
            other.to_uppercase(),
            rng.random_range(0..100_000_000)
        ),
    }
}

/// The day, or the Monday after when it falls on a weekend (the office is closed).
fn working_day(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day + Days::new(2),
        Weekday::Sun => day + Days::new(1),
        Weekday::Mon | Weekday::Tue | Weekday::Wed | Weekday::Thu | Weekday::Fri => day,
    }
}

impl Desk {
    /// Demo applicants of `seed` for this office: its villages and hospitals, registered up to two years
    /// before `today`.
    pub fn demo_applicants(&self, seed: u64, today: NaiveDate) -> DemoApplicants {
        let hospitals = self.hospitals().into_iter().map(|h| h.code).collect();
        DemoApplicants::new(self.reference(), hospitals, seed, today)
    }

    /// The history of a demo office of `count` applicants of `seed` as of `now`, planned, not written:
    /// [`Desk::write_demo`] writes it.
    pub fn demo_history(&self, count: u64, seed: u64, now: DateTime<Utc>) -> DemoHistory {
        let today = office_date(now);
        let mut applicants = self.demo_applicants(seed, today);
        DemoHistory::plan(
            applicants.history(count),
            &self.payment_methods(),
            seed,
            today,
        )
    }

    /// Writes a demo history as it would have happened, `actor` registering, taking the payments,
    /// voiding the slips and closing the days, each at its own time (never later than `now`) through the
    /// counter's use cases; one flush at the end. `progress` hears how many records are written.
    pub fn write_demo(
        &self,
        actor: &Actor,
        history: &DemoHistory,
        now: DateTime<Utc>,
        mut progress: impl FnMut(usize),
    ) -> Result<DemoWritten, ApiError> {
        let mut writer = DemoWriter {
            desk: self,
            actor,
            history,
            member_no: vec![None; history.applicants.len()],
            slips: vec![None; history.visits.len()],
            written: DemoWritten::default(),
        };
        for (done, (planned, happening)) in history.happenings.iter().enumerate() {
            writer.write(*happening, (*planned).min(now))?;
            progress(done + 1);
        }
        self.flush()?;
        Ok(writer.written)
    }
}

/// A demo history being written: the member numbers and slip receipts given so far.
struct DemoWriter<'a> {
    desk: &'a Desk,
    actor: &'a Actor,
    history: &'a DemoHistory,
    member_no: Vec<Option<String>>,
    slips: Vec<Option<String>>,
    written: DemoWritten,
}

impl DemoWriter<'_> {
    fn write(&mut self, happening: Happening, at: DateTime<Utc>) -> Result<(), ApiError> {
        let (desk, actor, history) = (self.desk, self.actor, self.history);
        let cashier = actor.staff_id.as_str();
        // An earlier demo in this folder may have closed the day: what the day would hold is left out.
        let day_closed = !matches!(happening, Happening::Registers(_))
            && desk.store.day_close(office_date(at), cashier)?.is_some();
        match happening {
            Happening::Registers(i) => {
                match desk.register_bulk(actor, &history.applicants[i].0, at) {
                    Ok(no) => {
                        self.member_no[i] = Some(no.clone());
                        self.written.members.push(no);
                    }
                    // The same seed run twice in one folder meets its own documents again.
                    Err(e) if e.code() == Code::DuplicateDocument => {}
                    Err(e) => return Err(e),
                }
            }
            Happening::SlipPaid(v) | Happening::Pays(v) => {
                let visit = &history.visits[v];
                let Some(no) = &self.member_no[visit.applicant] else {
                    return Ok(());
                };
                if day_closed {
                    return Ok(());
                }
                let slip = matches!(happening, Happening::SlipPaid(_));
                let (months, method, reference) = match (&visit.slip, slip) {
                    (Some(Slip::ExtraMonth), true) => {
                        (visit.months + 1, &visit.method, &visit.reference)
                    }
                    (Some(Slip::Method(method, reference)), true) => {
                        (visit.months, method, reference)
                    }
                    _ => (visit.months, &visit.method, &visit.reference),
                };
                let request = PaymentRequest {
                    member_no: no.clone(),
                    months: MonthsChoice::Next { count: months },
                    method: method.clone(),
                    reference: reference.clone(),
                    // Today, as the counter dates a payment: `at` is the day it happened.
                    paid_on: String::new(),
                    skip_arrears: false,
                    allow_backdate: false,
                };
                let receipt = desk.pay_in(actor, &request, at, Durability::Deferred)?;
                if slip {
                    self.slips[v] = Some(receipt.receipt_no);
                }
                self.written.receipts += 1;
            }
            Happening::SlipVoided(v) => {
                let (Some(receipt_no), Some(slip)) = (&self.slips[v], &history.visits[v].slip)
                else {
                    return Ok(());
                };
                if day_closed {
                    return Ok(());
                }
                desk.void(actor, receipt_no, slip.reason(), at)?;
                self.written.voids += 1;
            }
            Happening::ClosesDay(day) => {
                if day_closed {
                    return Ok(());
                }
                desk.close_day_in(actor, cashier, day, at, Durability::Deferred)?;
                self.written.days_closed += 1;
            }
        }
        Ok(())
    }
}
