//! A member of the voluntary scheme and the rules that turn a [`Draft`] into one.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{age_on, parse_date, Month};
use crate::draft::{Draft, TextOrNumber};
use crate::gazetteer::Gazetteer;
use crate::schedule::Schedule;
use crate::text::{
    ascii_digits, check_name_letters, check_visible, clean_text, compact_code, is_lao,
    is_lao_digit, is_latin_name_char,
};
use crate::{Problem, ProblemKind};

pub const MIN_AGE: i32 = 15;
pub const MAX_AGE: i32 = 60;
/// The oldest a dependant can be, in whole years today: a date of birth further back is a typing mistake
/// (1890 for 1990), like a date in the future.
pub const MAX_DEPENDANT_AGE: i32 = 120;
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_DOCUMENTS: usize = 5;
pub const MAX_DEPENDANTS: usize = 20;

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text,)* } }
            pub fn parse(text: &str) -> Option<$name> {
                match text.trim() { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}

choice!(Title { Mr = "mr", Ms = "ms" });
choice!(Sex { Male = "male", Female = "female" });
choice!(DocumentKind { IdCard = "id_card", FamilyBook = "family_book", Passport = "passport" });
choice!(Relation { Spouse = "spouse", Child = "child", Parent = "parent" });

impl DocumentKind {
    /// How many letters and digits a number of this kind has, spaces and dashes not counted. The formats
    /// are not public (product.md), so every kind keeps the bounds the form has always had; a kind whose
    /// format becomes known narrows its own row here.
    pub fn number_length(self) -> RangeInclusive<usize> {
        match self {
            DocumentKind::IdCard => 3..=20,
            DocumentKind::FamilyBook => 3..=20,
            DocumentKind::Passport => 3..=20,
        }
    }
}

impl Title {
    /// The sex the title is for: Mr (ທ້າວ) a man's, Ms (ນາງ) a woman's.
    pub fn sex(self) -> Sex {
        match self {
            Title::Mr => Sex::Male,
            Title::Ms => Sex::Female,
        }
    }
}

/// The most letters and digits of a business licence or tax number.
const MAX_CODE_LEN: usize = 30;
choice!(
    /// Occupation categories of informal workers (product.md).
    Occupation {
        HomeBased = "home_based",
        Vendor = "vendor",
        Farmer = "farmer",
        Driver = "driver",
        Artisan = "artisan",
        Trader = "trader",
        Domestic = "domestic",
        Other = "other",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IdDocument {
    pub kind: DocumentKind,
    /// Upper case, without spaces or dashes, ASCII digits.
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependant {
    pub name: String,
    pub relation: Relation,
    pub date_of_birth: NaiveDate,
}

/// A registered member, as stored. Field names match the registration JSON of the CLI contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub member_no: String,
    pub title: Title,
    pub given_name_lo: String,
    pub family_name_lo: String,
    pub given_name_latin: String,
    pub family_name_latin: String,
    pub sex: Sex,
    pub date_of_birth: NaiveDate,
    pub documents: Vec<IdDocument>,
    /// E.164 or empty.
    pub phone: String,
    /// Gazetteer village code, or empty when `village_name` is free text.
    pub village_code: String,
    pub district_code: String,
    /// Free-text village name where the gazetteer has no usable list.
    pub village_name: String,
    pub house_no: String,
    pub occupation: Occupation,
    pub business_licence_no: String,
    pub tax_id: String,
    pub income_base_kip: i64,
    pub hospital: String,
    pub consent: bool,
    pub dependants: Vec<Dependant>,
    pub registered_on: NaiveDate,
}

impl Member {
    /// The form that would produce this member again: what an amendment starts from.
    pub fn to_draft(&self) -> Draft {
        use crate::draft::{DraftDependant, DraftDocument};
        Draft {
            title: self.title.as_str().into(),
            given_name_lo: self.given_name_lo.clone(),
            family_name_lo: self.family_name_lo.clone(),
            given_name_latin: self.given_name_latin.clone(),
            family_name_latin: self.family_name_latin.clone(),
            sex: self.sex.as_str().into(),
            date_of_birth: self.date_of_birth.to_string(),
            documents: self
                .documents
                .iter()
                .map(|d| DraftDocument {
                    kind: d.kind.as_str().into(),
                    number: d.number.clone(),
                })
                .collect(),
            phone: self.phone.clone(),
            village_code: self.village_code.clone(),
            district_code: self.district_code.clone(),
            village_name: self.village_name.clone(),
            house_no: self.house_no.clone(),
            occupation: self.occupation.as_str().into(),
            business_licence_no: self.business_licence_no.clone(),
            tax_id: self.tax_id.clone(),
            income_base_kip: TextOrNumber::Number(self.income_base_kip),
            hospital: self.hospital.clone(),
            consent: self.consent,
            dependants: self
                .dependants
                .iter()
                .map(|d| DraftDependant {
                    name: d.name.clone(),
                    relation: d.relation.as_str().into(),
                    date_of_birth: d.date_of_birth.to_string(),
                })
                .collect(),
            registered_on: self.registered_on.to_string(),
        }
    }

    /// Every ID document's index key, `NUMBER` + `/` + kind: one person's documents of different kinds may
    /// share a number, two persons' documents of one kind may not.
    pub fn document_keys(&self) -> impl Iterator<Item = String> + '_ {
        self.documents
            .iter()
            .map(|d| format!("{}/{}", d.number, d.kind.as_str()))
    }
}

/// What validation needs to know besides the form.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub gazetteer: &'a Gazetteer,
    pub schedule: &'a Schedule,
    pub hospitals: &'a [String],
    /// The office's date today, passed in: the domain never reads the clock.
    pub today: NaiveDate,
}

/// Parses an amount of kip: digits (ASCII or Lao) with optional group separators `,` `.` or spaces.
pub fn parse_kip(raw: &TextOrNumber) -> Option<i64> {
    match raw {
        TextOrNumber::Number(n) => Some(*n),
        TextOrNumber::Text(t) => {
            let text = ascii_digits(t.trim());
            let text = text.trim_end_matches('₭').trim();
            if text.is_empty()
                || text
                    .chars()
                    .any(|c| !(c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}')))
            {
                return None;
            }
            text.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        }
    }
}

/// Checks an income base against the schedule row of a month.
pub fn check_base(
    field: &str,
    base_kip: i64,
    month: Month,
    schedule: &Schedule,
) -> Result<(), Problem> {
    let Some(row) = schedule.for_month(month) else {
        return Err(Problem::new(
            field,
            ProblemKind::NoScheduleForMonth {
                month: month.to_string(),
            },
        ));
    };
    if base_kip < row.floor_kip {
        return Err(Problem::new(
            field,
            ProblemKind::BaseBelowFloor {
                floor_kip: row.floor_kip,
                month: month.to_string(),
            },
        ));
    }
    if base_kip > row.ceiling_kip {
        return Err(Problem::new(
            field,
            ProblemKind::BaseAboveCeiling {
                ceiling_kip: row.ceiling_kip,
                month: month.to_string(),
            },
        ));
    }
    Ok(())
}

/// Collects problems field by field so the clerk sees all of them at once.
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn take<T>(&mut self, result: Result<T, Problem>) -> Option<T> {
        result.map_err(|p| self.problems.push(p)).ok()
    }

    /// Refuses invisible and control characters in a field that is matched rather than cleaned (a
    /// choice, a date, a phone, a hospital code), so it is told as such, not as an unknown value.
    fn visible(&mut self, field: &str, raw: &str) -> Option<()> {
        self.take(check_visible(field, raw))
    }

    fn choice<T>(&mut self, field: &str, raw: &str, parse: fn(&str) -> Option<T>) -> Option<T> {
        self.visible(field, raw)?;
        if raw.trim().is_empty() {
            self.problems
                .push(Problem::new(field, ProblemKind::Required {}));
            return None;
        }
        let parsed = parse(raw);
        if parsed.is_none() {
            self.problems.push(Problem::new(
                field,
                ProblemKind::InvalidChoice {
                    value: raw.trim().to_owned(),
                },
            ));
        }
        parsed
    }

    fn text(&mut self, field: &str, raw: &str, required: bool, max: usize) -> Option<String> {
        let cleaned = self.take(clean_text(field, raw, max))?;
        if required && cleaned.is_empty() {
            self.problems
                .push(Problem::new(field, ProblemKind::Required {}));
            return None;
        }
        Some(cleaned)
    }

    fn lao_name(&mut self, field: &str, raw: &str, required: bool) -> Option<String> {
        let name = self.text(field, raw, required, MAX_NAME_CHARS)?;
        self.take(lao_name_rule(field, &name))?;
        Some(name)
    }

    fn latin_name(&mut self, field: &str, raw: &str, required: bool) -> Option<String> {
        let name = self.text(field, raw, required, MAX_NAME_CHARS)?;
        self.take(latin_name_rule(field, &name))?;
        Some(name)
    }

    /// A dependant's one name, in either script, by the rules of the member's name in that script: Lao
    /// when it holds a Lao character, Latin otherwise.
    fn any_script_name(&mut self, field: &str, raw: &str) -> Option<String> {
        let name = self.text(field, raw, true, MAX_NAME_CHARS)?;
        let rule = if name.chars().any(is_lao) {
            lao_name_rule
        } else {
            latin_name_rule
        };
        self.take(rule(field, &name))?;
        Some(name)
    }

    fn code(
        &mut self,
        field: &str,
        raw: &str,
        required: bool,
        len: RangeInclusive<usize>,
    ) -> Option<String> {
        let text = self.text(field, raw, required, 60)?;
        let code = compact_code(&text);
        if code.is_empty() {
            return Some(code);
        }
        if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.problems.push(Problem::new(
                field,
                ProblemKind::DocumentNumberInvalid { value: text },
            ));
            return None;
        }
        // Letters and digits only from here on: one byte each.
        if !len.contains(&code.len()) {
            self.problems.push(Problem::new(
                field,
                ProblemKind::DocumentNumberLength {
                    min: *len.start(),
                    max: *len.end(),
                    length: code.len(),
                },
            ));
            return None;
        }
        Some(code)
    }

    fn date(&mut self, field: &str, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
        self.visible(field, raw)?;
        if raw.trim().is_empty() {
            self.problems
                .push(Problem::new(field, ProblemKind::Required {}));
            return None;
        }
        let date = self.take(parse_date(field, raw))?;
        if date > today {
            self.problems.push(Problem::new(
                field,
                ProblemKind::DateInFuture {
                    value: raw.trim().to_owned(),
                },
            ));
            return None;
        }
        Some(date)
    }
}

/// A Lao name (already cleaned): letters ([`check_name_letters`]), then Lao characters and spaces only,
/// no digits.
fn lao_name_rule(field: &str, name: &str) -> Result<(), Problem> {
    check_name_letters(field, name)?;
    if name
        .chars()
        .any(|c| !(is_lao(c) || c == ' ') || is_lao_digit(c))
        || (!name.is_empty() && !name.chars().any(is_lao))
    {
        return Err(Problem::new(field, ProblemKind::WrongScriptLao {}));
    }
    Ok(())
}

/// A Latin name (already cleaned): letters ([`check_name_letters`]), then Latin letters and the
/// punctuation of names only.
fn latin_name_rule(field: &str, name: &str) -> Result<(), Problem> {
    check_name_letters(field, name)?;
    if name.chars().any(|c| !is_latin_name_char(c)) {
        return Err(Problem::new(field, ProblemKind::WrongScriptLatin {}));
    }
    Ok(())
}

/// Validates a form. On success the member has every field cleaned (NFC, ASCII digits, E.164 phone) and an
/// empty `member_no`, which the store assigns. On failure, every problem found, each with its field.
pub fn validate(draft: &Draft, cx: &Context<'_>) -> Result<Member, Vec<Problem>> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    let title = c.choice("title", &draft.title, Title::parse);
    let given_name_lo = c.lao_name("given_name_lo", &draft.given_name_lo, true);
    let family_name_lo = c.lao_name("family_name_lo", &draft.family_name_lo, false);
    let given_name_latin = c.latin_name("given_name_latin", &draft.given_name_latin, true);
    let family_name_latin = c.latin_name("family_name_latin", &draft.family_name_latin, false);
    let sex = c.choice("sex", &draft.sex, Sex::parse);
    if let (Some(title), Some(sex)) = (title, sex) {
        if title.sex() != sex {
            c.problems
                .push(Problem::new("title", ProblemKind::TitleSexMismatch {}));
        }
    }

    let registered_on = if draft.registered_on.trim().is_empty() {
        Some(cx.today)
    } else {
        c.date("registered_on", &draft.registered_on, cx.today)
    };
    let date_of_birth = c.date("date_of_birth", &draft.date_of_birth, cx.today);
    if let (Some(born), Some(on)) = (date_of_birth, registered_on) {
        let age = age_on(born, on);
        if !(MIN_AGE..=MAX_AGE).contains(&age) {
            c.problems.push(Problem::new(
                "date_of_birth",
                ProblemKind::AgeOutOfRange {
                    age,
                    min: MIN_AGE,
                    max: MAX_AGE,
                },
            ));
        }
    }

    let mut documents = Vec::new();
    if draft.documents.is_empty() {
        c.problems
            .push(Problem::new("documents", ProblemKind::DocumentsMissing {}));
    } else if draft.documents.len() > MAX_DOCUMENTS {
        c.problems.push(Problem::new(
            "documents",
            ProblemKind::TooManyItems { max: MAX_DOCUMENTS },
        ));
    } else {
        let mut seen = BTreeSet::new();
        for (i, d) in draft.documents.iter().enumerate() {
            let kind = c.choice(&format!("documents.{i}.kind"), &d.kind, DocumentKind::parse);
            // An unknown kind still gets its number checked, against the bounds every kind shares.
            let length = kind.map_or(3..=20, DocumentKind::number_length);
            let number = c.code(&format!("documents.{i}.number"), &d.number, true, length);
            if let (Some(kind), Some(number)) = (kind, number) {
                let doc = IdDocument { kind, number };
                if !seen.insert(doc.clone()) {
                    c.problems.push(Problem::new(
                        format!("documents.{i}.number"),
                        ProblemKind::DocumentRepeated {},
                    ));
                }
                documents.push(doc);
            }
        }
    }

    let phone = match draft.phone.trim() {
        raw if c.visible("phone", raw).is_none() => None,
        "" => Some(String::new()),
        raw => {
            let e164 = crate::phone::to_e164(raw);
            if e164.is_none() {
                c.problems.push(Problem::new(
                    "phone",
                    ProblemKind::PhoneInvalid {
                        value: raw.to_owned(),
                    },
                ));
            }
            e164
        }
    };

    let address = address(&mut c, draft, cx.gazetteer);
    let house_no = c.text("house_no", &draft.house_no, false, 20);
    let occupation = c.choice("occupation", &draft.occupation, Occupation::parse);
    let business_licence_no = c.code(
        "business_licence_no",
        &draft.business_licence_no,
        false,
        1..=MAX_CODE_LEN,
    );
    let tax_id = c.code("tax_id", &draft.tax_id, false, 1..=MAX_CODE_LEN);

    let base_visible = match &draft.income_base_kip {
        TextOrNumber::Text(t) => c.visible("income_base_kip", t),
        TextOrNumber::Number(_) => Some(()),
    };
    let income_base_kip = match parse_kip(&draft.income_base_kip) {
        _ if base_visible.is_none() => None,
        None if matches!(&draft.income_base_kip, TextOrNumber::Text(t) if t.trim().is_empty()) => {
            c.problems
                .push(Problem::new("income_base_kip", ProblemKind::Required {}));
            None
        }
        None => {
            c.problems
                .push(Problem::new("income_base_kip", ProblemKind::NotANumber {}));
            None
        }
        Some(base) => {
            let month = Month::of(registered_on.unwrap_or(cx.today));
            c.take(check_base("income_base_kip", base, month, cx.schedule))
                .map(|()| base)
        }
    };

    let hospital = match draft.hospital.trim() {
        h if c.visible("hospital", h).is_none() => None,
        "" => {
            c.problems
                .push(Problem::new("hospital", ProblemKind::Required {}));
            None
        }
        h if cx.hospitals.iter().any(|known| known == h) => Some(h.to_owned()),
        h => {
            c.problems.push(Problem::new(
                "hospital",
                ProblemKind::UnknownHospital {
                    value: h.to_owned(),
                },
            ));
            None
        }
    };
    if !draft.consent {
        c.problems
            .push(Problem::new("consent", ProblemKind::ConsentMissing {}));
    }

    let mut dependants = Vec::new();
    if draft.dependants.len() > MAX_DEPENDANTS {
        c.problems.push(Problem::new(
            "dependants",
            ProblemKind::TooManyItems {
                max: MAX_DEPENDANTS,
            },
        ));
    } else {
        let mut spouse_seen = false;
        for (i, d) in draft.dependants.iter().enumerate() {
            let name = c.any_script_name(&format!("dependants.{i}.name"), &d.name);
            let relation = c.choice(
                &format!("dependants.{i}.relation"),
                &d.relation,
                Relation::parse,
            );
            let born = c.date(
                &format!("dependants.{i}.date_of_birth"),
                &d.date_of_birth,
                cx.today,
            );
            if let Some(born) = born {
                // Not in the future (`date`), and not further back than anyone lives.
                let age = age_on(born, cx.today);
                if age > MAX_DEPENDANT_AGE {
                    c.problems.push(Problem::new(
                        format!("dependants.{i}.date_of_birth"),
                        ProblemKind::AgeImplausible {
                            age,
                            max: MAX_DEPENDANT_AGE,
                        },
                    ));
                }
            }
            if relation == Some(Relation::Spouse) {
                if spouse_seen {
                    c.problems.push(Problem::new(
                        format!("dependants.{i}.relation"),
                        ProblemKind::SpouseRepeated {},
                    ));
                }
                spouse_seen = true;
            }
            if let (Some(relation), Some(born), Some(member_born)) = (relation, born, date_of_birth)
            {
                // As official documents write dates, for the message.
                let member_born_text = member_born.format("%d/%m/%Y").to_string();
                let kind = match relation {
                    Relation::Child => {
                        (born <= member_born).then_some(ProblemKind::ChildNotYounger {
                            member_born: member_born_text,
                        })
                    }
                    Relation::Parent => {
                        (born >= member_born).then_some(ProblemKind::ParentNotOlder {
                            member_born: member_born_text,
                        })
                    }
                    // A spouse may be older or younger.
                    Relation::Spouse => None,
                };
                if let Some(kind) = kind {
                    c.problems
                        .push(Problem::new(format!("dependants.{i}.date_of_birth"), kind));
                }
            }
            if let (Some(name), Some(relation), Some(date_of_birth)) = (name, relation, born) {
                dependants.push(Dependant {
                    name,
                    relation,
                    date_of_birth,
                });
            }
        }
    }

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    // Every field parsed when no problem was recorded; the `?`s below cannot fail then.
    let build = || -> Option<Member> {
        let (village_code, district_code, village_name) = address?;
        Some(Member {
            member_no: String::new(),
            title: title?,
            given_name_lo: given_name_lo?,
            family_name_lo: family_name_lo?,
            given_name_latin: given_name_latin?,
            family_name_latin: family_name_latin?,
            sex: sex?,
            date_of_birth: date_of_birth?,
            documents,
            phone: phone?,
            village_code,
            district_code,
            village_name,
            house_no: house_no?,
            occupation: occupation?,
            business_licence_no: business_licence_no?,
            tax_id: tax_id?,
            income_base_kip: income_base_kip?,
            hospital: hospital?,
            consent: draft.consent,
            dependants,
            registered_on: registered_on?,
        })
    };
    build().ok_or_else(|| vec![Problem::new("", ProblemKind::Incomplete {})])
}

/// Village from the gazetteer by code, or a district plus a free-text village name.
fn address(
    c: &mut Checker,
    draft: &Draft,
    gazetteer: &Gazetteer,
) -> Option<(String, String, String)> {
    let visible = (
        c.visible("village_code", &draft.village_code),
        c.visible("district_code", &draft.district_code),
    );
    let (Some(()), Some(())) = visible else {
        return None;
    };
    let code = ascii_digits(draft.village_code.trim());
    let district = ascii_digits(draft.district_code.trim());
    if !code.is_empty() {
        let Some(village) = gazetteer.village(&code) else {
            let flagged = gazetteer
                .district(code.get(..4).unwrap_or(""))
                .is_some_and(|d| !d.villages_reliable);
            let value = code.clone();
            let problem = if flagged {
                ProblemKind::VillageListUnreliable { value }
            } else {
                ProblemKind::UnknownVillage { value }
            };
            c.problems.push(Problem::new("village_code", problem));
            return None;
        };
        if !district.is_empty() && district != village.district_code {
            c.problems.push(Problem::new(
                "village_code",
                ProblemKind::VillageNotInDistrict { value: code },
            ));
            return None;
        }
        return Some((
            village.code.clone(),
            village.district_code.clone(),
            String::new(),
        ));
    }
    if district.is_empty() {
        c.problems
            .push(Problem::new("village_code", ProblemKind::Required {}));
        return None;
    }
    if gazetteer.district(&district).is_none() {
        c.problems.push(Problem::new(
            "district_code",
            ProblemKind::UnknownDistrict {
                value: district.clone(),
            },
        ));
        return None;
    }
    let name = c.text("village_name", &draft.village_name, true, MAX_NAME_CHARS)?;
    Some((String::new(), district, name))
}
