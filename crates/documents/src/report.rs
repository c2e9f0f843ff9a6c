//! Reports on A4 (member statement, cashier's day sheet): a title block, label–value pairs, a table that
//! continues on further pages, and closing lines. Every string arrives final (localised, formatted).

use crate::page::palette::{INK, MUTED, NAVY as BRAND, RULE};
use crate::page::{Align, Document, Page, Rgb};
use crate::{DocumentError, Fonts};

/// An A4 report: title block, label–value pairs, a table and closing lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportDoc {
    /// The fund's name in Lao, the header's first line.
    pub fund_name_lo: String,
    /// The fund's name in English, under the Lao one.
    pub fund_name_en: String,
    /// Office and workstation, under the fund's name.
    pub office: String,
    /// The report's heading; also the PDF's title.
    pub title: String,
    /// Label–value pairs under the title (member, period, cashier, …).
    pub fields: Vec<(String, String)>,
    /// Column headings of the table.
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
