//! The use cases of NSSF Desk, one function per thing a user does. The Tauri shell and the `nssf-desk` CLI
//! both call this crate and nothing below it; permissions, validation, audit and durability happen here once.
//!
//! Every call that changes data takes the acting staff member and the current time as arguments.
//!
//! ```
//! use nssf_api::{Actor, Desk, OfficeSetup};
//! let dir = tempfile::tempdir().unwrap();
//! let now = chrono::Utc::now();
//! let setup = OfficeSetup { district_code: "0101".into(), workstation: "01".into() };
//! let desk = Desk::init(dir.path(), &setup, &Actor::setup_user(), now).unwrap();
//! assert_eq!(desk.office().workstation, "01");
//! assert!(desk.search("nobody", 20).unwrap().is_empty());
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use nssf_domain::member::{self, check_base, parse_kip, Context};
use nssf_domain::{fold, Code, Draft, Member, MemberNumber, Month, Problem, TextOrNumber};
use nssf_store::{Durability, Store, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod bindings;
pub mod cards;
pub mod contributions;
pub mod demo;
pub mod exchange;
pub mod files;
mod printing;
pub mod reference;

pub use contributions::{
    CoverageMonth, CoverageView, MonthsChoice, PaymentQuote, PaymentRequest, ReceiptFormat,
    ReceiptSummary, ReceiptView,
};
pub use nssf_domain;
pub use reference::{Hospital, Place, Reference, VillageList};

/// The error every use case returns, and the only error shape that crosses the IPC boundary:
/// a closed code, its message arguments, and for forms the problems of each field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: Code,
    pub args: BTreeMap<String, String>,
    pub problems: Vec<Problem>,
}

impl ApiError {
    pub fn new(code: Code) -> ApiError {
        ApiError {
            code,
            args: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &str, value: impl ToString) -> ApiError {
        self.args.insert(name.to_owned(), value.to_string());
        self
    }

    fn invalid(problems: Vec<Problem>) -> ApiError {
        ApiError {
            code: Code::InvalidInput,
            args: BTreeMap::new(),
            problems,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code)?;
        for (k, v) in &self.args {
            write!(f, " {k}={v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotInitialised => ApiError::new(Code::NotInitialised),
            StoreError::AlreadyInitialised => ApiError::new(Code::AlreadyInitialised),
            StoreError::SchemaTooNew(v) => ApiError::new(Code::SchemaTooNew).arg("version", v),
            StoreError::DuplicateDocument {
                document,
                member_no,
            } => ApiError::new(Code::DuplicateDocument)
                .arg("member_no", member_no)
                .arg("document", document),
            StoreError::MemberNotFound(no) => {
                ApiError::new(Code::MemberNotFound).arg("member_no", no)
            }
            StoreError::MonthAlreadyCovered { month, receipt } => {
                ApiError::invalid(vec![Problem::new("months", Code::MonthAlreadyCovered)
                    .arg("month", month)
                    .arg("receipt", receipt)])
            }
            StoreError::DayClosed(date) => ApiError::new(Code::DayClosed).arg("date", date),
            StoreError::ReceiptNotFound(no) => {
                ApiError::new(Code::ReceiptNotFound).arg("receipt_no", no)
            }
            StoreError::AlreadyVoided(no) => {
                ApiError::new(Code::AlreadyVoided).arg("receipt_no", no)
            }
            e @ (StoreError::Sled(_)
            | StoreError::Corrupt(..)
            | StoreError::CounterExhausted
            | StoreError::Conflict(_)) => ApiError::new(Code::Storage).arg("detail", e),
        }
    }
}

/// What a staff member may do. Checked here, not only hidden in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    Cashier,
    Supervisor,
}

/// The staff member on whose behalf a call is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub staff_id: String,
    pub roles: Vec<Role>,
}

impl Actor {
    /// The office's setup user, who holds every role, until staff accounts exist.
    pub fn setup_user() -> Actor {
        Actor {
            staff_id: "setup".into(),
            roles: vec![Role::Clerk, Role::Cashier, Role::Supervisor],
        }
    }

    fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.roles.contains(&role) {
            Ok(())
        } else {
            Err(ApiError::new(Code::Forbidden).arg("role", format!("{role:?}").to_lowercase()))
        }
    }
}

/// First-run setup: the office's district and this PC's workstation code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficeSetup {
    pub district_code: String,
    pub workstation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficeView {
    pub district_code: String,
    pub district_name_lo: String,
    pub district_name_en: String,
    pub province_name_lo: String,
    pub province_name_en: String,
    pub workstation: String,
    /// Grouping separator for kip on screen, the office's setting (`,` or `.`), as on its PDFs.
    pub kip_separator: String,
}

/// One line of a member's history: who did what when, and which fields changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A member with everything the member page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberView {
    pub member: Member,
    /// The member as a form, for amending.
    pub draft: Draft,
    pub village_name_lo: String,
    pub village_name_en: String,
    pub district_name_lo: String,
    pub district_name_en: String,
    pub province_name_lo: String,
    pub province_name_en: String,
    pub hospital_name_lo: String,
    pub hospital_name_en: String,
    /// What the member pays this month at the current base.
    #[ts(type = "number")]
    pub monthly_contribution_kip: i64,
    pub history: Vec<HistoryEntry>,
}

/// One search result line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub member_no: String,
    pub given_name_lo: String,
    pub family_name_lo: String,
    pub given_name_latin: String,
    pub family_name_latin: String,
    pub date_of_birth: String,
    pub village_name_lo: String,
    pub village_name_en: String,
}

/// The monthly contribution a base gives in a month, with that month's limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContributionPreview {
    #[ts(type = "number")]
    pub income_base_kip: i64,
    #[ts(type = "number")]
    pub contribution_kip: i64,
    #[ts(type = "number")]
    pub floor_kip: i64,
    #[ts(type = "number")]
    pub ceiling_kip: i64,
    pub rate_basis_points: u32,
}

/// What the app needs at start: the office, or `null` before the first-run setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppState {
    pub office: Option<OfficeView>,
}

/// A member's full name with title as printed on cards and receipts: Lao script (ນາງ ເຈົ້າ ນ້ຳໃຈ) and Latin
/// script with the family name in capitals (Ms Chao NAMCHAI). Titles come from `locales/` (`title-mr`,
/// `title-ms`), like every printed word.
pub fn printed_names(member: &Member) -> (String, String) {
    use nssf_i18n::{Language, Localizer};
    let id = match member.title {
        nssf_domain::member::Title::Mr => "title-mr",
        nssf_domain::member::Title::Ms => "title-ms",
    };
    let title_lo = Localizer::shared(Language::Lo).message(id, &[]);
    let title_en = Localizer::shared(Language::En).message(id, &[]);
    let join = |parts: [&str; 3]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    (
        join([&title_lo, &member.given_name_lo, &member.family_name_lo]),
        join([
            &title_en,
            &member.given_name_latin,
            &member.family_name_latin.to_uppercase(),
        ]),
    )
}

/// Lao time (UTC+7, no daylight saving): the office's calendar date for a moment.
pub fn office_date(now: DateTime<Utc>) -> NaiveDate {
    (now + chrono::Duration::hours(7)).date_naive()
}

/// An open office data folder. Cheap to share between threads: the store is internally synchronised.
#[derive(Debug)]
pub struct Desk {
    store: Store,
    reference: &'static Reference,
    /// The office's signing key (cards now, batches later), kept in the data folder.
    key: cards::OfficeKey,
}

impl Desk {
    /// Whether `dir` already holds an office.
    /// Opens the store to find out, so it is for tools and tests; the app opens once with [`Desk::open`]
    /// and treats `not-initialised` as "no office yet".
    pub fn exists(dir: &Path) -> bool {
        Store::open(dir).is_ok()
    }

    /// Creates the office data folder (first-run setup or `nssf-desk init`).
    pub fn init(
        dir: &Path,
        setup: &OfficeSetup,
        actor: &Actor,
        _now: DateTime<Utc>,
    ) -> Result<Desk, ApiError> {
        actor.require(Role::Supervisor)?;
        let reference = Reference::bundled();
        let district = nssf_domain::text::ascii_digits(setup.district_code.trim());
        let mut problems = Vec::new();
        if reference.gazetteer.district(&district).is_none() {
            problems
                .push(Problem::new("district_code", Code::UnknownDistrict).arg("value", &district));
        }
        let ws = nssf_domain::text::ascii_digits(setup.workstation.trim());
        let workstation = ws
            .parse::<u8>()
            .ok()
            .filter(|w| (1..=99).contains(w) && ws.len() <= 2);
        if workstation.is_none() {
            problems.push(Problem::new("workstation", Code::WorkstationInvalid).arg("value", &ws));
        }
        let (Some(workstation), true) = (workstation, problems.is_empty()) else {
            return Err(ApiError::invalid(problems));
        };
        let hospitals = reference
            .default_hospitals
            .iter()
            .map(|h| nssf_store::Hospital {
                code: h.code.clone(),
                name_lo: h.name_lo.clone(),
                name_en: h.name_en.clone(),
            })
            .collect();
        std::fs::create_dir_all(dir).map_err(|e| ApiError::new(Code::Storage).arg("detail", e))?;
        let office = nssf_store::Office {
            district_code: district,
            workstation,
            hospitals,
            settings: Default::default(),
        };
        let store = Store::create(dir, &office)?;
        let key = cards::OfficeKey::load_or_create(dir)?;
        Ok(Desk {
            store,
            reference,
            key,
        })
    }

    pub fn open(dir: &Path) -> Result<Desk, ApiError> {
        let store = Store::open(dir)?;
        // Folders made before cards existed get their key on first open.
        let key = cards::OfficeKey::load_or_create(dir)?;
        Ok(Desk {
            store,
            reference: Reference::bundled(),
            key,
        })
    }

    pub fn reference(&self) -> &'static Reference {
        self.reference
    }

    /// The store underneath, for the CLI's demo loader and the benchmarks.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn office(&self) -> OfficeView {
        let office = self.store.office().unwrap_or(nssf_store::Office {
            district_code: String::new(),
            workstation: 0,
            hospitals: Vec::new(),
            settings: Default::default(),
        });
        let district = self.reference.gazetteer.district(&office.district_code);
        let province = district.and_then(|d| self.reference.gazetteer.province(&d.province_code));
        OfficeView {
            district_name_lo: district.map(|d| d.name_lo.clone()).unwrap_or_default(),
            district_name_en: district.map(|d| d.name_en.clone()).unwrap_or_default(),
            province_name_lo: province.map(|p| p.name_lo.clone()).unwrap_or_default(),
            province_name_en: province.map(|p| p.name_en.clone()).unwrap_or_default(),
            kip_separator: office.settings.kip_separator.to_string(),
            district_code: office.district_code,
            workstation: format!("{:02}", office.workstation),
        }
    }

    pub fn hospitals(&self) -> Vec<Hospital> {
        self.store
            .office()
            .map(|o| o.hospitals)
            .unwrap_or_default()
            .into_iter()
            .map(|h| Hospital {
                code: h.code,
                name_lo: h.name_lo,
                name_en: h.name_en,
            })
            .collect()
    }

    fn validate(&self, draft: &Draft, now: DateTime<Utc>) -> Result<Member, ApiError> {
        let hospitals: Vec<String> = self.hospitals().into_iter().map(|h| h.code).collect();
        let cx = Context {
            gazetteer: &self.reference.gazetteer,
            schedule: &self.reference.schedule,
            hospitals: &hospitals,
            today: office_date(now),
        };
        member::validate(draft, &cx).map_err(ApiError::invalid)
    }

    /// Validates without saving: the form's live check.
    pub fn check(&self, draft: &Draft, now: DateTime<Utc>) -> Result<(), ApiError> {
        self.validate(draft, now).map(|_| ())
    }

    /// Registers an applicant. Refuses an ID document already on file (`duplicate-document`, with the
    /// holder's number) and, unless confirmed, a person with the same folded name and birth date
    /// (`possible-duplicate`). Returns once the member is on disk.
    pub fn register(
        &self,
        actor: &Actor,
        draft: &Draft,
        confirm_duplicate: bool,
        now: DateTime<Utc>,
    ) -> Result<MemberView, ApiError> {
        let member = self.prepare_registration(actor, draft, confirm_duplicate, now)?;
        let stored =
            self.store
                .insert_member(&member, &actor.staff_id, now, Durability::FlushEach)?;
        self.view(stored)
    }

    /// Registers many validated applicants with one flush at the end: the demo generator and benchmark
    /// loaders. Duplicate documents are still refused by the store's transaction.
    pub fn register_bulk(
        &self,
        actor: &Actor,
        draft: &Draft,
        now: DateTime<Utc>,
    ) -> Result<String, ApiError> {
        let member = self.prepare_registration(actor, draft, true, now)?;
        Ok(self
            .store
            .insert_member(&member, &actor.staff_id, now, Durability::Deferred)?
            .member_no)
    }

    fn prepare_registration(
        &self,
        actor: &Actor,
        draft: &Draft,
        confirm_duplicate: bool,
        now: DateTime<Utc>,
    ) -> Result<Member, ApiError> {
        actor.require(Role::Clerk)?;
        let member = self.validate(draft, now)?;
        for doc in member.document_keys() {
            if let Some(holder) = self.store.member_by_document(&doc)? {
                return Err(ApiError::new(Code::DuplicateDocument)
                    .arg("member_no", holder)
                    .arg("document", doc));
            }
        }
        if !confirm_duplicate {
            let same = self.store.same_name_and_birth(&member)?;
            if !same.is_empty() {
                return Err(ApiError::new(Code::PossibleDuplicate).arg("members", same.join(", ")));
            }
        }
        Ok(member)
    }

    /// Corrects a member's data. The member number and registration date stay; the audit keeps what changed.
    pub fn amend(
        &self,
        actor: &Actor,
        member_no: &str,
        draft: &Draft,
        now: DateTime<Utc>,
    ) -> Result<MemberView, ApiError> {
        actor.require(Role::Supervisor)?;
        let old = self.find(member_no)?;
        let mut draft = draft.clone();
        // The age rule applies on the registration date, which an amendment does not move.
        draft.registered_on = old.registered_on.to_string();
        let mut member = self.validate(&draft, now)?;
        member.member_no = old.member_no.clone();
        // The base is effective-dated: it changes through `set_base`, never by rewriting the past.
        member.income_base_kip = old.income_base_kip;
        let (stored, changes) = self.store.update_member(&member, &actor.staff_id, now)?;
        if changes.is_empty() {
            return Err(ApiError::new(Code::NothingChanged));
        }
        self.view(stored)
    }

    fn find(&self, member_no: &str) -> Result<Member, ApiError> {
        let number = MemberNumber::parse(member_no).map_err(|e| match e {
            nssf_domain::member_no::MemberNumberError::Shape => {
                ApiError::new(Code::MemberNumberInvalid).arg("value", member_no)
            }
            nssf_domain::member_no::MemberNumberError::CheckDigit => {
                ApiError::new(Code::MemberNumberCheckDigit).arg("value", member_no)
            }
        })?;
        self.store
            .member(&number.to_string())?
            .ok_or_else(|| ApiError::new(Code::MemberNotFound).arg("member_no", member_no))
    }

    /// The member page.
    pub fn member(&self, member_no: &str) -> Result<MemberView, ApiError> {
        let m = self.find(member_no)?;
        self.view(m)
    }

    /// Just the stored member (for `show --json`).
    pub fn member_record(&self, member_no: &str) -> Result<Member, ApiError> {
        self.find(member_no)
    }

    fn view(&self, member: Member) -> Result<MemberView, ApiError> {
        let g = &self.reference.gazetteer;
        let village = g.village(&member.village_code);
        let district = g.district(&member.district_code);
        let province = district.and_then(|d| g.province(&d.province_code));
        let hospital = self
            .hospitals()
            .into_iter()
            .find(|h| h.code == member.hospital);
        // The schedule's latest row, with the base kept within its floor and ceiling.
        let contribution = self.reference.schedule.rows().last().map_or(0, |row| {
            row.contribution_kip(member.income_base_kip.clamp(row.floor_kip, row.ceiling_kip))
        });
        let history = self
            .store
            .history(&member.member_no)?
            .into_iter()
            .map(|a| HistoryEntry {
                at: a.at.to_rfc3339(),
                actor: a.actor,
                action: a.action,
                changes: a
                    .changes
                    .into_iter()
                    .map(|c| FieldChange {
                        field: c.field,
                        before: c.before,
                        after: c.after,
                    })
                    .collect(),
            })
            .collect();
        Ok(MemberView {
            draft: member.to_draft(),
            village_name_lo: village
                .map_or_else(|| member.village_name.clone(), |v| v.name_lo.clone()),
            village_name_en: village
                .map_or_else(|| member.village_name.clone(), |v| v.name_en.clone()),
            district_name_lo: district.map(|d| d.name_lo.clone()).unwrap_or_default(),
            district_name_en: district.map(|d| d.name_en.clone()).unwrap_or_default(),
            province_name_lo: province.map(|p| p.name_lo.clone()).unwrap_or_default(),
            province_name_en: province.map(|p| p.name_en.clone()).unwrap_or_default(),
            hospital_name_lo: hospital
                .as_ref()
                .map(|h| h.name_lo.clone())
                .unwrap_or_default(),
            hospital_name_en: hospital.map(|h| h.name_en).unwrap_or_default(),
            monthly_contribution_kip: contribution,
            history,
            member,
        })
    }

    /// One box, many keys: member number (whole or its first digits), ID document number, phone in any
    /// common spelling, or names in either script (folded). Exact keys rank before names.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, ApiError> {
        let limit = limit.clamp(1, 200);
        let text = text.trim();
        let mut numbers: Vec<String> = Vec::new();
        let push = |list: Vec<String>, numbers: &mut Vec<String>| {
            for n in list {
                if !numbers.contains(&n) {
                    numbers.push(n);
                }
            }
        };
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let digits_only = nssf_domain::text::ascii_digits(text);
        let is_numeric = digits_only
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '.' | '(' | ')'));
        if let Ok(n) = MemberNumber::parse(text) {
            if self.store.member(&n.to_string())?.is_some() {
                push(vec![n.to_string()], &mut numbers);
            }
        } else if is_numeric {
            let digits: String = digits_only.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 6 && digits.len() < 14 {
                push(
                    self.store
                        .members_by_number_prefix(&member_no_prefix(&digits), limit)?,
                    &mut numbers,
                );
            }
        }
        let code = nssf_domain::text::compact_code(text);
        if code.len() >= 3 {
            push(
                self.store.members_by_document_number(&code, limit)?,
                &mut numbers,
            );
        }
        if let Some(national) = nssf_domain::phone::national_number(text) {
            push(
                self.store
                    .members_by_phone(&format!("+856{national}"), limit)?,
                &mut numbers,
            );
        } else if is_numeric {
            let digits: String = digits_only.chars().filter(char::is_ascii_digit).collect();
            let national = digits
                .strip_prefix("856")
                .unwrap_or(&digits)
                .trim_start_matches('0');
            if national.len() >= 6 {
                push(
                    self.store
                        .members_by_phone(&format!("+856{national}"), limit)?,
                    &mut numbers,
                );
            }
        }
        if numbers.len() < limit && !is_numeric {
            let tokens = fold::tokens(text);
            let found = self.store.search_names(&tokens, limit)?;
            push(
                found.into_iter().map(|m| m.member_no).collect(),
                &mut numbers,
            );
        }
        numbers.truncate(limit);
        let mut hits = Vec::with_capacity(numbers.len());
        for no in numbers {
            let Some(m) = self.store.member(&no)? else {
                continue;
            };
            hits.push(self.hit(m));
        }
        Ok(hits)
    }

    /// A member as one line of a result list.
    pub(crate) fn hit(&self, m: Member) -> SearchHit {
        let village = self.reference.gazetteer.village(&m.village_code);
        SearchHit {
            village_name_lo: village.map_or_else(|| m.village_name.clone(), |v| v.name_lo.clone()),
            village_name_en: village.map_or_else(|| m.village_name.clone(), |v| v.name_en.clone()),
            member_no: m.member_no,
            given_name_lo: m.given_name_lo,
            family_name_lo: m.family_name_lo,
            given_name_latin: m.given_name_latin,
            family_name_latin: m.family_name_latin,
            date_of_birth: m.date_of_birth.to_string(),
        }
    }

    /// The contribution a base gives for the month of `on`, or why the base is refused.
    pub fn contribution_preview(
        &self,
        income_base_kip: &str,
        on: NaiveDate,
    ) -> Result<ContributionPreview, ApiError> {
        let field = "income_base_kip";
        let base = parse_kip(&TextOrNumber::Text(income_base_kip.to_owned()))
            .ok_or_else(|| ApiError::invalid(vec![Problem::new(field, Code::NotANumber)]))?;
        let month = Month::of(on);
        let row = self.reference.schedule.for_month(month).ok_or_else(|| {
            ApiError::invalid(vec![
                Problem::new(field, Code::NoScheduleForMonth).arg("month", month)
            ])
        })?;
        check_base(field, base, month, &self.reference.schedule)
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

/// Turns typed leading digits of a member number into the stored dashed form's prefix.
fn member_no_prefix(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if matches!(i, 4 | 6 | 13) {
            out.push('-');
        }
        out.push(c);
    }
    out
}
