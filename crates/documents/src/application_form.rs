//! The filled-in application form on A4 (issue 14), which the office files: the applicant's details in
//! sections of label–value rows, the dependants as a table, the consent text with its box ticked, and two
//! empty boxes at the foot, the applicant's (signature or thumbprint) and the clerk's, each with the name
//! printed under it and a line for the date. A reprint carries a mark (COPY) beside the title. Every string
//! arrives final (localised, formatted).

use crate::page::palette::{INK, MARK, MUTED, NAVY, RULE};
use crate::page::{line_height_mm, Align, Flow, Frame, Rgb};
use crate::{DocumentError, Fonts};

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 15.0;
const WIDTH: f32 = PAGE_W - 2.0 * LEFT;
const TOP: f32 = 13.0;
const BOTTOM: f32 = PAGE_H - 12.0;
const FRAME: Frame = Frame {
    width: PAGE_W,
    height: PAGE_H,
    top: TOP,
    bottom: BOTTOM,
};
const LABEL_W: f32 = 62.0;
/// The height of a signature or thumbprint box, enough for a thumbprint and a signature beside it.
const SIGN_H: f32 = 34.0;

/// The form's content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApplicationFormDoc {
    /// The fund's name, the header's first line.
    pub fund_name: String,
    /// Office and workstation.
    pub office: String,
    /// The form's heading; also the PDF's title.
    pub title: String,
    /// Printed beside the title on a reprint (COPY); `None` on the first print.
    pub mark: Option<String>,
    /// Sections of label–value rows (the member, the address, the contribution and hospital).
    pub sections: Vec<FormSection>,
    /// The dependants' heading.
    pub dependants_heading: String,
    /// The dependants' column headings: name, relation, date of birth.
    pub dependant_columns: [String; 3],
    /// One row per dependant.
    pub dependants: Vec<[String; 3]>,
    /// What the table says when there are none.
    pub no_dependants: String,
    /// The consent's heading.
    pub consent_heading: String,
    /// The consent text, ticked.
    pub consent: String,
    /// The applicant's box: its label, the name under it.
    pub applicant_sign: SignBox,
    /// The clerk's box.
    pub clerk_sign: SignBox,
    /// The label of the date line under each box.
    pub date_label: String,
    /// The foot of the page (when printed, by whom, which print).
    pub footer: String,
}

/// A heading and its label–value rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormSection {
    /// The heading.
    pub heading: String,
    /// Label–value pairs.
    pub rows: Vec<(String, String)>,
}

/// A box to sign in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignBox {
    /// Above the box (whose signature, or thumbprint).
    pub label: String,
    /// Under the box: the name of who signs.
    pub name: String,
}

impl<'f> Flow<'f> {
    fn form_heading(&mut self, text: &str, first_row: f32) {
        let h = at_least_a_line(self, text, WIDTH, 11.0, true);
        self.room(h + 2.5 + first_row);
        let y = self.y;
        self.page.text_box(LEFT, y, WIDTH, 11.0, true, NAVY, text);
        self.page
            .line(LEFT, y + h + 0.6, LEFT + WIDTH, y + h + 0.6, NAVY, 0.6);
        self.y += h + 2.5;
    }
}

/// The A4 application form.
pub fn application_form_pdf(
    fonts: &Fonts,
    form: &ApplicationFormDoc,
) -> Result<Vec<u8>, DocumentError> {
    let mut flow = Flow::new(fonts, &form.title, FRAME);
    let page = &mut flow.page;
    let mut y = TOP;
    y += page.text_box(LEFT, y, WIDTH, 12.0, true, NAVY, &form.fund_name);
    y += page.text_box(LEFT, y, WIDTH, 8.5, false, MUTED, &form.office) + 2.0;
    let title_h = page.text_box(LEFT, y, WIDTH - 40.0, 15.0, true, INK, &form.title);
    if let Some(mark) = &form.mark {
        let w = page.text_width(12.0, true, mark) + 6.0;
        page.rect(LEFT + WIDTH - w, y, w, 8.0, None, Some((MARK, 1.2)));
        page.text_aligned(
            LEFT + WIDTH - w / 2.0,
            y + 5.9,
            12.0,
            true,
            MARK,
            Align::Center,
            mark,
        );
    }
    flow.y = y + title_h + 3.0;

    let value_w = WIDTH - LABEL_W;
    for section in &form.sections {
        let row_h = |flow: &Flow<'_>, (label, value): &(String, String)| {
            at_least_a_line(flow, label, LABEL_W - 2.0, 9.0, false)
                .max(at_least_a_line(flow, value, value_w, 10.0, true))
                + 1.2
        };
        let first = section.rows.first().map_or(0.0, |r| row_h(&flow, r));
        flow.form_heading(&section.heading, first);
        for row in &section.rows {
            let h = row_h(&flow, row);
            flow.room(h);
            let y = flow.y;
            flow.page
                .text_box(LEFT, y, LABEL_W - 2.0, 9.0, false, MUTED, &row.0);
            flow.page
                .text_box(LEFT + LABEL_W, y, value_w, 10.0, true, INK, &row.1);
            flow.page
                .line(LEFT, y + h - 0.4, LEFT + WIDTH, y + h - 0.4, RULE, 0.3);
            flow.y += h;
        }
        flow.y += 3.0;
    }

    dependants(&mut flow, form);

    let consent_h = at_least_a_line(&flow, &form.consent, WIDTH - 9.0, 9.5, false);
    flow.form_heading(&form.consent_heading, consent_h);
    let y = flow.y;
    // The box is ticked: the registration was refused without consent.
    flow.page
        .rect(LEFT, y + 0.5, 4.5, 4.5, None, Some((INK, 0.8)));
    flow.page
        .line(LEFT + 0.8, y + 2.9, LEFT + 1.9, y + 4.2, INK, 1.0);
    flow.page
        .line(LEFT + 1.9, y + 4.2, LEFT + 3.9, y + 1.1, INK, 1.0);
    flow.page
        .text_box(LEFT + 9.0, y, WIDTH - 9.0, 9.5, false, INK, &form.consent);
    flow.y += consent_h + 5.0;

    signatures(&mut flow, form);

    let footer_h = at_least_a_line(&flow, &form.footer, WIDTH, 7.5, false);
    flow.room(footer_h + 2.0);
    let y = flow.y.max(BOTTOM - footer_h);
    flow.page
        .text_box(LEFT, y, WIDTH, 7.5, false, MUTED, &form.footer);
    let doc = flow.finish();
    doc.render()
}

/// The dependants' table: name, relation, date of birth.
fn dependants(flow: &mut Flow<'_>, form: &ApplicationFormDoc) {
    let widths = [WIDTH * 0.5, WIDTH * 0.25, WIDTH * 0.25];
    let lefts = [LEFT, LEFT + widths[0], LEFT + widths[0] + widths[1]];
    let row = line_height_mm(10.0) + 1.5;
    flow.form_heading(&form.dependants_heading, row * 2.0);
    if form.dependants.is_empty() {
        let y = flow.y;
        flow.y += flow
            .page
            .text_box(LEFT, y, WIDTH, 9.5, false, MUTED, &form.no_dependants)
            + 4.0;
        return;
    }
    let head = line_height_mm(8.5) + 1.5;
    let y = flow.y;
    flow.page
        .rect(LEFT, y, WIDTH, head, Some(Rgb(0xEE, 0xF1, 0xF5)), None);
    for (column, x) in form.dependant_columns.iter().zip(lefts) {
        flow.page
            .text(x + 1.0, y + head * 0.72, 8.5, true, MUTED, column);
    }
    flow.y += head;
    for dependant in &form.dependants {
        flow.room(row);
        let y = flow.y;
        for (cell, x) in dependant.iter().zip(lefts) {
            flow.page
                .text(x + 1.0, y + row * 0.72, 10.0, false, INK, cell);
        }
        flow.page
            .line(LEFT, y + row, LEFT + WIDTH, y + row, RULE, 0.3);
        flow.y += row;
    }
    flow.y += 4.0;
}

/// The applicant's and the clerk's boxes side by side, each with its name and a date line under it.
fn signatures(flow: &mut Flow<'_>, form: &ApplicationFormDoc) {
    let gap = 10.0;
    let w = (WIDTH - gap) / 2.0;
    let label_h = [&form.applicant_sign, &form.clerk_sign]
        .iter()
        .map(|b| at_least_a_line(flow, &b.label, w, 9.0, true))
        .fold(0.0_f32, f32::max);
    let total = label_h + 1.5 + SIGN_H + 2.0 + line_height_mm(9.5) * 2.0 + 4.0;
    flow.room(total);
    let top = flow.y;
    for (sign, x) in [
        (&form.applicant_sign, LEFT),
        (&form.clerk_sign, LEFT + w + gap),
    ] {
        flow.page.text_box(x, top, w, 9.0, true, INK, &sign.label);
        let box_top = top + label_h + 1.5;
        flow.page
            .rect(x, box_top, w, SIGN_H, None, Some((INK, 0.7)));
        let mut y = box_top + SIGN_H + 2.0;
        y += flow.page.text_box(x, y, w, 9.5, true, INK, &sign.name);
        let date_w = flow.page.text(
            x,
            y + line_height_mm(9.5) * 0.8,
            9.0,
            false,
            MUTED,
            &form.date_label,
        );
        let line_y = y + line_height_mm(9.5) * 0.85;
        flow.page
            .line(x + date_w + 2.0, line_y, x + w, line_y, MUTED, 0.4);
    }
    flow.y = top + total;
}

/// A text's height, a line at least: an empty value still takes its row on the form.
fn at_least_a_line(flow: &Flow<'_>, text: &str, width: f32, size: f32, bold: bool) -> f32 {
    flow.height(text, width, size, bold)
        .max(line_height_mm(size))
}
