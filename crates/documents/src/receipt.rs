//! Receipts (A5 pair on A4, 80 mm roll) and one-page reports (member statement, cashier's day sheet).
//! Every string arrives final (localised, formatted); this module only lays them out.

use crate::page::{Align, Document, Page, Rgb};
use crate::{DocumentError, Fonts};

use crate::page::palette::{INK, MARK, MUTED, NAVY as BRAND, RULE};

/// Everything printed on a receipt, final strings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceiptDoc {
    pub fund_name_lo: String,
    pub fund_name_en: String,
    /// Office and workstation, e.g. "ຈັນທະບູລີ, ນະຄອນຫຼວງວຽງຈັນ · 01".
    pub office: String,
    /// "ໃບຮັບເງິນສົມທົບ / Contribution receipt".
    pub title: String,
    /// Label–value pairs under the title: receipt number, date, member number, name, method, cashier.
    pub fields: Vec<(String, String)>,
    /// Column headings of the month table: month, base, amount.
    pub columns: [String; 3],
    /// One row per month: month, base, amount (formatted).
    pub rows: Vec<[String; 3]>,
    /// "ລວມ / Total" and the formatted total.
    pub total_label: String,
    pub total: String,
    /// The amount in words, Lao then English.
    pub words_lo: String,
    pub words_en: String,
    /// "ສຳເນົາ / COPY" on reprints, "ຍົກເລີກ / VOID" on voided receipts.
    pub mark: Option<String>,
    /// Captions of the two halves of the A5 format: member's copy, office's copy.
    pub copy_labels: [String; 2],
    pub qr_payload: String,
}

/// Two A5 receipts (member's copy above, office's copy below) on one A4 portrait page, with a cut line.
pub fn receipt_a5_pdf(fonts: &Fonts, doc: &ReceiptDoc) -> Result<Vec<u8>, DocumentError> {
    let mut page = Page::new(fonts, 210.0, 297.0);
    for (i, caption) in doc.copy_labels.iter().enumerate() {
        let top = i as f32 * 148.5;
        draw_receipt(&mut page, 12.0, top + 10.0, 186.0, doc, Some(caption), 1.0)?;
    }
    // Cut line between the halves.
    let mut x = 5.0;
    while x < 205.0 {
        page.line(x, 148.5, x + 3.0, 148.5, RULE, 0.5);
        x += 5.0;
    }
    let mut out = Document::new(fonts, &doc.title);
    out.push(page);
    out.render()
}

/// One receipt on an 80 mm thermal roll (72 mm printable), as long as its content.
pub fn receipt_roll_pdf(fonts: &Fonts, doc: &ReceiptDoc) -> Result<Vec<u8>, DocumentError> {
    // Lay out once on a tall scratch page to learn the height, then draw on a page of that height.
    let mut probe = Page::new(fonts, 80.0, 1000.0);
    let height = draw_receipt(&mut probe, 4.0, 4.0, 72.0, doc, None, 0.8)? + 10.0;
    let mut page = Page::new(fonts, 80.0, height);
    draw_receipt(&mut page, 4.0, 4.0, 72.0, doc, None, 0.8)?;
    let mut out = Document::new(fonts, &doc.title);
    out.push(page);
    out.render()
}

/// Draws one receipt with its top-left corner at (`x`, `y`), `width` wide; returns the bottom y.
fn draw_receipt(
    page: &mut Page<'_>,
    x: f32,
    y: f32,
    width: f32,
    doc: &ReceiptDoc,
    caption: Option<&String>,
    scale: f32,
) -> Result<f32, DocumentError> {
    let s = |pt: f32| pt * scale;
    let narrow = width < 100.0;
    let qr_size = if narrow { 24.0 } else { 26.0 };
    let text_width = if narrow { width } else { width - qr_size - 6.0 };
    let mut cy = y;
    cy += page.text_box(x, cy, text_width, s(12.0), true, BRAND, &doc.fund_name_lo);
    cy += page.text_box(x, cy, text_width, s(9.0), false, BRAND, &doc.fund_name_en);
    cy += page.text_box(x, cy, text_width, s(8.0), false, MUTED, &doc.office) + 1.5;
    cy += page.text_box(x, cy, text_width, s(11.0), true, INK, &doc.title);
    if let Some(caption) = caption {
        cy += page.text_box(x, cy, text_width, s(8.0), false, MUTED, caption);
    }
    if let Some(mark) = &doc.mark {
        cy += 1.0;
        cy += page.text_box(x, cy, text_width, s(13.0), true, MARK, mark);
    }
    if !narrow {
        page.qr(&doc.qr_payload, x + width - qr_size, y, qr_size)?;
        cy = cy.max(y + qr_size + 2.0);
    }
    cy += 1.5;
    let label_width = if narrow { width * 0.42 } else { 48.0 };
    for (label, value) in &doc.fields {
        let h1 = page.text_box(x, cy, label_width - 2.0, s(8.5), false, MUTED, label);
        let h2 = page.text_box(
            x + label_width,
            cy,
            width - label_width,
            s(9.5),
            true,
            INK,
            value,
        );
        cy += h1.max(h2) + 0.6;
    }
    cy += 1.5;
    page.line(x, cy, x + width, cy, RULE, 0.6);
    cy += 1.0;
    let col = [x, x + width * 0.45, x + width];
    let header = s(8.5);
    let line = crate::page::line_height_mm(header);
    page.text(
        col[0],
        cy + line * 0.8,
        header,
        true,
        MUTED,
        &doc.columns[0],
    );
    page.text_aligned(
        col[1] + width * 0.2,
        cy + line * 0.8,
        header,
        true,
        MUTED,
        Align::Right,
        &doc.columns[1],
    );
    page.text_aligned(
        col[2],
        cy + line * 0.8,
        header,
        true,
        MUTED,
        Align::Right,
        &doc.columns[2],
    );
    cy += line + 0.5;
    let body = s(9.5);
    let row_h = crate::page::line_height_mm(body);
    for row in &doc.rows {
        page.text(col[0], cy + row_h * 0.8, body, false, INK, &row[0]);
        page.text_aligned(
            col[1] + width * 0.2,
            cy + row_h * 0.8,
            body,
            false,
            INK,
            Align::Right,
            &row[1],
        );
        page.text_aligned(
            col[2],
            cy + row_h * 0.8,
            body,
            false,
            INK,
            Align::Right,
            &row[2],
        );
        cy += row_h;
    }
    cy += 0.5;
    page.line(x, cy, x + width, cy, RULE, 0.6);
    cy += 1.0;
    let total_h = crate::page::line_height_mm(s(11.0));
    page.text(
        col[0],
        cy + total_h * 0.8,
        s(11.0),
        true,
        INK,
        &doc.total_label,
    );
    page.text_aligned(
        col[2],
        cy + total_h * 0.8,
        s(11.0),
        true,
        INK,
        Align::Right,
        &doc.total,
    );
    cy += total_h + 1.0;
    cy += page.text_box(x, cy, width, s(9.0), false, INK, &doc.words_lo);
    cy += page.text_box(x, cy, width, s(8.5), false, MUTED, &doc.words_en);
    if narrow {
        cy += 3.0;
        page.qr(&doc.qr_payload, x + (width - qr_size) / 2.0, cy, qr_size)?;
        cy += qr_size + 2.0;
    }
    Ok(cy)
}

/// A one-page report: title block, label–value pairs, a table and closing lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportDoc {
    pub fund_name_lo: String,
    pub fund_name_en: String,
    pub office: String,
    pub title: String,
    pub fields: Vec<(String, String)>,
    pub columns: Vec<String>,
    /// Rows of the table; a cell per column. Columns after the first are right-aligned.
    pub rows: Vec<Vec<String>>,
    /// Lines after the table (totals, what is due next, signatures).
    pub footer: Vec<(String, String)>,
}

/// A4 portrait report; the table continues on further pages when it is long.
pub fn report_pdf(fonts: &Fonts, doc: &ReportDoc) -> Result<Vec<u8>, DocumentError> {
    let (x, width, bottom) = (15.0, 180.0, 280.0);
    let mut out = Document::new(fonts, &doc.title);
    let mut page = Page::new(fonts, 210.0, 297.0);
    let mut cy = 14.0;
    cy += page.text_box(x, cy, width, 13.0, true, BRAND, &doc.fund_name_lo);
    cy += page.text_box(x, cy, width, 10.0, false, BRAND, &doc.fund_name_en);
    cy += page.text_box(x, cy, width, 9.0, false, MUTED, &doc.office) + 2.0;
    cy += page.text_box(x, cy, width, 14.0, true, INK, &doc.title) + 2.0;
    for (label, value) in &doc.fields {
        let h1 = page.text_box(x, cy, 58.0, 9.5, false, MUTED, label);
        let h2 = page.text_box(x + 60.0, cy, width - 60.0, 10.0, true, INK, value);
        cy += h1.max(h2) + 0.8;
    }
    cy += 3.0;
    let n = doc.columns.len().max(1);
    let first = width * 0.34;
    let other = (width - first) / (n.saturating_sub(1).max(1)) as f32;
    let anchor = |i: usize| {
        if i == 0 {
            x
        } else {
            x + first + other * i as f32
        }
    };
    let head = crate::page::line_height_mm(9.0);
    let draw_header = |page: &mut Page<'_>, cy: f32| {
        page.rect(x, cy, width, head + 1.0, Some(Rgb(0xEE, 0xF1, 0xF5)), None);
        for (i, c) in doc.columns.iter().enumerate() {
            let align = if i == 0 { Align::Left } else { Align::Right };
            let ax = if i == 0 { x + 1.0 } else { anchor(i) - 1.0 };
            page.text_aligned(ax, cy + head * 0.85, 9.0, true, MUTED, align, c);
        }
    };
    draw_header(&mut page, cy);
    cy += head + 1.5;
    let row_h = crate::page::line_height_mm(9.5);
    for row in &doc.rows {
        if cy + row_h > bottom {
            out.push(std::mem::replace(&mut page, Page::new(fonts, 210.0, 297.0)));
            cy = 14.0;
            draw_header(&mut page, cy);
            cy += head + 1.5;
        }
        for (i, cell) in row.iter().enumerate().take(n) {
            let align = if i == 0 { Align::Left } else { Align::Right };
            let ax = if i == 0 { x + 1.0 } else { anchor(i) - 1.0 };
            page.text_aligned(ax, cy + row_h * 0.8, 9.5, false, INK, align, cell);
        }
        cy += row_h;
        page.line(x, cy, x + width, cy, RULE, 0.3);
    }
    cy += 4.0;
    for (label, value) in &doc.footer {
        if cy + row_h * 2.0 > bottom {
            out.push(std::mem::replace(&mut page, Page::new(fonts, 210.0, 297.0)));
            cy = 14.0;
        }
        let h1 = page.text_box(x, cy, 90.0, 10.0, false, MUTED, label);
        let h2 = page.text_box(x + 92.0, cy, width - 92.0, 10.5, true, INK, value);
        cy += h1.max(h2) + 1.0;
    }
    out.push(page);
    out.render()
}
