use std::collections::HashMap;
use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont};

use crate::text::Script;
use crate::DocumentError;

pub(crate) static LAO_REGULAR: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSansLao-Regular.ttf");
pub(crate) static LAO_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSansLao-Bold.ttf");
pub(crate) static LATIN_REGULAR: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
pub(crate) static LATIN_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

/// Index of one of the four bundled faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FontKey {
    LaoRegular,
    LaoBold,
    LatinRegular,
    LatinBold,
}

impl FontKey {
    pub(crate) const ALL: [FontKey; 4] = [
        FontKey::LaoRegular,
        FontKey::LaoBold,
        FontKey::LatinRegular,
        FontKey::LatinBold,
    ];

    pub(crate) fn for_script(script: Script, bold: bool) -> FontKey {
        match (script, bold) {
            (Script::Lao, false) => FontKey::LaoRegular,
            (Script::Lao, true) => FontKey::LaoBold,
            (Script::Latin, false) => FontKey::LatinRegular,
            (Script::Latin, true) => FontKey::LatinBold,
        }
    }

    /// Lao faces embed a duplicate of every glyph: Lao shaping draws some glyphs for different text in
    /// different places (the າ of ຊາດ and of ນ້ຳ), and a PDF gives each glyph one text. The Latin faces
    /// draw NFC text glyph for character; duplicating their 3,300 glyphs would only make every
    /// document's subsetting slower.
    fn has_duplicates(self) -> bool {
        matches!(self, FontKey::LaoRegular | FontKey::LaoBold)
    }

    /// The face registered under `id` by [`FontKey::pdf_id`].
    pub(crate) fn from_pdf_id(id: &FontId) -> Option<FontKey> {
        FontKey::ALL.into_iter().find(|key| key.pdf_id() == *id)
    }

    fn index(self) -> usize {
        match self {
            FontKey::LaoRegular => 0,
            FontKey::LaoBold => 1,
            FontKey::LatinRegular => 2,
            FontKey::LatinBold => 3,
        }
    }

    /// The resource id under which every document registers this face, so pages can be built
    /// before the document that will hold them. printpdf also uses it as the subset tag in the
    /// font name, which PDF requires to be six upper-case letters (`ABCDEF+Name`).
    pub(crate) fn pdf_id(self) -> FontId {
        let name = match self {
            FontKey::LaoRegular => "NSLAOR",
            FontKey::LaoBold => "NSLAOB",
            FontKey::LatinRegular => "NSLATR",
            FontKey::LatinBold => "NSLATB",
        };
        FontId(name.to_owned())
    }
}

/// One face, parsed for shaping (rustybuzz) and for embedding (printpdf).
pub(crate) struct Face {
    pub(crate) data: &'static [u8],
    pub(crate) shaper: rustybuzz::Face<'static>,
    pub(crate) pdf: ParsedFont,
    pub(crate) units_per_em: f32,
    pub(crate) ascender: f32,
    /// `Some(n)` when the embedded font holds a duplicate of each glyph `g` at `g + n`.
    pub(crate) duplicate_offset: Option<u16>,
    /// The character the font's cmap maps to each glyph (the lowest code point when several do: the
    /// NFC form, e.g. U+0020 rather than U+00A0). Glyphs reached only by shaping have none. Built on
    /// first use: only a glyph drawn for two texts needs it.
    glyph_chars: OnceLock<HashMap<u16, char>>,
}

impl Face {
    fn parse(data: &'static [u8], name: &str, key: FontKey) -> Result<Face, DocumentError> {
        let shaper = rustybuzz::Face::from_slice(data, 0)
            .ok_or_else(|| DocumentError::Font(format!("{name}: not a usable OpenType font")))?;
        let mut warnings = Vec::new();
        // Embed the font without hinting (a third smaller); shaping uses the original.
        let slim = crate::slim::embeddable(data, key.has_duplicates());
        let duplicate_offset = match &slim {
            Some(_) if key.has_duplicates() => Some(shaper.number_of_glyphs()),
            _ => None,
        };
        let pdf = ParsedFont::from_bytes(slim.as_deref().unwrap_or(data), 0, &mut warnings)
            .ok_or_else(|| DocumentError::Font(format!("{name}: printpdf could not parse it")))?;
        let units_per_em = f32::from(shaper.units_per_em().clamp(16, 16384) as u16);
        let ascender = f32::from(shaper.ascender());
        Ok(Face {
            data,
            shaper,
            pdf,
            units_per_em,
            ascender,
            duplicate_offset,
            glyph_chars: OnceLock::new(),
        })
    }

    /// The character whose cmap entry is `gid`, if any.
    pub(crate) fn glyph_char(&self, gid: u16) -> Option<char> {
        let chars = self.glyph_chars.get_or_init(|| {
            let mut chars: HashMap<u16, char> = HashMap::new();
            let Some(cmap) = self.shaper.tables().cmap else {
                return chars;
            };
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|code| {
                    let (Some(c), Some(gid)) = (char::from_u32(code), subtable.glyph_index(code))
                    else {
                        return;
                    };
                    let known = chars.entry(gid.0).or_insert(c);
                    *known = (*known).min(c);
                });
            }
            chars
        });
        chars.get(&gid).copied()
    }

    /// The advance printpdf writes into the PDF `/W` array for `gid`, in 1/1000 em. printpdf
    /// truncates toward zero; kerning must be computed against the same integer.
    pub(crate) fn pdf_width(&self, gid: u16) -> f32 {
        let advance = self
            .shaper
            .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        (f32::from(advance) * 1000.0 / self.units_per_em).trunc()
    }
}

/// The four bundled faces (Noto Sans Lao and Noto Sans, regular and bold), parsed once.
///
/// Fonts are immutable and shared by every document; [`Fonts::bundled`] parses them on first use.
pub struct Fonts {
    faces: [Face; 4],
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &"Noto Sans Lao + Noto Sans, regular + bold")
            .finish()
    }
}

impl Fonts {
    /// The fonts shipped in `assets/fonts`, parsed on first call and kept for the process.
    pub fn bundled() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| {
            Fonts::parse().expect("the bundled fonts are compiled in and parse (tested)")
        })
    }

    fn parse() -> Result<Fonts, DocumentError> {
        Ok(Fonts {
            faces: [
                Face::parse(LAO_REGULAR, "NotoSansLao-Regular", FontKey::LaoRegular)?,
                Face::parse(LAO_BOLD, "NotoSansLao-Bold", FontKey::LaoBold)?,
                Face::parse(LATIN_REGULAR, "NotoSans-Regular", FontKey::LatinRegular)?,
                Face::parse(LATIN_BOLD, "NotoSans-Bold", FontKey::LatinBold)?,
            ],
        })
    }

    /// The font file used for `script` in the given weight (for tests and diagnostics).
    pub fn data(&self, script: Script, bold: bool) -> &'static [u8] {
        self.face(FontKey::for_script(script, bold)).data
    }

    pub(crate) fn face(&self, key: FontKey) -> &Face {
        &self.faces[key.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Fonts>();
        fn send<T: Send>() {}
        send::<crate::Page<'static>>();
        send::<crate::Document<'static>>();
    }
}
