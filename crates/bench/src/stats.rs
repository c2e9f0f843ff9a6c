//! Timing summaries: the samples of one operation on each store, and their percentiles.

use std::time::Duration;

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

    pub(crate) fn json(&self) -> serde_json::Value {
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
    pub(crate) fn new(key: &'static str, label: &'static str) -> Operation {
        Operation {
            key,
            label,
            nssf: Vec::new(),
            sqlite: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        let s = Stats::of(&v);
        assert_eq!((s.p50_us, s.p99_us, s.samples), (50.0, 99.0, 100));
    }
}
