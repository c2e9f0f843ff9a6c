//! TypeScript types for the UI, generated from the Rust types that cross the IPC boundary.
//!
//! `ui/src/bindings/` is checked in; the test `bindings_are_fresh` fails when it differs from what this
//! module generates. Regenerate with `NSSF_UPDATE_BINDINGS=1 cargo test -p nssf-api bindings`.

use std::path::Path;

use ts_rs::{Config, ExportError, TS};

/// Writes every boundary type, and the types they use, into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ExportError> {
    // i64 kip amounts are far below 2^53: plain `number` in TypeScript.
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    crate::ApiError::export_all(&cfg)?;
    crate::MemberView::export_all(&cfg)?;
    crate::SearchHit::export_all(&cfg)?;
    crate::AppState::export_all(&cfg)?;
    crate::OfficeSetup::export_all(&cfg)?;
    crate::ContributionPreview::export_all(&cfg)?;
    crate::Place::export_all(&cfg)?;
    crate::VillageList::export_all(&cfg)?;
    crate::Hospital::export_all(&cfg)?;
    nssf_domain::Draft::export_all(&cfg)?;
    crate::CoverageView::export_all(&cfg)?;
    crate::PaymentRequest::export_all(&cfg)?;
    crate::PaymentQuote::export_all(&cfg)?;
    crate::ReceiptView::export_all(&cfg)?;
    crate::contributions::ReceiptFormat::export_all(&cfg)?;
    nssf_domain::DayClose::export_all(&cfg)?;
    crate::cards::CardIssueView::export_all(&cfg)?;
    crate::cards::PhotoCrop::export_all(&cfg)?;
    crate::cards::ReprintReason::export_all(&cfg)?;
    crate::exchange::ExchangeStatus::export_all(&cfg)?;
    crate::exchange::BatchFile::export_all(&cfg)?;
    crate::exchange::AckSummary::export_all(&cfg)?;
    Ok(())
}
