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

/// Characters that draw nothing or change how others draw: every format character (general category Cf)
/// and every default-ignorable code point of Unicode 15.1 (`DerivedCoreProperties.txt`), such as
/// zero-width and bidi marks, the Arabic letter mark U+061C, the Mongolian vowel separator U+180E, the
/// Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, variation selectors, and the tag characters
/// U+E0000–U+E007F. They make two equal-looking names differ, and hide text from whoever reads it.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{0600}'..='\u{0605}' // Arabic number signs
            | '\u{061C}' // Arabic letter mark
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}' // Hangul fillers
            | '\u{17B4}'..='\u{17B5}' // Khmer inherent vowels
            | '\u{180B}'..='\u{180F}' // Mongolian variation selectors and vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space, joiners, directional marks
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
            | '\u{3164}' // Hangul filler
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}' // zero-width no-break space, byte order mark
            | '\u{FFA0}' // halfwidth Hangul filler
            | '\u{FFF0}'..='\u{FFFB}' // unassigned specials, interlinear annotation
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}' // Egyptian hieroglyph format controls
            | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
            | '\u{1D173}'..='\u{1D17A}' // musical symbol format controls
            | '\u{E0000}'..='\u{E0FFF}' // tags and variation selectors supplement
    )
}

/// Refuses control characters (other than tab and line breaks, which become spaces) and invisible ones
/// ([`is_invisible`]) anywhere in a field, as typed: every text field of a form passes through here,
/// whether it is cleaned ([`clean_text`]) or matched against a list.
pub fn check_visible(field: &str, raw: &str) -> Result<(), Problem> {
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
    Ok(())
}

/// Trims, collapses runs of white space to one space and normalises to NFC; refuses control and invisible
/// characters rather than silently dropping them, because a clerk should see what was pasted.
pub fn clean_text(field: &str, raw: &str, max_chars: usize) -> Result<String, Problem> {
    check_visible(field, raw)?;
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

/// What a name of either script must be besides its script: at least one letter, and no word that begins
/// with a combining mark (a Lao vowel or tone mark, a Latin accent left over after NFC), which belongs on
/// the letter before it. Digits are refused by each script's own check.
pub fn check_name_letters(field: &str, name: &str) -> Result<(), Problem> {
    use unicode_normalization::char::is_combining_mark;
    if !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_alphabetic() && !is_combining_mark(c))
    {
        return Err(Problem::new(field, ProblemKind::NameWithoutLetters {}));
    }
    if name
        .split(' ')
        .any(|word| word.chars().next().is_some_and(is_combining_mark))
    {
        return Err(Problem::new(field, ProblemKind::MarkWithoutLetter {}));
    }
    Ok(())
}

/// A Lao digit (໐–໙): not part of a name.
pub fn is_lao_digit(c: char) -> bool {
    ('\u{0ED0}'..='\u{0ED9}').contains(&c)
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
