//! The use cases of NSSF Desk, one function per thing a user does. The Tauri shell and the `nssf-desk` CLI
//! both call this crate and nothing below it; permissions, validation, audit and durability happen here once.
//!
//! Every call that changes data takes the acting staff member and the current time as arguments. What the
//! window and the CLI receive are this crate's own types ([`views`], [`MemberView`], [`SearchHit`], …), each
//! generated into TypeScript for the window (see [`bindings`]); refusals are an [`ApiError`].
//!
//! ```
//! use nssf_api::{Actor, Desk, OfficeSetup};
//! let dir = tempfile::tempdir().unwrap();
//! let now = chrono::Utc::now();
//! let setup = OfficeSetup { district_code: "0101".into(), workstation: "01".into() };
//! let desk = Desk::init(dir.path(), &setup, &Actor::setup_user(), now).unwrap();
//! assert_eq!(desk.office().workstation, "01");
//! assert!(desk.search(&Actor::setup_user(), "nobody", 20).unwrap().is_empty());
//! ```

#![warn(missing_docs)]

use chrono::{DateTime, NaiveDate, Utc};
use nssf_store::Store;

mod actor;
pub mod arrears;
pub mod audit;
pub mod backup;
pub mod backup_folder;
pub mod bindings;
pub mod cards;
pub mod check;
pub mod contributions;
pub mod corrections;
pub mod demo;
pub mod diagnostics;
mod error;
pub mod exchange;
pub mod files;
pub mod leaflet;
mod members;
mod office;
pub mod office_key;
mod outreach_paper;
pub mod permissions;
mod printing;
pub mod recover;
pub mod reference;
pub mod reopen;
pub mod reports;
mod search;
pub mod session;
pub mod staff;
pub mod views;
mod write_gate;

pub use actor::{Actor, Role};
pub use arrears::{ArrearsLine, ArrearsQuery};
pub use audit::{AuditBreak, AuditCheck, AuditLine, AuditQuery};
pub use backup::{BackupPassphrase, BackupSummary, Restored};
pub use backup_folder::{
    AutomaticBackup, BackupMade, BackupSettings, BackupStatus, DayClosed, LastBackup,
};
pub use check::{DamageLine, StoreReport};
pub use contributions::{
    BalanceView, ContributionPreview, CoverageMonth, CoverageStatus, CoverageView, MonthsChoice,
    PaymentQuote, PaymentRequest, ReceiptFormat, ReceiptSummary, ReceiptView,
};
pub use corrections::{AmendOutcome, CorrectionStatus, CorrectionView};
pub use diagnostics::{About, BundledLicence, Diagnostics, VERSION};
pub use error::{ApiError, Code, Refusal};
pub use leaflet::LeafletFor;
pub use members::{FieldChange, HistoryAction, HistoryEntry, MemberView, RegistrationChoices};
pub use nssf_domain;
pub use nssf_store::{UpgradeProgress, UpgradeStage};
pub use office::{AppState, OfficeSetup, OfficeView, SettingsChange, SettingsView};
pub use permissions::Action;
pub use reference::{
    Hospital, NationalRules, Place, Reference, ReferenceImported, ReferenceOutcome, VillageList,
};
pub use reports::{ReportView, VillageFigures, WeekFigures};
pub use search::{Matched, SearchHit};
pub use session::{Session, SessionStaff, SessionView};
pub use staff::{NewStaff, Password, StaffView};

/// Lao time (UTC+7, no daylight saving): the office's calendar date for a moment.
pub fn office_date(now: DateTime<Utc>) -> NaiveDate {
    (now + chrono::Duration::hours(7)).date_naive()
}

/// An open office data folder, with one method per use case (they live in the module of their use case:
/// members, search, contributions, cards, printing, exchange). Cheap to share between threads: the store
/// is internally synchronised.
#[derive(Debug)]
pub struct Desk {
    /// Private on purpose: callers get use cases, never the store, so every write goes through the
    /// permission check, validation and audit here.
    store: Store,
    reference: &'static Reference,
    /// The national rules in force (schedule, hospitals): replaced whole when a reference file is
    /// imported, so every call reads one consistent set.
    national: std::sync::RwLock<std::sync::Arc<reference::NationalRules>>,
    /// The office's signing key (cards, receipts, batches), kept in the data folder.
    key: office_key::OfficeKey,
    /// Writers share it, a backup from the running app takes it whole (`write_gate.rs`).
    writes: write_gate::WriteGate,
}
