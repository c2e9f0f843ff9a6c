//! Cards: `photo`, `card`, `cards`, `office-key`, `verify-card`.

use std::path::PathBuf;

use nssf_api::cards::{verify_card, ReprintReason};

use crate::failure::Failure;
use crate::files::{read_input_bytes, read_office_key, write_output};
use crate::invocation::Invocation;

#[derive(clap::Args, Debug)]
pub struct Photo {
    number: String,
    #[arg(long)]
    file: PathBuf,
}

impl Photo {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let bytes = read_input_bytes(&self.file)?;
        let desk = at.open_desk()?;
        desk.set_photo(&at.actor, &self.number, &bytes, None, at.now)?;
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct Card {
    number: String,
    #[arg(long)]
    out: PathBuf,
    /// Required for a reprint: lost, damaged or changed.
    #[arg(long)]
    reason: Option<String>,
}

impl Card {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let reason = match &self.reason {
            None => None,
            Some(text) => Some(
                ReprintReason::parse(text)
                    .ok_or_else(|| Failure::UnknownReprintReason(text.clone()))?,
            ),
        };
        let desk = at.open_desk()?;
        let pdf = desk.print_card(&at.actor, &self.number, reason, at.now)?;
        write_output(&self.out, &pdf)
    }
}

#[derive(clap::Args, Debug)]
pub struct Cards {
    /// The print queue: never printed, or changed since.
    #[arg(long, conflicts_with = "members", required_unless_present = "members")]
    pending: bool,
    /// Comma-separated member numbers.
    #[arg(long, value_delimiter = ',')]
    members: Option<Vec<String>>,
    #[arg(long)]
    out: PathBuf,
}

impl Cards {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let list = if self.pending {
            None
        } else {
            self.members.as_deref()
        };
        let bar = indicatif::ProgressBar::new(0);
        let (pdf, _) = desk.print_card_sheet(&at.actor, list, at.now, &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            true
        })?;
        bar.finish_and_clear();
        write_output(&self.out, &pdf)
    }
}

#[derive(clap::Args, Debug)]
pub struct OfficeKey {
    #[arg(long)]
    out: PathBuf,
}

impl OfficeKey {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        write_output(&self.out, desk.office_public_key().as_bytes())
    }
}

#[derive(clap::Args, Debug)]
pub struct VerifyCard {
    #[arg(long)]
    key: PathBuf,
    #[arg(long)]
    qr: String,
}

impl VerifyCard {
    /// Needs no data folder: anyone with the office's public key can check a card.
    pub fn run(&self) -> Result<(), Failure> {
        let key = read_office_key(&self.key)?;
        let member_no = verify_card(&key, &self.qr).map_err(Failure::CardInvalid)?;
        println!("valid {member_no}");
        Ok(())
    }
}
