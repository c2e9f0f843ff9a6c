//! Lao phone numbers, stored as E.164 (`+85620…`).
//!
//! Accepted spellings: `020 5555 1234`, `02055551234`, `+856 20 5555 1234`, `00856…`, with spaces, dashes,
//! dots or parentheses, in Lao or ASCII digits. National numbers: mobile `20` + 8 digits, `30` + 7 digits,
//! landline area code `X1` + 6 digits (021 212 862).

use crate::text::ascii_digits;

/// The national significant number (without +856 or the trunk 0), if the text spells a valid Lao number.
pub fn national_number(raw: &str) -> Option<String> {
    let text = ascii_digits(raw.trim());
    let plus = text.starts_with('+');
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if text
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+')))
    {
        return None;
    }
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
    let national = national
        .strip_prefix('0')
        .map(str::to_owned)
        .unwrap_or(national);
    let valid = match national.as_bytes() {
        [b'2', b'0', rest @ ..] => rest.len() == 8,
        [b'3', b'0', rest @ ..] => rest.len() == 7,
        [b'2'..=b'8', b'1', rest @ ..] => rest.len() == 6,
        _ => false,
    };
    valid.then_some(national)
}

/// E.164 form, `+856` followed by the national number.
pub fn to_e164(raw: &str) -> Option<String> {
    national_number(raw).map(|n| format!("+856{n}"))
}
