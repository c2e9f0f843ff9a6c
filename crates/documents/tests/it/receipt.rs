//! Receipts of 1 to 36 months on both formats, checked from the PDF rather than by eye: every text box
//! inside its page and its copy (never across the A5 cut line), no two overlapping, continuation pages
//! where needed with the receipt number on each, range lines with the right counts that add up to the total,
//! and a diagonal VOID mark across each copy of a voided receipt.

use std::path::Path;
use std::process::Command;

use nssf_documents::{
    receipt_a5_pdf, receipt_lines, receipt_roll_pdf, Fonts, ReceiptDoc, ReceiptLine, ReceiptMark,
    ReceiptMonth,
};

use crate::card::assert_qpdf_clean;
use crate::support::{run, scratch, stdout};

const PT_PER_MM: f64 = 72.0 / 25.4;
const RECEIPT_NO: &str = "0101-01-2026-000123-4";
const VOID: &str = "ຍົກເລີກ / VOID";
const COPY: &str = "ສຳເນົາ / COPY";
const COPY_LABELS: [&str; 2] = [
    "ສະບັບຂອງສະມາຊິກ / Member’s copy",
    "ສະບັບຂອງຫ້ອງການ / Office’s copy",
];

/// "1,234,000 ₭", as the office formats kip.
fn kip(amount: i64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} ₭")
}

fn parse_kip(text: &str) -> Option<i64> {
    text.strip_suffix(" ₭")?.replace(',', "").parse().ok()
}

/// `count` months from 11/2026 at a base of 2,500,000 kip; from month `floor_from` on (if any) a raised
/// floor of 3,000,000 lifts the base.
fn months(count: usize, floor_from: Option<usize>) -> Vec<ReceiptMonth> {
    (0..count)
        .map(|i| {
            let index = 2026 * 12 + 10 + i as i32;
            let lifted = floor_from.is_some_and(|from| i >= from);
            let base_kip = if lifted { 3_000_000 } else { 2_500_000 };
            ReceiptMonth {
                year: index / 12,
                month: (index % 12) as u32 + 1,
                base_kip,
                amount_kip: (base_kip * 900 + 5_000) / 10_000,
                floor_applied: lifted,
            }
        })
        .collect()
}

/// `count` months whose base rises every month (a member who raises it monthly), so no two make a range.
fn rising(count: usize) -> Vec<ReceiptMonth> {
    let mut out = months(count, None);
    for (i, m) in out.iter_mut().enumerate() {
        m.base_kip += 10_000 * i as i64;
        m.amount_kip = (m.base_kip * 900 + 5_000) / 10_000;
    }
    out
}

/// A receipt as the desk builds one, for `months`.
pub fn sample_receipt(months: &[ReceiptMonth], mark: Option<ReceiptMark>) -> ReceiptDoc {
    let total: i64 = months.iter().map(|m| m.amount_kip).sum();
    let pair = |label: &str, value: &str| (label.to_owned(), value.to_owned());
    let mut fields = vec![
        pair("ເລກໃບຮັບເງິນ / Receipt no.", RECEIPT_NO),
        pair("ວັນທີ / Date", "26/11/2026"),
        pair("ເລກສະມາຊິກ / Member no.", "0101-2026-000042-7"),
        pair("ສະມາຊິກ / Member", "ນາງ ເຈົ້າ ນ້ຳໃຈ\nMs Chao NAMCHAI"),
        pair("ວິທີຈ່າຍ / Paid by", "ເງິນສົດ / Cash"),
        pair("ພະນັກງານຮັບເງິນ / Cashier", "ສົມສັກ ພົມມະວົງ"),
    ];
    if matches!(mark, Some(ReceiptMark::Void(_))) {
        fields.push(pair(
            "ເຫດຜົນຍົກເລີກ / Void reason",
            "ເດືອນບໍ່ຖືກຕ້ອງ / wrong months",
        ));
    }
    ReceiptDoc {
        fund_name_lo: "ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ".into(),
        fund_name_en: "National Social Security Fund".into(),
        office: "ຈັນທະບູລີ, ນະຄອນຫຼວງວຽງຈັນ · ເຄື່ອງທີ 01\n\
                 Chanthabouly, Vientiane Capital · workstation 01"
            .into(),
        title: "ໃບຮັບເງິນສົມທົບ / Contribution receipt".into(),
        fields,
        columns: [
            "ເດືອນ / Month".into(),
            "ຖານລາຍຮັບ / Income base".into(),
            "ຕໍ່ເດືອນ / Per month".into(),
            "ຈຳນວນເງິນ / Amount".into(),
        ],
        lines: receipt_lines(months, kip),
        total_label: "ລວມ / Total".into(),
        total: kip(total),
        words_label: "ຈຳນວນເງິນເປັນຕົວໜັງສື / Amount in words".into(),
        words_lo: "ແປດລ້ານເກົ້າແສນໜຶ່ງໝື່ນກີບຖ້ວນ".into(),
        words_en: "Eight million nine hundred ten thousand kip only".into(),
        notes: if months.iter().any(|m| m.floor_applied) {
            vec!["* ຂັ້ນຕ່ຳຂອງຖານລາຍຮັບໃຊ້ແທນ / * the floor of the income base applies".into()]
        } else {
            Vec::new()
        },
        signatures: [
            "ລາຍເຊັນພະນັກງານຮັບເງິນ / Cashier’s signature".into(),
            "ລາຍເຊັນສະມາຊິກ / Member’s signature".into(),
        ],
        continued: "ມີຕໍ່ໜ້າຖັດໄປ / Continued on the next page".into(),
        mark,
        copy_labels: COPY_LABELS.map(String::from),
        qr_payload: format!(
            "NSSFR1;{RECEIPT_NO};0101-2026-000042-7;{total};2026-11-26;0101-01;\
             c2lnbmF0dXJlIG9mIHRoZSBvZmZpY2Uga2V5IGluIGJhc2U2NA"
        ),
    }
}

#[test]
fn consecutive_months_on_the_same_terms_make_one_line() {
    let month = |year: i32, month: u32, base_kip: i64, floor_applied: bool| ReceiptMonth {
        year,
        month,
        base_kip,
        amount_kip: base_kip * 9 / 100,
        floor_applied,
    };
    let check = |months: &[ReceiptMonth], expected: &[(&str, u32, &str, &str, &str)]| {
        let lines = receipt_lines(months, kip);
        let expected: Vec<ReceiptLine> = expected
            .iter()
            .map(|&(label, count, base, per_month, amount)| ReceiptLine {
                months: label.to_owned(),
                count,
                base: base.to_owned(),
                per_month: per_month.to_owned(),
                amount: amount.to_owned(),
            })
            .collect();
        assert_eq!(lines, expected, "{months:?}");
    };
    check(&[], &[]);
    check(
        &[month(2026, 11, 2_500_000, false)],
        &[("11/2026", 1, "2,500,000 ₭", "225,000 ₭", "225,000 ₭")],
    );
    // Across a year end.
    check(
        &[
            month(2026, 11, 2_500_000, false),
            month(2026, 12, 2_500_000, false),
            month(2027, 1, 2_500_000, false),
        ],
        &[(
            "11/2026 – 01/2027 × 3",
            3,
            "2,500,000 ₭",
            "225,000 ₭",
            "675,000 ₭",
        )],
    );
    // A raised floor splits the run; the lifted base carries its star.
    check(
        &[
            month(2026, 12, 2_500_000, false),
            month(2027, 1, 3_000_000, true),
            month(2027, 2, 3_000_000, true),
        ],
        &[
            ("12/2026", 1, "2,500,000 ₭", "225,000 ₭", "225,000 ₭"),
            (
                "01/2027 – 02/2027 × 2",
                2,
                "3,000,000 ₭ *",
                "270,000 ₭",
                "540,000 ₭",
            ),
        ],
    );
    // The same base reached by the member's own choice is not the floor: two lines.
    check(
        &[
            month(2027, 1, 3_000_000, false),
            month(2027, 2, 3_000_000, true),
        ],
        &[
            ("01/2027", 1, "3,000,000 ₭", "270,000 ₭", "270,000 ₭"),
            ("02/2027", 1, "3,000,000 ₭ *", "270,000 ₭", "270,000 ₭"),
        ],
    );
    // A gap (a month paid earlier) breaks the run; the same month of another year does not continue it.
    check(
        &[
            month(2027, 1, 2_500_000, false),
            month(2027, 3, 2_500_000, false),
            month(2028, 4, 2_500_000, false),
        ],
        &[
            ("01/2027", 1, "2,500,000 ₭", "225,000 ₭", "225,000 ₭"),
            ("03/2027", 1, "2,500,000 ₭", "225,000 ₭", "225,000 ₭"),
            ("04/2028", 1, "2,500,000 ₭", "225,000 ₭", "225,000 ₭"),
        ],
    );
}

/// One receipt to lay out, and what its month table must say.
struct Case {
    name: &'static str,
    months: Vec<ReceiptMonth>,
    /// The months column, in order.
    lines: Vec<String>,
    /// A4 pages of the A5 pair: without a mark, and voided (the void reason adds a field).
    a5_pages: [usize; 2],
}

fn cases() -> Vec<Case> {
    let rising_lines = |count: usize| {
        rising(count)
            .iter()
            .map(|m| format!("{:02}/{}", m.month, m.year))
            .collect()
    };
    vec![
        Case {
            name: "1",
            months: months(1, None),
            lines: vec!["11/2026".into()],
            a5_pages: [1, 1],
        },
        Case {
            name: "12",
            months: months(12, Some(6)),
            lines: vec![
                "11/2026 – 04/2027 × 6".into(),
                "05/2027 – 10/2027 × 6".into(),
            ],
            a5_pages: [1, 1],
        },
        Case {
            name: "36",
            months: months(36, Some(18)),
            lines: vec![
                "11/2026 – 04/2028 × 18".into(),
                "05/2028 – 10/2029 × 18".into(),
            ],
            a5_pages: [1, 1],
        },
        // Months that cannot be grouped: the A5 pair continues on further pages.
        Case {
            name: "12-rising",
            months: rising(12),
            lines: rising_lines(12),
            a5_pages: [2, 2],
        },
        Case {
            name: "36-rising",
            months: rising(36),
            lines: rising_lines(36),
            a5_pages: [3, 3],
        },
    ]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    A5,
    Roll,
}

#[test]
fn receipts_of_any_length_stay_inside_their_copy() {
    let fonts = Fonts::bundled();
    let dir = scratch("receipt-layout");
    for case in cases() {
        for (mark, void, mark_name) in [
            (None, false, "original"),
            (Some(ReceiptMark::Void(VOID.into())), true, "void"),
            (Some(ReceiptMark::Copy(COPY.into())), false, "copy"),
        ] {
            let doc = sample_receipt(&case.months, mark.clone());
            for format in [Format::A5, Format::Roll] {
                let pdf = match format {
                    Format::A5 => receipt_a5_pdf(fonts, &doc),
                    Format::Roll => receipt_roll_pdf(fonts, &doc),
                }
                .expect("renders");
                let name = format!("{}-{format:?}-{mark_name}", case.name);
                let path = dir.join(format!("{name}.pdf"));
                std::fs::write(&path, &pdf).expect("write PDF");
                check_layout(&path, &case, format, void, &name);
            }
        }
    }
}

/// Every QR code a receipt prints scans back to its payload, on both copies of the A5 pair, and all of
/// them are one image stored once, drawn without smoothing. Continuation pages carry no code.
#[test]
fn every_printed_qr_code_scans_and_is_stored_once() {
    let fonts = Fonts::bundled();
    let dir = scratch("receipt-qr");
    // (months, format, codes on each page)
    let check = |months: Vec<ReceiptMonth>, format: Format, codes_per_page: &[usize]| {
        let doc = sample_receipt(&months, None);
        let pdf = match format {
            Format::A5 => receipt_a5_pdf(fonts, &doc),
            Format::Roll => receipt_roll_pdf(fonts, &doc),
        }
        .expect("renders");
        let name = format!("{}-{format:?}", months.len());
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, &pdf).expect("write PDF");
        let file = path.to_str().expect("UTF-8 path");
        assert_qpdf_clean(file);

        // page num type width height color comp bpc enc interp object ID ...
        let list = stdout("pdfimages", &["-list", file]);
        let images: Vec<Vec<&str>> = list
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().collect())
            .collect();
        let pages: Vec<usize> = images.iter().map(|i| i[0].parse().expect("page")).collect();
        let expected_pages: Vec<usize> = (1..=codes_per_page.len())
            .flat_map(|page| std::iter::repeat_n(page, codes_per_page[page - 1]))
            .collect();
        assert_eq!(pages, expected_pages, "{name}: images per page\n{list}");
        for image in &images {
            assert_eq!(&image[3..5], [image[4], image[4]], "{name}: square\n{list}");
            assert_eq!(
                (image[5], image[7], image[9]),
                ("gray", "1", "no"),
                "{name}: 1-bit grey, not interpolated\n{list}"
            );
            assert_eq!(image[10], images[0][10], "{name}: one object\n{list}");
        }

        for (page, codes) in (1..).zip(codes_per_page) {
            let prefix = dir.join(format!("{name}-{page}"));
            let prefix = prefix.to_str().expect("UTF-8 path");
            let page = page.to_string();
            // 150 dpi, a screen preview's resolution: the code must not blur into noise there.
            let args = [
                "-r",
                "150",
                "-f",
                &page,
                "-l",
                &page,
                "-png",
                "-singlefile",
                file,
                prefix,
            ];
            stdout("pdftoppm", &args);
            let png = format!("{prefix}.png");
            // zbarimg exits non-zero when it finds no code: only its output counts.
            let decoded = run("zbarimg", &["--raw", "-q", &png]).stdout;
            let decoded = String::from_utf8(decoded).expect("UTF-8 payload");
            let decoded: Vec<&str> = decoded.lines().collect();
            assert_eq!(
                decoded,
                vec![doc.qr_payload.as_str(); *codes],
                "{name}: page {page}"
            );
        }
    };
    check(months(1, None), Format::A5, &[2]);
    check(months(36, Some(18)), Format::A5, &[2]);
    check(rising(36), Format::A5, &[2, 0, 0]);
    check(months(1, None), Format::Roll, &[1]);
    check(rising(36), Format::Roll, &[1]);
}

/// Everything checked on one PDF.
fn check_layout(path: &Path, case: &Case, format: Format, void: bool, name: &str) {
    let file = path.to_str().expect("UTF-8 path");
    let (pages, boxes) = text_boxes(file);
    let copies = match format {
        Format::A5 => 2,
        Format::Roll => 1,
    };
    let expected_pages = match format {
        Format::A5 => case.a5_pages[usize::from(void)],
        Format::Roll => 1,
    };
    assert_eq!(pages.len(), expected_pages, "{name}: pages");
    for page in &pages {
        let width_mm = page.0 / PT_PER_MM;
        let expected_width = match format {
            Format::A5 => 210.0,
            Format::Roll => 80.0,
        };
        assert!(
            (width_mm - expected_width).abs() < 0.1,
            "{name}: width {width_mm}"
        );
    }

    // Inside the page, 2 mm clear of its edges, and inside one copy's half of the A4 page.
    let margin = 2.0 * PT_PER_MM;
    for b in &boxes {
        let (width, height) = pages[b.page];
        assert!(
            b.x0 >= margin && b.y0 >= margin && b.x1 <= width - margin && b.y1 <= height - margin,
            "{name}: {b:?} outside page {}",
            b.page + 1
        );
        if format == Format::A5 {
            let cut = height / 2.0;
            assert!(
                b.y1 <= cut || b.y0 >= cut,
                "{name}: {b:?} crosses the cut line"
            );
        }
    }

    // No two text boxes overlap. Boxes are the fonts' full line height, so lines of one paragraph touch:
    // an overlap is more than 40 % of the lower box's height and 1 pt of width.
    let flat: Vec<&TextBox> = boxes.iter().filter(|b| !b.is_stamp()).collect();
    for (i, a) in flat.iter().enumerate() {
        for b in &flat[i + 1..] {
            if a.page != b.page {
                continue;
            }
            let across = a.x1.min(b.x1) - a.x0.max(b.x0);
            let down = a.y1.min(b.y1) - a.y0.max(b.y0);
            let lower = (a.y1 - a.y0).min(b.y1 - b.y0);
            assert!(
                across <= 1.0 || down <= 0.4 * lower,
                "{name}: {a:?} overlaps {b:?}"
            );
        }
    }

    // Each copy, page by page.
    let copy_of = |b: &TextBox| {
        if format == Format::A5 && b.y0 >= pages[b.page].1 / 2.0 {
            1
        } else {
            0
        }
    };
    let right_edge = match format {
        Format::A5 => 198.0,
        Format::Roll => 76.0,
    } * PT_PER_MM;
    let mut copy_texts: Vec<Vec<String>> = Vec::new();
    for (copy, caption) in COPY_LABELS.iter().enumerate().take(copies) {
        let mut texts = Vec::new();
        for page in 0..pages.len() {
            let mut here: Vec<&TextBox> = flat
                .iter()
                .copied()
                .filter(|b| b.page == page && copy_of(b) == copy)
                .collect();
            here.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
            let has = |text: &str| here.iter().any(|b| b.text.contains(text));
            assert!(
                has(RECEIPT_NO),
                "{name}: page {} copy {copy} has no receipt number",
                page + 1
            );
            if format == Format::A5 {
                assert!(
                    has(caption),
                    "{name}: page {} copy {copy} caption",
                    page + 1
                );
            }
            if pages.len() > 1 {
                let counter = format!("{}/{}", page + 1, pages.len());
                assert!(
                    has(&counter),
                    "{name}: page {} copy {copy} has no {counter}",
                    page + 1
                );
                let last = page + 1 == pages.len();
                assert_eq!(
                    has("Continued on the next page"),
                    !last,
                    "{name}: page {}",
                    page + 1
                );
            }
            let stamps = boxes
                .iter()
                .filter(|b| b.is_stamp() && b.page == page && copy_of(b) == copy)
                .count();
            match (void, format) {
                (false, _) => assert_eq!(stamps, 0, "{name}: VOID mark on a valid receipt"),
                (true, Format::A5) => {
                    assert_eq!(stamps, 1, "{name}: page {} copy {copy}", page + 1)
                }
                (true, Format::Roll) => assert!(stamps >= 1, "{name}: no VOID mark"),
            }
            texts.extend(here.iter().map(|b| {
                let y = b.y0 - copy as f64 * pages[b.page].1 / 2.0;
                format!(
                    "{} {:.1} {:.1} {}",
                    b.page,
                    b.x0,
                    y,
                    b.text.replace(caption, "caption")
                )
            }));
        }
        // The month table, in order over the pages, and amounts that add up.
        let mut in_copy: Vec<&TextBox> = flat
            .iter()
            .copied()
            .filter(|b| copy_of(b) == copy)
            .collect();
        in_copy.sort_by(|a, b| (a.page, a.y0).partial_cmp(&(b.page, b.y0)).expect("finite"));
        let month_cells: Vec<&str> = in_copy
            .iter()
            .map(|b| b.text.as_str())
            .filter(|t| is_months_cell(t))
            .collect();
        assert_eq!(month_cells, case.lines, "{name}: copy {copy} month lines");
        let counted: u32 = month_cells.iter().map(|t| months_in(t)).sum();
        assert_eq!(
            counted as usize,
            case.months.len(),
            "{name}: months counted"
        );
        let amounts: Vec<i64> = in_copy
            .iter()
            .filter(|b| (b.x1 - right_edge).abs() < 1.0)
            .filter_map(|b| parse_kip(&b.text))
            .collect();
        let (total, lines) = amounts.split_last().expect("a total");
        assert_eq!(lines.len(), case.lines.len(), "{name}: amounts {amounts:?}");
        assert_eq!(
            lines.iter().sum::<i64>(),
            *total,
            "{name}: lines add up to the total"
        );
        let expected_total: i64 = case.months.iter().map(|m| m.amount_kip).sum();
        assert_eq!(*total, expected_total, "{name}: total");
        copy_texts.push(texts);
    }
    // Both copies of the A5 pair print the same thing at the same place in their halves.
    if let [member, office] = copy_texts.as_slice() {
        assert_eq!(member, office, "{name}: the two copies differ");
    }

    // The VOID mark, drawn at an angle, is measured by MuPDF (poppler's box of turned text is partial):
    // each mark lies inside its copy.
    let turned = turned_lines(file);
    match (void, format) {
        (false, _) => assert!(turned.is_empty(), "{name}: {turned:?}"),
        (true, Format::A5) => assert_eq!(turned.len(), 2 * pages.len(), "{name}: {turned:?}"),
        (true, Format::Roll) => assert!(!turned.is_empty(), "{name}"),
    }
    for b in &turned {
        let (width, height) = pages[b.page];
        assert!(
            b.x0 >= 0.0 && b.x1 <= width && b.y0 >= 0.0 && b.y1 <= height,
            "{name}: {b:?}"
        );
        if format == Format::A5 {
            let cut = height / 2.0;
            assert!(
                b.y1 <= cut || b.y0 >= cut,
                "{name}: {b:?} crosses the cut line"
            );
        }
    }
    if case.name == "36-rising" && format == Format::A5 && void {
        assert_qpdf_clean(file);
    }
}

/// "11/2026" or "11/2026 – 04/2028 × 18".
fn is_months_cell(text: &str) -> bool {
    let month = |t: &str| {
        let b = t.as_bytes();
        b.len() == 7
            && b[2] == b'/'
            && t[..2].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && t[3..].parse::<u32>().is_ok()
    };
    match text.split_once(" – ") {
        None => month(text),
        Some((first, rest)) => match rest.split_once(" × ") {
            Some((last, count)) => month(first) && month(last) && count.parse::<u32>().is_ok(),
            None => false,
        },
    }
}

fn months_in(cell: &str) -> u32 {
    cell.split_once(" × ")
        .map_or(1, |(_, n)| n.parse().expect("count"))
}

/// A text box in points from the page's top-left corner.
#[derive(Debug, Clone)]
struct TextBox {
    page: usize,
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl TextBox {
    /// The large diagonal VOID, not the line under the title that says the same.
    fn is_stamp(&self) -> bool {
        self.text.contains("VOID") && self.y1 - self.y0 > 25.0
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

fn number(tag: &str, name: &str) -> f64 {
    attribute(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Page sizes and every drawn line of text, from `pdftotext -bbox-layout`: each line carries its text as
/// `/ActualText`, which poppler reports as one word.
fn text_boxes(pdf: &str) -> (Vec<(f64, f64)>, Vec<TextBox>) {
    let xhtml = stdout("pdftotext", &["-bbox-layout", pdf, "-"]);
    let mut pages = Vec::new();
    let mut boxes = Vec::new();
    for line in xhtml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((number(line, "width"), number(line, "height")));
        } else if let Some(word) = line.strip_prefix("<word ") {
            let (tag, rest) = word.split_once('>').expect("word tag");
            let text = rest.strip_suffix("</word>").expect("one word per line");
            boxes.push(TextBox {
                page: pages.len() - 1,
                text: unescape(text),
                x0: number(&format!(" {tag}"), "xMin"),
                y0: number(&format!(" {tag}"), "yMin"),
                x1: number(&format!(" {tag}"), "xMax"),
                y1: number(&format!(" {tag}"), "yMax"),
            });
        }
    }
    (pages, boxes)
}

/// Lines of text that are not horizontal, from MuPDF's structured text (`mutool draw -F stext`), with the
/// box around each (its text is left empty: MuPDF reads the fonts' ToUnicode maps, not `/ActualText`).
fn turned_lines(pdf: &str) -> Vec<TextBox> {
    let output = match Command::new("mutool")
        .args(["draw", "-q", "-F", "stext", "-o", "-", pdf])
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("`mutool` is not installed: apt-get install mupdf-tools")
        }
        Err(e) => panic!("could not run mutool: {e}"),
    };
    assert!(
        output.status.success(),
        "mutool: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let xml = String::from_utf8(output.stdout).expect("UTF-8");
    let mut page = None::<usize>;
    let mut out = Vec::new();
    for tag in xml.split('<').map(|t| t.trim_end_matches(['>', '\n', ' '])) {
        if tag.starts_with("page ") {
            page = Some(page.map_or(0, |p| p + 1));
        } else if tag.starts_with("line ") {
            let dir = attribute(&format!(" {tag}"), "dir").expect("dir");
            if dir == "1 0" {
                continue;
            }
            let bbox: Vec<f64> = attribute(&format!(" {tag}"), "bbox")
                .expect("bbox")
                .split_whitespace()
                .map(|v| v.parse().expect("number"))
                .collect();
            out.push(TextBox {
                page: page.expect("line inside a page"),
                text: String::new(),
                x0: bbox[0],
                y0: bbox[1],
                x1: bbox[2],
                y1: bbox[3],
            });
        }
    }
    out
}
