use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use nssf_api::cards::{
    verify_card, CardCheck, CardHolder, CardOnFile, CardReason, PhotoHash, ReprintReason,
    VerifiedCard,
};
use nssf_api::{Action, Actor, ApiError, HistoryAction, Refusal, Role};
use nssf_domain::{Problem, ProblemKind};

use crate::tools::{jpeg, pdf_qr, pdf_text};
use crate::{applicant, desk, now};

#[test]
fn photo_card_and_signed_qr() {
    let (dir, desk) = desk();
    let actor = Actor::setup_user();
    let no = desk
        .register(&actor, &applicant().draft(), false, now())
        .expect("reg")
        .member
        .member_no;
    desk.set_photo(&actor, &no, &jpeg(dir.path(), 1200, 1600), None, now())
        .expect("photo");
    let stored = desk
        .photo(&Actor::setup_user(), &no)
        .expect("read")
        .expect("a photo");
    assert!(
        stored.len() <= 80 * 1024 && stored.starts_with(&[0xFF, 0xD8]),
        "a JPEG of at most 80 KB"
    );

    let pdf = desk.print_card(&actor, &no, None, now()).expect("card");
    let text = pdf_text(&pdf);
    for expected in ["ນາງ ເຈົ້າ ນ້ຳໃຈ", "Ms Chao NAMCHAI", &no, "ໂຮງໝໍມະໂຫສົດ"]
    {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // The QR code names the holder as printed, and the photo printed.
    let qr = pdf_qr(&pdf);
    assert_eq!(
        verify_card(&desk.office_public_key(), &qr),
        Ok(VerifiedCard {
            member_no: no.clone(),
            issue_no: 1,
            office: "0101-01".into(),
            holder: Some(CardHolder {
                name_lo: "ເຈົ້າ ນ້ຳໃຈ".into(),
                date_of_birth: chrono::NaiveDate::from_ymd_opt(1990, 5, 12).expect("date"),
                photo: Some(PhotoHash::of(&stored)),
            }),
        })
    );
    // The stored photo bytes are in the PDF unchanged.
    assert!(
        pdf.windows(stored.len()).any(|w| w == stored.as_slice()),
        "photo embedded byte for byte"
    );

    // A reprint needs a reason, and says which issue it is.
    let err = desk.print_card(&actor, &no, None, now()).unwrap_err();
    assert_eq!(
        err,
        ApiError::invalid(vec![Problem::new("reason", ProblemKind::ReasonRequired {})])
    );
    let again = desk
        .print_card(&actor, &no, Some(ReprintReason::Lost), now())
        .expect("reprint");
    assert!(pdf_text(&again).contains("Issue 2"));
    let issues = desk.card_issues(&Actor::setup_user(), &no).expect("issues");
    assert_eq!(
        issues
            .iter()
            .map(|i| (i.issue_no, i.reason))
            .collect::<Vec<_>>(),
        [(1, CardReason::First), (2, CardReason::Lost)]
    );
    let history = desk
        .member(&Actor::setup_user(), &no)
        .expect("member")
        .history;
    assert!(history
        .iter()
        .any(|h| h.action == HistoryAction::CardIssued && h.changes[0].after == "2 (lost)"));
}

fn desk_with(district: &str) -> (tempfile::TempDir, nssf_api::Desk) {
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = nssf_api::OfficeSetup {
        district_code: district.into(),
        workstation: "01".into(),
    };
    let desk = nssf_api::Desk::init(dir.path(), &setup, &Actor::setup_user(), now()).expect("init");
    (dir, desk)
}

#[test]
fn bad_photos_change_nothing() {
    let (dir, desk) = desk();
    let actor = Actor::setup_user();
    let no = desk
        .register(&actor, &applicant().family("", "").draft(), false, now())
        .expect("reg")
        .member
        .member_no;
    let good = jpeg(dir.path(), 300, 400);
    desk.set_photo(&actor, &no, &good, None, now())
        .expect("photo");
    let before = desk.photo(&Actor::setup_user(), &no).expect("read");
    let mut huge_png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    huge_png.extend_from_slice(&50_000u32.to_be_bytes());
    huge_png.extend_from_slice(&50_000u32.to_be_bytes());
    huge_png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    let check = |bytes: &[u8], crop: Option<nssf_api::cards::PhotoCrop>, refusal: Refusal| {
        let err = desk.set_photo(&actor, &no, bytes, crop, now()).unwrap_err();
        assert_eq!(err, refusal.into());
        assert_eq!(
            desk.photo(&Actor::setup_user(), &no).expect("read"),
            before,
            "the stored photo is unchanged"
        );
    };
    check(b"", None, Refusal::PhotoEmpty {});
    check(
        b"just some text, not an image",
        None,
        Refusal::PhotoUnsupported {},
    );
    check(&good[..good.len() / 2], None, Refusal::PhotoCorrupt {});
    check(
        &huge_png,
        None,
        Refusal::PhotoTooLarge {
            width: 50_000,
            height: 50_000,
        },
    );
    check(
        &good,
        Some(nssf_api::cards::PhotoCrop {
            x: 0,
            y: 0,
            width: 300,
            height: 300,
        }),
        Refusal::PhotoBadCrop {},
    );
    let clerkless = Actor::new("c", "c", vec![Role::Cashier]);
    assert_eq!(
        desk.set_photo(&clerkless, &no, &good, None, now())
            .unwrap_err()
            .refusal,
        Refusal::Forbidden {
            role: Role::Clerk,
            action: Action::SetPhoto,
        }
    );
}

#[test]
fn print_queue_and_sheets() {
    let (_dir, desk) = desk();
    let actor = Actor::setup_user();
    let numbers: Vec<String> = (0..12)
        .map(|i| {
            let d = applicant()
                .given("ສົມສັກ", "Somsak")
                .family("ພົມມະວົງ", "Phommavong")
                .id_card(&format!("Q{i:05}"))
                .born(&format!("19{:02}-01-01", 70 + i))
                .draft();
            desk.register(&actor, &d, true, now())
                .expect("reg")
                .member
                .member_no
        })
        .collect();
    let queue = |desk: &nssf_api::Desk| {
        desk.card_queue(&Actor::setup_user())
            .expect("queue")
            .into_iter()
            .map(|h| h.member_no)
            .collect::<Vec<_>>()
    };
    assert_eq!(queue(&desk), numbers);

    // Cancelling records nothing.
    let err = desk
        .print_card_sheet(&actor, None, now(), &mut |done, _| done < 5)
        .unwrap_err();
    assert_eq!(err.refusal, Refusal::Cancelled {});
    assert_eq!(queue(&desk).len(), 12);

    let mut seen = Vec::new();
    let (pdf, count) = desk
        .print_card_sheet(&actor, None, now(), &mut |done, total| {
            seen.push((done, total));
            true
        })
        .expect("sheet");
    assert_eq!(count, 12);
    assert_eq!(seen.last(), Some(&(12, 12)));
    let text = pdf_text(&pdf);
    assert!(numbers.iter().all(|n| text.contains(n.as_str())));
    assert!(
        queue(&desk).is_empty(),
        "printing the sheet empties the queue"
    );

    // A change to card data puts the member back; a change to other data does not.
    let mut draft = desk
        .member(&Actor::setup_user(), &numbers[0])
        .expect("m")
        .draft;
    draft.phone = "020 5555 1234".into();
    desk.amend(&actor, &numbers[0], &draft, now())
        .expect("amend phone");
    assert!(queue(&desk).is_empty());
    draft.given_name_latin = "Somsack".into();
    desk.amend(&actor, &numbers[0], &draft, now())
        .expect("amend name");
    assert_eq!(queue(&desk), [numbers[0].clone()]);
}

/// A QR text's fields: the `NSSF2` fields split at `:` (the name is the seventh, the signature last).
fn fields(qr: &str) -> Vec<String> {
    qr.split(':').map(str::to_owned).collect()
}

/// `qr` with field `index` replaced by `value`, its signature kept.
fn with_field(qr: &str, index: usize, value: &str) -> String {
    let mut parts = fields(qr);
    parts[index] = value.to_owned();
    parts.join(":")
}

/// A card as printed before the holder was bound (`NSSF1`), signed with the office's own secret key as the
/// previous release did.
fn legacy_card(dir: &std::path::Path, member_no: &str, issue_no: u32, office: &str) -> String {
    let seed: [u8; 32] = STANDARD
        .decode(
            std::fs::read_to_string(dir.join("office-key.ed25519"))
                .expect("office key")
                .trim(),
        )
        .expect("base64")
        .try_into()
        .expect("32 bytes");
    let signed = format!("NSSF1;{member_no};2025-06-01;{issue_no};{office}");
    let signature = SigningKey::from_bytes(&seed).sign(signed.as_bytes());
    format!("{signed};{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// Member, issue and printed name of a card that verifies.
type Verdict = Result<(String, u32, Option<String>), CardCheck>;

#[test]
fn a_qr_code_binds_its_holder() {
    let (dir, desk) = desk();
    let actor = Actor::setup_user();
    let register = |applicant: nssf_test_support::Applicant, photo: (u32, u32)| {
        let no = desk
            .register(&actor, &applicant.draft(), false, now())
            .expect("reg")
            .member
            .member_no;
        desk.set_photo(
            &actor,
            &no,
            &jpeg(dir.path(), photo.0, photo.1),
            None,
            now(),
        )
        .expect("photo");
        let qr = pdf_qr(&desk.print_card(&actor, &no, None, now()).expect("card"));
        (no, qr)
    };
    let (chao, chao_qr) = register(applicant(), (1200, 1600));
    let (keo, keo_qr) = register(
        applicant()
            .id_card("555666777")
            .given("ແກ້ວ", "Keo")
            .family("ມະນີວົງ", "Manivong")
            .born("1984-02-29"),
        (900, 1200),
    );
    let (other_dir, other) = desk_with("0102");
    let other_no = other
        .register(&actor, &applicant().draft(), false, now())
        .expect("reg")
        .member
        .member_no;
    let other_qr = pdf_qr(
        &other
            .print_card(&actor, &other_no, None, now())
            .expect("card"),
    );
    let key = desk.office_public_key();
    // Fields: 0 NSSF2, 1 member, 2 issue, 3 office, 4 birth date, 5 photo hash, 6 name, 7 signature.
    let (chao_f, keo_f, other_f) = (fields(&chao_qr), fields(&keo_qr), fields(&other_qr));
    assert_eq!(chao_f.len(), 8, "{chao_qr}");
    let chao_signed = chao_qr.rsplit_once(':').expect("signature").0;

    let check = |case: &str, payload: &str, expected: Verdict| {
        let got = verify_card(&key, payload).map(|card| {
            (
                card.member_no,
                card.issue_no,
                card.holder.map(|h| h.name_lo),
            )
        });
        assert_eq!(got, expected, "{case}: {payload}");
    };
    let valid = |no: &str, name: Option<&str>| -> Verdict {
        Ok((no.to_owned(), 1, name.map(str::to_owned)))
    };
    check("as printed", &chao_qr, valid(&chao, Some("ເຈົ້າ ນ້ຳໃຈ")));
    // Keo's genuine code copied onto a card printed for Chao verifies, and names Keo: the person checking
    // compares that name and birth date with the card's.
    check(
        "another member's whole code",
        &keo_qr,
        valid(&keo, Some("ແກ້ວ ມະນີວົງ")),
    );
    for (case, payload) in [
        ("name changed", with_field(&chao_qr, 6, &keo_f[6])),
        ("name with a title", with_field(&chao_qr, 6, "ນາງ ເຈົ້າ ນ້ຳໃຈ")),
        ("birth date changed", with_field(&chao_qr, 4, &keo_f[4])),
        ("photo hash swapped", with_field(&chao_qr, 5, &keo_f[5])),
        ("photo hash removed", with_field(&chao_qr, 5, "")),
        ("member number swapped", with_field(&chao_qr, 1, &keo)),
        ("issue number changed", with_field(&chao_qr, 2, "2")),
        (
            "signature of another card",
            with_field(&chao_qr, 7, &keo_f[7]),
        ),
        (
            "signature from another office",
            with_field(&chao_qr, 7, &other_f[7]),
        ),
        (
            "another office's card claiming this office",
            with_field(&other_qr, 3, "0101-01"),
        ),
        (
            "legacy card altered",
            legacy_card(dir.path(), &chao, 1, "0101-01").replacen(";1;", ";2;", 1),
        ),
    ] {
        check(case, &payload, Err(CardCheck::BadSignature));
    }
    check(
        "another office's card",
        &other_qr,
        Err(CardCheck::OtherOffice),
    );
    check(
        "NSSF1 legacy card",
        &legacy_card(dir.path(), &chao, 1, "0101-01"),
        valid(&chao, None),
    );
    for (case, payload) in [
        ("not a card", "hello".to_owned()),
        ("a field missing", format!("NSSF2:{chao}:1:0101-01")),
        ("no name", with_field(&chao_qr, 6, "")),
        (
            "impossible birth date",
            with_field(&chao_qr, 4, "1990-02-30"),
        ),
        (
            "photo hash cut short",
            with_field(&chao_qr, 5, &chao_f[5][..10]),
        ),
        (
            "lower-case signature",
            with_field(&chao_qr, 7, &chao_f[7].to_lowercase()),
        ),
        (
            "signature cut short",
            chao_qr[..chao_qr.len() - 2].to_owned(),
        ),
        ("issue 0", with_field(&chao_qr, 2, "0")),
        (
            "member number without dashes",
            with_field(&chao_qr, 1, &chao.replace('-', "")),
        ),
        ("unknown version", chao_qr.replacen("NSSF2", "NSSF3", 1)),
    ] {
        check(case, &payload, Err(CardCheck::Malformed));
    }
    assert_eq!(
        verify_card(&key, &format!("{chao_signed}: ")).map(|c| c.member_no),
        Err(CardCheck::Malformed),
        "an empty signature"
    );
    assert_eq!(
        verify_card("not a key", &chao_qr),
        Err(CardCheck::KeyFileInvalid)
    );
    assert_eq!(
        verify_card(&other.office_public_key(), &chao_qr),
        Err(CardCheck::OtherOffice)
    );
    drop(other_dir);
}

#[test]
fn the_issuing_office_knows_which_issue_is_current() {
    let (dir, desk) = desk();
    let actor = Actor::setup_user();
    let no = desk
        .register(&actor, &applicant().draft(), false, now())
        .expect("reg")
        .member
        .member_no;
    desk.set_photo(&actor, &no, &jpeg(dir.path(), 1200, 1600), None, now())
        .expect("photo");
    let key = desk.office_public_key();
    let first = pdf_qr(&desk.print_card(&actor, &no, None, now()).expect("card"));
    let second = pdf_qr(
        &desk
            .print_card(&actor, &no, Some(ReprintReason::Lost), now())
            .expect("reprint"),
    );
    let (_other_dir, other) = desk_with("0102");
    let check = |desk: &nssf_api::Desk, payload: &str, expected: Result<CardOnFile, Refusal>| {
        let card = verify_card(&key, payload).expect("a genuine card");
        assert_eq!(
            desk.card_on_file(&card).map_err(|e| e.refusal),
            expected,
            "{payload}"
        );
    };
    let current = Ok(CardOnFile {
        photo_differs: false,
    });
    check(&desk, &second, current.clone());
    check(&desk, &first, Err(Refusal::CardReplaced { issue: 2 }));
    let legacy = |issue| legacy_card(dir.path(), &no, issue, "0101-01");
    check(&desk, &legacy(1), Err(Refusal::CardReplaced { issue: 2 }));
    check(&desk, &legacy(2), current);
    check(&desk, &legacy(5), Err(Refusal::CardNotOnFile { issue: 5 }));
    check(&other, &second, Err(Refusal::CardNotOnFile { issue: 2 }));
    // A new photo not yet printed: the card is still current, and the office's photo is another one.
    desk.set_photo(&actor, &no, &jpeg(dir.path(), 900, 1200), None, now())
        .expect("new photo");
    check(
        &desk,
        &second,
        Ok(CardOnFile {
            photo_differs: true,
        }),
    );
}
