//! `nssf-desk`: the command line over `nssf_api`. Its names, flags, exit codes and JSON are a contract with
//! the central office's scripts (see the README); messages come from `locales/` in the language of `--lang`.
//!
//! This file holds the top of the argument definitions and the dispatch. Each command group is a module
//! with its commands' arguments and what they do; `failure` alone decides what a failure prints and its
//! exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::{Parser, Subcommand};
use nssf_i18n::{Language, Localizer};

mod audit;
mod backup;
mod cards;
mod central;
mod check;
mod contributions;
mod diagnostics;
mod exchange;
mod failure;
mod files;
mod invocation;
mod leaflet;
mod members;
mod recover;
mod reference;
mod reports;
mod settings;
mod staff;

use failure::Failure;
use invocation::{Gate, Invocation};

#[derive(Parser, Debug)]
#[command(
    name = "nssf-desk",
    // The same version the window's About dialog shows.
    version = nssf_api::VERSION,
    about = "NSSF Desk: voluntary members of the Lao National Social Security Fund"
)]
struct Cli {
    /// The office data folder.
    #[arg(long, global = true)]
    data: Option<PathBuf>,
    /// Language of messages: lo or en.
    #[arg(long, global = true, default_value = "lo")]
    lang: String,
    /// The staff member acting, once the office has staff accounts (the password from
    /// NSSF_DESK_PASSWORD, or typed on the terminal).
    #[arg(long, global = true)]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create the office data folder.
    Init(members::Init),
    /// Register one applicant from a JSON file (`-` reads standard input); prints the member number.
    Register(members::Register),
    /// Print a member.
    Show(members::Show),
    /// Find members by number, document, phone or name.
    Search(members::Search),
    /// Take a contribution for whole months; prints the receipt number.
    Pay(contributions::Pay),
    /// Change a member's income base from a month on.
    SetBase(contributions::SetBase),
    /// Print the member's months: covered, unpaid or future.
    Coverage(contributions::Coverage),
    /// What a member owes on a day: arrears, this month, to pay now, paid through.
    Balance(contributions::Balance),
    /// Void a receipt (supervisor).
    Void(contributions::Void),
    /// Write a receipt as PDF (A5 pair or 80 mm roll); later prints say COPY, void ones VOID.
    Receipt(contributions::Receipt),
    /// Write a member's one-page contribution statement.
    Statement(contributions::Statement),
    /// Close the cashier's day and write the day sheet.
    DayClose(contributions::DayClose),
    /// Store a member's photo from an image file (JPEG, PNG or WebP).
    Photo(cards::Photo),
    /// Write a member's card (CR80 PDF) and record the issue.
    Card(cards::Card),
    /// Write an A4 sheet of cards (10 a page) and record the issues.
    Cards(cards::Cards),
    /// Export the office's public key (for checking cards and batches).
    OfficeKey(cards::OfficeKey),
    /// Check a card's QR text against an office's public key.
    VerifyCard(cards::VerifyCard),
    /// Write the next weekly batch (everything not yet acknowledged) into a folder; prints its path.
    Export(exchange::Export),
    /// What the central office has not yet acknowledged.
    Pending(exchange::Pending),
    /// Install the central office's public key; batches are encrypted to it from then on.
    CentralKey(exchange::CentralKey),
    /// Apply the central office's acknowledgement.
    AckImport(exchange::AckImport),
    /// Apply the central office's signed reference file (schedule, hospitals, benefits).
    ReferenceImport(reference::ReferenceImport),
    /// The central office's tools (`central --data CDIR [--db URL] …`).
    Central {
        /// The central store's PostgreSQL database, `postgres://USER@HOST:PORT/DATABASE` (the password
        /// from PGPASSWORD or ~/.pgpass); without it, the store is in `--data CDIR`. The keys stay in
        /// `--data CDIR` either way.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
        #[command(subcommand)]
        command: central::CentralCommand,
    },
    /// Add synthetic members for demos and benchmarks.
    Demo(members::Demo),
    /// The audit trail: check its hash chain, list its entries (supervisor).
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Read the whole store and say whether it is whole, or what is damaged (supervisor, admin).
    Check(check::Check),
    /// Write the support file for the central office's IT (no personal data; no sign-in); prints its path.
    Diagnostics(diagnostics::Diagnostics),
    /// Staff accounts: add, list, disable, unlock, reset a password, change your own.
    Staff {
        #[command(subcommand)]
        command: staff::StaffCommand,
    },
    /// The office's settings: print them, or change one (admin).
    Settings(settings::Settings),
    /// Write an encrypted backup of the office (supervisor, admin); the first one sets the backup
    /// passphrase (NSSF_DESK_BACKUP_PASSPHRASE, or typed on the terminal).
    Backup(backup::Backup),
    /// Check a backup completely without restoring it (needs the backup passphrase).
    BackupVerify(backup::BackupVerify),
    /// Restore a backup into a new, empty --data folder as the successor workstation --workstation NN.
    Restore(backup::Restore),
    /// Registrations and collections of a period, by week, village, occupation, sex and age; active and
    /// lapsed members (supervisor, admin): --json or --csv on standard output, or --out FILE.pdf.
    Report(reports::Report),
    /// Members with N or more months in arrears, by village (supervisor, admin): --json, --csv, or a
    /// call sheet --out FILE.pdf.
    Arrears(reports::Arrears),
    /// Apply the central office's recovery file in an office restored as a successor (supervisor, admin).
    RecoverImport(recover::RecoverImport),
    /// The A5 leaflet "why should I join?" in the language of --lang, for a member (--member NUMBER) or
    /// for a monthly income base someone is thinking of (--base KIP): --out FILE.pdf.
    Leaflet(leaflet::Leaflet),
    /// A member's filled-in application form (A4, Lao) to sign and file: --out FILE.pdf. Every print is
    /// audited; a reprint says COPY.
    ApplicationForm(leaflet::ApplicationForm),
}

impl Command {
    /// Who must be signed in to run it (README, "Staff accounts").
    fn gate(&self) -> Gate {
        match self {
            Command::Init(_)
            | Command::BackupVerify(_)
            | Command::Restore(_)
            | Command::VerifyCard(_)
            | Command::Diagnostics(_) => Gate::Open,
            Command::Central { .. } => Gate::Central,
            Command::Staff { command } => command.gate(),
            Command::Register(_)
            | Command::Show(_)
            | Command::Search(_)
            | Command::Pay(_)
            | Command::SetBase(_)
            | Command::Coverage(_)
            | Command::Balance(_)
            | Command::Void(_)
            | Command::Receipt(_)
            | Command::Statement(_)
            | Command::DayClose(_)
            | Command::Photo(_)
            | Command::Card(_)
            | Command::Cards(_)
            | Command::OfficeKey(_)
            | Command::Export(_)
            | Command::Pending(_)
            | Command::CentralKey(_)
            | Command::AckImport(_)
            | Command::ReferenceImport(_)
            | Command::Demo(_)
            | Command::Audit { .. }
            | Command::Check(_)
            | Command::Backup(_)
            | Command::Report(_)
            | Command::Arrears(_)
            | Command::Leaflet(_)
            | Command::ApplicationForm(_)
            | Command::RecoverImport(_)
            | Command::Settings(_) => Gate::SignedIn,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let language = Language::parse(&cli.lang).unwrap_or(Language::Lo);
    let mut at = Invocation::new(
        cli.data.unwrap_or_else(|| PathBuf::from(".")),
        Utc::now(),
        Localizer::new(language),
    );
    let signed_in = at.sign_in(cli.user.as_deref(), cli.command.gate());
    match signed_in.and_then(|()| run(&cli.command, &at)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report(&at.l10n);
            ExitCode::from(failure.exit_code())
        }
    }
}

fn run(command: &Command, at: &Invocation) -> Result<(), Failure> {
    match command {
        Command::Init(c) => c.run(at),
        Command::Register(c) => c.run(at),
        Command::Show(c) => c.run(at),
        Command::Search(c) => c.run(at),
        Command::Pay(c) => c.run(at),
        Command::SetBase(c) => c.run(at),
        Command::Coverage(c) => c.run(at),
        Command::Balance(c) => c.run(at),
        Command::Void(c) => c.run(at),
        Command::Receipt(c) => c.run(at),
        Command::Statement(c) => c.run(at),
        Command::DayClose(c) => c.run(at),
        Command::Photo(c) => c.run(at),
        Command::Card(c) => c.run(at),
        Command::Cards(c) => c.run(at),
        Command::OfficeKey(c) => c.run(at),
        Command::VerifyCard(c) => c.run(at),
        Command::Export(c) => c.run(at),
        Command::Pending(c) => c.run(at),
        Command::CentralKey(c) => c.run(at),
        Command::AckImport(c) => c.run(at),
        Command::ReferenceImport(c) => c.run(at),
        Command::Central { command, db } => command.run(at, db.as_deref()),
        Command::Demo(c) => c.run(at),
        Command::Audit { command } => command.run(at),
        Command::Check(c) => c.run(at),
        Command::Diagnostics(c) => c.run(at),
        Command::Staff { command } => command.run(at),
        Command::Settings(c) => c.run(at),
        Command::Backup(c) => c.run(at),
        Command::BackupVerify(c) => c.run(at),
        Command::Restore(c) => c.run(at),
        Command::Report(c) => c.run(at),
        Command::Arrears(c) => c.run(at),
        Command::RecoverImport(c) => c.run(at),
        Command::Leaflet(c) => c.run(at),
        Command::ApplicationForm(c) => c.run(at),
    }
}
