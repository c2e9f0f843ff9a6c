use std::cell::Cell;

use nssf_documents::{card_sheet_pdf, DocumentError, Fonts};

use crate::card::{assert_fonts_embedded_subset_unicode, assert_qpdf_clean, page_size};
use crate::support::{prepared_photo, sample_card, scratch, stdout};

#[test]
fn twenty_three_cards_make_three_a4_pages() {
    let photo = prepared_photo().jpeg;
    let cards: Vec<_> = (0..23)
        .map(|i| sample_card(&format!("01-2024-{i:06}"), Some(photo.clone())))
        .collect();
    let mut seen = Vec::new();
    let bytes = card_sheet_pdf(Fonts::bundled(), &cards, &mut |n| {
        seen.push(n);
        true
    })
    .expect("sheet");
    assert_eq!(seen, (1..=23).collect::<Vec<_>>());

    let path = scratch("sheet").join("sheet.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let pdf = path.to_str().expect("UTF-8 path");
    let ((w, h), pages) = page_size(pdf);
    assert_eq!(pages, 3);
    assert!(
        (w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5,
        "A4 expected, got {w} × {h}"
    );
    assert_fonts_embedded_subset_unicode(pdf);
    assert_qpdf_clean(pdf);
    let text = stdout("pdftotext", &[pdf, "-"]);
    for i in 0..23 {
        assert!(
            text.contains(&format!("01-2024-{i:06}")),
            "card {i} missing"
        );
    }
    // One shared photo is stored once, not 23 times.
    let copies = bytes
        .windows(photo.len())
        .filter(|w| *w == photo.as_slice())
        .count();
    assert_eq!(copies, 1);
}

#[test]
fn progress_returning_false_cancels() {
    let cards: Vec<_> = (0..23)
        .map(|i| sample_card(&format!("{i}"), None))
        .collect();
    let calls = Cell::new(0);
    let result = card_sheet_pdf(Fonts::bundled(), &cards, &mut |n| {
        calls.set(calls.get() + 1);
        n < 12
    });
    assert!(
        matches!(result, Err(DocumentError::Cancelled)),
        "{result:?}"
    );
    assert_eq!(calls.get(), 12, "stops at the first false");
    assert_eq!(DocumentError::Cancelled.code(), "document-cancelled");
}

#[test]
fn an_empty_sheet_is_one_blank_page() {
    let bytes = card_sheet_pdf(Fonts::bundled(), &[], &mut |_| true).expect("sheet");
    let path = scratch("empty-sheet").join("sheet.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let ((_, _), pages) = page_size(path.to_str().expect("UTF-8 path"));
    assert_eq!(pages, 1);
}
