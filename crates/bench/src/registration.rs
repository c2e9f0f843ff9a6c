//! The registration/search run (`nssf-bench registration`): its configuration and the order of its steps.
//!
//! 1. nssf bulk load through the API, and 2. SQLite bulk load of the records read back from the nssf
//!    store ([`load`](crate::load)); then `sync`, so the loads' write-back does not queue in front of the
//!    timed fsyncs.
//! 3. Durable registration through the API ([`register`](crate::register)), then the store's own share
//!    of it on the store alone; exact lookups on the store alone ([`lookups`](crate::lookups)); name
//!    search through the API ([`search`](crate::search)).
//!
//! sled lets one handle at a time open a folder, so the run hands the office folder between a `Desk` and
//! a `Store` between steps ([`reopen`](crate::reopen)), outside every timer.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, ensure, Context as _, Result};
use chrono::Utc;
use nssf_api::demo::DemoApplicants;
use nssf_api::{Actor, Desk};
use nssf_domain::member::Context;
use nssf_store::Store;

use crate::baseline::FsyncBaseline;
use crate::register::{Numbering, Registrations};
use crate::{crash_open, dir_size, load, lookups, office_setup, register, reopen, search, sqlite};
use crate::{Report, Stats, DEMO_SEED};

/// Writers killed mid-write for the "open after a crash" figure (its p50 is the figure).
const CRASH_KILLS: u32 = 3;

/// What `nssf-bench registration` was asked to do.
#[derive(Debug, Clone)]
pub struct Config {
    pub members: u64,
    pub lookup_samples: usize,
    /// Samples per name-search operation.
    pub search_samples: usize,
    pub registration_samples: usize,
    /// Where the two stores and the fsync file go; a fresh temporary folder when `None`.
    pub dir: Option<PathBuf>,
    /// Prints progress to stderr.
    pub verbose: bool,
    /// This benchmark's own executable, for the "open after a crash" step (a writer killed mid-write,
    /// then `Desk::open` timed in a fresh process); the step is skipped when `None`.
    pub child_exe: Option<PathBuf>,
}

pub(crate) fn log(cfg: &Config, msg: impl AsRef<str>) {
    if cfg.verbose {
        eprintln!("[nssf-bench] {}", msg.as_ref());
    }
}

/// Runs the whole registration/search benchmark.
pub fn run_registration(cfg: &Config) -> Result<Report> {
    ensure!(cfg.members >= 1, "--members must be at least 1");
    let temp;
    let base: PathBuf = match &cfg.dir {
        Some(d) => {
            std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
            d.clone()
        }
        None => {
            temp = tempfile::Builder::new()
                .prefix("nssf-bench-")
                .tempdir()
                .context("creating a temp dir")?;
            temp.path().to_path_buf()
        }
    };
    let nssf_dir = base.join("nssf");
    let sqlite_path = base.join("sqlite").join("members.db");
    let fsync_path = base.join("fsync.bin");
    if nssf_dir.exists() || sqlite_path.exists() {
        bail!(
            "{} already holds a benchmark run: give an empty --dir",
            base.display()
        );
    }
    std::fs::create_dir_all(base.join("sqlite")).context("creating the SQLite folder")?;

    let now = Utc::now();
    let actor = Actor::setup_user();
    let desk = Desk::init(&nssf_dir, &office_setup(), &actor, now)
        .map_err(|e| anyhow::anyhow!("Desk::init: {e}"))?;
    let hospitals: Vec<String> = desk.hospitals().into_iter().map(|h| h.code).collect();
    let today = nssf_api::office_date(now);
    let reference = desk.reference();
    let applicants = DemoApplicants::new(reference, hospitals.clone(), DEMO_SEED, today);

    // 1, 2. The loads.
    log(
        cfg,
        format!(
            "loading {} members into nssf at {}",
            cfg.members,
            nssf_dir.display()
        ),
    );
    let loaded = load::nssf(cfg, &desk, &actor, now, applicants)?;
    // The desk hands the folder to a store (outside every timer): the SQLite load reads the records back.
    drop(desk);
    let store = reopen(|| Store::open(&nssf_dir))?;
    let mut db = sqlite::open(&sqlite_path)?;
    let sqlite_load = load::sqlite(cfg, &store, &mut db, &loaded.numbers, &actor, now)?;
    // The bare fsync appends a member record (~1 KB) each time.
    let record = store.member(&loaded.numbers[0])?.context("first member")?;
    let numbering = Numbering {
        district: store
            .office()
            .district_code
            .parse()
            .context("district code")?,
        workstation: store.office().workstation,
    };
    drop(store);
    let desk = reopen(|| Desk::open(&nssf_dir))?;

    // Let the OS write back what the two loads left dirty (gigabytes at 1M members), so that the timed
    // fsyncs below do not queue behind it.
    let t = Instant::now();
    let synced = std::process::Command::new("sync")
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let settle = t.elapsed();
    log(
        cfg,
        format!("settling: `sync` took {settle:.2?} (ok: {synced})"),
    );

    let mut report = Report {
        members: cfg.members,
        nssf_load: loaded.load,
        generation: loaded.generation,
        nssf_load_flush: loaded.flush,
        sqlite_load,
        settle,
        nssf_bytes: dir_size(&nssf_dir),
        sqlite_bytes: dir_size(&base.join("sqlite")),
        fsync: Vec::new(),
        operations: Vec::new(),
        agreed_lookups: 0,
        search_checks: 0,
        crash_open: Vec::new(),
    };

    // 3a. Durable registration of new applicants (the generator goes on: new documents, same
    // distribution), against a bare append of a member record + fsync.
    let mut fsync = FsyncBaseline::create(&fsync_path, serde_json::to_vec(&record)?)?;
    let cx = Context {
        gazetteer: &reference.gazetteer,
        schedule: &reference.schedule,
        hospitals: &hospitals,
        today,
    };
    let mut applicants = loaded.applicants;
    let mut run = Registrations {
        applicants: &mut applicants,
        db: &mut db,
        cx: &cx,
        numbering,
        actor: &actor,
        now,
    };
    let reg = register::through_api(
        &desk,
        &mut run,
        cfg.registration_samples,
        &mut fsync,
        &mut report.fsync,
    )?;

    // 3a'. Durable payment commits of one month for loaded members, spread over the load.
    let samples = cfg.registration_samples.min(loaded.numbers.len());
    let step = (loaded.numbers.len() / samples.max(1)).max(1);
    let payers: Vec<String> = loaded
        .numbers
        .iter()
        .step_by(step)
        .take(samples)
        .cloned()
        .collect();
    let pay = register::payments(&desk, &mut run, &payers, &mut fsync, &mut report.fsync)?;
    log(cfg, format!("payment nssf {:?}", Stats::of(&pay.nssf)));
    log(cfg, format!("payment sqlite {:?}", Stats::of(&pay.sqlite)));

    // The rows timed on the store alone: the desk hands the folder to a store again.
    drop(desk);
    let store = reopen(|| Store::open(&nssf_dir))?;
    let reg_store = register::store_only(&store, &mut run, cfg.registration_samples)?;
    log(
        cfg,
        format!(
            "bare fsync of {} bytes: {:?}",
            fsync.record_len(),
            Stats::of(&report.fsync)
        ),
    );
    log(cfg, format!("registration nssf {:?}", Stats::of(&reg.nssf)));
    log(
        cfg,
        format!("registration sqlite {:?}", Stats::of(&reg.sqlite)),
    );
    report.operations.push(reg);
    report.operations.push(reg_store);
    report.operations.push(pay);

    // 3b. Exact lookups.
    let lookups = lookups::run(&store, &db, &loaded.numbers, cfg.lookup_samples)?;
    report.agreed_lookups = lookups.agreed;
    report.operations.extend(lookups.operations);
    log(cfg, "lookups done");

    // 3c. Name search through the API again.
    drop(store);
    let desk = reopen(|| Desk::open(&nssf_dir))?;
    let searched = &lookups.members[..cfg.search_samples.min(lookups.members.len())];
    let (searches, checks) = search::run(&desk, &db, searched)?;
    report.search_checks = checks;
    report.operations.extend(searches);
    log(cfg, "searches done");

    // 4. Open after a crash: the desk lets go of the folder, a writer is killed mid-write, a fresh
    // process opens it.
    drop(desk);
    if let Some(exe) = &cfg.child_exe {
        let query = &searched
            .first()
            .map_or_else(|| "Somsak".to_owned(), |m| m.family_name_latin.clone());
        report.crash_open = crash_open::run(exe, &nssf_dir, CRASH_KILLS, query)?;
        log(
            cfg,
            format!("open after a crash: {:?}", Stats::of(&report.crash_open)),
        );
    }
    Ok(report)
}
