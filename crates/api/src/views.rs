//! The stored records as the window and the CLI's JSON see them: members, receipts, voids, day closes.
//!
//! The domain records are at once sled rows and batch records; these are the third contract, the IPC one,
//! so each can change for its own reasons. Today their JSON is the domain's, field for field (the CLI's
//! `show --json` and `search --json` print members, and the window reads the same shapes); the tests hold
//! them to that. Conversions from the domain are `From` impls here.

mod member;
mod payment;

pub use member::{Dependant, DocumentKind, IdDocument, Member, Occupation, Relation, Sex, Title};
pub use payment::{DayClose, Receipt, ReceiptLine, Void};
