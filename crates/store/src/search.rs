//! Ranked name search over the folded-token index.
//!
//! The longest query token drives the scan (long tokens are the selective ones): members holding it exactly
//! come first, then those holding it as a prefix (the clerk is still typing). Each candidate is checked
//! against the other query tokens with its stored token list, one read per candidate. Scoring per query
//! token: 3 for an exact token, 1 for a prefix; ties keep member-number order. The scan stops after
//! [`CANDIDATE_CAP`] candidates so a one-syllable query over a million members stays fast; such a query
//! is refined by typing more, which is how the counter works anyway.

use crate::encoding::{dangling, last_part, text};
use crate::{Store, StoreError};

/// The most candidates one query examines.
pub const CANDIDATE_CAP: usize = 600;

/// A member found by name, with the score that ranked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// The member's number.
    pub member_no: String,
    /// 3 per query token held exactly, 1 per token held as a prefix.
    pub score: u32,
}

fn token_score(query: &str, tokens: &[&str]) -> u32 {
    if tokens.contains(&query) {
        3
    } else if tokens.iter().any(|t| t.starts_with(query)) {
        1
    } else {
        0
    }
}

impl Store {
    /// Candidate members for folded query tokens, best first (see the module doc).
    pub fn search_names(
        &self,
        query_tokens: &[String],
        limit: usize,
    ) -> Result<Vec<NameMatch>, StoreError> {
        names(self, query_tokens, limit)
    }
}

fn names(store: &Store, query: &[String], limit: usize) -> Result<Vec<NameMatch>, StoreError> {
    let (idx_name, idx_name_dob, name_tokens) = (
        &store.trees.idx_name,
        &store.trees.idx_name_dob,
        &store.trees.name_tokens,
    );
    let Some(driver) = query.iter().max_by_key(|t| t.len()) else {
        return Ok(Vec::new());
    };
    let single = query.len() == 1;
    let mut matches: Vec<NameMatch> = Vec::new();
    let mut examined = 0usize;
    let mut seen = std::collections::HashSet::new();
    if !single {
        // Fast path: people whose whole name is exactly the query (in either script), straight from the
        // duplicate-warning index. A common family name can have far more holders than the candidate cap.
        let mut full = query.join(" ").into_bytes();
        full.push(0);
        let best = 3 * query.len() as u32;
        for kv in idx_name_dob.scan_prefix(&full).keys() {
            let member_no = last_part(idx_name_dob, &kv?)?;
            if seen.insert(member_no.clone()) {
                matches.push(NameMatch {
                    member_no,
                    score: best,
                });
            }
            if matches.len() >= limit {
                return Ok(matches);
            }
        }
    }

    let mut exact_prefix = driver.as_bytes().to_vec();
    exact_prefix.push(0);
    // Exact holders first, then longer tokens that start with the driver.
    let exact = idx_name.scan_prefix(&exact_prefix);
    let longer = idx_name
        .scan_prefix(driver.as_bytes())
        .filter(|kv| match kv {
            Ok((k, _)) => k.get(driver.len()) != Some(&0),
            Err(_) => true,
        });
    for kv in exact.chain(longer) {
        let (k, _) = kv?;
        let member_no = last_part(idx_name, &k)?;
        // The token is what comes before the member number and its `\0`.
        let token_len = k.len() - member_no.len() - 1;
        examined += 1;
        let score = if single {
            if token_len == driver.len() {
                3
            } else {
                1
            }
        } else {
            // Written in the same transaction as the name index: a member without it is damage.
            let Some(list) = name_tokens.get(member_no.as_bytes())? else {
                return Err(dangling(idx_name, &k, name_tokens, &member_no));
            };
            let list = text(name_tokens, member_no.as_bytes(), &list)?;
            let tokens: Vec<&str> = list.split('\n').collect();
            let mut total = 0;
            let mut all = true;
            for q in query {
                let s = token_score(q, &tokens);
                all &= s > 0;
                total += s;
            }
            if !all {
                if examined >= CANDIDATE_CAP {
                    break;
                }
                continue;
            }
            total
        };
        if seen.insert(member_no.clone()) {
            matches.push(NameMatch { member_no, score });
        }
        // A single token's holders come in rank order (exact, then prefix): stop as soon as there are enough.
        if (single && matches.len() >= limit) || examined >= CANDIDATE_CAP {
            break;
        }
    }
    matches.sort_by_key(|m| std::cmp::Reverse(m.score));
    matches.truncate(limit);
    Ok(matches)
}
