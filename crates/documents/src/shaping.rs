//! Text shaping with rustybuzz, the pure-Rust port of HarfBuzz.
//!
//! Results are in font units and match `hb-shape` with default settings (cluster level 0,
//! direction and script guessed from the text, no extra features).

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
        Some(face) => shape_face(&face, text),
        None => Vec::new(),
    }
}

pub(crate) fn shape_face(face: &rustybuzz::Face<'_>, text: &str) -> Vec<Glyph> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(face, &[], buffer);
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
