//! Synthetic but realistic applicants for demos, training and benchmarks: Lao names with their usual Latin
//! spellings, gazetteer villages, ages 15–60, every occupation. Deterministic for a seed.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use nssf_domain::{Draft, DraftDependant, DraftDocument, TextOrNumber};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::Reference;

const MALE: &[(&str, &str)] = &[
    ("ສົມສັກ", "Somsak"),
    ("ບຸນມີ", "Bounmy"),
    ("ຄຳພອນ", "Khamphone"),
    ("ສີສຸພັນ", "Sisouphanh"),
    ("ບົວພັນ", "Bouaphanh"),
    ("ທອງດີ", "Thongdy"),
    ("ສຸລິຍາ", "Souliya"),
    ("ພູວົງ", "Phouvong"),
    ("ແສງທອງ", "Sengthong"),
    ("ອານຸສອນ", "Anousone"),
    ("ໄຊຍະສິດ", "Xayasith"),
    ("ສົມພອນ", "Somphone"),
    ("ຄຳແພງ", "Khamphaeng"),
    ("ບຸນທັນ", "Bounthanh"),
    ("ເພັດສະໝອນ", "Phetsamone"),
    ("ວັນໄຊ", "Vanxay"),
    ("ສຸກສະຫວັນ", "Souksavanh"),
    ("ຄຳຫຼ້າ", "Khamla"),
    ("ບຸນເຫຼືອ", "Bounleua"),
    ("ທອງສຸກ", "Thongsouk"),
    ("ສີສະຫວາດ", "Sisavath"),
    ("ວຽງໄຊ", "Viengxay"),
    ("ຈັນສະໝອນ", "Chansamone"),
    ("ເຈົ້າຄຳ", "Chaokham"),
];
const FEMALE: &[(&str, &str)] = &[
    ("ມະນີວັນ", "Manivanh"),
    ("ສົມຈິດ", "Somchith"),
    ("ບົວຄຳ", "Bouakham"),
    ("ແກ້ວ", "Keo"),
    ("ນ້ອຍ", "Noy"),
    ("ເພັງ", "Pheng"),
    ("ວິໄລວັນ", "Vilayvanh"),
    ("ອຳພອນ", "Amphone"),
    ("ສີດາ", "Sida"),
    ("ຈັນທະລາ", "Chanthala"),
    ("ດາວເຮືອງ", "Daoheuang"),
    ("ພອນສະຫວັນ", "Phonsavanh"),
    ("ນ້ຳເພັດ", "Namphet"),
    ("ທິບພະວັນ", "Thipphavanh"),
    ("ແສງເດືອນ", "Sengdeuane"),
    ("ນ້ຳໃຈ", "Namchai"),
    ("ເຈົ້າ", "Chao"),
    ("ຫຼ້າ", "La"),
    ("ບຸນຍັງ", "Bounyang"),
    ("ໜູພິນ", "Nouphin"),
    ("ມາລີ", "Maly"),
    ("ສຸດາວັນ", "Soudavanh"),
    ("ວັນນະພອນ", "Vannaphone"),
    ("ອຸໄລ", "Oulay"),
];
const FAMILY: &[(&str, &str)] = &[
    ("ພົມມະວົງ", "Phommavong"),
    ("ສີສຸວັນ", "Sisouvanh"),
    ("ວົງສາ", "Vongsa"),
    ("ແກ້ວມະນີ", "Keomany"),
    ("ສຸລິວົງ", "Soulivong"),
    ("ໄຊຍະວົງ", "Xayavong"),
    ("ອິນທະວົງ", "Inthavong"),
    ("ພິລາວັນ", "Philavanh"),
    ("ຈັນທະວົງ", "Chanthavong"),
    ("ດວງມາລາ", "Douangmala"),
    ("ສີຫາລາດ", "Sihalath"),
    ("ບຸບຜາ", "Boupha"),
    ("ລາດສະວົງ", "Latsavong"),
    ("ຄຳມະນີ", "Khammany"),
    ("ເພັດສະຫວັນ", "Phetsavanh"),
    ("ທຳມະວົງ", "Thammavong"),
    ("ສຸວັນນະລາດ", "Souvannalath"),
    ("ວິລະວົງ", "Vilavong"),
    ("ຫຼວງລາດ", "Louanglath"),
    ("ໜໍ່ແກ້ວ", "Norkeo"),
    ("ແສງມະນີ", "Sengmany"),
    ("ຄຳວົງສາ", "Khamvongsa"),
    ("ບົວລະພາ", "Boualapha"),
    ("ສີວິໄລ", "Sivilay"),
    ("ໄຊສົມບັດ", "Xaysombath"),
    ("ພູມມາລາ", "Phoummala"),
    ("ດາລາວົງ", "Dalavong"),
    ("ມີໄຊ", "Mixay"),
];
const OCCUPATIONS: &[&str] = &[
    "home_based",
    "vendor",
    "farmer",
    "driver",
    "artisan",
    "trader",
    "domestic",
    "other",
];

/// Generates applicants one after another; the same seed gives the same sequence.
#[derive(Debug)]
pub struct DemoApplicants {
    rng: ChaCha8Rng,
    villages: Vec<(String, String)>,
    hospitals: Vec<String>,
    today: NaiveDate,
    seed: u64,
    index: u64,
}

impl DemoApplicants {
    /// A generator over the bundled villages and the office's `hospitals`, registering people up to two
    /// years before `today`; `seed` decides everything else.
    pub fn new(
        reference: &Reference,
        hospitals: Vec<String>,
        seed: u64,
        today: NaiveDate,
    ) -> DemoApplicants {
        let mut villages: Vec<(String, String)> = reference
            .gazetteer
            .all_villages()
            .map(|v| (v.code.clone(), v.district_code.clone()))
            .collect();
        villages.sort();
        DemoApplicants {
            rng: ChaCha8Rng::seed_from_u64(seed),
            villages,
            hospitals,
            today,
            seed,
            index: 0,
        }
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.rng.random_range(0..list.len())]
    }

    /// The next `count` applicants in the order they came to the counter, each with the instant of its
    /// registration: the demo writes its history through the API as it would have happened, each record at
    /// its own date, so the counter's rules on back-dating hold for it as for a clerk.
    pub fn history(&mut self, count: u64) -> Vec<(Draft, DateTime<Utc>)> {
        let mut drafts: Vec<(Draft, DateTime<Utc>)> = (0..count)
            .map(|_| {
                let draft = self.next_draft();
                let on = NaiveDate::parse_from_str(&draft.registered_on, "%Y-%m-%d")
                    .unwrap_or(self.today);
                (draft, at_counter(on))
            })
            .collect();
        drafts.sort_by_key(|(_, at)| *at);
        drafts
    }

    /// The next applicant. ID numbers embed the seed and a sequence, so they are unique per seed.
    pub fn next_draft(&mut self) -> Draft {
        self.index += 1;
        let female = self.rng.random_bool(0.5);
        let (given_lo, given_latin) = *self.pick(if female { FEMALE } else { MALE });
        let (family_lo, family_latin) = *self.pick(FAMILY);
        // Registered within the last 2 years but not before the current floor took effect.
        let earliest = NaiveDate::from_ymd_opt(2024, 10, 1)
            .unwrap_or(self.today)
            .max(self.today - Days::new(730));
        let span = (self.today - earliest).num_days().max(0) as u64;
        let registered_on = earliest + Days::new(self.rng.random_range(0..=span));
        let age_days = self.rng.random_range(15 * 366 + 1..60 * 365);
        let born = registered_on - Days::new(age_days);
        let village = self.villages[self.rng.random_range(0..self.villages.len())]
            .0
            .clone();
        let occupation = *self.pick(OCCUPATIONS);
        let base = 2_500_000 + 100_000 * self.rng.random_range(0..=20i64);
        // Lao mobile numbers: 020, then a subscriber number whose first digit the networks use.
        let mobile =
            *self.pick(&[2u64, 5, 7, 9]) * 10_000_000 + self.rng.random_range(0..10_000_000u64);
        let hospital = self.hospitals[self.rng.random_range(0..self.hospitals.len())].clone();
        let mut documents = vec![DraftDocument {
            kind: "id_card".into(),
            number: format!("{:02}{:09}", self.seed % 100, self.index),
        }];
        if self.rng.random_bool(0.3) {
            documents.push(DraftDocument {
                kind: "family_book".into(),
                number: format!("FB{:02}{:08}", self.seed % 100, self.index),
            });
        }
        let dependants = if self.rng.random_bool(0.3) {
            vec![DraftDependant {
                name: format!(
                    "{} {}",
                    self.pick(if female { MALE } else { FEMALE }).0,
                    family_lo
                ),
                relation: "spouse".into(),
                date_of_birth: (born + Days::new(self.rng.random_range(0..2000)))
                    .min(registered_on)
                    .to_string(),
            }]
        } else {
            vec![]
        };
        Draft {
            title: if female { "ms" } else { "mr" }.into(),
            given_name_lo: given_lo.into(),
            family_name_lo: family_lo.into(),
            given_name_latin: given_latin.into(),
            family_name_latin: family_latin.into(),
            sex: if female { "female" } else { "male" }.into(),
            date_of_birth: born.to_string(),
            documents,
            phone: format!("020 {:08}", mobile),
            village_code: village,
            house_no: self.rng.random_range(1..300).to_string(),
            occupation: occupation.into(),
            business_licence_no: if occupation == "trader" {
                format!("BL{}", self.index)
            } else {
                String::new()
            },
            tax_id: String::new(),
            income_base_kip: TextOrNumber::Number(base),
            hospital,
            consent: true,
            dependants,
            registered_on: registered_on.to_string(),
            ..Draft::default()
        }
    }
}

/// Nine in the morning in Vientiane (UTC+7) on `date`: when the demo's records of that day were made.
pub fn at_counter(date: NaiveDate) -> DateTime<Utc> {
    let nine = NaiveTime::from_hms_opt(2, 0, 0).unwrap_or(NaiveTime::MIN);
    date.and_time(nine).and_utc()
}
