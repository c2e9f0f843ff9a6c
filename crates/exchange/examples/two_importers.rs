//! Two workstations' weekly batches imported at once into PostgreSQL, each through its own connection
//! (as two `central import` processes), against the same two imported one after the other into sled:
//! `cargo run --release -p nssf-exchange --example two_importers MEMBERS PAYMENTS DB_URL DB_URL2`
//! (two empty databases; the password from `PGPASSWORD` or `~/.pgpass`). Prints records per second.

use std::time::Instant;

use chrono::Utc;
use nssf_api::{Actor, Desk, MonthsChoice, OfficeSetup, PaymentRequest};
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
    let hospitals = desk.hospitals().into_iter().map(|h| h.code).collect();
    let mut applicants = nssf_api::demo::DemoApplicants::new(
        desk.reference(),
        hospitals,
        7,
        nssf_api::office_date(now),
    );
    let mut numbers = Vec::with_capacity(members);
    while numbers.len() < members {
        if let Ok(no) = desk.register_bulk(&actor, &applicants.next_draft(), now) {
            numbers.push(no);
        }
    }
    desk.flush()?;
    let (mut paid, mut i) = (0, 0usize);
    while paid < payments && i < payments * 3 {
        let request = PaymentRequest {
            member_no: numbers[i % numbers.len()].clone(),
            months: MonthsChoice::Next { count: 1 },
            method: "cash".into(),
            reference: String::new(),
            paid_on: String::new(),
            skip_arrears: false,
            allow_backdate: false,
        };
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let members: usize = args.next().map_or(Ok(2_000), |a| a.parse())?;
    let payments: usize = args.next().map_or(Ok(8_000), |a| a.parse())?;
    let url: DbUrl = args.next().ok_or("DB_URL")?.parse()?;
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
    let second = nssf_central_pg::open(&dir, &url, &env)?;
    let t = Instant::now();
    std::thread::scope(|s| -> Result<(), nssf_exchange::ExchangeError> {
        let a = s.spawn(|| first.import(&batch1, Plaintext::Allowed));
        let b = s.spawn(|| second.import(&batch2, Plaintext::Allowed));
        a.join()
            .map_err(|_| nssf_exchange::ExchangeError::Storage("panic".into()))??;
        b.join()
            .map_err(|_| nssf_exchange::ExchangeError::Storage("panic".into()))??;
        Ok(())
    })?;
    let together = t.elapsed();
    let rate = |d: std::time::Duration| records as f64 / d.as_secs_f64();
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
        "| PostgreSQL | 2 at once | {records} | {} ms | {:.0} |",
        together.as_millis(),
        rate(together)
    );
    Ok(())
}
