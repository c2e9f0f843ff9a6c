//! Step 3c of a registration run: name search, top 20, as typed at the counter: `Desk::search` against
//! FTS5 `MATCH` with the same result lines. Queries: Lao given + family, Latin given + family, the first
//! 4 letters of the Latin family name, the Lao family name alone. For full names the first hit on both
//! sides must carry that name.

use std::time::Instant;

use anyhow::{ensure, Context as _, Result};
use nssf_api::Desk;
use nssf_domain::{fold, Member};
use rusqlite::Connection;

use crate::{sqlite, Operation, SEARCH_LIMIT};

/// The four search rows, and how many searches were checked on both sides.
pub(crate) fn run(
    desk: &Desk,
    db: &Connection,
    members: &[Member],
) -> Result<([Operation; 4], usize)> {
    let reference = desk.reference();
    let mut lao = Operation::new("search_lao_full", "name search top 20: Lao given + family");
    let mut latin = Operation::new(
        "search_latin_full",
        "name search top 20: Latin given + family",
    );
    let mut prefix = Operation::new(
        "search_family_prefix",
        "name search top 20: Latin family-name prefix (4 letters)",
    );
    let mut lao_prefix = Operation::new(
        "search_lao_family",
        "name search top 20: Lao family name alone",
    );
    let mut checks = 0usize;
    for m in members {
        let queries = [
            (
                &mut lao,
                format!("{} {}", m.given_name_lo, m.family_name_lo),
                true,
            ),
            (
                &mut latin,
                format!("{} {}", m.given_name_latin, m.family_name_latin),
                true,
            ),
            (
                &mut prefix,
                m.family_name_latin.chars().take(4).collect::<String>(),
                false,
            ),
            (&mut lao_prefix, m.family_name_lo.clone(), false),
        ];
        for (op, query, full) in queries {
            let t = Instant::now();
            let a = desk
                .search(&nssf_api::Actor::setup_user(), &query, SEARCH_LIMIT)
                .map_err(|e| anyhow::anyhow!("search {query:?}: {e}"))?;
            op.nssf.push(t.elapsed());
            let t = Instant::now();
            let b = sqlite::search(db, reference, &query, SEARCH_LIMIT)?;
            op.sqlite.push(t.elapsed());
            // Both must find people of that name; the exact 20 may differ (different rankings).
            for (side, hits) in [("nssf", &a), ("SQLite", &b)] {
                let top = hits
                    .first()
                    .with_context(|| format!("{side} found nobody for {query:?}"))?;
                if full {
                    ensure!(
                        fold::name_key(&top.given_name_lo, &top.family_name_lo)
                            == fold::name_key(&m.given_name_lo, &m.family_name_lo),
                        "{side}'s first hit for {query:?} is {} {}",
                        top.given_name_lo,
                        top.family_name_lo
                    );
                }
            }
            checks += 1;
        }
    }
    Ok(([lao, latin, prefix, lao_prefix], checks))
}
