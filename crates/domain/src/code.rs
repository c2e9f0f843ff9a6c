//! The closed set of error codes. Each one is a Fluent message id `error-<code>` in every locale, and the
//! UI and CLI localise from it. Add a variant only when a user needs to be told something different.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! codes {
    ($($variant:ident => $text:literal,)*) => {
        /// Why something was refused. Serialised as the kebab-case text, which is also the Fluent id suffix.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum Code {
            $(#[serde(rename = $text)] $variant,)*
        }

        impl Code {
            /// Every code, for the locale parity test.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// The Fluent message id that explains this code.
            pub fn message_id(self) -> String {
                format!("error-{}", self.as_str())
            }
        }
    };
}

codes! {
    Required => "required",
    TooLong => "too-long",
    ControlCharacter => "control-character",
    InvisibleCharacter => "invisible-character",
    WrongScriptLao => "wrong-script-lao",
    WrongScriptLatin => "wrong-script-latin",
    InvalidChoice => "invalid-choice",
    DateFormat => "date-format",
    DateImpossible => "date-impossible",
    DateInFuture => "date-in-future",
    AgeOutOfRange => "age-out-of-range",
    NotANumber => "not-a-number",
    BaseBelowFloor => "base-below-floor",
    BaseAboveCeiling => "base-above-ceiling",
    NoScheduleForMonth => "no-schedule-for-month",
    PhoneInvalid => "phone-invalid",
    DocumentNumberInvalid => "document-number-invalid",
    DocumentRepeated => "document-repeated",
    DocumentsMissing => "documents-missing",
    UnknownVillage => "unknown-village",
    UnknownDistrict => "unknown-district",
    VillageListUnreliable => "village-list-unreliable",
    VillageNotInDistrict => "village-not-in-district",
    UnknownHospital => "unknown-hospital",
    ConsentMissing => "consent-missing",
    TooManyItems => "too-many-items",
    WorkstationInvalid => "workstation-invalid",
    MemberNumberInvalid => "member-number-invalid",
    MemberNumberCheckDigit => "member-number-check-digit",
    RangeInvalid => "range-invalid",
    TooManyMonths => "too-many-months",
    MonthBeforeRegistration => "month-before-registration",
    MonthTooFarAhead => "month-too-far-ahead",
    MonthAlreadyCovered => "month-already-covered",
    ReferenceRequired => "reference-required",
    DayClosed => "day-closed",
    ReceiptNotFound => "receipt-not-found",
    ReceiptNumberInvalid => "receipt-number-invalid",
    AlreadyVoided => "already-voided",
    ReasonRequired => "reason-required",
    PhotoEmpty => "photo-empty",
    PhotoUnsupported => "photo-unsupported",
    PhotoCorrupt => "photo-corrupt",
    PhotoTooLarge => "photo-too-large",
    PhotoBadCrop => "photo-bad-crop",
    DocumentFailed => "document-failed",
    Cancelled => "cancelled",
    // Refusals of the use cases, not of one field.
    InvalidInput => "invalid-input",
    DuplicateDocument => "duplicate-document",
    PossibleDuplicate => "possible-duplicate",
    MemberNotFound => "member-not-found",
    NotInitialised => "not-initialised",
    AlreadyInitialised => "already-initialised",
    Forbidden => "forbidden",
    Storage => "storage",
    SchemaTooNew => "schema-too-new",
    NothingChanged => "nothing-changed",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing wrong with one field of a form, with the arguments its message needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// The form field, with an index for list items: `documents.1.number`.
    pub field: String,
    pub code: Code,
    pub args: std::collections::BTreeMap<String, String>,
}

impl Problem {
    pub fn new(field: impl Into<String>, code: Code) -> Problem {
        Problem {
            field: field.into(),
            code,
            args: Default::default(),
        }
    }

    pub fn arg(mut self, name: &str, value: impl ToString) -> Problem {
        self.args.insert(name.to_owned(), value.to_string());
        self
    }
}
