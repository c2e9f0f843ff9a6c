//! Reference data: what is bundled with the program (the gazetteer, the contribution schedule and the
//! default hospital list, all from `assets/`, parsed once per process), and the national rules in force in
//! an office ([`NationalRules`]): the central office's signed reference file applied last
//! (`docs/reference-format.md`), or the bundled defaults until one is.

use std::sync::{Arc, OnceLock, PoisonError};

use chrono::{DateTime, NaiveDate, Utc};
use nssf_domain::{Gazetteer, Schedule};
use nssf_exchange::reference::{Benefit, ReferenceBody};
use nssf_exchange::ExchangeError;
use nssf_store::{AppliedReference, ReferencePlace, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Action, Actor, ApiError, Desk};

const GAZETTEER_TREE: &str =
    include_str!("../../../assets/gazetteer/laos_province_district_village.json");
const GAZETTEER_PROVINCES: &str = include_str!("../../../assets/gazetteer/la_provinces.csv");
const GAZETTEER_DISTRICTS: &str = include_str!("../../../assets/gazetteer/la_districts.csv");
const SCHEDULE: &str = include_str!("../../../assets/contribution-schedule.json");
const HOSPITALS: &str = include_str!("../../../assets/hospitals.json");

/// A province, district or village as the pickers show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Place {
    /// The gazetteer's code (`PP`, `PPDD`, `PPDDVVV`).
    pub code: String,
    /// Name in Lao.
    pub name_lo: String,
    /// Name in English.
    pub name_en: String,
}

/// A district's villages; `reliable` is false where the source list is wrong and a typed name is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VillageList {
    /// False where the source list is known to be wrong: the form takes a typed village name.
    pub reliable: bool,
    /// The villages, by Lao name.
    pub villages: Vec<Place>,
}

/// A hospital a member can choose (the office's list; the bundled defaults at setup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Hospital {
    /// Short code, stored on the member.
    pub code: String,
    /// Name in Lao.
    pub name_lo: String,
    /// Name in English.
    pub name_en: String,
}

/// The reference data bundled with the program.
#[derive(Debug)]
pub struct Reference {
    /// Provinces, districts and villages, with the source's corrections.
    pub gazetteer: Gazetteer,
    /// Effective-dated contribution rate, floor and ceiling.
    pub schedule: Schedule,
    /// The hospital list a new office starts with.
    pub default_hospitals: Vec<Hospital>,
}

impl Reference {
    /// The data shipped in `assets/`. The files are part of the build and covered by tests, so a failure
    /// to parse them is a build defect, not a user error.
    pub fn bundled() -> &'static Reference {
        static BUNDLED: OnceLock<Reference> = OnceLock::new();
        BUNDLED.get_or_init(|| Reference {
            gazetteer: Gazetteer::from_sources(
                GAZETTEER_TREE,
                GAZETTEER_PROVINCES,
                GAZETTEER_DISTRICTS,
            )
            .expect("bundled gazetteer parses"),
            schedule: Schedule::from_json(SCHEDULE).expect("bundled schedule parses"),
            default_hospitals: serde_json::from_str(HOSPITALS).expect("bundled hospitals parse"),
        })
    }

    /// Every province, in the gazetteer's order.
    pub fn provinces(&self) -> Vec<Place> {
        self.gazetteer
            .provinces()
            .map(|p| Place {
                code: p.code.clone(),
                name_lo: p.name_lo.clone(),
                name_en: p.name_en.clone(),
            })
            .collect()
    }

    /// The districts of a province, in the gazetteer's order (none for an unknown code).
    pub fn districts(&self, province_code: &str) -> Vec<Place> {
        self.gazetteer
            .districts_of(province_code)
            .map(|d| Place {
                code: d.code.clone(),
                name_lo: d.name_lo.clone(),
                name_en: d.name_en.clone(),
            })
            .collect()
    }

    /// The villages of a district, by Lao name, and whether the list can be trusted.
    pub fn villages(&self, district_code: &str) -> VillageList {
        let reliable = self
            .gazetteer
            .district(district_code)
            .is_some_and(|d| d.villages_reliable);
        let mut villages: Vec<Place> = self
            .gazetteer
            .villages_of(district_code)
            .map(|v| Place {
                code: v.code.clone(),
                name_lo: v.name_lo.clone(),
                name_en: v.name_en.clone(),
            })
            .collect();
        villages.sort_by(|a, b| a.name_lo.cmp(&b.name_lo));
        VillageList { reliable, villages }
    }
}

/// The national rules in force in an office: those of the central office's reference file applied last,
/// or, before any, the bundled schedule and the office's first-run hospital list.
#[derive(Debug, Clone)]
pub struct NationalRules {
    /// The issue in force; `None` while the bundled defaults are.
    pub issue: Option<u64>,
    /// The day the central office issued it.
    pub issued_on: Option<NaiveDate>,
    /// The contribution schedule the ledger applies.
    pub schedule: Schedule,
    /// The contracted hospitals a member may choose; `None` while the office's own list is in force.
    pub hospitals: Option<Vec<Hospital>>,
    /// The benefit texts and figures of the outreach work (kept for it; not yet shown).
    pub benefits: Vec<Benefit>,
}

impl NationalRules {
    /// The bundled defaults.
    pub fn bundled() -> NationalRules {
        NationalRules {
            issue: None,
            issued_on: None,
            schedule: Reference::bundled().schedule.clone(),
            hospitals: None,
            benefits: Vec::new(),
        }
    }

    /// The rules of a reference file already checked.
    fn from_body(body: &ReferenceBody) -> Result<NationalRules, ApiError> {
        let content = body.content();
        Ok(NationalRules {
            issue: Some(body.issue),
            issued_on: Some(body.issued_on),
            schedule: content.domain_schedule()?,
            hospitals: Some(
                content
                    .hospitals
                    .iter()
                    .map(|h| Hospital {
                        code: h.code.clone(),
                        name_lo: h.name_lo.clone(),
                        name_en: h.name_en.clone(),
                    })
                    .collect(),
            ),
            benefits: content.benefits,
        })
    }

    /// The rules in force in a store: its last applied reference file (checked when it was applied, read
    /// again here without the key), or the bundled defaults.
    pub(crate) fn of_store(store: &Store) -> Result<NationalRules, ApiError> {
        match store.applied_reference()? {
            Some(applied) => {
                let body = nssf_exchange::reference::read_stored(applied.file.as_bytes())
                    .map_err(ApiError::storage)?;
                NationalRules::from_body(&body)
            }
            None => Ok(NationalRules::bundled()),
        }
    }
}

/// What importing a reference file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ReferenceOutcome {
    /// The file is now in force.
    Applied,
    /// This very file was in force already: nothing changed.
    AlreadyApplied,
}

/// The reference file imported, as the window and the CLI report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReferenceImported {
    /// Applied, or already in force.
    pub outcome: ReferenceOutcome,
    /// The central office's issue number.
    #[ts(type = "number")]
    pub issue: u64,
    /// The day it was issued, `YYYY-MM-DD`.
    pub issued_on: String,
    /// Rows of the schedule.
    pub schedule_rows: u32,
    /// Contracted hospitals.
    pub hospitals: u32,
    /// Benefits described.
    pub benefits: u32,
}

impl Desk {
    /// A hospital no longer in the list in force, by code, from the lists a member may have chosen it from:
    /// the office's first-run list, then the bundled defaults.
    pub(crate) fn former_hospital(&self, code: &str) -> Option<Hospital> {
        let office = self.store.office();
        let office = office.hospitals.iter().map(|h| Hospital {
            code: h.code.clone(),
            name_lo: h.name_lo.clone(),
            name_en: h.name_en.clone(),
        });
        office
            .chain(Reference::bundled().default_hospitals.iter().cloned())
            .find(|h| h.code == code)
    }

    /// The national rules in force now (a snapshot: a reference imported meanwhile applies to the next
    /// call).
    pub fn national(&self) -> Arc<NationalRules> {
        Arc::clone(&self.national.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Applies the central office's signed reference file: checked against the central office's key
    /// installed here, then put in force if its issue is newer than the one in force. Nothing changes for
    /// a bad signature, invalid content or an older issue; the very file in force again is
    /// `already-applied`. Payments already made keep their amounts (receipts are never recomputed).
    pub fn import_reference(
        &self,
        actor: &Actor,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<ReferenceImported, ApiError> {
        actor.require(Action::ImportReference)?;
        let central = self
            .central_key()?
            .ok_or_else(|| ApiError::from(ExchangeError::NoCentralKey))?;
        let file = nssf_exchange::reference::open(bytes, &central.verifying)?;
        let rules = NationalRules::from_body(&file.body)?;
        let text = std::str::from_utf8(bytes)
            .map_err(|_| ApiError::from(ExchangeError::ReferenceInvalid("not UTF-8".into())))?;
        let applied = AppliedReference {
            issue: file.body.issue,
            sha256: file.sha256.clone(),
            applied_at: now,
            file: text.to_owned(),
        };
        let _writing = self.write_turn();
        let outcome = match self.store.apply_reference(&applied)? {
            ReferencePlace::Applied => {
                *self
                    .national
                    .write()
                    .unwrap_or_else(PoisonError::into_inner) = Arc::new(rules);
                ReferenceOutcome::Applied
            }
            ReferencePlace::AlreadyApplied => ReferenceOutcome::AlreadyApplied,
            ReferencePlace::Outdated { applied } => {
                return Err(ExchangeError::ReferenceOutdated {
                    issue: file.body.issue,
                    applied,
                }
                .into())
            }
        };
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(ReferenceImported {
            outcome,
            issue: file.body.issue,
            issued_on: file.body.issued_on.to_string(),
            schedule_rows: count(file.body.schedule.len()),
            hospitals: count(file.body.hospitals.len()),
            benefits: count(file.body.benefits.len()),
        })
    }
}
