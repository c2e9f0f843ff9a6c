//! The district chief's report (issue 14) on A4: headline figures, bar charts drawn as vector graphics
//! (filled rectangles and ruled axes, no images, so they stay sharp at any zoom and print small), and
//! tables that continue on further pages. Every string arrives final (localised, formatted); the charts'
//! values arrive as numbers, with the text to print beside each bar.

use crate::page::palette::{GOLD, INK, MUTED, NAVY, RULE};
use crate::page::{line_height_mm, Align, Flow, Frame, Page, Rgb};
use crate::{DocumentError, Fonts};

/// The page and its margins, millimetres.
const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 15.0;
const WIDTH: f32 = 180.0;
const TOP: f32 = 14.0;
const BOTTOM: f32 = 282.0;
const FRAME: Frame = Frame {
    width: PAGE_W,
    height: PAGE_H,
    top: TOP,
    bottom: BOTTOM,
};

/// The report's content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutreachReportDoc {
    /// The fund's name in Lao, the header's first line.
    pub fund_name_lo: String,
    /// The fund's name in English, under the Lao one.
    pub fund_name_en: String,
    /// Office and workstation, under the fund's name.
    pub office: String,
    /// The report's heading; also the PDF's title.
    pub title: String,
    /// Label–value pairs under the title (period, date printed).
    pub fields: Vec<(String, String)>,
    /// The headline figures, row by row (the boxes of a row share its width): label and value.
    pub headline: Vec<Vec<(String, String)>>,
    /// Charts, one under the other.
    pub charts: Vec<BarChart>,
    /// Tables after the charts.
    pub tables: Vec<Table>,
}

/// How a chart's bars stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartShape {
    /// Upright bars along a time axis (weeks); only some labels are printed when there are many bars.
    Columns,
    /// Horizontal bars, each with its label on the left and its value on the right (groups).
    Bars,
}

/// A bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// The heading above the chart.
    pub title: String,
    /// How the bars stand.
    pub shape: ChartShape,
    /// The bars, in order.
    pub bars: Vec<Bar>,
}

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What the bar stands for (a week's Monday, a group's name).
    pub label: String,
    /// Its size; negative values are drawn as 0.
    pub value: f64,
    /// The value as printed beside the bar (formatted kip, a count).
    pub shown: String,
}

/// A table with a heading; columns after the first are right-aligned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The heading above it.
    pub title: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows, a cell per column.
    pub rows: Vec<Vec<String>>,
}

impl<'f> Flow<'f> {
    fn report_heading(&mut self, text: &str) {
        self.room(line_height_mm(11.0) * 2.0 + 30.0);
        self.y += 3.0;
        self.y += self
            .page
            .text_box(LEFT, self.y, WIDTH, 11.0, true, NAVY, text);
        self.y += 1.0;
    }
}

/// The A4 report.
pub fn outreach_report_pdf(
    fonts: &Fonts,
    report: &OutreachReportDoc,
) -> Result<Vec<u8>, DocumentError> {
    let mut flow = Flow::new(fonts, &report.title, FRAME);
    let p = &mut flow.page;
    let mut y = TOP;
    y += p.text_box(LEFT, y, WIDTH, 13.0, true, NAVY, &report.fund_name_lo);
    y += p.text_box(LEFT, y, WIDTH, 10.0, false, NAVY, &report.fund_name_en);
    y += p.text_box(LEFT, y, WIDTH, 9.0, false, MUTED, &report.office) + 2.0;
    y += p.text_box(LEFT, y, WIDTH, 14.0, true, INK, &report.title) + 2.0;
    for (label, value) in &report.fields {
        let h1 = p.text_box(LEFT, y, 58.0, 9.5, false, MUTED, label);
        let h2 = p.text_box(LEFT + 60.0, y, WIDTH - 60.0, 10.0, true, INK, value);
        y += h1.max(h2) + 0.8;
    }
    y += 3.0;
    // Headline figures: boxes side by side, the value large under its label.
    for pair in &report.headline {
        let gaps = pair.len().saturating_sub(1) as f32 * 4.0;
        let box_w = (WIDTH - gaps) / pair.len().max(1) as f32;
        let label_h = pair
            .iter()
            .map(|(label, _)| crate::text::wrap_lines(fonts, label, box_w - 6.0, 8.5, false).len())
            .max()
            .unwrap_or(1) as f32
            * line_height_mm(8.5);
        let box_h = label_h + line_height_mm(15.0) + 4.0;
        for (i, (label, value)) in pair.iter().enumerate() {
            let x = LEFT + i as f32 * (box_w + 4.0);
            p.rect(
                x,
                y,
                box_w,
                box_h,
                Some(Rgb(0xF3, 0xF6, 0xFA)),
                Some((RULE, 0.5)),
            );
            p.rect(x, y, 1.6, box_h, Some(GOLD), None);
            p.text_box(x + 4.0, y + 1.5, box_w - 6.0, 8.5, false, MUTED, label);
            p.text(
                x + 4.0,
                y + 1.5 + label_h + line_height_mm(15.0) * 0.8,
                15.0,
                true,
                INK,
                value,
            );
        }
        y += box_h + 3.0;
    }
    flow.y = y;
    for chart in &report.charts {
        match chart.shape {
            ChartShape::Columns => columns(&mut flow, chart),
            ChartShape::Bars => bars(&mut flow, chart),
        }
    }
    for table in &report.tables {
        draw_table(&mut flow, table);
    }
    let doc = flow.finish();
    doc.render()
}

/// The largest value of the bars, at least 1 so that an all-zero chart draws empty bars.
fn top_value(bars: &[Bar]) -> f64 {
    bars.iter().map(|b| b.value).fold(1.0, f64::max)
}

/// Upright bars over a baseline, the largest value printed at the top of the axis.
fn columns(flow: &mut Flow<'_>, chart: &BarChart) {
    let plot_h = 42.0;
    flow.report_heading(&chart.title);
    flow.room(plot_h + 14.0);
    let top = top_value(&chart.bars);
    let y0 = flow.y + 4.0;
    let base = y0 + plot_h;
    let axis_x = LEFT + 22.0;
    let plot_w = WIDTH - 22.0;
    let p = &mut flow.page;
    // The scale: the largest value, printed at its height, and the baseline.
    if let Some(largest) = chart.bars.iter().max_by(|a, b| a.value.total_cmp(&b.value)) {
        p.line(axis_x, y0, axis_x + plot_w, y0, RULE, 0.3);
        p.text_aligned(
            axis_x - 1.5,
            y0 + 1.2,
            7.0,
            false,
            MUTED,
            Align::Right,
            &largest.shown,
        );
    }
    p.line(axis_x, base, axis_x + plot_w, base, INK, 0.6);
    p.line(axis_x, y0, axis_x, base, INK, 0.6);
    let n = chart.bars.len().max(1);
    let slot = plot_w / n as f32;
    // At most about 12 labels under the axis, evenly spaced.
    let label_every = n.div_ceil(12).max(1);
    for (i, bar) in chart.bars.iter().enumerate() {
        let h = (bar.value.max(0.0) / top) as f32 * plot_h;
        let x = axis_x + slot * i as f32 + slot * 0.15;
        if h > 0.0 {
            p.rect(x, base - h, slot * 0.7, h, Some(NAVY), None);
        }
        if i % label_every == 0 {
            p.text_aligned(
                x + slot * 0.35,
                base + 4.0,
                6.5,
                false,
                MUTED,
                Align::Center,
                &bar.label,
            );
        }
    }
    flow.y = base + 8.0;
}

/// Horizontal bars: label (wrapped when long), bar, value, one per row.
fn bars(flow: &mut Flow<'_>, chart: &BarChart) {
    let line = line_height_mm(8.5);
    flow.report_heading(&chart.title);
    let top = top_value(&chart.bars);
    let label_w = 62.0;
    let value_w = 34.0;
    let bar_w = WIDTH - label_w - value_w - 4.0;
    for bar in &chart.bars {
        let lines =
            crate::text::wrap_lines(flow.fonts, &bar.label, label_w - 2.0, 8.5, false).len();
        let row_h = (lines as f32 * line + 1.5).max(6.0);
        flow.room(row_h);
        let y = flow.y;
        let p = &mut flow.page;
        p.text_box(LEFT, y + 0.6, label_w - 2.0, 8.5, false, INK, &bar.label);
        let x = LEFT + label_w;
        p.rect(x, y + 1.0, bar_w, 4.0, Some(Rgb(0xEE, 0xF1, 0xF5)), None);
        let w = (bar.value.max(0.0) / top) as f32 * bar_w;
        if w > 0.0 {
            p.rect(x, y + 1.0, w, 4.0, Some(NAVY), None);
        }
        p.text_aligned(
            LEFT + WIDTH,
            y + 4.2,
            8.5,
            true,
            INK,
            Align::Right,
            &bar.shown,
        );
        flow.y += row_h;
    }
    flow.y += 2.0;
}

/// A table under its heading; its column headings repeat on each page it continues on.
fn draw_table(flow: &mut Flow<'_>, table: &Table) {
    flow.report_heading(&table.title);
    let n = table.columns.len().max(1);
    let first = WIDTH * 0.4;
    let other = (WIDTH - first) / (n.saturating_sub(1).max(1)) as f32;
    let anchor = |i: usize| {
        if i == 0 {
            LEFT + 1.0
        } else {
            LEFT + first + other * i as f32 - 1.0
        }
    };
    let head = line_height_mm(8.5);
    let row_h = line_height_mm(9.0);
    let header = |p: &mut Page<'_>, y: f32| {
        p.rect(
            LEFT,
            y,
            WIDTH,
            head + 1.0,
            Some(Rgb(0xEE, 0xF1, 0xF5)),
            None,
        );
        for (i, c) in table.columns.iter().enumerate() {
            let align = if i == 0 { Align::Left } else { Align::Right };
            p.text_aligned(anchor(i), y + head * 0.85, 8.5, true, MUTED, align, c);
        }
    };
    flow.room(head + row_h * 2.0);
    header(&mut flow.page, flow.y);
    flow.y += head + 1.5;
    for row in &table.rows {
        if flow.y + row_h > BOTTOM {
            flow.next_page();
            header(&mut flow.page, flow.y);
            flow.y += head + 1.5;
        }
        let y = flow.y;
        for (i, cell) in row.iter().enumerate().take(n) {
            let align = if i == 0 { Align::Left } else { Align::Right };
            flow.page
                .text_aligned(anchor(i), y + row_h * 0.8, 9.0, false, INK, align, cell);
        }
        flow.y += row_h;
        flow.page
            .line(LEFT, flow.y, LEFT + WIDTH, flow.y, RULE, 0.3);
    }
    flow.y += 2.0;
}
