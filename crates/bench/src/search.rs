//! Step 3c of a registration run: name search, top 20, as typed at the counter: `Desk::search` against
//! SQLite doing the same job with the same result lines. Queries: Lao given + family, Latin given +
//! family, the first 4 letters of the Latin family name, the Lao family name alone (FTS5 trigram `MATCH`
//! on SQLite's side); then the spelling-tolerant ones (`docs/search.md`): the Latin name respelt the way
//! another system writes it (Thongchanh → Tongchan), the Lao name romanised and typed in Latin letters,
//! and the Latin name with two letters of its longest word swapped. SQLite answers those two kinds with
//! the same keys as the store: the phonetic keys in an FTS5 table, and the one-edit look-up over the token
//! tables (`sqlite::search_by_sound`, `sqlite::search_with_typo`). For full names the first hit on both
//! sides must carry that name (or, tolerantly, its sound or a token one edit from the typed one).

use std::time::Instant;

use anyhow::{ensure, Context as _, Result};
use nssf_api::{Desk, SearchHit};
use nssf_domain::typo::{one_edit_apart, MIN_TYPO_CHARS};
use nssf_domain::{fold, phonetic, romanise::romanise, Member};
use rusqlite::Connection;

use crate::{sqlite, Operation, SEARCH_LIMIT};

/// How a query's first hit is checked on both sides.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Somebody found.
    Found,
    /// The first hit has the member's Lao name (folded).
    SameName,
    /// The first hit's name holds every phonetic key of the member's Lao name.
    SameSound,
    /// The first hit holds a token one edit from the typed one (`.0`).
    OneEdit,
}

/// Which SQLite query does the job.
#[derive(Clone, Copy)]
enum Side {
    Trigram,
    Sound,
    Typo,
}

/// A Latin word as another romanisation spells it, with the same phonetic key.
fn respell(word: &str) -> String {
    let mut w = word.to_lowercase();
    for (from, to) in [
        ("ph", "p"),
        ("th", "t"),
        ("kh", "k"),
        ("ou", "u"),
        ("x", "s"),
        ("ch", "j"),
        ("ae", "e"),
    ] {
        w = w.replace(from, to);
    }
    if let Some(stem) = w.strip_suffix("nh") {
        w = format!("{stem}n");
    } else if let Some(stem) = w.strip_suffix('y') {
        w = format!("{stem}i");
    }
    let same_key = phonetic::key(&fold::fold_token(&w)) == phonetic::key(&fold::fold_token(word));
    if w == word.to_lowercase() || !same_key {
        // A silent final h: another spelling with the same key, always.
        w = format!("{}h", word.to_lowercase());
    }
    w
}

/// The word with two neighbouring letters swapped (the first pair that differs after the first letter).
fn transposed(word: &str) -> Option<String> {
    let mut chars: Vec<char> = word.chars().collect();
    let i = (1..chars.len().saturating_sub(1)).find(|&i| chars[i] != chars[i + 1])?;
    chars.swap(i, i + 1);
    Some(chars.into_iter().collect())
}

/// The Latin full name with its longest word (the one search drives by) mistyped, and that word.
fn with_typo(m: &Member) -> Option<(String, String)> {
    let mut words = [m.given_name_latin.clone(), m.family_name_latin.clone()];
    let longest = (0..words.len()).max_by_key(|&i| words[i].chars().count())?;
    if words[longest].chars().count() < MIN_TYPO_CHARS {
        return None;
    }
    words[longest] = transposed(&words[longest])?;
    let typed = fold::fold_token(&words[longest]);
    Some((words.join(" "), typed))
}

fn lao_keys(given: &str, family: &str) -> Vec<String> {
    let mut tokens = fold::tokens(given);
    tokens.extend(fold::tokens(family));
    nssf_store::member_phonetic_keys(&tokens)
}

fn check(
    side: &str,
    query: &str,
    m: &Member,
    hits: &[SearchHit],
    check: &Check,
    typed: &str,
) -> Result<()> {
    let top = hits
        .first()
        .with_context(|| format!("{side} found nobody for {query:?}"))?;
    let ok = match check {
        Check::Found => true,
        Check::SameName => {
            fold::name_key(&top.given_name_lo, &top.family_name_lo)
                == fold::name_key(&m.given_name_lo, &m.family_name_lo)
        }
        Check::SameSound => {
            let theirs = lao_keys(&top.given_name_lo, &top.family_name_lo);
            lao_keys(&m.given_name_lo, &m.family_name_lo)
                .iter()
                .all(|k| theirs.contains(k))
        }
        Check::OneEdit => fold::tokens(&format!(
            "{} {}",
            top.given_name_latin, top.family_name_latin
        ))
        .iter()
        .any(|t| t != typed && one_edit_apart(t, typed)),
    };
    ensure!(
        ok,
        "{side}'s first hit for {query:?} is {} {} / {} {}",
        top.given_name_lo,
        top.family_name_lo,
        top.given_name_latin,
        top.family_name_latin
    );
    Ok(())
}

/// The search rows, and how many searches were checked on both sides.
pub(crate) fn run(
    desk: &Desk,
    db: &Connection,
    members: &[Member],
) -> Result<(Vec<Operation>, usize)> {
    let reference = desk.reference();
    let mut ops = vec![
        Operation::new("search_lao_full", "name search top 20: Lao given + family"),
        Operation::new(
            "search_latin_full",
            "name search top 20: Latin given + family",
        ),
        Operation::new(
            "search_family_prefix",
            "name search top 20: Latin family-name prefix (4 letters)",
        ),
        Operation::new(
            "search_lao_family",
            "name search top 20: Lao family name alone",
        ),
        Operation::new(
            "search_latin_variant",
            "name search top 20: Latin given + family respelt (Thongchanh → Tongchan)",
        ),
        Operation::new(
            "search_cross_script",
            "name search top 20: Lao name romanised, typed in Latin letters",
        ),
        Operation::new(
            "search_typo",
            "name search top 20: Latin given + family, two letters swapped",
        ),
    ];
    let mut checks = 0usize;
    for m in members {
        let romanised = |text: &str| {
            fold::tokens(text)
                .iter()
                .map(|t| romanise(t))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut queries = vec![
            (
                0,
                format!("{} {}", m.given_name_lo, m.family_name_lo),
                Check::SameName,
                Side::Trigram,
                String::new(),
            ),
            (
                1,
                format!("{} {}", m.given_name_latin, m.family_name_latin),
                Check::SameName,
                Side::Trigram,
                String::new(),
            ),
            (
                2,
                m.family_name_latin.chars().take(4).collect::<String>(),
                Check::Found,
                Side::Trigram,
                String::new(),
            ),
            (
                3,
                m.family_name_lo.clone(),
                Check::Found,
                Side::Trigram,
                String::new(),
            ),
            (
                4,
                format!(
                    "{} {}",
                    respell(&m.given_name_latin),
                    respell(&m.family_name_latin)
                ),
                Check::SameSound,
                Side::Sound,
                String::new(),
            ),
            (
                5,
                format!(
                    "{} {}",
                    romanised(&m.given_name_lo),
                    romanised(&m.family_name_lo)
                ),
                Check::SameSound,
                Side::Sound,
                String::new(),
            ),
        ];
        if let Some((query, typed)) = with_typo(m) {
            queries.push((6, query, Check::OneEdit, Side::Typo, typed));
        }
        for (op, query, how, side, typed) in queries {
            let t = Instant::now();
            let a = desk
                .search(&nssf_api::Actor::setup_user(), &query, SEARCH_LIMIT)
                .map_err(|e| anyhow::anyhow!("search {query:?}: {e}"))?;
            ops[op].nssf.push(t.elapsed());
            let t = Instant::now();
            let b = match side {
                Side::Trigram => sqlite::search(db, reference, &query, SEARCH_LIMIT)?,
                Side::Sound => sqlite::search_by_sound(db, reference, &query, SEARCH_LIMIT)?,
                Side::Typo => sqlite::search_with_typo(db, reference, &query, SEARCH_LIMIT)?,
            };
            ops[op].sqlite.push(t.elapsed());
            // Both must find people of that name; the exact 20 may differ (different rankings).
            check("nssf", &query, m, &a, &how, &typed)?;
            check("SQLite", &query, m, &b, &how, &typed)?;
            checks += 1;
        }
    }
    Ok((ops, checks))
}
