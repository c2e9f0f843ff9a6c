//! sled's page cache on a loaded office: durable registration and the exact lookups, timed on an office
//! folder that `nssf-bench registration --dir` left (`DIR/nssf`), in a process whose cache is set by
//! `NSSF_SLED_CACHE_MB` (the store's measuring knob, `nssf_store`'s `sled_config`). Run once per cache
//! size on the same folder; `docs/benchmarks.md`, "The page cache at 1,000,000 members".
//!
//! `NSSF_SLED_CACHE_MB=1024 cargo run --release -p nssf-bench --example cache_at_scale -- DATA MEMBERS SEED`
//!
//! `SEED` must differ from the load's (1) modulo 100, and from earlier runs' on the same folder, so that
//! the applicants' documents are new (the demo embeds `seed % 100` in them).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use nssf_api::{Actor, Desk, RegistrationChoices};
use nssf_bench::{member_number, reopen};
use nssf_store::Store;

/// Registrations timed after the open (the first ones after opening a large store wait for sled).
const REGISTRATIONS: usize = 300;
/// Members looked up three ways.
const LOOKUPS: usize = 2000;

fn stats(label: &str, samples: &mut [Duration]) {
    samples.sort_unstable();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "| {label} | {} | {:.1?} | {:.1?} | {:.1?} |",
        samples.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: cache_at_scale DATA MEMBERS SEED";
    let data = PathBuf::from(args.next().ok_or_else(|| anyhow::anyhow!(usage))?);
    let members: u64 = args.next().ok_or_else(|| anyhow::anyhow!(usage))?.parse()?;
    let seed: u64 = args.next().ok_or_else(|| anyhow::anyhow!(usage))?.parse()?;
    let cache = std::env::var("NSSF_SLED_CACHE_MB").unwrap_or_else(|_| "256 (default)".into());

    let t = Instant::now();
    let desk = reopen(|| Desk::open(&data))?;
    let opened = t.elapsed();
    let actor = Actor::setup_user();
    let mut applicants = desk.demo_applicants(seed, nssf_api::office_date(Utc::now()));
    let choices = RegistrationChoices {
        confirm_duplicate: true,
        allow_backdate: true,
    };
    let mut registrations = Vec::with_capacity(REGISTRATIONS);
    while registrations.len() < REGISTRATIONS {
        let draft = applicants.next_draft();
        let t = Instant::now();
        let done = desk.register_with(&actor, &draft, choices, Utc::now());
        let took = t.elapsed();
        if done.is_ok() {
            registrations.push(took);
        }
    }
    drop(desk);

    let store = reopen(|| Store::open(&data))?;
    let (mut by_no, mut by_doc, mut by_phone) = (Vec::new(), Vec::new(), Vec::new());
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for _ in 0..LOOKUPS {
        // xorshift over the loaded members' counters.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let no = member_number(101, 1, 1 + state % members)?;
        let t = Instant::now();
        let member = store.member(&no)?;
        by_no.push(t.elapsed());
        let member = member.ok_or_else(|| anyhow::anyhow!("member {no} not in the folder"))?;
        let doc = member
            .document_keys()
            .next()
            .ok_or_else(|| anyhow::anyhow!("{no} has no document"))?;
        let t = Instant::now();
        let holder = store.member_by_document(&doc)?;
        by_doc.push(t.elapsed());
        anyhow::ensure!(holder.as_deref() == Some(no.as_str()), "document {doc}");
        let t = Instant::now();
        let holders = store.members_by_phone(&member.phone, 20)?;
        by_phone.push(t.elapsed());
        anyhow::ensure!(holders.contains(&no), "phone {}", member.phone);
    }

    println!("cache {cache} MiB; Desk::open {opened:.2?}");
    println!("| operation | samples | p50 | p99 | max |");
    println!("|---|---:|---:|---:|---:|");
    stats("durable registration (through the API)", &mut registrations);
    stats("exact lookup: member number", &mut by_no);
    stats("exact lookup: document number", &mut by_doc);
    stats("exact lookup: phone", &mut by_phone);
    Ok(())
}
