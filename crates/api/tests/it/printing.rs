use nssf_api::{Actor, MonthsChoice, PaymentRequest, ReceiptFormat};

use crate::tools::pdf_text;
use crate::{applicant, desk, now};

#[test]
fn receipts_statements_and_day_sheets_read_back() {
    let (_dir, desk) = desk();
    let actor = Actor::setup_user();
    let d = applicant().registered_on("2026-09-01").draft();
    let no = desk
        .register_with(&actor, &d, crate::backdated(false), now())
        .expect("reg")
        .member
        .member_no;
    let request = PaymentRequest {
        member_no: no.clone(),
        months: MonthsChoice::Next { count: 2 },
        method: "cash".into(),
        reference: String::new(),
        paid_on: String::new(),
        skip_arrears: false,
        allow_backdate: false,
    };
    let receipt = desk.pay(&actor, &request, now()).expect("pay");

    let first = pdf_text(
        &desk
            .receipt_pdf(&actor, &receipt.receipt_no, ReceiptFormat::A5, now())
            .expect("a5"),
    );
    for expected in [
        receipt.receipt_no.as_str(),
        "450,000 ₭",
        "ສີ່ແສນຫ້າສິບພັນກີບຖ້ວນ",
        "Four hundred fifty thousand kip",
        "ນາງ ເຈົ້າ ນ້ຳໃຈ",
        "09/2026",
        "10/2026",
        "ສະບັບຂອງສະມາຊິກ",
        "ສະບັບຂອງຫ້ອງການ",
    ] {
        assert!(
            first.contains(expected),
            "{expected} in the A5 receipt:\n{first}"
        );
    }
    assert!(!first.contains("COPY"));
    let copy = pdf_text(
        &desk
            .receipt_pdf(&actor, &receipt.receipt_no, ReceiptFormat::Roll, now())
            .expect("roll"),
    );
    assert!(
        copy.contains("ສຳເນົາ / COPY") && copy.contains("450,000 ₭"),
        "{copy}"
    );
    desk.void(&actor, &receipt.receipt_no, "wrong months", now())
        .expect("void");
    let void = pdf_text(
        &desk
            .receipt_pdf(&actor, &receipt.receipt_no, ReceiptFormat::A5, now())
            .expect("void"),
    );
    assert!(
        void.contains("ຍົກເລີກ / VOID") && void.contains("wrong months"),
        "{void}"
    );

    let statement = pdf_text(
        &desk
            .statement_pdf(&Actor::setup_user(), &no, now())
            .expect("statement"),
    );
    assert!(
        statement.contains("09/2026") && statement.contains("ຍັງບໍ່ຈ່າຍ / unpaid"),
        "{statement}"
    );

    let today = nssf_api::office_date(now());
    desk.close_day(&actor, &actor.staff_id, today, now())
        .expect("close");
    let sheet = pdf_text(
        &desk
            .day_sheet_pdf(&actor, &actor.staff_id, today, now())
            .expect("day sheet"),
    );
    assert!(
        sheet.contains(&receipt.receipt_no) && sheet.contains("closed at"),
        "{sheet}"
    );
}
