//! What a registration run measured, and its three renderings: the Markdown table, the goals met or
//! missed, and the raw numbers as JSON.

use std::time::Duration;

use crate::{Operation, Stats};

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
    /// `Desk::open` in a fresh process after a writer was killed mid-write, once per kill (empty when the
    /// step was skipped).
    pub crash_open: Vec<Duration>,
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
            let vs_fsync = if op.key.starts_with("register") || op.key == "pay" {
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
        if !self.crash_open.is_empty() {
            let c = Stats::of(&self.crash_open);
            out.push_str(&format!(
                "\nOpen after a crash (a writer of durable registrations SIGKILLed mid-write, then `Desk::open` in a fresh process), {} kills: p50 {}, max {}\n",
                c.samples,
                ms(c.p50_us),
                ms(c.max_us)
            ));
        }
        out
    }

    /// Issue 13's goals at 1M members, each met or missed, with the figure behind it.
    pub fn goals(&self) -> Vec<(String, bool)> {
        let fsync = Stats::of(&self.fsync);
        let mut goals = Vec::new();
        for op in &self.operations {
            let n = Stats::of(&op.nssf);
            let s = Stats::of(&op.sqlite);
            if op.key == "register" || op.key == "pay" {
                let r = n.p50_us / fsync.p50_us;
                goals.push((
                    format!(
                        "{} p50 ≤ 2× bare fsync: {r:.2}× ({} vs {})",
                        op.label,
                        ms(n.p50_us),
                        ms(fsync.p50_us)
                    ),
                    r <= 2.0,
                ));
                let r = n.p50_us / s.p50_us;
                goals.push((
                    format!(
                        "{} p50 ≤ 1.0× SQLite: {r:.2}× ({} vs {})",
                        op.label,
                        ms(n.p50_us),
                        ms(s.p50_us)
                    ),
                    r <= 1.0,
                ));
            }
            if op.key.starts_with("lookup") || op.key.starts_with("search") {
                let r = n.p99_us / s.p99_us;
                goals.push((
                    format!(
                        "{} p99 ≤ 1 ms and ≤ 1.0× SQLite's p99: {} ({r:.2}× SQLite's {})",
                        op.label,
                        ms(n.p99_us),
                        ms(s.p99_us)
                    ),
                    n.p99_us <= 1000.0 && r <= 1.0,
                ));
            }
        }
        let disk = self.nssf_bytes as f64 / self.sqlite_bytes.max(1) as f64;
        goals.push((
            format!(
                "disk ≤ 1.5× SQLite's: {disk:.2}× ({:.0} MB vs {:.0} MB)",
                self.nssf_bytes as f64 / 1e6,
                self.sqlite_bytes as f64 / 1e6
            ),
            disk <= 1.5,
        ));
        let load = self.nssf_load.as_secs_f64() / self.sqlite_load.as_secs_f64().max(1e-9);
        goals.push((
            format!(
                "load ≤ 1.5× SQLite's: {load:.2}× ({:.1?} vs {:.1?})",
                self.nssf_load, self.sqlite_load
            ),
            load <= 1.5,
        ));
        if !self.crash_open.is_empty() {
            let c = Stats::of(&self.crash_open);
            goals.push((
                format!(
                    "open after a crash ≤ 2 s: p50 {} of {} kills",
                    ms(c.p50_us),
                    c.samples
                ),
                c.p50_us <= 2_000_000.0,
            ));
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
            "crash_open": Stats::of(&self.crash_open).json(),
            "crash_open_ns": ns(&self.crash_open),
            "goals": self.goals().into_iter().map(|(g, met)| serde_json::json!({"goal": g, "met": met})).collect::<Vec<_>>(),
        })
    }
}
