//! Ranked name search over `idx_name`, tolerant of spelling (`docs/search.md`).
//!
//! The longest query token (the driver: long tokens are the selective ones) finds candidates, in tiers
//! that each produce weaker matches than the one before:
//! 1. people whose whole folded name is the query (either script), then those whose whole name has the
//!    query's phonetic keys (either script; each spelling of the sound judged once, its holders taken
//!    without reading their token lists), as typed and for two words the other way round, from the
//!    duplicate-warning index; when this finds anyone, tiers 3 and 4 do not run (longer names that hold
//!    the sounds, or typos, would only pad the list), and when it fills the list, tier 2 does not either;
//! 2. members holding the driver as a folded token, then as a prefix (the clerk is still typing);
//! 3. members holding a token with the driver's phonetic key (Lao tokens romanised: either script);
//! 4. for a driver of [`MIN_TYPO_CHARS`] or more, the tokens one edit from it, found among the distinct
//!    tokens that share the driver's first half (the `idx_name` order) or its last half (the reversed
//!    entries): first the whole names with the driver corrected (several query tokens), then the
//!    corrected tokens' holders.
//!
//! Each candidate of tiers 2–4 is checked against every query token with its stored token list, one read
//! per candidate: each query token must match one of the member's tokens, folded (exactly or as a
//! prefix), by phonetic key, or one edit apart; the member's match is the weakest of its tokens'. Results
//! rank by that match (folded, then phonetic or cross-script, then typo), then full-name matches (every
//! token of the member's name in one script matched) first, then the score (3 per token held exactly, 2
//! by key, 1 as a prefix or with a typo), then the order found. A later tier runs only while the earlier
//! ones found fewer than `limit` matches of their strength. Each tier examines at most [`CANDIDATE_CAP`]
//! candidates, so a one-syllable query over a million members stays fast; such a query is refined by
//! typing more, which is how the counter works anyway.

use std::collections::HashSet;

use nssf_domain::phonetic::{self, Script};
use nssf_domain::typo::{one_edit_apart_chars, tolerates_typo, MIN_TYPO_CHARS};
use nssf_domain::{fold, Member};
use sled::Tree;

use crate::encoding::{dangling, last_part, text};
use crate::member_index::{name_sound, PHONETIC, REVERSED};
use crate::{Store, StoreError};

/// The most candidates one tier of a query examines.
pub const CANDIDATE_CAP: usize = 600;

/// The most distinct tokens a typo look-up reads on each side (first half, last half).
const TYPO_TOKEN_CAP: usize = 400;

/// The most spellings of one whole-name sound a query judges.
const SPELLING_CAP: usize = 200;

/// How a member's name answered a query, from the strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameMatchKind {
    /// Every query token is one of the name's folded tokens, or the start of one.
    Folded,
    /// Some query token only sounds like a token of the name in the same script (phonetic key).
    Phonetic,
    /// Some query token only sounds like a token of the name in the other script (Lao romanised).
    CrossScript,
    /// Some query token is one edit from a token of the name.
    Typo,
}

impl NameMatchKind {
    /// The rank a clerk can trust: folded, then phonetic and cross-script alike, then typo.
    fn rank(self) -> u8 {
        match self {
            NameMatchKind::Folded => 0,
            NameMatchKind::Phonetic | NameMatchKind::CrossScript => 1,
            NameMatchKind::Typo => 2,
        }
    }
}

/// A member found by name, with what ranked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// The member's number.
    pub member_no: String,
    /// Why the member matched (the weakest of the query tokens' matches).
    pub kind: NameMatchKind,
    /// Every token of the member's name in one script was matched.
    pub full_name: bool,
    /// 3 per query token held exactly, 2 by phonetic key, 1 as a prefix or with one typo.
    pub score: u32,
}

/// A typed token with what it is compared by.
struct QueryToken {
    text: String,
    chars: Vec<char>,
    key: String,
    script: Script,
    typo: bool,
}

impl QueryToken {
    fn new(text: &str) -> QueryToken {
        QueryToken {
            text: text.to_owned(),
            chars: text.chars().collect(),
            key: phonetic::key(text),
            script: phonetic::script(text),
            typo: tolerates_typo(text),
        }
    }

    /// How this query token matches the stored token `t` with its phonetic key.
    fn matches(&self, t: &str, key: &str) -> Option<(NameMatchKind, u32)> {
        if t == self.text {
            return Some((NameMatchKind::Folded, 3));
        }
        if t.starts_with(&self.text) {
            return Some((NameMatchKind::Folded, 1));
        }
        if !self.key.is_empty() && key == self.key {
            let kind = if phonetic::script(t) == self.script {
                NameMatchKind::Phonetic
            } else {
                NameMatchKind::CrossScript
            };
            return Some((kind, 2));
        }
        // Lengths far apart are never one edit apart: skip the comparison.
        if self.typo
            && t.len().abs_diff(self.text.len()) <= 4
            && one_edit_apart_chars(&self.chars, &t.chars().collect::<Vec<_>>())
        {
            return Some((NameMatchKind::Typo, 1));
        }
        None
    }
}

/// A stored token list (`name_tokens`: `token \t key` lines) as (token, key) pairs.
fn token_list(list: &str) -> Vec<(&str, &str)> {
    list.split('\n')
        .map(|line| line.split_once('\t').unwrap_or((line, "")))
        .collect()
}

/// How a member's tokens answer the whole query, or `None` when some query token matches none of them.
fn evaluate(query: &[QueryToken], tokens: &[(&str, &str)]) -> Option<(NameMatchKind, bool, u32)> {
    let mut matched = vec![false; tokens.len()];
    let mut worst = NameMatchKind::Folded;
    let mut score = 0;
    for q in query {
        let mut best: Option<(NameMatchKind, u32, usize)> = None;
        for (i, (t, key)) in tokens.iter().enumerate() {
            if let Some((kind, s)) = q.matches(t, key) {
                // Stronger first, then the higher score, then the same script.
                let order = |k: NameMatchKind, s: u32| {
                    (
                        k.rank(),
                        std::cmp::Reverse(s),
                        k == NameMatchKind::CrossScript,
                    )
                };
                let better = best.is_none_or(|(bk, bs, _)| order(kind, s) < order(bk, bs));
                if better {
                    best = Some((kind, s, i));
                }
                if kind == NameMatchKind::Folded && s == 3 {
                    break;
                }
            }
        }
        let (kind, s, i) = best?;
        matched[i] = true;
        score += s;
        // The weakest token decides; between phonetic and cross-script, cross-script says more.
        if (kind.rank(), kind == NameMatchKind::CrossScript)
            > (worst.rank(), worst == NameMatchKind::CrossScript)
        {
            worst = kind;
        }
    }
    let full = [Script::Lao, Script::Latin].into_iter().any(|script| {
        let mut of_script = tokens
            .iter()
            .zip(&matched)
            .filter(|((t, _), _)| phonetic::script(t) == script)
            .peekable();
        of_script.peek().is_some() && of_script.all(|(_, m)| *m)
    });
    Some((worst, full, score))
}

impl Store {
    /// Members matching folded query tokens, best first (see the module doc).
    pub fn search_names(
        &self,
        query_tokens: &[String],
        limit: usize,
    ) -> Result<Vec<NameMatch>, StoreError> {
        Search::new(self, query_tokens, limit).run()
    }
}

/// One query's state: what it found, what it examined.
struct Search<'s> {
    store: &'s Store,
    query: Vec<QueryToken>,
    limit: usize,
    matches: Vec<NameMatch>,
    /// Members whose token list was read (each is judged once: its match does not depend on the tier).
    seen: HashSet<String>,
    /// Members found by their whole name (tier 1) without reading their token list.
    whole: HashSet<String>,
}

impl<'s> Search<'s> {
    fn new(store: &'s Store, query: &[String], limit: usize) -> Search<'s> {
        Search {
            store,
            query: query.iter().map(|t| QueryToken::new(t)).collect(),
            limit,
            matches: Vec::new(),
            seen: HashSet::new(),
            whole: HashSet::new(),
        }
    }

    /// Matches at least as strong as `kind`.
    fn found(&self, kind: NameMatchKind) -> usize {
        self.matches
            .iter()
            .filter(|m| m.kind.rank() <= kind.rank())
            .count()
    }

    fn run(mut self) -> Result<Vec<NameMatch>, StoreError> {
        let Some(driver) = (0..self.query.len()).max_by_key(|&i| self.query[i].chars.len()) else {
            return Ok(Vec::new());
        };
        let store = self.store;
        let idx_name = &store.trees.idx_name;
        let several = self.query.len() > 1;
        if several {
            let texts: Vec<String> = self.query.iter().map(|q| q.text.clone()).collect();
            for order in orders(&texts) {
                self.whole_names(&order, NameMatchKind::Folded, 3 * texts.len() as u32)?;
            }
            if self.matches.len() >= self.limit {
                return Ok(self.finish());
            }
            // Tier 1 by sound: whole names with the query's phonetic keys, in either script.
            for order in orders(&texts) {
                self.sounds_like(&order)?;
            }
        }
        // A whole name found (folded or by sound): longer names holding its sounds, or one typo away,
        // would only pad the list; and when whole names filled it, so would longer names holding the words.
        let whole_found = !self.matches.is_empty();
        let whole_filled = several && self.matches.len() >= self.limit;
        let text = self.query[driver].text.clone();
        if !whole_filled {
            self.folded_holders(&text)?;
        }
        if self.found(NameMatchKind::Folded) < self.limit
            && !whole_found
            && !self.query[driver].key.is_empty()
        {
            let mut prefix = vec![PHONETIC];
            prefix.extend_from_slice(self.query[driver].key.as_bytes());
            prefix.push(0);
            let holders = idx_name.scan_prefix(&prefix).keys();
            self.examine(holders.take(CANDIDATE_CAP), idx_name)?;
        }
        if self.found(NameMatchKind::Phonetic) < self.limit
            && !whole_found
            && self.query[driver].typo
        {
            let near = self.one_edit_tokens(driver)?;
            if several {
                // The whole name with the typo corrected: O(limit) reads, and the best a typo can rank.
                let score = 3 * (self.query.len() as u32 - 1) + 1;
                for token in &near {
                    let mut texts: Vec<String> =
                        self.query.iter().map(|q| q.text.clone()).collect();
                    texts[driver] = token.clone();
                    for order in orders(&texts) {
                        self.whole_names(&order, NameMatchKind::Typo, score)?;
                    }
                }
            }
            if self.found(NameMatchKind::Typo) < self.limit {
                self.one_edit_holders(near)?;
            }
        }
        Ok(self.finish())
    }

    fn finish(mut self) -> Vec<NameMatch> {
        // Stable: equal matches keep the order they were found in (member-number order within a scan).
        self.matches
            .sort_by_key(|m| (m.kind.rank(), !m.full_name, std::cmp::Reverse(m.score)));
        self.matches.truncate(self.limit);
        self.matches
    }

    /// Tier 1: people whose whole folded name is `tokens` (the query, or the query with its typo
    /// corrected), straight from the duplicate-warning index: a common family name can have far more
    /// holders than the candidate cap. Each is a full-name match of `kind` with `score`.
    fn whole_names(
        &mut self,
        tokens: &[&str],
        kind: NameMatchKind,
        score: u32,
    ) -> Result<(), StoreError> {
        if self.matches.len() >= self.limit {
            return Ok(());
        }
        let store = self.store;
        let idx_name_dob = &store.trees.idx_name_dob;
        let mut full = tokens.join(" ").into_bytes();
        full.push(0);
        for kv in idx_name_dob.scan_prefix(&full).keys() {
            if self.matches.len() >= self.limit {
                break;
            }
            let member_no = last_part(idx_name_dob, &kv?)?;
            if !self.seen.contains(&member_no) && self.whole.insert(member_no.clone()) {
                self.matches.push(NameMatch {
                    member_no,
                    kind,
                    full_name: true,
                    score,
                });
            }
        }
        Ok(())
    }

    /// Tier 1 by sound: people whose whole name in one script has the phonetic keys of `tokens`, in
    /// order. The index groups them by spelling (`\x01 sound \0 spelling \0 birth date \0 number`): each
    /// spelling is judged once against the query, and holders are taken from the best spellings first,
    /// until the list is full: O(spellings + limit) reads, whatever the number of holders.
    fn sounds_like(&mut self, tokens: &[&str]) -> Result<(), StoreError> {
        let store = self.store;
        let idx_name_dob = &store.trees.idx_name_dob;
        let owned: Vec<String> = tokens.iter().map(|t| (*t).to_owned()).collect();
        let sound = name_sound(&owned);
        if sound.is_empty() || self.matches.len() >= self.limit {
            return Ok(());
        }
        let mut prefix = vec![PHONETIC];
        prefix.extend_from_slice(sound.as_bytes());
        prefix.push(0);
        let script = self.query[0].script;
        if self.query.iter().any(|q| q.script != script) {
            // A query mixing scripts can match a member with words from both: judge each by all its tokens.
            let holders = idx_name_dob.scan_prefix(&prefix).keys().take(CANDIDATE_CAP);
            return self.examine(holders, idx_name_dob);
        }
        let mut spellings = Vec::new();
        for spelling in distinct_parts(idx_name_dob, &prefix, SPELLING_CAP) {
            let spelling = spelling?;
            let tokens: Vec<(String, String)> = spelling
                .split(' ')
                .map(|t| (t.to_owned(), phonetic::key(t)))
                .collect();
            let list: Vec<(&str, &str)> = tokens
                .iter()
                .map(|(t, k)| (t.as_str(), k.as_str()))
                .collect();
            if let Some((kind, full_name, score)) = evaluate(&self.query, &list) {
                spellings.push((kind, full_name, score, spelling));
            }
        }
        // As `evaluate` prefers a token of the query's own script: a member found by both of its spellings
        // is phonetic rather than cross-script. Stable: spellings of equal rank keep the index's order.
        spellings.sort_by_key(|(kind, full, score, _)| {
            (
                kind.rank(),
                !full,
                *kind == NameMatchKind::CrossScript,
                std::cmp::Reverse(*score),
            )
        });
        for (kind, full_name, score, spelling) in spellings {
            let mut group = prefix.clone();
            group.extend_from_slice(spelling.as_bytes());
            group.push(0);
            for k in idx_name_dob.scan_prefix(&group).keys() {
                if self.matches.len() >= self.limit {
                    return Ok(());
                }
                let member_no = last_part(idx_name_dob, &k?)?;
                if !self.seen.contains(&member_no) && self.whole.insert(member_no.clone()) {
                    self.matches.push(NameMatch {
                        member_no,
                        kind,
                        full_name,
                        score,
                    });
                }
            }
        }
        Ok(())
    }

    /// Tier 2: holders of the driver exactly, then of longer tokens starting with it.
    fn folded_holders(&mut self, driver: &str) -> Result<(), StoreError> {
        let store = self.store;
        let idx_name = &store.trees.idx_name;
        let mut exact_prefix = driver.as_bytes().to_vec();
        exact_prefix.push(0);
        let exact = idx_name.scan_prefix(&exact_prefix).keys();
        let longer = idx_name
            .scan_prefix(driver.as_bytes())
            .keys()
            .filter(|k| match k {
                Ok(k) => k.get(driver.len()) != Some(&0),
                Err(_) => true,
            });
        let holders = exact.chain(longer).take(CANDIDATE_CAP);
        if self.query.len() > 1 {
            return self.examine(holders, idx_name);
        }
        // One token: its holders come in rank order (exact, then prefix); only those kept are read, to
        // tell whole names (a member called just this) from the rest.
        let name_tokens = &store.trees.name_tokens;
        for k in holders {
            let k = k?;
            let member_no = last_part(idx_name, &k)?;
            let exact = k.len() - member_no.len() - 1 == driver.len();
            if !self.seen.insert(member_no.clone()) {
                continue;
            }
            let Some(list) = name_tokens.get(member_no.as_bytes())? else {
                return Err(dangling(idx_name, &k, name_tokens, &member_no));
            };
            let list = text(name_tokens, member_no.as_bytes(), &list)?;
            let script = phonetic::script(driver);
            let mut of_script = token_list(&list)
                .into_iter()
                .map(|(t, _)| t)
                .filter(|t| phonetic::script(t) == script);
            let full_name = exact && of_script.next() == Some(driver) && of_script.next().is_none();
            self.matches.push(NameMatch {
                member_no,
                kind: NameMatchKind::Folded,
                full_name,
                score: if exact { 3 } else { 1 },
            });
            if self.matches.len() >= self.limit {
                break;
            }
        }
        Ok(())
    }

    /// Tier 4: the tokens one edit from the driver. With one edit, either the driver's first ⌊n/2⌋
    /// characters or its last n − ⌊n/2⌋ − 1 are untouched: the distinct tokens sharing either are read
    /// (one seek each, skipping their holders) and compared.
    fn one_edit_tokens(&self, driver: usize) -> Result<Vec<String>, StoreError> {
        let store = self.store;
        let idx_name = &store.trees.idx_name;
        let chars = &self.query[driver].chars;
        let n = chars.len();
        debug_assert!(n >= MIN_TYPO_CHARS);
        let head: String = chars[..n / 2].iter().collect();
        let tail: String = chars[n / 2 + 1..].iter().rev().collect();
        let mut near: Vec<String> = Vec::new();
        for (marker, part, reversed) in [(None, head, false), (Some(REVERSED), tail, true)] {
            let mut prefix: Vec<u8> = marker.into_iter().collect();
            prefix.extend_from_slice(part.as_bytes());
            let skip = usize::from(reversed);
            for token in distinct_parts_from(idx_name, &prefix, skip, TYPO_TOKEN_CAP) {
                let token = token?;
                let token: Vec<char> = if reversed {
                    token.chars().rev().collect()
                } else {
                    token.chars().collect()
                };
                if token != *chars && one_edit_apart_chars(chars, &token) {
                    let token: String = token.into_iter().collect();
                    if !near.contains(&token) {
                        near.push(token);
                    }
                }
            }
        }
        Ok(near)
    }

    /// Tier 4: holders of the tokens one edit from the driver, each judged by its token list.
    fn one_edit_holders(&mut self, near: Vec<String>) -> Result<(), StoreError> {
        let store = self.store;
        let idx_name = &store.trees.idx_name;
        let mut budget = CANDIDATE_CAP;
        for token in near {
            let mut prefix = token.into_bytes();
            prefix.push(0);
            let holders: Vec<_> = idx_name.scan_prefix(&prefix).keys().take(budget).collect();
            budget -= holders.len();
            self.examine(holders.into_iter(), idx_name)?;
            if budget == 0 {
                break;
            }
        }
        Ok(())
    }

    /// Reads the token list of each holder (an `idx_name` key ending in its member number) not yet seen
    /// and keeps those that match the whole query.
    fn examine(
        &mut self,
        holders: impl Iterator<Item = sled::Result<sled::IVec>>,
        index: &Tree,
    ) -> Result<(), StoreError> {
        let store = self.store;
        let name_tokens = &store.trees.name_tokens;
        for k in holders {
            let k = k?;
            let member_no = last_part(index, &k)?;
            if !self.seen.insert(member_no.clone()) {
                continue;
            }
            // Written in the same transaction as the name index: a member without it is damage.
            let Some(list) = name_tokens.get(member_no.as_bytes())? else {
                return Err(dangling(index, &k, name_tokens, &member_no));
            };
            let list = text(name_tokens, member_no.as_bytes(), &list)?;
            let tokens = token_list(&list);
            if self.whole.contains(&member_no) {
                continue;
            }
            if let Some((kind, full_name, score)) = evaluate(&self.query, &tokens) {
                self.matches.push(NameMatch {
                    member_no,
                    kind,
                    full_name,
                    score,
                });
            }
        }
        Ok(())
    }
}

/// The distinct parts of `index`'s keys that start with `prefix`: from the start of the key up to its
/// first `\0` after the prefix (an `idx_name` token, marker included), at most `cap`.
fn distinct_parts<'t>(
    index: &'t Tree,
    prefix: &[u8],
    cap: usize,
) -> impl Iterator<Item = Result<String, StoreError>> + 't {
    distinct_parts_from(index, prefix, prefix.len(), cap)
}

/// The distinct parts of `index`'s keys that start with `prefix`, each from byte `skip` up to the first
/// `\0` at or after the prefix's end, at most `cap`: one seek per part, past all the keys that share it.
fn distinct_parts_from<'t>(
    index: &'t Tree,
    prefix: &[u8],
    skip: usize,
    cap: usize,
) -> impl Iterator<Item = Result<String, StoreError>> + 't {
    let prefix = prefix.to_vec();
    let mut from = prefix.clone();
    let mut count = 0;
    std::iter::from_fn(move || {
        if count >= cap {
            return None;
        }
        let next = match index.range(from.as_slice()..).next()? {
            Ok((k, _)) => k,
            Err(e) => return Some(Err(e.into())),
        };
        if !next.starts_with(&prefix) {
            return None;
        }
        let Some(end) = next[prefix.len()..]
            .iter()
            .position(|b| *b == 0)
            .map(|i| i + prefix.len())
        else {
            return Some(Err(crate::encoding::corrupt(
                index,
                &next,
                crate::Damage::KeyLayout("… \\0 number"),
            )));
        };
        count += 1;
        // Past every key sharing this part: the part, then a byte above `\0`.
        from = next[..end].to_vec();
        from.push(1);
        Some(text(index, &next, &next[skip.min(end)..end]))
    })
}

/// Every order of the typed words worth a whole-name look-up: as typed, and for two words the other way
/// round too (the family name said first).
fn orders(tokens: &[String]) -> Vec<Vec<&str>> {
    let typed: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let mut all = vec![typed.clone()];
    if typed.len() == 2 && typed[0] != typed[1] {
        all.push(vec![typed[1], typed[0]]);
    }
    all
}

/// How many name matches the duplicate warning reads, per script, for their birth dates.
const DUPLICATE_SCAN: usize = 200;

impl Store {
    /// The members a registration of `member` may duplicate: the same birth date and a name that a search
    /// for `member`'s name (in either script) finds, whatever the strength: folded, by sound, across
    /// scripts, with a typo. Those with the same folded name come first ([`Store::same_name_and_birth`]).
    pub fn possible_duplicates(&self, member: &Member) -> Result<Vec<String>, StoreError> {
        let mut out = self.same_name_and_birth(member)?;
        for (given, family) in [
            (&member.given_name_lo, &member.family_name_lo),
            (&member.given_name_latin, &member.family_name_latin),
        ] {
            let mut tokens = fold::tokens(given);
            tokens.extend(fold::tokens(family));
            if tokens.is_empty() {
                continue;
            }
            for found in self.search_names(&tokens, DUPLICATE_SCAN)? {
                if found.member_no == member.member_no || out.contains(&found.member_no) {
                    continue;
                }
                if let Some(other) = self.member(&found.member_no)? {
                    if other.date_of_birth == member.date_of_birth {
                        out.push(found.member_no);
                    }
                }
            }
        }
        Ok(out)
    }
}
