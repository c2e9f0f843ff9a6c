//! What the counter types in: raw text, exactly as the registration JSON of the CLI contract names it.
//!
//! Every field is kept as entered (strings, even for dates and money) so that validation can tell the clerk
//! precisely what is wrong with which field instead of failing to parse the whole form.
//!
//! A field the form does not have is refused, never dropped (`deny_unknown_fields`): a script that sends
//! `phone_number` for `phone` is told so instead of registering a member without a phone. Only these input
//! types refuse unknown fields; stored records stay readable whatever later versions add.

use serde::{Deserialize, Serialize};

use crate::{Problem, ProblemKind};

/// A registration or amendment form as entered. Field names are part of the CLI contract.
///
/// It is also what the window sends, and gets back to amend (`MemberView.draft`): one input contract for
/// both callers, validated here, so the API takes this type itself rather than a copy. That is why it
/// derives TypeScript in the domain (behind the `ts` feature, which only `nssf-api` turns on).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct Draft {
    /// "mr" or "ms".
    pub title: String,
    pub given_name_lo: String,
    pub family_name_lo: String,
    pub given_name_latin: String,
    pub family_name_latin: String,
    /// "male" or "female".
    pub sex: String,
    /// "YYYY-MM-DD" (Lao digits accepted) or "DD/MM/YYYY".
    pub date_of_birth: String,
    pub documents: Vec<DraftDocument>,
    pub phone: String,
    /// "PPDDVVV" from the gazetteer; empty when `district_code` + `village_name` are given instead.
    pub village_code: String,
    pub district_code: String,
    pub village_name: String,
    pub house_no: String,
    pub occupation: String,
    pub business_licence_no: String,
    pub tax_id: String,
    /// Whole kip; a JSON number or a string of digits (Lao digits and group separators accepted).
    #[cfg_attr(feature = "ts", ts(type = "number | string"))]
    pub income_base_kip: TextOrNumber,
    /// A hospital code from the office's list.
    pub hospital: String,
    pub consent: bool,
    pub dependants: Vec<DraftDependant>,
    /// "YYYY-MM-DD"; empty means today.
    pub registered_on: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct DraftDocument {
    /// "id_card", "family_book" or "passport".
    pub kind: String,
    pub number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct DraftDependant {
    pub name: String,
    /// "spouse", "child" or "parent".
    pub relation: String,
    pub date_of_birth: String,
}

/// Why a registration sent as JSON is not a form.
#[derive(Debug, thiserror::Error)]
pub enum DraftJsonError {
    /// The JSON has a field the form does not have (at any level: the form, a document, a dependant),
    /// most often a misspelt one: the problem names it as given, with `unknown-field`.
    #[error("unknown field {}", .0.field)]
    UnknownField(Problem),
    /// Not JSON, or a field whose value has the wrong type (text where a list belongs): serde's reason.
    #[error(transparent)]
    Malformed(serde_json::Error),
}

impl Draft {
    /// Reads a form sent as JSON (a script's `register --json`), refusing a field the form does not have.
    pub fn from_json(text: &str) -> Result<Draft, DraftJsonError> {
        serde_json::from_str(text).map_err(|e| match unknown_field(&e) {
            Some(name) => DraftJsonError::UnknownField(Problem::new(
                name.clone(),
                ProblemKind::UnknownField { name },
            )),
            None => DraftJsonError::Malformed(e),
        })
    }
}

/// The field named by serde's `deny_unknown_fields` refusal: serde words it "unknown field `NAME`,
/// expected …" (or ", there are no fields"), and serde_json adds the position after it. serde's error type
/// keeps no structured field, so this reads its message; a reworded message only makes the refusal
/// `Malformed`, still refused.
fn unknown_field(e: &serde_json::Error) -> Option<String> {
    if e.classify() != serde_json::error::Category::Data {
        return None;
    }
    let message = e.to_string();
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest
        .find("`, expected")
        .or_else(|| rest.find("`, there are no fields"))?;
    Some(rest[..end].to_owned())
}

/// JSON callers send numbers, the form sends text: both are accepted and validated alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TextOrNumber {
    Number(i64),
    Text(String),
}

impl Default for TextOrNumber {
    fn default() -> Self {
        TextOrNumber::Text(String::new())
    }
}

impl From<i64> for TextOrNumber {
    fn from(n: i64) -> Self {
        TextOrNumber::Number(n)
    }
}
