//! The search box: one text, many keys (member number, ID document, phone, names in either script,
//! tolerant of spelling: `docs/search.md`). Each hit says why it matched.

use nssf_domain::{fold, MemberNumber};
use nssf_store::{NameMatch, NameMatchKind};
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
    /// Why a search found this member; `null` on lines that are not search results (the card queue).
    pub matched: Option<Matched>,
}

/// Why a search hit matched, strongest first: the window shows it quietly beside the hit
/// (`search-matched-<value>`), and `search --json` gives it as `"matched"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Matched {
    /// The member number, whole or its first digits.
    Number,
    /// An ID document number.
    Document,
    /// A phone number.
    Phone,
    /// The name as typed, letter for letter.
    Exact,
    /// The name once folded (case, accents, Lao spelling variants), or the start of its words.
    Folded,
    /// A spelling of the name that sounds the same, in the same script.
    Phonetic,
    /// The name in the other script (Lao romanised, or a Lao query romanised).
    CrossScript,
    /// The name with one typing mistake in a word of 5 letters or more.
    Typo,
}

impl Matched {
    /// The order a clerk can trust: exact keys, then exact, folded, phonetic and cross-script alike, typo.
    fn rank(self) -> u8 {
        match self {
            Matched::Number | Matched::Document | Matched::Phone => 0,
            Matched::Exact => 1,
            Matched::Folded => 2,
            Matched::Phonetic | Matched::CrossScript => 3,
            Matched::Typo => 4,
        }
    }
}

impl Desk {
    /// One box, many keys: member number (whole or its first digits), ID document number, phone in any
    /// common spelling, or names in either script: folded, by sound, across scripts, with one typo in a
    /// long word (`docs/search.md`). Exact keys rank before names, names as [`Matched`] orders them. At
    /// most `limit` hits (1 to 200), each saying why it matched.
    pub fn search(
        &self,
        actor: &Actor,
        text: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>, ApiError> {
        actor.require(Action::Search)?;
        let limit = limit.clamp(1, LIMIT_MAX);
        let text = text.trim();
        let mut numbers: Vec<(String, Matched)> = Vec::new();
        let push = |list: Vec<String>, why: Matched, numbers: &mut Vec<(String, Matched)>| {
            for n in list {
                if !numbers.iter().any(|(m, _)| *m == n) {
                    numbers.push((n, why));
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
                push(vec![n.to_string()], Matched::Number, &mut numbers);
            }
        } else if is_numeric {
            let digits: String = digits_only.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 6 && digits.len() < 14 {
                push(
                    self.store
                        .members_by_number_prefix(&member_no_prefix(&digits), limit)?,
                    Matched::Number,
                    &mut numbers,
                );
            }
        }
        let code = nssf_domain::text::compact_code(text);
        // Stored document numbers are ASCII letters and digits only (`member::validate`): a Lao name
        // cannot be one, and skips a read of the document index.
        if code.len() >= 3 && code.chars().all(|c| c.is_ascii_alphanumeric()) {
            push(
                self.store.members_by_document_number(&code, limit)?,
                Matched::Document,
                &mut numbers,
            );
        }
        if let Some(national) = nssf_domain::phone::national_number(text) {
            push(
                self.store
                    .members_by_phone(&format!("+856{national}"), limit)?,
                Matched::Phone,
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
                    Matched::Phone,
                    &mut numbers,
                );
            }
        }
        let mut hits = Vec::with_capacity(limit);
        for (no, why) in &numbers {
            if let Some(m) = self.store.member(no)? {
                hits.push(self.hit_because(m, *why));
            }
        }
        if hits.len() < limit && !is_numeric {
            let tokens = fold::tokens(text);
            let typed = typed_tokens(text);
            let found = self.store.search_names(&tokens, limit)?;
            let mut names = Vec::with_capacity(found.len());
            for NameMatch {
                member_no,
                kind,
                full_name,
                score,
            } in found
            {
                if numbers.iter().any(|(n, _)| *n == member_no) {
                    continue;
                }
                let Some(m) = self.store.member(&member_no)? else {
                    continue;
                };
                let why = match kind {
                    NameMatchKind::Folded if typed_exactly(&typed, &m) => Matched::Exact,
                    NameMatchKind::Folded => Matched::Folded,
                    NameMatchKind::Phonetic => Matched::Phonetic,
                    NameMatchKind::CrossScript => Matched::CrossScript,
                    NameMatchKind::Typo => Matched::Typo,
                };
                names.push((why.rank(), !full_name, std::cmp::Reverse(score), m, why));
            }
            // Stable: equals keep the store's order.
            names.sort_by_key(|(rank, partial, score, _, _)| (*rank, *partial, *score));
            hits.extend(
                names
                    .into_iter()
                    .map(|(_, _, _, m, why)| self.hit_because(m, why)),
            );
        }
        hits.truncate(limit);
        Ok(hits)
    }

    /// A member as a search result, with why it matched.
    fn hit_because(&self, m: nssf_domain::Member, why: Matched) -> SearchHit {
        SearchHit {
            matched: Some(why),
            ..self.hit(m)
        }
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
            matched: None,
        }
    }
}

/// The words of the search text as typed (NFC, unfolded), split as [`fold::tokens`] splits them.
fn typed_tokens(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '-' | '.' | '(' | ')'))
        .filter(|t| !t.is_empty())
        .map(|t| t.nfc().collect())
        .collect()
}

/// Whether every typed word is one of the member's name words letter for letter (case and accents
/// included): an exact match rather than a folded one.
fn typed_exactly(typed: &[String], m: &nssf_domain::Member) -> bool {
    let words = typed_tokens(&format!(
        "{} {} {} {}",
        m.given_name_lo, m.family_name_lo, m.given_name_latin, m.family_name_latin
    ));
    !typed.is_empty() && typed.iter().all(|t| words.contains(t))
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
