//! Outreach paper for one person (issue 14): `leaflet (--member NUMBER | --base KIP) --out FILE.pdf`, in
//! the language of `--lang`, and `application-form NUMBER --out FILE.pdf` (Lao; every print audited).

use std::path::PathBuf;

use nssf_api::LeafletFor;

use crate::failure::Failure;
use crate::files::write_output;
use crate::invocation::Invocation;

/// Whom the leaflet is for: exactly one of the two.
#[derive(clap::Args, Debug)]
#[group(required = true, multiple = false)]
pub struct Whom {
    /// A registered member: their base, hospital and arrears.
    #[arg(long)]
    member: Option<String>,
    /// A monthly income base someone is thinking of, kip (Lao digits and separators accepted).
    #[arg(long)]
    base: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct Leaflet {
    #[command(flatten)]
    whom: Whom,
    /// The A5 PDF to write.
    #[arg(long)]
    out: PathBuf,
}

impl Leaflet {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let of = match (&self.whom.member, &self.whom.base) {
            (Some(member_no), _) => LeafletFor::Member(member_no.clone()),
            (None, Some(base)) => LeafletFor::Base(base.clone()),
            // Not reached: clap requires one of the two.
            (None, None) => return Ok(()),
        };
        let desk = at.open_desk()?;
        let pdf = desk.leaflet_pdf(&at.actor, &of, at.l10n.language(), at.now)?;
        write_output(&self.out, &pdf)
    }
}

#[derive(clap::Args, Debug)]
pub struct ApplicationForm {
    /// The member number.
    member_no: String,
    /// The A4 PDF to write.
    #[arg(long)]
    out: PathBuf,
}

impl ApplicationForm {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let pdf = desk.application_form_pdf(&at.actor, &self.member_no, at.now)?;
        write_output(&self.out, &pdf)
    }
}
