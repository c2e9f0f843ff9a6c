//! Receipts: two copies on one A4 page (the member's above the cut line, the office's below, each an A5
//! half) or one copy on an 80 mm thermal roll.
//!
//! Consecutive months with the same base and amount print as one range line ([`receipt_lines`]). A
//! receipt too long for its A5 half continues on further pages, each copy in its own half of every page,
//! so nothing is ever printed over the cut line; the roll simply grows. Every string arrives final
//! (localised, formatted); the month lines are built from the months with the caller's money format.

mod layout;

use layout::{Area, Format, Layout};

use crate::page::palette::{MARK, RULE};
use crate::page::{Document, Page};
use crate::text::pt_to_mm;
use crate::{DocumentError, Fonts};

/// One month a receipt covers, as recorded on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiptMonth {
    /// Calendar year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// The income base used for the month (the floor, when it lifted the member's base).
    pub base_kip: i64,
    /// What the month costs.
    pub amount_kip: i64,
    /// The month's floor lifted the member's base: the base is printed with a `*`.
    pub floor_applied: bool,
}

/// One line of a receipt's month table: a month, or a run of consecutive months on the same terms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceiptLine {
    /// "11/2026", or "11/2026 – 10/2027 × 12" for a run of twelve months.
    pub months: String,
    /// How many months the line covers.
    pub count: u32,
    /// The income base, followed by " *" when the floor applied.
    pub base: String,
    /// What one month of the line costs.
    pub per_month: String,
    /// What the line costs: `count` months. The lines of a receipt add up to its total.
    pub amount: String,
}

/// Groups `months` (in the receipt's order) into lines: consecutive months with the same base, amount and
/// floor make one range line. `kip` formats an amount, e.g. `225000` as "225,000 ₭".
pub fn receipt_lines(months: &[ReceiptMonth], kip: impl Fn(i64) -> String) -> Vec<ReceiptLine> {
    let mut runs: Vec<(ReceiptMonth, ReceiptMonth, u32)> = Vec::new();
    for &month in months {
        match runs.last_mut() {
            Some((first, last, count)) if follows(*last, month) && same_terms(*first, month) => {
                *last = month;
                *count += 1;
            }
            Some(_) | None => runs.push((month, month, 1)),
        }
    }
    let label = |m: ReceiptMonth| format!("{:02}/{}", m.month, m.year);
    runs.into_iter()
        .map(|(first, last, count)| ReceiptLine {
            months: if count == 1 {
                label(first)
            } else {
                format!("{} – {} × {count}", label(first), label(last))
            },
            count,
            base: if first.floor_applied {
                format!("{} *", kip(first.base_kip))
            } else {
                kip(first.base_kip)
            },
            per_month: kip(first.amount_kip),
            amount: kip(first.amount_kip * i64::from(count)),
        })
        .collect()
}

fn follows(before: ReceiptMonth, after: ReceiptMonth) -> bool {
    if before.month == 12 {
        after.year == before.year + 1 && after.month == 1
    } else {
        after.year == before.year && after.month == before.month + 1
    }
}

fn same_terms(a: ReceiptMonth, b: ReceiptMonth) -> bool {
    a.base_kip == b.base_kip && a.amount_kip == b.amount_kip && a.floor_applied == b.floor_applied
}

/// What a print says besides the receipt itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptMark {
    /// A later print of a receipt: the text ("ສຳເນົາ / COPY") stands under the title.
    Copy(String),
    /// A voided receipt: the text ("ຍົກເລີກ / VOID") stands under the title and, large and diagonal,
    /// across each copy on every page.
    Void(String),
}

/// Everything printed on a receipt, final strings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceiptDoc {
    /// The fund's name in Lao, the header's first line.
    pub fund_name_lo: String,
    /// The fund's name in English, under the Lao one.
    pub fund_name_en: String,
    /// Office and workstation, e.g. "ຈັນທະບູລີ, ນະຄອນຫຼວງວຽງຈັນ · 01".
    pub office: String,
    /// "ໃບຮັບເງິນສົມທົບ / Contribution receipt"; also the PDF's title.
    pub title: String,
    /// Label–value pairs under the title: receipt number, date, member number, name, method, cashier.
    /// The first pair (the receipt number) heads every continuation page as well.
    pub fields: Vec<(String, String)>,
    /// Column headings of the month table: month, income base, per month, amount. The roll, too narrow
    /// for four columns, leaves out "per month".
    pub columns: [String; 4],
    /// The month table, from [`receipt_lines`].
    pub lines: Vec<ReceiptLine>,
    /// "ລວມ / Total".
    pub total_label: String,
    /// The formatted total, e.g. "225,000 ₭".
    pub total: String,
    /// "Amount in words", before the words (receipts state the amount in words so it cannot be altered).
    pub words_label: String,
    /// The amount in Lao words.
    pub words_lo: String,
    /// The amount in English words, under the Lao ones.
    pub words_en: String,
    /// Footnotes under the amount in words (e.g. what the `*` on a base means); may be empty.
    pub notes: Vec<String>,
    /// Captions under the two signature lines: the cashier's, the member's.
    pub signatures: [String; 2],
    /// "Continued on the next page", at the foot of every page but the last.
    pub continued: String,
    /// COPY on reprints, VOID on voided receipts, nothing on the original.
    pub mark: Option<ReceiptMark>,
    /// Captions of the two copies of the A5 format: member's copy, office's copy.
    pub copy_labels: [String; 2],
    /// Text encoded in the QR code, so a receipt can be checked against the office's records.
    pub qr_payload: String,
}

/// An A4 page holds two A5 copies, one in each half.
const A4_WIDTH: f32 = 210.0;
const A4_HEIGHT: f32 = 297.0;
/// The cut line is at half the A4 height.
const HALF: f32 = A4_HEIGHT / 2.0;
/// Room kept free inside each half: at the top, and above the cut line (or the page's edge) at the bottom.
const HALF_TOP_MARGIN: f32 = 9.0;
const HALF_BOTTOM_MARGIN: f32 = 7.0;
/// The roll's margins at its start and end.
const ROLL_TOP_MARGIN: f32 = 4.0;
const ROLL_BOTTOM_MARGIN: f32 = 6.0;
/// Longest stretch of roll one VOID mark crosses; a longer receipt gets one mark per stretch.
const ROLL_STAMP_STRETCH: f32 = 110.0;

/// Two A5 copies of the receipt (member's above the cut line, office's below) on A4 portrait pages. A
/// receipt too long for one half continues on the next page, in the same half.
pub fn receipt_a5_pdf(fonts: &Fonts, doc: &ReceiptDoc) -> Result<Vec<u8>, DocumentError> {
    let format = Format::A5;
    let mut page = Page::new(fonts, A4_WIDTH, A4_HEIGHT);
    let layout = Layout::measure(&page, fonts, doc, format);
    let areas = layout.paginate(HALF - HALF_TOP_MARGIN - HALF_BOTTOM_MARGIN);
    let mut out = Document::new(fonts, &doc.title);
    for (index, rows) in areas.iter().enumerate() {
        if index > 0 {
            out.push(std::mem::replace(
                &mut page,
                Page::new(fonts, A4_WIDTH, A4_HEIGHT),
            ));
        }
        for copy in 0..2 {
            let half_top = copy as f32 * HALF;
            let area = Area {
                index,
                count: areas.len(),
                rows: rows.clone(),
                top: half_top + HALF_TOP_MARGIN,
            };
            layout.draw_area(&mut page, &area, Some(&layout.captions[copy]))?;
            if let Some(ReceiptMark::Void(text)) = &doc.mark {
                // Across the copy below the QR code's band (a scanner must still read the code), the
                // same on every page.
                let top = half_top + HALF_TOP_MARGIN + format.qr + 2.0;
                let bottom = half_top + HALF - HALF_BOTTOM_MARGIN;
                stamp(&mut page, text, format.x, top, format.width, bottom - top);
            }
        }
        // Cut line between the halves.
        let mut x = 5.0;
        while x < A4_WIDTH - 5.0 {
            page.line(x, HALF, x + 3.0, HALF, RULE, 0.5);
            x += 5.0;
        }
    }
    out.push(page);
    out.render()
}

/// One receipt on an 80 mm thermal roll (72 mm printable), as long as its content.
pub fn receipt_roll_pdf(fonts: &Fonts, doc: &ReceiptDoc) -> Result<Vec<u8>, DocumentError> {
    let format = Format::ROLL;
    // The roll's length is known once its content is measured, so it is measured on a page of no length.
    let layout = Layout::measure(&Page::new(fonts, 80.0, 0.0), fonts, doc, format);
    let rows = 0..layout.row_count();
    let content = layout.first_fixed() + layout.rows_height(rows.clone()) + layout.footer_height();
    let height = ROLL_TOP_MARGIN + content + ROLL_BOTTOM_MARGIN;
    let mut page = Page::new(fonts, 80.0, height);
    let area = Area {
        index: 0,
        count: 1,
        rows,
        top: ROLL_TOP_MARGIN,
    };
    layout.draw_area(&mut page, &area, None)?;
    if let Some(ReceiptMark::Void(text)) = &doc.mark {
        // Over everything but the QR code at the end, which a scanner must still read.
        let marked = content - layout.qr_block_height();
        let stretches = (marked / ROLL_STAMP_STRETCH).ceil().max(1.0);
        let stretch = marked / stretches;
        for i in 0..stretches as usize {
            let top = ROLL_TOP_MARGIN + stretch * i as f32;
            stamp(&mut page, text, format.x, top, format.width, stretch);
        }
    }
    let mut out = Document::new(fonts, &doc.title);
    out.push(page);
    out.render()
}

/// Draws `text` in large outlined letters along the diagonal of a box, from its lower left to its upper
/// right, as large as fits inside the box.
fn stamp(page: &mut Page<'_>, text: &str, x: f32, y: f32, width: f32, height: f32) {
    let angle = height.atan2(width);
    let (sin, cos) = angle.sin_cos();
    // Length and height of the text per point of size, in millimetres: the height covers the Lao marks
    // above and below the line.
    let length_per_pt = page.text_width(1.0, true, text);
    let height_per_pt = pt_to_mm(1.3);
    let fit_width = width / (length_per_pt * cos + height_per_pt * sin);
    let fit_height = height / (length_per_pt * sin + height_per_pt * cos);
    let size = 0.9 * fit_width.min(fit_height);
    page.stamp(
        x + width / 2.0,
        y + height / 2.0,
        angle.to_degrees(),
        size,
        MARK,
        (size / 40.0).max(0.6),
        text,
    );
}
