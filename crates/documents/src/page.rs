//! Pages and documents: the drawing primitives every NSSF document is built from.
//!
//! Coordinates are in millimetres from the page's top-left corner, y growing downwards, because
//! documents are laid out top to bottom. Text sizes are in points.

use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use printpdf::{
    Codepoint, Color, CurTransMat, DictItem, ExternalStream, ExternalXObject, Line, LinePoint, Mm,
    Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Px, Rect,
    TextItem, TextMatrix, WindingOrder, XObjectId, XObjectTransform,
};

use crate::fonts::{FontKey, Fonts};
use crate::text::{mm_to_pt, pt_to_mm, wrap_lines, ShapedLine};
use crate::DocumentError;

/// An sRGB colour, 0–255 per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Body text.
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    /// Paper: backgrounds.
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    fn color(self) -> Color {
        Color::Rgb(printpdf::Rgb {
            r: f32::from(self.0) / 255.0,
            g: f32::from(self.1) / 255.0,
            b: f32::from(self.2) / 255.0,
            icc_profile: None,
        })
    }
}

/// Horizontal alignment of a line of text relative to the x it is drawn at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// The line starts at x.
    Left,
    /// The line is centred on x.
    Center,
    /// The line ends at x (amounts in columns).
    Right,
}

/// An image a page draws, embedded once per document however often it is drawn.
#[derive(Debug, Clone)]
enum Image {
    /// A JPEG embedded unchanged.
    Jpeg {
        bytes: Vec<u8>,
        width: u32,
        height: u32,
        components: u8,
    },
    /// The QR code of this payload, quiet zone included, 4 × 4 pixels per module. The symbol is
    /// encoded when the document is rendered, once per payload: choosing its mask is the slow part.
    Qr(String),
}

/// One page under construction.
#[derive(Debug)]
pub struct Page<'f> {
    fonts: &'f Fonts,
    width_mm: f32,
    height_mm: f32,
    ops: Vec<Op>,
    images: Vec<(XObjectId, Image)>,
    /// Lines already shaped on this page: a sheet repeats the same labels on every card, and
    /// fitting a line measures it before drawing it.
    shaped: RefCell<HashMap<(bool, String), Arc<ShapedLine>>>,
}

impl<'f> Page<'f> {
    /// An empty page of the given size in millimetres.
    pub fn new(fonts: &'f Fonts, width_mm: f32, height_mm: f32) -> Page<'f> {
        Page {
            fonts,
            width_mm,
            height_mm,
            ops: Vec::new(),
            images: Vec::new(),
            shaped: RefCell::new(HashMap::new()),
        }
    }

    /// The page's width, as given to [`Page::new`].
    pub fn width_mm(&self) -> f32 {
        self.width_mm
    }

    /// The page's height, as given to [`Page::new`].
    pub fn height_mm(&self) -> f32 {
        self.height_mm
    }

    fn point(&self, x_mm: f32, y_mm: f32) -> Point {
        Point {
            x: Pt(mm_to_pt(x_mm)),
            y: Pt(mm_to_pt(self.height_mm - y_mm)),
        }
    }

    fn shape(&self, text: &str, bold: bool) -> Arc<ShapedLine> {
        let mut cache = self.shaped.borrow_mut();
        if let Some(line) = cache.get(&(bold, text.to_owned())) {
            return Arc::clone(line);
        }
        let line = Arc::new(ShapedLine::shape(self.fonts, text, bold));
        cache.insert((bold, text.to_owned()), Arc::clone(&line));
        line
    }

    /// Width of `text` on one line, in millimetres, without drawing it.
    pub fn text_width(&self, size_pt: f32, bold: bool, text: &str) -> f32 {
        pt_to_mm(self.shape(text, bold).width_pt(self.fonts, size_pt))
    }

    /// Draws one line of text with its baseline at `y_mm`, starting at `x_mm`. Returns the
    /// width used in millimetres. Line breaks in `text` are not interpreted; use
    /// [`Page::text_box`] for running text.
    pub fn text(
        &mut self,
        x_mm: f32,
        y_mm: f32,
        size_pt: f32,
        bold: bool,
        color: Rgb,
        text: &str,
    ) -> f32 {
        self.text_aligned(x_mm, y_mm, size_pt, bold, color, Align::Left, text)
    }

    /// Like [`Page::text`], with the line's left edge, centre or right edge at `x_mm`.
    #[allow(clippy::too_many_arguments)]
    pub fn text_aligned(
        &mut self,
        x_mm: f32,
        y_mm: f32,
        size_pt: f32,
        bold: bool,
        color: Rgb,
        align: Align,
        text: &str,
    ) -> f32 {
        let shaped = self.shape(text, bold);
        let width_pt = shaped.width_pt(self.fonts, size_pt);
        let left_pt = mm_to_pt(x_mm)
            - match align {
                Align::Left => 0.0,
                Align::Center => width_pt / 2.0,
                Align::Right => width_pt,
            };
        let baseline_pt = mm_to_pt(self.height_mm - y_mm);
        self.push_line(&shaped, text, left_pt, baseline_pt, size_pt, color);
        pt_to_mm(width_pt)
    }

    /// Draws `text` wrapped to `width_mm`, the first line's top at `y_mm`, lines 1.35 × size
    /// apart. Breaks only at word boundaries (Lao words included) and at `\n`. Returns the height
    /// used in millimetres.
    #[allow(clippy::too_many_arguments)]
    pub fn text_box(
        &mut self,
        x_mm: f32,
        y_mm: f32,
        width_mm: f32,
        size_pt: f32,
        bold: bool,
        color: Rgb,
        text: &str,
    ) -> f32 {
        let line_height = pt_to_mm(size_pt * 1.35);
        let lines = wrap_lines(self.fonts, text, width_mm, size_pt, bold);
        let face = self.fonts.face(FontKey::LatinRegular);
        let ascent = pt_to_mm(size_pt * face.ascender / face.units_per_em);
        let mut baseline = y_mm + ascent.min(line_height);
        for line in &lines {
            let line = line.trim_end();
            if !line.is_empty() {
                self.text(x_mm, baseline, size_pt, bold, color, line);
            }
            baseline += line_height;
        }
        line_height * lines.len() as f32
    }

    fn push_line(
        &mut self,
        shaped: &ShapedLine,
        text: &str,
        left_pt: f32,
        baseline_pt: f32,
        size_pt: f32,
        color: Rgb,
    ) {
        if shaped.runs.iter().all(|r| r.glyphs.is_empty()) {
            return;
        }
        let mut actual_text = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            actual_text.extend_from_slice(&unit.to_be_bytes());
        }
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Span".to_owned(),
            properties: DictItem::Dict {
                map: BTreeMap::from([(
                    "ActualText".to_owned(),
                    DictItem::String {
                        data: actual_text,
                        literal: false,
                    },
                )]),
            },
        });
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor { col: color.color() });
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(left_pt), Pt(baseline_pt)),
        });
        for run in &shaped.runs {
            let face = self.fonts.face(run.font);
            let upem = face.units_per_em;
            let run_text = &text[run.range.clone()];
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(run.font.pdf_id()),
                size: Pt(size_pt),
            });
            let mut rise = 0.0_f32;
            let mut items: Vec<TextItem> = Vec::new();
            let cids = crate::glyph_text::glyph_texts(face, run_text, &run.glyphs);
            for (glyph, cid) in run.glyphs.iter().zip(cids) {
                let glyph_rise = glyph.y_offset as f32 * size_pt / upem;
                if (glyph_rise - rise).abs() > 1e-4 {
                    if !items.is_empty() {
                        self.ops.push(Op::ShowText {
                            items: std::mem::take(&mut items),
                        });
                    }
                    self.ops.push(Op::SetLineOffset {
                        multiplier: glyph_rise,
                    });
                    rise = glyph_rise;
                }
                // TJ numbers are in 1/1000 em and a positive one moves the pen left. Shift by
                // the glyph's x offset before it, then correct the font's advance (written to
                // /W) to HarfBuzz's advance, undoing the offset, after it.
                let x_offset = glyph.x_offset as f32 * 1000.0 / upem;
                let x_advance = glyph.x_advance as f32 * 1000.0 / upem;
                if x_offset != 0.0 {
                    items.push(TextItem::Offset(-x_offset));
                }
                let after = face.pdf_width(glyph.id) + x_offset - x_advance;
                items.push(TextItem::GlyphIds(vec![Codepoint {
                    gid: glyph.id,
                    offset: if after.abs() < 1e-3 { 0.0 } else { after },
                    cid: Some(cid),
                }]));
            }
            if !items.is_empty() {
                self.ops.push(Op::ShowText { items });
            }
            if rise != 0.0 {
                self.ops.push(Op::SetLineOffset { multiplier: 0.0 });
            }
        }
        self.ops.push(Op::EndTextSection);
        self.ops.push(Op::EndMarkedContent);
    }

    /// A rectangle with optional fill and optional stroke (`(colour, line width in pt)`).
    pub fn rect(
        &mut self,
        x_mm: f32,
        y_mm: f32,
        width_mm: f32,
        height_mm: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(fill) = fill {
            self.ops.push(Op::SetFillColor { col: fill.color() });
        }
        if let Some((color, width_pt)) = stroke {
            self.ops.push(Op::SetOutlineColor { col: color.color() });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
        }
        let lower_left = self.point(x_mm, y_mm + height_mm);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: lower_left.x,
                y: lower_left.y,
                width: Pt(mm_to_pt(width_mm)),
                height: Pt(mm_to_pt(height_mm)),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// A straight line.
    pub fn line(
        &mut self,
        x1_mm: f32,
        y1_mm: f32,
        x2_mm: f32,
        y2_mm: f32,
        color: Rgb,
        width_pt: f32,
    ) {
        self.ops.push(Op::SetOutlineColor { col: color.color() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: self.point(x1_mm, y1_mm),
                        bezier: false,
                    },
                    LinePoint {
                        p: self.point(x2_mm, y2_mm),
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// Embeds `jpeg` unchanged (as a `DCTDecode` image) and draws it centred in the box,
    /// scaled to fit without distortion. Identical bytes are stored once per document.
    pub fn image_jpeg(
        &mut self,
        jpeg: &[u8],
        x_mm: f32,
        y_mm: f32,
        width_mm: f32,
        height_mm: f32,
    ) -> Result<(), DocumentError> {
        let (width, height, components) = jpeg_info(jpeg)?;
        let scale = (width_mm / width as f32).min(height_mm / height as f32);
        let (w, h) = (width as f32 * scale, height as f32 * scale);
        let (x, y) = (x_mm + (width_mm - w) / 2.0, y_mm + (height_mm - h) / 2.0);
        let id = XObjectId(format!("Im{:016x}", content_hash(jpeg)));
        if !self.images.iter().any(|(known, _)| *known == id) {
            self.images.push((
                id.clone(),
                Image::Jpeg {
                    bytes: jpeg.to_vec(),
                    width,
                    height,
                    components,
                },
            ));
        }
        self.draw_image(id, x, y, w, h);
        Ok(())
    }

    /// Draws an embedded image stretched over the box.
    fn draw_image(&mut self, id: XObjectId, x_mm: f32, y_mm: f32, width_mm: f32, height_mm: f32) {
        let lower_left = self.point(x_mm, y_mm + height_mm);
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([
                mm_to_pt(width_mm),
                0.0,
                0.0,
                mm_to_pt(height_mm),
                lower_left.x.0,
                lower_left.y.0,
            ]),
        });
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                no_auto_scale: true,
                ..XObjectTransform::default()
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// Draws a QR code (error correction M) whose symbol is `size_mm` square with its top-left
    /// corner at (`x_mm`, `y_mm`). The four-module quiet zone around it is painted white, so
    /// leave that much room around the symbol. The code is one small 1-bit image, stored once per
    /// document for each payload and drawn without smoothing so its modules stay sharp: an A5
    /// receipt draws the same code on both copies, and ~700 rectangles per code were most of a
    /// receipt's page content.
    pub fn qr(
        &mut self,
        payload: &str,
        x_mm: f32,
        y_mm: f32,
        size_mm: f32,
    ) -> Result<(), DocumentError> {
        let modules = crate::qr::symbol_width(payload)?;
        let quiet = crate::qr::QUIET_ZONE as f32 * size_mm / modules as f32;
        let id = XObjectId(format!("Qr{:016x}", content_hash(payload.as_bytes())));
        if !self.images.iter().any(|(known, _)| *known == id) {
            self.images
                .push((id.clone(), Image::Qr(payload.to_owned())));
        }
        let side = size_mm + 2.0 * quiet;
        self.draw_image(id, x_mm - quiet, y_mm - quiet, side, side);
        Ok(())
    }
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Width, height and colour components from a JPEG's SOF header.
fn jpeg_info(jpeg: &[u8]) -> Result<(u32, u32, u8), DocumentError> {
    let bad = |why: &str| DocumentError::Image(format!("not a usable JPEG: {why}"));
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return Err(bad("no SOI marker"));
    }
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        if jpeg[i] != 0xFF {
            return Err(bad("marker expected"));
        }
        let marker = jpeg[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let seg = jpeg
                .get(i + 4..i + 2 + len)
                .ok_or_else(|| bad("short SOF"))?;
            if seg.len() < 6 {
                return Err(bad("short SOF"));
            }
            let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            let components = seg[5];
            if width == 0 || height == 0 {
                return Err(bad("zero size"));
            }
            if !matches!(components, 1 | 3) {
                return Err(bad("only greyscale and RGB JPEGs are supported"));
            }
            return Ok((width, height, components));
        }
        if marker == 0xDA {
            break;
        }
        i += 2 + len;
    }
    Err(bad("no frame header"))
}

/// A document: pages plus the fonts and images they use. Fonts are subset once per document.
#[derive(Debug)]
pub struct Document<'f> {
    fonts: &'f Fonts,
    title: String,
    pages: Vec<Page<'f>>,
}

impl<'f> Document<'f> {
    /// An empty document; `title` goes into the PDF's metadata, where viewers show it.
    pub fn new(fonts: &'f Fonts, title: &str) -> Document<'f> {
        Document {
            fonts,
            title: title.to_owned(),
            pages: Vec::new(),
        }
    }

    /// Appends a page after the last one.
    pub fn push(&mut self, page: Page<'f>) {
        self.pages.push(page);
    }

    /// How many pages have been pushed.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Writes the PDF.
    pub fn render(mut self) -> Result<Vec<u8>, DocumentError> {
        let mut ops: Vec<&mut Vec<Op>> = self.pages.iter_mut().map(|p| &mut p.ops).collect();
        crate::glyph_text::settle(self.fonts, &mut ops);
        let mut doc = PdfDocument::new(&self.title);
        for key in FontKey::ALL {
            doc.resources.fonts.map.insert(
                key.pdf_id(),
                printpdf::PdfFont::new(self.fonts.face(key).pdf.clone()),
            );
        }
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut pages = Vec::with_capacity(self.pages.len());
        for page in self.pages {
            for (id, image) in page.images {
                if !seen.insert(id.0.clone()) {
                    continue;
                }
                doc.resources
                    .xobjects
                    .map
                    .insert(id, printpdf::XObject::External(image_xobject(image)?));
            }
            pages.push(PdfPage::new(
                Mm(page.width_mm),
                Mm(page.height_mm),
                page.ops,
            ));
        }
        doc.with_pages(pages);
        let mut warnings = Vec::new();
        // printpdf would deflate every stream at level 9 (`Compression::best()`), a third of a receipt's
        // time; level 6 costs ~1–3 % more bytes on fonts and content and is several times faster.
        let options = PdfSaveOptions {
            optimize: false,
            ..PdfSaveOptions::default()
        };
        let mut lo = printpdf::to_lopdf_doc(&doc, &options, &mut warnings);
        for object in lo.objects.values_mut() {
            if let lopdf::Object::Stream(stream) = object {
                compress_stream(stream);
            }
        }
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes)
            .map_err(|e| DocumentError::Pdf(e.to_string()))?;
        if let Some(error) = warnings
            .iter()
            .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        {
            return Err(DocumentError::Pdf(error.msg.clone()));
        }
        Ok(bytes)
    }
}

/// The image XObject for `image`.
fn image_xobject(image: Image) -> Result<ExternalXObject, DocumentError> {
    let (width, height, color_space, bits, filter, content) = match image {
        Image::Jpeg {
            bytes,
            width,
            height,
            components,
        } => {
            let color_space = if components == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            (width, height, color_space, 8, Some("DCTDecode"), bytes)
        }
        Image::Qr(payload) => {
            let bitmap = crate::qr::bitmap(&payload)?;
            let side = u32::try_from(bitmap.side)
                .map_err(|_| DocumentError::Qr(format!("{} modules", bitmap.side)))?;
            // Deflated here at the fastest level: rows of repeated bytes compress as well as at
            // level 6, at a fraction of the time.
            let deflated = deflate(&bitmap.rows, flate2::Compression::fast())
                .map_err(|e| DocumentError::Pdf(e.to_string()))?;
            (side, side, "DeviceGray", 1, Some("FlateDecode"), deflated)
        }
    };
    let mut dict = BTreeMap::from([
        ("Type".to_owned(), DictItem::Name(b"XObject".to_vec())),
        ("Subtype".to_owned(), DictItem::Name(b"Image".to_vec())),
        ("Width".to_owned(), DictItem::Int(i64::from(width))),
        ("Height".to_owned(), DictItem::Int(i64::from(height))),
        (
            "ColorSpace".to_owned(),
            DictItem::Name(color_space.as_bytes().to_vec()),
        ),
        ("BitsPerComponent".to_owned(), DictItem::Int(bits)),
        // Viewers and printers may smooth an enlarged image when asked to; a QR code must keep its hard
        // edges (false is also the default, so photos look as before).
        ("Interpolate".to_owned(), DictItem::Bool(false)),
    ]);
    if let Some(filter) = filter {
        dict.insert(
            "Filter".to_owned(),
            DictItem::Name(filter.as_bytes().to_vec()),
        );
    }
    Ok(ExternalXObject {
        stream: ExternalStream {
            dict,
            content,
            compress: false,
        },
        width: Some(Px(width as usize)),
        height: Some(Px(height as usize)),
        dpi: None,
    })
}

/// `bytes` as a zlib stream, what `FlateDecode` reads.
fn deflate(bytes: &[u8], level: flate2::Compression) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), level);
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Deflates a stream that has no filter yet (JPEG photos keep their DCTDecode bytes), when that helps.
fn compress_stream(stream: &mut lopdf::Stream) {
    if stream.dict.get(b"Filter").is_ok() {
        return;
    }
    if let Ok(compressed) = deflate(&stream.content, flate2::Compression::new(6)) {
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// The fund's colours, shared by every document so cards, receipts and reports look like one family.
pub(crate) mod palette {
    use super::Rgb;

    /// Body text.
    pub const INK: Rgb = Rgb(0x14, 0x1A, 0x22);
    /// Labels and secondary text.
    pub const MUTED: Rgb = Rgb(0x5A, 0x63, 0x70);
    /// The fund's navy: header band, titles.
    pub const NAVY: Rgb = Rgb(0x1B, 0x3F, 0x73);
    pub const GOLD: Rgb = Rgb(0xC8, 0x9B, 0x2C);
    /// Thin separating lines.
    pub const RULE: Rgb = Rgb(0xC9, 0xD1, 0xDB);
    /// COPY and VOID marks.
    pub const MARK: Rgb = Rgb(0xB4, 0x23, 0x18);
}

/// The distance between two lines of text of this size, in millimetres (the `text_box` spacing).
pub(crate) fn line_height_mm(size_pt: f32) -> f32 {
    size_pt * 1.35 * 25.4 / 72.0
}

impl Page<'_> {
    /// Draws `text` in bold outlined letters (`stroke_pt` wide), `size_pt` large, centred on
    /// (`cx_mm`, `cy_mm`) and turned `angle_deg` anticlockwise: a mark across a document (VOID) that
    /// cannot be missed and leaves the text under it readable. The text stays extractable.
    #[allow(clippy::too_many_arguments)]
    pub fn stamp(
        &mut self,
        cx_mm: f32,
        cy_mm: f32,
        angle_deg: f32,
        size_pt: f32,
        color: Rgb,
        stroke_pt: f32,
        text: &str,
    ) {
        let shaped = self.shape(text, true);
        let width_pt = shaped.width_pt(self.fonts, size_pt);
        let centre = self.point(cx_mm, cy_mm);
        let (sin, cos) = angle_deg.to_radians().sin_cos();
        self.ops.push(Op::SaveGraphicsState);
        // Text space is rotated about the centre, so the line is laid out around (0, 0).
        self.ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([cos, sin, -sin, cos, centre.x.0, centre.y.0]),
        });
        self.ops.push(Op::SetOutlineColor { col: color.color() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(stroke_pt) });
        self.ops.push(Op::SetTextRenderingMode {
            mode: printpdf::TextRenderingMode::Stroke,
        });
        // A baseline a third of the size below the centre puts the middle of the letters on it.
        self.push_line(
            &shaped,
            text,
            -width_pt / 2.0,
            -size_pt * 0.33,
            size_pt,
            color,
        );
        self.ops.push(Op::RestoreGraphicsState);
    }
}

/// The page size and the band that content flows in (millimetres from the top) of a [`Flow`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) top: f32,
    pub(crate) bottom: f32,
}

/// A document that grows page by page (the leaflet, the application form, the outreach report): the
/// page being filled and `y`, where the next thing goes on it.
pub(crate) struct Flow<'f> {
    pub(crate) fonts: &'f Fonts,
    pub(crate) doc: Document<'f>,
    pub(crate) page: Page<'f>,
    pub(crate) y: f32,
    frame: Frame,
}

impl<'f> Flow<'f> {
    pub(crate) fn new(fonts: &'f Fonts, title: &str, frame: Frame) -> Flow<'f> {
        Flow {
            fonts,
            doc: Document::new(fonts, title),
            page: Page::new(fonts, frame.width, frame.height),
            y: frame.top,
            frame,
        }
    }

    /// Makes room for `height` millimetres, starting a new page when this one has too little left. A
    /// page still empty keeps what is taller than the band: a new page would not hold it either.
    pub(crate) fn room(&mut self, height: f32) {
        if self.y + height > self.frame.bottom && self.y > self.frame.top {
            self.next_page();
        }
    }

    pub(crate) fn next_page(&mut self) {
        let next = Page::new(self.fonts, self.frame.width, self.frame.height);
        self.doc.push(std::mem::replace(&mut self.page, next));
        self.y = self.frame.top;
    }

    /// The height of `text` wrapped to `width` (nothing for no text).
    pub(crate) fn height(&self, text: &str, width: f32, size: f32, bold: bool) -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        wrap_lines(self.fonts, text, width, size, bold).len() as f32 * line_height_mm(size)
    }

    /// The whole document, its last page included.
    pub(crate) fn finish(self) -> Document<'f> {
        let Flow { mut doc, page, .. } = self;
        doc.push(page);
        doc
    }
}
