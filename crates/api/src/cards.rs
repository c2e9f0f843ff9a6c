//! Member photos and cards: signed QR payloads, card PDFs one at a time or in A4 sheets, the print queue
//! and reprints with a reason.
//!
//! A card's QR code binds the card to its holder: the office signs (Ed25519, its office key) the member
//! number, the issue number, its own `DDDD-WW`, the birth date, a hash of the photo and the Lao name
//! printed on the card (`NSSF2:…`, laid out in [`payload`]). Anyone holding the office's public key file
//! (`office-key`) can check a card offline and compare what the code says with what the card shows; only
//! the issuing office's data tells whether a later reprint replaced the card ([`Desk::card_on_file`]).
//! Cards printed before `NSSF2` carry `NSSF1;<member number>;<issue date>;<issue number>;<DDDD-WW>;
//! <signature>` without the holder, and still verify. `docs/cards.md` says what a check can and cannot tell.

use chrono::{DateTime, Utc};
use nssf_documents::photo::{Crop, PhotoError};
use nssf_documents::{CardData, CardLabels, DocumentError, Fonts};
use nssf_domain::{Member, ProblemKind};
use nssf_i18n::{format_date, Language, Localizer};
use nssf_store::{CardIssue, CardReason as StoredCardReason};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::office_key::public_key_file;
use crate::{office_date, Action, Actor, ApiError, Desk, Refusal, SearchHit};

pub mod payload;

pub use payload::{verify_card, CardCheck, CardHolder, PhotoHash, VerifiedCard};

/// How the CLI's `verify-card` tells why: each reason its own code.
impl From<CardCheck> for Refusal {
    fn from(check: CardCheck) -> Refusal {
        match check {
            CardCheck::KeyFileInvalid => Refusal::CardKeyInvalid {},
            CardCheck::Malformed => Refusal::CardMalformed {},
            CardCheck::OtherOffice => Refusal::CardOtherOffice {},
            CardCheck::BadSignature => Refusal::CardBadSignature {},
        }
    }
}

/// A verified card as the issuing office's records see it, when it is still the member's current card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardOnFile {
    /// The photo the office now holds for the member is not the one printed on the card (or the office
    /// holds none now): a new photo not yet printed, or a card made for someone else's face. Always false
    /// for `NSSF1` cards, which carry no photo hash.
    pub photo_differs: bool,
}

/// Why a card is printed again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReprintReason {
    /// The member lost the previous card.
    Lost,
    /// The previous card is damaged.
    Damaged,
    /// The data printed on the previous card changed.
    Changed,
}

impl ReprintReason {
    /// The JSON text and the CLI's `--reason` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ReprintReason::Lost => "lost",
            ReprintReason::Damaged => "damaged",
            ReprintReason::Changed => "changed",
        }
    }

    /// Reads the CLI's `--reason` value.
    pub fn parse(text: &str) -> Option<ReprintReason> {
        match text.trim() {
            "lost" => Some(ReprintReason::Lost),
            "damaged" => Some(ReprintReason::Damaged),
            "changed" => Some(ReprintReason::Changed),
            _ => None,
        }
    }
}

/// The part of a photo to keep, chosen in the window's cropper, in the picture's own pixels after EXIF
/// orientation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhotoCrop {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// A card issue as the member page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CardIssueView {
    /// 1 for the first card, then 2, 3, …
    pub issue_no: u32,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// Why it was printed; the window shows `card-reason-<reason>`.
    pub reason: CardReason,
    /// Staff id.
    pub issued_by: String,
}

/// Why a card was printed: the first card, or a reprint's reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CardReason {
    /// The member's first card.
    First,
    /// The member lost the previous card.
    Lost,
    /// The previous card is damaged.
    Damaged,
    /// The data printed on the previous card changed (or the card was on an A4 sheet of the print queue).
    Changed,
}

impl From<StoredCardReason> for CardReason {
    fn from(reason: StoredCardReason) -> CardReason {
        match reason {
            StoredCardReason::First => CardReason::First,
            StoredCardReason::Lost => CardReason::Lost,
            StoredCardReason::Damaged => CardReason::Damaged,
            StoredCardReason::Changed => CardReason::Changed,
        }
    }
}

/// How far an A4 card sheet is: sent to the window while the PDF is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SheetProgress {
    /// Cards laid out so far.
    pub done: usize,
    /// Cards on the sheet.
    pub total: usize,
}

/// A card sheet the window saved, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SheetSaved {
    /// The PDF's path, to show the clerk.
    pub path: String,
    /// How many cards it holds.
    pub cards: usize,
}

/// A photo the clerk can replace: each reason its own code. The decoder's and encoder's English details
/// stay behind (an encoder failure is shown as a damaged photo: another file is the remedy either way).
fn photo_error(e: &PhotoError) -> ApiError {
    let refusal = match e {
        PhotoError::Empty => Refusal::PhotoEmpty {},
        PhotoError::UnsupportedFormat => Refusal::PhotoUnsupported {},
        PhotoError::Corrupt(_) | PhotoError::Encode(_) => Refusal::PhotoCorrupt {},
        PhotoError::TooLarge { width, height } => Refusal::PhotoTooLarge {
            width: *width,
            height: *height,
        },
        PhotoError::BadCrop(_) => Refusal::PhotoBadCrop {},
        PhotoError::FileTooLarge(_) => Refusal::PhotoFileTooLarge {},
        PhotoError::Animated => Refusal::PhotoAnimated {},
        PhotoError::TooSmall { width, height } => Refusal::PhotoTooSmall {
            width: *width,
            height: *height,
        },
        PhotoError::BadShape { width, height } => Refusal::PhotoBadShape {
            width: *width,
            height: *height,
        },
    };
    refusal.into()
}

fn document_error(e: &DocumentError) -> ApiError {
    let refusal = match e {
        DocumentError::Cancelled => Refusal::Cancelled {},
        DocumentError::Font(_)
        | DocumentError::Pdf(_)
        | DocumentError::Qr(_)
        | DocumentError::Image(_) => Refusal::DocumentFailed {
            detail: e.to_string(),
        },
    };
    refusal.into()
}

/// The name a card's QR code carries: the Lao given and family names as printed, without the title.
fn qr_name(member: &Member) -> String {
    [
        member.given_name_lo.as_str(),
        member.family_name_lo.as_str(),
    ]
    .iter()
    .filter(|part| !part.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" ")
}

/// Card-relevant data: what, if changed, makes the printed card out of date.
fn fingerprint(m: &Member, photo: Option<&[u8]>) -> String {
    let text = format!(
        "{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        m.member_no,
        m.title.as_str(),
        m.given_name_lo,
        m.family_name_lo,
        m.given_name_latin,
        m.family_name_latin,
        m.date_of_birth,
        m.hospital,
        photo.map(nssf_store::sha256_hex).unwrap_or_default()
    );
    nssf_store::sha256_hex(text.as_bytes())
}

impl Desk {
    /// Signs with the office's key (cards, receipts).
    pub(crate) fn key_sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The office's public key file, for `office-key --out` and the central office.
    pub fn office_public_key(&self) -> String {
        public_key_file(&self.office_code(), &self.key.public_key())
    }

    /// This workstation's `DDDD-WW`, as cards and key files carry it.
    fn office_code(&self) -> String {
        let o = self.office();
        format!("{}-{}", o.district_code, o.workstation)
    }

    /// The signed QR text of a member's card issue (`NSSF2`, see [`payload`]).
    fn card_qr(&self, member: &Member, issue_no: u32, photo: Option<&[u8]>) -> String {
        let card = VerifiedCard {
            member_no: member.member_no.clone(),
            issue_no,
            office: self.office_code(),
            holder: None,
        };
        let holder = CardHolder {
            name_lo: qr_name(member),
            date_of_birth: member.date_of_birth,
            photo: photo.map(PhotoHash::of),
        };
        let signed = payload::signed_text(&card, &holder);
        payload::qr_text(&signed, &self.key.sign(signed.as_bytes()).to_bytes())
    }

    /// What this office's records say of a card whose QR code verified with its key: the card's issue must
    /// be on file and the member's latest, or the card is refused as `card-replaced` (a reprint replaced
    /// it: lost, damaged or out of date) or `card-not-on-file` (another office's data, or data older than
    /// the card, such as a restored backup).
    pub fn card_on_file(&self, card: &VerifiedCard) -> Result<CardOnFile, ApiError> {
        let not_on_file = || -> ApiError {
            Refusal::CardNotOnFile {
                issue: card.issue_no,
            }
            .into()
        };
        if card.office != self.office_code() {
            return Err(not_on_file());
        }
        let Some(member) = self.store.member(&card.member_no)? else {
            return Err(not_on_file());
        };
        let issues = self.store.card_issues(&member.member_no)?;
        if !issues.iter().any(|i| i.issue_no == card.issue_no) {
            return Err(not_on_file());
        }
        if let Some(latest) = issues.iter().map(|i| i.issue_no).max() {
            if latest > card.issue_no {
                return Err(Refusal::CardReplaced { issue: latest }.into());
            }
        }
        let photo_differs = match &card.holder {
            Some(holder) => {
                let stored = self.store.photo(&member.member_no)?;
                holder.photo != stored.as_deref().map(PhotoHash::of)
            }
            None => false,
        };
        Ok(CardOnFile { photo_differs })
    }

    /// Prepares and stores a member's photo (EXIF orientation applied, cropped 3:4, at most 600 × 800,
    /// JPEG ≤ 80 KB). A bad image changes nothing.
    pub fn set_photo(
        &self,
        actor: &Actor,
        member_no: &str,
        bytes: &[u8],
        crop: Option<PhotoCrop>,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        actor.require(Action::SetPhoto)?;
        let member = self.find(member_no)?;
        let crop = crop.map(|c| Crop {
            x: c.x,
            y: c.y,
            width: c.width,
            height: c.height,
        });
        let photo = nssf_documents::photo::prepare(bytes, crop).map_err(|e| photo_error(&e))?;
        let _writing = self.write_turn();
        self.store
            .set_photo(&member.member_no, &photo.jpeg, &actor.staff_id, now)?;
        Ok(())
    }

    /// The member's photo as stored (JPEG), if any.
    pub fn photo(&self, actor: &Actor, member_no: &str) -> Result<Option<Vec<u8>>, ApiError> {
        actor.require(Action::Search)?;
        let member = self.find(member_no)?;
        Ok(self.store.photo(&member.member_no)?)
    }

    /// Every card printed for the member, oldest first.
    pub fn card_issues(
        &self,
        actor: &Actor,
        member_no: &str,
    ) -> Result<Vec<CardIssueView>, ApiError> {
        actor.require(Action::Search)?;
        let member = self.find(member_no)?;
        Ok(self
            .store
            .card_issues(&member.member_no)?
            .into_iter()
            .map(|i| CardIssueView {
                issue_no: i.issue_no,
                issued_on: i.issued_on.to_string(),
                reason: i.reason.into(),
                issued_by: i.issued_by,
            })
            .collect())
    }

    /// Members whose card has never been printed or whose card data changed since.
    pub fn card_queue(&self, actor: &Actor) -> Result<Vec<SearchHit>, ApiError> {
        actor.require(Action::Search)?;
        self.queued_cards()
    }

    fn queued_cards(&self) -> Result<Vec<SearchHit>, ApiError> {
        let mut out = Vec::new();
        for no in self.store.card_candidates()? {
            let Some(member) = self.store.member(&no)? else {
                continue;
            };
            let photo = self.store.photo(&no)?;
            let last = self.store.card_issues(&no)?.pop();
            if last.is_some_and(|l| l.fingerprint == fingerprint(&member, photo.as_deref())) {
                let _writing = self.write_turn();
                self.store.clear_card_candidate(&no)?;
                continue;
            }
            out.push(self.hit(member));
        }
        Ok(out)
    }

    /// The next issue of a member's card: the data to print and the issue record to store.
    fn next_card(
        &self,
        actor: &Actor,
        member: &Member,
        reason: Option<ReprintReason>,
        now: DateTime<Utc>,
    ) -> Result<(CardData, CardIssue), ApiError> {
        let issues = self.store.card_issues(&member.member_no)?;
        let issue_no = issues.last().map_or(1, |i| i.issue_no + 1);
        // The first card is a clerk's; every later issue replaces a card in someone's hands.
        actor.require(if issues.is_empty() {
            Action::IssueFirstCard
        } else {
            Action::ReprintCard
        })?;
        let reason = match (issues.is_empty(), reason) {
            (true, _) => StoredCardReason::First,
            (false, Some(ReprintReason::Lost)) => StoredCardReason::Lost,
            (false, Some(ReprintReason::Damaged)) => StoredCardReason::Damaged,
            (false, Some(ReprintReason::Changed)) => StoredCardReason::Changed,
            (false, None) => {
                return Err(ApiError::invalid(vec![nssf_domain::Problem::new(
                    "reason",
                    ProblemKind::ReasonRequired {},
                )]));
            }
        };
        let photo = self.store.photo(&member.member_no)?;
        let issued_on = office_date(now);
        let qr_payload = self.card_qr(member, issue_no, photo.as_deref());
        let lo = Localizer::shared(Language::Lo);
        let en = Localizer::shared(Language::En);
        let both = |id: &str| format!("{} / {}", lo.message(id, &[]), en.message(id, &[]));
        let hospital = self
            .hospitals()
            .into_iter()
            .find(|h| h.code == member.hospital);
        let (name_lo, name_latin) = crate::members::printed_names(member);
        let card = CardData {
            fund_name_lo: lo.message("card-fund-name", &[]),
            fund_name_en: en.message("card-fund-name", &[]),
            card_title: both("card-title"),
            name_lo,
            name_latin,
            member_no: member.member_no.clone(),
            date_of_birth: format_date(member.date_of_birth),
            hospital: hospital
                .map(|h| format!("{} / {}", h.name_lo, h.name_en))
                .unwrap_or_else(|| member.hospital.clone()),
            issue_date: format_date(issued_on),
            labels: CardLabels {
                member_no: both("card-label-member-no"),
                date_of_birth: both("card-label-date-of-birth"),
                hospital: both("card-label-hospital"),
                issued: both("card-label-issued"),
                issue: both("card-label-issue"),
            },
            issue_number: issue_no,
            qr_payload,
            photo_jpeg: photo.clone(),
        };
        let issue = CardIssue {
            member_no: member.member_no.clone(),
            issue_no,
            issued_on,
            reason,
            fingerprint: fingerprint(member, photo.as_deref()),
            issued_by: actor.staff_id.clone(),
            issued_at: now,
        };
        Ok((card, issue))
    }

    /// One member's card as a CR80 PDF; records the issue. A reprint needs a reason.
    pub fn print_card(
        &self,
        actor: &Actor,
        member_no: &str,
        reason: Option<ReprintReason>,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        // `next_card` checks the action: a first card or a reprint.
        let member = self.find(member_no)?;
        let (card, issue) = self.next_card(actor, &member, reason, now)?;
        let pdf =
            nssf_documents::card_pdf(Fonts::bundled(), &card).map_err(|e| document_error(&e))?;
        let _writing = self.write_turn();
        self.store.record_card_issues(&[issue])?;
        Ok(pdf)
    }

    /// An A4 sheet of cards (10 a page with cut marks) for the given members, or the print queue; records
    /// every issue once the PDF is made. `progress(done, total)` returning false cancels, recording nothing.
    pub fn print_card_sheet(
        &self,
        actor: &Actor,
        members: Option<&[String]>,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<(Vec<u8>, usize), ApiError> {
        require_card_printing(actor)?;
        let numbers: Vec<String> = match members {
            Some(list) => list.to_vec(),
            None => self
                .queued_cards()?
                .into_iter()
                .map(|h| h.member_no)
                .collect(),
        };
        let mut cards = Vec::with_capacity(numbers.len());
        let mut issues = Vec::with_capacity(numbers.len());
        for no in &numbers {
            let member = self.find(no)?;
            // A sheet reprint of a card that exists counts as "changed" data or a lost card: record "changed".
            let (card, issue) =
                self.next_card(actor, &member, Some(ReprintReason::Changed), now)?;
            cards.push(card);
            issues.push(issue);
        }
        let total = cards.len();
        let pdf = nssf_documents::card_sheet_pdf(Fonts::bundled(), &cards, &mut |done| {
            progress(done, total)
        })
        .map_err(|e| document_error(&e))?;
        let _writing = self.write_turn();
        self.store.record_card_issues(&issues)?;
        Ok((pdf, total))
    }
}

/// `forbidden` unless the actor may print a first card or a reprint; which one each card is, and so the
/// exact action, is checked again once its issues are read.
fn require_card_printing(actor: &Actor) -> Result<(), ApiError> {
    if actor.may(Action::ReprintCard) {
        return Ok(());
    }
    actor.require(Action::IssueFirstCard)
}
