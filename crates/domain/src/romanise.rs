//! Lao script → Latin letters, for search: a folded Lao name token ([`crate::fold::fold_token`]) becomes the
//! spelling a clerk would most likely type, so that it can go through the same phonetic key
//! ([`crate::phonetic::key`]) as names typed in Latin letters.
//!
//! The table follows the Lao government's romanisation (French-based, the one on ID cards and in the
//! BGN/PCGN 1966 system): ຈ ch, ຊ x, ຍ y (gn/ny when initial), ວ v, ອ silent when it carries a vowel,
//! ຸ/ູ ou, ົ o, ເ e, ແ ae, ໄ/ໃ ai, ເ◌ົາ ao, ◌ຳ am, ◌ົວ oua, ເ◌ຍ ia, ເ◌ືອ eua, ◌ຽ ia; finals ກ k, ງ ng, ດ t,
//! ນ n, ບ p, ມ m, ຍ y, ວ o. Vowel length and tone marks are not written (the Latin spellings do not write
//! them either). The output is lower case ASCII.
//!
//! ```
//! use nssf_domain::{fold::fold_token, romanise::romanise};
//! assert_eq!(romanise(&fold_token("ວິໄລພອນ")), "vilaiphon");
//! assert_eq!(romanise(&fold_token("ເພັດສະໝອນ")), "phetsamon");
//! assert_eq!(romanise(&fold_token("ບົວສີ")), "bouasi");
//! ```
//!
//! It reads syllables the way Lao is written: an optional vowel written before the consonant (ເ ແ ໂ ໄ ໃ),
//! the initial consonant (ຫ before ງ ຍ ນ ມ ລ ວ ຣ only marks the tone class: ໜ, ໝ and ຫຼ arrive here as
//! ຫນ, ຫມ and ຫລ), the vowels above, below and after it, then at most one final consonant: a consonant
//! is a final when nothing that needs a consonant (a vowel sign, a tone mark) follows it; otherwise it
//! starts the next syllable.

/// The vowel written before its consonant.
fn is_preposed(c: char) -> bool {
    matches!(c, 'ເ' | 'ແ' | 'ໂ' | 'ໄ' | 'ໃ')
}

/// Signs that sit on a consonant (above, below, after it): a consonant followed by one starts a syllable.
fn needs_consonant(c: char) -> bool {
    matches!(c, '\u{0EB0}'..='\u{0EBD}' | '\u{0EC8}'..='\u{0ECD}')
}

/// Tone marks and the cancellation mark: not written in Latin letters.
fn is_tone(c: char) -> bool {
    matches!(c, '\u{0EC8}'..='\u{0ECC}')
}

fn is_consonant(c: char) -> bool {
    matches!(c, '\u{0E81}'..='\u{0EAE}' | 'ໜ' | 'ໝ' | 'ໞ' | 'ໟ')
}

/// A consonant that starts a syllable.
fn initial(c: char) -> &'static str {
    match c {
        'ກ' => "k",
        'ຂ' | 'ຄ' | 'ຆ' => "kh",
        'ງ' => "ng",
        'ຈ' | 'ຉ' => "ch",
        'ສ' | 'ຨ' | 'ຩ' => "s",
        'ຊ' | 'ຌ' => "x",
        'ຍ' | 'ຎ' => "y",
        'ດ' | 'ຏ' | 'ຑ' => "d",
        'ຕ' | 'ຐ' => "t",
        'ຖ' | 'ທ' | 'ຒ' | 'ຘ' => "th",
        'ນ' | 'ຓ' | 'ໜ' => "n",
        'ບ' => "b",
        'ປ' => "p",
        'ຜ' | 'ພ' | 'ຠ' => "ph",
        'ຝ' | 'ຟ' => "f",
        'ມ' | 'ໝ' => "m",
        'ຢ' => "y",
        'ຣ' => "r",
        'ລ' | 'ຬ' => "l",
        'ວ' => "v",
        'ຫ' | 'ຮ' => "h",
        // ອ carries a vowel and is not pronounced as a consonant.
        _ => "",
    }
}

/// A consonant that ends a syllable: the stops and nasals as pronounced there.
fn final_sound(c: char) -> &'static str {
    match c {
        'ກ' | 'ຂ' | 'ຄ' => "k",
        'ງ' => "ng",
        'ດ' | 'ຕ' | 'ຈ' | 'ສ' | 'ຊ' | 'ທ' | 'ຖ' => "t",
        'ນ' | 'ລ' | 'ຣ' => "n",
        'ບ' | 'ປ' | 'ພ' | 'ຟ' => "p",
        'ມ' => "m",
        'ຍ' => "y",
        'ວ' => "o",
        other => initial(other),
    }
}

/// Consonants that ຫ before them only raises to the high tone class.
fn is_sonorant(c: char) -> bool {
    matches!(c, 'ງ' | 'ຍ' | 'ນ' | 'ມ' | 'ລ' | 'ວ' | 'ຣ')
}

/// A folded Lao token in Latin letters (see the module doc); characters of other scripts pass through
/// lower-cased, so a mixed token keeps its Latin part.
pub fn romanise(token: &str) -> String {
    let s: Vec<char> = token.chars().collect();
    let mut out = String::with_capacity(token.len() * 2);
    let at = |i: usize| s.get(i).copied();
    // Whether the consonant at `i` is free to end a syllable: nothing after it needs it as a base.
    let can_end = |i: usize| at(i + 1).is_none_or(|n| !needs_consonant(n));
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if !crate::text::is_lao(c) {
            out.extend(c.to_lowercase());
            i += 1;
            continue;
        }
        let pre = is_preposed(c).then_some(c);
        if pre.is_some() {
            i += 1;
        }
        let Some(mut first) = at(i).filter(|&c| is_consonant(c)) else {
            // A vowel without its consonant, a stray mark, a Lao digit or the repetition sign.
            if let Some(p) = pre {
                out.push_str(preposed_alone(p));
            } else {
                i += 1;
            }
            continue;
        };
        i += 1;
        if first == 'ຫ' && at(i).is_some_and(is_sonorant) {
            first = s[i];
            i += 1;
        }
        out.push_str(initial(first));
        // The signs on the consonant (fold sorts them: vowels, then tone marks), then vowels after it.
        let mut marks: Vec<char> = Vec::new();
        while let Some(m) = at(i).filter(|&m| needs_consonant(m)) {
            if !is_tone(m) {
                marks.push(m);
            }
            i += 1;
        }
        let has = |m: char| marks.contains(&m);
        let (vowel, takes_final) = match pre {
            Some('ໄ' | 'ໃ') => ("ai", false),
            Some('ແ') => ("ae", true),
            Some('ໂ') => ("o", true),
            Some(_) => {
                // ເ: e, or with what follows: ເ◌ົາ ao, ເ◌າະ o, ເ◌ີ oe, ເ◌ືອ eua, ເ◌ຍ ia.
                if has('ົ') && has('າ') {
                    ("ao", false)
                } else if has('າ') && has('ະ') {
                    ("o", true)
                } else if has('າ') {
                    ("ao", false)
                } else if has('ິ') || has('ີ') {
                    ("oe", true)
                } else if has('ຶ') || has('ື') {
                    if at(i) == Some('ອ') {
                        i += 1;
                    }
                    ("eua", true)
                } else if at(i) == Some('ຍ') && (has('ັ') || can_end(i)) {
                    // ເ◌ຍ and ເ◌ັຍ: ia (ຍ with a vowel of its own starts the next syllable).
                    i += 1;
                    ("ia", true)
                } else {
                    ("e", true)
                }
            }
            None => {
                if has('ໍ') && has('າ') {
                    // ຳ, split by NFKC.
                    ("am", false)
                } else if has('ົ') && at(i) == Some('ວ') && can_end(i) {
                    i += 1;
                    ("oua", true)
                } else if has('ົ') || has('ໍ') {
                    ("o", true)
                } else if has('ຽ') {
                    ("ia", true)
                } else if has('ຸ') || has('ູ') {
                    ("ou", true)
                } else if has('ຶ') || has('ື') {
                    ("eu", true)
                } else if has('ິ') || has('ີ') {
                    ("i", true)
                } else if has('ັ') || has('າ') || has('ະ') {
                    ("a", true)
                } else if at(i) == Some('ອ') && can_end(i) {
                    // ◌ອ◌: the vowel o written with ອ.
                    i += 1;
                    ("o", true)
                } else if at(i) == Some('ວ') && (can_end(i) || at(i + 1) == Some('າ')) {
                    // ◌ວ◌ and ◌ວາ◌: the vowel oua (ຄວນ khouan, ກວາງ kouang).
                    i += 1;
                    if at(i) == Some('າ') {
                        i += 1;
                    }
                    ("oua", true)
                } else {
                    // No vowel written: the old spelling's inherent o (ຄນ khon).
                    ("o", true)
                }
            }
        };
        out.push_str(vowel);
        // ະ closes the syllable: nothing follows it in the same one.
        if takes_final && !has('ະ') {
            // A consonant followed by ◌ອ◌ starts the next syllable (ສີພອນ si-phon), not this one's end.
            // Nor does ຫ before a sonorant (ສະໝອນ sa-mon): it belongs to the next consonant.
            let starts_o = (at(i + 1) == Some('ອ') && at(i + 2).is_none_or(is_consonant))
                || (at(i) == Some('ຫ') && at(i + 1).is_some_and(is_sonorant));
            if let Some(f) = at(i).filter(|&f| is_consonant(f) && can_end(i) && !starts_o) {
                out.push_str(final_sound(f));
                i += 1;
            }
        }
    }
    out
}

fn preposed_alone(c: char) -> &'static str {
    match c {
        'ແ' => "ae",
        'ໂ' => "o",
        'ໄ' | 'ໃ' => "ai",
        _ => "e",
    }
}
