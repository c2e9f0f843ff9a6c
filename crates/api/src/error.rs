//! The one error shape of the use cases, [`ApiError`]: a [`Refusal`] (a closed code with typed arguments)
//! and, for forms, the [`Problem`]s of each field. On the wire it is `{"code", "args", "problems"}`; the
//! window narrows on `code` (a discriminated union in the generated TypeScript), the CLI matches on the
//! variant, and both show the Fluent message `error-<code>` with `args`.
//!
//! How the store's refusals map onto it is here; the exchange's are in [`crate::exchange`], the cards' and
//! photos' in [`crate::cards`].

use nssf_domain::Problem;
use nssf_store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Action, Role};

/// The error every use case returns, and the only error shape that crosses the IPC boundary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiError {
    /// Why the call was refused, with the arguments of its message: `code` and `args` on the wire.
    #[serde(flatten)]
    pub refusal: Refusal,
    /// For `invalid-input`: what is wrong with which field. Empty for every other code.
    pub problems: Vec<Problem>,
}

impl ApiError {
    /// `invalid-input` with the problems of the fields.
    pub fn invalid(problems: Vec<Problem>) -> ApiError {
        ApiError {
            refusal: Refusal::InvalidInput {},
            problems,
        }
    }

    /// The refusal's code, without its arguments.
    pub fn code(&self) -> Code {
        self.refusal.code()
    }

    /// A failure of the data folder or of a file the office keeps: the user cannot act on it, so the
    /// reason travels as English text for the log and the support call.
    pub(crate) fn storage(detail: impl std::fmt::Display) -> ApiError {
        Refusal::Storage {
            detail: detail.to_string(),
        }
        .into()
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> ApiError {
        ApiError {
            refusal,
            problems: Vec::new(),
        }
    }
}

impl std::fmt::Display for ApiError {
    /// The code and the arguments as JSON, for logs and test failures (users see the localised message).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(&self.refusal) {
            Ok(serde_json::Value::Object(mut wire)) => {
                let args = wire.remove("args").unwrap_or_default();
                write!(f, "{} {args}", self.code())?;
            }
            Ok(other) => write!(f, "{other}")?,
            Err(e) => write!(f, "{} ({e})", self.code())?,
        }
        for p in &self.problems {
            write!(f, "; {}: {}", p.field, p.code())?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

nssf_domain::coded_enum! {
    /// Why a use case refused, with the typed arguments of its message `error-<code>`. The set is closed:
    /// add a variant only when a user (or a script, through the CLI's exit code) must be told something
    /// different.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
    #[ts(export)]
    pub enum Refusal, code Code {
        // Members and forms.
        /// Some fields of the form need correcting: the [`ApiError::problems`] say which and why.
        InvalidInput = "invalid-input" {},
        /// One of the applicant's ID documents already belongs to a member.
        DuplicateDocument = "duplicate-document" {
            /// The member who holds it.
            member_no: String,
            /// The document, as its index key `number/kind`.
            document: String,
        },
        /// Members with the same name and birth date exist: registering needs a confirmation.
        PossibleDuplicate = "possible-duplicate" {
            /// Their member numbers.
            candidates: Vec<String>,
        },
        /// No member has this number.
        MemberNotFound = "member-not-found" {
            /// The number as typed.
            member_no: String,
        },
        /// The text is not shaped like a member number.
        MemberNumberInvalid = "member-number-invalid" {
            /// The text as typed.
            value: String,
        },
        /// The member number's check digit does not match: a typing mistake.
        MemberNumberCheckDigit = "member-number-check-digit" {
            /// The number as typed.
            value: String,
        },
        /// An amendment that changes nothing.
        NothingChanged = "nothing-changed" {},
        /// No correction has this number.
        CorrectionNotFound = "correction-not-found" {
            /// The number asked for.
            id: u64,
        },
        /// The correction was approved or rejected already.
        CorrectionDecided = "correction-decided" {
            /// The correction.
            id: u64,
        },
        /// The member has a correction waiting for a supervisor: a new one is asked for once it is
        /// decided.
        CorrectionPending = "correction-pending" {
            /// The member.
            member_no: String,
            /// The correction waiting.
            id: u64,
        },
        /// A correction needs a second person: whoever asked for it cannot approve or reject it.
        CorrectionOwnRequest = "correction-own-request" {
            /// The correction.
            id: u64,
        },
        /// The member changed since the correction was asked for: it is not applied over the newer
        /// data (`0`: the member changed while the request was being filed).
        CorrectionStale = "correction-stale" {
            /// The correction.
            id: u64,
        },

        // Contributions.
        /// No receipt has this number.
        ReceiptNotFound = "receipt-not-found" {
            /// The number as typed.
            receipt_no: String,
        },
        /// The text is not shaped like a receipt number.
        ReceiptNumberInvalid = "receipt-number-invalid" {
            /// The text as typed.
            value: String,
        },
        /// The receipt is void already.
        AlreadyVoided = "already-voided" {
            /// The receipt.
            receipt_no: String,
        },
        /// The cashier's day is closed: nothing can be dated into it.
        DayClosed = "day-closed" {
            /// The day, `YYYY-MM-DD`.
            date: String,
        },
        /// A report's period ends before it starts (`report --from` after `--to`).
        PeriodInvalid = "period-invalid" {
            /// The first day asked for, `YYYY-MM-DD`.
            from: String,
            /// The last day asked for, `YYYY-MM-DD`.
            to: String,
        },

        // Photos, cards and documents.
        /// The photo file is empty.
        PhotoEmpty = "photo-empty" {},
        /// The photo is not a JPEG, PNG or WebP image.
        PhotoUnsupported = "photo-unsupported" {},
        /// The photo file is damaged or cut short.
        PhotoCorrupt = "photo-corrupt" {},
        /// The photo is larger than the decoder accepts.
        PhotoTooLarge = "photo-too-large" {
            /// Its width in pixels (0 when the header itself was refused).
            width: u32,
            /// Its height in pixels (0 when the header itself was refused).
            height: u32,
        },
        /// The crop is not 3:4 or reaches outside the picture.
        PhotoBadCrop = "photo-bad-crop" {},
        /// The photo file is over 64 MB.
        PhotoFileTooLarge = "photo-file-too-large" {},
        /// The photo is an animation (animated PNG or WebP).
        PhotoAnimated = "photo-animated" {},
        /// A side of the photo is shorter than 64 pixels.
        PhotoTooSmall = "photo-too-small" {
            /// Its width in pixels.
            width: u32,
            /// Its height in pixels.
            height: u32,
        },
        /// One side of the photo is more than 4 times the other.
        PhotoBadShape = "photo-bad-shape" {
            /// Its width in pixels.
            width: u32,
            /// Its height in pixels.
            height: u32,
        },
        /// The card's public-key file is not one `office-key` writes.
        CardKeyInvalid = "card-key-invalid" {},
        /// The text is not a card's QR payload.
        CardMalformed = "card-malformed" {},
        /// The card was issued by another office than the key file's.
        CardOtherOffice = "card-other-office" {},
        /// The card's signature does not match: altered or forged.
        CardBadSignature = "card-bad-signature" {},
        /// The card's QR code is genuine, but the issuing office's records show a later reprint: this
        /// printing was lost, damaged or out of date and must not be accepted.
        CardReplaced = "card-replaced" {
            /// The member's latest issue, the card to ask for.
            issue: u32,
        },
        /// The card's QR code is genuine, but the data folder given has no record of this issue: another
        /// office's data, or data older than the card (a restored backup).
        CardNotOnFile = "card-not-on-file" {
            /// The issue number the card carries.
            issue: u32,
        },
        /// A PDF could not be made. Never expected (the fonts are bundled and tested); the reason is English
        /// text for the support call, like `storage`'s.
        DocumentFailed = "document-failed" {
            /// What failed, in English.
            detail: String,
        },
        /// The user cancelled a long job (a card sheet) before anything was recorded.
        Cancelled = "cancelled" {},

        // Files and dialogs of the window.
        /// A file the user chose cannot be read.
        FileUnreadable = "file-unreadable" {
            /// The file.
            path: String,
        },
        /// A file cannot be written where the user chose.
        FileUnwritable = "file-unwritable" {
            /// The file.
            path: String,
        },
        /// A file the user chose is larger than anything of its kind can be.
        FileTooLarge = "file-too-large" {
            /// The file.
            path: String,
            /// Its size in bytes.
            size: u64,
            /// The largest size accepted.
            max: u64,
        },
        /// A file the user chose is not a regular file (a folder, a device such as `/dev/zero`, a pipe): it
        /// is refused without being read, since reading it may never end.
        FileNotRegular = "file-not-regular" {
            /// The file.
            path: String,
        },
        /// The system's file dialog could not be opened.
        DialogFailed = "dialog-failed" {},

        // The weekly batch and the acknowledgement (one per refusal of `nssf_exchange::ExchangeError`).
        /// The file is larger than any batch or acknowledgement may be.
        ExchangeTooLarge = "exchange-too-large" {
            /// Its size in bytes.
            size: u64,
            /// The largest size accepted.
            max: u64,
        },
        /// The batch is encrypted and no central key is here to open it.
        ExchangeNoIdentity = "exchange-no-identity" {},
        /// The batch cannot be decrypted: altered, or encrypted to another central office.
        ExchangeDecrypt = "exchange-decrypt" {},
        /// The batch's encryption header names other recipients than the central office alone: refused
        /// before any key is tried.
        ExchangeEncryptionHeader = "exchange-encryption-header" {},
        /// The file is not a batch (wrong magic).
        ExchangeBadMagic = "exchange-bad-magic" {},
        /// The batch is cut short.
        ExchangeTruncated = "exchange-truncated" {},
        /// Bytes follow the batch's last part.
        ExchangeTrailingBytes = "exchange-trailing-bytes" {},
        /// The batch has more parts than the format allows.
        ExchangeTooManyParts = "exchange-too-many-parts" {
            /// How many it claims.
            count: u64,
        },
        /// A part name is malformed.
        ExchangeBadPartName = "exchange-bad-part-name" {},
        /// A part the format does not know.
        ExchangeUnknownPart = "exchange-unknown-part" {
            /// Its name.
            part: String,
        },
        /// A part of the format is missing.
        ExchangeMissingPart = "exchange-missing-part" {
            /// Its name.
            part: String,
        },
        /// A part is out of order or repeated.
        ExchangePartOrder = "exchange-part-order" {
            /// Its name.
            part: String,
        },
        /// The manifest cannot be read or contradicts itself.
        ExchangeManifestInvalid = "exchange-manifest-invalid" {},
        /// The batch's format version is not supported.
        ExchangeUnsupportedVersion = "exchange-unsupported-version" {
            /// The version it declares.
            version: u32,
        },
        /// The signing workstation's key is not trusted at the central office.
        ExchangeUntrustedKey = "exchange-untrusted-key" {
            /// The workstation, `DDDD-WW`.
            office: String,
        },
        /// The signature does not verify.
        ExchangeBadSignature = "exchange-bad-signature" {},
        /// A part does not match its hash in the manifest.
        ExchangePartHash = "exchange-part-hash" {
            /// Its name.
            part: String,
        },
        /// A record of the batch cannot be read or is inconsistent.
        ExchangeRecordInvalid = "exchange-record-invalid" {
            /// The part that holds it.
            part: String,
            /// Its line, from 1.
            line: u64,
        },
        /// The records do not cover the batch's range of changes exactly once.
        ExchangeRecordRange = "exchange-record-range" {
            /// The first change of the range.
            first: u64,
            /// The last change of the range.
            last: u64,
        },
        /// A part holds another number of records than the manifest says.
        ExchangeCountMismatch = "exchange-count-mismatch" {
            /// Its name.
            part: String,
        },
        /// The control totals do not add up.
        ExchangeTotalsMismatch = "exchange-totals-mismatch" {},
        /// Changes are missing before this batch: it is held back.
        ExchangeGap = "exchange-gap" {
            /// The workstation, `DDDD-WW`.
            office: String,
            /// The change expected next.
            expected: u64,
            /// The change this batch starts at.
            got: u64,
        },
        /// The batch does not follow the batch imported before it.
        ExchangeChainBroken = "exchange-chain-broken" {
            /// The workstation, `DDDD-WW`.
            office: String,
            /// The batch.
            batch: u64,
        },
        /// The batch is imported already; nothing changed.
        ExchangeAlreadyImported = "exchange-already-imported" {
            /// The workstation, `DDDD-WW`.
            office: String,
            /// The batch.
            batch: u64,
        },
        /// The batch is older than one imported already; nothing changed.
        ExchangeSuperseded = "exchange-superseded" {
            /// The workstation, `DDDD-WW`.
            office: String,
            /// The batch.
            batch: u64,
        },
        /// Another batch with this number was imported.
        ExchangeConflictingBatch = "exchange-conflicting-batch" {
            /// The workstation, `DDDD-WW`.
            office: String,
            /// The batch.
            batch: u64,
        },
        /// The key file is not one this program writes.
        ExchangeKeyFileInvalid = "exchange-key-file-invalid" {},
        /// No central office key is installed.
        ExchangeNoCentralKey = "exchange-no-central-key" {},
        /// The acknowledgement cannot be read, or is not signed by the central office.
        ExchangeAckInvalid = "exchange-ack-invalid" {},
        /// The acknowledgement is for another workstation.
        ExchangeAckOtherOffice = "exchange-ack-other-office" {
            /// The workstation it names, `DDDD-WW`.
            office: String,
        },
        /// The acknowledgement names a batch this workstation did not write.
        ExchangeAckUnknownBatch = "exchange-ack-unknown-batch" {
            /// The batch.
            batch: u64,
        },
        /// Nothing was imported from the workstation: there is nothing to acknowledge.
        ExchangeNothingToAck = "exchange-nothing-to-ack" {
            /// The workstation, `DDDD-WW`.
            office: String,
        },
        /// There is no central store in the folder.
        ExchangeCentralNotInitialised = "exchange-central-not-initialised" {},
        /// A central store exists in the folder already.
        ExchangeCentralExists = "exchange-central-exists" {},
        /// A secret key file of the central office is missing or damaged: the central folder is restored
        /// from its backup (new keys would strand every office).
        ExchangeCentralKeyUnreadable = "exchange-central-key-unreadable" {
            /// The key file's path.
            path: String,
        },
        /// A different central office key is installed here: replacing it needs `--replace`.
        CentralKeyDifferent = "central-key-different" {
            /// The fingerprint of the key installed now.
            installed: String,
        },
        /// The batch is not encrypted and plaintext was not allowed (`--allow-plaintext`).
        ExchangeUnencrypted = "exchange-unencrypted" {},
        /// Another key is trusted for the workstation already.
        ExchangeKeyAlreadyTrusted = "exchange-key-already-trusted" {
            /// The workstation, `DDDD-WW`.
            office: String,
            /// The fingerprint of the key trusted for it.
            fingerprint: String,
        },
        /// A successor must belong to its predecessor's district.
        ExchangeSuccessorOtherDistrict = "exchange-successor-other-district" {
            /// The successor, `DDDD-WW`.
            office: String,
            /// The predecessor named, `DDDD-WW`.
            predecessor: String,
        },
        /// The predecessor named is not trusted.
        ExchangePredecessorUntrusted = "exchange-predecessor-untrusted" {
            /// The predecessor, `DDDD-WW`.
            office: String,
        },
        /// The workstation is trusted already: a successor is named when first trusted.
        ExchangeSuccessionTooLate = "exchange-succession-too-late" {
            /// The workstation, `DDDD-WW`.
            office: String,
        },
        /// The workstation is retired: a successor took its place.
        ExchangeRetired = "exchange-retired" {
            /// The retired workstation, `DDDD-WW`.
            office: String,
            /// Its successor, `DDDD-WW`.
            successor: String,
        },
        /// The reference file does not parse, or its content breaks the format's rules.
        ReferenceInvalid = "reference-invalid" {},
        /// The reference file's issue is not newer than the one in force here.
        ReferenceOutdated = "reference-outdated" {
            /// The file's issue.
            issue: u64,
            /// The issue in force.
            applied: u64,
        },

        // Staff accounts and signing in (`staff.rs`, `docs/staff.md`).
        /// The office has staff accounts and no one signed in (or the session names no active account).
        NotSignedIn = "not-signed-in" {},
        /// The staff id and password do not match (an unknown staff id gets the same answer).
        WrongPassword = "wrong-password" {},
        /// Too many wrong passwords: sign-in is refused until then, or until an admin unlocks it.
        AccountLocked = "account-locked" {
            /// Lao time of day, `HH:MM` (a lock lasts 15 minutes).
            until: String,
        },
        /// The account was disabled by an admin.
        AccountDisabled = "account-disabled" {},
        /// The window's session is locked (by the person, or after the office's idle time): the same
        /// person's password unlocks it, or someone signs out.
        SessionLocked = "session-locked" {},
        /// An admin reset the password: the person must choose a new one before anything else.
        PasswordChangeRequired = "password-change-required" {},
        /// The new password is shorter than the minimum.
        PasswordTooShort = "password-too-short" {
            /// The minimum, in characters.
            min: u32,
        },
        /// The new password is the one in use.
        PasswordUnchanged = "password-unchanged" {},
        /// A staff account with this id exists already.
        StaffExists = "staff-exists" {
            /// The staff id.
            staff_id: String,
        },
        /// No staff account has this id.
        StaffUnknown = "staff-unknown" {
            /// The staff id as typed.
            staff_id: String,
        },
        /// A staff id is 2 to 32 characters of `a-z 0-9 . _ -`.
        StaffIdInvalid = "staff-id-invalid" {
            /// The staff id as typed.
            staff_id: String,
        },
        /// A staff account needs at least one role.
        StaffNoRole = "staff-no-role" {},
        /// The office's first staff account must hold the admin role, or no one could add the others.
        FirstAccountNeedsAdmin = "first-account-needs-admin" {},
        /// Disabling this account would leave the office without an active admin.
        LastAdmin = "last-admin" {},

        // The data folder and the acting user.
        /// The folder has no office yet.
        NotInitialised = "not-initialised" {},
        /// The folder belongs to an office already.
        AlreadyInitialised = "already-initialised" {},
        /// The office's secret key (it signs cards and batches) is missing, unreadable or malformed. Never
        /// replaced by a new one, which would make every card printed before fail to verify: the data
        /// folder is restored from its backup.
        OfficeKeyUnreadable = "office-key-unreadable" {
            /// The key file's path.
            path: String,
        },
        /// The data folder is open in another program (a second copy of the app, or the command line).
        FolderInUse = "folder-in-use" {},

        // Backups and restores (`docs/backup-format.md`).
        /// The office's first backup makes its backup key, which needs the backup passphrase; reading a
        /// backup always needs it.
        BackupPassphraseNeeded = "backup-passphrase-needed" {},
        /// The passphrase does not open the backup's sealed key.
        BackupPassphraseWrong = "backup-passphrase-wrong" {},
        /// The file is not a backup, or it is damaged or cut short. The argument is English text for
        /// support, as for `storage`.
        BackupInvalid = "backup-invalid" {
            /// What is wrong, in English.
            detail: String,
        },
        /// A restore goes into an empty folder only.
        RestoreFolderNotEmpty = "restore-folder-not-empty" {
            /// The folder.
            path: String,
        },
        /// A restored office continues under a new workstation code, never the one it had.
        RestoreSameWorkstation = "restore-same-workstation" {
            /// The code given, `WW`.
            workstation: String,
        },
        /// The backup passphrase is set once (changing it is not built).
        BackupKeyExists = "backup-key-exists" {},
        /// A backup from the window needs the office's backup passphrase set first (by an admin).
        BackupKeyMissing = "backup-key-missing" {},
        /// The backup folder is not there (the USB stick is not plugged in, or the folder was removed).
        BackupFolderMissing = "backup-folder-missing" {
            /// The folder.
            folder: String,
        },
        /// The backup folder cannot be written (a write-protected stick, no permission).
        BackupFolderReadOnly = "backup-folder-read-only" {
            /// The folder.
            folder: String,
        },
        /// The disk of the backup folder is full.
        BackupFolderFull = "backup-folder-full" {
            /// The folder.
            folder: String,
        },
        /// The backup could not be written into the folder for another reason (the stick pulled out
        /// while writing, say). The detail is English text for support, as for `storage`.
        BackupFolderFailed = "backup-folder-failed" {
            /// The folder.
            folder: String,
            /// What failed, in English.
            detail: String,
        },
        /// The recovery file is not one the central office writes, or holds records of workstations
        /// other than those it names.
        ExchangeRecoverInvalid = "exchange-recover-invalid" {},
        /// A recovery file is applied only by an office restored from a backup, the successor of the
        /// workstation the file is about; this one succeeds none.
        RecoverNotSuccessor = "recover-not-successor" {},
        /// The recovery file is about another workstation than the one this office succeeds.
        RecoverOtherWorkstation = "recover-other-workstation" {
            /// The workstation the file is about, `DDDD-WW`.
            workstation: String,
            /// The workstation this office succeeds, `DDDD-WW`.
            succeeds: String,
        },
        /// The acting staff member's roles do not allow this (the matrix in `permissions.rs`).
        Forbidden = "forbidden" {
            /// The first role that allows it.
            role: Role,
            /// What was refused.
            action: Action,
        },
        /// The data folder (or a file the office keeps) cannot be read or written. The only refusal whose
        /// argument is English text: the user cannot act on it, support can.
        Storage = "storage" {
            /// What failed, in English.
            detail: String,
        },
        /// The disk holding the office's data is full: the write was not saved; what was saved before is
        /// kept and can be read and backed up. sled refuses every later write until the store is opened
        /// again ([`Desk::reopen`](crate::Desk::reopen)), once space is free.
        DiskFull = "disk-full" {},
        /// The office's data is damaged (a record that does not read back, or sled's own files): found
        /// where it was read, or by `check`. The answer is restoring from a backup; the argument is English
        /// text naming the tree and the row, for support.
        StoreDamaged = "store-damaged" {
            /// What is damaged, in English.
            detail: String,
        },
        /// The data was written by a newer program.
        SchemaTooNew = "schema-too-new" {
            /// The schema version found.
            version: u64,
        },
        /// The office's data must be upgraded to this program's store layout (schema 5), which copies it
        /// beside the old one, and the disk lacks the room: nothing was changed (`docs/store-layout.md`).
        /// Sizes in whole megabytes (rounded up), as a clerk reads them.
        UpgradeNeedsSpace = "upgrade-needs-space" {
            /// Megabytes the upgrade needs free.
            needed_mb: u64,
            /// Megabytes free on the disk.
            available_mb: u64,
        },
        /// The program itself failed (a panic in the window's shell, logged with its backtrace): nothing
        /// the user did; the window shows what to do (restart, call central IT with the support file).
        Internal = "internal" {},
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let refusal = match e {
            StoreError::NotInitialised => Refusal::NotInitialised {},
            StoreError::AlreadyInitialised => Refusal::AlreadyInitialised {},
            StoreError::InUse => Refusal::FolderInUse {},
            StoreError::SchemaTooNew(version) => Refusal::SchemaTooNew { version },
            StoreError::UpgradeNeedsSpace { needed, available } => Refusal::UpgradeNeedsSpace {
                needed_mb: needed.div_ceil(1024 * 1024),
                available_mb: available / (1024 * 1024),
            },
            StoreError::DuplicateDocument {
                document,
                member_no,
            } => Refusal::DuplicateDocument {
                member_no,
                document,
            },
            StoreError::MemberNotFound(member_no) => Refusal::MemberNotFound { member_no },
            StoreError::MonthAlreadyCovered { month, receipt } => {
                return ApiError::invalid(vec![Problem::new(
                    "months",
                    nssf_domain::ProblemKind::MonthAlreadyCovered {
                        month: month.to_string(),
                        receipt,
                    },
                )]);
            }
            StoreError::DayClosed(date) => Refusal::DayClosed {
                date: date.to_string(),
            },
            StoreError::ReceiptNotFound(receipt_no) => Refusal::ReceiptNotFound { receipt_no },
            StoreError::AlreadyVoided(receipt_no) => Refusal::AlreadyVoided { receipt_no },
            StoreError::CorrectionNotFound(id) => Refusal::CorrectionNotFound { id },
            StoreError::CorrectionDecided(id) => Refusal::CorrectionDecided { id },
            StoreError::CorrectionPending { member_no, id } => {
                Refusal::CorrectionPending { member_no, id }
            }
            StoreError::CorrectionStale(id) => Refusal::CorrectionStale { id },
            e @ (StoreError::Sled(_)
            | StoreError::LogFile { .. }
            | StoreError::BatchFile { .. }
            | StoreError::UpgradeFiles { .. })
                if e.is_disk_full() =>
            {
                Refusal::DiskFull {}
            }
            e @ (StoreError::Corrupt { .. } | StoreError::Sled(_)) if e.is_damage() => {
                Refusal::StoreDamaged {
                    detail: e.to_string(),
                }
            }
            e @ (StoreError::Sled(_)
            | StoreError::LogFile { .. }
            | StoreError::BatchFile { .. }
            | StoreError::UpgradeFiles { .. }
            | StoreError::Corrupt { .. }
            | StoreError::Encode { .. }
            | StoreError::DistrictCodeInvalid(_)
            | StoreError::CounterExhausted
            | StoreError::Conflict(_)) => return ApiError::storage(e),
        };
        refusal.into()
    }
}

#[cfg(test)]
mod tests {
    use nssf_domain::{Problem, ProblemKind};
    use serde_json::json;

    use super::*;

    /// The wire shape, pinned: what the window receives for a few refusals.
    #[test]
    fn refusals_on_the_wire() {
        let check = |error: ApiError, expected: serde_json::Value| {
            assert_eq!(
                serde_json::to_value(&error).expect("serialise"),
                expected,
                "{error}"
            );
            let back: ApiError = serde_json::from_value(expected).expect("deserialise");
            assert_eq!(back, error, "round trip");
        };
        check(
            Refusal::NotInitialised {}.into(),
            json!({"code": "not-initialised", "args": {}, "problems": []}),
        );
        check(
            Refusal::PossibleDuplicate {
                candidates: vec!["0101-01-0000001-5".into(), "0101-01-0000002-3".into()],
            }
            .into(),
            json!({
                "code": "possible-duplicate",
                "args": {"candidates": ["0101-01-0000001-5", "0101-01-0000002-3"]},
                "problems": [],
            }),
        );
        check(
            Refusal::Forbidden {
                role: Role::Supervisor,
                action: Action::Void,
            }
            .into(),
            json!({"code": "forbidden", "args": {"role": "supervisor", "action": "void"}, "problems": []}),
        );
        check(
            Refusal::ExchangeGap {
                office: "0101-01".into(),
                expected: 7,
                got: 9,
            }
            .into(),
            json!({
                "code": "exchange-gap",
                "args": {"office": "0101-01", "expected": 7, "got": 9},
                "problems": [],
            }),
        );
        check(
            Refusal::FileUnwritable {
                path: "/media/usb/nssf-0101-01-000001.batch".into(),
            }
            .into(),
            json!({
                "code": "file-unwritable",
                "args": {"path": "/media/usb/nssf-0101-01-000001.batch"},
                "problems": [],
            }),
        );
        check(
            ApiError::invalid(vec![
                Problem::new("given_name_lo", ProblemKind::Required {}),
                Problem::new(
                    "income_base_kip",
                    ProblemKind::BaseBelowFloor {
                        floor_kip: 2_500_000,
                        month: "2026-11".into(),
                    },
                ),
            ]),
            json!({
                "code": "invalid-input",
                "args": {},
                "problems": [
                    {"field": "given_name_lo", "code": "required", "args": {}},
                    {
                        "field": "income_base_kip",
                        "code": "base-below-floor",
                        "args": {"floor_kip": 2_500_000, "month": "2026-11"},
                    },
                ],
            }),
        );
    }

    #[test]
    fn codes_are_kebab_case_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(
                text.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{text}"
            );
            assert!(seen.insert(text), "{text} twice");
        }
    }

    #[test]
    fn display_names_the_code_and_its_arguments() {
        let error: ApiError = Refusal::DayClosed {
            date: "2026-11-20".into(),
        }
        .into();
        assert_eq!(error.to_string(), r#"day-closed {"date":"2026-11-20"}"#);
    }
}
