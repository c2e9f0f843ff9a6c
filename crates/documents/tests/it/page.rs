//! The generic page API that receipts and statements will use.

use nssf_documents::text::wrap_lines;
use nssf_documents::{Align, Document, Fonts, Page, Rgb};

use crate::card::{assert_fonts_embedded_subset_unicode, assert_qpdf_clean, page_size};
use crate::support::{prepared_photo, scratch, stdout};

const NOTICE: &str = "ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດໄດ້ຮັບເງິນສົມທົບປະຈຳເດືອນຂອງທ່ານແລ້ວ ກະລຸນາເກັບໃບຮັບເງິນນີ້ໄວ້ເປັນຫຼັກຖານ";

#[test]
fn mixed_page_sizes_text_boxes_and_images() {
    let fonts = Fonts::bundled();
    let photo = prepared_photo().jpeg;
    let mut doc = Document::new(fonts, "Receipt");

    let mut a5 = Page::new(fonts, 148.0, 210.0);
    let w = a5.text(15.0, 20.0, 14.0, true, Rgb::BLACK, "ໃບຮັບເງິນ / Receipt");
    assert!((w - a5.text_width(14.0, true, "ໃບຮັບເງິນ / Receipt")).abs() < 1e-4);
    assert!(w > 30.0 && w < 80.0, "{w}");
    a5.text_aligned(
        133.0,
        20.0,
        9.0,
        false,
        Rgb::BLACK,
        Align::Right,
        "No. 000123",
    );
    let h = a5.text_box(15.0, 30.0, 60.0, 10.0, false, Rgb::BLACK, NOTICE);
    assert!(h > 8.0, "{h}");
    a5.rect(15.0, 30.0 + h + 2.0, 118.0, 0.5, Some(Rgb(0, 0, 128)), None);
    a5.line(15.0, 100.0, 133.0, 100.0, Rgb::BLACK, 0.5);
    a5.image_jpeg(&photo, 15.0, 110.0, 30.0, 40.0)
        .expect("JPEG");
    a5.image_jpeg(&photo, 50.0, 110.0, 30.0, 40.0)
        .expect("same JPEG again");
    a5.qr("receipt:000123", 100.0, 110.0, 25.0).expect("QR");
    doc.push(a5);

    let mut roll = Page::new(fonts, 80.0, 120.0);
    roll.text(4.0, 8.0, 9.0, false, Rgb::BLACK, "₭ 1,250,000");
    doc.push(roll);
    assert_eq!(doc.page_count(), 2);
    let bytes = doc.render().expect("render");

    // The photo is stored once although drawn twice.
    assert_eq!(
        bytes
            .windows(photo.len())
            .filter(|w| *w == photo.as_slice())
            .count(),
        1
    );

    let path = scratch("page").join("receipt.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let pdf = path.to_str().expect("UTF-8 path");
    let (_, pages) = page_size(pdf);
    assert_eq!(pages, 2);
    assert_fonts_embedded_subset_unicode(pdf);
    assert_qpdf_clean(pdf);
    let text = stdout("pdftotext", &[pdf, "-"]);
    for line in wrap_lines(fonts, NOTICE, 60.0, 10.0, false) {
        assert!(text.contains(line.trim_end()), "{line:?} missing:\n{text}");
    }
    assert!(
        text.contains("₭ 1,250,000") && text.contains("No. 000123"),
        "{text}"
    );
}

#[test]
fn only_the_fonts_used_are_embedded() {
    let fonts = Fonts::bundled();
    let mut page = Page::new(fonts, 80.0, 50.0);
    page.text(4.0, 8.0, 9.0, false, Rgb::BLACK, "Latin only 123");
    let mut doc = Document::new(fonts, "t");
    doc.push(page);
    let path = scratch("latin-only").join("t.pdf");
    std::fs::write(&path, doc.render().expect("render")).expect("write");
    let listing = stdout("pdffonts", &[path.to_str().expect("UTF-8 path")]);
    let names: Vec<&str> = listing
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names.len(), 1, "{listing}");
    assert!(names[0].ends_with("+NotoSans-Regular"), "{listing}");
}
