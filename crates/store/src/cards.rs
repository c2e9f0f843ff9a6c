//! Member photos and card issues. A card issue records which data the card carried (a fingerprint), so
//! the print queue can tell members whose card is out of date.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::abort;
use sled::Transactional;

use crate::{flatten, from_json, key, to_json, ChangeKind, FieldChange, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardIssue {
    pub member_no: String,
    /// 1 for the first card, then 2, 3, …
    pub issue_no: u32,
    pub issued_on: NaiveDate,
    /// `first`, `lost`, `damaged` or `changed`.
    pub reason: String,
    /// SHA-256 of the data printed on the card (names, birth date, hospital, photo).
    pub fingerprint: String,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
}

impl Store {
    pub fn photo(&self, member_no: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.photos.get(member_no.as_bytes())?.map(|v| v.to_vec()))
    }

    /// Stores a member's (already prepared) photo; the member goes into the print queue.
    pub fn set_photo(
        &self,
        member_no: &str,
        jpeg: &[u8],
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let trees = [
            &self.meta,
            &self.changes,
            &self.audit,
            &self.members,
            &self.photos,
            &self.card_pending,
        ];
        let result = trees[..].transaction(|t| {
            let [_, _, _, members, photos, pending] = &t[..] else { unreachable!("six trees") };
            if members.get(member_no.as_bytes())?.is_none() {
                return abort(StoreError::MemberNotFound(member_no.to_owned()));
            }
            let had = photos.insert(member_no.as_bytes(), jpeg)?.is_some();
            pending.insert(member_no.as_bytes(), &[])?;
            let record = serde_json::json!({ "member_no": member_no, "jpeg_bytes": jpeg.len(), "sha256": crate::sha256_hex(jpeg) });
            self.log(t, at, actor, ChangeKind::PhotoChanged, member_no, &record)?;
            let change = FieldChange {
                field: "photo".into(),
                before: if had { "yes".into() } else { String::new() },
                after: format!("{} bytes", jpeg.len()),
            };
            self.audit_tx(t, at, actor, "photo", member_no, vec![change])?;
            Ok(())
        });
        flatten(result)?;
        self.durable()?;
        Ok(())
    }

    pub fn card_issues(&self, member_no: &str) -> Result<Vec<CardIssue>, StoreError> {
        let prefix = key(&[member_no.as_bytes(), b""]);
        self.card_issues
            .scan_prefix(prefix)
            .map(|kv| from_json(member_no, &kv?.1))
            .collect()
    }

    /// Records card issues (one per member) and takes the members out of the print queue, all at once.
    pub fn record_card_issues(&self, issues: &[CardIssue]) -> Result<(), StoreError> {
        let trees = [
            &self.meta,
            &self.changes,
            &self.audit,
            &self.card_issues,
            &self.card_pending,
        ];
        let result = trees[..].transaction(|t| {
            for issue in issues {
                let k = key(&[issue.member_no.as_bytes(), &issue.issue_no.to_be_bytes()]);
                if t[3].insert(k, to_json(issue))?.is_some() {
                    // Two prints raced for the same issue number: the caller reads the issues again.
                    return abort(StoreError::Conflict(format!(
                        "card issue {} of {}",
                        issue.issue_no, issue.member_no
                    )));
                }
                t[4].remove(issue.member_no.as_bytes())?;
                self.log(
                    t,
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
                self.audit_tx(
                    t,
                    issue.issued_at,
                    &issue.issued_by,
                    "card-issued",
                    &issue.member_no,
                    vec![change],
                )?;
            }
            Ok(())
        });
        flatten(result)?;
        self.durable()?;
        Ok(())
    }

    /// Members registered, amended or re-photographed since their last card, in member-number order.
    pub fn card_candidates(&self) -> Result<Vec<String>, StoreError> {
        self.card_pending
            .iter()
            .keys()
            .map(|k| Ok(String::from_utf8_lossy(&k?).into_owned()))
            .collect()
    }

    /// Drops a member from the queue whose card turned out to be current (an amendment of other fields).
    pub fn clear_card_candidate(&self, member_no: &str) -> Result<(), StoreError> {
        self.card_pending.remove(member_no.as_bytes())?;
        Ok(())
    }
}
