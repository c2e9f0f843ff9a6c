//! Cleaning what people type: NFC, Lao digits, invisible and control characters.

use unicode_normalization::UnicodeNormalization;

use crate::{Problem, ProblemKind};

/// Lao digits ໐–໙ (U+0ED0–U+0ED9) become ASCII digits; everything else is left alone.
pub fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{0ED0}'..='\u{0ED9}' => char::from(b'0' + (c as u32 - 0x0ED0) as u8),
            _ => c,
        })
        .collect()
}

/// Zero-width and bidi formatting characters: they make two equal-looking names differ.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Trims, collapses runs of white space to one space and normalises to NFC; refuses control and invisible
/// characters rather than silently dropping them, because a clerk should see what was pasted.
pub fn clean_text(field: &str, raw: &str, max_chars: usize) -> Result<String, Problem> {
    if let Some(c) = raw
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(Problem::new(
            field,
            ProblemKind::ControlCharacter {
                codepoint: format!("U+{:04X}", c as u32),
            },
        ));
    }
    if let Some(c) = raw.chars().find(|c| is_invisible(*c)) {
        return Err(Problem::new(
            field,
            ProblemKind::InvisibleCharacter {
                codepoint: format!("U+{:04X}", c as u32),
            },
        ));
    }
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let nfc: String = collapsed.nfc().collect();
    let count = nfc.chars().count();
    if count > max_chars {
        return Err(Problem::new(
            field,
            ProblemKind::TooLong {
                max: max_chars,
                length: count,
            },
        ));
    }
    Ok(nfc)
}

pub fn is_lao(c: char) -> bool {
    ('\u{0E80}'..='\u{0EFF}').contains(&c)
}

/// A Latin-script name: letters of the Latin blocks plus space, hyphen, apostrophe and dot.
pub fn is_latin_name_char(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, ' ' | '-' | '\'' | '.')
        || (('\u{00C0}'..='\u{024F}').contains(&c) && c != '\u{00D7}' && c != '\u{00F7}')
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Document numbers and similar codes: no spaces, dashes or dots; Lao digits as ASCII; upper case.
pub fn compact_code(raw: &str) -> String {
    ascii_digits(raw)
        .nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/' | '_'))
        .flat_map(char::to_uppercase)
        .collect()
}
