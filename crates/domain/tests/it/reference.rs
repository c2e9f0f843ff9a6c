use nssf_domain::{Gazetteer, Month, Schedule};

const TREE: &str = include_str!("../../../../assets/gazetteer/laos_province_district_village.json");
const PROVINCES: &str = include_str!("../../../../assets/gazetteer/la_provinces.csv");
const DISTRICTS: &str = include_str!("../../../../assets/gazetteer/la_districts.csv");
const SCHEDULE: &str = include_str!("../../../../assets/contribution-schedule.json");

fn gazetteer() -> Gazetteer {
    Gazetteer::from_sources(TREE, PROVINCES, DISTRICTS).expect("bundled gazetteer")
}

#[test]
fn gazetteer_counts_and_corrections() {
    let g = gazetteer();
    assert_eq!(g.provinces().count(), 18);
    assert_eq!(
        g.province("05").map(|p| p.name_lo.as_str()),
        Some("ບໍ່ແກ້ວ"),
        "Bokeo spelling fixed"
    );
    assert_eq!(
        g.province("01").map(|p| p.name_en.as_str()),
        Some("Vientiane Capital")
    );
    let districts: usize = g.provinces().map(|p| g.districts_of(&p.code).count()).sum();
    assert_eq!(districts, 148);
    // The three flagged districts offer no village list; their borrowed villages are not duplicated.
    for code in ["0103", "0610", "0612"] {
        let d = g.district(code).expect("district exists");
        assert!(!d.villages_reliable, "{code}");
        assert_eq!(g.villages_of(code).count(), 0, "{code}");
    }
    assert_eq!(g.all_villages().count(), 9_817 - 125);
    let v = g.village("1701001").expect("village of Attapeu");
    assert_eq!(v.district_code, "1701");
    assert!(g
        .all_villages()
        .all(|v| v.code.starts_with(&v.district_code)));
    assert_eq!(
        g.village("0101001").map(|v| v.name_en.as_str()),
        Some("Nongping")
    );
}

#[test]
fn schedule_rows_by_month() {
    let s = Schedule::from_json(SCHEDULE).expect("bundled schedule");
    let check = |year: i32, month: u32, floor: Option<i64>| {
        assert_eq!(
            s.for_month(Month { year, month }).map(|r| r.floor_kip),
            floor,
            "{year}-{month}"
        );
    };
    check(2018, 4, None);
    check(2018, 5, Some(1_100_000));
    check(2022, 7, Some(1_100_000));
    check(2022, 8, Some(1_200_000));
    check(2023, 9, Some(1_300_000));
    check(2023, 10, Some(1_600_000));
    check(2024, 10, Some(2_500_000));
    check(2030, 1, Some(2_500_000));
}

#[test]
fn contribution_rounding_is_half_up_per_month() {
    let s = Schedule::from_json(SCHEDULE).expect("bundled schedule");
    let row = s
        .for_month(Month {
            year: 2025,
            month: 1,
        })
        .expect("row");
    let check =
        |base: i64, expected: i64| assert_eq!(row.contribution_kip(base), expected, "{base}");
    check(2_500_000, 225_000);
    check(4_500_000, 405_000);
    check(2_500_006, 225_001); // 225,000.54 → 225,001
    check(2_500_005, 225_000); // 225,000.45 → 225,000
    check(1_200_000, 108_000); // the ILO's minimum
}

#[test]
fn bad_schedules_are_refused() {
    use chrono::NaiveDate;
    use nssf_domain::schedule::ScheduleError;
    let refused = |json: &str| Schedule::from_json(json).expect_err(json);
    assert!(matches!(refused("[]"), ScheduleError::Empty));
    assert!(matches!(refused("not json"), ScheduleError::Json(_)));
    let floor_above_ceiling = refused(
        r#"[{"effective_from":"2024-01-01","rate_basis_points":900,"floor_kip":5,"ceiling_kip":4}]"#,
    );
    assert!(
        matches!(floor_above_ceiling, ScheduleError::Row(from) if from == NaiveDate::from_ymd_opt(2024, 1, 1).expect("date")),
        "{floor_above_ceiling:?}"
    );
}
