//! Reference data bundled with the program: the gazetteer, the contribution schedule and the default
//! hospital list, all from `assets/`. Parsed once per process; immutable.

use std::sync::OnceLock;

use nssf_domain::{Gazetteer, Schedule};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const GAZETTEER_TREE: &str =
    include_str!("../../../assets/gazetteer/laos_province_district_village.json");
const GAZETTEER_PROVINCES: &str = include_str!("../../../assets/gazetteer/la_provinces.csv");
const GAZETTEER_DISTRICTS: &str = include_str!("../../../assets/gazetteer/la_districts.csv");
const SCHEDULE: &str = include_str!("../../../assets/contribution-schedule.json");
const HOSPITALS: &str = include_str!("../../../assets/hospitals.json");

/// A province, district or village as the pickers show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Place {
    pub code: String,
    pub name_lo: String,
    pub name_en: String,
}

/// A district's villages; `reliable` is false where the source list is wrong and a typed name is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VillageList {
    pub reliable: bool,
    pub villages: Vec<Place>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Hospital {
    pub code: String,
    pub name_lo: String,
    pub name_en: String,
}

#[derive(Debug)]
pub struct Reference {
    pub gazetteer: Gazetteer,
    pub schedule: Schedule,
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
