//! Member cards (CR80) and A4 sheets of ten cards with cut marks.

use crate::page::{Align, Document, Page, Rgb};
use crate::{DocumentError, Fonts};

/// Width of an ISO/IEC 7810 ID-1 (CR80) card, the size of a bank card, so cards fit standard holders.
pub const CARD_WIDTH_MM: f32 = 85.6;
/// Height of an ISO/IEC 7810 ID-1 (CR80) card.
pub const CARD_HEIGHT_MM: f32 = 54.0;

const A4_WIDTH_MM: f32 = 210.0;
const A4_HEIGHT_MM: f32 = 297.0;
const SHEET_COLUMNS: usize = 2;
const SHEET_ROWS: usize = 5;
const SHEET_COLUMN_GAP_MM: f32 = 6.0;
const SHEET_ROW_GAP_MM: f32 = 3.0;

use crate::page::palette::{GOLD, INK, MUTED as GREY_TEXT, NAVY, RULE};
const PLACEHOLDER: Rgb = Rgb(0xE6, 0xE9, 0xED);
const PLACEHOLDER_FIGURE: Rgb = Rgb(0xC4, 0xCA, 0xD2);

/// Field labels, already localised by the caller (bilingual if wanted).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardLabels {
    /// Above the member number.
    pub member_no: String,
    /// Above the date of birth.
    pub date_of_birth: String,
    /// Before the hospital the member is registered with.
    pub hospital: String,
    /// Before the issue date.
    pub issued: String,
    /// Printed before the issue number on reissued cards, e.g. "ສະບັບ / Issue".
    pub issue: String,
}

/// Everything printed on one member card. All strings are final (localised, formatted).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardData {
    /// The fund's name in Lao, the header's first line.
    pub fund_name_lo: String,
    /// The fund's name in English, under the Lao one.
    pub fund_name_en: String,
    /// The card's title in the header (e.g. "Member card"); also the PDF's title.
    pub card_title: String,
    /// The member's name in Lao script.
    pub name_lo: String,
    /// The member's name in Latin letters, as on the ID document.
    pub name_latin: String,
    /// The dashed member number, printed large.
    pub member_no: String,
    /// Already formatted (dd/mm/yyyy).
    pub date_of_birth: String,
    /// The hospital the member is registered with.
    pub hospital: String,
    /// Already formatted (dd/mm/yyyy).
    pub issue_date: String,
    /// The localised field labels.
    pub labels: CardLabels,
    /// 1 for the first card; a larger number is printed as "issue N".
    pub issue_number: u32,
    /// The stored JPEG, embedded unchanged. `None` draws a neutral placeholder.
    pub photo_jpeg: Option<Vec<u8>>,
    /// Text encoded in the QR code (signed by the caller).
    pub qr_payload: String,
}

/// One card as a single-page PDF of 85.6 × 54 mm.
pub fn card_pdf(fonts: &Fonts, card: &CardData) -> Result<Vec<u8>, DocumentError> {
    let mut page = Page::new(fonts, CARD_WIDTH_MM, CARD_HEIGHT_MM);
    draw_card(&mut page, 0.0, 0.0, card)?;
    let mut doc = Document::new(fonts, &card.card_title);
    doc.push(page);
    doc.render()
}

/// Cards on A4 portrait pages, ten per page (two columns, five rows), with cut marks in the
/// margins. `progress` is called with the number of cards drawn so far after each card; when it
/// returns `false` the work stops with [`DocumentError::Cancelled`].
pub fn card_sheet_pdf(
    fonts: &Fonts,
    cards: &[CardData],
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<Vec<u8>, DocumentError> {
    let per_page = SHEET_COLUMNS * SHEET_ROWS;
    let mut doc = Document::new(fonts, "Member cards");
    for (page_index, chunk) in cards.chunks(per_page).enumerate() {
        let mut page = Page::new(fonts, A4_WIDTH_MM, A4_HEIGHT_MM);
        draw_cut_marks(&mut page);
        for (i, card) in chunk.iter().enumerate() {
            let (x, y) = sheet_origin(i);
            draw_card(&mut page, x, y, card)?;
            if !progress(page_index * per_page + i + 1) {
                return Err(DocumentError::Cancelled);
            }
        }
        doc.push(page);
    }
    if doc.page_count() == 0 {
        doc.push(Page::new(fonts, A4_WIDTH_MM, A4_HEIGHT_MM));
    }
    doc.render()
}

fn sheet_margins() -> (f32, f32) {
    let used_w =
        SHEET_COLUMNS as f32 * CARD_WIDTH_MM + (SHEET_COLUMNS - 1) as f32 * SHEET_COLUMN_GAP_MM;
    let used_h = SHEET_ROWS as f32 * CARD_HEIGHT_MM + (SHEET_ROWS - 1) as f32 * SHEET_ROW_GAP_MM;
    ((A4_WIDTH_MM - used_w) / 2.0, (A4_HEIGHT_MM - used_h) / 2.0)
}

fn sheet_origin(slot: usize) -> (f32, f32) {
    let (left, top) = sheet_margins();
    let (col, row) = (slot % SHEET_COLUMNS, slot / SHEET_COLUMNS);
    (
        left + col as f32 * (CARD_WIDTH_MM + SHEET_COLUMN_GAP_MM),
        top + row as f32 * (CARD_HEIGHT_MM + SHEET_ROW_GAP_MM),
    )
}

/// Short marks in the page margins on the line of every card edge, kept 1 mm clear of the
/// cards so a trimmed card shows none of them.
fn draw_cut_marks(page: &mut Page<'_>) {
    let (left, top) = sheet_margins();
    let mark = Rgb::BLACK;
    let (gap, length, width) = (1.0, 4.0, 0.25);
    let mut xs = Vec::new();
    for col in 0..SHEET_COLUMNS {
        let x = left + col as f32 * (CARD_WIDTH_MM + SHEET_COLUMN_GAP_MM);
        xs.extend([x, x + CARD_WIDTH_MM]);
    }
    let mut ys = Vec::new();
    for row in 0..SHEET_ROWS {
        let y = top + row as f32 * (CARD_HEIGHT_MM + SHEET_ROW_GAP_MM);
        ys.extend([y, y + CARD_HEIGHT_MM]);
    }
    let bottom = A4_HEIGHT_MM - top;
    let right = A4_WIDTH_MM - left;
    for &x in &xs {
        page.line(x, top - gap - length, x, top - gap, mark, width);
        page.line(x, bottom + gap, x, bottom + gap + length, mark, width);
    }
    for &y in &ys {
        page.line(left - gap - length, y, left - gap, y, mark, width);
        page.line(right + gap, y, right + gap + length, y, mark, width);
    }
    // Between the columns too: the gap is wide enough for a mark on each row line.
    let middle = left + CARD_WIDTH_MM + SHEET_COLUMN_GAP_MM / 2.0;
    for &y in &ys {
        page.line(middle - 1.0, y, middle + 1.0, y, mark, width);
    }
}

/// Side of the card's QR symbol, quiet zone not included: 57 modules (version 10) of 0.4 mm.
const QR_SIZE_MM: f32 = 22.8;

/// Smallest size for Lao on a card: below 7 pt stacked marks stop being legible.
const MIN_LAO_PT: f32 = 7.0;

/// Largest size ≤ `size_pt` (and ≥ `min_pt`, or ≥ 7 pt if the text has Lao) at which `text`
/// fits in `width_mm`. Text that does not fit even then is drawn at the minimum and overflows.
fn fit_size(
    page: &Page<'_>,
    text: &str,
    bold: bool,
    width_mm: f32,
    size_pt: f32,
    min_pt: f32,
) -> f32 {
    let has_lao = text.chars().any(|c| ('\u{0E80}'..='\u{0EFF}').contains(&c));
    let min_pt = if has_lao {
        min_pt.max(MIN_LAO_PT)
    } else {
        min_pt
    };
    let width = page.text_width(size_pt, bold, text);
    if width <= width_mm || width <= 0.0 {
        size_pt
    } else {
        (size_pt * width_mm / width).max(min_pt)
    }
}

/// Draws a card with its top-left corner at (`ox`, `oy`).
fn draw_card(page: &mut Page<'_>, ox: f32, oy: f32, card: &CardData) -> Result<(), DocumentError> {
    let (w, h) = (CARD_WIDTH_MM, CARD_HEIGHT_MM);
    let margin = 4.0;

    // Header band with a gold rule under it.
    let band = 11.5;
    page.rect(ox, oy, w, band, Some(NAVY), None);
    page.rect(ox, oy + band, w, 0.7, Some(GOLD), None);
    let title_w = page.text_width(7.0, true, &card.card_title);
    let fund_w = w - 2.0 * margin - title_w - 3.0;
    let size = fit_size(page, &card.fund_name_lo, true, fund_w, 8.5, 7.0);
    page.text(
        ox + margin,
        oy + 5.4,
        size,
        true,
        Rgb::WHITE,
        &card.fund_name_lo,
    );
    let size = fit_size(page, &card.fund_name_en, false, fund_w, 6.0, 5.0);
    page.text(
        ox + margin,
        oy + 9.4,
        size,
        false,
        Rgb::WHITE,
        &card.fund_name_en,
    );
    page.text_aligned(
        ox + w - margin,
        oy + 5.4,
        7.0,
        true,
        Rgb::WHITE,
        Align::Right,
        &card.card_title,
    );

    // Photo, 3:4.
    let (px, py, pw, ph) = (ox + margin, oy + 15.0, 20.0, 20.0 * 4.0 / 3.0);
    match &card.photo_jpeg {
        Some(jpeg) => {
            page.image_jpeg(jpeg, px, py, pw, ph)?;
            page.rect(px, py, pw, ph, None, Some((RULE, 0.5)));
        }
        None => draw_photo_placeholder(page, px, py, pw, ph),
    }

    // QR on the right, its white quiet zone (four modules, ~1.6 mm) reaching just under the header's gold
    // rule. The signed payload carries the holder's Lao name, so its version grows with the name: at
    // error correction M, names of up to 31 characters give version 10 (57 modules) or less, whose
    // modules are at least 0.4 mm, which phones and 300 dpi scans read from a worn card.
    let (qx, qy) = (ox + w - margin + 1.3 - QR_SIZE_MM, oy + 14.0);
    page.qr(&card.qr_payload, qx, qy, QR_SIZE_MM)?;
    if card.issue_number > 1 {
        let issue = format!("{} {}", card.labels.issue, card.issue_number);
        let size = fit_size(page, &issue, true, QR_SIZE_MM + 3.0, 7.0, 6.0);
        page.text_aligned(
            qx + QR_SIZE_MM / 2.0,
            oy + 41.3,
            size,
            true,
            NAVY,
            Align::Center,
            &issue,
        );
    }

    // Names and the main fields between photo and QR.
    let cx = px + pw + 3.0;
    let cw = qx - 2.6 - cx;
    let size = fit_size(page, &card.name_lo, true, cw, 10.5, 7.0);
    page.text(cx, oy + 19.6, size, true, INK, &card.name_lo);
    let size = fit_size(page, &card.name_latin, false, cw, 7.5, 6.0);
    page.text(cx, oy + 23.6, size, false, INK, &card.name_latin);

    label(page, cx, oy + 28.2, cw, &card.labels.member_no);
    let size = fit_size(page, &card.member_no, true, cw, 11.0, 7.0);
    page.text(cx, oy + 32.6, size, true, NAVY, &card.member_no);

    label(page, cx, oy + 36.6, cw, &card.labels.date_of_birth);
    page.text(cx, oy + 40.4, 8.0, false, INK, &card.date_of_birth);

    // Bottom strip: hospital and issue date across the width.
    let rule_y = oy + 43.6;
    page.line(ox + margin, rule_y, ox + w - margin, rule_y, RULE, 0.5);
    let issued_x = ox + 58.0;
    let hospital_w = issued_x - 2.0 - (ox + margin);
    label(
        page,
        ox + margin,
        rule_y + 3.4,
        hospital_w,
        &card.labels.hospital,
    );
    let size = fit_size(page, &card.hospital, false, hospital_w, 8.0, 7.0);
    page.text(ox + margin, rule_y + 7.4, size, false, INK, &card.hospital);
    let issued_w = ox + w - margin - issued_x;
    label(page, issued_x, rule_y + 3.4, issued_w, &card.labels.issued);
    page.text(issued_x, rule_y + 7.4, 8.0, false, INK, &card.issue_date);

    // Thin border (trim guide for a single card).
    page.rect(
        ox + 0.2,
        oy + 0.2,
        w - 0.4,
        h - 0.4,
        None,
        Some((RULE, 0.4)),
    );
    Ok(())
}

fn label(page: &mut Page<'_>, x: f32, baseline: f32, width: f32, text: &str) {
    let size = fit_size(page, text, false, width, 7.0, 6.0);
    page.text(x, baseline, size, false, GREY_TEXT, text);
}

/// A grey box with a simple head-and-shoulders figure, so a missing photo reads as "no photo".
fn draw_photo_placeholder(page: &mut Page<'_>, x: f32, y: f32, w: f32, h: f32) {
    page.rect(x, y, w, h, Some(PLACEHOLDER), Some((RULE, 0.5)));
    let head = w * 0.34;
    page.rect(
        x + (w - head) / 2.0,
        y + h * 0.22,
        head,
        head * 1.1,
        Some(PLACEHOLDER_FIGURE),
        None,
    );
    let body = w * 0.7;
    page.rect(
        x + (w - body) / 2.0,
        y + h * 0.66,
        body,
        h * 0.34,
        Some(PLACEHOLDER_FIGURE),
        None,
    );
}
