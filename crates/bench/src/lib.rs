//! The registration/search benchmark of NSSF Desk: the nssf store (sled, through `nssf-api`) against SQLite
//! (rusqlite, bundled, WAL, `synchronous=FULL`, FTS5 trigram) on the same demo members, and a bare
//! write + `fsync` baseline. See `docs/benchmarks.md` for how to run it and what it measured.
//!
//! Every timed section covers the same work on both sides as far as the two stores allow:
//! - registration: validation of the same draft, issuing the member number from a durable counter, the
//!   duplicate-document check, the record, its indexes, a change-log entry and an audit entry, one commit
//!   that returns only once it is on disk;
//! - lookups: the indexed read and, for the member itself, decoding the JSON record;
//! - name search: the ranked top 20 and the 20 result lines with their village names.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context as _, Result};
use chrono::Utc;
use nssf_api::demo::DemoApplicants;
use nssf_api::{Actor, Desk, OfficeSetup, SearchHit};
use nssf_domain::member::{self, Context};
use nssf_domain::{fold, Draft, Member, MemberNumber};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{params, OptionalExtension};

pub mod documents;
pub mod sqlite;

/// Demo generator seed of the loaded members (and of the applicants registered during the run).
pub const DEMO_SEED: u64 = 1;
/// Results per name search, as the app's search box asks.
pub const SEARCH_LIMIT: usize = 20;

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
}

/// Timing summary of one operation on one store, in microseconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub samples: usize,
    pub p50_us: f64,
    pub p99_us: f64,
    pub mean_us: f64,
    pub max_us: f64,
}

impl Stats {
    pub fn of(samples: &[Duration]) -> Stats {
        let mut ns: Vec<u128> = samples.iter().map(Duration::as_nanos).collect();
        ns.sort_unstable();
        // Nearest-rank percentile.
        let pct = |p: f64| -> f64 {
            if ns.is_empty() {
                return 0.0;
            }
            let rank = ((p / 100.0) * ns.len() as f64).ceil().max(1.0) as usize;
            ns[rank.min(ns.len()) - 1] as f64 / 1000.0
        };
        let mean = if ns.is_empty() {
            0.0
        } else {
            ns.iter().sum::<u128>() as f64 / ns.len() as f64 / 1000.0
        };
        Stats {
            samples: ns.len(),
            p50_us: pct(50.0),
            p99_us: pct(99.0),
            mean_us: mean,
            max_us: ns.last().map_or(0.0, |v| *v as f64 / 1000.0),
        }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "samples": self.samples, "p50_us": self.p50_us, "p99_us": self.p99_us,
            "mean_us": self.mean_us, "max_us": self.max_us,
        })
    }
}

/// One row of the result table: an operation measured on nssf, on SQLite where it has an equivalent.
#[derive(Debug, Clone)]
pub struct Operation {
    pub key: &'static str,
    pub label: &'static str,
    pub nssf: Vec<Duration>,
    pub sqlite: Vec<Duration>,
}

impl Operation {
    fn new(key: &'static str, label: &'static str) -> Operation {
        Operation {
            key,
            label,
            nssf: Vec::new(),
            sqlite: Vec::new(),
        }
    }
}

/// Everything one run measured.
#[derive(Debug)]
pub struct Report {
    pub members: u64,
    pub nssf_load: Duration,
    /// Demo draft generation during the load, not included in `nssf_load`.
    pub generation: Duration,
    pub nssf_load_flush: Duration,
    pub sqlite_load: Duration,
    /// `sync` after the loads, before anything is timed.
    pub settle: Duration,
    pub nssf_bytes: u64,
    pub sqlite_bytes: u64,
    pub fsync: Vec<Duration>,
    pub operations: Vec<Operation>,
    /// Lookups whose nssf and SQLite answers were compared (all agreed, or the run failed).
    pub agreed_lookups: usize,
    /// Name searches whose top hit on each side contained the searched member's name.
    pub search_checks: usize,
}

fn log(cfg: &Config, msg: impl AsRef<str>) {
    if cfg.verbose {
        eprintln!("[nssf-bench] {}", msg.as_ref());
    }
}

/// Total size of the files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// The office every run uses.
pub fn office_setup() -> OfficeSetup {
    OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
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
    let applicants = DemoApplicants::new(desk.reference(), hospitals.clone(), DEMO_SEED, today);

    // 1. nssf bulk load. Drafts are generated in chunks outside the timer: the demo generator is not the
    // store (its cost is reported separately).
    log(
        cfg,
        format!(
            "loading {} members into nssf at {}",
            cfg.members,
            nssf_dir.display()
        ),
    );
    let mut numbers: Vec<String> = Vec::with_capacity(cfg.members as usize);
    let mut nssf_load = Duration::ZERO;
    // The generator runs on its own thread, a chunk ahead of the loader.
    let (chunks_tx, chunks_rx) = std::sync::mpsc::sync_channel::<Vec<Draft>>(2);
    let total = cfg.members;
    let mut applicants = applicants;
    let generator = std::thread::spawn(move || {
        let mut generation = Duration::ZERO;
        let mut left = total;
        while left > 0 {
            let n = left.min(10_000);
            left -= n;
            let t = Instant::now();
            let drafts: Vec<Draft> = (0..n).map(|_| applicants.next_draft()).collect();
            generation += t.elapsed();
            if chunks_tx.send(drafts).is_err() {
                break;
            }
        }
        (applicants, generation)
    });
    for drafts in chunks_rx {
        let t = Instant::now();
        for draft in &drafts {
            let no = desk
                .register_bulk(&actor, draft, now)
                .map_err(|e| anyhow::anyhow!("register_bulk: {e}"))?;
            numbers.push(no);
        }
        nssf_load += t.elapsed();
        if cfg.verbose && numbers.len().is_multiple_of(100_000) {
            log(
                cfg,
                format!(
                    "  nssf {} loaded, {nssf_load:.1?} in register_bulk",
                    numbers.len()
                ),
            );
        }
    }
    let (mut applicants, generation) = generator
        .join()
        .map_err(|_| anyhow::anyhow!("the draft generator panicked"))?;
    let flush_started = Instant::now();
    desk.store().flush().context("final flush")?;
    let nssf_load_flush = flush_started.elapsed();
    nssf_load += nssf_load_flush;
    log(cfg, format!("nssf load: {nssf_load:.2?} (final flush {nssf_load_flush:.2?}); draft generation {generation:.2?}"));

    // 2. SQLite bulk load of the same members, read back from the nssf store outside the timer.
    let mut db = sqlite::open(&sqlite_path)?;
    let mut sqlite_load = Duration::ZERO;
    {
        let t = Instant::now();
        sqlite::create_schema(&db)?;
        let tx = db.transaction()?;
        sqlite_load += t.elapsed();
        const CHUNK: usize = 10_000;
        for (c, chunk) in numbers.chunks(CHUNK).enumerate() {
            let mut members = Vec::with_capacity(chunk.len());
            for no in chunk {
                members.push(
                    desk.store()
                        .member(no)?
                        .with_context(|| format!("member {no} missing from nssf"))?,
                );
            }
            let t = Instant::now();
            for m in &members {
                sqlite::insert_member(&tx, m, &actor.staff_id, now, "registered")?;
            }
            sqlite_load += t.elapsed();
            if cfg.verbose && ((c + 1) * CHUNK).is_multiple_of(100_000) {
                log(
                    cfg,
                    format!(
                        "  sqlite {} loaded, {:.1?} inserting",
                        (c + 1) * CHUNK,
                        sqlite_load
                    ),
                );
            }
        }
        let t = Instant::now();
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE name = 'counter/member'",
            params![numbers.len() as i64],
        )?;
        tx.commit()?;
        db.execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);")?;
        sqlite_load += t.elapsed();
    }
    log(cfg, format!("sqlite load: {sqlite_load:.2?}"));

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
        nssf_load,
        generation,
        nssf_load_flush,
        sqlite_load,
        settle,
        nssf_bytes: dir_size(&nssf_dir),
        sqlite_bytes: dir_size(&base.join("sqlite")),
        fsync: Vec::new(),
        operations: Vec::new(),
        agreed_lookups: 0,
        search_checks: 0,
    };

    // 3a/3b. Durable registration of new applicants (the generator goes on: new documents, same
    // distribution), interleaved with the bare baseline (append a ~1 KB member record, fsync) so that all
    // three see the same disk; which store goes first alternates.
    let record = desk.store().member(&numbers[0])?.context("first member")?;
    let bytes = serde_json::to_vec(&record)?;
    let mut fsync_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&fsync_path)?;
    let mut fsync_sample = |report: &mut Report| -> Result<()> {
        let t = Instant::now();
        fsync_file.write_all(&bytes)?;
        fsync_file.sync_data()?;
        report.fsync.push(t.elapsed());
        Ok(())
    };
    let reference = desk.reference();
    let cx = Context {
        gazetteer: &reference.gazetteer,
        schedule: &reference.schedule,
        hospitals: &hospitals,
        today,
    };
    let office = desk.store().office()?;
    let district: u16 = office.district_code.parse().context("district code")?;
    let ws = office.workstation;
    let mut reg = Operation::new(
        "register",
        "durable registration (validate + write + fsync)",
    );
    let mut reg_store = Operation::new("register_store", "  of which the store's write + fsync");
    for i in 0..cfg.registration_samples {
        let draft = applicants.next_draft();
        fsync_sample(&mut report)?;
        let (mut nssf_no, mut sqlite_no) = (String::new(), String::new());
        for nssf_side in [i % 2 == 0, i % 2 == 1] {
            let t = Instant::now();
            if nssf_side {
                let view = desk
                    .register(&actor, &draft, true, now)
                    .map_err(|e| anyhow::anyhow!("register: {e}"))?;
                reg.nssf.push(t.elapsed());
                nssf_no = view.member.member_no;
            } else {
                sqlite_no =
                    sqlite::register(&mut db, &draft, &cx, district, ws, &actor.staff_id, now)?;
                reg.sqlite.push(t.elapsed());
            }
        }
        ensure!(
            nssf_no == sqlite_no,
            "nssf issued {nssf_no} but SQLite {sqlite_no}"
        );
    }
    // The stores' own share: the member is validated beforehand, outside the timer.
    for i in 0..cfg.registration_samples {
        let draft = applicants.next_draft();
        let m = member::validate(&draft, &cx)
            .map_err(|p| anyhow::anyhow!("demo draft invalid: {p:?}"))?;
        let (mut nssf_no, mut sqlite_no) = (String::new(), String::new());
        for nssf_side in [i % 2 == 1, i % 2 == 0] {
            let t = Instant::now();
            if nssf_side {
                let stored = desk.store().insert_member(
                    &m,
                    &actor.staff_id,
                    now,
                    nssf_store::Durability::FlushEach,
                )?;
                reg_store.nssf.push(t.elapsed());
                nssf_no = stored.member_no;
            } else {
                sqlite_no = sqlite::register_validated(
                    &mut db,
                    m.clone(),
                    district,
                    ws,
                    &actor.staff_id,
                    now,
                )?;
                reg_store.sqlite.push(t.elapsed());
            }
        }
        ensure!(
            nssf_no == sqlite_no,
            "nssf issued {nssf_no} but SQLite {sqlite_no}"
        );
    }
    log(
        cfg,
        format!(
            "bare fsync of {} bytes: {:?}",
            bytes.len(),
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

    // 3c. Exact lookups of members drawn at random from the loaded ones.
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut sample_members = Vec::with_capacity(cfg.lookup_samples);
    for _ in 0..cfg.lookup_samples {
        let no = &numbers[rng.random_range(0..numbers.len())];
        sample_members.push(desk.store().member(no)?.context("sampled member")?);
    }
    let mut by_no = Operation::new(
        "lookup_member_no",
        "exact lookup: member number (record decoded)",
    );
    let mut by_doc = Operation::new("lookup_document", "exact lookup: document number");
    let mut by_phone = Operation::new("lookup_phone", "exact lookup: phone (E.164)");
    let mut agreed = 0usize;
    for m in &sample_members {
        let doc = m
            .document_keys()
            .next()
            .context("member without a document")?;
        let t = Instant::now();
        let a = desk.store().member(&m.member_no)?;
        by_no.nssf.push(t.elapsed());
        let t = Instant::now();
        let b = sqlite::member(&db, &m.member_no)?;
        by_no.sqlite.push(t.elapsed());
        ensure!(
            a.is_some() && a == b,
            "member {} differs between nssf and SQLite",
            m.member_no
        );

        let t = Instant::now();
        let a = desk.store().member_by_document(&doc)?;
        by_doc.nssf.push(t.elapsed());
        let t = Instant::now();
        let b = sqlite::member_by_document(&db, &doc)?;
        by_doc.sqlite.push(t.elapsed());
        ensure!(
            a.as_deref() == Some(m.member_no.as_str()) && a == b,
            "document {doc}: nssf {a:?}, SQLite {b:?}"
        );

        let t = Instant::now();
        let mut a = desk.store().members_by_phone(&m.phone, SEARCH_LIMIT)?;
        by_phone.nssf.push(t.elapsed());
        let t = Instant::now();
        let mut b = sqlite::members_by_phone(&db, &m.phone, SEARCH_LIMIT)?;
        by_phone.sqlite.push(t.elapsed());
        a.sort();
        b.sort();
        ensure!(
            a.contains(&m.member_no) && a == b,
            "phone {}: nssf {a:?}, SQLite {b:?}",
            m.phone
        );
        agreed += 3;
    }
    report.agreed_lookups = agreed;
    report.operations.extend([by_no, by_doc, by_phone]);
    log(cfg, "lookups done");

    // 3d. Name search, top 20, as typed at the counter.
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
    for m in sample_members.iter().take(cfg.search_samples) {
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
                .search(&query, SEARCH_LIMIT)
                .map_err(|e| anyhow::anyhow!("search {query:?}: {e}"))?;
            op.nssf.push(t.elapsed());
            let t = Instant::now();
            let b = sqlite::search(&db, reference, &query, SEARCH_LIMIT)?;
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
    report.search_checks = checks;
    report.operations.extend([lao, latin, prefix, lao_prefix]);
    log(cfg, "searches done");
    Ok(report)
}

fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}×", a / b)
    } else {
        "–".into()
    }
}

fn ms(us: f64) -> String {
    if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.1} µs")
    }
}

impl Report {
    /// The result table in Markdown.
    pub fn markdown(&self) -> String {
        let fsync = Stats::of(&self.fsync);
        let mut out = String::new();
        out.push_str(&format!(
            "Members loaded: {} — nssf load {:.1?} (`register_bulk` incl. validation + final flush {:.1?}, {:.0} MB on disk; demo draft generation {:.1?} not included), SQLite load {:.1?} (one transaction, {:.0} MB on disk); `sync` before timing {:.1?}\n\n",
            self.members,
            self.nssf_load,
            self.nssf_load_flush,
            self.nssf_bytes as f64 / 1e6,
            self.generation,
            self.sqlite_load,
            self.sqlite_bytes as f64 / 1e6,
            self.settle
        ));
        out.push_str("| operation | samples | nssf p50 | nssf p99 | nssf mean | SQLite p50 | SQLite p99 | SQLite mean | nssf/SQLite p50 | nssf/SQLite p99 | p50 / bare fsync p50 |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.push_str(&format!(
            "| bare write + fsync (~1 KB append, `sync_data`) | {} | {} | {} | {} | | | | | | 1.00× |\n",
            fsync.samples,
            ms(fsync.p50_us),
            ms(fsync.p99_us),
            ms(fsync.mean_us)
        ));
        for op in &self.operations {
            let n = Stats::of(&op.nssf);
            let s = Stats::of(&op.sqlite);
            let vs_fsync = if op.key.starts_with("register") {
                format!(
                    "nssf {} / SQLite {}",
                    ratio(n.p50_us, fsync.p50_us),
                    ratio(s.p50_us, fsync.p50_us)
                )
            } else {
                String::new()
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                op.label.trim(),
                n.samples,
                ms(n.p50_us),
                ms(n.p99_us),
                ms(n.mean_us),
                ms(s.p50_us),
                ms(s.p99_us),
                ms(s.mean_us),
                ratio(n.p50_us, s.p50_us),
                ratio(n.p99_us, s.p99_us),
                vs_fsync
            ));
        }
        out
    }

    /// The goals of the issue, each met or missed, with the figure behind it.
    pub fn goals(&self) -> Vec<(String, bool)> {
        let fsync = Stats::of(&self.fsync);
        let mut goals = Vec::new();
        for op in &self.operations {
            let n = Stats::of(&op.nssf);
            let s = Stats::of(&op.sqlite);
            if op.key == "register" {
                let r = n.p50_us / fsync.p50_us;
                goals.push((
                    format!(
                        "registration p50 ≤ 1.5× bare fsync: {r:.2}× ({} vs {})",
                        ms(n.p50_us),
                        ms(fsync.p50_us)
                    ),
                    r <= 1.5,
                ));
            }
            if op.key.starts_with("lookup") {
                goals.push((
                    format!("{} p99 ≤ 0.2 ms: {}", op.label, ms(n.p99_us)),
                    n.p99_us <= 200.0,
                ));
            }
            if op.key.starts_with("search") {
                goals.push((
                    format!("{} p99 ≤ 1 ms: {}", op.label, ms(n.p99_us)),
                    n.p99_us <= 1000.0,
                ));
            }
            if op.key != "register_store" {
                let (r50, r99) = (n.p50_us / s.p50_us, n.p99_us / s.p99_us);
                goals.push((
                    format!("{} ≤ 1.0× SQLite: p50 {r50:.2}×, p99 {r99:.2}×", op.label),
                    r50 <= 1.0 && r99 <= 1.0,
                ));
            }
        }
        goals
    }

    /// Raw numbers (every sample, in nanoseconds) and the summaries.
    pub fn json(&self) -> serde_json::Value {
        let ns = |v: &[Duration]| v.iter().map(|d| d.as_nanos() as u64).collect::<Vec<u64>>();
        let ops: Vec<serde_json::Value> = self
            .operations
            .iter()
            .map(|op| {
                serde_json::json!({
                    "key": op.key, "label": op.label.trim(),
                    "nssf": Stats::of(&op.nssf).json(), "sqlite": Stats::of(&op.sqlite).json(),
                    "nssf_ns": ns(&op.nssf), "sqlite_ns": ns(&op.sqlite),
                })
            })
            .collect();
        serde_json::json!({
            "members": self.members,
            "nssf_load_s": self.nssf_load.as_secs_f64(),
            "demo_generation_s": self.generation.as_secs_f64(),
            "nssf_load_final_flush_s": self.nssf_load_flush.as_secs_f64(),
            "sqlite_load_s": self.sqlite_load.as_secs_f64(),
            "settle_sync_s": self.settle.as_secs_f64(),
            "nssf_bytes": self.nssf_bytes,
            "sqlite_bytes": self.sqlite_bytes,
            "fsync": Stats::of(&self.fsync).json(),
            "fsync_ns": ns(&self.fsync),
            "operations": ops,
            "agreed_lookups": self.agreed_lookups,
            "search_checks": self.search_checks,
            "goals": self.goals().into_iter().map(|(g, met)| serde_json::json!({"goal": g, "met": met})).collect::<Vec<_>>(),
        })
    }
}

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
        .search(query, SEARCH_LIMIT)
        .map_err(|e| anyhow::anyhow!("search: {e}"))?;
    Ok(Probe {
        open,
        first_search: t.elapsed(),
        hits: hits.len(),
    })
}

/// Helpers shared with the SQLite side (kept here so that both sides build the same result lines).
pub fn hit_of(m: Member, reference: &nssf_api::Reference) -> SearchHit {
    let village = reference.gazetteer.village(&m.village_code);
    SearchHit {
        village_name_lo: village.map_or_else(|| m.village_name.clone(), |v| v.name_lo.clone()),
        village_name_en: village.map_or_else(|| m.village_name.clone(), |v| v.name_en.clone()),
        member_no: m.member_no,
        given_name_lo: m.given_name_lo,
        family_name_lo: m.family_name_lo,
        given_name_latin: m.given_name_latin,
        family_name_latin: m.family_name_latin,
        date_of_birth: m.date_of_birth.to_string(),
    }
}

/// The member number a store issues for a counter value.
pub fn member_number(district: u16, workstation: u8, counter: u64) -> Result<String> {
    let counter = u32::try_from(counter).context("counter overflow")?;
    Ok(MemberNumber {
        district,
        workstation,
        counter,
    }
    .to_string())
}

/// Validates a draft exactly as `Desk::register` does.
pub fn validate(draft: &Draft, cx: &Context<'_>) -> Result<Member> {
    member::validate(draft, cx).map_err(|p| anyhow::anyhow!("draft invalid: {p:?}"))
}

/// Re-exported for the SQLite module.
pub(crate) fn optional<T>(r: rusqlite::Result<T>) -> Result<Option<T>> {
    Ok(r.optional()?)
}

/// Appends to `path` and returns the time of a single fsync'd write (used by tests).
pub fn fsync_once(path: &Path, bytes: &[u8]) -> Result<Duration> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let t = Instant::now();
    f.write_all(bytes)?;
    File::sync_data(&f)?;
    Ok(t.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Retries for up to 5 s while sled's previous handle still holds the lock.
    fn retry<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
        for _ in 0..50 {
            if let Ok(v) = f() {
                return Ok(v);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        f()
    }

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
        };
        let report = run_registration(&cfg)?;
        assert_eq!(report.fsync.len(), 5);
        assert_eq!(report.operations.len(), 9);
        for op in &report.operations {
            let k = if op.key.starts_with("register") { 5 } else { 7 };
            assert_eq!(op.nssf.len(), k, "{}", op.key);
            assert_eq!(op.sqlite.len(), k, "{}", op.key);
        }
        // Three lookups per sampled member, each compared between the stores inside the run.
        assert_eq!(report.agreed_lookups, 21);
        assert_eq!(report.search_checks, 28);
        let table = report.markdown();
        assert!(table.contains("durable registration"), "{table}");
        assert!(!report.goals().is_empty());

        // The two stores agree on one member, checked here directly too. sled lets go of its lock file when
        // its flusher thread has stopped, shortly after the last handle is dropped.
        let nssf_dir = dir.path().join("run").join("nssf");
        let desk = retry(|| Desk::open(&nssf_dir).map_err(|e| anyhow::anyhow!("{e}")))?;
        let db = sqlite::open(&dir.path().join("run").join("sqlite").join("members.db"))?;
        let no = member_number(101, 1, 42)?;
        let a = desk.store().member(&no)?.context("member 42 in nssf")?;
        let b = sqlite::member(&db, &no)?.context("member 42 in SQLite")?;
        assert_eq!(a, b);
        let doc = a.document_keys().next().context("document")?;
        assert_eq!(
            sqlite::member_by_document(&db, &doc)?,
            desk.store().member_by_document(&doc)?
        );
        assert_eq!(
            sqlite::members_by_phone(&db, &a.phone, 20)?,
            desk.store().members_by_phone(&a.phone, 20)?
        );

        drop(desk);
        let p = retry(|| probe(&nssf_dir, &a.family_name_latin))?;
        assert!(p.hits > 0);
        assert!(fsync_once(&dir.path().join("f.bin"), b"x")? > Duration::ZERO);
        Ok(())
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        let s = Stats::of(&v);
        assert_eq!((s.p50_us, s.p99_us, s.samples), (50.0, 99.0, 100));
    }
}
