//! Fixtures shared by the tests of several NSSF Desk crates, so that "a valid applicant" and "now" are
//! written once: when the form gains a required field, one place changes.
//!
//! [`applicant`] is Ms Chao Namchai, valid against the bundled gazetteer, schedule and hospital list.
//! Tests change only what they are about, through [`Applicant`]'s methods for the fields tests vary, or
//! on the [`Draft`] itself for one-off edits. [`Applicant::json`] is the same applicant as the CLI reads
//! it. Nothing here reads the clock: [`now`] is a fixed instant, and a registration date is passed in.
//!
//! ```
//! use nssf_test_support::applicant;
//!
//! let keo = applicant().given("ແກ້ວ", "Keo").id_card("987654321").draft();
//! assert_eq!(keo.given_name_latin, "Keo");
//! assert_eq!(keo.family_name_latin, "Namchai");
//! assert_eq!(keo.documents[0].number, "987654321");
//! ```

#![warn(missing_docs)]

pub mod mounts;
pub mod postgres;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use nssf_domain::{Draft, DraftDependant, DraftDocument, TextOrNumber};
use serde_json::{json, Map, Value};

/// The instant every test (and the benchmark) runs at: 26 November 2026, 03:00 UTC, 10:00 in Vientiane.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 3, 0, 0)
        .single()
        .expect("a valid UTC time")
}

/// Copies the folder `from` into `to` (made if missing), sub-folders included: a checked-in data folder
/// (`tests/fixtures/`) copied for a test to open and change.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The office's date at [`now`].
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("a valid date")
}

/// Ms Chao Namchai (ເຈົ້າ ນ້ຳໃຈ), female, born 12 May 1990, ID card 123456789, a vendor at house 12 in
/// village 0101001 (district 0101, where every test's office is), base 2,500,000 kip (the floor since
/// October 2024, so 225,000 kip a month), hospital MHS, consent given. No phone (tests that search or
/// amend by phone set one) and no registration date, so she is registered on the day of the `now` the
/// test passes in.
pub fn applicant() -> Applicant {
    Applicant {
        draft: Draft {
            title: "ms".into(),
            given_name_lo: "ເຈົ້າ".into(),
            family_name_lo: "ນ້ຳໃຈ".into(),
            given_name_latin: "Chao".into(),
            family_name_latin: "Namchai".into(),
            sex: "female".into(),
            date_of_birth: "1990-05-12".into(),
            documents: id_card("123456789"),
            village_code: "0101001".into(),
            house_no: "12".into(),
            occupation: "vendor".into(),
            income_base_kip: TextOrNumber::Number(2_500_000),
            hospital: "MHS".into(),
            consent: true,
            ..Draft::default()
        },
    }
}

/// An applicant's form with the changes a test made; see [`applicant`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "an applicant does nothing until its draft or JSON is taken"]
pub struct Applicant {
    draft: Draft,
}

impl Applicant {
    /// The given name, in Lao script and in Latin letters (the two spellings of one name).
    pub fn given(mut self, lao: &str, latin: &str) -> Applicant {
        self.draft.given_name_lo = lao.into();
        self.draft.given_name_latin = latin.into();
        self
    }

    /// The family name, in Lao script and in Latin letters; empty strings for none (it is optional).
    pub fn family(mut self, lao: &str, latin: &str) -> Applicant {
        self.draft.family_name_lo = lao.into();
        self.draft.family_name_latin = latin.into();
        self
    }

    /// Her only ID document becomes an ID card with this number: tests that register several people
    /// give each their own, since a document number is unique.
    pub fn id_card(mut self, number: &str) -> Applicant {
        self.draft.documents = id_card(number);
        self
    }

    /// The date of birth as typed.
    pub fn born(mut self, date_of_birth: &str) -> Applicant {
        self.draft.date_of_birth = date_of_birth.into();
        self
    }

    /// The phone number as typed.
    pub fn phone(mut self, phone: &str) -> Applicant {
        self.draft.phone = phone.into();
        self
    }

    /// The hospital code.
    pub fn hospital(mut self, code: &str) -> Applicant {
        self.draft.hospital = code.into();
        self
    }

    /// The registration date as typed (`YYYY-MM-DD`): coverage and the contribution floor start there.
    pub fn registered_on(mut self, date: &str) -> Applicant {
        self.draft.registered_on = date.into();
        self
    }

    /// The form as the API and the domain take it.
    pub fn draft(self) -> Draft {
        self.draft
    }

    /// The form as a script writes it for `nssf-desk register --json`: the CLI contract's field names,
    /// spelled out here rather than derived from [`Draft`]'s serde names so that renaming a field breaks
    /// the CLI tests. Fields left empty are omitted, as a script would, so every field present is one the
    /// member record shows back.
    pub fn json(&self) -> String {
        // Destructured whole so that a new field of the form cannot be forgotten here.
        let Draft {
            title,
            given_name_lo,
            family_name_lo,
            given_name_latin,
            family_name_latin,
            sex,
            date_of_birth,
            documents,
            phone,
            village_code,
            district_code,
            village_name,
            house_no,
            occupation,
            business_licence_no,
            tax_id,
            income_base_kip,
            hospital,
            consent,
            dependants,
            registered_on,
        } = &self.draft;
        let mut form = Map::new();
        let texts = [
            ("title", title),
            ("given_name_lo", given_name_lo),
            ("family_name_lo", family_name_lo),
            ("given_name_latin", given_name_latin),
            ("family_name_latin", family_name_latin),
            ("sex", sex),
            ("date_of_birth", date_of_birth),
            ("phone", phone),
            ("village_code", village_code),
            ("district_code", district_code),
            ("village_name", village_name),
            ("house_no", house_no),
            ("occupation", occupation),
            ("business_licence_no", business_licence_no),
            ("tax_id", tax_id),
            ("hospital", hospital),
            ("registered_on", registered_on),
        ];
        for (name, value) in texts {
            if !value.is_empty() {
                form.insert(name.to_owned(), json!(value));
            }
        }
        if !documents.is_empty() {
            let documents: Vec<Value> = documents
                .iter()
                .map(|DraftDocument { kind, number }| json!({"kind": kind, "number": number}))
                .collect();
            form.insert("documents".to_owned(), Value::Array(documents));
        }
        if !dependants.is_empty() {
            let dependants: Vec<Value> = dependants
                .iter()
                .map(
                    |DraftDependant {
                         name,
                         relation,
                         date_of_birth,
                     }| {
                        json!({"name": name, "relation": relation, "date_of_birth": date_of_birth})
                    },
                )
                .collect();
            form.insert("dependants".to_owned(), Value::Array(dependants));
        }
        let income = match income_base_kip {
            TextOrNumber::Number(kip) => json!(kip),
            TextOrNumber::Text(text) => json!(text),
        };
        form.insert("income_base_kip".to_owned(), income);
        form.insert("consent".to_owned(), json!(consent));
        Value::Object(form).to_string()
    }
}

fn id_card(number: &str) -> Vec<DraftDocument> {
    vec![DraftDocument {
        kind: "id_card".into(),
        number: number.into(),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON form is read back by the same code as the CLI's `--json`, so it means the same draft.
    #[test]
    fn the_json_form_is_the_same_form() {
        let check = |applicant: Applicant| {
            let read: Draft = serde_json::from_str(&applicant.json()).expect("the CLI's JSON");
            assert_eq!(read, applicant.draft());
        };
        check(applicant());
        check(
            applicant()
                .given("ແກ້ວ", "Keo")
                .family("", "")
                .id_card("987654321")
                .born("1985-01-31")
                .phone("020 5555 1234")
                .hospital("ZZZ")
                .registered_on("2026-06-20"),
        );
        let mut full = applicant().draft();
        full.district_code = "0103".into();
        full.village_name = "ບ້ານໃໝ່".into();
        full.business_licence_no = "BL-1".into();
        full.tax_id = "TX 12-34".into();
        full.income_base_kip = TextOrNumber::Text("໒,໕໐໐,໐໐໐".into());
        full.consent = false;
        full.dependants = vec![DraftDependant {
            name: "ບຸນມີ".into(),
            relation: "child".into(),
            date_of_birth: "2015-01-01".into(),
        }];
        check(Applicant { draft: full });
    }

    #[test]
    fn now_falls_on_today_in_vientiane() {
        let vientiane = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7");
        assert_eq!(now().with_timezone(&vientiane).date_naive(), today());
    }
}
