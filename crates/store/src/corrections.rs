//! Corrections of a member's identity fields (`corrections`): asked for by one person, applied only when
//! another approves (the rule and the field list are in `docs/corrections.md`; which fields count as
//! identity is the API's decision, the store applies whatever fields a correction names).
//!
//! A correction keeps each field's value before and after as the member record's JSON has them, so that
//! approving it applies exactly what was asked and can tell whether the member changed since
//! ([`Correction::apply_to`]). The keys of the tree:
//! - `id` `\0` number (u64 BE) → [`Correction`] JSON (numbers from the counter `counter/correction`);
//! - `pending` `\0` member number → the number of the member's correction waiting (u64 BE): at most one;
//! - `member` `\0` member number `\0` number (u64 BE) → empty: every correction of a member.

use chrono::{DateTime, Utc};
use nssf_domain::Member;
use serde::{Deserialize, Serialize};
use sled::transaction::{abort, TransactionalTree};
use sled::Transactional;

use crate::changelog::{AuditAction, FieldChange, Journal};
use crate::encoding::{decode, encode, key, u64_be};
use crate::member_index::MemberIndexes;
use crate::members::MemberWrite;
use crate::trees::{flatten, next_counter, Trees, TxResult};
use crate::{Store, StoreError};

/// One field a correction changes, with its values as the member record's JSON holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionChange {
    /// The field's name in the member record (`given_name_lo`, `date_of_birth`, `documents`, …).
    pub field: String,
    /// Its value when the correction was asked for.
    pub before: serde_json::Value,
    /// The value asked for.
    pub after: serde_json::Value,
}

impl CorrectionChange {
    /// The change as the audit trail's text (strings bare, other values as JSON).
    pub fn as_text(&self) -> FieldChange {
        FieldChange {
            field: self.field.clone(),
            before: shown(&self.before),
            after: shown(&self.after),
        }
    }
}

/// A JSON value as text: a string without its quotes, anything else as JSON.
fn shown(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

/// What a person asks to correct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionRequest {
    /// The member (dashed number).
    pub member_no: String,
    /// The fields, each before and after.
    pub changes: Vec<CorrectionChange>,
    /// Why, in the requester's words (may be empty).
    pub note: String,
}

/// How a correction was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Applied to the member.
    Approved,
    /// Not applied; the decision gives the reason.
    Rejected,
}

/// Who decided a correction, when, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionDecision {
    /// Approved or rejected.
    pub verdict: Verdict,
    /// The staff id of the supervisor who decided.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why it was rejected (empty for an approval).
    pub reason: String,
}

/// A correction as stored: the request and, once decided, the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// Its number in this office (from 1).
    pub id: u64,
    /// The member (dashed number).
    pub member_no: String,
    /// The staff id of whoever asked.
    pub requested_by: String,
    /// When it was asked for.
    pub requested_at: DateTime<Utc>,
    /// The fields, each before and after.
    pub changes: Vec<CorrectionChange>,
    /// Why, in the requester's words (may be empty).
    pub note: String,
    /// `None` while it waits for a supervisor.
    pub decision: Option<CorrectionDecision>,
}

impl Correction {
    /// Whether it waits for a decision.
    pub fn is_pending(&self) -> bool {
        self.decision.is_none()
    }

    /// `member` with the values asked for, or `None` when one of the fields no longer holds the value the
    /// correction started from (the member changed since: the correction is stale and must not be
    /// applied over the newer data). Fails only if the member does not serialise, which is a bug.
    pub fn apply_to(&self, member: &Member) -> Result<Option<Member>, StoreError> {
        apply(&self.changes, member)
    }
}

/// `member` with `changes` applied, or `None` when a field's value differs from its `before`.
fn apply(changes: &[CorrectionChange], member: &Member) -> Result<Option<Member>, StoreError> {
    let encode_error = |source| StoreError::Encode {
        tree: "corrections".into(),
        source,
    };
    let serde_json::Value::Object(mut fields) =
        serde_json::to_value(member).map_err(encode_error)?
    else {
        // A struct always serialises as an object: anything else is a bug, not a stale correction.
        return Err(encode_error(serde::ser::Error::custom(
            "a member is not a JSON object",
        )));
    };
    for change in changes {
        if fields.get(&change.field) != Some(&change.before) {
            return Ok(None);
        }
        fields.insert(change.field.clone(), change.after.clone());
    }
    serde_json::from_value(serde_json::Value::Object(fields))
        .map(Some)
        .map_err(encode_error)
}

/// The key of a correction's record.
fn record_key(id: u64) -> Vec<u8> {
    key(&[b"id", &id.to_be_bytes()])
}

/// The key naming a member's correction waiting.
fn pending_key(member_no: &str) -> Vec<u8> {
    key(&[b"pending", member_no.as_bytes()])
}

/// The key listing a correction under its member.
fn member_key(member_no: &str, id: u64) -> Vec<u8> {
    key(&[b"member", member_no.as_bytes(), &id.to_be_bytes()])
}

/// The correction `id`, read inside a transaction; refused unless it waits for a decision.
fn pending_in(trees: &Trees, corrections: &TransactionalTree, id: u64) -> TxResult<Correction> {
    let k = record_key(id);
    let Some(bytes) = corrections.get(&k)? else {
        return abort(StoreError::CorrectionNotFound(id));
    };
    let correction: Correction = decode(&trees.corrections, &k, &bytes).or_else(abort)?;
    if !correction.is_pending() {
        return abort(StoreError::CorrectionDecided(id));
    }
    Ok(correction)
}

/// The member `member_no`, read inside a transaction.
fn member_in(trees: &Trees, members: &TransactionalTree, member_no: &str) -> TxResult<Member> {
    let no = member_no.as_bytes();
    match members.get(no)? {
        Some(bytes) => decode(&trees.members, no, &bytes).or_else(abort),
        None => abort(StoreError::MemberNotFound(member_no.to_owned())),
    }
}

/// The audit line naming a correction.
fn numbered(id: u64) -> FieldChange {
    FieldChange {
        field: "correction".into(),
        before: String::new(),
        after: id.to_string(),
    }
}

impl Store {
    /// Files a correction of `request.member_no`, and in the same transaction applies `contact` (the
    /// member with the fields that change without approval already changed, built over the stored
    /// record) when it differs from the stored record. Refused when the member has a correction waiting
    /// (`CorrectionPending`) or no longer holds the values the request starts from (`CorrectionStale(0)`).
    /// Writes the audit entries `amended` (for the contact part, with its change-log entry) and
    /// `correction-requested`; the member's identity fields do not change.
    pub fn request_correction(
        &self,
        contact: Option<&Member>,
        request: &CorrectionRequest,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Correction, StoreError> {
        let trees = &self.trees;
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.members,
            &trees.idx_document,
            &trees.idx_phone,
            &trees.idx_name,
            &trees.idx_name_dob,
            &trees.name_tokens,
            &trees.card_pending,
            &trees.corrections,
        )
            .transaction(
                |(
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                    members,
                    idx_document,
                    idx_phone,
                    idx_name,
                    idx_name_dob,
                    name_tokens,
                    card_pending,
                    corrections,
                )| {
                    let no = &request.member_no;
                    if let Some(waiting) = corrections.get(pending_key(no))? {
                        let id = u64_be(&trees.corrections, &pending_key(no), &waiting)
                            .or_else(abort)?;
                        return abort(StoreError::CorrectionPending {
                            member_no: no.clone(),
                            id,
                        });
                    }
                    let old = member_in(trees, members, no)?;
                    if apply(&request.changes, &old).or_else(abort)?.is_none() {
                        return abort(StoreError::CorrectionStale(0));
                    }
                    let journal = Journal {
                        trees,
                        meta,
                        changes,
                        audit,
                        audit_by_target,
                    };
                    if let Some(contact) = contact {
                        let write = MemberWrite {
                            members,
                            indexes: MemberIndexes {
                                documents: idx_document,
                                phones: idx_phone,
                                names: idx_name,
                                name_dobs: idx_name_dob,
                                tokens: name_tokens,
                            },
                            card_pending,
                        };
                        write.amend(trees, &journal, &old, contact, actor, at)?;
                    }
                    let id = next_counter(trees, meta, "counter/correction")?;
                    let correction = Correction {
                        id,
                        member_no: no.clone(),
                        requested_by: actor.to_owned(),
                        requested_at: at,
                        changes: request.changes.clone(),
                        note: request.note.clone(),
                        decision: None,
                    };
                    let record = encode(&trees.corrections, &correction).or_else(abort)?;
                    corrections.insert(record_key(id), record)?;
                    corrections.insert(pending_key(no), &id.to_be_bytes())?;
                    corrections.insert(member_key(no, id), &[])?;
                    let mut lines = vec![numbered(id)];
                    lines.extend(request.changes.iter().map(CorrectionChange::as_text));
                    if !request.note.is_empty() {
                        lines.push(FieldChange {
                            field: "note".into(),
                            before: String::new(),
                            after: request.note.clone(),
                        });
                    }
                    journal.audit(at, actor, AuditAction::CorrectionRequested, no, lines)?;
                    Ok(correction)
                },
            );
        let correction = flatten(result)?;
        self.durable()?;
        Ok(correction)
    }

    /// Approves correction `id`: writes `approved` (the member with the correction applied, validated by
    /// the caller against `expected`, the record it read) exactly as [`Store::update_member`] does
    /// (record, indexes, `member_amended` change-log entry, `amended` audit entry, print queue), records
    /// the decision and the audit entry `correction-approved`, in one transaction. Refused as
    /// `CorrectionStale(id)` when the stored member is no longer `expected` or no longer holds the values
    /// the correction starts from, as `CorrectionDecided` when it was decided meanwhile.
    pub fn approve_correction(
        &self,
        id: u64,
        expected: &Member,
        approved: &Member,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Correction, StoreError> {
        let trees = &self.trees;
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.members,
            &trees.idx_document,
            &trees.idx_phone,
            &trees.idx_name,
            &trees.idx_name_dob,
            &trees.name_tokens,
            &trees.card_pending,
            &trees.corrections,
        )
            .transaction(
                |(
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                    members,
                    idx_document,
                    idx_phone,
                    idx_name,
                    idx_name_dob,
                    name_tokens,
                    card_pending,
                    corrections,
                )| {
                    let mut correction = pending_in(trees, corrections, id)?;
                    let old = member_in(trees, members, &correction.member_no)?;
                    if old != *expected
                        || approved.member_no != old.member_no
                        || apply(&correction.changes, &old).or_else(abort)?.is_none()
                    {
                        return abort(StoreError::CorrectionStale(id));
                    }
                    let journal = Journal {
                        trees,
                        meta,
                        changes,
                        audit,
                        audit_by_target,
                    };
                    let write = MemberWrite {
                        members,
                        indexes: MemberIndexes {
                            documents: idx_document,
                            phones: idx_phone,
                            names: idx_name,
                            name_dobs: idx_name_dob,
                            tokens: name_tokens,
                        },
                        card_pending,
                    };
                    write.amend(trees, &journal, &old, approved, actor, at)?;
                    correction.decision = Some(CorrectionDecision {
                        verdict: Verdict::Approved,
                        by: actor.to_owned(),
                        at,
                        reason: String::new(),
                    });
                    decide(trees, corrections, &correction)?;
                    journal.audit(
                        at,
                        actor,
                        AuditAction::CorrectionApproved,
                        &correction.member_no,
                        vec![numbered(id)],
                    )?;
                    Ok(correction)
                },
            );
        let correction = flatten(result)?;
        self.durable()?;
        Ok(correction)
    }

    /// Rejects correction `id` for `reason` (the caller checks that there is one): records the decision
    /// and the audit entry `correction-rejected`; the member does not change.
    pub fn reject_correction(
        &self,
        id: u64,
        reason: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Correction, StoreError> {
        let trees = &self.trees;
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.corrections,
        )
            .transaction(|(meta, changes, audit, audit_by_target, corrections)| {
                let mut correction = pending_in(trees, corrections, id)?;
                correction.decision = Some(CorrectionDecision {
                    verdict: Verdict::Rejected,
                    by: actor.to_owned(),
                    at,
                    reason: reason.to_owned(),
                });
                decide(trees, corrections, &correction)?;
                let journal = Journal {
                    trees,
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                };
                let reason_line = FieldChange {
                    field: "reason".into(),
                    before: String::new(),
                    after: reason.to_owned(),
                };
                journal.audit(
                    at,
                    actor,
                    AuditAction::CorrectionRejected,
                    &correction.member_no,
                    vec![numbered(id), reason_line],
                )?;
                Ok(correction)
            });
        let correction = flatten(result)?;
        self.durable()?;
        Ok(correction)
    }

    /// The correction `id`, if any.
    pub fn correction(&self, id: u64) -> Result<Option<Correction>, StoreError> {
        let tree = &self.trees.corrections;
        let k = record_key(id);
        tree.get(&k)?.map(|v| decode(tree, &k, &v)).transpose()
    }

    /// The corrections waiting for a decision, oldest first: a supervisor's queue.
    pub fn pending_corrections(&self) -> Result<Vec<Correction>, StoreError> {
        let tree = &self.trees.corrections;
        let mut out = Vec::new();
        for kv in tree.scan_prefix(key(&[b"pending", b""])) {
            let (k, v) = kv?;
            let id = u64_be(tree, &k, &v)?;
            out.push(self.listed(&k, id)?);
        }
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    /// Every correction of a member, decided or not, oldest first.
    pub fn member_corrections(&self, member_no: &str) -> Result<Vec<Correction>, StoreError> {
        let tree = &self.trees.corrections;
        let prefix = key(&[b"member", member_no.as_bytes(), b""]);
        tree.scan_prefix(&prefix)
            .keys()
            .map(|k| {
                let k = k?;
                let id = u64_be(tree, &k, &k[prefix.len()..])?;
                self.listed(&k, id)
            })
            .collect()
    }

    /// The correction `id` that the index entry at `index_key` names; its absence is damage.
    fn listed(&self, index_key: &[u8], id: u64) -> Result<Correction, StoreError> {
        let tree = &self.trees.corrections;
        self.correction(id)?.ok_or_else(|| {
            crate::encoding::dangling(
                tree,
                index_key,
                tree,
                &crate::encoding::show_key(&record_key(id)),
            )
        })
    }
}

/// Writes a decided correction and takes it off its member's waiting slot.
fn decide(trees: &Trees, corrections: &TransactionalTree, correction: &Correction) -> TxResult<()> {
    let record = encode(&trees.corrections, correction).or_else(abort)?;
    corrections.insert(record_key(correction.id), record)?;
    corrections.remove(pending_key(&correction.member_no))?;
    Ok(())
}
