//! Cards, receipts, coverage and payments: the figures of the card and contribution issues.
//!
//! Every operation goes through the same `nssf_api::Desk` call the app makes (so card and receipt times
//! include recording the issue or print durably), except where a line says otherwise.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use chrono::{DateTime, TimeZone, Utc};
use nssf_api::{Actor, Desk, MonthsChoice, PaymentRequest, ReceiptFormat};
use nssf_domain::ledger::{coverage, MonthStatus};
use nssf_domain::{Month, Schedule};

use crate::{fsync_once, office_setup, Stats};

/// One measured line of the report.
#[derive(Debug, Clone)]
pub struct Line {
    pub what: &'static str,
    pub stats: Stats,
    pub goal_us: Option<f64>,
    pub note: String,
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 3, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
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

fn applicant(i: usize, registered_on: &str) -> nssf_domain::Draft {
    nssf_domain::Draft {
        title: "ms".into(),
        given_name_lo: "ເຈົ້າ".into(),
        family_name_lo: "ນ້ຳໃຈ".into(),
        given_name_latin: "Chao".into(),
        family_name_latin: "Namchai".into(),
        sex: "female".into(),
        date_of_birth: format!("19{:02}-05-12", 70 + i % 30),
        documents: vec![nssf_domain::DraftDocument {
            kind: "id_card".into(),
            number: format!("B{i:08}"),
        }],
        village_code: "0101001".into(),
        occupation: "vendor".into(),
        income_base_kip: nssf_domain::TextOrNumber::Number(2_500_000),
        hospital: "MHS".into(),
        consent: true,
        registered_on: registered_on.into(),
        ..nssf_domain::Draft::default()
    }
}

/// Runs every measurement in a temporary office; `cards` members go on the A4 run.
pub fn run(samples: usize, cards: usize) -> Result<(Vec<Line>, Vec<String>)> {
    let dir = tempfile::tempdir()?;
    let desk = Desk::init(
        &dir.path().join("office"),
        &office_setup(),
        &Actor::setup_user(),
        now(),
    )
    .map_err(|e| anyhow::anyhow!("init: {e}"))?;
    let actor = Actor::setup_user();
    let photo = realistic_photo(dir.path())?;
    let mut lines = Vec::new();
    let mut notes = vec![format!("photo: {} bytes, 600×800", photo.len())];

    // Members, each with its own photo bytes: the realistic photo with the member's index in a JPEG comment,
    // so the A4 run embeds as many distinct images as cards, as in an office.
    let mut numbers = Vec::with_capacity(cards.max(samples));
    for i in 0..cards.max(samples) {
        let no = desk
            .register_bulk(&actor, &applicant(i, "2026-06-10"), now())
            .map_err(|e| anyhow::anyhow!("register: {e}"))?;
        desk.store()
            .set_photo(&no, &distinct(&photo, i), "bench", now())?;
        numbers.push(no);
    }
    desk.store().flush()?;

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
        what: "card PDF, warm (Desk::print_card: PDF + issue recorded)",
        stats: Stats::of(&card),
        goal_us: Some(20_000.0),
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
        what: "A4 card run (Desk::print_card_sheet)",
        stats: Stats::of(&[sheet_time]),
        goal_us: Some(10_000_000.0),
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
    let mut receipts = Vec::new();
    for no in numbers.iter().take(samples) {
        let request = PaymentRequest {
            member_no: no.clone(),
            months: MonthsChoice::Next { count: 2 },
            method: "cash".into(),
            reference: String::new(),
            paid_on: String::new(),
        };
        let t = Instant::now();
        let r = desk
            .pay(&actor, &request, now())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        pay.push(t.elapsed());
        bare.push(fsync_once(&fsync_file, serde_json::to_vec(&r)?.as_slice())?);
        receipts.push(r.receipt_no);
    }
    let bare_stats = Stats::of(&bare);
    lines.push(Line {
        what: "bare write + fsync (same bytes as a receipt)",
        stats: bare_stats.clone(),
        goal_us: None,
        note: String::new(),
    });
    let pay_stats = Stats::of(&pay);
    let ratio = pay_stats.p50_us / bare_stats.p50_us.max(1.0);
    lines.push(Line {
        what: "payment commit (Desk::pay, durable)",
        stats: pay_stats,
        goal_us: Some(bare_stats.p50_us * 1.5),
        note: format!("{ratio:.2}× the bare fsync at p50 (goal ≤ 1.5×)"),
    });

    // Receipts: first print warms up; then reprints (each counted durably, marked COPY).
    desk.receipt_pdf(&actor, &receipts[0], ReceiptFormat::A5, now())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let a5 = time(samples, |i| {
        desk.receipt_pdf(&actor, &receipts[i], ReceiptFormat::A5, now())
            .map_err(|e| anyhow::anyhow!("{e}"))
    })?;
    lines.push(Line {
        what: "receipt PDF A5, warm (Desk::receipt_pdf: PDF + print counted)",
        stats: Stats::of(&a5),
        goal_us: Some(10_000.0),
        note: String::new(),
    });
    let roll = time(samples, |i| {
        desk.receipt_pdf(&actor, &receipts[i], ReceiptFormat::Roll, now())
            .map_err(|e| anyhow::anyhow!("{e}"))
    })?;
    lines.push(Line {
        what: "receipt PDF 80 mm roll, warm",
        stats: Stats::of(&roll),
        goal_us: Some(10_000.0),
        note: String::new(),
    });

    // Coverage of a member with 20 years of history: 240 months paid by 20 yearly receipts.
    let (ledger_lines, ledger_notes) = twenty_years(dir.path(), samples)?;
    lines.extend(ledger_lines);
    notes.extend(ledger_notes);
    Ok((lines, notes))
}

/// The bundled schedule starts in May 2018, so a 20-year history needs a schedule reaching back: the store
/// part reads a member's ledger as written by 20 yearly receipts; the domain part computes coverage over
/// 240 months with a 20-year schedule. Both are timed, and their sum.
fn twenty_years(dir: &Path, samples: usize) -> Result<(Vec<Line>, Vec<String>)> {
    let desk = Desk::init(
        &dir.join("history"),
        &office_setup(),
        &Actor::setup_user(),
        now(),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let actor = Actor::setup_user();
    let no = desk
        .register_bulk(&actor, &applicant(0, "2026-06-10"), now())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
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
        desk.store()
            .record_payment(&nssf_store::PaymentDraft { receipt }, now())?;
    }
    let read = time(samples, |_| {
        desk.store().member_ledger(&no).map_err(anyhow::Error::from)
    })?;
    let ledger = desk.store().member_ledger(&no)?;
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
        let ledger = desk.store().member_ledger(&no)?;
        coverage(&schedule, &bases, first, current, &ledger.paid)
            .map_err(|p| anyhow::anyhow!("{p:?}"))
    })?;
    Ok((
        vec![
            Line {
                what: "coverage, 20 years: ledger read (store)",
                stats: Stats::of(&read),
                goal_us: None,
                note: "240 months, 20 receipts".into(),
            },
            Line {
                what: "coverage, 20 years: month-by-month (domain)",
                stats: Stats::of(&compute),
                goal_us: None,
                note: String::new(),
            },
            Line {
                what: "coverage, 20 years: read + compute",
                stats: Stats::of(&both),
                goal_us: Some(1_000.0),
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
        let (goal, met) = match l.goal_us {
            // The A4 run is one sample; the others are judged at p99 except the payment's p50 ratio.
            Some(g) if l.what.starts_with("payment") => (
                format!("≤ {} (1.5× fsync p50)", ms(g)),
                if l.stats.p50_us <= g { "yes" } else { "no" },
            ),
            Some(g) => (
                format!("≤ {}", ms(g)),
                if l.stats.p99_us <= g { "yes" } else { "no" },
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
