//! A member as the window and the CLI's JSON see it. The JSON is the domain record's, field for field
//! (`show --json` and `search --json` are part of the CLI contract), but it is its own type: the stored
//! record and the batch record may change without changing what the window reads, and the other way round.

use chrono::NaiveDate;
use nssf_domain::member as domain;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A registered member. Field names match the registration JSON of the CLI contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Member {
    /// `DDDD-WW-NNNNNNN-C`.
    pub member_no: String,
    /// How the member is addressed.
    pub title: Title,
    /// Given name in Lao script.
    pub given_name_lo: String,
    /// Family name in Lao script.
    pub family_name_lo: String,
    /// Given name in Latin script.
    pub given_name_latin: String,
    /// Family name in Latin script.
    pub family_name_latin: String,
    /// As on the ID document.
    pub sex: Sex,
    /// `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub date_of_birth: NaiveDate,
    /// ID documents, at least one.
    pub documents: Vec<IdDocument>,
    /// E.164 or empty.
    pub phone: String,
    /// Gazetteer village code, or empty when `village_name` is free text.
    pub village_code: String,
    /// Gazetteer district code.
    pub district_code: String,
    /// Free-text village name where the gazetteer has no usable list.
    pub village_name: String,
    /// House number as written, or empty.
    pub house_no: String,
    /// The member's line of work.
    pub occupation: Occupation,
    /// Traders' business licence, or empty.
    pub business_licence_no: String,
    /// Tax id, or empty.
    pub tax_id: String,
    /// The income base chosen at registration, whole kip (later changes are effective-dated, see coverage).
    pub income_base_kip: i64,
    /// Hospital code from the office's list.
    pub hospital: String,
    /// The member agreed to the scheme's terms.
    pub consent: bool,
    /// Family members covered through the member.
    pub dependants: Vec<Dependant>,
    /// `YYYY-MM-DD`: the first month of contributions.
    #[ts(type = "string")]
    pub registered_on: NaiveDate,
}

/// One ID document of a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IdDocument {
    /// Which document.
    pub kind: DocumentKind,
    /// Upper case, without spaces or dashes, ASCII digits.
    pub number: String,
}

/// A family member covered through the member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Dependant {
    /// Full name as written.
    pub name: String,
    /// How they are related to the member.
    pub relation: Relation,
    /// `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub date_of_birth: NaiveDate,
}

/// How a member is addressed (`title-mr`, `title-ms` in `locales/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Title {
    /// Mr (ທ້າວ).
    Mr,
    /// Ms (ນາງ).
    Ms,
}

/// Sex as on the ID document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
}

/// The ID documents a member can be registered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    /// National ID card.
    IdCard,
    /// Family book (household register).
    FamilyBook,
    /// Passport.
    Passport,
}

/// How a dependant is related to the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Relation {
    /// Husband or wife.
    Spouse,
    /// Son or daughter.
    Child,
    /// Father or mother.
    Parent,
}

/// Occupation categories of informal workers (product.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Occupation {
    /// Works from home (sewing, food, crafts for sale).
    HomeBased,
    /// Market or street vendor.
    Vendor,
    /// Farmer.
    Farmer,
    /// Driver (tuk-tuk, motorbike taxi, truck).
    Driver,
    /// Artisan or craftsman.
    Artisan,
    /// Trader with a business licence.
    Trader,
    /// Domestic worker.
    Domestic,
    /// Anything else.
    Other,
}

impl From<domain::Member> for Member {
    fn from(m: domain::Member) -> Member {
        Member {
            member_no: m.member_no,
            title: m.title.into(),
            given_name_lo: m.given_name_lo,
            family_name_lo: m.family_name_lo,
            given_name_latin: m.given_name_latin,
            family_name_latin: m.family_name_latin,
            sex: m.sex.into(),
            date_of_birth: m.date_of_birth,
            documents: m.documents.into_iter().map(IdDocument::from).collect(),
            phone: m.phone,
            village_code: m.village_code,
            district_code: m.district_code,
            village_name: m.village_name,
            house_no: m.house_no,
            occupation: m.occupation.into(),
            business_licence_no: m.business_licence_no,
            tax_id: m.tax_id,
            income_base_kip: m.income_base_kip,
            hospital: m.hospital,
            consent: m.consent,
            dependants: m.dependants.into_iter().map(Dependant::from).collect(),
            registered_on: m.registered_on,
        }
    }
}

impl From<domain::IdDocument> for IdDocument {
    fn from(d: domain::IdDocument) -> IdDocument {
        IdDocument {
            kind: d.kind.into(),
            number: d.number,
        }
    }
}

impl From<domain::Dependant> for Dependant {
    fn from(d: domain::Dependant) -> Dependant {
        Dependant {
            name: d.name,
            relation: d.relation.into(),
            date_of_birth: d.date_of_birth,
        }
    }
}

impl From<domain::Title> for Title {
    fn from(t: domain::Title) -> Title {
        match t {
            domain::Title::Mr => Title::Mr,
            domain::Title::Ms => Title::Ms,
        }
    }
}

impl From<domain::Sex> for Sex {
    fn from(s: domain::Sex) -> Sex {
        match s {
            domain::Sex::Male => Sex::Male,
            domain::Sex::Female => Sex::Female,
        }
    }
}

impl From<domain::DocumentKind> for DocumentKind {
    fn from(k: domain::DocumentKind) -> DocumentKind {
        match k {
            domain::DocumentKind::IdCard => DocumentKind::IdCard,
            domain::DocumentKind::FamilyBook => DocumentKind::FamilyBook,
            domain::DocumentKind::Passport => DocumentKind::Passport,
        }
    }
}

impl From<domain::Relation> for Relation {
    fn from(r: domain::Relation) -> Relation {
        match r {
            domain::Relation::Spouse => Relation::Spouse,
            domain::Relation::Child => Relation::Child,
            domain::Relation::Parent => Relation::Parent,
        }
    }
}

impl From<domain::Occupation> for Occupation {
    fn from(o: domain::Occupation) -> Occupation {
        match o {
            domain::Occupation::HomeBased => Occupation::HomeBased,
            domain::Occupation::Vendor => Occupation::Vendor,
            domain::Occupation::Farmer => Occupation::Farmer,
            domain::Occupation::Driver => Occupation::Driver,
            domain::Occupation::Artisan => Occupation::Artisan,
            domain::Occupation::Trader => Occupation::Trader,
            domain::Occupation::Domestic => Occupation::Domestic,
            domain::Occupation::Other => Occupation::Other,
        }
    }
}
