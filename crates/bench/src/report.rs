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
