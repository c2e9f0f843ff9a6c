//! Reports and arrears lists (supervisor, admin): `report` and `arrears`, each as JSON or CSV on standard
//! output or as a PDF file. The contract (names, flags, JSON fields) is the README's; the shapes are in
//! `docs/reports.md`.

use std::io::Write;
use std::path::PathBuf;

use nssf_api::nssf_domain::dates::parse_date;
use nssf_api::ArrearsQuery;

use crate::failure::Failure;
use crate::files::write_output;
use crate::invocation::{print_json, Invocation};

/// Where the report goes: exactly one of the three.
#[derive(clap::Args, Debug)]
#[group(required = true, multiple = false)]
pub struct Output {
    /// JSON on standard output.
    #[arg(long)]
    json: bool,
    /// CSV (UTF-8 with a byte-order mark) on standard output.
    #[arg(long)]
    csv: bool,
    /// A PDF file.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct Report {
    /// The period's first day, `YYYY-MM-DD` (Lao digits accepted).
    #[arg(long)]
    from: String,
    /// The period's last day, `YYYY-MM-DD`.
    #[arg(long)]
    to: String,
    #[command(flatten)]
    output: Output,
}

impl Report {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let from = parse_date("from", &self.from).map_err(Failure::InvalidDate)?;
        let to = parse_date("to", &self.to).map_err(Failure::InvalidDate)?;
        let desk = at.open_desk()?;
        if self.output.json {
            // `ReportView` is the contract, field for field.
            return print_json(&desk.report(&at.actor, from, to, at.now)?);
        }
        if self.output.csv {
            return write_stdout(&desk.report_csv(&at.actor, from, to, at.now)?);
        }
        match &self.output.out {
            Some(path) => write_output(path, &desk.report_pdf(&at.actor, from, to, at.now)?),
            // Not reached: clap requires one of the three.
            None => Ok(()),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct Arrears {
    /// At least this many months in arrears (0 lists everyone owing at least one).
    #[arg(long)]
    min_months: u32,
    /// Only this village, `PPDDVVV`.
    #[arg(long)]
    village: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl Arrears {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let query = ArrearsQuery {
            min_months: self.min_months,
            village: self.village.clone(),
        };
        if self.output.json {
            // The contract's fields exactly (the village's name is the window's and the CSV's).
            let lines: Vec<serde_json::Value> = desk
                .arrears(&at.actor, &query, at.now)?
                .into_iter()
                .map(|l| {
                    serde_json::json!({
                        "member_no": l.member_no,
                        "name_lo": l.name_lo,
                        "name_latin": l.name_latin,
                        "village_code": l.village_code,
                        "phone": l.phone,
                        "unpaid_months": l.unpaid_months,
                        "owed_kip": l.owed_kip,
                        "last_paid_month": l.last_paid_month,
                    })
                })
                .collect();
            return print_json(&lines);
        }
        if self.output.csv {
            return write_stdout(&desk.arrears_csv(&at.actor, &query, at.now)?);
        }
        match &self.output.out {
            Some(path) => write_output(path, &desk.call_sheet_pdf(&at.actor, &query, at.now)?),
            // Not reached: clap requires one of the three.
            None => Ok(()),
        }
    }
}

/// A whole file (CSV) on standard output; a reader that closed the pipe stops the command quietly, as
/// for every other output (`invocation::print_line`).
fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Failure::OutputClosed
            } else {
                Failure::Unwritable {
                    path: "-".to_owned(),
                    detail: e.to_string(),
                }
            }
        })
}
