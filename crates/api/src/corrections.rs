//! Corrections need a second person (issue 11; the rule, the field list and who may do what are in
//! `docs/corrections.md`). A member's identity fields ([`IDENTITY_FIELDS`]) never change directly: an
//! amendment that changes them files a correction, which changes the member only when a supervisor other
//! than the requester approves it. The other fields (contact details, address, occupation, …) change at
//! once. An amendment mixing both applies the contact part at once and files the identity part, in one
//! transaction, so the clerk at the counter does the whole form in one step.
//!
//! The setup user of an office without staff accounts is exempt: one person, with no second to ask, so
//! its amendments apply at once as they did before staff accounts existed (and it may decide a correction
//! it asked for, should one be waiting).

use chrono::{DateTime, Utc};
use nssf_domain::{Draft, Problem, ProblemKind};
use nssf_store::{Correction, CorrectionChange, CorrectionRequest, Verdict};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::members::printed_names;
use crate::{Action, Actor, ApiError, Desk, FieldChange, MemberView, Refusal};

/// The member record's fields that only a correction changes: the names in both scripts, the title
/// (it follows the sex), the sex, the birth date and the identity documents. They identify the person:
/// they are printed on the card, signed in its QR code and matched by the central office. Every other
/// field of the form is a contact detail (phone, address, house number, occupation, business licence,
/// tax id, hospital, consent, dependants) and changes at once; the photo has its own use case, the
/// income base its effective-dated one, and the registration date never changes.
pub const IDENTITY_FIELDS: &[&str] = &[
    "title",
    "given_name_lo",
    "family_name_lo",
    "given_name_latin",
    "family_name_latin",
    "sex",
    "date_of_birth",
    "documents",
];

/// The longest note or rejection reason, in characters.
const MAX_TEXT_CHARS: usize = 300;

/// Where a correction stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum CorrectionStatus {
    /// Waiting for a supervisor.
    Pending,
    /// Approved: the member has the new values.
    Approved,
    /// Rejected, with a reason: the member kept the old values.
    Rejected,
}

/// A correction as the window and the CLI see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CorrectionView {
    /// Its number in this office.
    pub id: u64,
    /// The member (dashed number).
    pub member_no: String,
    /// The member's name as printed, Lao script (as the member stands now).
    pub member_name_lo: String,
    /// The member's name as printed, Latin script.
    pub member_name_latin: String,
    /// Staff id of whoever asked.
    pub requested_by: String,
    /// RFC 3339.
    pub requested_at: String,
    /// Each field before and after (the form's field names).
    pub changes: Vec<FieldChange>,
    /// Why, in the requester's words (may be empty).
    pub note: String,
    /// Pending, approved or rejected.
    pub status: CorrectionStatus,
    /// Staff id of the supervisor who decided; empty while pending.
    pub decided_by: String,
    /// RFC 3339; empty while pending.
    pub decided_at: String,
    /// Why it was rejected; empty otherwise.
    pub reason: String,
}

/// What an amendment did: the member as stored now and, when it changed identity fields, the correction
/// filed for a supervisor's approval (the member keeps the old identity values until then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AmendOutcome {
    /// The member as stored now, contact changes applied.
    pub view: MemberView,
    /// The correction waiting for a supervisor, if the amendment filed one.
    pub correction: Option<CorrectionView>,
}

/// `text` cleaned as free text of `field`, at most [`MAX_TEXT_CHARS`].
fn clean(field: &str, text: &str) -> Result<String, ApiError> {
    nssf_domain::text::clean_text(field, text, MAX_TEXT_CHARS)
        .map_err(|p| ApiError::invalid(vec![p]))
}

/// The member as a JSON object, field by field.
fn fields(
    member: &nssf_domain::Member,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    let value = serde_json::to_value(member).map_err(ApiError::storage)?;
    let serde_json::Value::Object(map) = value else {
        return Err(ApiError::storage(format!("a member serialised as {value}")));
    };
    Ok(map)
}

/// Splits an amendment of `old` into `proposed`: the member with only the contact fields changed, and
/// the identity fields that change.
fn split(
    old: &nssf_domain::Member,
    proposed: &nssf_domain::Member,
) -> Result<(nssf_domain::Member, Vec<CorrectionChange>), ApiError> {
    let before = fields(old)?;
    let mut contact = fields(proposed)?;
    let mut identity = Vec::new();
    for field in IDENTITY_FIELDS {
        let was = before
            .get(*field)
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        let asked = contact.insert((*field).to_owned(), was.clone());
        if let Some(after) = asked.filter(|after| *after != was) {
            identity.push(CorrectionChange {
                field: (*field).to_owned(),
                before: was,
                after,
            });
        }
    }
    let contact =
        serde_json::from_value(serde_json::Value::Object(contact)).map_err(ApiError::storage)?;
    Ok((contact, identity))
}

impl Desk {
    /// Whether `actor` is the setup user of an office without staff accounts, which has no second
    /// person to ask (see the module doc).
    fn alone(&self, actor: &Actor) -> Result<bool, ApiError> {
        Ok(actor.staff_id == Actor::setup_user().staff_id && !self.store.has_staff()?)
    }

    /// Amends a member (see [`Desk::amend_noting`]), without a note.
    pub fn amend(
        &self,
        actor: &Actor,
        member_no: &str,
        draft: &Draft,
        now: DateTime<Utc>,
    ) -> Result<AmendOutcome, ApiError> {
        self.amend_noting(actor, member_no, draft, "", now)
    }

    /// Amends a member from the form. The member number, the registration date and the income base stay;
    /// the whole form is validated as at registration (the age rule on the registration date). Contact
    /// fields change at once (`amend-contact`); identity fields ([`IDENTITY_FIELDS`]) are filed as a
    /// correction with `note` (`request-correction`), refused while the member has one waiting
    /// (`correction-pending`) or when a document belongs to another member. Both kinds in one form: the
    /// contact part applies and the identity part is filed, together (both permissions needed). A form
    /// that changes nothing is `nothing-changed` (after the `amend-contact` check). The setup user of an
    /// office without staff accounts applies everything at once.
    pub fn amend_noting(
        &self,
        actor: &Actor,
        member_no: &str,
        draft: &Draft,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<AmendOutcome, ApiError> {
        // Which permission an amendment needs depends on the fields it changes, so the form is read
        // first; nothing is written before the check.
        let old = self.find(member_no)?;
        let proposed = self.amended(&old, draft, now)?;
        let note = clean("note", note)?;
        if self.alone(actor)? {
            let _writing = self.write_turn();
            let (stored, changes) = self.store.update_member(&proposed, &actor.staff_id, now)?;
            if changes.is_empty() {
                return Err(Refusal::NothingChanged {}.into());
            }
            return Ok(AmendOutcome {
                view: self.view(stored)?,
                correction: None,
            });
        }
        let (contact, identity) = split(&old, &proposed)?;
        let contact_changed = contact != old;
        if !identity.is_empty() {
            actor.require(Action::RequestCorrection)?;
        }
        if contact_changed || identity.is_empty() {
            actor.require(Action::AmendContact)?;
        }
        if identity.is_empty() {
            if !contact_changed {
                return Err(Refusal::NothingChanged {}.into());
            }
            let _writing = self.write_turn();
            let (stored, _) = self.store.update_member(&contact, &actor.staff_id, now)?;
            return Ok(AmendOutcome {
                view: self.view(stored)?,
                correction: None,
            });
        }
        self.refuse_held_documents(&proposed)?;
        let request = CorrectionRequest {
            member_no: old.member_no.clone(),
            changes: identity,
            note,
        };
        let _writing = self.write_turn();
        let correction = self.store.request_correction(
            contact_changed.then_some(&contact),
            &request,
            &actor.staff_id,
            now,
        )?;
        let stored = self.find(&old.member_no)?;
        Ok(AmendOutcome {
            correction: Some(self.correction_view(correction, &stored)),
            view: self.view(stored)?,
        })
    }

    /// `old` amended by `draft`, validated as an amendment is: the registration date, the income base
    /// and a hospital that has left the list stay.
    fn amended(
        &self,
        old: &nssf_domain::Member,
        draft: &Draft,
        now: DateTime<Utc>,
    ) -> Result<nssf_domain::Member, ApiError> {
        let mut draft = draft.clone();
        // The age rule applies on the registration date, which an amendment does not move.
        draft.registered_on = old.registered_on.to_string();
        let mut member = self.validate_keeping(&draft, now, Some(&old.hospital))?;
        member.member_no = old.member_no.clone();
        // The base is effective-dated: it changes through `set_base`, never by rewriting the past.
        member.income_base_kip = old.income_base_kip;
        Ok(member)
    }

    /// `duplicate-document` when one of `member`'s documents belongs to another member.
    fn refuse_held_documents(&self, member: &nssf_domain::Member) -> Result<(), ApiError> {
        for doc in member.document_keys() {
            if let Some(holder) = self.store.member_by_document(&doc)? {
                if holder != member.member_no {
                    return Err(Refusal::DuplicateDocument {
                        member_no: holder,
                        document: doc,
                    }
                    .into());
                }
            }
        }
        Ok(())
    }

    /// The corrections waiting for a decision, oldest first: the supervisor's queue.
    pub fn pending_corrections(&self, actor: &Actor) -> Result<Vec<CorrectionView>, ApiError> {
        actor.require(Action::DecideCorrection)?;
        self.store
            .pending_corrections()?
            .into_iter()
            .map(|c| self.with_member(c))
            .collect()
    }

    /// Every correction of a member, oldest first (for the member page): whoever may open it.
    pub fn member_corrections(
        &self,
        actor: &Actor,
        member_no: &str,
    ) -> Result<Vec<CorrectionView>, ApiError> {
        actor.require(Action::Search)?;
        let member = self.find(member_no)?;
        Ok(self
            .store
            .member_corrections(&member.member_no)?
            .into_iter()
            .map(|c| self.correction_view(c, &member))
            .collect())
    }

    /// One correction, by number: whoever may open its member's page.
    pub fn correction(&self, actor: &Actor, id: u64) -> Result<CorrectionView, ApiError> {
        actor.require(Action::Search)?;
        self.with_member(self.stored_correction(id)?)
    }

    /// Approves a waiting correction: the member gets the new values, validated again now as a whole
    /// (a document another member took meanwhile, the age rule on the registration date), written as an
    /// amendment is (change log, audit, indexes) with the decision, in one transaction. A supervisor
    /// other than the requester (`correction-own-request`); refused as `correction-stale` when the
    /// member changed since it was asked for.
    pub fn approve_correction(
        &self,
        actor: &Actor,
        id: u64,
        now: DateTime<Utc>,
    ) -> Result<CorrectionView, ApiError> {
        let correction = self.decidable(actor, id)?;
        let current = self.find(&correction.member_no)?;
        let Some(corrected) = correction.apply_to(&current)? else {
            return Err(Refusal::CorrectionStale { id }.into());
        };
        let approved = self.amended(&current, &corrected.to_draft(), now)?;
        self.refuse_held_documents(&approved)?;
        let _writing = self.write_turn();
        let decided =
            self.store
                .approve_correction(id, &current, &approved, &actor.staff_id, now)?;
        self.with_member(decided)
    }

    /// Rejects a waiting correction for `reason` (required); the member does not change. A supervisor
    /// other than the requester.
    pub fn reject_correction(
        &self,
        actor: &Actor,
        id: u64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<CorrectionView, ApiError> {
        let correction = self.decidable(actor, id)?;
        let reason = clean("reason", reason)?;
        if reason.is_empty() {
            return Err(ApiError::invalid(vec![Problem::new(
                "reason",
                ProblemKind::ReasonRequired {},
            )]));
        }
        let _writing = self.write_turn();
        let decided = self
            .store
            .reject_correction(correction.id, &reason, &actor.staff_id, now)?;
        self.with_member(decided)
    }

    /// The correction `id` if `actor` may decide it: a supervisor, other than the requester (unless
    /// alone in the office), and the correction still waiting.
    fn decidable(&self, actor: &Actor, id: u64) -> Result<Correction, ApiError> {
        actor.require(Action::DecideCorrection)?;
        let correction = self.stored_correction(id)?;
        if !correction.is_pending() {
            return Err(Refusal::CorrectionDecided { id }.into());
        }
        if correction.requested_by == actor.staff_id && !self.alone(actor)? {
            return Err(Refusal::CorrectionOwnRequest { id }.into());
        }
        Ok(correction)
    }

    fn stored_correction(&self, id: u64) -> Result<Correction, ApiError> {
        self.store
            .correction(id)?
            .ok_or_else(|| Refusal::CorrectionNotFound { id }.into())
    }

    fn with_member(&self, correction: Correction) -> Result<CorrectionView, ApiError> {
        let member = self.find(&correction.member_no)?;
        Ok(self.correction_view(correction, &member))
    }

    fn correction_view(&self, c: Correction, member: &nssf_domain::Member) -> CorrectionView {
        let (member_name_lo, member_name_latin) = printed_names(member);
        let (status, decided_by, decided_at, reason) = match c.decision {
            None => (
                CorrectionStatus::Pending,
                String::new(),
                String::new(),
                String::new(),
            ),
            Some(d) => (
                match d.verdict {
                    Verdict::Approved => CorrectionStatus::Approved,
                    Verdict::Rejected => CorrectionStatus::Rejected,
                },
                d.by,
                d.at.to_rfc3339(),
                d.reason,
            ),
        };
        CorrectionView {
            id: c.id,
            member_no: c.member_no,
            member_name_lo,
            member_name_latin,
            requested_by: c.requested_by,
            requested_at: c.requested_at.to_rfc3339(),
            changes: c
                .changes
                .iter()
                .map(|change| {
                    let text = change.as_text();
                    FieldChange {
                        field: text.field,
                        before: text.before,
                        after: text.after,
                    }
                })
                .collect(),
            note: c.note,
            status,
            decided_by,
            decided_at,
            reason,
        }
    }
}
