//! What can be wrong with one field of a form: a [`Problem`] names the field and carries a [`ProblemKind`],
//! a closed code with typed arguments (see [`coded_enum!`](crate::coded_enum)). The window, the CLI and the
//! use cases' refusals (`invalid-input` in `nssf-api`) all show them through the Fluent message
//! `error-<code>`; add a kind only when a user needs to be told something different.

use serde::{Deserialize, Serialize};

/// One thing wrong with one field of a form. On the wire: `{"field": …, "code": …, "args": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// The form's verdict crosses IPC as it is; `nssf-api` turns the `ts` feature on (see its `bindings`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    /// The form field, with an index for list items: `documents.1.number`.
    pub field: String,
    /// What is wrong with it.
    #[serde(flatten)]
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem of `field`.
    pub fn new(field: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            field: field.into(),
            kind,
        }
    }

    /// The kind's code, without its arguments.
    pub fn code(&self) -> ProblemCode {
        self.kind.code()
    }
}

crate::coded_enum! {
    /// What is wrong with a field, with the arguments of its message. Months are `YYYY-MM`, dates as typed.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum ProblemKind, code ProblemCode {
        /// The field is empty.
        Required = "required" {},
        /// The text is longer than the field allows.
        TooLong = "too-long" {
            /// The most characters allowed.
            max: usize,
            /// The characters typed.
            length: usize,
        },
        /// The text holds a control character (often pasted from another program).
        ControlCharacter = "control-character" {
            /// The character, as `U+0007`.
            codepoint: String,
        },
        /// The text holds an invisible character (zero-width space, bidi mark, soft hyphen, …).
        InvisibleCharacter = "invisible-character" {
            /// The character, as `U+200B`.
            codepoint: String,
        },
        /// A field the form does not have (a misspelt name in a script's JSON, such as `phone_number`):
        /// refused rather than dropped. The problem's field is the name as given.
        UnknownField = "unknown-field" {
            /// The field's name as given.
            name: String,
        },
        /// A name without a letter: only digits, marks or punctuation.
        NameWithoutLetters = "name-without-letters" {},
        /// A word of a name begins with a vowel or tone mark, which belongs on a letter before it.
        MarkWithoutLetter = "mark-without-letter" {},
        /// A dependant's date of birth more years back than anyone lives.
        AgeImplausible = "age-implausible" {
            /// The age today, in whole years.
            age: i32,
            /// The oldest age accepted.
            max: i32,
        },
        /// A Lao name written in another script.
        WrongScriptLao = "wrong-script-lao" {},
        /// A Latin name written in another script.
        WrongScriptLatin = "wrong-script-latin" {},
        /// The value is none of the field's choices.
        InvalidChoice = "invalid-choice" {
            /// The value given.
            value: String,
        },
        /// The date is in no accepted format.
        DateFormat = "date-format" {
            /// The text given.
            value: String,
        },
        /// The date does not exist (30 February).
        DateImpossible = "date-impossible" {
            /// The text given.
            value: String,
        },
        /// The date is after today.
        DateInFuture = "date-in-future" {
            /// The date given.
            value: String,
        },
        /// The applicant's age at registration is outside the scheme's range.
        AgeOutOfRange = "age-out-of-range" {
            /// The age at registration, in whole years.
            age: i32,
            /// The youngest age allowed.
            min: i32,
            /// The oldest age allowed.
            max: i32,
        },
        /// An amount of kip is not a whole number.
        NotANumber = "not-a-number" {},
        /// A folder setting (the backup folder) that is not a full path from the root of a disk.
        FolderNotAbsolute = "folder-not-absolute" {
            /// The folder given.
            value: String,
        },
        /// An office setting outside what the office may choose.
        SettingOutOfRange = "setting-out-of-range" {
            /// The value given.
            value: u32,
            /// The least allowed.
            min: u32,
            /// The most allowed.
            max: u32,
        },
        /// The income base is below the schedule's floor for the month.
        BaseBelowFloor = "base-below-floor" {
            /// The floor, in kip.
            floor_kip: i64,
            /// The month whose schedule row applies.
            month: String,
        },
        /// The income base is above the schedule's ceiling for the month.
        BaseAboveCeiling = "base-above-ceiling" {
            /// The ceiling, in kip.
            ceiling_kip: i64,
            /// The month whose schedule row applies.
            month: String,
        },
        /// No row of the contribution schedule covers the month.
        NoScheduleForMonth = "no-schedule-for-month" {
            /// The month.
            month: String,
        },
        /// Not a Lao phone number.
        PhoneInvalid = "phone-invalid" {
            /// The number given.
            value: String,
        },
        /// A document, licence or tax number with characters other than letters and digits.
        DocumentNumberInvalid = "document-number-invalid" {
            /// The number given.
            value: String,
        },
        /// A document, licence or tax number with fewer or more letters and digits than numbers of its kind have.
        DocumentNumberLength = "document-number-length" {
            /// The fewest letters and digits of a number of this kind.
            min: usize,
            /// The most letters and digits of a number of this kind.
            max: usize,
            /// The letters and digits given, spaces and dashes not counted.
            length: usize,
        },
        /// The same ID document is entered twice in one form.
        DocumentRepeated = "document-repeated" {},
        /// The title is not the sex's: Mr (ທ້າວ) for a man, Ms (ນາງ) for a woman.
        TitleSexMismatch = "title-sex-mismatch" {},
        /// A dependant entered as the member's child is not younger than the member.
        ChildNotYounger = "child-not-younger" {
            /// The member's date of birth, `DD/MM/YYYY`.
            member_born: String,
        },
        /// A dependant entered as the member's parent is not older than the member.
        ParentNotOlder = "parent-not-older" {
            /// The member's date of birth, `DD/MM/YYYY`.
            member_born: String,
        },
        /// A second dependant entered as the member's spouse: a member has at most one.
        SpouseRepeated = "spouse-repeated" {},
        /// No ID document is entered.
        DocumentsMissing = "documents-missing" {},
        /// No village of the gazetteer has this code.
        UnknownVillage = "unknown-village" {
            /// The village code given.
            value: String,
        },
        /// No district of the gazetteer has this code.
        UnknownDistrict = "unknown-district" {
            /// The district code given.
            value: String,
        },
        /// The village code is not in the gazetteer, whose list for this district is known to be wrong: the
        /// village's name is to be typed instead.
        VillageListUnreliable = "village-list-unreliable" {
            /// The village code given.
            value: String,
        },
        /// The village is not in the district chosen.
        VillageNotInDistrict = "village-not-in-district" {
            /// The village code given.
            value: String,
        },
        /// The hospital is not on the office's list.
        UnknownHospital = "unknown-hospital" {
            /// The hospital code given.
            value: String,
        },
        /// The applicant's consent is not ticked.
        ConsentMissing = "consent-missing" {},
        /// A list holds more entries than allowed.
        TooManyItems = "too-many-items" {
            /// The most entries allowed.
            max: usize,
        },
        /// The workstation code is not 01 to 99.
        WorkstationInvalid = "workstation-invalid" {
            /// The code given.
            value: String,
        },
        /// A range of months ends before it starts, or a month is not `YYYY-MM`.
        RangeInvalid = "range-invalid" {
            /// The first month, as given.
            from: String,
            /// The last month, as given.
            to: String,
        },
        /// A payment of the next zero months.
        NoMonths = "no-months" {},
        /// More months than one receipt may cover.
        TooManyMonths = "too-many-months" {
            /// The most months of one receipt.
            max: u32,
        },
        /// A month before the member's registration.
        MonthBeforeRegistration = "month-before-registration" {
            /// The month.
            month: String,
        },
        /// A month too far in advance.
        MonthTooFarAhead = "month-too-far-ahead" {
            /// The month.
            month: String,
            /// The most months that may be paid ahead.
            max: u32,
        },
        /// A month a receipt already pays.
        MonthAlreadyCovered = "month-already-covered" {
            /// The month.
            month: String,
            /// The receipt that pays it.
            receipt: String,
        },
        /// A range of months that leaves earlier months unpaid, without the cashier's choice to skip them.
        MonthsLeftUnpaid = "months-left-unpaid" {
            /// The oldest month left unpaid.
            month: String,
            /// How many earlier months are left unpaid.
            count: u32,
        },
        /// A payment dated before the member's registration.
        DateBeforeRegistration = "date-before-registration" {
            /// The date given, `DD/MM/YYYY`.
            value: String,
            /// The registration date, `DD/MM/YYYY`.
            registered_on: String,
        },
        /// A payment dated further back than the office allows without a supervisor.
        PaymentBackdated = "payment-backdated" {
            /// The date given, `DD/MM/YYYY`.
            value: String,
            /// The most days back allowed without a supervisor.
            days: u32,
        },
        /// A registration dated further back than the office allows without a supervisor.
        RegistrationBackdated = "registration-backdated" {
            /// The date given, `DD/MM/YYYY`.
            value: String,
            /// The most days back allowed without a supervisor.
            days: u32,
        },
        /// A payment by bank or mobile money without its reference.
        ReferenceRequired = "reference-required" {},
        /// A void or a reprint without its reason.
        ReasonRequired = "reason-required" {},
        /// Validation found no problem yet could not build the record: a bug, never expected.
        Incomplete = "incomplete" {},
    }
}
