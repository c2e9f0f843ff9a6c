//! The office data folder: first-run setup, opening it, what the office is (district, workstation,
//! settings, hospitals) and making bulk loads durable.

use std::path::Path;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use nssf_domain::{Problem, ProblemKind};
use nssf_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::office_key::OfficeKey;
use crate::{Action, Actor, ApiError, Desk, Hospital, NationalRules, Reference};

/// First-run setup: the office's district and this PC's workstation code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OfficeSetup {
    /// A district code of the gazetteer (`0101`); Lao digits accepted.
    pub district_code: String,
    /// `01` to `99`; Lao digits accepted.
    pub workstation: String,
}

/// The office this folder belongs to, as the window's header and the CLI show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OfficeView {
    /// `DDDD`.
    pub district_code: String,
    /// The district in Lao.
    pub district_name_lo: String,
    /// The district in English.
    pub district_name_en: String,
    /// The province in Lao.
    pub province_name_lo: String,
    /// The province in English.
    pub province_name_en: String,
    /// `WW`, two digits.
    pub workstation: String,
    /// Grouping separator for kip on screen, the office's setting (`,` or `.`), as on its PDFs.
    pub kip_separator: String,
    /// How many days back a registration may be dated without a supervisor's leave: the register form
    /// offers the leave past it.
    pub registration_backdate_days: u32,
}

/// What the app needs at start: the office, or `null` before the first-run setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppState {
    /// `null` until the first-run setup is done.
    pub office: Option<OfficeView>,
}

impl Desk {
    /// Whether `dir` already holds an office.
    /// Opens the store to find out, so it is for tools and tests; the app opens once with [`Desk::open`]
    /// and treats `not-initialised` as "no office yet".
    pub fn exists(dir: &Path) -> bool {
        Store::open(dir).is_ok()
    }

    /// Creates the office data folder (first-run setup or `nssf-desk init`).
    pub fn init(
        dir: &Path,
        setup: &OfficeSetup,
        actor: &Actor,
        _now: DateTime<Utc>,
    ) -> Result<Desk, ApiError> {
        actor.require(Action::OfficeSettings)?;
        let reference = Reference::bundled();
        let district = nssf_domain::text::ascii_digits(setup.district_code.trim());
        let mut problems = Vec::new();
        if reference.gazetteer.district(&district).is_none() {
            problems.push(Problem::new(
                "district_code",
                ProblemKind::UnknownDistrict {
                    value: district.clone(),
                },
            ));
        }
        let ws = nssf_domain::text::ascii_digits(setup.workstation.trim());
        let workstation = ws
            .parse::<u8>()
            .ok()
            .filter(|w| (1..=99).contains(w) && ws.len() <= 2);
        if workstation.is_none() {
            problems.push(Problem::new(
                "workstation",
                ProblemKind::WorkstationInvalid { value: ws.clone() },
            ));
        }
        let (Some(workstation), true) = (workstation, problems.is_empty()) else {
            return Err(ApiError::invalid(problems));
        };
        let hospitals = reference
            .default_hospitals
            .iter()
            .map(|h| nssf_store::Hospital {
                code: h.code.clone(),
                name_lo: h.name_lo.clone(),
                name_en: h.name_en.clone(),
            })
            .collect();
        std::fs::create_dir_all(dir).map_err(ApiError::storage)?;
        let office = nssf_store::Office {
            district_code: district,
            workstation,
            hospitals,
            settings: Default::default(),
        };
        let store = Store::create(dir, &office)?;
        // Only once the store exists: a folder that holds an office already was refused just above, so
        // its key, even a missing one, is never replaced by a setup run on it.
        let key = OfficeKey::create(dir)?;
        crate::reopen::keep_reserve(dir);
        Ok(Desk {
            store,
            reference,
            national: RwLock::new(Arc::new(NationalRules::bundled())),
            key,
            writes: Default::default(),
        })
    }

    /// Opens an existing office data folder; `not-initialised` when it holds no office yet.
    pub fn open(dir: &Path) -> Result<Desk, ApiError> {
        // On a disk too full for sled to open, its reserve is given up and opening tried again.
        crate::reopen::open_with_reserve(dir, Desk::open_once)
    }

    /// [`Desk::open`], reporting the progress of the store's schema 5 upgrade (`docs/store-layout.md`)
    /// when the folder needs it: the command line's and the window's progress bars. `progress` is not
    /// called for a folder already upgraded.
    pub fn open_upgrading(
        dir: &Path,
        progress: &(dyn Fn(nssf_store::UpgradeProgress) + Sync),
    ) -> Result<Desk, ApiError> {
        let upgrade = nssf_store::Upgrade {
            progress,
            available_bytes: None,
        };
        crate::reopen::open_with_reserve(dir, |dir| {
            Desk::open_store(dir, Store::open_upgrading(dir, &upgrade)?)
        })
    }

    fn open_once(dir: &Path) -> Result<Desk, ApiError> {
        Desk::open_store(dir, Store::open(dir)?)
    }

    fn open_store(dir: &Path, store: Store) -> Result<Desk, ApiError> {
        // Space held back for opening on a full disk (`reopen.rs`).
        crate::reopen::keep_reserve(dir);
        // Never made here: a missing or damaged key is `office-key-unreadable`, restored from a backup.
        let key = OfficeKey::load(dir)?;
        let national = NationalRules::of_store(&store)?;
        Ok(Desk {
            store,
            reference: Reference::bundled(),
            national: RwLock::new(Arc::new(national)),
            key,
            writes: Default::default(),
        })
    }

    /// The reference data bundled with the program (gazetteer, schedule, default hospitals). The schedule and
    /// hospitals in force in this office are [`Desk::national`]'s.
    pub fn reference(&self) -> &'static Reference {
        self.reference
    }

    /// The office this folder belongs to.
    pub fn office(&self) -> OfficeView {
        let office = self.store.office();
        // The district was checked against this same gazetteer at setup; names are empty only if a later
        // gazetteer dropped it, and the office's codes stay right either way.
        let district = self.reference.gazetteer.district(&office.district_code);
        let province = district.and_then(|d| self.reference.gazetteer.province(&d.province_code));
        OfficeView {
            district_name_lo: district.map(|d| d.name_lo.clone()).unwrap_or_default(),
            district_name_en: district.map(|d| d.name_en.clone()).unwrap_or_default(),
            province_name_lo: province.map(|p| p.name_lo.clone()).unwrap_or_default(),
            province_name_en: province.map(|p| p.name_en.clone()).unwrap_or_default(),
            kip_separator: office.settings.kip_separator.to_string(),
            registration_backdate_days: office.settings.registration_backdate_days,
            district_code: office.district_code.clone(),
            workstation: format!("{:02}", office.workstation),
        }
    }

    /// The hospitals this office's forms offer: the contracted hospitals of the reference file in force,
    /// or the office's first-run list before any.
    pub fn hospitals(&self) -> Vec<Hospital> {
        if let Some(hospitals) = &self.national().hospitals {
            return hospitals.clone();
        }
        self.store
            .office()
            .hospitals
            .iter()
            .map(|h| Hospital {
                code: h.code.clone(),
                name_lo: h.name_lo.clone(),
                name_en: h.name_en.clone(),
            })
            .collect()
    }

    /// Blocks until everything written so far is on disk: the end of a bulk load
    /// ([`Desk::register_bulk`]). Every other call that changes data is durable when it returns.
    pub fn flush(&self) -> Result<(), ApiError> {
        Ok(self.store.flush()?)
    }
}

/// The settings an admin may change from the window or the command line, with what each may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettingsView {
    /// Minutes without activity before the window locks its session; 0 never locks.
    pub idle_lock_minutes: u32,
    /// Days before today a payment may be dated without a supervisor's leave.
    pub payment_backdate_days: u32,
    /// Days before today a registration may be dated without a supervisor's leave.
    pub registration_backdate_days: u32,
    /// Months in arrears from which a member counts as lapsed in the reports.
    pub lapsed_after_months: u32,
}

/// A change of settings: each `Some` replaces that setting, each `None` keeps it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SettingsChange {
    /// See [`SettingsView::idle_lock_minutes`]: 0 to 240.
    pub idle_lock_minutes: Option<u32>,
    /// See [`SettingsView::payment_backdate_days`]: 0 to 366.
    pub payment_backdate_days: Option<u32>,
    /// See [`SettingsView::registration_backdate_days`]: 0 to 366.
    pub registration_backdate_days: Option<u32>,
    /// See [`SettingsView::lapsed_after_months`]: 1 to 36.
    pub lapsed_after_months: Option<u32>,
}

/// What each changeable setting may be: (field, least, most). Four hours of idle time is a long lunch;
/// a back-dating leave over a year would make the supervisor's check meaningless. Lapsed after 0 months
/// would count everyone as lapsed; after more than three years, nobody the outreach could still reach.
const SETTING_RANGES: [(&str, u32, u32); 4] = [
    ("idle_lock_minutes", 0, 240),
    ("payment_backdate_days", 0, 366),
    ("registration_backdate_days", 0, 366),
    ("lapsed_after_months", 1, 36),
];

impl SettingsView {
    fn of(settings: &nssf_store::Settings) -> SettingsView {
        SettingsView {
            idle_lock_minutes: settings.idle_lock_minutes,
            payment_backdate_days: settings.payment_backdate_days,
            registration_backdate_days: settings.registration_backdate_days,
            lapsed_after_months: settings.lapsed_after_months,
        }
    }
}

impl Desk {
    /// The office's changeable settings as they are now.
    pub fn settings(&self) -> SettingsView {
        SettingsView::of(&self.store.office().settings)
    }

    /// Changes the office's settings (an admin's: `office-settings`); every value is checked before
    /// anything is written, and the change is audited (`settings-changed`, each setting before and after).
    pub fn set_settings(
        &self,
        actor: &Actor,
        change: &SettingsChange,
        now: DateTime<Utc>,
    ) -> Result<SettingsView, ApiError> {
        actor.require(Action::OfficeSettings)?;
        let given = [
            change.idle_lock_minutes,
            change.payment_backdate_days,
            change.registration_backdate_days,
            change.lapsed_after_months,
        ];
        let problems: Vec<Problem> = SETTING_RANGES
            .iter()
            .zip(given)
            .filter_map(|(&(field, min, max), value)| {
                let value = value?;
                (!(min..=max).contains(&value)).then(|| {
                    Problem::new(field, ProblemKind::SettingOutOfRange { value, min, max })
                })
            })
            .collect();
        if !problems.is_empty() {
            return Err(ApiError::invalid(problems));
        }
        let mut settings = self.store.office().settings.clone();
        if let Some(minutes) = change.idle_lock_minutes {
            settings.idle_lock_minutes = minutes;
        }
        if let Some(days) = change.payment_backdate_days {
            settings.payment_backdate_days = days;
        }
        if let Some(days) = change.registration_backdate_days {
            settings.registration_backdate_days = days;
        }
        if let Some(months) = change.lapsed_after_months {
            settings.lapsed_after_months = months;
        }
        let _writing = self.write_turn();
        let office = self.store.set_settings(&settings, &actor.staff_id, now)?;
        Ok(SettingsView::of(&office.settings))
    }
}
