//! PDF documents for NSSF Desk: member cards, card sheets, and the page-building blocks that
//! receipts, statements and day sheets are made of.
//!
//! printpdf does no text shaping, so this crate shapes every run itself with rustybuzz and places
//! glyph ids (see `shared/design/lao-text-in-pdf.md`). Each line is split into script runs: Lao
//! goes to Noto Sans Lao, everything else (Latin, ASCII digits, punctuation) to Noto Sans, because
//! Noto Sans Lao has no Latin letters or digits. Each drawn line carries its source text as
//! `/ActualText`, so `pdftotext` gives back exactly the input; and each glyph's ToUnicode entry is the
//! text it stands for (`glyph_text`), so viewers that read only ToUnicode (MuPDF, pdf.js, PDFium) do too.
//!
//! Photos are embedded as the stored JPEG bytes, unchanged (a `DCTDecode` image XObject);
//! [`photo::prepare`] is what produces those bytes from an upload.
//!
//! The crate knows nothing of Tauri, storage or localisation: callers pass strings that are
//! already localised.
//!
//! ```
//! use nssf_documents::{Document, Fonts, Page, Rgb};
//!
//! let fonts = Fonts::bundled();
//! let mut page = Page::new(fonts, 148.0, 210.0);
//! page.text(15.0, 20.0, 14.0, true, Rgb::BLACK, "ໃບຮັບເງິນ / Receipt");
//! let mut doc = Document::new(fonts, "Receipt");
//! doc.push(page);
//! let pdf = doc.render().expect("renders");
//! assert!(pdf.starts_with(b"%PDF"));
//! ```

#![warn(missing_docs)]

mod application_form;
mod call_sheet;
mod card;
mod error;
mod fonts;
mod glyph_text;
mod leaflet;
mod outreach_report;
mod page;
pub mod photo;
mod qr;
mod receipt;
mod report;
pub mod shaping;
mod slim;
pub mod text;

pub use application_form::{application_form_pdf, ApplicationFormDoc, FormSection, SignBox};
pub use call_sheet::{call_sheet_pdf, CallSheetDoc, CallSheetMember, CallSheetVillage};
pub use card::{card_pdf, card_sheet_pdf, CardData, CardLabels, CARD_HEIGHT_MM, CARD_WIDTH_MM};
pub use error::DocumentError;
pub use fonts::Fonts;
pub use leaflet::{leaflet_pdf, LeafletDoc, LeafletItem, LeafletSection};
pub use outreach_report::{
    outreach_report_pdf, Bar, BarChart, ChartShape, OutreachReportDoc, Table,
};
pub use page::{Align, Document, Page, Rgb};
pub use receipt::{
    receipt_a5_pdf, receipt_lines, receipt_roll_pdf, ReceiptDoc, ReceiptLine, ReceiptMark,
    ReceiptMonth,
};
pub use report::{report_pdf, ReportDoc};
