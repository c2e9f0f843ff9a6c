//! Members: registration (one at a time, or in bulk for demos and benchmarks), the member page with its
//! history, and the names printed on cards and receipts. Amendments are in [`crate::corrections`]: identity
//! fields change only when a second person approves.

use chrono::{DateTime, Utc};
use nssf_domain::member::{self, Context};
use nssf_domain::member_no::MemberNumberError;
use nssf_domain::{Draft, MemberNumber, Problem, ProblemKind};
use nssf_i18n::{Language, Localizer};
use nssf_store::{AuditAction, Durability};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::views::Member;
use crate::{office_date, Action, Actor, ApiError, Desk, Refusal};

/// What the person registering has decided beyond the form itself: sent by the window with the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegistrationChoices {
    /// Register even when a member with the same folded name and birth date exists.
    #[serde(default)]
    pub confirm_duplicate: bool,
    /// A supervisor allows a registration date further back than the office's limit.
    #[serde(default)]
    pub allow_backdate: bool,
}

/// A member with everything the member page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberView {
    /// The member as stored.
    pub member: Member,
    /// The member as a form, for amending. The form is the one the window and the CLI send, so it is the
    /// domain's [`Draft`] itself (see its doc).
    pub draft: Draft,
    /// The village in Lao (the typed name where the gazetteer has no list).
    pub village_name_lo: String,
    /// The village in English (the typed name where the gazetteer has no list).
    pub village_name_en: String,
    /// The district in Lao.
    pub district_name_lo: String,
    /// The district in English.
    pub district_name_en: String,
    /// The province in Lao.
    pub province_name_lo: String,
    /// The province in English.
    pub province_name_en: String,
    /// The member's hospital in Lao (from the list it was chosen from if it has left the list in force).
    pub hospital_name_lo: String,
    /// The member's hospital in English (from the list it was chosen from if it has left the list in force).
    pub hospital_name_en: String,
    /// The member's hospital has left the contracted list in force: the member keeps it until a clerk
    /// changes it, and the member page says so.
    pub hospital_withdrawn: bool,
    /// What the member pays this month at the current base.
    pub monthly_contribution_kip: i64,
    /// What was done to the member, oldest first.
    pub history: Vec<HistoryEntry>,
}

/// One line of a member's history: who did what when, and which fields changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryEntry {
    /// RFC 3339.
    pub at: String,
    /// Staff id.
    pub actor: String,
    /// What was done; the window shows `history-<action>`.
    pub action: HistoryAction,
    /// The fields that changed, for the actions that change fields.
    pub changes: Vec<FieldChange>,
}

/// What a line of a member's history records. The JSON text is the audit trail's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum HistoryAction {
    /// The member was registered.
    Registered,
    /// The member's data was amended.
    Amended,
    /// A payment was recorded.
    Paid,
    /// One of the member's receipts was voided.
    Voided,
    /// The member's income base changed from a month on.
    BaseChanged,
    /// A receipt was printed.
    ReceiptPrinted,
    /// A cashier closed a day.
    DayClosed,
    /// The member's photo was set or replaced.
    #[serde(rename = "photo")]
    PhotoChanged,
    /// A card was issued.
    CardIssued,
    /// The central office's key installed here was replaced (the office's own history, not a member's).
    CentralKeyReplaced,
    /// The member's statement was printed.
    StatementPrinted,
    /// A cashier's day sheet was printed (the office's history, not a member's).
    DaySheetPrinted,
    /// A weekly batch was written (the office's history, not a member's).
    BatchWritten,
    /// A batch was handed out again (the office's history, not a member's).
    BatchWrittenAgain,
    /// A staff account was added (a staff account's history, not a member's).
    StaffAdded,
    /// A staff account was disabled (a staff account's history, not a member's).
    StaffDisabled,
    /// A locked staff account was unlocked (a staff account's history, not a member's).
    StaffUnlocked,
    /// An admin reset a staff member's password (a staff account's history, not a member's).
    PasswordReset,
    /// A staff member changed their own password (a staff account's history, not a member's).
    PasswordChanged,
    /// A wrong password was given (a staff account's history, not a member's).
    SignInFailed,
    /// A staff member signed in after wrong passwords (a staff account's history, not a member's).
    SignedIn,
    /// A correction of identity fields was asked for; it waits for a supervisor.
    CorrectionRequested,
    /// A supervisor approved a correction (the `amended` line beside it lists the fields).
    CorrectionApproved,
    /// A supervisor rejected a correction, with a reason.
    CorrectionRejected,
    /// An admin changed the office's settings (the office's history, not a member's).
    SettingsChanged,
    /// The office was restored from a backup as the successor of its old workstation.
    Restored,
    /// The central office's recovery file was applied (the office's history, not a member's).
    Recovered,
    /// The member's application form was printed (again, from the second print on).
    ApplicationFormPrinted,
    /// The office's backup passphrase was set (the office's history, not a member's).
    BackupPassphraseSet,
    /// A backup of the office was written (the office's history, not a member's).
    BackupMade,
}

impl From<AuditAction> for HistoryAction {
    fn from(action: AuditAction) -> HistoryAction {
        match action {
            AuditAction::Registered => HistoryAction::Registered,
            AuditAction::Amended => HistoryAction::Amended,
            AuditAction::Paid => HistoryAction::Paid,
            AuditAction::Voided => HistoryAction::Voided,
            AuditAction::BaseChanged => HistoryAction::BaseChanged,
            AuditAction::ReceiptPrinted => HistoryAction::ReceiptPrinted,
            AuditAction::DayClosed => HistoryAction::DayClosed,
            AuditAction::PhotoChanged => HistoryAction::PhotoChanged,
            AuditAction::CardIssued => HistoryAction::CardIssued,
            AuditAction::CentralKeyReplaced => HistoryAction::CentralKeyReplaced,
            AuditAction::StatementPrinted => HistoryAction::StatementPrinted,
            AuditAction::DaySheetPrinted => HistoryAction::DaySheetPrinted,
            AuditAction::BatchWritten => HistoryAction::BatchWritten,
            AuditAction::BatchWrittenAgain => HistoryAction::BatchWrittenAgain,
            AuditAction::StaffAdded => HistoryAction::StaffAdded,
            AuditAction::StaffDisabled => HistoryAction::StaffDisabled,
            AuditAction::StaffUnlocked => HistoryAction::StaffUnlocked,
            AuditAction::PasswordReset => HistoryAction::PasswordReset,
            AuditAction::PasswordChanged => HistoryAction::PasswordChanged,
            AuditAction::SignInFailed => HistoryAction::SignInFailed,
            AuditAction::SignedIn => HistoryAction::SignedIn,
            AuditAction::CorrectionRequested => HistoryAction::CorrectionRequested,
            AuditAction::CorrectionApproved => HistoryAction::CorrectionApproved,
            AuditAction::CorrectionRejected => HistoryAction::CorrectionRejected,
            AuditAction::SettingsChanged => HistoryAction::SettingsChanged,
            AuditAction::Restored => HistoryAction::Restored,
            AuditAction::Recovered => HistoryAction::Recovered,
            AuditAction::ApplicationFormPrinted => HistoryAction::ApplicationFormPrinted,
            AuditAction::BackupPassphraseSet => HistoryAction::BackupPassphraseSet,
            AuditAction::BackupMade => HistoryAction::BackupMade,
        }
    }
}

/// One field before and after a change, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldChange {
    /// The form field (or what changed: `receipt`, `photo`, `card`, …).
    pub field: String,
    /// The value before, empty when there was none.
    pub before: String,
    /// The value after.
    pub after: String,
}

/// A member's full name with title as printed on cards and receipts: Lao script (ນາງ ເຈົ້າ ນ້ຳໃຈ) and Latin
/// script with the family name in capitals (Ms Chao NAMCHAI). Titles come from `locales/` (`title-mr`,
/// `title-ms`), like every printed word.
pub(crate) fn printed_names(member: &nssf_domain::Member) -> (String, String) {
    let id = match member.title {
        member::Title::Mr => "title-mr",
        member::Title::Ms => "title-ms",
    };
    let title_lo = Localizer::shared(Language::Lo).message(id, &[]);
    let title_en = Localizer::shared(Language::En).message(id, &[]);
    let join = |parts: [&str; 3]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    (
        join([&title_lo, &member.given_name_lo, &member.family_name_lo]),
        join([
            &title_en,
            &member.given_name_latin,
            &member.family_name_latin.to_uppercase(),
        ]),
    )
}

impl Desk {
    fn validate(&self, draft: &Draft, now: DateTime<Utc>) -> Result<nssf_domain::Member, ApiError> {
        self.validate_keeping(draft, now, None)
    }

    /// As [`Desk::validate`], also accepting `kept_hospital`: a member keeps a hospital that has left the
    /// contracted list until a clerk changes it.
    pub(crate) fn validate_keeping(
        &self,
        draft: &Draft,
        now: DateTime<Utc>,
        kept_hospital: Option<&str>,
    ) -> Result<nssf_domain::Member, ApiError> {
        let mut hospitals: Vec<String> = self.hospitals().into_iter().map(|h| h.code).collect();
        hospitals.extend(kept_hospital.map(str::to_owned));
        let national = self.national();
        let cx = Context {
            gazetteer: &self.reference.gazetteer,
            schedule: &national.schedule,
            hospitals: &hospitals,
            today: office_date(now),
        };
        member::validate(draft, &cx).map_err(ApiError::invalid)
    }

    /// Validates without saving: the form's live check.
    pub fn check(&self, draft: &Draft, now: DateTime<Utc>) -> Result<(), ApiError> {
        self.validate(draft, now).map(|_| ())
    }

    /// Registers an applicant. Refuses an ID document already on file (`duplicate-document`, with the
    /// holder's number) and, unless confirmed, a person born the same day whose name a search for this
    /// one finds (`possible-duplicate`, naming the candidates; spelling variants, either script, a typo), and a registration date more than the office's limit back
    /// (`registration-backdated`): callers that have a supervisor's leave use [`Desk::register_with`].
    /// Returns once the member is on disk.
    pub fn register(
        &self,
        actor: &Actor,
        draft: &Draft,
        confirm_duplicate: bool,
        now: DateTime<Utc>,
    ) -> Result<MemberView, ApiError> {
        let choices = RegistrationChoices {
            confirm_duplicate,
            allow_backdate: false,
        };
        self.register_with(actor, draft, choices, now)
    }

    /// Registers an applicant with the choices made explicit: a registration date more than the office's
    /// limit back (`registration_backdate_days`) is refused unless `allow_backdate`, which needs a
    /// supervisor.
    pub fn register_with(
        &self,
        actor: &Actor,
        draft: &Draft,
        choices: RegistrationChoices,
        now: DateTime<Utc>,
    ) -> Result<MemberView, ApiError> {
        let member = self.prepare_registration(actor, draft, choices, now)?;
        let _writing = self.write_turn();
        let stored =
            self.store
                .insert_member(&member, &actor.staff_id, now, Durability::FlushEach)?;
        self.view(stored)
    }

    /// Registers many validated applicants without waiting for the disk each time: the demo generator and
    /// benchmark loaders. Nothing registered this way is durable before [`Desk::flush`]. Duplicate
    /// documents are still refused by the store's transaction. Back-dating needs a supervisor, as at the
    /// counter; the demo calls this at each registration's own date, so it needs none.
    pub fn register_bulk(
        &self,
        actor: &Actor,
        draft: &Draft,
        now: DateTime<Utc>,
    ) -> Result<String, ApiError> {
        let choices = RegistrationChoices {
            confirm_duplicate: true,
            allow_backdate: true,
        };
        let member = self.prepare_registration(actor, draft, choices, now)?;
        let _writing = self.write_turn();
        Ok(self
            .store
            .insert_member(&member, &actor.staff_id, now, Durability::Deferred)?
            .member_no)
    }

    fn prepare_registration(
        &self,
        actor: &Actor,
        draft: &Draft,
        choices: RegistrationChoices,
        now: DateTime<Utc>,
    ) -> Result<nssf_domain::Member, ApiError> {
        actor.require(Action::Register)?;
        let member = self.validate(draft, now)?;
        let days = self.store.office().settings.registration_backdate_days;
        if crate::contributions::back_dated(member.registered_on, office_date(now), days) {
            if !choices.allow_backdate {
                return Err(ApiError::invalid(vec![Problem::new(
                    "registered_on",
                    ProblemKind::RegistrationBackdated {
                        value: crate::contributions::day_month_year(member.registered_on),
                        days,
                    },
                )]));
            }
            actor.require(Action::Backdate)?;
        }
        for doc in member.document_keys() {
            if let Some(holder) = self.store.member_by_document(&doc)? {
                return Err(Refusal::DuplicateDocument {
                    member_no: holder,
                    document: doc,
                }
                .into());
            }
        }
        if !choices.confirm_duplicate {
            // The same matching as the search box (spelling variants, either script, one typo), same birth date.
            let same = self.store.possible_duplicates(&member)?;
            if !same.is_empty() {
                return Err(Refusal::PossibleDuplicate { candidates: same }.into());
            }
        }
        Ok(member)
    }

    /// The stored member of a number as typed (dashes, spaces and Lao digits allowed), or why not.
    pub(crate) fn find(&self, member_no: &str) -> Result<nssf_domain::Member, ApiError> {
        let number = MemberNumber::parse(member_no).map_err(|e| match e {
            MemberNumberError::Shape => Refusal::MemberNumberInvalid {
                value: member_no.to_owned(),
            },
            MemberNumberError::CheckDigit => Refusal::MemberNumberCheckDigit {
                value: member_no.to_owned(),
            },
        })?;
        self.store.member(&number.to_string())?.ok_or_else(|| {
            Refusal::MemberNotFound {
                member_no: member_no.to_owned(),
            }
            .into()
        })
    }

    /// The member page.
    pub fn member(&self, actor: &Actor, member_no: &str) -> Result<MemberView, ApiError> {
        actor.require(Action::Search)?;
        self.member_page(member_no)
    }

    /// The member page, for use cases that checked their own action.
    pub(crate) fn member_page(&self, member_no: &str) -> Result<MemberView, ApiError> {
        let m = self.find(member_no)?;
        self.view(m)
    }

    /// Just the member (for `show --json` and `search --json`).
    pub fn member_record(&self, actor: &Actor, member_no: &str) -> Result<Member, ApiError> {
        actor.require(Action::Search)?;
        self.find(member_no).map(Member::from)
    }

    pub(crate) fn view(&self, member: nssf_domain::Member) -> Result<MemberView, ApiError> {
        let g = &self.reference.gazetteer;
        let village = g.village(&member.village_code);
        let district = g.district(&member.district_code);
        let province = district.and_then(|d| g.province(&d.province_code));
        let in_force = self
            .hospitals()
            .into_iter()
            .find(|h| h.code == member.hospital);
        let hospital_withdrawn = in_force.is_none();
        let hospital = in_force.or_else(|| self.former_hospital(&member.hospital));
        // The schedule's latest row, with the base kept within its floor and ceiling.
        let contribution = self.national().schedule.rows().last().map_or(0, |row| {
            row.contribution_kip(member.income_base_kip.clamp(row.floor_kip, row.ceiling_kip))
        });
        let history = self
            .store
            .history(&member.member_no)?
            .into_iter()
            .map(|a| HistoryEntry {
                at: a.at.to_rfc3339(),
                actor: a.actor,
                action: a.action.into(),
                changes: a
                    .changes
                    .into_iter()
                    .map(|c| FieldChange {
                        field: c.field,
                        before: c.before,
                        after: c.after,
                    })
                    .collect(),
            })
            .collect();
        Ok(MemberView {
            draft: member.to_draft(),
            village_name_lo: village
                .map_or_else(|| member.village_name.clone(), |v| v.name_lo.clone()),
            village_name_en: village
                .map_or_else(|| member.village_name.clone(), |v| v.name_en.clone()),
            district_name_lo: district.map(|d| d.name_lo.clone()).unwrap_or_default(),
            district_name_en: district.map(|d| d.name_en.clone()).unwrap_or_default(),
            province_name_lo: province.map(|p| p.name_lo.clone()).unwrap_or_default(),
            province_name_en: province.map(|p| p.name_en.clone()).unwrap_or_default(),
            hospital_name_lo: hospital
                .as_ref()
                .map(|h| h.name_lo.clone())
                .unwrap_or_default(),
            hospital_name_en: hospital.map(|h| h.name_en).unwrap_or_default(),
            hospital_withdrawn,
            monthly_contribution_kip: contribution,
            history,
            member: member.into(),
        })
    }
}
