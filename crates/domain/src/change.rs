//! The change log's entries: what the office store appends in the same transaction as each change, and what
//! the weekly batch carries to the central office (`docs/batch-format.md`). Both the store's `changes` tree
//! and the batch records are this JSON, so the types live here, where both sides depend on them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What kind of change a change-log entry records. The serialised names are part of the batch format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A member was registered; the record is the member.
    MemberRegistered,
    /// A member's data was amended; the record is the member as amended.
    MemberAmended,
    /// A member's income base changed from a month on; the record is `{member_no, from, income_base_kip}`.
    BaseChanged,
    /// A payment was recorded; the record is the receipt.
    PaymentRecorded,
    /// A receipt was voided; the record is the void.
    ReceiptVoided,
    /// A cashier closed a day; the record is the day close.
    DayClosed,
    /// A member's photo was set or replaced; the record is `{member_no, jpeg_bytes, sha256}`.
    PhotoChanged,
    /// A member card was issued; the record is the card issue.
    CardIssued,
}

/// One change that must reach the central office: the record as it is after the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeEntry {
    /// Position in the workstation's change log: 1, 2, 3, … without gaps.
    pub seq: u64,
    /// When the change was made (passed in by the caller, never read from the clock here).
    pub at: DateTime<Utc>,
    /// The staff id of whoever made the change.
    pub actor: String,
    /// What kind of change this is, which says what `record` holds.
    pub kind: ChangeKind,
    /// The member number (receipt number, `day/DATE/CASHIER`, …) the change is about.
    pub key: String,
    /// The record after the change, as JSON.
    pub record: serde_json::Value,
}
