//! How a command's failure reaches the user and the scripts: the localised reason on standard error and the
//! exit code, both decided here and nowhere else. The exit codes are the README's contract ("Command line"):
//! 0 success, 1 failure, 2 input the user can correct, 3 an ID document already on file, 4 a possible
//! duplicate, 5 not signed in (no `--user` or password, wrong password, locked or disabled account, a
//! password change pending), 6 signed in but the role does not allow it, 7 a batch imported whose audit
//! trail does not extend the chain the central office holds.
//!
//! This is also the only module of the CLI that reads the fields of `ApiError` (its refusal and field
//! problems), so a change of that shape is a change of this file. Messages come from the typed arguments
//! through `Localizer::error`, the one place where they become Fluent arguments.

use std::io::Write;

use nssf_api::cards::CardCheck;
use nssf_api::nssf_domain::{Problem, ProblemKind};
use nssf_api::{ApiError, AuditBreak, Code, Refusal};
use nssf_exchange::ExchangeError;
use nssf_i18n::Localizer;

const EXIT_SUCCESS: u8 = 0;
const EXIT_FAILURE: u8 = 1;
const EXIT_INVALID: u8 = 2;
const EXIT_DUPLICATE_DOCUMENT: u8 = 3;
const EXIT_POSSIBLE_DUPLICATE: u8 = 4;
const EXIT_NOT_SIGNED_IN: u8 = 5;
const EXIT_FORBIDDEN: u8 = 6;
/// `central import`: the records were imported, but the batch's audit trail does not extend the chain the
/// central office holds for its workstation. Not 1, which says nothing was imported.
const EXIT_AUDIT_CHAIN_BROKEN: u8 = 7;

/// Why a command stopped. The variant says what the user can do about it, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The API refused what a command asked (members, contributions, cards, the weekly batch, opening the
    /// data folder); its code says whether changing the input helps.
    Refused(ApiError),
    /// The API failed on something the user did not type: the demo loader's generated applicants and its
    /// final flush. Always exit 1.
    Failed(ApiError),
    /// The central store or the batch reader refused (`central …`, or a file too large to be a batch).
    Exchange(ExchangeError),
    /// A card's QR text does not check out against the office key (`verify-card`).
    CardInvalid(CardCheck),
    /// The registration JSON does not parse.
    BadJson { detail: String },
    /// The file whose content the command would store could not be read: the applicant JSON or the photo.
    InputUnreadable { path: String, detail: String },
    /// A key, batch or acknowledgement file could not be read.
    KeyOrBatchUnreadable { path: String, detail: String },
    /// An output file or folder could not be written (`-` is standard output).
    Unwritable { path: String, detail: String },
    /// `card --reason` is none of lost, damaged, changed.
    UnknownReprintReason(String),
    /// `day-close --date` is not a date.
    InvalidDate(Problem),
    /// Standard output was closed by its reader (`… | head -c 10`): the command stops, quietly.
    OutputClosed,
    /// `check` found the store damaged in `count` places (listed on standard output).
    StoreDamaged { count: usize },
    /// `audit verify` found the audit chain broken at entry `seq`.
    AuditBroken { seq: u64, why: AuditBreak },
    /// `central import` imported a batch whose audit trail breaks the chain held for its workstation
    /// (`office`) at entry `seq`.
    ImportedAuditBroken {
        office: String,
        batch: String,
        seq: u64,
        why: nssf_exchange::AuditChainBreak,
    },
    /// `--user` was given to a `central …` command, which has no staff accounts.
    UserNotTaken,
    /// `central --db` is not a PostgreSQL URL (the value is not kept: it may hold a password).
    DatabaseUrlInvalid,
    /// `central --db` (or `PGSSLMODE`) asks for an encrypted connection, which the client does not make.
    DatabaseTlsUnsupported,
    /// `central member NUMBER`: the central store holds no such member.
    CentralMemberUnknown(String),
    /// `staff add --role` names a role that does not exist.
    UnknownRole(String),
}

impl Failure {
    /// The exit code: the one table of the contract.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Refused(e) => match e.code() {
                // Refusals the user fixes by changing the input, a closed day included.
                Code::InvalidInput
                | Code::DayClosed
                | Code::PeriodInvalid
                | Code::PhotoEmpty
                | Code::PhotoUnsupported
                | Code::PhotoCorrupt
                | Code::PhotoTooLarge
                | Code::PhotoFileTooLarge
                | Code::PhotoAnimated
                | Code::PhotoTooSmall
                | Code::PhotoBadShape
                | Code::PhotoBadCrop
                | Code::PasswordTooShort
                | Code::PasswordUnchanged
                | Code::StaffIdInvalid
                | Code::StaffNoRole
                | Code::FirstAccountNeedsAdmin => EXIT_INVALID,
                // Who is acting is not established: nothing was done.
                Code::NotSignedIn
                | Code::WrongPassword
                | Code::AccountLocked
                | Code::AccountDisabled
                | Code::SessionLocked
                | Code::PasswordChangeRequired => EXIT_NOT_SIGNED_IN,
                Code::Forbidden => EXIT_FORBIDDEN,
                Code::DuplicateDocument => EXIT_DUPLICATE_DOCUMENT,
                Code::PossibleDuplicate => EXIT_POSSIBLE_DUPLICATE,
                // Everything else is a failure: a malformed member or receipt number names nothing that
                // exists, and every refusal of the weekly batch or the acknowledgement exits 1.
                Code::MemberNotFound
                | Code::MemberNumberInvalid
                | Code::MemberNumberCheckDigit
                | Code::NothingChanged
                | Code::CorrectionNotFound
                | Code::CorrectionDecided
                | Code::CorrectionPending
                | Code::CorrectionOwnRequest
                | Code::CorrectionStale
                | Code::ReceiptNotFound
                | Code::ReceiptNumberInvalid
                | Code::AlreadyVoided
                | Code::CardKeyInvalid
                | Code::CardMalformed
                | Code::CardOtherOffice
                | Code::CardBadSignature
                | Code::CardReplaced
                | Code::CardNotOnFile
                | Code::DocumentFailed
                | Code::Cancelled
                | Code::FileUnreadable
                | Code::FileUnwritable
                | Code::FileTooLarge
                | Code::FileNotRegular
                | Code::DialogFailed
                | Code::ExchangeTooLarge
                | Code::ExchangeNoIdentity
                | Code::ExchangeDecrypt
                | Code::ExchangeEncryptionHeader
                | Code::ExchangeBadMagic
                | Code::ExchangeTruncated
                | Code::ExchangeTrailingBytes
                | Code::ExchangeTooManyParts
                | Code::ExchangeBadPartName
                | Code::ExchangeUnknownPart
                | Code::ExchangeMissingPart
                | Code::ExchangePartOrder
                | Code::ExchangeManifestInvalid
                | Code::ExchangeUnsupportedVersion
                | Code::ExchangeUntrustedKey
                | Code::ExchangeBadSignature
                | Code::ExchangePartHash
                | Code::ExchangeRecordInvalid
                | Code::ExchangeRecordRange
                | Code::ExchangeCountMismatch
                | Code::ExchangeTotalsMismatch
                | Code::ExchangeGap
                | Code::ExchangeChainBroken
                | Code::ExchangeAlreadyImported
                | Code::ExchangeSuperseded
                | Code::ExchangeConflictingBatch
                | Code::ExchangeKeyFileInvalid
                | Code::ExchangeNoCentralKey
                | Code::ExchangeAckInvalid
                | Code::ExchangeAckOtherOffice
                | Code::ExchangeAckUnknownBatch
                | Code::ExchangeNothingToAck
                | Code::ExchangeCentralNotInitialised
                | Code::ExchangeCentralExists
                | Code::ExchangeCentralKeyUnreadable
                | Code::CentralKeyDifferent
                | Code::ExchangeUnencrypted
                | Code::ExchangeKeyAlreadyTrusted
                | Code::ExchangeSuccessorOtherDistrict
                | Code::ExchangePredecessorUntrusted
                | Code::ExchangeSuccessionTooLate
                | Code::ExchangeRetired
                | Code::ReferenceInvalid
                | Code::ReferenceOutdated
                | Code::NotInitialised
                | Code::FolderInUse
                | Code::BackupPassphraseNeeded
                | Code::BackupPassphraseWrong
                | Code::BackupInvalid
                | Code::RestoreFolderNotEmpty
                | Code::RestoreSameWorkstation
                | Code::BackupKeyExists
                | Code::BackupKeyMissing
                | Code::BackupFolderMissing
                | Code::BackupFolderReadOnly
                | Code::BackupFolderFull
                | Code::BackupFolderFailed
                | Code::ExchangeRecoverInvalid
                | Code::RecoverNotSuccessor
                | Code::RecoverOtherWorkstation
                | Code::AlreadyInitialised
                | Code::OfficeKeyUnreadable
                | Code::StaffExists
                | Code::StaffUnknown
                | Code::LastAdmin
                | Code::Storage
                | Code::DiskFull
                | Code::StoreDamaged
                | Code::SchemaTooNew
                | Code::UpgradeNeedsSpace
                | Code::Internal => EXIT_FAILURE,
            },
            Failure::BadJson { .. }
            | Failure::InputUnreadable { .. }
            | Failure::UnknownReprintReason(_)
            | Failure::UnknownRole(_)
            | Failure::UserNotTaken
            | Failure::DatabaseUrlInvalid
            | Failure::DatabaseTlsUnsupported
            | Failure::InvalidDate(_) => EXIT_INVALID,
            Failure::Failed(_)
            | Failure::Exchange(_)
            | Failure::CentralMemberUnknown(_)
            | Failure::CardInvalid(_)
            | Failure::AuditBroken { .. }
            | Failure::StoreDamaged { .. }
            | Failure::KeyOrBatchUnreadable { .. }
            | Failure::Unwritable { .. } => EXIT_FAILURE,
            // As ripgrep does, and grep before it: the reader took what it wanted, which is success. A
            // script that pipes our output into `head` under `set -o pipefail` would fail on the 141 of
            // a SIGPIPE death, and a closed pipe says nothing about what the command did.
            Failure::OutputClosed => EXIT_SUCCESS,
            Failure::ImportedAuditBroken { .. } => EXIT_AUDIT_CHAIN_BROKEN,
        }
    }

    /// Writes the reason to standard error, one localised line each.
    pub fn report(&self, l10n: &Localizer) {
        let mut stderr = std::io::stderr().lock();
        for line in self.lines(l10n) {
            // Nothing better can be done when standard error itself is gone; the exit code still tells.
            let _ = writeln!(stderr, "{line}");
        }
    }

    /// The lines of standard error, in order.
    fn lines(&self, l10n: &Localizer) -> Vec<String> {
        match self {
            Failure::Refused(e) => {
                let mut lines = Vec::new();
                if let Refusal::DuplicateDocument { member_no, .. } = &e.refusal {
                    // The contract: the existing member number alone on the first line of stderr.
                    lines.push(member_no.clone());
                }
                lines.extend(api_error_lines(l10n, e));
                if let Refusal::PossibleDuplicate { .. } = e.refusal {
                    lines.push(l10n.message("cli-duplicate-hint", &[]));
                }
                lines
            }
            Failure::Failed(e) => api_error_lines(l10n, e),
            Failure::Exchange(e) => vec![l10n.error(&Refusal::from(e))],
            Failure::CardInvalid(why) => vec![l10n.error(&Refusal::from(*why))],
            Failure::BadJson { detail } => {
                vec![l10n.message("cli-bad-json", &[("detail", detail)])]
            }
            Failure::InputUnreadable { path, detail }
            | Failure::KeyOrBatchUnreadable { path, detail } => {
                vec![l10n.message("cli-file-unreadable", &[("path", path), ("detail", detail)])]
            }
            Failure::Unwritable { path, detail } => {
                vec![l10n.message("cli-file-unwritable", &[("path", path), ("detail", detail)])]
            }
            Failure::UnknownReprintReason(value) | Failure::UnknownRole(value) => {
                vec![l10n.error(&ProblemKind::InvalidChoice {
                    value: value.clone(),
                })]
            }
            Failure::UserNotTaken => vec![l10n.message("cli-user-not-taken", &[])],
            Failure::DatabaseUrlInvalid => vec![l10n.message("cli-database-url-invalid", &[])],
            Failure::DatabaseTlsUnsupported => {
                vec![l10n.message("cli-database-tls-unsupported", &[])]
            }
            Failure::CentralMemberUnknown(number) => {
                vec![l10n.message("cli-central-member-unknown", &[("member", number)])]
            }
            Failure::InvalidDate(problem) => vec![problem_line(l10n, problem)],
            Failure::StoreDamaged { count } => {
                vec![l10n.message("cli-store-damaged", &[("count", &count.to_string())])]
            }
            Failure::AuditBroken { seq, why } => {
                let why = l10n.message(&format!("audit-break-{}", why.as_str()), &[]);
                let seq = seq.to_string();
                vec![l10n.message("cli-audit-broken", &[("seq", &seq), ("why", &why)])]
            }
            Failure::ImportedAuditBroken {
                office,
                batch,
                seq,
                why,
            } => {
                let why = l10n.message(&format!("exchange-audit-why-{}", why.as_str()), &[]);
                vec![l10n.message(
                    "exchange-audit-broken",
                    &[
                        ("office", office),
                        ("batch", batch),
                        ("seq", &seq.to_string()),
                        ("why", &why),
                    ],
                )]
            }
            // Nothing to say: the reader has gone, and whoever reads stderr asked for less output.
            Failure::OutputClosed => vec![],
        }
    }
}

/// `?` on an API call: a refusal of what was asked.
impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        Failure::Refused(e)
    }
}

/// `?` on the central store: its own refusal.
impl From<ExchangeError> for Failure {
    fn from(e: ExchangeError) -> Failure {
        Failure::Exchange(e)
    }
}

/// One localised line per field problem, or the refusal's own message.
fn api_error_lines(l10n: &Localizer, e: &ApiError) -> Vec<String> {
    if e.problems.is_empty() {
        return vec![l10n.error(&e.refusal)];
    }
    e.problems.iter().map(|p| problem_line(l10n, p)).collect()
}

/// `Field: message`, the field named in the user's language; a list item keeps its path in parentheses.
fn problem_line(l10n: &Localizer, p: &Problem) -> String {
    let field_id = format!("field-{}", p.field.split('.').next().unwrap_or_default());
    let field = if l10n.has_message(&field_id) {
        l10n.message(&field_id, &[])
    } else {
        p.field.clone()
    };
    let field = if p.field.contains('.') {
        format!("{field} ({})", p.field)
    } else {
        field
    };
    let message = l10n.error(&p.kind);
    l10n.message(
        "cli-problem-line",
        &[("field", &field), ("message", &message)],
    )
}

#[cfg(test)]
mod tests {
    use nssf_api::Role;
    use nssf_i18n::Language;

    use super::*;

    /// The exit code and the lines of standard error in English.
    fn check(failure: Failure, exit_code: u8, stderr: &[&str]) {
        let l10n = Localizer::new(Language::En);
        assert_eq!(
            (failure.exit_code(), failure.lines(&l10n)),
            (exit_code, stderr.iter().map(|s| s.to_string()).collect()),
            "{failure:?}"
        );
    }

    fn refused(refusal: Refusal) -> Failure {
        Failure::Refused(refusal.into())
    }

    #[test]
    fn api_refusals() {
        check(
            Failure::Refused(ApiError::invalid(vec![
                Problem::new(
                    "date_of_birth",
                    ProblemKind::DateImpossible {
                        value: "1990-02-30".into(),
                    },
                ),
                Problem::new("documents.1.number", ProblemKind::Required {}),
            ])),
            2,
            &[
                "Date of birth: 30/02/1990 is not a real date.",
                "ID documents (documents.1.number): This field is required.",
            ],
        );
        check(
            refused(Refusal::DuplicateDocument {
                member_no: "0101-01-0000001-5".into(),
                document: "id_card:123".into(),
            }),
            3,
            &[
                "0101-01-0000001-5",
                "This ID document already belongs to member 0101-01-0000001-5.",
            ],
        );
        check(
            refused(Refusal::PossibleDuplicate {
                candidates: vec!["0101-01-0000001-5".into(), "0101-01-0000002-3".into()],
            }),
            4,
            &[
                "A member with the same birth date and a similar name exists: 0101-01-0000001-5, 0101-01-0000002-3. Register anyway?",
                "Run again with --confirm-duplicate to register anyway.",
            ],
        );
        check(
            refused(Refusal::DayClosed {
                date: "2026-11-20".into(),
            }),
            2,
            &["The day 20/11/2026 is closed: no payment or void can be dated into it."],
        );
        check(
            refused(Refusal::PhotoUnsupported {}),
            2,
            &["The photo must be a JPEG, PNG or WebP image."],
        );
        check(
            refused(Refusal::PhotoTooLarge {
                width: 50_000,
                height: 40_000,
            }),
            2,
            &["The photo is too large (50000 × 40000 pixels)."],
        );
        // A malformed member number names nothing that exists: a failure, not input to correct.
        check(
            refused(Refusal::MemberNumberInvalid { value: "12".into() }),
            1,
            &["A member number has 14 digits, like 0101-01-0000001-1."],
        );
        check(
            refused(Refusal::Storage {
                detail: "disk full".into(),
            }),
            1,
            &["The data could not be saved or read (disk full). Nothing was changed."],
        );
        // The demo loader's own applicants are never the user's input: exit 1 whatever the code.
        check(
            Failure::Failed(ApiError::invalid(vec![Problem::new(
                "consent",
                ProblemKind::ConsentMissing {},
            )])),
            1,
            &["Consent: The applicant must give consent."],
        );
    }

    #[test]
    fn exchange_refusals_exit_1() {
        check(
            Failure::Refused(ExchangeError::KeyFileInvalid.into()),
            1,
            &["The key file is invalid."],
        );
        check(
            Failure::Refused(
                ExchangeError::Gap {
                    office: "0101-01".into(),
                    expected: 7,
                    got: 9,
                }
                .into(),
            ),
            1,
            &["Held back: workstation 0101-01 must send change 7 next, but this batch starts at 9. Ask the office for its earlier batch."],
        );
        check(
            refused(Refusal::Forbidden {
                role: Role::Supervisor,
                action: nssf_api::Action::Void,
            }),
            6,
            &["Your role does not allow this."],
        );
        check(
            refused(Refusal::AccountLocked {
                until: "14:35".into(),
            }),
            5,
            &["This account is locked after 5 wrong passwords, until 14:35. An admin can unlock it sooner."],
        );
        check(
            refused(Refusal::PasswordTooShort { min: 10 }),
            2,
            &["The password must have at least 10 characters."],
        );
        check(
            Failure::UnknownRole("chief".into()),
            2,
            &["“chief” is not one of the choices."],
        );
        check(
            Failure::DatabaseUrlInvalid,
            2,
            &["--db must be a PostgreSQL URL: postgres://USER@HOST:PORT/DATABASE (the password from PGPASSWORD or ~/.pgpass)."],
        );
        check(
            Failure::DatabaseTlsUnsupported,
            2,
            &["--db asks for an encrypted connection (sslmode=require, verify-ca or verify-full, or PGSSLMODE), which nssf-desk does not make yet: run it on the database server (a socket folder or 127.0.0.1) or through an SSH tunnel, without sslmode or with sslmode=disable (docs/central-operations.md)."],
        );
        check(
            Failure::Exchange(ExchangeError::KeyFileInvalid),
            1,
            &["The key file is invalid."],
        );
        check(
            Failure::Exchange(ExchangeError::RecordInvalid {
                part: "payments.jsonl".into(),
                line: 3,
                detail: "missing field".into(),
            }),
            1,
            &["Record 3 of payments.jsonl is invalid."],
        );
    }

    #[test]
    fn command_line_failures() {
        check(
            Failure::CardInvalid(CardCheck::BadSignature),
            1,
            &["The signature does not match: the card code was altered or forged."],
        );
        // A genuine card that a reprint replaced: the newer issue named, exit 1 like every card refusal.
        check(
            refused(Refusal::CardReplaced { issue: 3 }),
            1,
            &["This card was replaced by issue 3: ask for the member's latest card."],
        );
        check(
            Failure::BadJson {
                detail: "EOF".into(),
            },
            2,
            &["The registration JSON cannot be read: EOF"],
        );
        check(
            Failure::InputUnreadable {
                path: "a.json".into(),
                detail: "gone".into(),
            },
            2,
            &["The file a.json cannot be read: gone"],
        );
        check(
            Failure::KeyOrBatchUnreadable {
                path: "office.pub".into(),
                detail: "gone".into(),
            },
            1,
            &["The file office.pub cannot be read: gone"],
        );
        check(
            Failure::Unwritable {
                path: "card.pdf".into(),
                detail: "full".into(),
            },
            1,
            &["The file card.pdf cannot be written: full"],
        );
        check(
            Failure::UnknownReprintReason("stolen".into()),
            2,
            &["“stolen” is not one of the choices."],
        );
        let not_a_date = nssf_api::nssf_domain::dates::parse_date("date", "2026-02-30")
            .expect_err("30 February");
        check(
            Failure::InvalidDate(not_a_date),
            2,
            &["Date: 30/02/2026 is not a real date."],
        );
        // The records went in: not exit 1, which says nothing was imported.
        check(
            Failure::ImportedAuditBroken {
                office: "0101-01".into(),
                batch: "2".into(),
                seq: 12,
                why: nssf_exchange::AuditChainBreak::Rewritten,
            },
            7,
            &["The audit trail of 0101-01 does not extend the chain held here: entry 12 is not the one held here: the workstation's trail was rewritten. The records of batch 2 were imported all the same."],
        );
    }
}
