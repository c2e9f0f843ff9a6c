//! The registration/search benchmark of NSSF Desk: the nssf store (sled, through `nssf-api`, and on its own
//! for the store-only rows) against SQLite (rusqlite, bundled, WAL, `synchronous=FULL`, FTS5 trigram) on the
//! same demo members, and a bare write + `fsync` baseline. See `docs/benchmarks.md` for how to run it and
//! what it measured.
//!
//! Every timed section covers the same work on both sides as far as the two stores allow:
//! - registration: validation of the same draft, issuing the member number from a durable counter, the
//!   duplicate-document check, the record, its indexes, a change-log entry and an audit entry, one commit
//!   that returns only once it is on disk;
//! - lookups: the indexed read and, for the member itself, decoding the JSON record;
//! - name search: the ranked top 20 and the 20 result lines with their village names.
//!
//! Files: `registration` (the run's configuration and step order), `load` (bulk loads), `register`
//! (durable registration rows), `lookups`, `search`, `report` (table, goals, JSON), `stats` (percentiles),
//! `baseline` (the bare fsync), `rules` (validation and numbering shared with SQLite), `folder` (the office
//! folder and its handover between API and store), `startup` (the start-up probe), `sqlite` (the SQLite
//! side), `documents` (cards, receipts, coverage and payments), `storm` (the crash storm: a child killed at
//! random moments, the office reopened and checked after each kill), `outreach` (the report and the
//! arrears list over a large office's payment history).

mod baseline;
pub mod crash_open;
pub mod documents;
mod folder;
mod load;
mod lookups;
pub mod outreach;
mod register;
mod registration;
mod report;
mod rules;
mod search;
pub mod sqlite;
mod startup;
mod stats;
pub mod storm;

pub use baseline::fsync_once;
pub use folder::{dir_size, office_setup, reopen};
pub use registration::{run_registration, Config};
pub use report::Report;
pub use rules::{member_number, validate};
pub use sqlite::hit_of;
pub use startup::{probe, Probe};
pub use stats::{Operation, Stats};

/// Demo generator seed of the loaded members (and of the applicants registered during the run).
pub const DEMO_SEED: u64 = 1;
/// Results per name search, as the app's search box asks.
pub const SEARCH_LIMIT: usize = 20;

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use anyhow::{Context as _, Result};
    use nssf_store::Store;

    use super::*;

    #[test]
    fn whole_benchmark_path_on_200_members() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let cfg = Config {
            members: 200,
            lookup_samples: 7,
            search_samples: 7,
            registration_samples: 5,
            dir: Some(dir.path().join("run")),
            verbose: false,
            child_exe: None,
        };
        let report = run_registration(&cfg)?;
        // One bare fsync per registration and per payment sample.
        assert_eq!(report.fsync.len(), 10);
        assert_eq!(report.operations.len(), 13);
        // Members whose longest Latin word is too short for a typo have no typo query.
        let typos = report
            .operations
            .iter()
            .find(|op| op.key == "search_typo")
            .map_or(0, |op| op.nssf.len());
        assert!(typos > 0);
        for op in &report.operations {
            let k = match op.key {
                k if k.starts_with("register") || k == "pay" => 5,
                "search_typo" => typos,
                _ => 7,
            };
            assert_eq!(op.nssf.len(), k, "{}", op.key);
            assert_eq!(op.sqlite.len(), k, "{}", op.key);
        }
        // Three lookups per sampled member, each compared between the stores inside the run.
        assert_eq!(report.agreed_lookups, 21);
        assert_eq!(report.search_checks, 6 * 7 + typos);
        let table = report.markdown();
        assert!(table.contains("durable registration"), "{table}");
        assert!(!report.goals().is_empty());

        // The two stores agree on one member, checked here directly too.
        let nssf_dir = dir.path().join("run").join("nssf");
        let store = reopen(|| Store::open(&nssf_dir))?;
        let db = sqlite::open(&dir.path().join("run").join("sqlite").join("members.db"))?;
        let no = member_number(101, 1, 42)?;
        let a = store.member(&no)?.context("member 42 in nssf")?;
        let b = sqlite::member(&db, &no)?.context("member 42 in SQLite")?;
        assert_eq!(a, b);
        let doc = a.document_keys().next().context("document")?;
        assert_eq!(
            sqlite::member_by_document(&db, &doc)?,
            store.member_by_document(&doc)?
        );
        assert_eq!(
            sqlite::members_by_phone(&db, &a.phone, 20)?,
            store.members_by_phone(&a.phone, 20)?
        );

        drop(store);
        let p = reopen(|| probe(&nssf_dir, &a.family_name_latin))?;
        assert!(p.hits > 0);
        assert!(fsync_once(&dir.path().join("f.bin"), b"x")? > Duration::ZERO);
        Ok(())
    }
}
