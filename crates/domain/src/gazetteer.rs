//! Provinces, districts and villages (Lao Statistics Bureau codes) from the bundled reference data.
//!
//! Two corrections are applied to the source while loading, so the copied files stay as published:
//! - Bokeo's Lao name is misspelt `ບໍແກ້ວ` in the source; it is `ບໍ່ແກ້ວ`.
//! - Districts 0103, 0610 and 0612 (flagged `village_list_suspect` in la_districts.csv) carry another
//!   district's villages. Their lists are dropped; such districts take a free-text village name.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub code: String,
    pub name_lo: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub code: String,
    pub province_code: String,
    pub name_lo: String,
    pub name_en: String,
    /// False where the source's village list is known to be wrong.
    pub villages_reliable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Village {
    pub code: String,
    pub district_code: String,
    pub name_lo: String,
    pub name_en: String,
}

#[derive(Debug, Clone)]
pub struct Gazetteer {
    provinces: BTreeMap<String, Province>,
    districts: BTreeMap<String, District>,
    villages: HashMap<String, Village>,
    villages_by_district: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("gazetteer JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("districts CSV line {0} is malformed")]
    Csv(usize),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourceRoot {
    provinces_data: Vec<SourceProvince>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourceProvince {
    province_code: String,
    province_lao_name: String,
    districts_data: Vec<SourceDistrict>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourceDistrict {
    district_code: String,
    district_lao_name: String,
    villages_data: Vec<SourceVillage>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourceVillage {
    village_code: String,
    village_lao_name: String,
    village_eng_name: String,
}

const LAO_NAME_FIXES: &[(&str, &str)] = &[("ບໍແກ້ວ", "ບໍ່ແກ້ວ")];

fn fix_lao(name: &str) -> String {
    let fixed = LAO_NAME_FIXES
        .iter()
        .find(|(wrong, _)| *wrong == name)
        .map_or(name, |(_, right)| right);
    unicode_normalization::UnicodeNormalization::nfc(fixed).collect()
}

/// The source's English village names are upper case: "BAN NONGPING" → "Ban Nongping".
fn title_case(upper: &str) -> String {
    upper
        .split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Gazetteer {
    /// Builds the gazetteer from the three source files (JSON tree, provinces CSV, districts CSV).
    pub fn from_sources(
        tree_json: &str,
        provinces_csv: &str,
        districts_csv: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let root: SourceRoot = serde_json::from_str(tree_json)?;
        let mut english: HashMap<String, String> = HashMap::new();
        let mut suspect: Vec<String> = Vec::new();
        for (line_no, line) in provinces_csv
            .lines()
            .enumerate()
            .skip(1)
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split(',').collect();
            let (Some(code), Some(name_en)) = (cols.first(), cols.get(4)) else {
                return Err(GazetteerError::Csv(line_no + 1));
            };
            english.insert(code.to_string(), name_en.to_string());
        }
        for (line_no, line) in districts_csv
            .lines()
            .enumerate()
            .skip(1)
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split(',').collect();
            let (Some(code), Some(name_en), Some(flag)) = (cols.first(), cols.get(6), cols.get(8))
            else {
                return Err(GazetteerError::Csv(line_no + 1));
            };
            english.insert(code.to_string(), name_en.to_string());
            if flag.trim() == "yes" {
                suspect.push(code.to_string());
            }
        }
        let mut g = Gazetteer {
            provinces: BTreeMap::new(),
            districts: BTreeMap::new(),
            villages: HashMap::new(),
            villages_by_district: BTreeMap::new(),
        };
        for p in root.provinces_data {
            let name_en = english.get(&p.province_code).cloned().unwrap_or_default();
            for d in p.districts_data {
                let reliable = !suspect.contains(&d.district_code);
                let mut codes = Vec::new();
                if reliable {
                    for v in d.villages_data {
                        codes.push(v.village_code.clone());
                        g.villages.insert(
                            v.village_code.clone(),
                            Village {
                                code: v.village_code,
                                district_code: d.district_code.clone(),
                                name_lo: fix_lao(&v.village_lao_name),
                                name_en: title_case(&v.village_eng_name),
                            },
                        );
                    }
                }
                g.villages_by_district
                    .insert(d.district_code.clone(), codes);
                g.districts.insert(
                    d.district_code.clone(),
                    District {
                        name_en: english.get(&d.district_code).cloned().unwrap_or_default(),
                        code: d.district_code,
                        province_code: p.province_code.clone(),
                        name_lo: fix_lao(&d.district_lao_name),
                        villages_reliable: reliable,
                    },
                );
            }
            g.provinces.insert(
                p.province_code.clone(),
                Province {
                    code: p.province_code,
                    name_lo: fix_lao(&p.province_lao_name),
                    name_en,
                },
            );
        }
        Ok(g)
    }

    pub fn provinces(&self) -> impl Iterator<Item = &Province> {
        self.provinces.values()
    }

    pub fn province(&self, code: &str) -> Option<&Province> {
        self.provinces.get(code)
    }

    pub fn districts_of(&self, province_code: &str) -> impl Iterator<Item = &District> {
        let province_code = province_code.to_owned();
        self.districts
            .values()
            .filter(move |d| d.province_code == province_code)
    }

    pub fn district(&self, code: &str) -> Option<&District> {
        self.districts.get(code)
    }

    pub fn villages_of(&self, district_code: &str) -> impl Iterator<Item = &Village> {
        self.villages_by_district
            .get(district_code)
            .into_iter()
            .flatten()
            .filter_map(|c| self.villages.get(c))
    }

    pub fn village(&self, code: &str) -> Option<&Village> {
        self.villages.get(code)
    }

    pub fn all_villages(&self) -> impl Iterator<Item = &Village> {
        self.villages_by_district
            .values()
            .flatten()
            .filter_map(|c| self.villages.get(c))
    }
}
