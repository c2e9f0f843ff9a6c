//! The office record (`office` in `meta`): which office and workstation a data folder belongs to, its
//! hospitals and settings. Written once by [`Store::create`](crate::Store::create), read once at open.

use std::sync::{Arc, PoisonError};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::abort;
use sled::{Transactional, Tree};

use crate::changelog::{AuditAction, FieldChange, Journal};
use crate::encoding::{decode, encode};
use crate::trees::flatten;
use crate::{Store, StoreError};

/// The audit trail's target of office-settings changes.
pub const SETTINGS_TARGET: &str = "office/settings";

/// The key of the office record in `meta`.
const OFFICE_KEY: &[u8] = b"office";

/// The office a data folder belongs to: fixed at `init`, part of every number issued here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    /// The district's four-digit code (`0101`): the first part of every member and receipt number.
    pub district_code: String,
    /// This workstation's number within the district (1–99): the second part of those numbers.
    pub workstation: u8,
    /// Hospital codes offered on this workstation's forms; a supervisor may change them.
    pub hospitals: Vec<Hospital>,
    /// Settings of the office; stores created before a setting existed read its default.
    #[serde(default)]
    pub settings: Settings,
}

impl Office {
    /// The district as the number member and receipt numbers carry.
    pub(crate) fn district(&self) -> Result<u16, StoreError> {
        let code = &self.district_code;
        match code.parse::<u16>() {
            Ok(district) if code.len() <= 4 && code.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(district)
            }
            Ok(_) | Err(_) => Err(StoreError::DistrictCodeInvalid(code.clone())),
        }
    }
}

/// What the scheme leaves to the office (rules marked unconfirmed in the product notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Payment methods offered at the counter; `cash` is the one counted in the drawer.
    pub payment_methods: Vec<String>,
    /// How many months after the current one a payment may cover.
    pub max_months_ahead: u32,
    /// How many months one receipt may cover.
    pub max_months_per_receipt: u32,
    /// Grouping separator for kip on screen and paper: `,` or `.`.
    pub kip_separator: char,
    /// How many days before today a payment may be dated without a supervisor's leave.
    pub payment_backdate_days: u32,
    /// How many days before today a registration may be dated without a supervisor's leave.
    pub registration_backdate_days: u32,
    /// Minutes without a command after which the window locks its session (issue 11: a counter PC is
    /// left unattended). Stores written before the setting existed read the default (`serde(default)`).
    pub idle_lock_minutes: u32,
    /// How many months of arrears make a member lapsed in the reports (issue 14: "lapsed = 3+ months of
    /// arrears, a setting"; the scheme's own rule is unconfirmed). Stores written before the setting
    /// existed read the default (`serde(default)`).
    pub lapsed_after_months: u32,
    /// The folder the window writes a backup into at each day close (a USB stick), as the admin chose
    /// or typed it; empty: no automatic backup (issue 12). Stores from before read empty.
    pub backup_folder: String,
    /// How many of this office's backups the backup folder keeps: after each backup written there, the
    /// oldest beyond this many are removed (issue 12: "keeping the last N", default 10).
    pub backups_kept: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            payment_methods: vec!["cash".into(), "bank".into(), "mobile".into()],
            max_months_ahead: 12,
            max_months_per_receipt: 36,
            kip_separator: ',',
            payment_backdate_days: 7,
            registration_backdate_days: 31,
            idle_lock_minutes: 10,
            lapsed_after_months: 3,
            backup_folder: String::new(),
            backups_kept: 10,
        }
    }
}

/// A hospital a member may choose for medical care.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hospital {
    /// The hospital's code, as the member record keeps it.
    pub code: String,
    /// Its name in Lao.
    pub name_lo: String,
    /// Its name in English.
    pub name_en: String,
}

/// The office record, if the folder has one.
pub(crate) fn read(meta: &Tree) -> Result<Option<Office>, StoreError> {
    meta.get(OFFICE_KEY)?
        .map(|bytes| decode(meta, OFFICE_KEY, &bytes))
        .transpose()
}

/// Writes the office record (not flushed: the caller flushes once with the rest of the setup).
pub(crate) fn write(meta: &Tree, office: &Office) -> Result<(), StoreError> {
    meta.insert(OFFICE_KEY, encode(meta, office)?)?;
    Ok(())
}

/// Whether the folder's store has an office record (readable or not).
pub(crate) fn is_recorded(meta: &Tree) -> Result<bool, StoreError> {
    Ok(meta.contains_key(OFFICE_KEY)?)
}

/// Each setting whose value differs between `before` and `after`, as the audit trail lists them.
fn settings_changes(before: &Settings, after: &Settings) -> Vec<FieldChange> {
    let text = |s: &Settings| -> Vec<(&'static str, String)> {
        vec![
            ("payment_methods", s.payment_methods.join(",")),
            ("max_months_ahead", s.max_months_ahead.to_string()),
            (
                "max_months_per_receipt",
                s.max_months_per_receipt.to_string(),
            ),
            ("kip_separator", s.kip_separator.to_string()),
            ("payment_backdate_days", s.payment_backdate_days.to_string()),
            (
                "registration_backdate_days",
                s.registration_backdate_days.to_string(),
            ),
            ("idle_lock_minutes", s.idle_lock_minutes.to_string()),
            ("lapsed_after_months", s.lapsed_after_months.to_string()),
            ("backup_folder", s.backup_folder.clone()),
            ("backups_kept", s.backups_kept.to_string()),
        ]
    };
    text(before)
        .into_iter()
        .zip(text(after))
        .filter(|((_, b), (_, a))| b != a)
        .map(|((field, before), (_, after))| FieldChange {
            field: field.to_owned(),
            before,
            after,
        })
        .collect()
}

impl Store {
    /// Replaces the office's settings (an admin's change; the caller checks the values), with an audit
    /// entry `settings-changed` listing each setting that changed, in one transaction; then the office
    /// every later call reads. Nothing is written when nothing changes. Settings stay in the office: they
    /// do not travel in the weekly batch.
    pub fn set_settings(
        &self,
        settings: &Settings,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Arc<Office>, StoreError> {
        let trees = &self.trees;
        let mut slot = self.office.write().unwrap_or_else(PoisonError::into_inner);
        let mut office = Office::clone(&slot);
        let fields = settings_changes(&office.settings, settings);
        if fields.is_empty() {
            return Ok(Arc::clone(&slot));
        }
        office.settings = settings.clone();
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
        )
            .transaction(|(meta, changes, audit, audit_by_target)| {
                let bytes = encode(&trees.meta, &office).or_else(abort)?;
                meta.insert(OFFICE_KEY, bytes)?;
                let journal = Journal {
                    trees,
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                };
                journal.audit(
                    at,
                    actor,
                    AuditAction::SettingsChanged,
                    SETTINGS_TARGET,
                    fields.clone(),
                )
            });
        flatten(result)?;
        self.durable()?;
        *slot = Arc::new(office);
        Ok(Arc::clone(&slot))
    }
}
