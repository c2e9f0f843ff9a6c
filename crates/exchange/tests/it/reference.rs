//! The national reference file: issued and numbered by a real central store, signed with its key, read
//! back with the public key file an office installs; every way a file is refused.

use chrono::NaiveDate;
use nssf_exchange::reference::{self, ReferenceContent};
use nssf_exchange::{CentralPublic, CentralStore, ExchangeError};

use crate::{Backend, Central};

const SCHEDULE: &str = r#"[
  {"effective_month": "2024-10", "rate_basis_points": 900, "floor_kip": 2500000, "ceiling_kip": 4500000, "decree": "No. 100/PM, 01/09/2024"},
  {"effective_month": "2027-01", "rate_basis_points": 900, "floor_kip": 3000000, "ceiling_kip": 5000000, "decree": "No. 200/PM, 01/11/2026"}
]"#;
const HOSPITALS: &str = r#"[
  {"code": "MHS", "name_lo": "ໂຮງໝໍມະໂຫສົດ", "name_en": "Mahosot Hospital"},
  {"code": "STT", "name_lo": "ໂຮງໝໍເສດຖາທິລາດ", "name_en": "Setthathirath Hospital"}
]"#;
const BENEFITS: &str = r#"[
  {"code": "maternity", "title_lo": "ເກີດລູກ", "title_en": "Maternity", "text_lo": "ເງິນຊ່ວຍເຫຼືອ", "text_en": "A grant at birth",
   "figures": [{"name": "grant_kip", "value": 1500000, "unit": "kip"}]}
]"#;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

fn central(backend: Backend) -> (tempfile::TempDir, CentralStore, CentralPublic) {
    let Central { dir, store, .. } = Central::new(backend);
    let public = CentralPublic::parse(&store.public_key_file()).expect("key file");
    (dir, store, public)
}

fn content(benefits: Option<&str>) -> ReferenceContent {
    ReferenceContent::from_json(SCHEDULE, HOSPITALS, benefits).expect("valid content")
}

fn issues_are_numbered_signed_and_read_back(backend: Backend) {
    let (_dir, store, public) = central(backend);
    let first = store
        .issue_reference(&content(Some(BENEFITS)), true, day())
        .expect("issue 1");
    // Without --benefits the next issue repeats the last issue's benefits.
    let second = store
        .issue_reference(&content(None), false, day())
        .expect("issue 2");
    let read = |bytes: &[u8]| {
        let file = reference::open(bytes, &public.verifying).expect("open");
        (
            file.body.issue,
            file.body.issued_on,
            file.body.schedule.len(),
            file.body.hospitals.len(),
            file.body.benefits.len(),
        )
    };
    assert_eq!(read(&first), (1, day(), 2, 2, 1));
    assert_eq!(read(&second), (2, day(), 2, 2, 1));
    assert_eq!(
        store.last_reference().expect("last").map(|r| r.issue),
        Some(2)
    );
    let schedule = reference::open(&second, &public.verifying)
        .expect("open")
        .body
        .content()
        .domain_schedule()
        .expect("schedule");
    let floors: Vec<(String, i64)> = schedule
        .rows()
        .iter()
        .map(|r| (r.effective_from.to_string(), r.floor_kip))
        .collect();
    assert_eq!(
        floors,
        [
            ("2024-10-01".to_owned(), 2_500_000),
            ("2027-01-01".to_owned(), 3_000_000)
        ]
    );
}

fn invalid_content_is_refused_before_a_number_is_taken(backend: Backend) {
    // One store for every case: a refused content takes no number, so none is ever issued.
    let (_dir, store, _) = central(backend);
    let check = |schedule: &str, hospitals: &str, benefits: Option<&str>| {
        let refused = match ReferenceContent::from_json(schedule, hospitals, benefits) {
            Err(e) => e,
            Ok(c) => store
                .issue_reference(&c, benefits.is_some(), day())
                .expect_err("refused"),
        };
        assert!(
            matches!(refused, ExchangeError::ReferenceInvalid(_)),
            "{schedule} {hospitals}: {refused:?}"
        );
        assert_eq!(store.last_reference().expect("last"), None);
    };
    let row = |month: &str, floor: i64, ceiling: i64| {
        format!(
            r#"{{"effective_month": "{month}", "rate_basis_points": 900, "floor_kip": {floor}, "ceiling_kip": {ceiling}, "decree": "No. 1"}}"#
        )
    };
    let ok_row = row("2024-10", 2_500_000, 4_500_000);
    // Floor above ceiling.
    check(
        &format!("[{}]", row("2024-10", 5_000_000, 4_500_000)),
        HOSPITALS,
        None,
    );
    // Months out of order, and a month twice.
    check(
        &format!("[{}, {ok_row}]", row("2025-01", 1, 2)),
        HOSPITALS,
        None,
    );
    check(&format!("[{ok_row}, {ok_row}]"), HOSPITALS, None);
    // A month that is not YYYY-MM.
    check(&format!("[{}]", row("2024-1", 1, 2)), HOSPITALS, None);
    // Unknown fields, in a row and in a hospital.
    check(
        r#"[{"effective_month": "2024-10", "rate_basis_points": 900, "floor_kip": 1, "ceiling_kip": 2, "decree": "x", "bonus": 1}]"#,
        HOSPITALS,
        None,
    );
    check(
        SCHEDULE,
        r#"[{"code": "MHS", "name_lo": "ກ", "name_en": "A", "beds": 300}]"#,
        None,
    );
    // No decree, a zero rate, an empty schedule, no hospital, a hospital twice.
    check(
        r#"[{"effective_month": "2024-10", "rate_basis_points": 900, "floor_kip": 1, "ceiling_kip": 2, "decree": " "}]"#,
        HOSPITALS,
        None,
    );
    check(
        r#"[{"effective_month": "2024-10", "rate_basis_points": 0, "floor_kip": 1, "ceiling_kip": 2, "decree": "x"}]"#,
        HOSPITALS,
        None,
    );
    check("[]", HOSPITALS, None);
    check(SCHEDULE, "[]", None);
    check(
        SCHEDULE,
        r#"[{"code": "MHS", "name_lo": "ກ", "name_en": "A"}, {"code": "MHS", "name_lo": "ຂ", "name_en": "B"}]"#,
        None,
    );
    // A benefit figure in an unknown unit; not JSON at all.
    check(
        SCHEDULE,
        HOSPITALS,
        Some(
            r#"[{"code": "x", "title_lo": "ກ", "title_en": "A", "text_lo": "ກ", "text_en": "A", "figures": [{"name": "n", "value": 1, "unit": "weeks"}]}]"#,
        ),
    );
    check("{", HOSPITALS, None);
}

fn an_altered_byte_or_another_key_is_refused(backend: Backend) {
    let (_dir, store, public) = central(backend);
    let file = store
        .issue_reference(&content(Some(BENEFITS)), true, day())
        .expect("issue");
    let (_other_dir, _other, other_public) = central(backend);
    assert_eq!(
        reference::open(&file, &other_public.verifying).expect_err("other key"),
        ExchangeError::BadSignature
    );
    let header = reference::REFERENCE_HEADER.len();
    // Bytes all through the body and the signature, changed: never accepted.
    for at in (header + 1..file.len() - 1).step_by(7) {
        let mut altered = file.clone();
        altered[at] ^= 0x01;
        let refused = reference::open(&altered, &public.verifying).expect_err("altered");
        assert!(
            matches!(
                refused,
                ExchangeError::BadSignature | ExchangeError::ReferenceInvalid(_)
            ),
            "byte {at}: {refused:?}"
        );
    }
    // The header, a missing line, bytes after the signature.
    let check = |bytes: &[u8]| {
        assert!(matches!(
            reference::open(bytes, &public.verifying),
            Err(ExchangeError::ReferenceInvalid(_))
        ));
    };
    check(&[b"NSSF-REFERENCE 2", &file[header..]].concat());
    check(&file[..file.len() - 90]);
    check(&[&file[..], b"x\n"].concat());
    // Larger than any reference file: refused before it is read.
    let huge = vec![b' '; reference::MAX_REFERENCE_BYTES as usize + 1];
    assert!(matches!(
        reference::open(&huge, &public.verifying),
        Err(ExchangeError::TooLarge { .. })
    ));
}

crate::on_both_stores!(
    issues_are_numbered_signed_and_read_back,
    invalid_content_is_refused_before_a_number_is_taken,
    an_altered_byte_or_another_key_is_refused,
);
