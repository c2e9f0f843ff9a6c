//! Timing of the weekly batch at a busy office's size: `cargo run --release -p nssf-exchange --example
//! batch_bench [MEMBERS] [PAYMENTS] [DB_URL]` (default 5,000 registrations and 20,000 payments, all
//! unacknowledged, so one batch carries all of them). Prints export, verify, import, ack and ack-import
//! times. With `DB_URL` (`postgres://…`, an empty database; the password from `PGPASSWORD` or
//! `~/.pgpass`) the central store is PostgreSQL's instead of sled's.

use std::time::Instant;

use chrono::Utc;
use nssf_api::{Actor, Desk, MonthsChoice, OfficeSetup, PaymentRequest};
use nssf_exchange::CentralStore;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let members: usize = args.next().map_or(Ok(5_000), |a| a.parse())?;
    let payments: usize = args.next().map_or(Ok(20_000), |a| a.parse())?;
    let db: Option<nssf_central_pg::DbUrl> = args.next().map(|a| a.parse()).transpose()?;
    let tmp = tempfile::tempdir()?;
    let actor = Actor::setup_user();
    let now = Utc::now();
    let setup = OfficeSetup {
        district_code: "0101".into(),
        workstation: "01".into(),
    };
    let desk = Desk::init(&tmp.path().join("office"), &setup, &actor, now)?;
    let hospitals = desk.hospitals().into_iter().map(|h| h.code).collect();
    let mut applicants = nssf_api::demo::DemoApplicants::new(
        desk.reference(),
        hospitals,
        7,
        nssf_api::office_date(now),
    );
    let t = Instant::now();
    let mut numbers = Vec::with_capacity(members);
    while numbers.len() < members {
        if let Ok(no) = desk.register_bulk(&actor, &applicants.next_draft(), now) {
            numbers.push(no);
        }
    }
    desk.flush()?;
    eprintln!("setup: {members} registrations in {:.1?}", t.elapsed());
    let t = Instant::now();
    let methods = ["cash", "bank", "mobile"];
    let (mut paid, mut i) = (0, 0usize);
    while paid < payments && i < payments * 3 {
        let method = methods[i % 3];
        let request = PaymentRequest {
            member_no: numbers[i % numbers.len()].clone(),
            months: MonthsChoice::Next { count: 1 },
            method: method.into(),
            reference: if method == "cash" { "" } else { "REF" }.into(),
            paid_on: String::new(),
            skip_arrears: false,
            allow_backdate: false,
        };
        if desk.pay(&actor, &request, now).is_ok() {
            paid += 1;
        }
        i += 1;
    }
    eprintln!("setup: {paid} payments in {:.1?}", t.elapsed());

    let central_dir = tmp.path().join("central");
    let central = match &db {
        None => CentralStore::init(&central_dir)?,
        Some(url) => {
            nssf_central_pg::init(&central_dir, url, &nssf_central_pg::Environment::read())?
        }
    };
    central.trust(
        &nssf_exchange::TrustRequest {
            office_key_file: &desk.office_public_key(),
            succeeds: None,
            replace: false,
        },
        Utc::now(),
    )?;
    desk.install_central_key(&actor, &central.public_key_file())?;

    let t = Instant::now();
    let batch = desk.export_batch(&actor, Utc::now())?;
    let export = t.elapsed();
    let t = Instant::now();
    let checked = central.verify(&batch.bytes, nssf_exchange::Plaintext::Refused)?;
    let verify = t.elapsed();
    let t = Instant::now();
    let outcome = central.import(&batch.bytes, nssf_exchange::Plaintext::Refused)?;
    let import = t.elapsed();
    let t = Instant::now();
    let ack = central.ack("0101", "01")?;
    let ack_time = t.elapsed();
    let t = Instant::now();
    let summary = desk.import_ack(&actor, &ack, Utc::now())?;
    let ack_import = t.elapsed();
    println!(
        "| records | batch bytes (age) | export | verify | import | ack | ack-import |\n| --- | --- | --- | --- | --- | --- | --- |"
    );
    println!(
        "| {} | {} | {} ms | {} ms | {} ms | {} ms | {} ms |",
        checked.entries.len(),
        batch.bytes.len(),
        export.as_millis(),
        verify.as_millis(),
        import.as_millis(),
        ack_time.as_millis(),
        ack_import.as_millis()
    );
    eprintln!(
        "{outcome:?}; ack: {} accepted, {} bytes",
        summary.accepted,
        ack.len()
    );
    Ok(())
}
