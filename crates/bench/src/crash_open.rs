//! "Open after a crash" (issue 13's goal: ≤ 2 s at 1M members): a child process opens the loaded office
//! and registers members durably, one after another, until it is killed (`SIGKILL` on Unix) in the middle
//! of that, [`WRITING`] after it opened the office; then a fresh process times `Desk::open` of the folder
//! (sled's recovery included), through the start-up probe (`nssf-bench startup-probe`). Repeated a few
//! times; the report takes the p50.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use chrono::Utc;
use nssf_api::{Actor, Desk};

use crate::register::BACKDATED;

/// How long the child writes after it said `ready`, before the kill. At 1M members the first
/// registrations after an open stall for about 2 s (measured with `strace` on the writer: 3 commits,
/// then 2.2 s without one, then 40–80 a second), so a shorter window kills it before it writes much.
const WRITING: Duration = Duration::from_secs(4);
/// Generator seeds of the writers: the demo's document numbers embed `seed % 100`, so a writer's seed
/// must differ from [`DEMO_SEED`](crate::DEMO_SEED) modulo 100, or every applicant is refused as a
/// document already on file and nothing is written.
const FIRST_WRITER_SEED: u64 = 50;
/// The longest the child may take to open the office (a debug build at 1M members is slow).
const OPENING: Duration = Duration::from_secs(180);

/// The child (`nssf-bench crash-writer`): opens the office, prints `ready`, then registers demo
/// applicants of generator seed `seed` durably until it is killed. A refused registration (a demo
/// document already on file) is skipped: the point is the writing, not the member.
pub fn writer(data: &Path, seed: u64) -> Result<()> {
    let desk =
        Desk::open(data).map_err(|e| anyhow::anyhow!("Desk::open {}: {e}", data.display()))?;
    let actor = Actor::setup_user();
    let mut applicants = desk.demo_applicants(seed, nssf_api::office_date(Utc::now()));
    println!("ready");
    loop {
        let draft = applicants.next_draft();
        let _ = desk.register_with(&actor, &draft, BACKDATED, Utc::now());
    }
}

/// `kills` times: starts a writer on `data`, kills it [`WRITING`] after it opened the office, then times
/// `Desk::open` in a fresh process (`exe startup-probe`). Returns the open times.
pub(crate) fn run(exe: &Path, data: &Path, kills: u32, query: &str) -> Result<Vec<Duration>> {
    let mut opens = Vec::new();
    for kill in 1..=kills {
        let mut child = Command::new(exe)
            .arg("crash-writer")
            .arg("--data")
            .arg(data)
            .arg("--seed")
            .arg((FIRST_WRITER_SEED + u64::from(kill)).to_string())
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", exe.display()))?;
        let stdout = child.stdout.take().context("writer stdout")?;
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let ready = rx.recv_timeout(OPENING).unwrap_or_default();
        if ready.trim() != "ready" {
            let _ = child.kill();
            let _ = child.wait();
            bail!("crash writer {kill} did not open the office: {ready:?}");
        }
        std::thread::sleep(WRITING);
        // `Child::kill` is SIGKILL on Unix: no destructor, no flush.
        child.kill().context("killing the writer")?;
        child.wait().context("waiting for the killed writer")?;
        let _ = reader.join();

        let t = Instant::now();
        let out = Command::new(exe)
            .arg("startup-probe")
            .arg("--data")
            .arg(data)
            .arg("--query")
            .arg(query)
            .output()
            .context("running the start-up probe")?;
        let line = String::from_utf8_lossy(&out.stdout);
        let Some(open_us) = line
            .split_whitespace()
            .next()
            .and_then(|f| f.parse::<u64>().ok())
        else {
            bail!(
                "open after kill {kill} failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let open = Duration::from_micros(open_us);
        eprintln!(
            "[nssf-bench] kill {kill}: Desk::open after the crash {open:.2?} (probe process {:.2?})",
            t.elapsed()
        );
        opens.push(open);
    }
    Ok(opens)
}
