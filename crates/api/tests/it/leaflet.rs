//! The leaflet "why should I join?" and the filled-in application form (issue 14), read back as poppler
//! and MuPDF extract them: the figures for a bare base and for a member under the contribution rules in
//! force, a base refused as the registration form refuses it, the benefit texts and figures of a signed
//! reference file a real central store issued, the form's content, and every print of it audited.

use std::path::Path;

use nssf_api::leaflet::bundled_benefits;
use nssf_api::nssf_domain::draft::DraftDependant;
use nssf_api::nssf_domain::ProblemKind;
use nssf_api::{Actor, Code, Desk, HistoryAction, LeafletFor};
use nssf_exchange::reference::ReferenceContent;
use nssf_exchange::CentralStore;
use nssf_i18n::{Language, Localizer};

use crate::outreach_pdf::{assert_a4, extracted};
use crate::{applicant, backdated, desk, now};

const SCHEDULE: &str = r#"[{"effective_month": "2024-10", "rate_basis_points": 900, "floor_kip": 2500000, "ceiling_kip": 4500000, "decree": "No. 100/PM"}]"#;
const HOSPITALS: &str =
    r#"[{"code": "MHS", "name_lo": "ໂຮງໝໍມະໂຫສົດ", "name_en": "Mahosot Hospital"}]"#;
/// A figure named in the text, one that is not, and the private cover's.
const BENEFITS: &str = r#"[
  {"code": "maternity", "title_lo": "ເງິນອຸດໜູນການເກີດລູກ", "title_en": "Maternity grant",
   "text_lo": "ເງິນຊ່ວຍເຫຼືອ {grant_kip} ເມື່ອເກີດລູກ.", "text_en": "A grant of {grant_kip} at a birth.",
   "figures": [{"name": "grant_kip", "value": 1500000, "unit": "kip"}]},
  {"code": "health-care", "title_lo": "ການປິ່ນປົວຢູ່ໂຮງໝໍ", "title_en": "Hospital care",
   "text_lo": "ປິ່ນປົວຢູ່ໂຮງໝໍຂອງທ່ານ.", "text_en": "Treatment at your hospital.",
   "figures": [{"name": "waiting_months", "value": 3, "unit": "months"},
               {"name": "private_cover_kip", "value": 350000, "unit": "kip"}]}
]"#;

/// Writes the PDF, checks its pages' size (`A5`: 419.5 × 595.3 pt, or `A4`) and returns its text.
fn text_of(pdf: &[u8], size: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    assert_size(&path, size);
    extracted(&path)
}

fn assert_size(path: &Path, size: &str) {
    if size == "A4" {
        return assert_a4(path);
    }
    let out = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", "99"])
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout);
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .collect();
    assert!(!sizes.is_empty(), "{info}");
    for line in sizes {
        assert!(line.contains("419.5") && line.contains("x 595.2"), "{line}");
    }
}

fn leaflet(desk: &Desk, of: LeafletFor, language: Language) -> String {
    let pdf = desk
        .leaflet_pdf(&Actor::setup_user(), &of, language, now())
        .expect("leaflet");
    text_of(&pdf, "A5")
}

fn assert_has(text: &str, wanted: &[&str], absent: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{w:?} missing from:\n{text}");
    }
    for a in absent {
        assert!(!text.contains(a), "{a:?} should not be in:\n{text}");
    }
}

#[test]
fn a_bare_base_gives_its_month_and_the_floors() {
    let (_dir, desk) = desk();
    // (language, base as typed, what the leaflet says)
    let check = |language, base: &str, wanted: &[&str]| {
        let text = leaflet(&desk, LeafletFor::Base(base.into()), language);
        // The floor (2,500,000 → 225,000) and the ceiling of November 2026, whatever the base.
        assert_has(&text, &["2,500,000 ₭", "225,000 ₭", "4,500,000 ₭"], &[]);
        assert_has(&text, wanted, &["\u{2068}", "\u{2069}"]);
    };
    check(
        Language::En,
        "3,000,000",
        &[
            "What you pay",
            "3,000,000 ₭",
            "270,000 ₭",
            "(9% of the base)",
            "810,000 ₭",
            "12 months in advance",
            "Old-age pension",
            "Ask the staff",
            "not yet applied a reference file",
        ],
    );
    // Lao digits and dots as the separator, as every amount.
    check(
        Language::Lo,
        "໓.໐໐໐.໐໐໐",
        &[
            "ທ່ານຈ່າຍເທົ່າໃດ",
            "3,000,000 ₭",
            "270,000 ₭",
            "ເງິນບຳນານ",
            "ການປິ່ນປົວສຸຂະພາບ",
        ],
    );
    check(Language::En, "4 500 000", &["405,000 ₭"]);
}

#[test]
fn a_base_outside_the_limits_is_refused_in_the_clerks_words() {
    let (_dir, desk) = desk();
    let check = |base: &str, expected: ProblemKind, lao: &str| {
        let e = desk
            .leaflet_pdf(
                &Actor::setup_user(),
                &LeafletFor::Base(base.into()),
                Language::Lo,
                now(),
            )
            .expect_err("refused");
        assert_eq!(e.code(), Code::InvalidInput, "{base}");
        assert_eq!(e.problems.len(), 1, "{base}: {:?}", e.problems);
        assert_eq!(e.problems[0].field, "income_base_kip");
        assert_eq!(e.problems[0].kind, expected, "{base}");
        let message = Localizer::shared(Language::Lo).error(&e.problems[0].kind);
        assert!(message.contains(lao), "{base}: {message}");
    };
    let month = "2026-11".to_owned();
    check(
        "1,000,000",
        ProblemKind::BaseBelowFloor {
            floor_kip: 2_500_000,
            month: month.clone(),
        },
        "2,500,000",
    );
    check(
        "໕໐໐໐໐໐໐",
        ProblemKind::BaseAboveCeiling {
            ceiling_kip: 4_500_000,
            month,
        },
        "4,500,000",
    );
    check("about two million", ProblemKind::NotANumber {}, "");
}

#[test]
fn a_members_leaflet_has_their_base_hospital_and_arrears() {
    let (_dir, desk) = desk();
    let setup = Actor::setup_user();
    // Registered in August at the floor, nothing paid: August to October are arrears in November.
    let member_no = desk
        .register_with(
            &setup,
            &applicant().registered_on("2026-08-05").draft(),
            backdated(false),
            now(),
        )
        .expect("register")
        .member
        .member_no;
    let en = leaflet(&desk, LeafletFor::Member(member_no.clone()), Language::En);
    assert_has(
        &en,
        &[
            "Ms Chao NAMCHAI",
            &member_no,
            "Your monthly income base",
            "225,000 ₭",
            "Mahosot Hospital",
            "3 months in arrears",
            "675,000 ₭",
        ],
        &["ໂຮງໝໍມະໂຫສົດ"],
    );
    let lo = leaflet(&desk, LeafletFor::Member(member_no.clone()), Language::Lo);
    assert_has(
        &lo,
        &["ນາງ ເຈົ້າ ນ້ຳໃຈ", "ໂຮງໝໍມະໂຫສົດ", "675,000 ₭"],
        &["Mahosot"],
    );
    let unknown = desk
        .leaflet_pdf(
            &setup,
            &LeafletFor::Member("0101-01-0000099-0".into()),
            Language::En,
            now(),
        )
        .expect_err("no such member");
    assert!(
        matches!(
            unknown.code(),
            Code::MemberNotFound | Code::MemberNumberCheckDigit
        ),
        "{unknown:?}"
    );
}

#[test]
fn benefits_and_figures_come_from_the_applied_reference_file() {
    let (_dir, desk) = desk();
    let setup = Actor::setup_user();
    let central_dir = tempfile::tempdir().expect("tempdir");
    let central = CentralStore::init(&central_dir.path().join("central")).expect("central init");
    let content =
        ReferenceContent::from_json(SCHEDULE, HOSPITALS, Some(BENEFITS)).expect("content");
    let file = central
        .issue_reference(&content, true, nssf_test_support::today())
        .expect("issue");
    desk.install_central_key(&setup, &central.public_key_file())
        .expect("central key");
    desk.import_reference(&setup, &file, now()).expect("import");
    let en = leaflet(&desk, LeafletFor::Base("2500000".into()), Language::En);
    assert_has(
        &en,
        &[
            "Maternity grant",
            "1,500,000 ₭",
            "Hospital care",
            "(3 months)",
            "Compared with private insurance",
            "350,000 ₭",
            "issue 1 of 26/11/2026",
        ],
        &[
            "Old-age pension",
            "Ask the staff",
            "private_cover_kip",
            "{grant_kip}",
        ],
    );
    let lo = leaflet(&desk, LeafletFor::Base("2500000".into()), Language::Lo);
    assert_has(
        &lo,
        &[
            "ເງິນອຸດໜູນການເກີດລູກ",
            "1,500,000 ₭",
            "ທຽບກັບປະກັນໄພເອກະຊົນ",
            "(3 ເດືອນ)",
        ],
        &["ເງິນບຳນານ"],
    );
}

#[test]
fn the_bundled_benefits_follow_the_reference_format_without_figures() {
    let benefits = serde_json::to_string(bundled_benefits()).expect("JSON");
    let content = ReferenceContent::from_json(SCHEDULE, HOSPITALS, Some(&benefits))
        .expect("the bundled benefits are valid reference content");
    assert_eq!(content.benefits.len(), 6);
    assert!(content.benefits.iter().all(|b| b.figures.is_empty()));
}

#[test]
fn the_application_form_is_filled_in_and_every_print_is_audited() {
    let (_dir, desk) = desk();
    let setup = Actor::setup_user();
    let mut draft = applicant().phone("020 5555 1234").draft();
    draft.dependants.push(DraftDependant {
        name: "ນ້ອຍ ນ້ຳໃຈ".into(),
        relation: "child".into(),
        date_of_birth: "2015-03-01".into(),
    });
    let member_no = desk
        .register(&setup, &draft, false, now())
        .expect("register")
        .member
        .member_no;
    let clerk = Actor::new("noy", "ນ້ອຍ ພົມມະວົງ", vec![nssf_api::Role::Clerk]);
    let first = desk
        .application_form_pdf(&clerk, &member_no, now())
        .expect("first print");
    let text = text_of(&first, "A4");
    assert_has(
        &text,
        &[
            "ໃບສະໝັກເຂົ້າເປັນສະມາຊິກ",
            &member_no,
            "ນາງ ເຈົ້າ ນ້ຳໃຈ",
            "Ms Chao NAMCHAI",
            "12/05/1990",
            "ບັດປະຈຳຕົວ: 123456789",
            "02055551234",
            "ນ້ອຍ ນ້ຳໃຈ",
            "ລູກ",
            "01/03/2015",
            "2,500,000 ₭",
            "225,000 ₭",
            "ໂຮງໝໍມະໂຫສົດ",
            "ຄວາມເຫັນດີ",
            "ລາຍເຊັນ ຫຼື ຮອຍນິ້ວໂປ້ ຂອງຜູ້ສະໝັກ",
            "ນ້ອຍ ພົມມະວົງ",
            "ພິມຄັ້ງທີ 1",
        ],
        &["ສຳເນົາ", "\u{2068}"],
    );
    let again = desk
        .application_form_pdf(&clerk, &member_no, now())
        .expect("second print");
    assert_has(&text_of(&again, "A4"), &["ສຳເນົາ", "ພິມຄັ້ງທີ 2"], &[]);
    let prints: Vec<(String, String, String)> = desk
        .member(&setup, &member_no)
        .expect("member page")
        .history
        .into_iter()
        .filter(|h| h.action == HistoryAction::ApplicationFormPrinted)
        .map(|h| {
            let change = &h.changes[0];
            (h.actor, change.before.clone(), change.after.clone())
        })
        .collect();
    assert_eq!(
        prints,
        [("noy", "0", "1"), ("noy", "1", "2")].map(|(a, b, c)| (
            a.to_owned(),
            b.to_owned(),
            c.to_owned()
        ))
    );
    assert!(matches!(
        desk.audit_verify(&setup).expect("verify"),
        nssf_api::AuditCheck::Intact { .. }
    ));

    // Without dependants the form says so; a cashier does not print forms.
    let keo = desk
        .register(
            &setup,
            &applicant().given("ແກ້ວ", "Keo").id_card("987654321").draft(),
            false,
            now(),
        )
        .expect("register")
        .member
        .member_no;
    let keo_form = desk
        .application_form_pdf(&setup, &keo, now())
        .expect("print");
    assert_has(&text_of(&keo_form, "A4"), &["ບໍ່ມີຜູ້ຢູ່ໃນອຸປະການ"], &[]);
    let cashier = Actor::new("kham", "Kham", vec![nssf_api::Role::Cashier]);
    let refused = desk
        .application_form_pdf(&cashier, &keo, now())
        .expect_err("forbidden");
    assert_eq!(refused.code(), Code::Forbidden);
}
