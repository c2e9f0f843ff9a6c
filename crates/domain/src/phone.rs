//! Lao phone numbers, stored as E.164 (`+85620…`).
//!
//! Accepted spellings: `020 5555 1234`, `02055551234`, `+856 20 5555 1234`, `00856…`, `856…`, with spaces,
//! dashes, dots or parentheses, in Lao or ASCII digits. Which national numbers exist is libphonenumber's
//! metadata for Laos (through the `phonenumber` crate, which compiles it in and reads it from memory), not a
//! table kept here: mobiles `20…` of 10 digits and `30…` of 9 or 10, landlines of 8 digits by area code
//! (021 212 862, 064 212 345).

use std::sync::OnceLock;

use phonenumber::metadata::DATABASE;
use phonenumber::Type;
use regex::{Regex, RegexBuilder};

use crate::text::ascii_digits;

/// The national significant number (without +856 or the trunk 0), if the text spells a valid Lao number.
pub fn national_number(raw: &str) -> Option<String> {
    let text = ascii_digits(raw.trim());
    // Only digits and the separators people type: libphonenumber would also read letters (vanity numbers)
    // and words, which a form field should refuse.
    if text
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+')))
    {
        return None;
    }
    let plus = text.starts_with('+');
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = if plus {
        digits.strip_prefix("856")?.to_owned()
    } else if let Some(rest) = digits.strip_prefix("00856") {
        rest.to_owned()
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest.to_owned()
    } else if digits.starts_with("856") && digits.len() >= 11 {
        digits[3..].to_owned()
    } else {
        digits
    };
    // `+856 020 …`: the trunk 0 kept after the country code, as people write it.
    let national = national
        .strip_prefix('0')
        .map(str::to_owned)
        .unwrap_or(national);
    if national.is_empty() || national.starts_with('0') {
        return None;
    }
    lao_plan()
        .iter()
        .any(|kind| kind.admits(&national))
        .then_some(national)
}

/// One kind of number in Laos (fixed line, mobile, …): its lengths and its pattern, matched whole.
#[derive(Debug)]
struct NumberKind {
    lengths: Vec<u16>,
    pattern: Regex,
}

impl NumberKind {
    fn admits(&self, national: &str) -> bool {
        let length = u16::try_from(national.len()).unwrap_or(u16::MAX);
        (self.lengths.is_empty() || self.lengths.contains(&length))
            && self.pattern.is_match(national)
    }
}

/// Every kind of number that libphonenumber's metadata gives Laos, read once from the crate's embedded
/// metadata. Patterns are anchored at both ends here: the crate itself matches from the start only.
fn lao_plan() -> &'static [NumberKind] {
    static PLAN: OnceLock<Vec<NumberKind>> = OnceLock::new();
    PLAN.get_or_init(|| {
        let Some(laos) = DATABASE.by_id("LA") else {
            return Vec::new();
        };
        [
            Type::FixedLine,
            Type::Mobile,
            Type::Voip,
            Type::TollFree,
            Type::PremiumRate,
            Type::SharedCost,
            Type::PersonalNumber,
            Type::Pager,
            Type::Uan,
            Type::Voicemail,
        ]
        .into_iter()
        .filter_map(|kind| laos.descriptors().get(kind))
        .filter_map(|d| {
            // The metadata's patterns are laid out over several lines, as the crate reads them.
            let pattern = RegexBuilder::new(&format!("^(?:{})$", d.national_number().as_str()))
                .ignore_whitespace(true)
                .build()
                .ok()?;
            Some(NumberKind {
                lengths: d.possible_length().to_vec(),
                pattern,
            })
        })
        .collect()
    })
}

/// E.164 form, `+856` followed by the national number.
pub fn to_e164(raw: &str) -> Option<String> {
    national_number(raw).map(|n| format!("+856{n}"))
}
