use nssf_api::cards::{verify_card, CardCheck, CardReason, ReprintReason};
use nssf_api::{Actor, ApiError, HistoryAction, Refusal, Role};
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
    let stored = desk.photo(&no).expect("read").expect("a photo");
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
    let qr = pdf_qr(&pdf);
    let key = desk.office_public_key();
    assert_eq!(verify_card(&key, &qr), Ok(no.clone()));
    // The stored photo bytes are in the PDF unchanged.
    assert!(
        pdf.windows(stored.len()).any(|w| w == stored.as_slice()),
        "photo embedded byte for byte"
    );

    // Tampering with any part of the payload is caught.
    let check = |payload: String, expected: CardCheck| {
        assert_eq!(verify_card(&key, &payload), Err(expected), "{payload}")
    };
    check(
        qr.replacen(&nssf_api::office_date(now()).to_string(), "2020-01-01", 1),
        CardCheck::BadSignature,
    );
    check(qr.replacen(";1;", ";2;", 1), CardCheck::BadSignature);
    let (head, sig) = qr.rsplit_once(';').expect("signature");
    let flipped = if sig.starts_with('A') {
        sig.replacen('A', "B", 1)
    } else {
        format!("A{}", &sig[1..])
    };
    check(format!("{head};{flipped}"), CardCheck::BadSignature);
    check(qr.replace("0101-01;", "0102-01;"), CardCheck::OtherOffice);
    check("hello".into(), CardCheck::Malformed);
    assert_eq!(
        verify_card("not a key", &qr),
        Err(CardCheck::KeyFileInvalid)
    );
    // Another office's key does not accept this card.
    let (_other_dir, other) = desk_with("0102");
    assert_eq!(
        verify_card(&other.office_public_key(), &qr),
        Err(CardCheck::OtherOffice)
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
    let issues = desk.card_issues(&no).expect("issues");
    assert_eq!(
        issues
            .iter()
            .map(|i| (i.issue_no, i.reason))
            .collect::<Vec<_>>(),
        [(1, CardReason::First), (2, CardReason::Lost)]
    );
    let history = desk.member(&no).expect("member").history;
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
    let before = desk.photo(&no).expect("read");
    let mut huge_png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    huge_png.extend_from_slice(&50_000u32.to_be_bytes());
    huge_png.extend_from_slice(&50_000u32.to_be_bytes());
    huge_png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    let check = |bytes: &[u8], crop: Option<nssf_api::cards::PhotoCrop>, refusal: Refusal| {
        let err = desk.set_photo(&actor, &no, bytes, crop, now()).unwrap_err();
        assert_eq!(err, refusal.into());
        assert_eq!(
            desk.photo(&no).expect("read"),
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
    let clerkless = Actor {
        staff_id: "c".into(),
        roles: vec![Role::Cashier],
    };
    assert_eq!(
        desk.set_photo(&clerkless, &no, &good, None, now())
            .unwrap_err()
            .refusal,
        Refusal::Forbidden { role: Role::Clerk }
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
        desk.card_queue()
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
    let mut draft = desk.member(&numbers[0]).expect("m").draft;
    draft.phone = "020 5555 1234".into();
    desk.amend(&actor, &numbers[0], &draft, now())
        .expect("amend phone");
    assert!(queue(&desk).is_empty());
    draft.given_name_latin = "Somsack".into();
    desk.amend(&actor, &numbers[0], &draft, now())
        .expect("amend name");
    assert_eq!(queue(&desk), [numbers[0].clone()]);
}
