//! Members: `init`, `register`, `show`, `search`, `demo`.

use nssf_api::nssf_domain::draft::DraftJsonError;
use nssf_api::nssf_domain::Draft;
use nssf_api::{ApiError, Desk, OfficeSetup, RegistrationChoices};
use nssf_i18n::Language;

use crate::failure::Failure;
use crate::files::read_input_text;
use crate::invocation::{out, print_json, Invocation};

#[derive(clap::Args, Debug)]
pub struct Init {
    #[arg(long)]
    office: String,
    #[arg(long)]
    workstation: String,
}

impl Init {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let setup = OfficeSetup {
            district_code: self.office.clone(),
            workstation: self.workstation.clone(),
        };
        let desk = Desk::init(&at.data, &setup, &at.actor, at.now)?;
        let o = desk.office();
        let name = if at.l10n.language() == Language::Lo {
            o.district_name_lo
        } else {
            o.district_name_en
        };
        at.note(
            "cli-initialised",
            &[
                ("district", &o.district_code),
                ("district_name", &name),
                ("workstation", &o.workstation),
                ("path", &at.data.display().to_string()),
            ],
        );
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct Register {
    #[arg(long)]
    json: String,
    /// Register even when a member born the same day with a similar name exists.
    #[arg(long)]
    confirm_duplicate: bool,
    /// A supervisor allows a registration date further back than the office's limit.
    #[arg(long)]
    allow_backdate: bool,
}

impl Register {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let text = read_input_text(&self.json)?;
        // A misspelt field is refused by name (exit 2, like any field problem), never dropped.
        let draft = Draft::from_json(&text).map_err(|e| match e {
            DraftJsonError::UnknownField(problem) => {
                Failure::Refused(ApiError::invalid(vec![problem]))
            }
            DraftJsonError::Malformed(e) => Failure::BadJson {
                detail: e.to_string(),
            },
        })?;
        let desk = at.open_desk()?;
        let choices = RegistrationChoices {
            confirm_duplicate: self.confirm_duplicate,
            allow_backdate: self.allow_backdate,
        };
        let view = desk.register_with(&at.actor, &draft, choices, at.now)?;
        out!("{}", view.member.member_no);
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct Show {
    number: String,
    #[arg(long)]
    json: bool,
}

impl Show {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let member = desk.member_record(&at.actor, &self.number)?;
        if self.json {
            return print_json(&member);
        }
        let view = desk.member(&at.actor, &self.number)?;
        out!(
            "{}  {} {}  {} {}  {}",
            member.member_no,
            member.given_name_lo,
            member.family_name_lo,
            member.given_name_latin,
            member.family_name_latin,
            member.date_of_birth
        );
        out!(
            "{} / {} / {}",
            view.village_name_lo,
            view.district_name_lo,
            view.province_name_lo
        );
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct Search {
    text: String,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

impl Search {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let hits = desk.search(&at.actor, &self.text, self.limit)?;
        if self.json {
            // The contract: members with the input's field names, best match first, each with why it
            // matched.
            let mut members = Vec::with_capacity(hits.len());
            for h in &hits {
                members.push(Found {
                    member: desk.member_record(&at.actor, &h.member_no)?,
                    matched: h.matched,
                });
            }
            return print_json(&members);
        }
        for h in hits {
            out!(
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

/// One line of `search --json`: the member's fields and `"matched"`.
#[derive(serde::Serialize)]
struct Found {
    #[serde(flatten)]
    member: nssf_api::views::Member,
    matched: Option<nssf_api::Matched>,
}

#[derive(clap::Args, Debug)]
pub struct Demo {
    #[arg(long)]
    members: u64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

impl Demo {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let added = load_demo_members(desk, self.members, self.seed, at)?;
        at.note("cli-demo-done", &[("count", &added.to_string())]);
        Ok(())
    }
}

/// Writes a demo office of `count` synthetic applicants and what followed their registrations (payments,
/// a few voided slips, closed days), each record at its own date as it would have happened at the
/// counter, with one flush at the end; how many members were added.
fn load_demo_members(desk: &Desk, count: u64, seed: u64, at: &Invocation) -> Result<u64, Failure> {
    let history = desk.demo_history(count, seed, at.now);
    // Hidden automatically when stderr is not a terminal.
    let bar = indicatif::ProgressBar::new(history.len() as u64)
        .with_message(at.l10n.message("cli-demo-progress", &[]));
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let written = desk.write_demo(&at.actor, &history, at.now, |done| {
        bar.set_position(done as u64)
    });
    match written {
        Ok(written) => {
            bar.finish_and_clear();
            Ok(written.members.len() as u64)
        }
        Err(e) => {
            bar.abandon();
            Err(Failure::Failed(e))
        }
    }
}
