//! The search box: one text, many keys (member number, ID document, phone, names in either script).

use nssf_domain::{fold, MemberNumber};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Action, Actor, ApiError, Desk};

/// Most results one search returns, whatever the caller asks for.
const LIMIT_MAX: usize = 200;

/// One search result line (and one line of the card print queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHit {
    /// `DDDD-WW-NNNNNNN-C`.
    pub member_no: String,
    /// Given name in Lao script.
    pub given_name_lo: String,
    /// Family name in Lao script.
    pub family_name_lo: String,
    /// Given name in Latin script.
    pub given_name_latin: String,
    /// Family name in Latin script.
    pub family_name_latin: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// The village in Lao (the typed name where the gazetteer has no list).
    pub village_name_lo: String,
    /// The village in English (the typed name where the gazetteer has no list).
    pub village_name_en: String,
}

impl Desk {
    /// One box, many keys: member number (whole or its first digits), ID document number, phone in any
    /// common spelling, or names in either script (folded). Exact keys rank before names. At most `limit`
    /// hits (1 to 200).
    pub fn search(
        &self,
        actor: &Actor,
        text: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>, ApiError> {
        actor.require(Action::Search)?;
        let limit = limit.clamp(1, LIMIT_MAX);
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
    pub(crate) fn hit(&self, m: nssf_domain::Member) -> SearchHit {
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
