//! The crash storm: registrations, amendments, payments and voids in a child process that is killed
//! (`SIGKILL` on Unix) at random moments, the office reopened after every kill and checked.
//!
//! The child ([`child`], `nssf-bench storm-child`) drives `nssf_api::Desk` and prints one line per operation
//! only after the API call returned, that is once the data is durable: `done register NO`,
//! `done amend NO K` (the phone now ends in `K`), `done pay RECEIPT NO`, `done void RECEIPT`. The parent
//! ([`run`], `nssf-bench storm` and `crates/bench/tests/crash.rs`) keeps every line ever printed and, after
//! each kill, opens the store itself and checks that:
//! - every reported member, receipt, void and amendment is there (an amendment: the stored phone is the
//!   reported one or a later one);
//! - the indexes equal a rebuild from the records ([`Store::index_report`]);
//! - the change log is numbered 1..=last without a hole, and ends at the change counter;
//! - the audit chain verifies ([`Store::verify_audit`]);
//!
//! and times the reopen (`Store::open`, which recovers sled's log).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use nssf_api::nssf_domain::Draft;
use nssf_api::{Actor, Desk, PaymentRequest};
use nssf_store::{AuditVerdict, Store};
use nssf_test_support::{applicant, now};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::office_setup;
use crate::stats::Stats;

/// Operations one child run may do; then it waits to be killed (the numbers it makes stay unique).
const OPS_PER_RUN: u32 = 999;
/// How many times a child pays one member (the office refuses months too far ahead).
const PAYMENTS_PER_MEMBER: u32 = 3;

/// What a storm does.
#[derive(Debug, Clone)]
pub struct StormConfig {
    /// The `nssf-bench` binary that runs `storm-child`.
    pub child_exe: PathBuf,
    /// The office folder: a new one is set up there (it must not hold an office yet).
    pub data: PathBuf,
    /// How many times the child is started and killed.
    pub kills: u32,
    /// Seeds the kill moments and the children's choice of operations.
    pub seed: u64,
    /// The longest a child works after it opened the office before it is killed.
    pub max_window: Duration,
}

/// What a storm found: the figures of `docs/reliability.md`.
#[derive(Debug, Clone, Default)]
pub struct StormReport {
    pub seed: u64,
    pub kills: u32,
    /// Kills while the child was still opening the office (before it said `ready`).
    pub kills_while_opening: u32,
    /// Operations the children reported done, by kind.
    pub confirmed: BTreeMap<&'static str, u64>,
    /// Reported operations not found after a reopen (each counted once per reopen that missed it).
    pub lost: Vec<String>,
    /// Reopens that failed, with why.
    pub failed_reopens: Vec<String>,
    /// Reopens whose indexes differ from a rebuild, whose change log has a hole or whose audit chain is
    /// broken, with what was wrong.
    pub inconsistent: Vec<String>,
    /// Children that stopped on their own (an operation failed) before being killed.
    pub child_failures: Vec<String>,
    /// `Store::open` after each kill.
    pub reopen: Vec<Duration>,
    /// Members, change-log entries and audit entries in the store at the end.
    pub members: usize,
    pub changes: u64,
    pub audit_entries: u64,
    pub elapsed: Duration,
}

impl StormReport {
    /// Operations confirmed, all kinds.
    pub fn confirmed_total(&self) -> u64 {
        self.confirmed.values().sum()
    }

    /// Whether nothing was lost, every reopen worked and every check held.
    pub fn passed(&self) -> bool {
        self.lost.is_empty()
            && self.failed_reopens.is_empty()
            && self.inconsistent.is_empty()
            && self.child_failures.is_empty()
    }

    /// The figures as a Markdown table, with the first problems of each kind below it.
    pub fn markdown(&self) -> String {
        let reopen = Stats::of(&self.reopen);
        let kinds: Vec<String> = self
            .confirmed
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let mut out = format!(
            "| figure | value |\n|---|---:|\n\
             | seed | {} |\n| kills (SIGKILL) | {} |\n| of which while opening the office | {} |\n\
             | operations confirmed | {} ({}) |\n| lost | {} |\n| failed reopens | {} |\n\
             | reopens with indexes ≠ rebuild, a change-log hole or a broken audit chain | {} |\n\
             | children that failed on their own | {} |\n\
             | reopen (`Store::open`) p50 / p99 / worst | {:.1} ms / {:.1} ms / {:.1} ms |\n\
             | store at the end: members, change-log entries, audit entries | {}, {}, {} |\n\
             | storm duration | {:.1} s |\n",
            self.seed,
            self.kills,
            self.kills_while_opening,
            self.confirmed_total(),
            kinds.join(", "),
            self.lost.len(),
            self.failed_reopens.len(),
            self.inconsistent.len(),
            self.child_failures.len(),
            reopen.p50_us / 1000.0,
            reopen.p99_us / 1000.0,
            reopen.max_us / 1000.0,
            self.members,
            self.changes,
            self.audit_entries,
            self.elapsed.as_secs_f64(),
        );
        for (what, list) in [
            ("lost", &self.lost),
            ("failed reopen", &self.failed_reopens),
            ("inconsistent", &self.inconsistent),
            ("child failure", &self.child_failures),
        ] {
            for line in list.iter().take(10) {
                out.push_str(&format!("\n{what}: {line}"));
            }
        }
        out
    }
}

/// Everything the children reported done, over all runs.
#[derive(Debug, Default)]
struct Reported {
    /// Member number → the highest amendment number reported (0: none).
    members: BTreeMap<String, u64>,
    receipts: BTreeSet<String>,
    voids: BTreeSet<String>,
}

impl Reported {
    /// Takes one line of a child; the kind of a `done` line, if it was one.
    fn take(&mut self, line: &str) -> Option<&'static str> {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[..] {
            ["done", "register", no] => {
                self.members.entry(no.to_owned()).or_insert(0);
                Some("registrations")
            }
            ["done", "amend", no, k] => {
                let k: u64 = k.parse().ok()?;
                let last = self.members.entry(no.to_owned()).or_insert(0);
                *last = (*last).max(k);
                Some("amendments")
            }
            ["done", "pay", receipt, _member] => {
                self.receipts.insert(receipt.to_owned());
                Some("payments")
            }
            ["done", "void", receipt] => {
                self.voids.insert(receipt.to_owned());
                Some("voids")
            }
            _ => None,
        }
    }
}

/// Runs the storm: sets up the office, then `kills` times starts a child, kills it, reopens and checks.
pub fn run(cfg: &StormConfig, progress: &mut dyn Write) -> Result<StormReport> {
    let started = Instant::now();
    drop(
        Desk::init(&cfg.data, &office_setup(), &Actor::setup_user(), now())
            .map_err(|e| anyhow::anyhow!("setting up the office: {e}"))?,
    );
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let mut report = StormReport {
        seed: cfg.seed,
        ..StormReport::default()
    };
    let mut reported = Reported::default();
    for run in 1..=cfg.kills {
        // One kill in eight lands while the child is still opening the office (sled's recovery).
        let while_opening = rng.random_bool(0.125);
        let window = if while_opening {
            Duration::from_micros(rng.random_range(0..30_000))
        } else {
            Duration::from_micros(rng.random_range(0..=cfg.max_window.as_micros() as u64))
        };
        let child_seed: u64 = rng.random();
        let (lines, opened) = storm_once(cfg, run, child_seed, while_opening, window)?;
        if !opened {
            report.kills_while_opening += 1;
        }
        for line in &lines {
            if let Some(kind) = reported.take(line) {
                *report.confirmed.entry(kind).or_insert(0) += 1;
            } else if let Some(why) = line.strip_prefix("failed ") {
                report.child_failures.push(format!("run {run}: {why}"));
            }
        }
        report.kills = run;

        let t = Instant::now();
        let store = match Store::open(&cfg.data) {
            Ok(store) => store,
            Err(e) => {
                report.failed_reopens.push(format!("after kill {run}: {e}"));
                continue;
            }
        };
        report.reopen.push(t.elapsed());
        check(&store, &reported, run, &mut report)?;
        if run == cfg.kills {
            report.members = store.member_count();
            report.changes = store.last_change_seq()?;
            if let AuditVerdict::Intact { entries, .. } = store.verify_audit()? {
                report.audit_entries = entries;
            }
        }
        drop(store);
        if run % 10 == 0 || run == cfg.kills {
            writeln!(
                progress,
                "[storm] kill {run}/{}: {} operations confirmed, {} lost, {} failed reopens, {} inconsistent",
                cfg.kills,
                report.confirmed_total(),
                report.lost.len(),
                report.failed_reopens.len(),
                report.inconsistent.len()
            )?;
        }
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Starts one child, kills it after `window` (from its `ready`, or from its start when `while_opening`),
/// and returns every whole line it printed and whether it had opened the office.
fn storm_once(
    cfg: &StormConfig,
    run: u32,
    child_seed: u64,
    while_opening: bool,
    window: Duration,
) -> Result<(Vec<String>, bool)> {
    let mut child = Command::new(&cfg.child_exe)
        .arg("storm-child")
        .arg("--data")
        .arg(&cfg.data)
        .arg("--run")
        .arg(run.to_string())
        .arg("--seed")
        .arg(child_seed.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("starting {}", cfg.child_exe.display()))?;
    let stdout = child.stdout.take().context("child stdout")?;
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut stdout = BufReader::new(stdout);
        loop {
            let mut line = String::new();
            match stdout.read_line(&mut line) {
                // A line cut by the kill has no newline: the operation was not reported.
                Ok(n) if n > 0 && line.ends_with('\n') => {
                    if tx.send(line.trim_end().to_owned()).is_err() {
                        break;
                    }
                }
                _ => break,
            }
        }
    });
    let mut lines = Vec::new();
    let mut opened = false;
    if !while_opening {
        // The child says `ready` once `Desk::open` returned; in a debug build that takes a while.
        let deadline = Instant::now() + Duration::from_secs(60);
        while !opened {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => {
                    opened = line.starts_with("ready");
                    lines.push(line);
                }
                Err(_) => {
                    kill(&mut child)?;
                    bail!("storm child {run} neither opened the office nor failed within 60 s");
                }
            }
        }
    }
    std::thread::sleep(window);
    kill(&mut child)?;
    let _ = reader.join();
    for line in rx.try_iter() {
        opened |= line.starts_with("ready");
        lines.push(line);
    }
    Ok((lines, opened))
}

/// `SIGKILL` on Unix (what `Child::kill` sends there); `TerminateProcess` elsewhere.
fn kill(child: &mut Child) -> Result<()> {
    // An error here means the child already ended (it failed on its own): its lines say why.
    let _ = child.kill();
    child.wait().context("waiting for the killed child")?;
    Ok(())
}

/// The checks after one reopen; problems go into `report`, only a failing read is an error.
fn check(store: &Store, reported: &Reported, run: u32, report: &mut StormReport) -> Result<()> {
    for (no, amended) in &reported.members {
        match store.member(no)? {
            None => report.lost.push(format!("after kill {run}: member {no}")),
            Some(m) if *amended > 0 => {
                let stored = phone_number_of(&m.phone);
                if stored < *amended {
                    report.lost.push(format!(
                        "after kill {run}: amendment {amended} of {no} (phone {})",
                        m.phone
                    ));
                }
            }
            Some(_) => {}
        }
    }
    for receipt in &reported.receipts {
        if store.receipt(receipt)?.is_none() {
            report
                .lost
                .push(format!("after kill {run}: receipt {receipt}"));
        }
    }
    for receipt in &reported.voids {
        if store.void_of(receipt)?.is_none() {
            report
                .lost
                .push(format!("after kill {run}: void of {receipt}"));
        }
    }
    if store.index_contents()? != store.index_report()? {
        report
            .inconsistent
            .push(format!("after kill {run}: indexes differ from a rebuild"));
    }
    let last = store.last_change_seq()?;
    let mut expected = 1;
    for entry in store.changes_after(0) {
        let seq = entry?.seq;
        if seq != expected {
            report.inconsistent.push(format!(
                "after kill {run}: change log jumps from {} to {seq}",
                expected - 1
            ));
            break;
        }
        expected += 1;
    }
    if expected - 1 != last {
        report.inconsistent.push(format!(
            "after kill {run}: change log ends at {} but the counter is {last}",
            expected - 1
        ));
    }
    if let AuditVerdict::Broken { seq, why } = store.verify_audit()? {
        report.inconsistent.push(format!(
            "after kill {run}: audit chain broken at {seq}: {why:?}"
        ));
    }
    Ok(())
}

/// The amendment number a storm phone carries: its last 7 digits (`020 5KKKKKKK`, stored as E.164).
fn phone_number_of(phone: &str) -> u64 {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(7)..]
        .parse()
        .unwrap_or(0)
}

/// The storm child: opens the office, says `ready OPEN_US`, then registers, amends, pays and voids until
/// it is killed, printing each operation once its call returned. An operation that fails is printed as
/// `failed …` and ends the child (the parent reports it).
pub fn child(data: &Path, run: u32, seed: u64) -> Result<()> {
    let t = Instant::now();
    let desk = Desk::open(data).map_err(|e| anyhow::anyhow!("Desk::open: {e}"))?;
    // The phone-number library reads its metadata on first use (about 0.5 s in a debug build): done here,
    // before `ready`, so that the first amendment is not always the operation the kill interrupts.
    let _ = nssf_api::nssf_domain::phone::to_e164("020 5000 0000");
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {}", t.elapsed().as_micros())?;
    out.flush()?;
    let actor = Actor::setup_user();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // This run's members (their form and payments so far) and receipts not yet voided.
    let mut members: Vec<(String, Draft, u32)> = Vec::new();
    let mut receipts: Vec<String> = Vec::new();
    for op in 0..OPS_PER_RUN {
        let pick = rng.random_range(0..100);
        let result = if members.is_empty() || pick < 35 {
            register(&desk, &actor, run, op).map(|(no, draft)| {
                let line = format!("done register {no}");
                members.push((no, draft, 0));
                line
            })
        } else if pick < 55 {
            let i = rng.random_range(0..members.len());
            let (no, draft, _) = &mut members[i];
            // Unique over the whole storm, and growing within a member's run.
            let k = u64::from(run) * 1000 + u64::from(op);
            draft.phone = format!("020 5{k:07}");
            desk.amend(&actor, no, draft, now())
                .map(|_| format!("done amend {no} {k}"))
                .map_err(|e| format!("amend {no}: {e}"))
        } else if pick < 85 || receipts.is_empty() {
            let i = rng.random_range(0..members.len());
            let (no, _, paid) = &mut members[i];
            if *paid >= PAYMENTS_PER_MEMBER {
                continue;
            }
            *paid += 1;
            let request = PaymentRequest::cash_for_next(no.clone(), 1);
            desk.pay(&actor, &request, now())
                .map(|r| {
                    receipts.push(r.receipt_no.clone());
                    format!("done pay {} {no}", r.receipt_no)
                })
                .map_err(|e| format!("pay {no}: {e}"))
        } else {
            let receipt = receipts.swap_remove(rng.random_range(0..receipts.len()));
            desk.void(&actor, &receipt, "crash storm", now())
                .map(|_| format!("done void {receipt}"))
                .map_err(|e| format!("void {receipt}: {e}"))
        };
        match result {
            Ok(line) => {
                // Printed (and flushed: stdout is line-buffered) only now that the call returned.
                writeln!(out, "{line}")?;
                out.flush()?;
            }
            Err(why) => {
                writeln!(out, "failed {why}")?;
                out.flush()?;
                bail!("storm child: {why}");
            }
        }
    }
    // Numbers stay unique only within OPS_PER_RUN: wait for the kill.
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

/// Registers a storm applicant: an ID card and a name of its own.
fn register(desk: &Desk, actor: &Actor, run: u32, op: u32) -> Result<(String, Draft), String> {
    const NAMES: [(&str, &str); 4] = [
        ("ສົມສັກ", "Somsak"),
        ("ບຸນມີ", "Bounmy"),
        ("ແສງ", "Saeng"),
        ("ຄຳ", "Kham"),
    ];
    let (lao, latin) = NAMES[(op as usize) % NAMES.len()];
    let draft = applicant()
        .given(lao, latin)
        .id_card(&format!("K{run:04}{op:03}"))
        .draft();
    desk.register(actor, &draft, true, now())
        .map(|view| (view.member.member_no, view.draft))
        .map_err(|e| format!("register K{run:04}{op:03}: {e}"))
}
