//! The A5 leaflet "why should I join?" (issue 14): a heading for whom it was printed, a box of what the
//! applicant would pay, then sections of short items (a bold title over its text): paying ahead and
//! catching up, the hospital, the benefits, comparable private cover. Sections flow onto a second page
//! when the benefits are many. Every string arrives final (localised, formatted), in one language.

use crate::page::palette::{GOLD, INK, MUTED, NAVY, RULE};
use crate::page::{Flow, Frame, Rgb};
use crate::{DocumentError, Fonts};

/// A5 portrait, millimetres.
const PAGE_W: f32 = 148.0;
const PAGE_H: f32 = 210.0;
const LEFT: f32 = 12.0;
const WIDTH: f32 = PAGE_W - 2.0 * LEFT;
const TOP: f32 = 11.0;
const BOTTOM: f32 = PAGE_H - 12.0;
const FRAME: Frame = Frame {
    width: PAGE_W,
    height: PAGE_H,
    top: TOP,
    bottom: BOTTOM,
};
const TEXT_PT: f32 = 9.0;
const TITLE_PT: f32 = 9.5;

/// The leaflet's content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeafletDoc {
    /// The fund's name.
    pub fund_name: String,
    /// The office that printed it.
    pub office: String,
    /// The question the leaflet answers; also the PDF's title.
    pub title: String,
    /// For whom and when it was printed.
    pub lead: String,
    /// The heading of the figures box.
    pub figures_heading: String,
    /// Label–value pairs of what the applicant pays (their base, the floor, the rate).
    pub figures: Vec<(String, String)>,
    /// The sections after the box, in order.
    pub sections: Vec<LeafletSection>,
    /// Where the figures and texts come from, at the foot of the last page.
    pub footer: String,
}

/// A heading and its items.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeafletSection {
    /// The section's heading.
    pub heading: String,
    /// Its items, in order.
    pub items: Vec<LeafletItem>,
}

/// One item: a bold title (may be empty) over its text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeafletItem {
    /// Bold, above the text; empty for plain text.
    pub title: String,
    /// The explanation.
    pub text: String,
}

/// The A5 leaflet, one page or more.
pub fn leaflet_pdf(fonts: &Fonts, leaflet: &LeafletDoc) -> Result<Vec<u8>, DocumentError> {
    let mut flow = Flow::new(fonts, &leaflet.title, FRAME);
    let page = &mut flow.page;
    let mut y = TOP;
    y += page.text_box(LEFT, y, WIDTH, 10.0, true, NAVY, &leaflet.fund_name);
    y += page.text_box(LEFT, y, WIDTH, 7.5, false, MUTED, &leaflet.office) + 1.0;
    page.line(LEFT, y, LEFT + WIDTH, y, GOLD, 1.2);
    y += 2.5;
    y += page.text_box(LEFT, y, WIDTH, 14.0, true, INK, &leaflet.title) + 0.5;
    y += page.text_box(LEFT, y, WIDTH, 8.5, false, MUTED, &leaflet.lead) + 2.5;
    flow.y = y;
    figures_box(&mut flow, leaflet);
    for section in &leaflet.sections {
        let heading_h = flow.height(&section.heading, WIDTH, 11.0, true) + 2.5;
        // A heading is kept with its first item.
        let first_h = section.items.first().map_or(0.0, |i| item_height(&flow, i));
        flow.room(heading_h + first_h);
        let y = flow.y;
        let h = flow
            .page
            .text_box(LEFT, y, WIDTH, 11.0, true, NAVY, &section.heading);
        flow.page
            .line(LEFT, y + h + 0.6, LEFT + WIDTH, y + h + 0.6, RULE, 0.5);
        flow.y += heading_h;
        for item in &section.items {
            flow.room(item_height(&flow, item));
            let mut y = flow.y;
            if !item.title.is_empty() {
                y += flow
                    .page
                    .text_box(LEFT, y, WIDTH, TITLE_PT, true, INK, &item.title);
            }
            y += flow
                .page
                .text_box(LEFT, y, WIDTH, TEXT_PT, false, INK, &item.text);
            flow.y = y + 1.8;
        }
        flow.y += 1.5;
    }
    let footer_h = flow.height(&leaflet.footer, WIDTH, 7.0, false);
    flow.room(footer_h + 2.0);
    let y = flow.y.max(BOTTOM - footer_h);
    flow.page
        .text_box(LEFT, y, WIDTH, 7.0, false, MUTED, &leaflet.footer);
    let doc = flow.finish();
    doc.render()
}

fn item_height(flow: &Flow<'_>, item: &LeafletItem) -> f32 {
    flow.height(&item.title, WIDTH, TITLE_PT, true)
        + flow.height(&item.text, WIDTH, TEXT_PT, false)
        + 1.8
}

/// The shaded box of what the applicant pays: the heading, then each label with its value to the right.
fn figures_box(flow: &mut Flow<'_>, leaflet: &LeafletDoc) {
    let label_w = WIDTH * 0.58;
    let value_w = WIDTH - label_w - 6.0;
    let heading_h = flow.height(&leaflet.figures_heading, WIDTH - 6.0, 10.5, true) + 1.5;
    let rows: Vec<f32> = leaflet
        .figures
        .iter()
        .map(|(label, value)| {
            flow.height(label, label_w - 3.0, 9.0, false)
                .max(flow.height(value, value_w, 10.0, true))
                + 1.0
        })
        .collect();
    let box_h = heading_h + rows.iter().sum::<f32>() + 4.0;
    flow.room(box_h);
    let top = flow.y;
    let page = &mut flow.page;
    page.rect(
        LEFT,
        top,
        WIDTH,
        box_h,
        Some(Rgb(0xEE, 0xF3, 0xFA)),
        Some((NAVY, 0.6)),
    );
    let mut y = top + 2.0;
    y += page.text_box(
        LEFT + 3.0,
        y,
        WIDTH - 6.0,
        10.5,
        true,
        NAVY,
        &leaflet.figures_heading,
    ) + 1.5;
    for ((label, value), h) in leaflet.figures.iter().zip(rows) {
        page.text_box(LEFT + 3.0, y, label_w - 3.0, 9.0, false, INK, label);
        page.text_box(LEFT + label_w, y, value_w, 10.0, true, INK, value);
        y += h;
    }
    flow.y = top + box_h + 3.5;
}
