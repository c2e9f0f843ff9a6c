//! Cards, receipts, coverage and payments: the figures of the card and contribution issues.
//!
//! Every operation goes through the same `nssf_api::Desk` call the app makes (so card and receipt times
//! include recording the issue or print durably), except where a line says otherwise. Set-up the API
//! does not offer (photos kept byte for byte, payments dated 20 years back) is written with
//! `nssf_store::Store` on the folder, outside the timers.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use nssf_api::{Actor, Desk, MonthsChoice, PaymentRequest, ReceiptFormat};
use nssf_domain::ledger::{coverage, MonthStatus};
use nssf_domain::{Month, Schedule};
use nssf_store::Store;
use nssf_test_support::now;

use crate::{fsync_once, office_setup, reopen, Stats};

/// One measured line of the report.
#[derive(Debug, Clone)]
pub struct Line {
    pub what: String,
    pub stats: Stats,
    pub goal: Option<Goal>,
    pub note: String,
}

/// What a line must meet, and at which percentile.
#[derive(Debug, Clone, Copy)]
pub enum Goal {
    /// p99 at most this many microseconds.
    P99 { us: f64 },
    /// p50 at most this many microseconds: receipts must stay "within 10 ms p50".
    P50 { us: f64 },
    /// p50 at most this many microseconds, 1.5 × the bare fsync's p50 (the payment commit).
    FsyncRatio { us: f64 },
}

/// A photo with the texture of a real one (ImageMagick's fractal plasma), prepared like a member photo.
pub fn realistic_photo(dir: &Path) -> Result<Vec<u8>> {
    let path = dir.join("plasma.jpg");
    let status = Command::new("/usr/bin/convert")
        .args([
            "-seed",
            "7",
            "-size",
            "1200x1600",
            "plasma:fractal",
            "-blur",
            "0x2",
        ])
        .arg(&path)
        .status()
        .context("ImageMagick's convert (package imagemagick) makes the test photo")?;
    if !status.success() {
        bail!("convert failed");
    }
    let bytes = std::fs::read(&path)?;
    Ok(nssf_documents::photo::prepare(&bytes, None)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .jpeg)
}

/// The same JPEG with a comment segment (`FF FE`) after the start marker that carries `i`.
fn distinct(jpeg: &[u8], i: usize) -> Vec<u8> {
    let note = format!("member {i}");
    let len = (note.len() + 2) as u16;
    let mut out = Vec::with_capacity(jpeg.len() + note.len() + 4);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(note.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn time<T>(samples: usize, mut f: impl FnMut(usize) -> Result<T>) -> Result<Vec<Duration>> {
    let mut out = Vec::with_capacity(samples);
    for i in 0..samples {
        let t = Instant::now();
        f(i)?;
        out.push(t.elapsed());
    }
    Ok(out)
}

/// The shared test applicant, made distinct per member: her own ID card and one of thirty birth years.
fn applicant(i: usize, registered_on: &str) -> nssf_domain::Draft {
    nssf_test_support::applicant()
        .id_card(&format!("B{i:08}"))
        .born(&format!("19{:02}-05-12", 70 + i % 30))
        .registered_on(registered_on)
        .draft()
}

/// Runs every measurement in a temporary office; `cards` members go on the A4 run.
pub fn run(samples: usize, cards: usize) -> Result<(Vec<Line>, Vec<String>)> {
    let dir = tempfile::tempdir()?;
    let office = dir.path().join("office");
    let desk = Desk::init(&office, &office_setup(), &Actor::setup_user(), now())
        .map_err(|e| anyhow::anyhow!("init: {e}"))?;
    let actor = Actor::setup_user();
    let photo = realistic_photo(dir.path())?;
    let mut lines = Vec::new();
    let mut notes = vec![format!("photo: {} bytes, 600×800", photo.len())];

    // Members, each with its own photo bytes: the realistic photo with the member's index in a JPEG comment,
    // so the A4 run embeds as many distinct images as cards, as in an office. The API would prepare the
    // photo again (and drop the comment), so the photos go in through the store.
    let mut numbers = Vec::with_capacity(cards.max(samples));
    for i in 0..cards.max(samples) {
        let no = desk
            .register_bulk(&actor, &applicant(i, "2026-06-10"), now())
            .map_err(|e| anyhow::anyhow!("register: {e}"))?;
        numbers.push(no);
    }
    desk.flush().map_err(|e| anyhow::anyhow!("flush: {e}"))?;
    drop(desk);
    let store = reopen(|| Store::open(&office))?;
    for (i, no) in numbers.iter().enumerate() {
        store.set_photo(no, &distinct(&photo, i), "bench", now())?;
    }
    drop(store);
    let desk = reopen(|| Desk::open(&office))?;

    // Warm-up, then one card per sample (each a first issue, recorded durably).
    let fonts = nssf_documents::Fonts::bundled();
    let warm = desk
        .print_card(&actor, &numbers[0], None, now())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    notes.push(format!("one card PDF: {} bytes", warm.len()));
    let card = time(samples - 1, |i| {
        desk.print_card(&actor, &numbers[i + 1], None, now())
            .map_err(|e| anyhow::anyhow!("{e}"))
    })?;
    lines.push(Line {
        what: "card PDF, warm (Desk::print_card: PDF + issue recorded)".into(),
        stats: Stats::of(&card),
        goal: Some(Goal::P99 { us: 20_000.0 }),
        note: String::new(),
    });
    let _ = fonts;

    // The A4 run: the print queue is empty now for the first `samples` members; print all `cards` by number.
    let t = Instant::now();
    let (sheet, count) = desk
        .print_card_sheet(&actor, Some(&numbers[..cards]), now(), &mut |_, _| true)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let sheet_time = t.elapsed();
    lines.push(Line {
        what: "A4 card run (Desk::print_card_sheet)".into(),
        stats: Stats::of(&[sheet_time]),
        goal: Some(Goal::P99 { us: 10_000_000.0 }),
        note: format!(
            "{count} cards, {} pages, {:.1} MB, {:.1} KB per card",
            count.div_ceil(10),
            sheet.len() as f64 / 1e6,
            sheet.len() as f64 / 1024.0 / count as f64
        ),
    });

    // Payments: durable commit against a bare write + fsync of the same size, interleaved.
    let fsync_file = dir.path().join("fsync.bin");
    let mut pay = Vec::new();
    let mut bare = Vec::new();
    for no in numbers.iter().take(samples) {
        let request = PaymentRequest {
            member_no: no.clone(),
            months: MonthsChoice::Next { count: 2 },
            method: "cash".into(),
            reference: String::new(),
            paid_on: String::new(),
            skip_arrears: false,
            allow_backdate: false,
        };
        let t = Instant::now();
        let r = desk
            .pay(&actor, &request, now())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        pay.push(t.elapsed());
        bare.push(fsync_once(&fsync_file, serde_json::to_vec(&r)?.as_slice())?);
    }
    let bare_stats = Stats::of(&bare);
    lines.push(Line {
        what: "bare write + fsync (same bytes as a receipt)".into(),
        stats: bare_stats.clone(),
        goal: None,
        note: String::new(),
    });
    let pay_stats = Stats::of(&pay);
    let ratio = pay_stats.p50_us / bare_stats.p50_us.max(1.0);
    lines.push(Line {
        what: "payment commit (Desk::pay, durable)".into(),
        stats: pay_stats,
        goal: Some(Goal::FsyncRatio {
            us: bare_stats.p50_us * 1.5,
        }),
        note: format!("{ratio:.2}× the bare fsync at p50 (goal ≤ 1.5×)"),
    });

    // Receipts of 1, 12 and 36 months, printed through the API as at the counter.
    let (receipt_lines, receipt_notes) = receipts(&desk, samples)?;
    lines.extend(receipt_lines);
    notes.extend(receipt_notes);
    drop(desk);
    lines.push(ungroupable_receipt(
        &dir.path().join("ungroupable"),
        samples,
    )?);

    // Coverage of a member with 20 years of history: 240 months paid by 20 yearly receipts.
    let (ledger_lines, ledger_notes) = twenty_years(dir.path(), samples)?;
    lines.extend(ledger_lines);
    notes.extend(ledger_notes);
    Ok((lines, notes))
}

/// Receipt lengths timed, with what their month table holds for the members [`receipts`] registers.
const RECEIPT_LENGTHS: [(u32, &str); 3] = [
    (1, "1 line"),
    (12, "2 range lines: the floor rises in 10/2023"),
    (36, "2 range lines: the floor rises in 10/2024"),
];

/// Members registered in August 2023 with a base of 1,500,000 kip, which the floor overtakes in October 2023
/// and again in October 2024, each paying 1, then 12, then 36 months (`Desk::pay`, oldest months first).
/// Each receipt's first print is timed on the A5 pair, a reprint on the roll (marked COPY); then the
/// 36-month receipts are voided and printed again (the diagonal VOID mark on each copy).
fn receipts(desk: &Desk, samples: usize) -> Result<(Vec<Line>, Vec<String>)> {
    let actor = Actor::setup_user();
    let mut by_length: Vec<Vec<String>> = vec![Vec::new(); RECEIPT_LENGTHS.len()];
    for i in 0..samples + 1 {
        let mut draft = applicant(100_000 + i, "2023-08-10");
        draft.income_base_kip = nssf_domain::TextOrNumber::Number(1_500_000);
        let no = desk
            .register_bulk(&actor, &draft, now())
            .map_err(|e| anyhow::anyhow!("register: {e}"))?;
        for (k, (months, _)) in RECEIPT_LENGTHS.iter().enumerate() {
            let request = PaymentRequest {
                member_no: no.clone(),
                months: MonthsChoice::Next { count: *months },
                method: "cash".into(),
                reference: String::new(),
                paid_on: String::new(),
                skip_arrears: false,
                allow_backdate: false,
            };
            let receipt = desk
                .pay(&actor, &request, now())
                .map_err(|e| anyhow::anyhow!("pay {months} months: {e}"))?;
            by_length[k].push(receipt.receipt_no);
        }
    }
    let print = |no: &str, format: ReceiptFormat| {
        desk.receipt_pdf(&actor, no, format, now())
            .map_err(|e| anyhow::anyhow!("{e}"))
    };
    // Warm-up: one receipt of each length, both formats (these receipts are left out of the samples).
    let mut notes = Vec::new();
    for (k, (months, _)) in RECEIPT_LENGTHS.iter().enumerate() {
        let a5 = print(&by_length[k][samples], ReceiptFormat::A5)?;
        let roll = print(&by_length[k][samples], ReceiptFormat::Roll)?;
        notes.push(format!(
            "{months}-month receipt: A5 pair {:.1} KB, roll {:.1} KB",
            a5.len() as f64 / 1024.0,
            roll.len() as f64 / 1024.0
        ));
    }
    let mut lines = Vec::new();
    for (format, name) in [
        (ReceiptFormat::A5, "A5 pair, first print"),
        (ReceiptFormat::Roll, "80 mm roll, reprint (COPY)"),
    ] {
        for (k, (months, note)) in RECEIPT_LENGTHS.iter().enumerate() {
            let timed = time(samples, |i| print(&by_length[k][i], format))?;
            lines.push(Line {
                what: format!("receipt PDF {name}, {months} month(s) (Desk::receipt_pdf)"),
                stats: Stats::of(&timed),
                goal: Some(Goal::P50 { us: 10_000.0 }),
                note: (*note).to_owned(),
            });
        }
    }
    let long = &by_length[RECEIPT_LENGTHS.len() - 1];
    for no in long {
        desk.void(&actor, no, "benchmark", now())
            .map_err(|e| anyhow::anyhow!("void: {e}"))?;
    }
    let void = time(samples, |i| print(&long[i], ReceiptFormat::A5))?;
    lines.push(Line {
        what: "receipt PDF A5 pair, 36 months, voided (diagonal VOID on each copy)".into(),
        stats: Stats::of(&void),
        goal: Some(Goal::P50 { us: 10_000.0 }),
        note: String::new(),
    });
    Ok((lines, notes))
}

/// The longest table a receipt can have: 36 months, each with another base (a member who raised it every
/// month), so no two months make a range and the A5 pair runs to three pages. Written with the store (the
/// API would need 36 base changes), then printed `samples` times through the API, both formats.
fn ungroupable_receipt(office: &Path, samples: usize) -> Result<Line> {
    let actor = Actor::setup_user();
    let desk = Desk::init(office, &office_setup(), &actor, now())
        .map_err(|e| anyhow::anyhow!("init: {e}"))?;
    let no = desk
        .register_bulk(&actor, &applicant(0, "2023-08-10"), now())
        .map_err(|e| anyhow::anyhow!("register: {e}"))?;
    drop(desk);
    let store = reopen(|| Store::open(office))?;
    let mut month = Month {
        year: 2023,
        month: 8,
    };
    let mut receipt_lines = Vec::new();
    for i in 0..36 {
        let base_kip = 2_500_000 + 10_000 * i;
        receipt_lines.push(nssf_domain::ReceiptLine {
            month: month.to_string(),
            base_kip,
            rate_basis_points: 900,
            amount_kip: (base_kip * 900 + 5_000) / 10_000,
            floor_applied: false,
        });
        month = month.next();
    }
    let receipt = nssf_domain::Receipt {
        receipt_no: String::new(),
        member_no: no,
        paid_on: now().date_naive(),
        method: "cash".into(),
        reference: String::new(),
        total_kip: receipt_lines.iter().map(|l| l.amount_kip).sum(),
        lines: receipt_lines,
        cashier: "bench".into(),
        issued_at: now(),
    };
    let receipt_no = store
        .record_payment(&nssf_store::PaymentDraft { receipt }, now())?
        .receipt_no;
    drop(store);
    let desk = reopen(|| Desk::open(office))?;
    let print = |format: ReceiptFormat| {
        desk.receipt_pdf(&actor, &receipt_no, format, now())
            .map_err(|e| anyhow::anyhow!("{e}"))
    };
    let pdf = print(ReceiptFormat::A5)?;
    print(ReceiptFormat::Roll)?;
    let timed = time(samples, |_| print(ReceiptFormat::A5))?;
    Ok(Line {
        what: "receipt PDF A5 pair, 36 months that make no range (reprint)".into(),
        stats: Stats::of(&timed),
        goal: Some(Goal::P50 { us: 10_000.0 }),
        note: format!(
            "36 lines, {} A4 pages, {:.1} KB",
            page_count(&pdf),
            pdf.len() as f64 / 1024.0
        ),
    })
}

/// Pages of a PDF written by the documents crate (lopdf writes each page dictionary as `/Type/Page`).
fn page_count(pdf: &[u8]) -> usize {
    pdf.windows(11)
        .filter(|w| w.starts_with(b"/Type/Page") && w[10] != b's')
        .count()
}

/// The bundled schedule starts in May 2018, so a 20-year history needs a schedule reaching back: the store
/// part reads a member's ledger as written by 20 yearly receipts; the domain part computes coverage over
/// 240 months with a 20-year schedule. Both are timed, and their sum.
fn twenty_years(dir: &Path, samples: usize) -> Result<(Vec<Line>, Vec<String>)> {
    let office = dir.join("history");
    let desk = Desk::init(&office, &office_setup(), &Actor::setup_user(), now())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let actor = Actor::setup_user();
    let no = desk
        .register_bulk(&actor, &applicant(0, "2026-06-10"), now())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // The rest is on the store alone: payments dated back to 2006 and the ledger read.
    drop(desk);
    let store = reopen(|| Store::open(&office))?;
    for year in 2006..2026 {
        let lines = (1..=12)
            .map(|m| nssf_domain::ReceiptLine {
                month: format!("{year}-{m:02}"),
                base_kip: 2_500_000,
                rate_basis_points: 900,
                amount_kip: 225_000,
                floor_applied: false,
            })
            .collect::<Vec<_>>();
        let receipt = nssf_domain::Receipt {
            receipt_no: String::new(),
            member_no: no.clone(),
            paid_on: chrono::NaiveDate::from_ymd_opt(year, 12, 1).unwrap_or_default(),
            method: "cash".into(),
            reference: String::new(),
            total_kip: 12 * 225_000,
            lines,
            cashier: "bench".into(),
            issued_at: now(),
        };
        store.record_payment(&nssf_store::PaymentDraft { receipt }, now())?;
    }
    let read = time(samples, |_| {
        store.member_ledger(&no).map_err(anyhow::Error::from)
    })?;
    let ledger = store.member_ledger(&no)?;
    if ledger.paid.len() != 240 {
        bail!("expected 240 paid months, found {}", ledger.paid.len());
    }
    let schedule = Schedule::from_json(
        r#"[{"effective_from":"2006-01-01","rate_basis_points":900,"floor_kip":500000,"ceiling_kip":4500000},
        {"effective_from":"2018-05-01","rate_basis_points":900,"floor_kip":1100000,"ceiling_kip":4500000},
        {"effective_from":"2024-10-01","rate_basis_points":900,"floor_kip":2500000,"ceiling_kip":4500000}]"#,
    )?;
    let bases = [(
        Month {
            year: 2006,
            month: 1,
        },
        2_500_000,
    )];
    let (first, current) = (
        Month {
            year: 2006,
            month: 1,
        },
        Month {
            year: 2026,
            month: 11,
        },
    );
    let compute = time(samples, |_| {
        let months = coverage(&schedule, &bases, first, current, &ledger.paid)
            .map_err(|p| anyhow::anyhow!("{p:?}"))?;
        Ok(months
            .iter()
            .filter(|m| m.status == MonthStatus::Unpaid)
            .count())
    })?;
    let both = time(samples, |_| {
        let ledger = store.member_ledger(&no)?;
        coverage(&schedule, &bases, first, current, &ledger.paid)
            .map_err(|p| anyhow::anyhow!("{p:?}"))
    })?;
    Ok((
        vec![
            Line {
                what: "coverage, 20 years: ledger read (store)".into(),
                stats: Stats::of(&read),
                goal: None,
                note: "240 months, 20 receipts".into(),
            },
            Line {
                what: "coverage, 20 years: month-by-month (domain)".into(),
                stats: Stats::of(&compute),
                goal: None,
                note: String::new(),
            },
            Line {
                what: "coverage, 20 years: read + compute".into(),
                stats: Stats::of(&both),
                goal: Some(Goal::P99 { us: 1_000.0 }),
                note: String::new(),
            },
        ],
        vec![],
    ))
}

/// The report as a Markdown table with the goals.
pub fn markdown(lines: &[Line], notes: &[String]) -> String {
    let mut out = String::from(
        "| operation | p50 | p99 | mean | goal | met | note |\n|---|---|---|---|---|---|---|\n",
    );
    let ms = |us: f64| {
        if us >= 1000.0 {
            format!("{:.2} ms", us / 1000.0)
        } else {
            format!("{us:.0} µs")
        }
    };
    for l in lines {
        let judge = |value: f64, goal: f64| if value <= goal { "yes" } else { "no" };
        let (goal, met) = match l.goal {
            Some(Goal::P99 { us }) => (format!("≤ {} at p99", ms(us)), judge(l.stats.p99_us, us)),
            Some(Goal::P50 { us }) => (format!("≤ {} at p50", ms(us)), judge(l.stats.p50_us, us)),
            Some(Goal::FsyncRatio { us }) => (
                format!("≤ {} at p50 (1.5× fsync p50)", ms(us)),
                judge(l.stats.p50_us, us),
            ),
            None => (String::new(), ""),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            l.what,
            ms(l.stats.p50_us),
            ms(l.stats.p99_us),
            ms(l.stats.mean_us),
            goal,
            met,
            l.note
        ));
    }
    for n in notes {
        out.push_str(&format!("\n- {n}"));
    }
    out
}
