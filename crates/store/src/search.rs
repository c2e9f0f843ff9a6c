//! Ranked name search over the folded-token index.
//!
//! The longest query token drives the scan (long tokens are the selective ones): members holding it exactly
//! come first, then those holding it as a prefix (the clerk is still typing). Each candidate is checked
//! against the other query tokens with its stored token list, one read per candidate. Scoring per query
//! token: 3 for an exact token, 1 for a prefix; ties keep member-number order. The scan stops after
//! [`CANDIDATE_CAP`] candidates so a one-syllable query over a million members stays fast; such a query
//! is refined by typing more, which is how the counter works anyway.

use crate::{Store, StoreError};

/// The most candidates one query examines.
pub const CANDIDATE_CAP: usize = 600;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    pub member_no: String,
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

pub(crate) fn names(
    store: &Store,
    query: &[String],
    limit: usize,
) -> Result<Vec<NameMatch>, StoreError> {
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
        for kv in store.idx_name_dob.scan_prefix(&full).keys() {
            let k = kv?;
            let Some(pos) = k.iter().rposition(|b| *b == 0) else {
                continue;
            };
            let member_no = String::from_utf8_lossy(&k[pos + 1..]).into_owned();
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
    let exact = store.idx_name.scan_prefix(&exact_prefix);
    let longer = store
        .idx_name
        .scan_prefix(driver.as_bytes())
        .filter(|kv| match kv {
            Ok((k, _)) => k.get(driver.len()) != Some(&0),
            Err(_) => true,
        });
    for kv in exact.chain(longer) {
        let (k, _) = kv?;
        let Some(pos) = k.iter().rposition(|b| *b == 0) else {
            continue;
        };
        let member_no = String::from_utf8_lossy(&k[pos + 1..]).into_owned();
        examined += 1;
        let score = if single {
            if pos == driver.len() {
                3
            } else {
                1
            }
        } else {
            let Some(list) = store.name_tokens.get(member_no.as_bytes())? else {
                continue;
            };
            let list = String::from_utf8_lossy(&list).into_owned();
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
