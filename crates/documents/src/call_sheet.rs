//! The arrears call sheet (issue 14) on A4: one village after another under its heading (a village
//! starts a new page when its heading and first member would not fit; its column headings repeat on
//! each page it continues on), a row per member (names, number, phone, months in arrears, amount, last month paid) with three empty
//! tick boxes the caller marks by hand: called, reached, promised to pay. Every string arrives final.

use crate::page::palette::{INK, MUTED, NAVY, RULE};
use crate::page::{line_height_mm, Align, Document, Page, Rgb};
use crate::{DocumentError, Fonts};

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 12.0;
const WIDTH: f32 = 186.0;
const TOP: f32 = 12.0;
const BOTTOM: f32 = 285.0;

/// Column widths, millimetres: member, phone, months, amount, last month paid, then the three boxes.
const MEMBER_W: f32 = 56.0;
const PHONE_W: f32 = 28.0;
const MONTHS_W: f32 = 15.0;
const OWED_W: f32 = 25.0;
const LAST_W: f32 = 20.0;
const TICK_W: f32 = (WIDTH - MEMBER_W - PHONE_W - MONTHS_W - OWED_W - LAST_W) / 3.0;

/// The call sheet's content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallSheetDoc {
    /// The fund's name in Lao.
    pub fund_name_lo: String,
    /// The fund's name in English.
    pub fund_name_en: String,
    /// Office and workstation.
    pub office: String,
    /// The heading; also the PDF's title.
    pub title: String,
    /// Label–value pairs under the title (as of, at least N months, printed on).
    pub fields: Vec<(String, String)>,
    /// Column headings: member, phone, months in arrears, arrears, last month paid.
    pub columns: [String; 5],
    /// The tick boxes' headings: called, reached, promised to pay.
    pub ticks: [String; 3],
    /// What the sheet says when no member is in arrears.
    pub empty: String,
    /// The villages, in order.
    pub villages: Vec<CallSheetVillage>,
}

/// One village's members.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallSheetVillage {
    /// The village's heading (name, code, how many members and what they owe).
    pub heading: String,
    /// Its members, in the order to call them.
    pub members: Vec<CallSheetMember>,
}

/// One member's row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallSheetMember {
    /// Title and name in Lao script.
    pub name_lo: String,
    /// Title and name in Latin script.
    pub name_latin: String,
    /// The member number.
    pub member_no: String,
    /// The phone as dialled, or empty.
    pub phone: String,
    /// Months in arrears.
    pub months: String,
    /// Arrears, formatted.
    pub owed: String,
    /// The last month paid, formatted, or a word for never.
    pub last_paid: String,
}

/// The A4 call sheet.
pub fn call_sheet_pdf(fonts: &Fonts, sheet: &CallSheetDoc) -> Result<Vec<u8>, DocumentError> {
    let mut doc = Document::new(fonts, &sheet.title);
    let mut page = Page::new(fonts, PAGE_W, PAGE_H);
    let mut y = header(&mut page, sheet, true);
    if sheet.villages.is_empty() {
        page.text_box(LEFT, y + 4.0, WIDTH, 11.0, false, INK, &sheet.empty);
    }
    let row_h = line_height_mm(9.0) * 2.0 + 2.0;
    for village in &sheet.villages {
        // The heading, the column headings and one member, kept together.
        if y + 30.0 + row_h > BOTTOM {
            doc.push(std::mem::replace(
                &mut page,
                Page::new(fonts, PAGE_W, PAGE_H),
            ));
            y = header(&mut page, sheet, false);
        }
        y = village_heading(&mut page, y, &village.heading);
        y = column_heads(&mut page, fonts, y, sheet);
        for member in &village.members {
            if y + row_h > BOTTOM {
                doc.push(std::mem::replace(
                    &mut page,
                    Page::new(fonts, PAGE_W, PAGE_H),
                ));
                y = header(&mut page, sheet, false);
                y = village_heading(&mut page, y, &village.heading);
                y = column_heads(&mut page, fonts, y, sheet);
            }
            member_row(&mut page, y, row_h, member);
            y += row_h;
        }
    }
    doc.push(page);
    doc.render()
}

/// The fund, office and title; the fields only on the first page. Returns where the content starts.
fn header(page: &mut Page<'_>, sheet: &CallSheetDoc, first: bool) -> f32 {
    let mut y = TOP;
    y += page.text_box(LEFT, y, WIDTH, 11.0, true, NAVY, &sheet.fund_name_lo);
    if first {
        y += page.text_box(LEFT, y, WIDTH, 9.0, false, NAVY, &sheet.fund_name_en);
    }
    y += page.text_box(LEFT, y, WIDTH, 8.5, false, MUTED, &sheet.office) + 1.0;
    y += page.text_box(LEFT, y, WIDTH, 12.5, true, INK, &sheet.title) + 1.0;
    if first {
        for (label, value) in &sheet.fields {
            let h1 = page.text_box(LEFT, y, 70.0, 9.0, false, MUTED, label);
            let h2 = page.text_box(LEFT + 72.0, y, WIDTH - 72.0, 9.5, true, INK, value);
            y += h1.max(h2) + 0.5;
        }
    }
    y + 2.0
}

fn village_heading(page: &mut Page<'_>, y: f32, heading: &str) -> f32 {
    let h = page.text_box(LEFT, y + 1.0, WIDTH, 11.0, true, NAVY, heading);
    page.line(LEFT, y + h + 2.0, LEFT + WIDTH, y + h + 2.0, NAVY, 0.8);
    y + h + 3.5
}

/// The x of each column's left edge, the tick boxes included.
fn column_lefts() -> [f32; 8] {
    let mut x = LEFT;
    let mut out = [0.0; 8];
    for (i, w) in [
        MEMBER_W, PHONE_W, MONTHS_W, OWED_W, LAST_W, TICK_W, TICK_W, TICK_W,
    ]
    .iter()
    .enumerate()
    {
        out[i] = x;
        x += w;
    }
    out
}

fn column_heads(page: &mut Page<'_>, fonts: &Fonts, y: f32, sheet: &CallSheetDoc) -> f32 {
    let lefts = column_lefts();
    let widths = [
        MEMBER_W, PHONE_W, MONTHS_W, OWED_W, LAST_W, TICK_W, TICK_W, TICK_W,
    ];
    let heads: Vec<&String> = sheet.columns.iter().chain(sheet.ticks.iter()).collect();
    // Bilingual headings wrap: the row is as tall as the tallest.
    let size = 7.0;
    let tallest = heads
        .iter()
        .zip(widths)
        .map(|(h, w)| crate::text::wrap_lines(fonts, h, w - 1.5, size, true).len())
        .max()
        .unwrap_or(1) as f32
        * line_height_mm(size);
    page.rect(
        LEFT,
        y,
        WIDTH,
        tallest + 2.0,
        Some(Rgb(0xEE, 0xF1, 0xF5)),
        None,
    );
    for ((head, x), w) in heads.iter().zip(lefts).zip(widths) {
        page.text_box(x + 0.75, y + 1.0, w - 1.5, size, true, MUTED, head);
    }
    y + tallest + 3.0
}

fn member_row(page: &mut Page<'_>, y: f32, row_h: f32, m: &CallSheetMember) {
    let lefts = column_lefts();
    let line = line_height_mm(9.0);
    let first = y + line * 0.8;
    let second = first + line;
    page.text(lefts[0] + 0.75, first, 9.5, true, INK, &m.name_lo);
    let latin = if m.name_latin.is_empty() {
        m.member_no.clone()
    } else {
        format!("{} · {}", m.name_latin, m.member_no)
    };
    page.text(lefts[0] + 0.75, second, 7.5, false, MUTED, &latin);
    page.text(lefts[1] + 0.75, first, 9.5, false, INK, &m.phone);
    page.text_aligned(
        lefts[3] - 1.5,
        first,
        9.5,
        true,
        INK,
        Align::Right,
        &m.months,
    );
    page.text_aligned(
        lefts[4] - 1.5,
        first,
        9.5,
        false,
        INK,
        Align::Right,
        &m.owed,
    );
    // "Never paid" in two languages takes the row's two lines.
    page.text_box(
        lefts[4] + 0.75,
        y + 0.6,
        LAST_W - 1.5,
        8.0,
        false,
        INK,
        &m.last_paid,
    );
    let side = 5.0;
    for x in &lefts[5..] {
        page.rect(
            x + (TICK_W - side) / 2.0,
            y + (row_h - side) / 2.0,
            side,
            side,
            None,
            Some((INK, 0.7)),
        );
    }
    page.line(LEFT, y + row_h, LEFT + WIDTH, y + row_h, RULE, 0.3);
}
