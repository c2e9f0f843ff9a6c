//! Two workstations' weekly batches imported at once into PostgreSQL by two importing processes (this
//! program run again as `two_importers import-child CDIR FILE`, as two `central import` runs), against
//! the same two imported one after the other into sled and into PostgreSQL:
//! `cargo run --release -p nssf-exchange --example two_importers MEMBERS PAYMENTS DB_URL DB_URL2`
//! (two empty databases; the password from `PGPASSWORD` or `~/.pgpass`). Prints records per second.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use nssf_api::{Actor, Desk, OfficeSetup, PaymentRequest};
use nssf_central_pg::{DbUrl, Environment};
use nssf_exchange::{CentralStore, Plaintext, TrustRequest};

/// A workstation's first batch, plain: `members` registrations and `payments` payments.
fn week(
    dir: &std::path::Path,
    workstation: &str,
    members: usize,
    payments: usize,
) -> Result<(String, Vec<u8>), Box<dyn std::error::Error>> {
    let actor = Actor::setup_user();
    let now = Utc::now();
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: workstation.into(),
    };
    let desk = Desk::init(dir, &setup, &actor, now)?;
    let mut applicants = desk.demo_applicants(7, nssf_api::office_date(now));
    let mut numbers = Vec::with_capacity(members);
    while numbers.len() < members {
        if let Ok(no) = desk.register_bulk(&actor, &applicants.next_draft(), now) {
            numbers.push(no);
        }
    }
    desk.flush()?;
    let (mut paid, mut i) = (0, 0usize);
    while paid < payments && i < payments * 3 {
        let request = PaymentRequest::cash_for_next(&numbers[i % numbers.len()], 1);
        if desk.pay(&actor, &request, now).is_ok() {
            paid += 1;
        }
        i += 1;
    }
    Ok((
        desk.office_public_key(),
        desk.export_batch(&actor, now)?.bytes,
    ))
}

fn trust(store: &CentralStore, key: &str) -> Result<(), Box<dyn std::error::Error>> {
    store.trust(
        &TrustRequest {
            office_key_file: key,
            succeeds: None,
            replace: false,
        },
        Utc::now(),
    )?;
    Ok(())
}

/// The environment variable that hands the database URL to a child (not its arguments, which any user
/// of the machine can read with `ps`).
const CHILD_DB: &str = "TWO_IMPORTERS_DB";

/// `import-child CDIR FILE`: opens the PostgreSQL store of CDIR (URL in `TWO_IMPORTERS_DB`), prints
/// `ready`, waits for a line on standard input, imports FILE, prints `done`.
fn child(dir: &Path, file: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let url: DbUrl = std::env::var(CHILD_DB)?.parse()?;
    let bytes = std::fs::read(file)?;
    let store = nssf_central_pg::open(dir, &url, &Environment::read())?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "ready")?;
    stdout.flush()?;
    std::io::stdin().read_line(&mut String::new())?;
    store.import(&bytes, Plaintext::Allowed)?;
    writeln!(stdout, "done")?;
    Ok(())
}

/// Imports each file by a child process of its own, all at once: the time from the start signal to the
/// last one's end.
fn import_with_processes(
    dir: &Path,
    url: &str,
    files: &[&Path],
) -> Result<Duration, Box<dyn std::error::Error>> {
    let mut children = Vec::new();
    for file in files {
        children.push(
            Command::new(std::env::current_exe()?)
                .arg("import-child")
                .arg(dir)
                .arg(file)
                .env(CHILD_DB, url)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()?,
        );
    }
    let mut outputs = Vec::new();
    for child in &mut children {
        let mut lines = BufReader::new(child.stdout.take().ok_or("stdout")?).lines();
        if lines.next().transpose()?.as_deref() != Some("ready") {
            return Err("an importer did not start (its reason is above)".into());
        }
        outputs.push(lines);
    }
    let start = Instant::now();
    for child in &mut children {
        writeln!(child.stdin.take().ok_or("stdin")?, "go")?;
    }
    for (child, mut lines) in children.iter_mut().zip(outputs) {
        if lines.next().transpose()?.as_deref() != Some("done") || !child.wait()?.success() {
            return Err("an importer failed (its reason is above)".into());
        }
    }
    Ok(start.elapsed())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("import-child") {
        let dir = args.nth(1).ok_or("CDIR")?;
        let file = args.next().ok_or("FILE")?;
        return child(Path::new(&dir), Path::new(&file));
    }
    let members: usize = args.next().map_or(Ok(2_000), |a| a.parse())?;
    let payments: usize = args.next().map_or(Ok(8_000), |a| a.parse())?;
    let url_text = args.next().ok_or("DB_URL")?;
    let url: DbUrl = url_text.parse()?;
    let url2: DbUrl = args.next().ok_or("DB_URL2")?.parse()?;
    let tmp = tempfile::tempdir()?;
    let (key1, batch1) = week(&tmp.path().join("o1"), "01", members, payments)?;
    let (key2, batch2) = week(&tmp.path().join("o2"), "02", members, payments)?;
    let records = 2 * (members + payments);
    let env = Environment::read();

    let sled = CentralStore::init(&tmp.path().join("sled"))?;
    trust(&sled, &key1)?;
    trust(&sled, &key2)?;
    let t = Instant::now();
    sled.import(&batch1, Plaintext::Allowed)?;
    sled.import(&batch2, Plaintext::Allowed)?;
    let sled_time = t.elapsed();

    let serial = nssf_central_pg::init(&tmp.path().join("pg1"), &url2, &env)?;
    trust(&serial, &key1)?;
    trust(&serial, &key2)?;
    let t = Instant::now();
    serial.import(&batch1, Plaintext::Allowed)?;
    serial.import(&batch2, Plaintext::Allowed)?;
    let serial_time = t.elapsed();

    let dir = tmp.path().join("pg2");
    let first = nssf_central_pg::init(&dir, &url, &env)?;
    trust(&first, &key1)?;
    trust(&first, &key2)?;
    drop(first);
    let (file1, file2) = (tmp.path().join("batch1"), tmp.path().join("batch2"));
    std::fs::write(&file1, &batch1)?;
    std::fs::write(&file2, &batch2)?;
    let together = import_with_processes(&dir, &url_text, &[&file1, &file2])?;
    let rate = |d: Duration| records as f64 / d.as_secs_f64();
    println!("| store | importers | records | time | records/s |\n| --- | --- | --- | --- | --- |");
    println!(
        "| sled | 1 | {records} | {} ms | {:.0} |",
        sled_time.as_millis(),
        rate(sled_time)
    );
    println!(
        "| PostgreSQL | 1 | {records} | {} ms | {:.0} |",
        serial_time.as_millis(),
        rate(serial_time)
    );
    println!(
        "| PostgreSQL | 2 processes at once | {records} | {} ms | {:.0} |",
        together.as_millis(),
        rate(together)
    );
    Ok(())
}
