//! A member card checked the way a person (and a printer) would see it.

use std::path::Path;

use nssf_documents::{card_pdf, CardData, Fonts};
use unicode_normalization::UnicodeNormalization;

use crate::support::{prepared_photo, run, sample_card, scratch, stdout};

const PT_PER_MM: f64 = 72.0 / 25.4;

fn write(dir: &Path, name: &str, pdf: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, pdf).expect("write PDF");
    path.to_str().expect("UTF-8 path").to_owned()
}

/// `(width, height)` in points from `pdfinfo`, and the page count.
pub fn page_size(pdf: &str) -> ((f64, f64), usize) {
    let info = stdout("pdfinfo", &[pdf]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("pdfinfo has no {name}: {info}"))
            .trim()
            .to_owned()
    };
    let size = field("Page size:");
    let parts: Vec<&str> = size.split_whitespace().collect();
    let w = parts[0].parse().expect("width");
    let h = parts[2].parse().expect("height");
    let pages = field("Pages:").parse().expect("page count");
    ((w, h), pages)
}

/// Every font is embedded, subset and has a ToUnicode map.
pub fn assert_fonts_embedded_subset_unicode(pdf: &str) {
    let fonts = stdout("pdffonts", &[pdf]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {pdf}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... emb sub uni objnum gen
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "font row: {row}"
        );
        let tag = cols[0].split('+').next().unwrap_or("");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "subset tag must be six capitals: {row}"
        );
    }
}

pub fn assert_qpdf_clean(pdf: &str) {
    let output = run("qpdf", &["--check", pdf]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && text.contains("No syntax or stream encoding errors"),
        "qpdf --check: {text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn decode_qr(pdf: &str, dir: &Path) -> String {
    let prefix = dir.join("page");
    let prefix = prefix.to_str().expect("UTF-8 path");
    stdout(
        "pdftoppm",
        &["-r", "300", "-png", "-singlefile", pdf, prefix],
    );
    let png = format!("{prefix}.png");
    let output = run("zbarimg", &["--raw", "-q", &png]);
    assert!(output.status.success(), "zbarimg found no code in {png}");
    String::from_utf8(output.stdout)
        .expect("UTF-8 payload")
        .trim_end_matches('\n')
        .to_owned()
}

#[test]
fn card_pdf_passes_the_tool_checks() {
    let dir = scratch("card");
    let photo = prepared_photo();
    assert_eq!((photo.width, photo.height), (600, 800));
    assert!(photo.jpeg.len() <= 80 * 1024);
    let card = sample_card("01-2024-000123", Some(photo.jpeg.clone()));
    let pdf_bytes = card_pdf(Fonts::bundled(), &card).expect("card");
    let pdf = write(&dir, "card.pdf", &pdf_bytes);

    let ((w, h), pages) = page_size(&pdf);
    assert_eq!(pages, 1);
    assert!((w - 85.6 * PT_PER_MM).abs() <= 0.5, "width {w}");
    assert!((h - 54.0 * PT_PER_MM).abs() <= 0.5, "height {h}");
    assert_fonts_embedded_subset_unicode(&pdf);
    assert_qpdf_clean(&pdf);

    let text = stdout("pdftotext", &[&pdf, "-"]);
    for expected in [
        &card.name_lo,
        &card.name_latin,
        &card.member_no,
        &card.hospital,
    ] {
        let nfc: String = expected.nfc().collect();
        assert!(text.contains(&nfc), "pdftotext lacks {nfc:?}:\n{text}");
    }
    assert!(
        text.contains("ສະບັບທີ / Issue 2"),
        "issue number missing:\n{text}"
    );

    assert_eq!(decode_qr(&pdf, &dir), card.qr_payload);

    assert!(
        pdf_bytes.len() <= 60 * 1024,
        "card with a {} B photo is {} B",
        photo.jpeg.len(),
        pdf_bytes.len()
    );
    // The photo goes in as the stored JPEG, byte for byte, exactly once.
    let found = pdf_bytes
        .windows(photo.jpeg.len())
        .filter(|w| *w == photo.jpeg.as_slice())
        .count();
    assert_eq!(found, 1, "the JPEG bytes must appear unchanged in the PDF");
    assert!(pdf_bytes.windows(10).any(|w| w == b"/DCTDecode"));
}

#[test]
fn hard_names_extract_exactly() {
    let dir = scratch("names");
    let names: &[(&str, &str)] = &[
        ("ນາງ ເຈົ້າ ນ້ຳໃຈ", "Ms Chao NAMCHAI"),
        ("ທ້າວ ສົມສັກ ພົມມະວົງ", "Mr Somsack PHOMMAVONG"),
        ("ນາງ ເສື້ອ ບໍ່ຊື່", "Ms Seua BORXUE"),
        ("ທ້າວ ຫຼ້າ ຖ້ຳ", "Mr Lâ THÂM"),
        ("ທ່ານ ບຸນເຫຼືອ ຜົ້ງສາລີ", "Mr Bounleua Phôngsali"),
    ];
    for (i, (lo, latin)) in names.iter().enumerate() {
        let card = CardData {
            name_lo: (*lo).to_owned(),
            name_latin: (*latin).to_owned(),
            issue_number: 1,
            ..sample_card("01-2024-000777", None)
        };
        let pdf = write(
            &dir,
            &format!("name{i}.pdf"),
            &card_pdf(Fonts::bundled(), &card).expect("card"),
        );
        let text = stdout("pdftotext", &[&pdf, "-"]);
        assert!(text.contains(*lo), "{lo:?} not extracted:\n{text}");
        assert!(text.contains(*latin), "{latin:?} not extracted:\n{text}");
        assert!(
            !text.contains("ສະບັບທີ"),
            "issue 1 must not print an issue number"
        );
    }
}

#[test]
fn card_without_photo_draws_a_placeholder() {
    let dir = scratch("nophoto");
    let card = sample_card("01-2024-000124", None);
    let bytes = card_pdf(Fonts::bundled(), &card).expect("card");
    assert!(!bytes.windows(10).any(|w| w == b"/DCTDecode"));
    let pdf = write(&dir, "card.pdf", &bytes);
    assert_qpdf_clean(&pdf);
    assert_eq!(decode_qr(&pdf, &dir), card.qr_payload);
}

#[test]
fn a_photo_that_is_not_a_jpeg_is_an_error() {
    let card = sample_card("01-2024-000125", Some(b"\x89PNG\r\n\x1a\nrest".to_vec()));
    let err = card_pdf(Fonts::bundled(), &card).expect_err("not a JPEG");
    assert_eq!(err.code(), "document-image");
}
