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

/// A card's QR text as the office signs it since `NSSF2` (crates/api/src/cards/payload.rs): the ASCII
/// fields in the QR alphanumeric alphabet, the holder's Lao name in UTF-8, a base32 signature.
fn signed_payload(member_no: &str, name_lo: &str) -> String {
    let signature: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".repeat(4)[..103].to_owned();
    format!("NSSF2:{member_no}:12:0101-01:1985-03-12:M5QXEZLOMVZXI33SPEZQ:{name_lo}:{signature}")
}

/// The QR code as a printer lays it down: the payload decodes back byte for byte from a 300 dpi render
/// (Lao names included), and its modules are at least 0.4 mm, measured from the 1-bit image's resolution
/// (four pixels a module) in the PDF.
#[test]
fn the_qr_code_carries_the_lao_name_with_modules_of_at_least_0_4_mm() {
    let dir = scratch("qrsize");
    let check = |name_lo: &str, min_module_mm: f64| {
        let payload = signed_payload("0101-01-0000001-1", name_lo);
        let card = CardData {
            qr_payload: payload.clone(),
            ..sample_card("0101-01-0000001-1", Some(prepared_photo().jpeg))
        };
        let pdf = write(
            &dir,
            &format!("name{}.pdf", name_lo.chars().count()),
            &card_pdf(Fonts::bundled(), &card).expect("card"),
        );
        assert_eq!(decode_qr(&pdf, &dir), payload, "{name_lo}");
        let list = stdout("pdfimages", &["-list", &pdf]);
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        let qr_row: Vec<&str> = list
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|cols| cols.len() > 13 && cols[7] == "1")
            .unwrap_or_else(|| panic!("no 1-bit image in {pdf}:\n{list}"));
        let ppi: f64 = qr_row[12].parse().expect("x-ppi");
        let module_mm = 4.0 / ppi * 25.4;
        assert!(
            module_mm >= min_module_mm,
            "{name_lo:?}: modules of {module_mm:.3} mm"
        );
    };
    // Eleven to twenty characters (most names): version 9, 0.43 mm.
    check("ເຈົ້າ ນ້ຳໃຈ", 0.42);
    check("ສົມສັກ ພົມມະວົງ", 0.42);
    // Up to thirty-one: version 10, 0.4 mm.
    check("ບຸນເຫຼືອ ຜົ້ງສາລີວົງສະຫວັນພູມມະ", 0.399);
    // Longer names still print and scan, with smaller modules (version 11, 0.37 mm).
    check("ບຸນເຫຼືອ ຜົ້ງສາລີວົງສະຫວັນພູມມະຈັກແກ້ວມະນີ", 0.37);
}
