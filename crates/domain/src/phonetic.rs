//! A phonetic key for Lao names: the spellings of one name in Latin letters, and the name in Lao script
//! (through [`crate::romanise`]), share one key. `docs/search.md` explains each rule with examples.
//!
//! Lao has no single romanisation: the government's French-based system (Phetsamone, Thongchanh,
//! Vanhxay), BGN/PCGN (Phetsamon, Thongchan), English-style spellings (Phetsamorn, Boonmee, Kaew) and
//! whatever the clerk hears. The key keeps what these agree on and merges what they spell differently:
//! - aspiration is not written the same way: ph = p, th = t, kh = k (ພ/ປ, ທ/ຕ, ຄ/ກ are merged);
//! - ຊ, ສ and ຈ: x = s = ch = j = z = sh;
//! - ວ: v = w before a vowel; w after a vowel is the vowel o (Kaew = Kaeo);
//! - ຸ/ູ: ou = oo = u; ີ: ee = i; ແ: ae = e; ເ◌ົາ: au = aw = ao; ◌ຽ◌: ie = ia before a consonant;
//! - y after a vowel is i (Vilay = Vilai, Bouasy = Buasi), ie at the end is i; ny and gn before a vowel
//!   at the start, and gn anywhere, are y (ຍ);
//! - h is written after n, and after a vowel, without a sound (Thongchanh, Vanhxay): only an initial h
//!   is kept;
//! - a silent e after n or m that follows a vowel (Phone, Phetsamone, Khamsene) is dropped, and r after a
//!   vowel before a consonant or at the end (Phorn) is dropped; r elsewhere is l (ຣ is said l);
//! - d at the end of a syllable is t (the final ດ is said t);
//! - c is k, q is k; a doubled letter is one (Phommachanh, Sackda).
//!
//! ```
//! use nssf_domain::phonetic::key;
//! assert_eq!(key("vilayphone"), key("vilaiphon"));
//! assert_eq!(key("thongchanh"), key("tongchan"));
//! assert_eq!(key("ວັນໄຊ"), key("vanhxay"));
//! ```

use crate::romanise::romanise;

/// The script a folded token is written in, for telling a cross-script match from a phonetic one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Lao letters.
    Lao,
    /// Anything else (Latin letters, digits).
    Latin,
}

/// The script of a folded token: Lao when it holds a Lao letter.
pub fn script(token: &str) -> Script {
    if token.chars().any(crate::text::is_lao) {
        Script::Lao
    } else {
        Script::Latin
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// A consonant letter of the input (y counts as one here).
fn is_consonant(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic() && !is_vowel(c))
}

/// The phonetic key of one folded token ([`crate::fold::fold_token`]), of either script: Lao is romanised
/// first. Two spellings of one name give one key (see the module doc); the key is ASCII.
pub fn key(token: &str) -> String {
    let latin = if script(token) == Script::Lao {
        romanise(token)
    } else {
        token.to_owned()
    };
    latin_key(&latin)
}

fn latin_key(token: &str) -> String {
    let s: Vec<char> = token.chars().collect();
    let at = |i: usize| s.get(i).copied();
    let vowel_at = |i: usize| at(i).is_some_and(is_vowel);
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let next = at(i + 1);
        let prev_vowel = i > 0 && is_vowel(s[i - 1]);
        // (what to write, how many letters it used)
        let (write, used): (&str, usize) = match c {
            'p' if next == Some('h') => ("p", 2),
            't' if next == Some('h') => ("t", 2),
            'k' if next == Some('h') => ("k", 2),
            't' if next == Some('c') && at(i + 2) == Some('h') => ("s", 3),
            'c' | 's' if next == Some('h') => ("s", 2),
            'c' if next == Some('k') => ("k", 2),
            'c' | 'q' => ("k", 1),
            'x' | 'j' | 'z' => ("s", 1),
            'g' if next == Some('n') && (i == 0 || (prev_vowel && vowel_at(i + 2))) => ("y", 2),
            'n' if i == 0 && next == Some('y') && vowel_at(i + 2) => ("y", 2),
            'w' if vowel_at(i + 1) => ("v", 1),
            'w' => ("o", 1),
            'y' if vowel_at(i + 1) => ("y", 1),
            'y' => ("i", 1),
            'h' if i == 0 => ("h", 1),
            'h' => ("", 1),
            'r' if prev_vowel && !vowel_at(i + 1) => ("", 1),
            'r' => ("l", 1),
            'd' if i > 0 && !vowel_at(i + 1) => ("t", 1),
            'o' if matches!(next, Some('u' | 'o')) => ("u", 2),
            'e' if next == Some('e') => ("i", 2),
            'i' if next == Some('e') && at(i + 2).is_none() => ("i", 2),
            // ◌ຽ◌ is written ie or ia before its final (Viengxay, Viangxai).
            'i' if next == Some('e') && is_consonant(at(i + 2)) => ("ia", 2),
            'a' if next == Some('e') => ("e", 2),
            'a' if next == Some('u') => ("ao", 2),
            'e' if silent_e(&s, i) => ("", 1),
            other => {
                out.push(other);
                i += 1;
                continue;
            }
        };
        // ai before y and a vowel is the same syllable break written twice (Xaiyavong = Xayavong).
        if write == "y"
            && out.last() == Some(&'i')
            && out.len() >= 2
            && is_vowel(out[out.len() - 2])
        {
            out.pop();
        }
        out.extend(write.chars());
        i += used;
    }
    out.dedup();
    out.into_iter().collect()
}

/// An e that is written but not said: after n or m that follows a vowel, at the end or before a
/// consonant (Phone, Phetsamone, Phonemany, Khamsene).
fn silent_e(s: &[char], i: usize) -> bool {
    i >= 2
        && matches!(s[i - 1], 'n' | 'm')
        && is_vowel(s[i - 2])
        && (i + 1 == s.len() || is_consonant(s.get(i + 1).copied()))
}
