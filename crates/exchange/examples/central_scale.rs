//! The central office at scale (issue 16): DISTRICTS districts × 2 workstations × WEEKS weekly batches
//! (MEMBERS registrations and PAYMENTS payments in a first week, half as many in each later one),
//! imported into sled by one importing process and into PostgreSQL by two importing processes at once,
//! each importing half of the workstations, as two `central import` runs would; then the store's size and
//! the p50/p99 of `central report` and of a member's look-up.
//!
//! ```text
//! cargo run --release -p nssf-exchange --example central_scale -- DISTRICTS WEEKS MEMBERS PAYMENTS \
//!     [--db URL] [--stores sled,postgres] [--work DIR]
//! ```
//!
//! `--db` names an empty database (the password from `PGPASSWORD` or `~/.pgpass`, as for `central`);
//! without it a throw-away server is started as the tests do, which runs without fsync: good for trying
//! the benchmark, not for figures. `--stores` picks the stores and their order (both by default, sled
//! first); each store is deleted once its figures are taken (a database given with `--db` is emptied
//! by the operator: `dropdb`). `--work` is where the stores and the key folders go (default: a temporary
//! folder).
//!
//! The importers are processes: this program runs itself again (`central_scale import-child …`) once per
//! importer. Each child makes its workstations' batches (untimed: the records of one office's real
//! batch, renumbered per workstation, week and record, and signed with a key per workstation; every
//! record is one the rules accept), says it is ready, and imports them in order when told to start. The
//! time is from the start signal to the last child's end.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{NaiveDate, Utc};
use ed25519_dalek::{Signer, SigningKey};
use nssf_api::{Actor, Desk, OfficeSetup, PaymentRequest};
use nssf_central_pg::{DbUrl, Environment};
use nssf_domain::change::{ChangeEntry, ChangeKind};
use nssf_domain::{MemberNumber, ReceiptNumber};
use nssf_exchange::batch::{self, BatchInput, NO_PREVIOUS};
use nssf_exchange::{CentralStore, Plaintext, TrustRequest};
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::Value;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// The environment variable that hands the database URL to a child (not its arguments, which any user
/// of the machine can read with `ps`).
const CHILD_DB: &str = "CENTRAL_SCALE_DB";

/// A registration and a payment record of a real office, to renumber.
#[derive(Serialize, Deserialize)]
struct Templates {
    member: Value,
    receipt: Value,
}

fn templates(dir: &Path) -> Result<Templates, Failure> {
    let actor = Actor::setup_user();
    let now = Utc::now();
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    };
    let desk = Desk::init(dir, &setup, &actor, now)?;
    let mut applicants = desk.demo_applicants(7, nssf_api::office_date(now));
    let member_no = loop {
        if let Ok(no) = desk.register_bulk(&actor, &applicants.next_draft(), now) {
            break no;
        }
    };
    let request = PaymentRequest::cash_for_next(member_no, 1);
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

/// What every process agrees on: the sizes, hence every workstation's code, key and records.
#[derive(Debug, Clone, Copy)]
struct Scale {
    districts: u16,
    weeks: u64,
    members: usize,
    payments: usize,
}

impl Scale {
    fn workstations(&self) -> usize {
        usize::from(self.districts) * 2
    }

    /// Workstation `i`'s district and code: 148 district codes over 15 provinces, as the gazetteer's
    /// PPDD codes, two workstations each.
    fn workstation(&self, i: usize) -> (u16, u8) {
        let d = (i / 2) as u16;
        ((1 + d / 10) * 100 + 1 + d % 10, 1 + (i % 2) as u8)
    }

    /// The registrations and payments of `week` (1 is the first).
    fn week(&self, week: u64) -> (usize, usize) {
        let shrink = if week == 1 { 1 } else { 2 };
        (self.members / shrink, self.payments / shrink)
    }

    /// The members a workstation registers over all weeks.
    fn members_per_workstation(&self) -> usize {
        (1..=self.weeks).map(|w| self.week(w).0).sum()
    }

    fn records(&self) -> usize {
        let per: usize = (1..=self.weeks)
            .map(|w| self.week(w).0 + self.week(w).1)
            .sum();
        per * self.workstations()
    }
}

/// Workstation `(district, ws)`'s signing key, the same in every process.
fn signing_key(district: u16, ws: u8) -> SigningKey {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(u64::from(district) * 100 + u64::from(ws));
    SigningKey::from_bytes(&rng.random())
}

fn key_file(district: u16, ws: u8) -> String {
    format!(
        "{}\noffice {district:04}-{ws:02}\ned25519 {}\n",
        nssf_exchange::keys::OFFICE_HEADER,
        STANDARD.encode(signing_key(district, ws).verifying_key().as_bytes())
    )
}

/// One workstation's weekly batches, in order, plain (`central import --allow-plaintext`).
fn batches(t: &Templates, scale: &Scale, district: u16, ws: u8) -> Result<Vec<Vec<u8>>, Failure> {
    let key = signing_key(district, ws);
    // Which member each payment names: a stream of its own, so it never depends on the key's.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(
        1_000_000 + u64::from(district) * 100 + u64::from(ws),
    );
    let (office, code) = (format!("{district:04}"), format!("{ws:02}"));
    let start = NaiveDate::from_ymd_opt(2026, 10, 5).ok_or("date")?;
    let (mut seq, mut previous, mut receipts) = (0u64, NO_PREVIOUS.to_owned(), 0u32);
    let mut numbers: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for week in 1..=scale.weeks {
        let (members, payments) = scale.week(week);
        let day = start + chrono::Duration::days(7 * (week as i64 - 1));
        let at = day.and_hms_opt(10, 0, 0).ok_or("time")?.and_utc();
        let first_seq = seq + 1;
        let mut entries = Vec::with_capacity(members + payments);
        for _ in 0..members {
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
        for _ in 0..payments {
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
        out.push(written.plaintext);
    }
    Ok(out)
}

/// Where the stores' records go.
#[derive(Debug, Clone)]
enum Store {
    Sled,
    /// The URL, and its text as given (password included) for the children's environment only.
    Postgres(DbUrl, String),
}

impl Store {
    fn name(&self) -> &'static str {
        match self {
            Store::Sled => "sled",
            Store::Postgres(..) => "PostgreSQL",
        }
    }

    fn init(&self, dir: &Path) -> Result<CentralStore, Failure> {
        Ok(match self {
            Store::Sled => CentralStore::init(dir)?,
            Store::Postgres(url, _) => nssf_central_pg::init(dir, url, &Environment::read())?,
        })
    }

    fn open(&self, dir: &Path) -> Result<CentralStore, Failure> {
        Ok(match self {
            Store::Sled => CentralStore::open(dir)?,
            Store::Postgres(url, _) => nssf_central_pg::open(dir, url, &Environment::read())?,
        })
    }
}

/// `import-child TEMPLATES DISTRICTS WEEKS MEMBERS PAYMENTS CDIR FROM TO`: makes the batches of
/// workstations FROM..TO, prints `ready`, waits for a line on standard input, imports them into the
/// store of CDIR (PostgreSQL when `CENTRAL_SCALE_DB` is set, else sled), prints `done MS`.
fn child(mut args: impl Iterator<Item = String>) -> Result<(), Failure> {
    let mut next = || args.next().ok_or("import-child: too few arguments");
    let templates: Templates = serde_json::from_slice(&std::fs::read(next()?)?)?;
    let scale = Scale {
        districts: next()?.parse()?,
        weeks: next()?.parse()?,
        members: next()?.parse()?,
        payments: next()?.parse()?,
    };
    let dir = PathBuf::from(next()?);
    let (from, to): (usize, usize) = (next()?.parse()?, next()?.parse()?);
    let store = match std::env::var(CHILD_DB) {
        Ok(text) => Store::Postgres(text.parse()?, text),
        Err(_) => Store::Sled,
    };
    let mut all = Vec::new();
    for i in from..to {
        let (district, ws) = scale.workstation(i);
        all.push(batches(&templates, &scale, district, ws)?);
    }
    // Opened before the start signal, as a `central import` process opens its store before it reads.
    let central = store.open(&dir)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "ready")?;
    stdout.flush()?;
    let mut go = String::new();
    std::io::stdin().read_line(&mut go)?;
    let start = Instant::now();
    for workstation in &all {
        for b in workstation {
            central.import_at(b, Plaintext::Allowed, Utc::now())?;
        }
    }
    drop(central);
    writeln!(stdout, "done {}", start.elapsed().as_millis())?;
    Ok(())
}

/// Runs `importers` children over the workstations split in equal runs; the time from the start signal
/// to the last one's end, and each child's own import time.
fn import_with_processes(
    store: &Store,
    dir: &Path,
    templates: &Path,
    scale: &Scale,
    importers: usize,
    go: &AtomicBool,
) -> Result<(Duration, Vec<u128>), Failure> {
    let total = scale.workstations();
    let mut children = Vec::new();
    for k in 0..importers {
        let (from, to) = (total * k / importers, total * (k + 1) / importers);
        let mut command = Command::new(std::env::current_exe()?);
        command
            .arg("import-child")
            .arg(templates)
            .args([
                scale.districts.to_string(),
                scale.weeks.to_string(),
                scale.members.to_string(),
                scale.payments.to_string(),
            ])
            .arg(dir)
            .args([from.to_string(), to.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .env_remove(CHILD_DB);
        if let Store::Postgres(_, text) = store {
            command.env(CHILD_DB, text);
        }
        children.push(command.spawn()?);
    }
    let mut outputs = Vec::new();
    for child in &mut children {
        let mut lines = BufReader::new(child.stdout.take().ok_or("a child's stdout")?).lines();
        match lines.next() {
            Some(Ok(line)) if line == "ready" => outputs.push(lines),
            _ => return Err("an importer did not start (its reason is above)".into()),
        }
    }
    let start = Instant::now();
    go.store(true, Ordering::Relaxed);
    for child in &mut children {
        let mut stdin = child.stdin.take().ok_or("a child's stdin")?;
        writeln!(stdin, "go")?;
    }
    let mut own = Vec::new();
    for (child, mut lines) in children.iter_mut().zip(outputs) {
        let line = lines
            .next()
            .ok_or("an importer stopped (its reason is above)")??;
        let ms = line
            .strip_prefix("done ")
            .ok_or("an importer said something else")?;
        own.push(ms.parse()?);
        if !child.wait()?.success() {
            return Err("an importer failed (its reason is above)".into());
        }
    }
    Ok((start.elapsed(), own))
}

/// The median and the 99th percentile.
fn percentiles(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |p: usize| times[(times.len() * p).div_ceil(100).saturating_sub(1)];
    (at(50), at(99))
}

type Percentiles = (Duration, Duration);

/// The report's and a member look-up's median and p99 (200 reports, 1,000 random members).
fn queries(store: &CentralStore, scale: &Scale) -> Result<(Percentiles, Percentiles), Failure> {
    let mut report = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        store.report()?;
        report.push(t.elapsed());
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut lookups = Vec::new();
    for _ in 0..1000 {
        let (district, workstation) = scale.workstation(rng.random_range(0..scale.workstations()));
        let no = MemberNumber {
            district,
            workstation,
            counter: rng.random_range(1..=scale.members_per_workstation()) as u32,
        }
        .to_string();
        let t = Instant::now();
        store.member(&no)?.ok_or("a member not found")?;
        lookups.push(t.elapsed());
    }
    Ok((percentiles(report), percentiles(lookups)))
}

fn folder_size(dir: &Path) -> u64 {
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
    let mut psql = PathBuf::from("psql");
    if let Ok(dirs) = std::fs::read_dir("/usr/lib/postgresql") {
        for dir in dirs.flatten() {
            let candidate = dir.path().join("bin/psql");
            if candidate.exists() {
                psql = candidate;
            }
        }
    }
    let out = Command::new(psql)
        .args([url, "-XAtc", "SELECT pg_database_size(current_database())"])
        .output()?;
    Ok(String::from_utf8(out.stdout)?.trim().parse()?)
}

/// The 1-, 5- and 15-minute load averages.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// Samples the 1-minute load average every 5 s from `go` until `stop`; the mean and the highest sample.
fn sample_load(go: &AtomicBool, stop: &AtomicBool) -> (f64, f64) {
    while !go.load(Ordering::Relaxed) && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut samples = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        if let Some(one) = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        {
            samples.push(one);
        }
        for _ in 0..50 {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let mean = samples.iter().sum::<f64>() / samples.len().max(1) as f64;
    (mean, samples.iter().copied().fold(0.0, f64::max))
}

/// One store's figures.
struct Figures {
    store: &'static str,
    importers: usize,
    time: Duration,
    own: Vec<u128>,
    size: u64,
    report: Percentiles,
    member: Percentiles,
    load_before: String,
    /// The 1-minute load average during the import: mean and highest (5-second samples).
    load_during: (f64, f64),
}

fn main() -> Result<(), Failure> {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("import-child") {
        args.next();
        return child(args);
    }
    let mut numbers = Vec::new();
    let (mut db, mut stores, mut work) = (None, "sled,postgres".to_owned(), None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--db" => db = Some(args.next().ok_or("--db URL")?),
            "--stores" => stores = args.next().ok_or("--stores sled,postgres")?,
            "--work" => work = Some(PathBuf::from(args.next().ok_or("--work DIR")?)),
            number => numbers.push(number.parse::<usize>()?),
        }
    }
    let number = |i: usize, default: usize| numbers.get(i).copied().unwrap_or(default);
    let scale = Scale {
        districts: u16::try_from(number(0, 148))?,
        weeks: number(1, 4) as u64,
        members: number(2, 5_000),
        payments: number(3, 20_000),
    };
    let tmp = match &work {
        Some(dir) => tempfile::tempdir_in(dir)?,
        None => tempfile::tempdir()?,
    };
    let db_text = match db {
        Some(url) => url,
        None if stores.contains("postgres") => {
            eprintln!(
                "no --db: a throw-away server without fsync (for trying it, not for figures)"
            );
            nssf_test_support::postgres::server().new_database_url()
        }
        None => String::new(),
    };
    let templates_file = tmp.path().join("templates.json");
    std::fs::write(
        &templates_file,
        serde_json::to_vec(&templates(&tmp.path().join("office"))?)?,
    )?;
    eprintln!(
        "{} workstations, {} records",
        scale.workstations(),
        scale.records()
    );

    let mut figures = Vec::new();
    for name in stores.split(',') {
        let (store, importers) = match name {
            "sled" => (Store::Sled, 1),
            "postgres" => (Store::Postgres(db_text.parse()?, db_text.clone()), 2),
            other => return Err(format!("--stores: {other} is neither sled nor postgres").into()),
        };
        let dir = tmp.path().join(name);
        {
            let central = store.init(&dir)?;
            for i in 0..scale.workstations() {
                let (district, ws) = scale.workstation(i);
                central.trust(
                    &TrustRequest {
                        office_key_file: &key_file(district, ws),
                        succeeds: None,
                        replace: false,
                    },
                    Utc::now(),
                )?;
            }
        }
        let load_before = load();
        eprintln!(
            "{}: {importers} importing processes, load {load_before}",
            store.name()
        );
        let (go, stop) = (AtomicBool::new(false), AtomicBool::new(false));
        let (imported, load_during) = std::thread::scope(|s| {
            let sampler = s.spawn(|| sample_load(&go, &stop));
            let imported =
                import_with_processes(&store, &dir, &templates_file, &scale, importers, &go);
            stop.store(true, Ordering::Relaxed);
            (imported, sampler.join().unwrap_or((f64::NAN, f64::NAN)))
        });
        let (time, own) = imported?;
        eprintln!(
            "{}: imported in {:.1} s, load {:.1} (mean) {:.1} (highest)",
            store.name(),
            time.as_secs_f64(),
            load_during.0,
            load_during.1
        );
        let central = store.open(&dir)?;
        let (report, member) = queries(&central, &scale)?;
        drop(central);
        let size = match &store {
            Store::Sled => folder_size(&dir.join("db")),
            Store::Postgres(_, text) => database_size(text)?,
        };
        // Each store goes once measured: two at this scale may not fit on the disk together.
        std::fs::remove_dir_all(&dir)?;
        figures.push(Figures {
            store: store.name(),
            importers,
            time,
            own,
            size,
            report,
            member,
            load_before,
            load_during,
        });
    }

    let records = scale.records();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("| store | importing processes | records | time (each process) | records/s | size | report p50 / p99 | member p50 / p99 | load before; during (mean, highest) |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for f in &figures {
        let own: Vec<String> = f
            .own
            .iter()
            .map(|ms| format!("{:.1}", *ms as f64 / 1000.0))
            .collect();
        println!(
            "| {} | {} | {records} | {:.1} s ({} s) | {:.0} | {:.0} MB | {:.1} / {:.1} ms | {:.2} / {:.2} ms | {}; {:.1}, {:.1} |",
            f.store,
            f.importers,
            f.time.as_secs_f64(),
            own.join(" + "),
            records as f64 / f.time.as_secs_f64(),
            f.size as f64 / 1_048_576.0,
            ms(f.report.0),
            ms(f.report.1),
            ms(f.member.0),
            ms(f.member.1),
            f.load_before,
            f.load_during.0,
            f.load_during.1,
        );
    }
    Ok(())
}
