//! The start-up probe: what `nssf-bench startup` times in a fresh process.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use nssf_api::Desk;

use crate::SEARCH_LIMIT;

/// What one start-up probe measured inside the child process.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    pub open: Duration,
    pub first_search: Duration,
    pub hits: usize,
}

/// Opens the office and runs a first name search: the store's share of "the search box is usable".
pub fn probe(data: &Path, query: &str) -> Result<Probe> {
    let t = Instant::now();
    let desk =
        Desk::open(data).map_err(|e| anyhow::anyhow!("Desk::open {}: {e}", data.display()))?;
    let open = t.elapsed();
    let t = Instant::now();
    let hits = desk
        .search(&nssf_api::Actor::setup_user(), query, SEARCH_LIMIT)
        .map_err(|e| anyhow::anyhow!("search: {e}"))?;
    Ok(Probe {
        open,
        first_search: t.elapsed(),
        hits: hits.len(),
    })
}
