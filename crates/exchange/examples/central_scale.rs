//! The central office at scale (issue 16), scaled down to what one run can finish: DISTRICTS districts ×
//! 2 workstations × WEEKS weekly batches (MEMBERS registrations and PAYMENTS payments in a first week,
//! half as many in each later one), imported into sled by one importer and into PostgreSQL by two at once
//! (each through its own connection, as two `central import` processes); then the database's size and
//! the p99 of `central report` and of a member's look-up.
//!
//! `cargo run --release -p nssf-exchange --example central_scale DISTRICTS WEEKS MEMBERS PAYMENTS [DB_URL]`
//! (without `DB_URL`, a throw-away PostgreSQL server is started, as the tests do). The batches are made
//! without an office app: the records of one office's real batch, renumbered per workstation, week and
//! record, and signed with a key per workstation; every record is one the rules accept.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{NaiveDate, Utc};
use ed25519_dalek::{Signer, SigningKey};
use nssf_api::{Actor, Desk, MonthsChoice, OfficeSetup, PaymentRequest};
use nssf_central_pg::Environment;
use nssf_domain::change::{ChangeEntry, ChangeKind};
use nssf_domain::{MemberNumber, ReceiptNumber};
use nssf_exchange::batch::{self, BatchInput, NO_PREVIOUS};
use nssf_exchange::{CentralStore, Plaintext, TrustRequest};
use rand::{Rng, SeedableRng};
use serde_json::Value;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// A registration and a payment record of a real office, to renumber.
struct Templates {
    member: Value,
    receipt: Value,
}

fn templates(dir: &std::path::Path) -> Result<Templates, Failure> {
    let actor = Actor::setup_user();
    let now = Utc::now();
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    };
    let desk = Desk::init(dir, &setup, &actor, now)?;
    let hospitals = desk.hospitals().into_iter().map(|h| h.code).collect();
    let mut applicants = nssf_api::demo::DemoApplicants::new(
        desk.reference(),
        hospitals,
        7,
        nssf_api::office_date(now),
    );
    let member_no = loop {
        if let Ok(no) = desk.register_bulk(&actor, &applicants.next_draft(), now) {
            break no;
        }
    };
    let request = PaymentRequest {
        member_no,
        months: MonthsChoice::Next { count: 1 },
        method: "cash".into(),
        reference: String::new(),
        paid_on: String::new(),
        skip_arrears: false,
        allow_backdate: false,
    };
    desk.pay(&actor, &request, now)?;
    let (_, key) = nssf_exchange::keys::parse_office_key(&desk.office_public_key())?;
    let bytes = desk.export_batch(&actor, now)?.bytes;
    let b = batch::open(&bytes, None, &|_| Some(key))?;
    let record = |kind: ChangeKind| -> Result<Value, Failure> {
        Ok(b.entries
            .iter()
            .find(|e| e.kind == kind)
            .ok_or("the template batch lacks a record")?
            .record
            .clone())
    };
    Ok(Templates {
        member: record(ChangeKind::MemberRegistered)?,
        receipt: record(ChangeKind::PaymentRecorded)?,
    })
}

/// One workstation: its code, key and batches, made ahead of the timed imports.
struct Workstation {
    key_file: String,
    batches: Vec<Vec<u8>>,
    records: usize,
    members: Vec<String>,
}

fn workstation(
    t: &Templates,
    district: u16,
    ws: u8,
    weeks: u64,
    members: usize,
    payments: usize,
) -> Result<Workstation, Failure> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(u64::from(district) * 100 + u64::from(ws));
    let key = SigningKey::from_bytes(&rng.random());
    let (office, code) = (format!("{district:04}"), format!("{ws:02}"));
    let key_file = format!(
        "{}\noffice {office}-{code}\ned25519 {}\n",
        nssf_exchange::keys::OFFICE_HEADER,
        STANDARD.encode(key.verifying_key().as_bytes())
    );
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).ok_or("date")?;
    let (mut seq, mut previous, mut receipts) = (0u64, NO_PREVIOUS.to_owned(), 0u32);
    let mut numbers = Vec::new();
    let mut out = Workstation {
        key_file,
        batches: Vec::new(),
        records: 0,
        members: Vec::new(),
    };
    for week in 1..=weeks {
        let shrink = if week == 1 { 1 } else { 2 };
        let day = start + chrono::Duration::days(7 * (week as i64 - 1));
        let at = day.and_hms_opt(10, 0, 0).ok_or("time")?.and_utc();
        let first_seq = seq + 1;
        let mut entries = Vec::new();
        for _ in 0..members / shrink {
            let no = MemberNumber {
                district,
                workstation: ws,
                counter: numbers.len() as u32 + 1,
            }
            .to_string();
            let mut record = t.member.clone();
            record["member_no"] = no.clone().into();
            record["registered_on"] = day.to_string().into();
            seq += 1;
            entries.push(ChangeEntry {
                seq,
                at,
                actor: "setup".into(),
                kind: ChangeKind::MemberRegistered,
                key: no.clone(),
                record,
            });
            numbers.push(no);
        }
        for _ in 0..payments / shrink {
            receipts += 1;
            let no = ReceiptNumber {
                district,
                workstation: ws,
                year: 2026,
                counter: receipts,
            }
            .to_string();
            let mut record = t.receipt.clone();
            record["receipt_no"] = no.clone().into();
            record["member_no"] = numbers[rng.random_range(0..numbers.len())].clone().into();
            record["paid_on"] = day.to_string().into();
            seq += 1;
            entries.push(ChangeEntry {
                seq,
                at,
                actor: "setup".into(),
                kind: ChangeKind::PaymentRecorded,
                key: no,
                record,
            });
        }
        out.records += entries.len();
        let written = batch::write(
            &BatchInput {
                office: &office,
                workstation: &code,
                batch: week,
                previous_sha256: &previous,
                first_seq,
                entries: &entries,
                audit: &[],
                signer: key.verifying_key(),
            },
            &|m| key.sign(m).to_bytes(),
        )?;
        previous = written.sha256;
        out.batches.push(written.plaintext);
    }
    out.members = numbers;
    Ok(out)
}

fn trust(store: &CentralStore, w: &Workstation) -> Result<(), Failure> {
    let request = TrustRequest {
        office_key_file: &w.key_file,
        succeeds: None,
        replace: false,
    };
    store.trust(&request, Utc::now())?;
    Ok(())
}

/// Imports each workstation's batches in order, one workstation after the other.
fn import_all(store: &CentralStore, ws: &[Workstation]) -> Result<(), Failure> {
    for w in ws {
        for b in &w.batches {
            store.import_at(b, Plaintext::Allowed, Utc::now())?;
        }
    }
    Ok(())
}

/// The median and the 99th percentile.
fn percentiles(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |p: usize| times[(times.len() * p).div_ceil(100).saturating_sub(1)];
    (at(50), at(99))
}

type Percentiles = (Duration, Duration);

/// The report's and a member look-up's median and p99.
fn queries(
    store: &CentralStore,
    ws: &[Workstation],
) -> Result<(Percentiles, Percentiles), Failure> {
    let mut report = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        store.report()?;
        report.push(t.elapsed());
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut lookups = Vec::new();
    for _ in 0..1000 {
        let w = &ws[rng.random_range(0..ws.len())];
        let no = &w.members[rng.random_range(0..w.members.len())];
        let t = Instant::now();
        store.member(no)?.ok_or("a member not found")?;
        lookups.push(t.elapsed());
    }
    Ok((percentiles(report), percentiles(lookups)))
}

fn folder_size(dir: &std::path::Path) -> u64 {
    let mut size = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        match entry.metadata() {
            Ok(m) if m.is_dir() => size += folder_size(&path),
            Ok(m) => size += m.len(),
            Err(_) => {}
        }
    }
    size
}

/// `pg_database_size` through `psql` (from `PATH`, else Debian's `/usr/lib/postgresql/*/bin`).
fn database_size(url: &str) -> Result<u64, Failure> {
    let mut psql = std::path::PathBuf::from("psql");
    if let Ok(dirs) = std::fs::read_dir("/usr/lib/postgresql") {
        for dir in dirs.flatten() {
            let candidate = dir.path().join("bin/psql");
            if candidate.exists() {
                psql = candidate;
            }
        }
    }
    let out = std::process::Command::new(psql)
        .args([url, "-Atc", "SELECT pg_database_size(current_database())"])
        .output()?;
    Ok(String::from_utf8(out.stdout)?.trim().parse()?)
}

fn main() -> Result<(), Failure> {
    let mut args = std::env::args().skip(1);
    let districts: u16 = args.next().map_or(Ok(148), |a| a.parse())?;
    let weeks: u64 = args.next().map_or(Ok(4), |a| a.parse())?;
    let members: usize = args.next().map_or(Ok(5_000), |a| a.parse())?;
    let payments: usize = args.next().map_or(Ok(20_000), |a| a.parse())?;
    let url = match args.next() {
        Some(url) => url,
        None => nssf_test_support::postgres::server().new_database_url(),
    };
    let tmp = tempfile::tempdir()?;
    let t = templates(&tmp.path().join("office"))?;
    let made = Instant::now();
    let mut all = Vec::new();
    for i in 0..districts {
        // 148 district codes over 15 provinces, as the gazetteer's PPDD codes.
        let district = (1 + i / 10) * 100 + 1 + i % 10;
        for ws in [1u8, 2] {
            all.push(workstation(&t, district, ws, weeks, members, payments)?);
        }
    }
    let records: usize = all.iter().map(|w| w.records).sum();
    eprintln!(
        "{} workstations, {records} records, made in {:.1} s",
        all.len(),
        made.elapsed().as_secs_f64()
    );

    let sled_dir = tmp.path().join("sled");
    let sled = CentralStore::init(&sled_dir)?;
    for w in &all {
        trust(&sled, w)?;
    }
    let start = Instant::now();
    import_all(&sled, &all)?;
    let sled_time = start.elapsed();
    let (sled_report, sled_member) = queries(&sled, &all)?;
    drop(sled);
    let sled_size = folder_size(&sled_dir.join("db"));

    let env = Environment::read();
    let url_text = url.clone();
    let url: nssf_central_pg::DbUrl = url.parse()?;
    let pg_dir = tmp.path().join("pg");
    let first = nssf_central_pg::init(&pg_dir, &url, &env)?;
    for w in &all {
        trust(&first, w)?;
    }
    let second = nssf_central_pg::open(&pg_dir, &url, &env)?;
    let (one, two) = all.split_at(all.len() / 2);
    let start = Instant::now();
    std::thread::scope(|s| -> Result<(), Failure> {
        let a = s.spawn(|| import_all(&first, one));
        let b = s.spawn(|| import_all(&second, two));
        a.join().map_err(|_| "an importer panicked")??;
        b.join().map_err(|_| "an importer panicked")??;
        Ok(())
    })?;
    let pg_time = start.elapsed();
    let (pg_report, pg_member) = queries(&first, &all)?;
    let pg_size = database_size(&url_text)?;

    let rate = |d: Duration| records as f64 / d.as_secs_f64();
    let mb = |b: u64| b as f64 / 1_048_576.0;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("| store | importers | records | time | records/s | size | report p50 / p99 | member p50 / p99 |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (store, importers, time, size, report, member) in [
        ("sled", 1, sled_time, sled_size, sled_report, sled_member),
        ("PostgreSQL", 2, pg_time, pg_size, pg_report, pg_member),
    ] {
        println!(
            "| {store} | {importers} | {records} | {:.1} s | {:.0} | {:.0} MB | {:.1} / {:.1} ms | {:.2} / {:.2} ms |",
            time.as_secs_f64(),
            rate(time),
            mb(size),
            ms(report.0),
            ms(report.1),
            ms(member.0),
            ms(member.1)
        );
    }
    Ok(())
}
