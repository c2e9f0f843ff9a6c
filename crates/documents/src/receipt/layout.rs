//! How a receipt is laid out: every paragraph wrapped and measured first, so that the page breaks are
//! known before anything is drawn and both copies of the A5 pair break at the same rows.

use std::ops::Range;

use super::{ReceiptDoc, ReceiptLine, ReceiptMark};
use crate::fonts::FontKey;
use crate::page::palette::{INK, MARK, MUTED, NAVY as BRAND, RULE};
use crate::page::{line_height_mm, Align, Page, Rgb};
use crate::text::{pt_to_mm, wrap_lines};
use crate::{DocumentError, Fonts};

/// Blank space above a signature line, to sign in.
const SIGNING_SPACE: f32 = 11.0;

/// Where and how large one format draws a copy.
#[derive(Debug, Clone, Copy)]
pub(super) struct Format {
    /// Left edge of a copy, in millimetres from the page's left edge.
    pub(super) x: f32,
    /// Width of a copy.
    pub(super) width: f32,
    /// Text sizes are multiplied by this: the roll prints smaller.
    scale: f32,
    /// A5: the QR code beside the header, fields in three columns, four table columns, signatures side
    /// by side. Roll: the QR code at the end, fields in two columns, three table columns (a range of
    /// months on a line of its own), signatures one above the other.
    wide: bool,
    /// Side of the QR symbol.
    pub(super) qr: f32,
}

impl Format {
    pub(super) const A5: Format = Format {
        x: 12.0,
        width: 186.0,
        scale: 1.0,
        wide: true,
        qr: 26.0,
    };
    pub(super) const ROLL: Format = Format {
        x: 4.0,
        width: 72.0,
        scale: 0.8,
        wide: false,
        qr: 24.0,
    };

    fn size(self, pt: f32) -> f32 {
        pt * self.scale
    }

    /// Left and right edges of the table's columns, relative to the copy's left edge; the roll has no
    /// "per month" column.
    fn columns(self) -> Vec<Column> {
        let w = self.width;
        let column = |from: f32, to: f32, align: Align, cell: Cell| Column {
            left: from * w,
            right: to * w,
            align,
            cell,
        };
        if self.wide {
            vec![
                column(0.0, 0.40, Align::Left, Cell::Months),
                column(0.40, 0.60, Align::Right, Cell::Base),
                column(0.62, 0.80, Align::Right, Cell::PerMonth),
                column(0.82, 1.0, Align::Right, Cell::Amount),
            ]
        } else {
            vec![
                column(0.0, 0.36, Align::Left, Cell::Months),
                column(0.38, 0.66, Align::Right, Cell::Base),
                column(0.70, 1.0, Align::Right, Cell::Amount),
            ]
        }
    }
}

/// What a column of the month table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Months,
    Base,
    PerMonth,
    Amount,
}

impl Cell {
    fn heading(self, doc: &ReceiptDoc) -> &str {
        let [months, base, per_month, amount] = &doc.columns;
        match self {
            Cell::Months => months,
            Cell::Base => base,
            Cell::PerMonth => per_month,
            Cell::Amount => amount,
        }
    }

    fn text(self, line: &ReceiptLine) -> &str {
        match self {
            Cell::Months => &line.months,
            Cell::Base => &line.base,
            Cell::PerMonth => &line.per_month,
            Cell::Amount => &line.amount,
        }
    }
}

/// One column of the month table.
#[derive(Debug, Clone, Copy)]
struct Column {
    left: f32,
    right: f32,
    align: Align,
    cell: Cell,
}

impl Column {
    /// The x a line of text is drawn at, for its alignment.
    fn anchor(self, x: f32) -> f32 {
        match self.align {
            Align::Left => x + self.left,
            Align::Center => x + (self.left + self.right) / 2.0,
            Align::Right => x + self.right,
        }
    }
}

/// Text wrapped to a width, ready to draw: its height is known before it is drawn.
#[derive(Debug)]
pub(super) struct Para<'t> {
    lines: Vec<&'t str>,
    size: f32,
    bold: bool,
    color: Rgb,
}

impl<'t> Para<'t> {
    /// Wraps `text`, measuring on `page`: the page keeps the lines it shaped to measure them, and
    /// shapes them only once when they are drawn on it.
    fn new(
        page: &Page<'_>,
        fonts: &Fonts,
        text: &'t str,
        width: f32,
        size: f32,
        bold: bool,
        color: Rgb,
    ) -> Para<'t> {
        // Most texts fit their width as written: one measurement per line instead of `wrap_lines`,
        // which measures the line word by word.
        let as_written: Vec<&str> = text.split_inclusive('\n').collect();
        let fits = |line: &&str| page.text_width(size, bold, line.trim_end()) <= width + 1e-3;
        let lines = if text.trim().is_empty() {
            Vec::new()
        } else if as_written.iter().all(fits) {
            as_written
        } else {
            wrap_lines(fonts, text, width, size, bold)
        };
        Para {
            lines,
            size,
            bold,
            color,
        }
    }

    fn height(&self) -> f32 {
        line_height_mm(self.size) * self.lines.len() as f32
    }

    /// Draws the lines with the first one's top at `y`, as [`Page::text_box`] does; returns the height.
    fn draw(&self, page: &mut Page<'_>, fonts: &Fonts, x: f32, y: f32, align: Align) -> f32 {
        let line_height = line_height_mm(self.size);
        let face = fonts.face(FontKey::LatinRegular);
        let ascent = pt_to_mm(self.size * face.ascender / face.units_per_em);
        let mut baseline = y + ascent.min(line_height);
        for line in &self.lines {
            let line = line.trim_end();
            if !line.is_empty() {
                page.text_aligned(x, baseline, self.size, self.bold, self.color, align, line);
            }
            baseline += line_height;
        }
        self.height()
    }
}

/// A label above its value.
#[derive(Debug)]
struct Field<'t> {
    label: Para<'t>,
    value: Para<'t>,
}

/// Which rows of the month table one copy prints on one page, and where.
#[derive(Debug)]
pub(super) struct Area {
    /// 0 on the first page.
    pub(super) index: usize,
    /// How many pages the copy takes.
    pub(super) count: usize,
    pub(super) rows: Range<usize>,
    /// Top of the copy on the page.
    pub(super) top: f32,
}

/// A receipt measured for one format: every paragraph wrapped, every height known.
#[derive(Debug)]
pub(super) struct Layout<'d> {
    fonts: &'d Fonts,
    doc: &'d ReceiptDoc,
    format: Format,
    fund_name_lo: Para<'d>,
    fund_name_en: Para<'d>,
    office: Para<'d>,
    title: Para<'d>,
    /// One per copy of the A5 format; none on the roll.
    pub(super) captions: Vec<Para<'d>>,
    mark: Option<Para<'d>>,
    fields: Vec<Field<'d>>,
    field_columns: usize,
    columns: Vec<Column>,
    headings: Vec<Para<'d>>,
    /// Per line of the table: does its months label take a line of its own (a range on the roll)?
    months_apart: Vec<bool>,
    words_label: Para<'d>,
    words_lo: Para<'d>,
    words_en: Para<'d>,
    notes: Vec<Para<'d>>,
    signatures: Vec<Para<'d>>,
    continued: Para<'d>,
}

impl<'d> Layout<'d> {
    /// Measures `doc` on `page`, the first page it will be drawn on.
    pub(super) fn measure(
        page: &Page<'_>,
        fonts: &'d Fonts,
        doc: &'d ReceiptDoc,
        format: Format,
    ) -> Layout<'d> {
        let s = |pt: f32| format.size(pt);
        let width = format.width;
        let header_width = if format.wide {
            width - format.qr - 6.0
        } else {
            width
        };
        let para = |text: &'d str, width: f32, size: f32, bold: bool, color: Rgb| {
            Para::new(page, fonts, text, width, size, bold, color)
        };
        let field_columns = if format.wide { 3 } else { 2 };
        let field_width = field_cell_width(format, field_columns);
        let columns = format.columns();
        // On the A5 the months column is wide enough for any range; on the roll a range would run into
        // the base, so it gets a line of its own.
        let months_apart = doc
            .lines
            .iter()
            .map(|line| !format.wide && line.count > 1)
            .collect();
        let signature_width = if format.wide {
            (width - 12.0) / 2.0
        } else {
            width
        };
        Layout {
            fonts,
            doc,
            format,
            fund_name_lo: para(&doc.fund_name_lo, header_width, s(12.0), true, BRAND),
            fund_name_en: para(&doc.fund_name_en, header_width, s(9.0), false, BRAND),
            office: para(&doc.office, header_width, s(8.0), false, MUTED),
            title: para(&doc.title, header_width, s(11.0), true, INK),
            captions: if format.wide {
                doc.copy_labels
                    .iter()
                    .map(|c| para(c, header_width, s(8.0), false, MUTED))
                    .collect()
            } else {
                Vec::new()
            },
            mark: doc.mark.as_ref().map(|mark| {
                let text = match mark {
                    ReceiptMark::Copy(text) | ReceiptMark::Void(text) => text,
                };
                para(text, header_width, s(13.0), true, MARK)
            }),
            fields: doc
                .fields
                .iter()
                .map(|(label, value)| Field {
                    label: para(label, field_width, s(7.5), false, MUTED),
                    value: para(value, field_width, s(9.5), true, INK),
                })
                .collect(),
            field_columns,
            headings: columns
                .iter()
                .map(|c| para(c.cell.heading(doc), c.right - c.left, s(8.5), true, MUTED))
                .collect(),
            columns,
            months_apart,
            words_label: para(&doc.words_label, width, s(7.5), false, MUTED),
            words_lo: para(&doc.words_lo, width, s(9.0), false, INK),
            words_en: para(&doc.words_en, width, s(8.5), false, MUTED),
            notes: doc
                .notes
                .iter()
                .map(|n| para(n, width, s(7.5), false, MUTED))
                .collect(),
            signatures: doc
                .signatures
                .iter()
                .map(|c| para(c, signature_width, s(7.5), false, MUTED))
                .collect(),
            continued: para(&doc.continued, width - 20.0, s(8.0), false, MUTED),
        }
    }

    fn caption_height(&self) -> f32 {
        self.captions.iter().map(Para::height).fold(0.0, f32::max)
    }

    fn mark_height(&self) -> f32 {
        self.mark.as_ref().map_or(0.0, |m| 1.0 + m.height())
    }

    /// The first page's header: fund, office, title, caption and mark, beside the QR code on the A5.
    fn header_height(&self) -> f32 {
        let text = self.fund_name_lo.height()
            + self.fund_name_en.height()
            + self.office.height()
            + 1.5
            + self.title.height()
            + self.caption_height()
            + self.mark_height();
        let beside_qr = if self.format.wide {
            text.max(self.format.qr + 2.0)
        } else {
            text
        };
        beside_qr + 1.5
    }

    fn field_rows(&self) -> impl Iterator<Item = &[Field<'d>]> {
        self.fields.chunks(self.field_columns)
    }

    fn field_row_height(row: &[Field<'_>]) -> f32 {
        row.iter()
            .map(|f| f.label.height() + f.value.height())
            .fold(0.0, f32::max)
            + 1.2
    }

    fn fields_height(&self) -> f32 {
        self.field_rows().map(Self::field_row_height).sum::<f32>() + 1.0
    }

    /// A continuation page's header: title and page number, caption, receipt number, mark.
    fn continuation_header_height(&self) -> f32 {
        self.title.height()
            + self.caption_height()
            + self.first_field_height()
            + self.mark_height()
            + 2.0
    }

    fn first_field_height(&self) -> f32 {
        if self.doc.fields.is_empty() {
            0.0
        } else {
            line_height_mm(self.format.size(9.5))
        }
    }

    fn table_head_height(&self) -> f32 {
        self.headings.iter().map(Para::height).fold(0.0, f32::max) + 1.5
    }

    /// Rows of the month table, one per [`ReceiptLine`].
    pub(super) fn row_count(&self) -> usize {
        self.months_apart.len()
    }

    fn row_height(&self, months_apart: bool) -> f32 {
        let line = line_height_mm(self.format.size(9.5));
        if months_apart {
            2.0 * line
        } else {
            line
        }
    }

    pub(super) fn rows_height(&self, rows: Range<usize>) -> f32 {
        self.months_apart[rows]
            .iter()
            .map(|&apart| self.row_height(apart))
            .sum()
    }

    /// Everything above the table's rows on the first page.
    pub(super) fn first_fixed(&self) -> f32 {
        self.header_height() + self.fields_height() + self.table_head_height()
    }

    fn continued_height(&self) -> f32 {
        1.5 + line_height_mm(self.format.size(8.0)).max(self.continued.height())
    }

    fn total_height(&self) -> f32 {
        line_height_mm(self.format.size(11.0))
    }

    fn signatures_height(&self) -> f32 {
        let captions = self.signatures.iter().map(Para::height);
        if self.format.wide {
            2.0 + SIGNING_SPACE + 1.0 + captions.fold(0.0, f32::max)
        } else {
            captions.map(|h| 2.0 + SIGNING_SPACE + 1.0 + h).sum()
        }
    }

    /// Total, amount in words, notes, signatures, and on the roll the QR code.
    pub(super) fn footer_height(&self) -> f32 {
        let notes: f32 = self.notes.iter().map(Para::height).sum();
        1.5 + self.total_height()
            + 1.0
            + self.words_label.height()
            + self.words_lo.height()
            + self.words_en.height()
            + if notes > 0.0 { 1.0 + notes } else { 0.0 }
            + self.signatures_height()
            + self.qr_block_height()
    }

    /// The QR code at the end of the roll, with the space around it; the A5 has it in the header.
    pub(super) fn qr_block_height(&self) -> f32 {
        if self.format.wide {
            0.0
        } else {
            3.0 + self.format.qr + 2.0
        }
    }

    /// Splits the table's rows into pages of `height` millimetres: as many rows as fit above the
    /// "continued" line, and on the last page the remaining rows and the footer. A page holds at least
    /// one row, so the split always ends.
    pub(super) fn paginate(&self, height: f32) -> Vec<Range<usize>> {
        let n = self.row_count();
        let mut pages = Vec::new();
        let mut start = 0;
        loop {
            let fixed = if pages.is_empty() {
                self.first_fixed()
            } else {
                self.continuation_header_height() + self.table_head_height()
            };
            let room = height - fixed;
            if start == n || self.rows_height(start..n) + self.footer_height() <= room {
                pages.push(start..n);
                return pages;
            }
            let mut end = start;
            let mut used = self.continued_height();
            while end < n && used + self.row_height(self.months_apart[end]) <= room {
                used += self.row_height(self.months_apart[end]);
                end += 1;
            }
            // A row taller than a whole page (never seen) still prints, on a page of its own.
            let end = end.max(start + 1);
            pages.push(start..end);
            start = end;
        }
    }

    /// Draws one copy's part on one page.
    pub(super) fn draw_area(
        &self,
        page: &mut Page<'_>,
        area: &Area,
        caption: Option<&Para<'_>>,
    ) -> Result<(), DocumentError> {
        let x = self.format.x;
        let mut y = area.top;
        if area.index == 0 {
            self.draw_header(page, y, caption)?;
            y += self.header_height();
            self.draw_fields(page, y);
            y += self.fields_height();
        } else {
            self.draw_continuation_header(page, y, caption, area);
            y += self.continuation_header_height();
        }
        if area.index == 0 || !area.rows.is_empty() {
            self.draw_table_head(page, y);
            y += self.table_head_height();
        }
        for row in area.rows.clone() {
            self.draw_row(page, y, row);
            y += self.row_height(self.months_apart[row]);
        }
        if area.index + 1 < area.count {
            y += 1.5;
            self.continued.draw(page, self.fonts, x, y, Align::Left);
            let baseline = y + line_height_mm(self.format.size(8.0)) * 0.8;
            page.text_aligned(
                x + self.format.width,
                baseline,
                self.format.size(8.0),
                false,
                MUTED,
                Align::Right,
                &format!("{}/{}", area.index + 1, area.count),
            );
        } else {
            self.draw_footer(page, y)?;
        }
        Ok(())
    }

    fn draw_header(
        &self,
        page: &mut Page<'_>,
        top: f32,
        caption: Option<&Para<'_>>,
    ) -> Result<(), DocumentError> {
        let (x, fonts) = (self.format.x, self.fonts);
        let mut y = top;
        y += self.fund_name_lo.draw(page, fonts, x, y, Align::Left);
        y += self.fund_name_en.draw(page, fonts, x, y, Align::Left);
        y += self.office.draw(page, fonts, x, y, Align::Left) + 1.5;
        y += self.title.draw(page, fonts, x, y, Align::Left);
        if let Some(caption) = caption {
            caption.draw(page, fonts, x, y, Align::Left);
        }
        y += self.caption_height();
        if let Some(mark) = &self.mark {
            mark.draw(page, fonts, x, y + 1.0, Align::Left);
        }
        if self.format.wide {
            let qr = self.format.qr;
            page.qr(&self.doc.qr_payload, x + self.format.width - qr, top, qr)?;
        }
        Ok(())
    }

    fn draw_fields(&self, page: &mut Page<'_>, top: f32) {
        let width = field_cell_width(self.format, self.field_columns);
        let mut y = top;
        for row in self.field_rows() {
            for (i, field) in row.iter().enumerate() {
                let x = self.format.x + i as f32 * (width + FIELD_GUTTER);
                let label = field.label.draw(page, self.fonts, x, y, Align::Left);
                field
                    .value
                    .draw(page, self.fonts, x, y + label, Align::Left);
            }
            y += Self::field_row_height(row);
        }
    }

    fn draw_continuation_header(
        &self,
        page: &mut Page<'_>,
        top: f32,
        caption: Option<&Para<'_>>,
        area: &Area,
    ) {
        let (x, fonts, format) = (self.format.x, self.fonts, self.format);
        let mut y = top;
        let title_baseline = y + line_height_mm(format.size(11.0)) * 0.8;
        y += self.title.draw(page, fonts, x, y, Align::Left);
        page.text_aligned(
            x + format.width,
            title_baseline,
            format.size(8.0),
            false,
            MUTED,
            Align::Right,
            &format!("{}/{}", area.index + 1, area.count),
        );
        if let Some(caption) = caption {
            caption.draw(page, fonts, x, y, Align::Left);
        }
        y += self.caption_height();
        if let Some((label, value)) = self.doc.fields.first() {
            let baseline = y + self.first_field_height() * 0.8;
            let label_width = page.text(x, baseline, format.size(7.5), false, MUTED, label);
            page.text(
                x + label_width + 2.0,
                baseline,
                format.size(9.5),
                true,
                INK,
                value,
            );
            y += self.first_field_height();
        }
        if let Some(mark) = &self.mark {
            mark.draw(page, fonts, x, y + 1.0, Align::Left);
        }
    }

    fn draw_table_head(&self, page: &mut Page<'_>, top: f32) {
        let x = self.format.x;
        page.line(x, top, x + self.format.width, top, RULE, 0.6);
        for (column, heading) in self.columns.iter().zip(&self.headings) {
            heading.draw(page, self.fonts, column.anchor(x), top + 0.8, column.align);
        }
    }

    fn draw_row(&self, page: &mut Page<'_>, top: f32, row: usize) {
        let (x, size) = (self.format.x, self.format.size(9.5));
        let line = &self.doc.lines[row];
        let line_height = line_height_mm(size);
        let mut baseline = top + line_height * 0.8;
        if self.months_apart[row] {
            page.text(x, baseline, size, false, INK, &line.months);
            baseline += line_height;
        }
        for (i, column) in self.columns.iter().enumerate() {
            if i == 0 && self.months_apart[row] {
                continue;
            }
            let cell = column.cell.text(line);
            page.text_aligned(
                column.anchor(x),
                baseline,
                size,
                false,
                INK,
                column.align,
                cell,
            );
        }
    }

    fn draw_footer(&self, page: &mut Page<'_>, top: f32) -> Result<(), DocumentError> {
        let (x, width, fonts, format) = (self.format.x, self.format.width, self.fonts, self.format);
        let mut y = top + 0.5;
        page.line(x, y, x + width, y, RULE, 0.6);
        y += 1.0;
        let total_baseline = y + self.total_height() * 0.8;
        let total_size = format.size(11.0);
        page.text(
            x,
            total_baseline,
            total_size,
            true,
            INK,
            &self.doc.total_label,
        );
        page.text_aligned(
            x + width,
            total_baseline,
            total_size,
            true,
            INK,
            Align::Right,
            &self.doc.total,
        );
        y += self.total_height() + 1.0;
        y += self.words_label.draw(page, fonts, x, y, Align::Left);
        y += self.words_lo.draw(page, fonts, x, y, Align::Left);
        y += self.words_en.draw(page, fonts, x, y, Align::Left);
        if !self.notes.is_empty() {
            y += 1.0;
            for note in &self.notes {
                y += note.draw(page, fonts, x, y, Align::Left);
            }
        }
        if format.wide {
            let line_y = y + 2.0 + SIGNING_SPACE;
            let column = (width - 12.0) / 2.0;
            for (i, caption) in self.signatures.iter().enumerate() {
                let left = x + i as f32 * (column + 12.0);
                page.line(left, line_y, left + column, line_y, INK, 0.5);
                caption.draw(page, fonts, left, line_y + 1.0, Align::Left);
            }
        } else {
            for caption in &self.signatures {
                let line_y = y + 2.0 + SIGNING_SPACE;
                page.line(x, line_y, x + width, line_y, INK, 0.5);
                y = line_y + 1.0 + caption.draw(page, fonts, x, line_y + 1.0, Align::Left);
            }
            let qr = format.qr;
            page.qr(&self.doc.qr_payload, x + (width - qr) / 2.0, y + 3.0, qr)?;
        }
        Ok(())
    }
}

/// Horizontal space between two columns of fields.
const FIELD_GUTTER: f32 = 4.0;

fn field_cell_width(format: Format, columns: usize) -> f32 {
    (format.width - FIELD_GUTTER * (columns - 1) as f32) / columns as f32
}
