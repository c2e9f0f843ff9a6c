//! Text shaping with rustybuzz, the pure-Rust port of HarfBuzz.
//!
//! Results are in font units and match `hb-shape` with default settings (cluster level 0,
//! direction and script guessed from the text, no extra features).

use std::cell::RefCell;
use std::collections::HashMap;

use rustybuzz::{Direction, Script, ShapePlan};

/// One shaped glyph, as HarfBuzz reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    /// Glyph id in the font.
    pub id: u16,
    /// UTF-8 byte offset of the first character of this glyph's cluster in the shaped text.
    pub cluster: u32,
    /// How far the pen moves after this glyph, in font units.
    pub x_advance: i32,
    /// Vertical pen movement (zero for horizontal text).
    pub y_advance: i32,
    /// Where the glyph is drawn relative to the pen, in font units.
    pub x_offset: i32,
    /// Vertical placement relative to the baseline, in font units (marks stacked above are > 0).
    pub y_offset: i32,
}

/// Shapes `text` with the font in `font_data` (face 0). Returns no glyphs when the data is not a
/// font rustybuzz can read.
pub fn shape(font_data: &[u8], text: &str) -> Vec<Glyph> {
    match rustybuzz::Face::from_slice(font_data, 0) {
        Some(face) => {
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(text);
            glyphs(&rustybuzz::shape(&face, &[], buffer))
        }
        None => Vec::new(),
    }
}

/// What a shape plan depends on, for one font: the font data's address, the direction and the script.
type PlanKey = (usize, Direction, Option<Script>);

thread_local! {
    /// Shape plans of the bundled faces, by font data address, direction and script. Building a plan
    /// (reading the font's feature lists) costs about as much as shaping a short line, and a receipt
    /// shapes a hundred lines with four plans. The faces are `'static`, so an address never comes to
    /// stand for another font.
    static PLANS: RefCell<HashMap<PlanKey, ShapePlan>> = RefCell::new(HashMap::new());
}

/// Shapes `text` with one of the bundled faces, as [`shape`] does, with the face's plan for the
/// text's script made once per thread.
pub(crate) fn shape_face(face: &rustybuzz::Face<'static>, text: &str) -> Vec<Glyph> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    // As `rustybuzz::shape` does before it makes its plan; its buffer never holds `Some(UNKNOWN)`.
    buffer.guess_segment_properties();
    let direction = buffer.direction();
    let script = Some(buffer.script()).filter(|s| *s != rustybuzz::script::UNKNOWN);
    let font = face.raw_face().data.as_ptr() as usize;
    PLANS.with(|plans| {
        let mut plans = plans.borrow_mut();
        let plan = plans
            .entry((font, direction, script))
            .or_insert_with(|| ShapePlan::new(face, direction, script, None, &[]));
        glyphs(&rustybuzz::shape_with_plan(face, plan, buffer))
    })
}

fn glyphs(shaped: &rustybuzz::GlyphBuffer) -> Vec<Glyph> {
    shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| Glyph {
            // Glyph ids in TrueType/OpenType are 16-bit; rustybuzz widens them to u32.
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            cluster: info.cluster,
            x_advance: pos.x_advance,
            y_advance: pos.y_advance,
            x_offset: pos.x_offset,
            y_offset: pos.y_offset,
        })
        .collect()
}
