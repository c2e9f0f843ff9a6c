//! Typing mistakes: whether two folded tokens are one edit apart (one letter inserted, deleted, replaced,
//! or two neighbours swapped: a Damerau–Levenshtein distance of at most 1), and which typed tokens are
//! long enough to be read with one mistake.
//!
//! ```
//! use nssf_domain::typo::one_edit_apart;
//! assert!(one_edit_apart("somphone", "sompone")); // a letter left out
//! assert!(one_edit_apart("somphone", "smophone")); // two letters swapped
//! assert!(!one_edit_apart("somphone", "somphan"));
//! ```

/// The shortest typed token (in characters) read as possibly mistyped: below it, one edit turns too many
/// names into each other.
pub const MIN_TYPO_CHARS: usize = 5;

/// Whether `a` and `b` are at most one edit apart (equal included), comparing characters.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    one_edit_apart_chars(&a, &b)
}

/// As [`one_edit_apart`], on characters already split.
pub fn one_edit_apart_chars(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let start = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if start == short.len() {
        // Equal, or one letter added at the end.
        return true;
    }
    if short.len() == long.len() {
        // One replaced, or two neighbours swapped.
        let rest = start + 1;
        short[rest..] == long[rest..]
            || (rest < short.len()
                && short[start] == long[rest]
                && short[rest] == long[start]
                && short[rest + 1..] == long[rest + 1..])
    } else {
        // One letter inserted into the short one.
        short[start..] == long[start + 1..]
    }
}

/// Whether a typed token is long enough to be matched with one mistake.
pub fn tolerates_typo(token: &str) -> bool {
    token.chars().count() >= MIN_TYPO_CHARS
}
