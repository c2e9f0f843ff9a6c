//! Cards: `photo`, `card`, `cards`, `office-key`, `verify-card`.

use std::path::PathBuf;

use nssf_api::cards::{verify_card, ReprintReason};
use nssf_api::{Code, Desk};

use crate::failure::Failure;
use crate::files::{read_input_bytes, read_office_key, write_output};
use crate::invocation::{out, Invocation};

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
        write_output(&self.out, desk.office_public_key().as_bytes())?;
        // The one stdout line: what the central office reads back by phone before trusting the file.
        out!("fingerprint {}", desk.office_key_fingerprint());
        Ok(())
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
    /// Needs no data folder: anyone with the office's public key can check a card. Standard output holds
    /// `valid NUMBER`, then `name …` and `born DD/MM/YYYY` when the card carries its holder (`NSSF2`), then
    /// `issue N`; notes for the person checking go to standard error. When the data folder (`--data`, or
    /// the current folder) holds an office, the card must also be that office's latest issue.
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let key = read_office_key(&self.key)?;
        let card = verify_card(&key, &self.qr).map_err(Failure::CardInvalid)?;
        let on_file = match Desk::open(&at.data) {
            Ok(desk) => Some(desk.card_on_file(&card)?),
            // Not an office folder: the check stops at the signature, and says so.
            Err(e) if e.code() == Code::NotInitialised => None,
            Err(e) => return Err(e.into()),
        };
        out!("valid {}", card.member_no);
        if let Some(holder) = &card.holder {
            out!("name {}", holder.name_lo);
            out!("born {}", holder.date_of_birth.format("%d/%m/%Y"));
        }
        out!("issue {}", card.issue_no);
        if card.holder.is_none() {
            at.note("card-check-no-holder", &[]);
        }
        match on_file {
            None => at.note("card-check-offline", &[]),
            Some(on_file) if on_file.photo_differs => at.note("card-check-photo-differs", &[]),
            Some(_) => {}
        }
        Ok(())
    }
}
