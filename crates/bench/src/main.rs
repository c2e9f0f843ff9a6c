//! `nssf-bench`: the registration/search benchmark (nssf store vs SQLite) and the store's start-up time.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};
use clap::{Parser, Subcommand};
use nssf_bench::{probe, run_registration, Config, Stats};

#[derive(Debug, Parser)]
#[command(name = "nssf-bench", about = "NSSF Desk store benchmarks")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Loads N demo members into nssf and SQLite, then times registration, lookups and name search on both.
    Registration {
        #[arg(long)]
        members: u64,
        /// Samples per lookup and search operation.
        #[arg(long, default_value_t = 2000)]
        samples: usize,
        /// Samples per name-search operation (default: --samples).
        #[arg(long)]
        search_samples: Option<usize>,
        /// Samples of durable registration and of the bare fsync baseline.
        #[arg(long, default_value_t = 300)]
        registration_samples: usize,
        /// An empty (or new) folder for the stores; a temporary folder when omitted.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Writes every sample and the summaries as JSON.
        #[arg(long)]
        out_json: Option<PathBuf>,
    },
    /// Times, in fresh processes, process start → `Desk::open` → first name search returned.
    Startup {
        /// An office data folder (e.g. `<dir>/nssf` left by `registration --dir <dir>`).
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value_t = 10)]
        runs: usize,
        #[arg(long, default_value = "Somsak")]
        query: String,
    },
    /// Cards, receipts, coverage and payments (the card and contribution issues' figures).
    Documents {
        #[arg(long, default_value_t = 200)]
        samples: usize,
        /// Cards on the A4 run.
        #[arg(long, default_value_t = 1000)]
        cards: usize,
    },
    /// The crash storm: a child doing registrations, amendments, payments and voids is killed (SIGKILL)
    /// KILLS times at random moments; after each kill the office is reopened and checked. Exit 1 if
    /// anything reported done was lost, a reopen failed or a check did not hold.
    Storm {
        #[arg(long, default_value_t = 1000)]
        kills: u32,
        /// Seeds the kill moments and the operations (default: from the clock; printed either way).
        #[arg(long)]
        seed: Option<u64>,
        /// The longest a child works after opening the office before it is killed, in milliseconds.
        #[arg(long, default_value_t = 200)]
        max_window_ms: u64,
        /// An empty (or new) folder for the office; a temporary folder when omitted.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// The report and the arrears list (issue 14) over an office of MEMBERS members and PAYMENTS payments,
    /// built into --dir (or a temporary folder) unless --dir already holds one.
    Outreach {
        #[arg(long, default_value_t = 50_000)]
        members: u64,
        #[arg(long, default_value_t = 600_000)]
        payments: u64,
        /// Runs of each timed operation.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Times only the operations whose name contains this text.
        #[arg(long, default_value = "")]
        only: String,
    },
    /// The storm's child (spawned by `storm`): prints `ready OPEN_US`, then `done KIND ID…` per operation.
    #[command(hide = true)]
    StormChild {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        run: u32,
        #[arg(long)]
        seed: u64,
    },
    /// The "open after a crash" writer (spawned by `registration`): prints `ready` once the office is
    /// open, then registers members durably until it is killed.
    #[command(hide = true)]
    CrashWriter {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        seed: u64,
    },
    /// One start-up measurement (spawned by `startup`): prints `open_us first_search_us hits`.
    #[command(hide = true)]
    StartupProbe {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        query: String,
    },
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Registration {
            members,
            samples,
            search_samples,
            registration_samples,
            dir,
            out_json,
        } => {
            let cfg = Config {
                members,
                lookup_samples: samples,
                search_samples: search_samples.unwrap_or(samples),
                registration_samples,
                dir,
                verbose: true,
                child_exe: Some(std::env::current_exe().context("locating nssf-bench")?),
            };
            let report = run_registration(&cfg)?;
            println!("{}", report.markdown());
            println!("Goals:");
            for (goal, met) in report.goals() {
                println!("- {}: {goal}", if met { "met" } else { "MISSED" });
            }
            if let Some(path) = out_json {
                std::fs::write(&path, serde_json::to_vec_pretty(&report.json())?)
                    .with_context(|| format!("writing {}", path.display()))?;
                eprintln!("[nssf-bench] raw numbers written to {}", path.display());
            }
        }
        Cmd::Startup { data, runs, query } => startup(&data, runs, &query)?,
        Cmd::Documents { samples, cards } => {
            let (lines, notes) = nssf_bench::documents::run(samples, cards)?;
            println!("{}", nssf_bench::documents::markdown(&lines, &notes));
        }
        Cmd::Storm {
            kills,
            seed,
            max_window_ms,
            dir,
        } => storm(kills, seed, max_window_ms, dir)?,
        Cmd::Outreach {
            members,
            payments,
            runs,
            dir,
            only,
        } => {
            let cfg = nssf_bench::outreach::OutreachConfig {
                members,
                payments,
                runs,
                dir,
                only,
            };
            let run = nssf_bench::outreach::run(&cfg)?;
            println!("{}", nssf_bench::outreach::markdown(&run));
        }
        Cmd::StormChild { data, run, seed } => nssf_bench::storm::child(&data, run, seed)?,
        Cmd::CrashWriter { data, seed } => nssf_bench::crash_open::writer(&data, seed)?,
        Cmd::StartupProbe { data, query } => {
            let p = probe(&data, &query)?;
            println!(
                "{} {} {}",
                p.open.as_micros(),
                p.first_search.as_micros(),
                p.hits
            );
        }
    }
    Ok(())
}

fn storm(kills: u32, seed: Option<u64>, max_window_ms: u64, dir: Option<PathBuf>) -> Result<()> {
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    let temp = tempfile::tempdir()?;
    let data = dir.unwrap_or_else(|| temp.path().join("office"));
    println!(
        "crash storm: {kills} kills, seed {seed}, office {}",
        data.display()
    );
    let cfg = nssf_bench::storm::StormConfig {
        child_exe: std::env::current_exe().context("locating nssf-bench")?,
        data,
        kills,
        seed,
        max_window: std::time::Duration::from_millis(max_window_ms),
    };
    let report = nssf_bench::storm::run(&cfg, &mut std::io::stderr())?;
    println!("{}", report.markdown());
    if !report.passed() {
        bail!(
            "the crash storm found lost operations, failed reopens or broken checks (seed {seed})"
        );
    }
    Ok(())
}

fn startup(data: &std::path::Path, runs: usize, query: &str) -> Result<()> {
    let exe = std::env::current_exe().context("locating nssf-bench")?;
    let (mut total, mut open, mut search) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let t = Instant::now();
        let mut child = Command::new(&exe)
            .arg("startup-probe")
            .arg("--data")
            .arg(data)
            .arg("--query")
            .arg(query)
            .stdout(Stdio::piped())
            .spawn()
            .context("spawning the probe")?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("probe stdout")?).read_line(&mut line)?;
        let elapsed = t.elapsed();
        let status = child.wait()?;
        let fields: Vec<u64> = line
            .split_whitespace()
            .filter_map(|f| f.parse().ok())
            .collect();
        let [o, s, hits] = fields[..] else {
            bail!("probe failed ({status}): {line:?}")
        };
        eprintln!(
            "[nssf-bench] run {}: process start → first search {:.1?} (Desk::open {o} µs, search {s} µs, {hits} hits)",
            run + 1,
            elapsed
        );
        total.push(elapsed);
        open.push(std::time::Duration::from_micros(o));
        search.push(std::time::Duration::from_micros(s));
    }
    println!(
        "| measure ({runs} runs, fresh process each) | p50 | max | mean |\n|---|---:|---:|---:|"
    );
    for (name, v) in [
        ("process start → first search returned", &total),
        ("  Desk::open (sled open + recovery)", &open),
        ("  first search", &search),
    ] {
        let s = Stats::of(v);
        println!(
            "| {} | {:.1} ms | {:.1} ms | {:.1} ms |",
            name.trim(),
            s.p50_us / 1000.0,
            s.max_us / 1000.0,
            s.mean_us / 1000.0
        );
    }
    Ok(())
}
