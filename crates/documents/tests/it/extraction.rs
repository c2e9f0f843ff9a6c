//! Text that survives copy and search in every PDF viewer.
//!
//! poppler (`pdftotext`) reads each line's `/ActualText`; MuPDF (`mutool`, SumatraPDF), pdf.js and
//! PDFium ignore it and read each glyph's text from its font's ToUnicode map. Both must give back what
//! was drawn, for every locale message and the Lao names of the test data, in both weights, and on
//! every kind of document.
//!
//! The comparison allows one difference: whitespace and line breaks. Viewers rebuild spaces from the
//! gaps between glyphs and break lines where `text_box` wrapped them, so all whitespace is removed
//! from both sides. Nothing else is normalised: the shaper splits ຳ into the glyphs of ໍ and າ, yet
//! the ToUnicode entry of that າ is ຳ and the glyph holding the ໍ stands for the rest of its own text,
//! so ນ້ຳ reads back as ນ້ຳ and not as its compatibility spelling ນ້ໍາ (which a search for ນ້ຳ
//! would not find).

use std::collections::BTreeMap;
use std::path::Path;

use nssf_documents::text::wrap_lines;
use nssf_documents::{
    card_pdf, receipt_a5_pdf, receipt_lines, receipt_roll_pdf, report_pdf, Document, Fonts, Page,
    ReceiptDoc, ReceiptMonth, ReportDoc, Rgb,
};

use crate::card::assert_fonts_embedded_subset_unicode;
use crate::coverage::{locale_texts, NAMES};
use crate::support::{sample_card, scratch, stdout};

/// Lao names and words of the test data whose marks stack or whose ຳ the shaper splits.
const LAO_WORDS: &[&str] = &[
    "ເຈົ້າ ນ້ຳໃຈ",
    "ເສື້ອ",
    "ບໍ່",
    "ຊື່",
    "ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ",
    "ບັດສະມາຊິກ",
    "ນ້ຳ ຄຳ ຕ່ຳ ຖ້ຳ ຊ້ຳ ຫຼ້ຳ ໜ້ຳ ປ້ຳ ຂໍ້ ປໍ້ ຕໍ່ ຊາດ ສຳນັກງານກາງ ປຶ້ມສຳມະໂນຄົວ",
];

/// `text` without whitespace: the one difference a viewer's text may have (see the module docs).
fn comparable(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text `tool` extracts from `pdf`.
fn extract(tool: &str, pdf: &str) -> String {
    match tool {
        "mutool" => stdout("mutool", &["draw", "-q", "-F", "txt", "-o", "-", pdf]),
        "pdftotext" => stdout("pdftotext", &["-enc", "UTF-8", pdf, "-"]),
        _ => unreachable!("no extractor {tool}"),
    }
}

fn no_replacement_characters(tool: &str, what: &str, extracted: &str) {
    let bad: Vec<&str> = extracted
        .lines()
        .filter(|l| l.contains('\u{FFFD}'))
        .collect();
    assert!(
        bad.is_empty(),
        "{tool} reads U+FFFD in {what}:\n{}",
        bad.join("\n")
    );
}

/// `extracted` is exactly the `drawn` texts in order, whitespace aside. pdftotext also joins a word
/// broken after a hyphen at a line's end and drops that hyphen (its dehyphenation: `--data` wrapped after
/// its first dash reads `-data`), so hyphens are compared in MuPDF's text only.
fn assert_reads_back_in_order(tool: &str, what: &str, extracted: &str, drawn: &[String]) {
    no_replacement_characters(tool, what, extracted);
    let text_of = |text: &str| -> String {
        let text = comparable(text);
        if tool == "pdftotext" {
            text.replace('-', "")
        } else {
            text
        }
    };
    let got = text_of(extracted);
    let mut rest = got.as_str();
    for text in drawn {
        let want = text_of(text);
        match rest.strip_prefix(want.as_str()) {
            Some(after) => rest = after,
            None => {
                let seen: String = rest.chars().take(want.chars().count() + 12).collect();
                panic!("{tool} reads ‹{text}› in {what} back as ‹{seen}›…");
            }
        }
    }
    assert!(
        rest.is_empty(),
        "{tool} reads more than was drawn in {what}: ‹{rest}›"
    );
}

fn write(name: &str, pdf: &[u8]) -> String {
    let path = scratch("extraction").join(name);
    std::fs::write(&path, pdf).expect("write PDF");
    path.to_str().expect("UTF-8 path").to_owned()
}

/// Draws each text as a wrapped paragraph on A4 pages, starting a page when one is full.
fn paragraphs<'f>(fonts: &'f Fonts, doc: &mut Document<'f>, texts: &[String], bold: bool) {
    let (size, width, bottom) = (9.0, 185.0, 285.0);
    let line_height = size * 1.35 * 25.4 / 72.0;
    let mut page = Page::new(fonts, 210.0, 297.0);
    let mut y = 12.0;
    for text in texts {
        let height = wrap_lines(fonts, text, width, size, bold).len() as f32 * line_height;
        if y + height > bottom {
            doc.push(std::mem::replace(&mut page, Page::new(fonts, 210.0, 297.0)));
            y = 12.0;
        }
        y += page.text_box(12.0, y, width, size, bold, Rgb::BLACK, text) + 1.0;
    }
    doc.push(page);
}

/// Every locale message (Lao and English: every glyph the documents can draw) and the Lao names, in
/// regular then bold, in one document: a glyph drawn for different text in different places of one
/// document is the case that once read back as U+FFFD.
#[test]
fn every_locale_message_and_name_reads_back_in_mupdf_and_poppler() {
    let fonts = Fonts::bundled();
    let mut texts: Vec<String> = locale_texts()
        .into_iter()
        .map(|(_, text)| text)
        .filter(|text| !comparable(text).is_empty())
        .collect();
    texts.extend(NAMES.iter().chain(LAO_WORDS).map(|name| (*name).to_owned()));
    assert!(
        texts.iter().filter(|t| t.contains('ຳ')).count() > 20,
        "the texts must exercise the split ຳ"
    );
    let mut doc = Document::new(fonts, "Every message");
    paragraphs(fonts, &mut doc, &texts, false);
    paragraphs(fonts, &mut doc, &texts, true);
    let pdf = write("messages.pdf", &doc.render().expect("render"));
    let drawn: Vec<String> = texts.iter().chain(&texts).cloned().collect();
    for tool in ["mutool", "pdftotext"] {
        assert_reads_back_in_order(tool, "the messages", &extract(tool, &pdf), &drawn);
    }
    assert_fonts_embedded_subset_unicode(&pdf);
    assert_one_text_per_glyph(&pdf);
}

#[test]
fn each_lao_word_reads_back_alone_in_either_weight() {
    // Alone, a word's glyphs have one text each; the document-wide choice between texts is not needed.
    let fonts = Fonts::bundled();
    for word in LAO_WORDS {
        for bold in [false, true] {
            let mut page = Page::new(fonts, 148.0, 40.0);
            page.text(5.0, 20.0, 12.0, bold, Rgb::BLACK, word);
            let mut doc = Document::new(fonts, "Word");
            doc.push(page);
            let pdf = write("word.pdf", &doc.render().expect("render"));
            let what = format!("‹{word}› (bold: {bold})");
            for tool in ["mutool", "pdftotext"] {
                let drawn = [(*word).to_owned()];
                assert_reads_back_in_order(tool, &what, &extract(tool, &pdf), &drawn);
            }
        }
    }
}

/// The documents the desk prints, built through the public API, each with the text it was given.
fn documents() -> Vec<(&'static str, Vec<u8>, Vec<String>)> {
    let fonts = Fonts::bundled();
    let fund = "ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ";
    let member = "ນາງ ເຈົ້າ ນ້ຳໃຈ";
    let card = sample_card("01-2024-000123", None);
    let card_texts = vec![
        card.fund_name_lo.clone(),
        card.card_title.clone(),
        card.name_lo.clone(),
        card.hospital.clone(),
        card.labels.member_no.clone(),
        card.labels.date_of_birth.clone(),
    ];

    let months: Vec<ReceiptMonth> = (0..3)
        .map(|i| ReceiptMonth {
            year: 2026,
            month: 10 + i,
            base_kip: 1_500_000,
            amount_kip: 82_500,
            floor_applied: false,
        })
        .collect();
    let receipt = ReceiptDoc {
        fund_name_lo: fund.into(),
        fund_name_en: "National Social Security Fund".into(),
        office: "ຈັນທະບູລີ, ນະຄອນຫຼວງວຽງຈັນ · 01".into(),
        title: "ໃບຮັບເງິນສົມທົບ / Contribution receipt".into(),
        fields: vec![
            ("ເລກໃບຮັບເງິນ / Receipt no.".into(), "R-01-000123".into()),
            ("ເລກສະມາຊິກ / Member no.".into(), "01-2024-000123".into()),
            ("ສະມາຊິກ / Member".into(), member.into()),
            ("ວິທີຈ່າຍ / Paid by".into(), "ເງິນສົດ / Cash".into()),
            ("ພະນັກງານຮັບເງິນ / Cashier".into(), "ທ້າວ ຄຳໝັ້ນ ວົງກົດຕະລາດ".into()),
        ],
        columns: [
            "ເດືອນ / Month".into(),
            "ຖານລາຍຮັບ / Income base".into(),
            "ຕໍ່ເດືອນ / Per month".into(),
            "ຈຳນວນເງິນ / Amount".into(),
        ],
        lines: receipt_lines(&months, |kip| format!("{kip} ₭")),
        total_label: "ລວມ / Total".into(),
        total: "247500 ₭".into(),
        words_label: "ຈຳນວນເງິນເປັນຕົວໜັງສື / Amount in words".into(),
        words_lo: "ສອງແສນສີ່ໝື່ນເຈັດພັນຫ້າຮ້ອຍກີບ".into(),
        words_en: "Two hundred forty-seven thousand five hundred kip".into(),
        copy_labels: [
            "ສະບັບຂອງສະມາຊິກ / Member's copy".into(),
            "ສະບັບຂອງຫ້ອງການ / Office copy".into(),
        ],
        qr_payload: "NSSF-R1:R-01-000123".into(),
        ..ReceiptDoc::default()
    };
    let receipt_texts = vec![
        receipt.fund_name_lo.clone(),
        receipt.title.clone(),
        member.to_owned(),
        "ທ້າວ ຄຳໝັ້ນ ວົງກົດຕະລາດ".to_owned(),
        "ຈຳນວນເງິນ".to_owned(),
        receipt.words_lo.clone(),
    ];

    let statement = ReportDoc {
        fund_name_lo: fund.into(),
        fund_name_en: "National Social Security Fund".into(),
        office: "ຈັນທະບູລີ, ນະຄອນຫຼວງວຽງຈັນ · 01".into(),
        title: "ໃບແຈ້ງການຈ່າຍເງິນສົມທົບ / Contribution statement".into(),
        fields: vec![
            ("ສະມາຊິກ / Member".into(), member.into()),
            (
                "ຖານລາຍຮັບປັດຈຸບັນ / Current income base".into(),
                "1,500,000 ₭".into(),
            ),
        ],
        columns: vec![
            "ເດືອນ / Month".into(),
            "ສະຖານະ / Status".into(),
            "ຈຳນວນເງິນ / Amount".into(),
        ],
        rows: vec![
            vec!["09/2026".into(), "ຈ່າຍແລ້ວ".into(), "82,500 ₭".into()],
            vec!["10/2026".into(), "ຍັງບໍ່ຈ່າຍ".into(), "82,500 ₭".into()],
            vec!["11/2026".into(), "ຍັງບໍ່ຮອດກຳນົດ".into(), "82,500 ₭".into()],
        ],
        footer: vec![
            ("ເງິນຄ້າງຈ່າຍ / Arrears".into(), "82,500 ₭".into()),
            ("ຕ້ອງຈ່າຍສຳລັບເດືອນນີ້ / Due this month".into(), "0 ₭".into()),
        ],
    };
    let statement_texts = vec![
        fund.to_owned(),
        member.to_owned(),
        "ຍັງບໍ່ຈ່າຍ".to_owned(),
        "ຍັງບໍ່ຮອດກຳນົດ".to_owned(),
        "ເງິນຄ້າງຈ່າຍ".to_owned(),
        "ຕ້ອງຈ່າຍສຳລັບເດືອນນີ້".to_owned(),
    ];

    let day_sheet = ReportDoc {
        fund_name_lo: fund.into(),
        fund_name_en: "National Social Security Fund".into(),
        office: "ຈັນທະບູລີ, ນະຄອນຫຼວງວຽງຈັນ · 01".into(),
        title: "ໃບສະຫຼຸບປະຈຳວັນຂອງພະນັກງານຮັບເງິນ / Cashier's day sheet".into(),
        fields: vec![
            ("ວັນທີ / Date".into(), "26/11/2026".into()),
            ("ສະຖານະ / Status".into(), "ຍັງເປີດ / Open".into()),
        ],
        columns: vec![
            "ໃບຮັບເງິນ / Receipt".into(),
            "ສະມາຊິກ / Member".into(),
            "ວິທີຈ່າຍ / Method".into(),
            "ຈຳນວນເງິນ / Amount".into(),
        ],
        rows: vec![
            vec![
                "R-01-000123".into(),
                "01-2024-000123".into(),
                "ເງິນສົດ".into(),
                "247,500 ₭".into(),
            ],
            vec![
                "R-01-000124 (ຍົກເລີກ)".into(),
                "01-2024-000124".into(),
                "ໂອນ".into(),
                "82,500 ₭".into(),
            ],
        ],
        footer: vec![
            ("ຈຳນວນເງິນທີ່ຍົກເລີກ / Voided".into(), "82,500 ₭".into()),
            (
                "ເງິນສົດທີ່ຄວນມີໃນລິ້ນຊັກ / Cash expected in the drawer".into(),
                "247,500 ₭".into(),
            ),
        ],
    };
    let day_sheet_texts = vec![
        fund.to_owned(),
        "ໃບສະຫຼຸບປະຈຳວັນຂອງພະນັກງານຮັບເງິນ".to_owned(),
        "ຍົກເລີກ".to_owned(),
        "ຈຳນວນເງິນທີ່ຍົກເລີກ".to_owned(),
        "ເງິນສົດທີ່ຄວນມີໃນລິ້ນຊັກ".to_owned(),
    ];

    vec![
        ("card", card_pdf(fonts, &card).expect("card"), card_texts),
        (
            "A5 receipt",
            receipt_a5_pdf(fonts, &receipt).expect("A5 receipt"),
            receipt_texts.clone(),
        ),
        (
            "roll receipt",
            receipt_roll_pdf(fonts, &receipt).expect("roll receipt"),
            receipt_texts,
        ),
        (
            "statement",
            report_pdf(fonts, &statement).expect("statement"),
            statement_texts,
        ),
        (
            "day sheet",
            report_pdf(fonts, &day_sheet).expect("day sheet"),
            day_sheet_texts,
        ),
    ]
}

#[test]
fn cards_receipts_statements_and_day_sheets_read_back_in_mupdf_and_poppler() {
    for (what, bytes, texts) in documents() {
        let pdf = write(&format!("{}.pdf", what.replace(' ', "-")), &bytes);
        for tool in ["mutool", "pdftotext"] {
            let extracted = extract(tool, &pdf);
            no_replacement_characters(tool, what, &extracted);
            let got = comparable(&extracted);
            for text in &texts {
                assert!(
                    got.contains(&comparable(text)),
                    "{tool} does not read ‹{text}› in the {what}:\n{extracted}"
                );
            }
        }
        assert_one_text_per_glyph(&pdf);
    }
}

/// The glyphs' ToUnicode texts in each embedded font, by font name: `code → text`. Also checks that
/// every code the font's widths list (every glyph drawn) has exactly one entry.
fn unicode_maps(pdf: &str) -> BTreeMap<String, BTreeMap<u16, String>> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let mut maps = BTreeMap::new();
    for object in doc.objects.values() {
        let Ok(font) = object.as_dict() else { continue };
        if !font
            .get(b"Subtype")
            .and_then(|s| s.as_name())
            .is_ok_and(|s| s == b"Type0")
        {
            continue;
        }
        let name = String::from_utf8_lossy(
            font.get(b"BaseFont")
                .and_then(|n| n.as_name())
                .expect("BaseFont"),
        )
        .into_owned();
        let to_unicode = font
            .get(b"ToUnicode")
            .and_then(|r| doc.dereference(r))
            .and_then(|(_, s)| s.as_stream())
            .unwrap_or_else(|e| panic!("{name} has no ToUnicode stream: {e}"));
        let cmap = to_unicode
            .decompressed_content()
            .unwrap_or_else(|_| to_unicode.content.clone());
        let map = parse_bfchar(&String::from_utf8_lossy(&cmap), &name);
        let descendant = font
            .get(b"DescendantFonts")
            .and_then(|d| d.as_array())
            .and_then(|d| doc.dereference(&d[0]))
            .and_then(|(_, d)| d.as_dict())
            .expect("descendant font");
        let widths = descendant.get(b"W").and_then(|w| w.as_array()).expect("W");
        for pair in widths.chunks(2) {
            let first = pair[0].as_i64().expect("first code") as u16;
            let count = pair[1].as_array().expect("widths").len() as u16;
            for code in first..first + count {
                assert!(
                    map.contains_key(&code),
                    "{name}: glyph {code} has no ToUnicode entry"
                );
            }
        }
        maps.insert(name, map);
    }
    assert!(!maps.is_empty(), "no Type0 fonts in {pdf}");
    maps
}

/// The `bfchar` entries of a ToUnicode CMap (printpdf writes no `bfrange`), each code once, each text
/// non-empty and free of U+FFFD.
fn parse_bfchar(cmap: &str, font: &str) -> BTreeMap<u16, String> {
    assert!(!cmap.contains("beginbfrange"), "{font}: unexpected bfrange");
    let mut map = BTreeMap::new();
    for block in cmap.split("beginbfchar").skip(1) {
        let block = block.split("endbfchar").next().unwrap_or_default();
        for line in block.lines().filter(|l| l.starts_with('<')) {
            let hex: Vec<&str> = line
                .split(['<', '>'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let [code, text] = hex[..] else {
                panic!("{font}: bad bfchar line {line:?}")
            };
            let code = u16::from_str_radix(code, 16).expect("hex code");
            let units: Vec<u16> = (0..text.len())
                .step_by(4)
                .map(|i| u16::from_str_radix(&text[i..i + 4], 16).expect("hex UTF-16"))
                .collect();
            let text = String::from_utf16(&units).expect("UTF-16BE text");
            assert!(
                !text.is_empty() && !text.contains('\u{FFFD}'),
                "{font}: glyph {code} maps to ‹{text}›"
            );
            assert!(
                map.insert(code, text).is_none(),
                "{font}: glyph {code} mapped twice"
            );
        }
    }
    map
}

fn assert_one_text_per_glyph(pdf: &str) {
    unicode_maps(pdf);
}

/// Pixels of page `page` at 150 dpi.
fn raster(pdf: &str, page: u32, dir: &Path) -> image::RgbImage {
    let prefix = dir.join(format!("raster-{page}"));
    let prefix = prefix.to_str().expect("UTF-8 path");
    let page = page.to_string();
    stdout(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-f",
            &page,
            "-l",
            &page,
            "-png",
            "-singlefile",
            pdf,
            prefix,
        ],
    );
    image::open(format!("{prefix}.png")).expect("PNG").to_rgb8()
}

#[test]
fn a_glyph_drawn_for_two_texts_keeps_its_look() {
    // Drawn alone, the າ glyphs of ນ້ຳ ຫຼ້ຳ ຕ່ຳ ປ້ຳ stand for ຳ, and the ligature in ຫຼ້ຳ for ້. With
    // ຊາດ, ຂໍ້ and ປໍ້ on a third page the same glyphs are also the plain າ and ໍ + ້, which win (the
    // cmap's character, the more common text): pages 1 and 2 then draw duplicates, which must look
    // exactly like the originals.
    let fonts = Fonts::bundled();
    let words = "ນ້ຳ ຫຼ້ຳ ຕ່ຳ ປ້ຳ";
    let dir = scratch("duplicates");
    let render = |with_plain: bool| {
        let mut doc = Document::new(fonts, "Duplicates");
        for bold in [false, true] {
            let mut page = Page::new(fonts, 120.0, 30.0);
            page.text(5.0, 15.0, 20.0, bold, Rgb::BLACK, words);
            doc.push(page);
        }
        if with_plain {
            let mut page = Page::new(fonts, 120.0, 30.0);
            page.text(5.0, 15.0, 20.0, false, Rgb::BLACK, "ຊາດ ຂໍ້ ຂໍ້ ປໍ້ ປໍ້ ປໍ້");
            page.text(5.0, 25.0, 20.0, true, Rgb::BLACK, "ຊາດ ຂໍ້ ຂໍ້ ປໍ້ ປໍ້ ປໍ້");
            doc.push(page);
        }
        let name = if with_plain {
            "with-plain.pdf"
        } else {
            "alone.pdf"
        };
        let path = dir.join(name);
        std::fs::write(&path, doc.render().expect("render")).expect("write");
        path.to_str().expect("UTF-8 path").to_owned()
    };
    let (alone, with_plain) = (render(false), render(true));
    for page in [1, 2] {
        assert!(
            raster(&alone, page, &dir) == raster(&with_plain, page, &dir),
            "page {page} looks different once its glyphs are duplicated"
        );
    }
    // The duplicates are there: in each Lao font, ຳ and າ are two entries.
    for (font, map) in unicode_maps(&with_plain)
        .into_iter()
        .filter(|(f, _)| f.contains("Lao"))
    {
        for text in ["ຳ", "າ", "ໍ້", "້"] {
            assert!(
                map.values().any(|t| t == text),
                "{font} has no glyph for ‹{text}›: {map:?}"
            );
        }
    }
    for tool in ["mutool", "pdftotext"] {
        let drawn = [words, words, "ຊາດ ຂໍ້ ຂໍ້ ປໍ້ ປໍ້ ປໍ້", "ຊາດ ຂໍ້ ຂໍ້ ປໍ້ ປໍ້ ປໍ້"].map(String::from);
        assert_reads_back_in_order(tool, "the duplicates", &extract(tool, &with_plain), &drawn);
    }
}

#[test]
#[should_panic(expected = "run scripts/system-packages.sh")]
fn a_missing_tool_fails_the_test_naming_the_install_script() {
    crate::support::run("nssf-no-such-pdf-tool", &["--version"]);
}
