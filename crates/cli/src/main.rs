//! `nssf-desk`: the command line over `nssf_api`. Its names, flags, exit codes and JSON are a contract with
//! the central office's scripts (see the README); messages come from `locales/` in the language of `--lang`.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::{Parser, Subcommand};
use nssf_api::nssf_domain::{Code, Draft};
use nssf_api::{Actor, ApiError, Desk, OfficeSetup};
use nssf_i18n::{Language, Localizer};

mod exchange;

#[derive(Parser, Debug)]
#[command(
    name = "nssf-desk",
    version,
    about = "NSSF Desk: voluntary members of the Lao National Social Security Fund"
)]
struct Cli {
    /// The office data folder.
    #[arg(long, global = true)]
    data: Option<PathBuf>,
    /// Language of messages: lo or en.
    #[arg(long, global = true, default_value = "lo")]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create the office data folder.
    Init {
        #[arg(long)]
        office: String,
        #[arg(long)]
        workstation: String,
    },
    /// Register one applicant from a JSON file (`-` reads standard input); prints the member number.
    Register {
        #[arg(long)]
        json: String,
        /// Register even when a member with the same name and birth date exists.
        #[arg(long)]
        confirm_duplicate: bool,
    },
    /// Print a member.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Find members by number, document, phone or name.
    Search {
        text: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Take a contribution for whole months; prints the receipt number.
    Pay {
        number: String,
        /// The next N months not yet paid (arrears first).
        #[arg(long, conflicts_with_all = ["from", "to"], required_unless_present = "from")]
        months: Option<u32>,
        #[arg(long, requires = "to")]
        from: Option<String>,
        #[arg(long, requires = "from")]
        to: Option<String>,
        #[arg(long)]
        method: String,
        #[arg(long, default_value = "")]
        reference: String,
        /// Payment date (default today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Change a member's income base from a month on.
    SetBase {
        number: String,
        #[arg(long)]
        kip: String,
        #[arg(long)]
        from: String,
    },
    /// Print the member's months: covered, unpaid or future.
    Coverage {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Void a receipt (supervisor).
    Void {
        receipt: String,
        #[arg(long)]
        reason: String,
    },
    /// Write a receipt as PDF (A5 pair or 80 mm roll); later prints say COPY, void ones VOID.
    Receipt {
        receipt: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = ReceiptPaper::A5)]
        format: ReceiptPaper,
    },
    /// Write a member's one-page contribution statement.
    Statement {
        number: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Close the cashier's day and write the day sheet.
    DayClose {
        #[arg(long)]
        date: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Store a member's photo from an image file (JPEG, PNG or WebP).
    Photo {
        number: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// Write a member's card (CR80 PDF) and record the issue.
    Card {
        number: String,
        #[arg(long)]
        out: PathBuf,
        /// Required for a reprint: lost, damaged or changed.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Write an A4 sheet of cards (10 a page) and record the issues.
    Cards {
        /// The print queue: never printed, or changed since.
        #[arg(long, conflicts_with = "members", required_unless_present = "members")]
        pending: bool,
        /// Comma-separated member numbers.
        #[arg(long, value_delimiter = ',')]
        members: Option<Vec<String>>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Export the office's public key (for checking cards and batches).
    OfficeKey {
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a card's QR text against an office's public key.
    VerifyCard {
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        qr: String,
    },
    /// Write the next weekly batch (everything not yet acknowledged) into a folder; prints its path.
    Export {
        #[arg(long)]
        out: PathBuf,
        /// Write batch N again, byte for byte.
        #[arg(long)]
        again: Option<u64>,
    },
    /// What the central office has not yet acknowledged.
    Pending {
        #[arg(long)]
        json: bool,
    },
    /// Install the central office's public key; batches are encrypted to it from then on.
    CentralKey {
        #[arg(long)]
        import: PathBuf,
    },
    /// Apply the central office's acknowledgement.
    AckImport { file: PathBuf },
    /// The central office's tools (`central --data CDIR …`).
    Central {
        #[command(subcommand)]
        command: exchange::CentralCommand,
    },
    /// Add synthetic members for demos and benchmarks.
    Demo {
        #[arg(long)]
        members: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum ReceiptPaper {
    A5,
    Roll,
}

/// Exit codes of the contract.
const EXIT_FAILURE: u8 = 1;
const EXIT_INVALID: u8 = 2;
const EXIT_DUPLICATE_DOCUMENT: u8 = 3;
const EXIT_POSSIBLE_DUPLICATE: u8 = 4;

struct Output {
    l10n: Localizer,
}

impl Output {
    /// One localised line per problem, or the error's own message.
    fn error(&self, e: &ApiError) {
        let mut err = std::io::stderr().lock();
        if e.problems.is_empty() {
            let _ = writeln!(err, "{}", self.l10n.error(e.code, &e.args));
            return;
        }
        for p in &e.problems {
            let field_id = format!("field-{}", p.field.split('.').next().unwrap_or_default());
            let field = if self.l10n.has_message(&field_id) {
                self.l10n.message(&field_id, &[])
            } else {
                p.field.clone()
            };
            let field = if p.field.contains('.') {
                format!("{field} ({})", p.field)
            } else {
                field
            };
            let message = self.l10n.error(p.code, &p.args);
            let _ = writeln!(
                err,
                "{}",
                self.l10n.message(
                    "cli-problem-line",
                    &[("field", &field), ("message", &message)]
                )
            );
        }
    }

    fn say(&self, id: &str, args: &[(&str, &str)]) {
        eprintln!("{}", self.l10n.message(id, args));
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let language = Language::parse(&cli.lang).unwrap_or(Language::Lo);
    let out = Output {
        l10n: Localizer::new(language),
    };
    match run(cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

fn data_dir(cli: &Cli) -> PathBuf {
    cli.data.clone().unwrap_or_else(|| PathBuf::from("."))
}

fn open(cli: &Cli, out: &Output) -> Result<Desk, u8> {
    Desk::open(&data_dir(cli)).map_err(|e| {
        out.error(&e);
        EXIT_FAILURE
    })
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), u8> {
    let text = serde_json::to_string_pretty(value).map_err(|_| EXIT_FAILURE)?;
    println!("{text}");
    Ok(())
}

fn run(cli: Cli, out: &Output) -> Result<(), u8> {
    let actor = Actor::setup_user();
    let now = Utc::now();
    match &cli.command {
        Command::Init {
            office,
            workstation,
        } => {
            let dir = data_dir(&cli);
            let setup = OfficeSetup {
                district_code: office.clone(),
                workstation: workstation.clone(),
            };
            let desk = Desk::init(&dir, &setup, &actor, now).map_err(|e| {
                out.error(&e);
                if e.code == Code::InvalidInput {
                    EXIT_INVALID
                } else {
                    EXIT_FAILURE
                }
            })?;
            let o = desk.office();
            let name = if out.l10n.language() == Language::Lo {
                o.district_name_lo
            } else {
                o.district_name_en
            };
            out.say(
                "cli-initialised",
                &[
                    ("district", &o.district_code),
                    ("district_name", &name),
                    ("workstation", &o.workstation),
                    ("path", &dir.display().to_string()),
                ],
            );
            Ok(())
        }
        Command::Register {
            json,
            confirm_duplicate,
        } => {
            let text = read_input(json, out)?;
            let draft: Draft = serde_json::from_str(&text).map_err(|e| {
                out.say("cli-bad-json", &[("detail", &e.to_string())]);
                EXIT_INVALID
            })?;
            let desk = open(&cli, out)?;
            match desk.register(&actor, &draft, *confirm_duplicate, now) {
                Ok(view) => {
                    println!("{}", view.member.member_no);
                    Ok(())
                }
                Err(e) => {
                    if e.code == Code::DuplicateDocument {
                        // The contract: the existing member number alone on the first line of stderr.
                        eprintln!("{}", e.args.get("member_no").cloned().unwrap_or_default());
                    }
                    out.error(&e);
                    if e.code == Code::PossibleDuplicate {
                        out.say("cli-duplicate-hint", &[]);
                    }
                    Err(register_exit_code(e.code))
                }
            }
        }
        Command::Show { number, json } => {
            let desk = open(&cli, out)?;
            let member = desk.member_record(number).map_err(|e| {
                out.error(&e);
                EXIT_FAILURE
            })?;
            if *json {
                print_json(&member)
            } else {
                let view = desk.member(number).map_err(|_| EXIT_FAILURE)?;
                println!(
                    "{}  {} {}  {} {}  {}",
                    member.member_no,
                    member.given_name_lo,
                    member.family_name_lo,
                    member.given_name_latin,
                    member.family_name_latin,
                    member.date_of_birth
                );
                println!(
                    "{} / {} / {}",
                    view.village_name_lo, view.district_name_lo, view.province_name_lo
                );
                Ok(())
            }
        }
        Command::Search { text, limit, json } => {
            let desk = open(&cli, out)?;
            let hits = desk.search(text, *limit).map_err(|e| {
                out.error(&e);
                EXIT_FAILURE
            })?;
            if *json {
                // The contract: members with the input's field names, best match first.
                let mut members = Vec::with_capacity(hits.len());
                for h in &hits {
                    members.push(desk.member_record(&h.member_no).map_err(|_| EXIT_FAILURE)?);
                }
                print_json(&members)
            } else {
                for h in hits {
                    println!(
                        "{}  {} {}  {} {}  {}  {}",
                        h.member_no,
                        h.given_name_lo,
                        h.family_name_lo,
                        h.given_name_latin,
                        h.family_name_latin,
                        h.date_of_birth,
                        h.village_name_lo
                    );
                }
                Ok(())
            }
        }
        Command::Pay {
            number,
            months,
            from,
            to,
            method,
            reference,
            on,
        } => {
            let desk = open(&cli, out)?;
            let months = match (months, from, to) {
                (Some(count), _, _) => nssf_api::MonthsChoice::Next { count: *count },
                (None, Some(from), Some(to)) => nssf_api::MonthsChoice::Range {
                    from: from.clone(),
                    to: to.clone(),
                },
                (None, _, _) => nssf_api::MonthsChoice::Next { count: 0 },
            };
            let request = nssf_api::PaymentRequest {
                member_no: number.clone(),
                months,
                method: method.clone(),
                reference: reference.clone(),
                paid_on: on.clone().unwrap_or_default(),
            };
            let receipt = desk
                .pay(&actor, &request, now)
                .map_err(|e| refused(out, &e))?;
            println!("{}", receipt.receipt_no);
            Ok(())
        }
        Command::SetBase { number, kip, from } => {
            let desk = open(&cli, out)?;
            desk.set_base(&actor, number, kip, from, now)
                .map_err(|e| refused(out, &e))
        }
        Command::Coverage { number, json } => {
            let desk = open(&cli, out)?;
            let view = desk.coverage(number, now).map_err(|e| refused(out, &e))?;
            if *json {
                // The contract's fields exactly.
                let months: Vec<serde_json::Value> = view
                    .months
                    .iter()
                    .map(|m| serde_json::json!({"month": m.month, "status": m.status, "receipt": m.receipt, "due_kip": m.due_kip}))
                    .collect();
                print_json(&months)
            } else {
                for m in &view.months {
                    println!(
                        "{}  {:8}  {:>10}  {}",
                        m.month,
                        m.status,
                        m.due_kip,
                        m.receipt.as_deref().unwrap_or("")
                    );
                }
                Ok(())
            }
        }
        Command::Void { receipt, reason } => {
            let desk = open(&cli, out)?;
            desk.void(&actor, receipt, reason, now)
                .map(|_| ())
                .map_err(|e| refused(out, &e))
        }
        Command::Receipt {
            receipt,
            out: path,
            format,
        } => {
            let desk = open(&cli, out)?;
            let format = match format {
                ReceiptPaper::A5 => nssf_api::ReceiptFormat::A5,
                ReceiptPaper::Roll => nssf_api::ReceiptFormat::Roll,
            };
            let pdf = desk
                .receipt_pdf(&actor, receipt, format, now)
                .map_err(|e| refused(out, &e))?;
            write_file(path, &pdf, out)
        }
        Command::Statement { number, out: path } => {
            let desk = open(&cli, out)?;
            let pdf = desk
                .statement_pdf(number, now)
                .map_err(|e| refused(out, &e))?;
            write_file(path, &pdf, out)
        }
        Command::DayClose { date, out: path } => {
            let desk = open(&cli, out)?;
            let date = nssf_api::nssf_domain::dates::parse_date("date", date).map_err(|p| {
                refused(
                    out,
                    &ApiError {
                        code: Code::InvalidInput,
                        args: Default::default(),
                        problems: vec![p],
                    },
                )
            })?;
            desk.close_day(&actor, date, now)
                .map_err(|e| refused(out, &e))?;
            let pdf = desk
                .day_sheet_pdf(&actor, date, now)
                .map_err(|e| refused(out, &e))?;
            write_file(path, &pdf, out)
        }
        Command::Photo { number, file } => {
            let bytes = std::fs::read(file).map_err(|e| {
                out.say(
                    "cli-file-unreadable",
                    &[
                        ("path", &file.display().to_string()),
                        ("detail", &e.to_string()),
                    ],
                );
                EXIT_INVALID
            })?;
            let desk = open(&cli, out)?;
            desk.set_photo(&actor, number, &bytes, None, now)
                .map_err(|e| refused(out, &e))
        }
        Command::Card {
            number,
            out: path,
            reason,
        } => {
            let reason = match reason.as_deref().map(nssf_api::cards::ReprintReason::parse) {
                None => None,
                Some(Some(r)) => Some(r),
                Some(None) => {
                    out.error(
                        &ApiError::new(Code::InvalidChoice)
                            .arg("value", reason.clone().unwrap_or_default()),
                    );
                    return Err(EXIT_INVALID);
                }
            };
            let desk = open(&cli, out)?;
            let pdf = desk
                .print_card(&actor, number, reason, now)
                .map_err(|e| refused(out, &e))?;
            write_file(path, &pdf, out)
        }
        Command::Cards {
            pending,
            members,
            out: path,
        } => {
            let desk = open(&cli, out)?;
            let list = if *pending { None } else { members.as_deref() };
            let bar = indicatif::ProgressBar::new(0);
            let (pdf, _) = desk
                .print_card_sheet(&actor, list, now, &mut |done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                    true
                })
                .map_err(|e| refused(out, &e))?;
            bar.finish_and_clear();
            write_file(path, &pdf, out)
        }
        Command::OfficeKey { out: path } => {
            let desk = open(&cli, out)?;
            write_file(path, desk.office_public_key().as_bytes(), out)
        }
        Command::VerifyCard { key, qr } => {
            let text = std::fs::read_to_string(key).map_err(|e| {
                out.say(
                    "cli-file-unreadable",
                    &[
                        ("path", &key.display().to_string()),
                        ("detail", &e.to_string()),
                    ],
                );
                EXIT_FAILURE
            })?;
            match nssf_api::cards::verify_card(&text, qr) {
                Ok(member_no) => {
                    println!("valid {member_no}");
                    Ok(())
                }
                Err(why) => {
                    out.say(why.message_id(), &[]);
                    Err(EXIT_FAILURE)
                }
            }
        }
        Command::Export { out: folder, again } => {
            let desk = open(&cli, out)?;
            exchange::export(&desk, &actor, folder, *again, out)
        }
        Command::Pending { json } => {
            let desk = open(&cli, out)?;
            exchange::pending(&desk, *json, out)
        }
        Command::CentralKey { import } => {
            let desk = open(&cli, out)?;
            exchange::central_key(&desk, &actor, import, out)
        }
        Command::AckImport { file } => {
            let desk = open(&cli, out)?;
            exchange::ack_import(&desk, &actor, file, out)
        }
        Command::Central { command } => exchange::central(&data_dir(&cli), command, out),
        Command::Demo { members, seed } => {
            let desk = open(&cli, out)?;
            demo(&desk, &actor, *members, *seed, now, out)
        }
    }
}

/// Prints why a call was refused; exit 2 for input the user can correct (including a closed day), else 1.
fn refused(out: &Output, e: &ApiError) -> u8 {
    out.error(e);
    refused_code(e.code)
}

/// Refusals the user fixes by changing the input (exit 2); anything else is a failure (exit 1).
const USER_CORRECTABLE: &[Code] = &[
    Code::InvalidInput,
    Code::DayClosed,
    Code::PhotoEmpty,
    Code::PhotoUnsupported,
    Code::PhotoCorrupt,
    Code::PhotoTooLarge,
    Code::PhotoBadCrop,
];

fn refused_code(code: Code) -> u8 {
    if USER_CORRECTABLE.contains(&code) {
        EXIT_INVALID
    } else {
        EXIT_FAILURE
    }
}

/// Writes an output file whole or not at all (see `nssf_api::files`).
fn write_file(path: &std::path::Path, bytes: &[u8], out: &Output) -> Result<(), u8> {
    nssf_api::files::write_atomically(path, bytes, &mut |_, _| {}).map_err(|e| {
        out.say(
            "cli-file-unwritable",
            &[
                ("path", &path.display().to_string()),
                ("detail", &e.to_string()),
            ],
        );
        EXIT_FAILURE
    })
}

/// Exit codes of `register`: 2 invalid, 3 document on file, 4 possible duplicate, 1 anything else.
fn register_exit_code(code: Code) -> u8 {
    if code == Code::InvalidInput {
        EXIT_INVALID
    } else if code == Code::DuplicateDocument {
        EXIT_DUPLICATE_DOCUMENT
    } else if code == Code::PossibleDuplicate {
        EXIT_POSSIBLE_DUPLICATE
    } else {
        EXIT_FAILURE
    }
}

fn read_input(path: &str, out: &Output) -> Result<String, u8> {
    let mut text = String::new();
    let result = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|e| {
        out.say(
            "cli-file-unreadable",
            &[("path", path), ("detail", &e.to_string())],
        );
        EXIT_INVALID
    })?;
    Ok(text)
}

fn demo(
    desk: &Desk,
    actor: &Actor,
    count: u64,
    seed: u64,
    now: chrono::DateTime<Utc>,
    out: &Output,
) -> Result<(), u8> {
    let hospitals = desk.hospitals().into_iter().map(|h| h.code).collect();
    let today = nssf_api::office_date(now);
    let mut applicants =
        nssf_api::demo::DemoApplicants::new(desk.reference(), hospitals, seed, today);
    // Hidden automatically when stderr is not a terminal.
    let bar =
        indicatif::ProgressBar::new(count).with_message(out.l10n.message("cli-demo-progress", &[]));
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut added = 0u64;
    for _ in 0..count {
        let draft = applicants.next_draft();
        match desk.register_bulk(actor, &draft, now) {
            Ok(_) => added += 1,
            // Running the same seed twice in one folder meets its own documents again: skip those.
            Err(e) if e.code == Code::DuplicateDocument => {}
            Err(e) => {
                bar.abandon();
                out.error(&e);
                return Err(EXIT_FAILURE);
            }
        }
        bar.inc(1);
    }
    desk.store().flush().map_err(|e| {
        out.error(&ApiError::from(e));
        EXIT_FAILURE
    })?;
    bar.finish_and_clear();
    out.say("cli-demo-done", &[("count", &added.to_string())]);
    Ok(())
}
