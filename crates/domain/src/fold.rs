//! Folding for search: two spellings a clerk would call "the same name" fold to the same key.
//!
//! Lao: NFKC splits ໜ→ຫນ, ໝ→ຫມ and ຳ→ໍ+າ; the subscript lo ຼ (U+0EBC) becomes ລ so that ຫຼ=ຫລ; and runs of
//! combining marks are sorted, because NFC leaves a vowel above and a tone mark in typing order
//! (Lao vowels above have combining class 0). Latin: lower case without diacritics.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::text::ascii_digits;

/// Lao combining marks above and below the consonant (vowels, tone marks, subscript consonants).
fn is_lao_mark(c: char) -> bool {
    matches!(c, '\u{0EB1}' | '\u{0EB4}'..='\u{0EBC}' | '\u{0EC8}'..='\u{0ECE}')
}

/// Folds one token (no spaces) into its search key.
pub fn fold_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    let mut marks: Vec<char> = Vec::new();
    let flush = |out: &mut String, marks: &mut Vec<char>| {
        marks.sort_unstable();
        out.extend(marks.drain(..));
    };
    for c in ascii_digits(token).nfkc() {
        let c = if c == '\u{0EBC}' { '\u{0EA5}' } else { c };
        if is_lao_mark(c) {
            marks.push(c);
            continue;
        }
        flush(&mut out, &mut marks);
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if crate::text::is_lao(c) {
            out.push(c);
        } else {
            // Latin letters with diacritics: decompose and keep the base letters.
            for d in c.to_string().nfd() {
                if !is_combining_mark(d) && d.is_alphanumeric() {
                    out.extend(d.to_lowercase());
                }
            }
        }
    }
    flush(&mut out, &mut marks);
    out
}

/// Splits text into folded tokens: at white space and punctuation.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '-' | '.' | '(' | ')'))
        .map(fold_token)
        .filter(|t| !t.is_empty())
        .collect()
}

/// The key two people share when their names are "the same": all folded tokens, in order, joined.
pub fn name_key(given: &str, family: &str) -> String {
    let mut all = tokens(given);
    all.extend(tokens(family));
    all.join(" ")
}
