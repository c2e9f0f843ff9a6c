//! Member photos and card issues. A card issue records which data the card carried (a fingerprint), so
//! the print queue can tell members whose card is out of date.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use nssf_domain::change::ChangeKind;
use serde::{Deserialize, Serialize};
use sled::transaction::abort;
use sled::Transactional;

use crate::changelog::{AuditAction, FieldChange, Journal};
use crate::encoding::{decode, encode, key, text};
use crate::trees::flatten;
use crate::{Store, StoreError};

/// Why a card was printed. The serialised names are stored in existing data folders and batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardReason {
    /// The member's first card.
    First,
    /// The member lost the previous card.
    Lost,
    /// The previous card is damaged.
    Damaged,
    /// The data printed on the previous card changed (name, photo, hospital, …).
    Changed,
}

impl CardReason {
    /// The name as stored (`first`, `lost`, `damaged`, `changed`).
    pub fn as_str(self) -> &'static str {
        match self {
            CardReason::First => "first",
            CardReason::Lost => "lost",
            CardReason::Damaged => "damaged",
            CardReason::Changed => "changed",
        }
    }
}

impl fmt::Display for CardReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One card printed for a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardIssue {
    /// The member whose card it is.
    pub member_no: String,
    /// 1 for the first card, then 2, 3, …
    pub issue_no: u32,
    /// The office date printed on the card.
    pub issued_on: NaiveDate,
    /// Why it was printed.
    pub reason: CardReason,
    /// SHA-256 of the data printed on the card (names, birth date, hospital, photo).
    pub fingerprint: String,
    /// The staff id of whoever printed it.
    pub issued_by: String,
    /// When it was recorded.
    pub issued_at: DateTime<Utc>,
}

impl Store {
    /// The member's photo (prepared JPEG bytes), if one was taken.
    pub fn photo(&self, member_no: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .trees
            .photos
            .get(member_no.as_bytes())?
            .map(|v| v.to_vec()))
    }

    /// Stores a member's (already prepared) photo; the member goes into the print queue.
    pub fn set_photo(
        &self,
        member_no: &str,
        jpeg: &[u8],
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let trees = &self.trees;
        let no = member_no.as_bytes();
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.members,
            &trees.photos,
            &trees.card_pending,
        )
            .transaction(
                |(meta, changes, audit, audit_by_target, members, photos, card_pending)| {
                    if members.get(no)?.is_none() {
                        return abort(StoreError::MemberNotFound(member_no.to_owned()));
                    }
                    let had = photos.insert(no, jpeg)?.is_some();
                    card_pending.insert(no, &[])?;
                    let record = serde_json::json!({
                        "member_no": member_no,
                        "jpeg_bytes": jpeg.len(),
                        "sha256": crate::sha256_hex(jpeg),
                    });
                    let journal = Journal {
                        trees,
                        meta,
                        changes,
                        audit,
                        audit_by_target,
                    };
                    journal.change(at, actor, ChangeKind::PhotoChanged, member_no, &record)?;
                    let change = FieldChange {
                        field: "photo".into(),
                        before: if had { "yes".into() } else { String::new() },
                        after: format!("{} bytes", jpeg.len()),
                    };
                    journal.audit(
                        at,
                        actor,
                        AuditAction::PhotoChanged,
                        member_no,
                        vec![change],
                    )?;
                    Ok(())
                },
            );
        flatten(result)?;
        self.durable()?;
        Ok(())
    }

    /// The member's card issues, oldest first.
    pub fn card_issues(&self, member_no: &str) -> Result<Vec<CardIssue>, StoreError> {
        let issues = &self.trees.card_issues;
        issues
            .scan_prefix(key(&[member_no.as_bytes(), b""]))
            .map(|kv| {
                let (k, v) = kv?;
                decode(issues, &k, &v)
            })
            .collect()
    }

    /// Records card issues (one per member) and takes the members out of the print queue, all at once.
    pub fn record_card_issues(&self, issues: &[CardIssue]) -> Result<(), StoreError> {
        let trees = &self.trees;
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.card_issues,
            &trees.card_pending,
        )
            .transaction(
                |(meta, changes, audit, audit_by_target, card_issues, card_pending)| {
                    let journal = Journal {
                        trees,
                        meta,
                        changes,
                        audit,
                        audit_by_target,
                    };
                    for issue in issues {
                        let k = key(&[issue.member_no.as_bytes(), &issue.issue_no.to_be_bytes()]);
                        let record = encode(&trees.card_issues, issue).or_else(abort)?;
                        if card_issues.insert(k, record)?.is_some() {
                            // Two prints raced for the same issue number: the caller reads the issues again.
                            return abort(StoreError::Conflict(format!(
                                "card issue {} of {}",
                                issue.issue_no, issue.member_no
                            )));
                        }
                        card_pending.remove(issue.member_no.as_bytes())?;
                        journal.change(
                            issue.issued_at,
                            &issue.issued_by,
                            ChangeKind::CardIssued,
                            &issue.member_no,
                            issue,
                        )?;
                        let change = FieldChange {
                            field: "card".into(),
                            before: String::new(),
                            after: format!("{} ({})", issue.issue_no, issue.reason),
                        };
                        journal.audit(
                            issue.issued_at,
                            &issue.issued_by,
                            AuditAction::CardIssued,
                            &issue.member_no,
                            vec![change],
                        )?;
                    }
                    Ok(())
                },
            );
        flatten(result)?;
        self.durable()?;
        Ok(())
    }

    /// Members registered, amended or re-photographed since their last card, in member-number order.
    pub fn card_candidates(&self) -> Result<Vec<String>, StoreError> {
        let pending = &self.trees.card_pending;
        pending
            .iter()
            .keys()
            .map(|k| {
                let k = k?;
                text(pending, &k, &k)
            })
            .collect()
    }

    /// Drops a member from the queue whose card turned out to be current (an amendment of other fields).
    pub fn clear_card_candidate(&self, member_no: &str) -> Result<(), StoreError> {
        self.trees.card_pending.remove(member_no.as_bytes())?;
        Ok(())
    }
}
