//! The rules of the NSSF voluntary scheme, free of I/O and of the clock.
//!
//! A registration starts as a [`Draft`] (what the clerk typed), becomes a [`Member`] through
//! [`member::validate`], which reports every problem as a [`Problem`]: a field and a closed
//! [`ProblemKind`] with typed arguments:
//!
//! ```
//! use nssf_domain::{Draft, ProblemCode};
//! let gazetteer = nssf_domain::Gazetteer::from_sources(r#"{"provincesData":[]}"#, "h\n", "h\n").unwrap();
//! let schedule = nssf_domain::Schedule::from_json(
//!     r#"[{"effective_from":"2024-10-01","rate_basis_points":900,"floor_kip":2500000,"ceiling_kip":4500000}]"#,
//! ).unwrap();
//! let cx = nssf_domain::member::Context {
//!     gazetteer: &gazetteer, schedule: &schedule, hospitals: &[], today: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
//! };
//! let problems = nssf_domain::member::validate(&Draft::default(), &cx).unwrap_err();
//! assert!(problems.iter().any(|p| p.field == "given_name_lo" && p.code() == ProblemCode::Required));
//! ```

pub mod audit;
pub mod change;
pub mod coded;
pub mod dates;
pub mod draft;
pub mod fold;
pub mod gazetteer;
pub mod ledger;
pub mod member;
pub mod member_no;
pub mod payment;
pub mod phone;
pub mod phonetic;
pub mod problem;
pub mod receipt_no;
pub mod romanise;
pub mod schedule;
pub mod text;
pub mod typo;

pub use audit::sha256_hex;
pub use dates::Month;
pub use draft::{Draft, DraftDependant, DraftDocument, TextOrNumber};
pub use gazetteer::Gazetteer;
pub use member::Member;
pub use member_no::MemberNumber;
pub use payment::{DayClose, Receipt, ReceiptLine, Void};
pub use problem::{Problem, ProblemCode, ProblemKind};
pub use receipt_no::ReceiptNumber;
pub use schedule::{Schedule, ScheduleRow};
