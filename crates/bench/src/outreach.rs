//! `nssf-bench outreach`: the report and the arrears list (issue 14) over a large office, against the
//! goal "report and arrears list over 50,000 members and 600,000 payments ≤ 1 s".
//!
//! The office is built once (then reused from `--dir`): demo members through `Desk::register_bulk`, then a
//! payment history written on the store as it would have happened, one receipt per month paid, each dated
//! in the month it pays (a few paid up to two months ahead), members stopping 0 to 4 months before today
//! so that arrears vary, until the number of payments is reached; a few hundred receipts are voided.
//! Everything is flushed once at the end. Then every past day is closed at the counter (today stays open)
//! and the day summaries of the closed days are written, timed on their own. The timings then go through
//! `Desk`, as the CLI and the window call it, each run several times on the warm store.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use nssf_api::demo::at_counter;
use nssf_api::{Actor, ArrearsQuery, Desk};
use nssf_domain::ledger;
use nssf_domain::Month;
use nssf_store::{Durability, PaymentDraft, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::folder::{dir_size, office_setup, reopen};
use crate::stats::Stats;
use crate::DEMO_SEED;

/// What to build and how often to time each operation.
#[derive(Debug, Clone)]
pub struct OutreachConfig {
    pub members: u64,
    pub payments: u64,
    /// Runs of each timed operation.
    pub runs: usize,
    /// The office folder: built when empty or missing, reused when it holds an office.
    pub dir: Option<PathBuf>,
    /// Times only the operations whose name contains this (all when empty): for profiling one.
    pub only: String,
}

/// One timed operation.
#[derive(Debug, Clone)]
pub struct Timing {
    pub what: String,
    pub stats: Stats,
    /// The process's CPU time (all threads) per run: what the operation costs whatever else the
    /// machine runs (`None` where `/proc/self/stat` cannot be read).
    pub cpu: Option<Duration>,
    /// What it returned, for the record (rows, receipts counted).
    pub result: String,
}

/// The run's figures.
#[derive(Debug, Clone)]
pub struct OutreachRun {
    /// Closed cashier's days summarised, and how long writing every summary took (`None`: the folder
    /// was reused with its days closed and summarised before).
    pub summarised: u64,
    pub summaries: Option<Duration>,
    pub members: usize,
    pub payments: u64,
    pub voids: u64,
    pub build: Option<Duration>,
    pub disk_bytes: u64,
    pub timings: Vec<Timing>,
}

/// The CPU time this process used so far (user and system, all threads), from `/proc/self/stat` (Linux;
/// `None` elsewhere). Its clock ticks are 1/100 s on Linux: averaged over several runs.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// The fixed day the office is built and timed at (the tests' `now`), so runs agree.
fn now() -> DateTime<Utc> {
    nssf_test_support::now()
}

/// Builds (or reuses) the office and times the report and the arrears list on it.
pub fn run(cfg: &OutreachConfig) -> Result<OutreachRun> {
    let temp = tempfile::tempdir()?;
    let dir = cfg
        .dir
        .clone()
        .unwrap_or_else(|| temp.path().join("office"));
    let mut built = None;
    let mut payments_written = 0;
    let mut voids_written = 0;
    // A folder with anything in it is an office built before (opened below, which says so if it is not).
    let empty = std::fs::read_dir(&dir).map_or(true, |mut entries| entries.next().is_none());
    if empty {
        let t = Instant::now();
        (payments_written, voids_written) = build(&dir, cfg)?;
        built = Some(t.elapsed());
    }
    let actor = Actor::setup_user();
    let today = nssf_api::office_date(now());
    let desk = reopen(|| Desk::open(&dir))?;
    // Every past day closed at the counter, as an office does (a folder built before the summaries
    // existed is closed now); today stays open.
    let t = Instant::now();
    let closed_days = close_past_days(&desk, today)?;
    let closing = t.elapsed();
    drop(desk);
    // The day summaries of every closed day, written once when days were closed: the one-off cost of
    // the first report after the days were closed (or after an upgrade). A folder reused as it was
    // keeps the summaries its earlier runs wrote.
    let (summarised, summaries) = if closed_days > 0 {
        let t = Instant::now();
        let summarised = reopen(|| Store::open(&dir))?.rebuild_day_summaries()?;
        (summarised, Some(t.elapsed()))
    } else {
        (0, None)
    };
    eprintln!(
        "[nssf-bench] {closed_days} days closed in {closing:.1?}; {summarised} day summaries written in {summaries:.1?}"
    );
    let desk = reopen(|| Desk::open(&dir))?;
    let mut timings = Vec::new();
    let mut time = |what: String, op: &mut dyn FnMut() -> Result<String>| -> Result<()> {
        if !what.contains(&cfg.only) {
            return Ok(());
        }
        let mut samples = Vec::with_capacity(cfg.runs);
        let mut result = String::new();
        let cpu_before = process_cpu();
        for _ in 0..cfg.runs {
            let t = Instant::now();
            result = op()?;
            samples.push(t.elapsed());
        }
        let cpu = process_cpu()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before) / cfg.runs.max(1) as u32);
        eprintln!(
            "[nssf-bench] {what}: {:?}, CPU {cpu:?} a run",
            Stats::of(&samples)
        );
        timings.push(Timing {
            what,
            stats: Stats::of(&samples),
            cpu,
            result,
        });
        Ok(())
    };
    let fail = |e: nssf_api::ApiError| anyhow::anyhow!("{e}");
    for (label, from) in [
        ("a month", today.with_day(1).context("first of the month")?),
        ("a year", today - Days::new(365)),
        ("two years (every receipt)", today - Days::new(731)),
    ] {
        time(format!("report, {label} (`report --json`)"), &mut || {
            let r = desk.report(&actor, from, today, now()).map_err(fail)?;
            Ok(format!(
                "{} registrations, {} receipts, {} active, {} lapsed",
                r.registrations, r.payments, r.active, r.lapsed
            ))
        })?;
    }
    let year_ago = today - Days::new(365);
    time("report as CSV, a year".into(), &mut || {
        let csv = desk
            .report_csv(&actor, year_ago, today, now())
            .map_err(fail)?;
        Ok(format!("{} bytes", csv.len()))
    })?;
    time("report as PDF, a year (charts)".into(), &mut || {
        let pdf = desk
            .report_pdf(&actor, year_ago, today, now())
            .map_err(fail)?;
        Ok(format!("{} bytes", pdf.len()))
    })?;
    for min_months in [1, 3] {
        let query = ArrearsQuery {
            min_months,
            village: None,
        };
        time(
            format!("arrears --min-months {min_months} (`arrears --json`)"),
            &mut || {
                let lines = desk.arrears(&actor, &query, now()).map_err(fail)?;
                Ok(format!("{} members", lines.len()))
            },
        )?;
    }
    // The village with the most members in arrears.
    let mut per_village: std::collections::BTreeMap<String, usize> = Default::default();
    for line in desk
        .arrears(
            &actor,
            &ArrearsQuery {
                min_months: 1,
                village: None,
            },
            now(),
        )
        .map_err(fail)?
    {
        *per_village.entry(line.village_code).or_default() += 1;
    }
    let busiest = per_village
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(code, _)| code)
        .unwrap_or_default();
    let one_village = ArrearsQuery {
        min_months: 1,
        village: Some(busiest.clone()),
    };
    time(
        format!("arrears --min-months 1 --village {busiest}"),
        &mut || {
            let lines = desk.arrears(&actor, &one_village, now()).map_err(fail)?;
            Ok(format!("{} members", lines.len()))
        },
    )?;
    let three = ArrearsQuery {
        min_months: 3,
        village: None,
    };
    time("arrears as CSV, --min-months 3".into(), &mut || {
        let csv = desk.arrears_csv(&actor, &three, now()).map_err(fail)?;
        Ok(format!("{} bytes", csv.len()))
    })?;
    time(
        "call sheet PDF, --min-months 1 --village (busiest)".into(),
        &mut || {
            let pdf = desk
                .call_sheet_pdf(&actor, &one_village, now())
                .map_err(fail)?;
            Ok(format!("{} bytes", pdf.len()))
        },
    )?;
    // Every receipt ever (the benchmark's history starts within two years).
    let counted = desk
        .report(&actor, today - Days::new(3650), today, now())
        .map_err(fail)?;
    Ok(OutreachRun {
        summarised,
        summaries,
        members: (counted.active + counted.lapsed) as usize,
        payments: if built.is_some() {
            payments_written
        } else {
            counted.payments
        },
        voids: voids_written,
        build: built,
        disk_bytes: dir_size(&dir),
        timings,
    })
}

/// Closes the setup user's day on every day from two years and a month before `today` to yesterday
/// that is not closed yet, through `Desk::close_day` as at the counter; returns how many it closed.
fn close_past_days(desk: &Desk, today: NaiveDate) -> Result<u64> {
    let actor = Actor::setup_user();
    let mut closed = 0;
    let mut day = today - Days::new(2 * 366 + 31);
    while day < today {
        match desk.close_day(&actor, &actor.staff_id, day, at_counter(day)) {
            Ok(_) => closed += 1,
            Err(e) if e.code() == nssf_api::Code::DayClosed => {}
            Err(e) => anyhow::bail!("closing {day}: {e}"),
        }
        day = day + Days::new(1);
    }
    Ok(closed)
}

/// Registers the members and writes the payment history; returns (payments, voids) written.
fn build(dir: &Path, cfg: &OutreachConfig) -> Result<(u64, u64)> {
    let actor = Actor::setup_user();
    let today = nssf_api::office_date(now());
    let desk = Desk::init(dir, &office_setup(), &actor, now())
        .map_err(|e| anyhow::anyhow!("Desk::init: {e}"))?;
    let mut applicants = desk.demo_applicants(DEMO_SEED, today);
    let mut members: Vec<(String, NaiveDate, i64)> = Vec::with_capacity(cfg.members as usize);
    // In the order they came to the counter, each registered at its own date: member numbers follow
    // the calendar, as in an office.
    for (i, (draft, at)) in applicants.history(cfg.members).into_iter().enumerate() {
        let registered =
            NaiveDate::parse_from_str(&draft.registered_on, "%Y-%m-%d").context("demo date")?;
        let base = match &draft.income_base_kip {
            nssf_domain::TextOrNumber::Number(kip) => *kip,
            nssf_domain::TextOrNumber::Text(text) => text.parse().context("demo base")?,
        };
        let no = desk
            .register_bulk(&actor, &draft, at)
            .map_err(|e| anyhow::anyhow!("register_bulk: {e}"))?;
        members.push((no, registered, base));
        if (i + 1).is_multiple_of(10_000) {
            eprintln!("[nssf-bench] {} members registered", i + 1);
        }
    }
    let schedule = desk.national().schedule.clone();
    desk.flush().map_err(|e| anyhow::anyhow!("flush: {e}"))?;
    drop(desk);

    // Every payment first (member, month, day), then written in date order: receipt numbers follow
    // the calendar too.
    let mut rng = ChaCha8Rng::seed_from_u64(DEMO_SEED);
    let current = Month::of(today);
    let mut planned: Vec<(NaiveDate, usize, Month)> = Vec::new();
    'members: for (index, (_, registered, _)) in members.iter().enumerate() {
        let first = Month::of(*registered);
        // Up to two months ahead, less 0 to 4 months at the end: some are up to date, some lapse.
        let stop = rng.random_range(0..=4u32);
        let months = first.count_to(current.plus(2)).saturating_sub(stop);
        for k in 0..months {
            if planned.len() as u64 >= cfg.payments {
                break 'members;
            }
            let month = first.plus(k);
            // Paid in the month it covers, on or after the registration, never after today.
            let day = month.first_day() + Days::new(rng.random_range(0..28));
            planned.push((day.max(*registered).min(today), index, month));
        }
    }
    planned.sort();
    let store = reopen(|| Store::open(dir))?;
    let mut written = 0u64;
    let mut receipts: Vec<String> = Vec::new();
    for (paid_on, index, month) in planned {
        let (no, registered, base) = &members[index];
        let bases = [(Month::of(*registered), *base)];
        let due = ledger::due_for(&schedule, &bases, month)
            .map_err(|p| anyhow::anyhow!("{month}: {p:?}"))?;
        let at = at_counter(paid_on);
        let receipt = nssf_domain::Receipt {
            receipt_no: String::new(),
            member_no: no.clone(),
            paid_on,
            method: ["cash", "cash", "cash", "bank", "mobile"][rng.random_range(0..5)].into(),
            reference: String::new(),
            lines: vec![nssf_domain::ReceiptLine {
                month: month.to_string(),
                base_kip: due.base_kip,
                rate_basis_points: due.rate_basis_points,
                amount_kip: due.amount_kip,
                floor_applied: due.floor_applied,
            }],
            total_kip: due.amount_kip,
            cashier: actor.staff_id.clone(),
            issued_at: at,
        };
        let stored = store
            .record_payment_in(&PaymentDraft { receipt }, at, Durability::Deferred)
            .with_context(|| format!("payment {written}"))?;
        if rng.random_bool(0.0005) {
            receipts.push(stored.receipt_no);
        }
        written += 1;
        if written.is_multiple_of(100_000) {
            eprintln!("[nssf-bench] {written} payments written");
        }
    }
    store.flush()?;
    let mut voids = 0;
    for receipt_no in receipts {
        let void = nssf_domain::Void {
            receipt_no,
            reason: "benchmark".into(),
            voided_by: actor.staff_id.clone(),
            voided_on: today,
            voided_at: now(),
        };
        store.void_receipt(&void)?;
        voids += 1;
    }
    store.flush()?;
    eprintln!("[nssf-bench] {written} payments and {voids} voids written");
    Ok((written, voids))
}

/// The run as the table of `docs/benchmarks.md`.
pub fn markdown(run: &OutreachRun) -> String {
    let mut out = format!(
        "Office: {} members, {} payments ({} voided), {:.1} GB on disk{}.\n\n",
        run.members,
        run.payments,
        run.voids,
        run.disk_bytes as f64 / 1e9,
        run.build
            .map(|d| format!(", built in {:.0} s", d.as_secs_f64()))
            .unwrap_or_default()
    );
    out.push_str(&match run.summaries {
        Some(took) => format!(
            "Every past day closed; the summaries of its {} closed days written in {:.1} s.\n\n",
            run.summarised,
            took.as_secs_f64()
        ),
        None => "Every past day closed and summarised by an earlier run.\n\n".to_owned(),
    });
    out.push_str(
        "| operation | runs | p50 | max | CPU a run | result |\n|---|---:|---:|---:|---:|---|\n",
    );
    for t in &run.timings {
        out.push_str(&format!(
            "| {} | {} | {:.0} ms | {:.0} ms | {} | {} |\n",
            t.what,
            t.stats.samples,
            t.stats.p50_us / 1000.0,
            t.stats.max_us / 1000.0,
            t.cpu
                .map_or_else(|| "—".to_owned(), |c| format!("{} ms", c.as_millis())),
            t.result
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_office_is_built_and_timed() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let cfg = OutreachConfig {
            members: 60,
            payments: 500,
            runs: 1,
            dir: Some(dir.path().join("office")),
            only: String::new(),
        };
        let run = run(&cfg)?;
        assert_eq!(run.members, 60);
        assert_eq!(run.payments, 500);
        assert_eq!(run.timings.len(), 10);
        assert!(markdown(&run).contains("| report, a year (`report --json`) | 1 |"));
        // The folder is reused: nothing is built again, the same receipts are counted (voided ones
        // left out).
        let again = super::run(&cfg)?;
        assert!(again.build.is_none());
        assert_eq!(again.payments, 500 - run.voids);
        Ok(())
    }
}
