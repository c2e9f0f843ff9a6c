//! Prepares a font for embedding: drops TrueType hinting and, where asked, adds a duplicate of every
//! glyph.
//!
//! PDF viewers and printers rasterise at high resolution and ignore or barely use hinting, yet
//! printpdf's subsetter copies the whole `fpgm`/`prep`/`cvt ` programs and every glyph's
//! instructions into each subset: about a third of an embedded Noto subset. Glyph ids, outlines
//! and advances are unchanged, so shaping (done on the original font) stays valid.
//!
//! A PDF maps each glyph to one text (its ToUnicode entry), but shaped Lao draws some glyphs for
//! different text in different places: the າ glyph is the plain vowel in ຊາດ and the second half of
//! ຳ in ນ້ຳ. A duplicate glyph (same outline and advance, id + the original glyph count) gives the
//! second text a glyph of its own; see `glyph_text::settle`.

/// Tables that only matter for hinting or for shaping (which happens before embedding).
const DROPPED: [&[u8; 4]; 11] = [
    b"fpgm", b"prep", b"cvt ", b"hdmx", b"VDMX", b"LTSH", b"DSIG", b"GSUB", b"GPOS", b"GDEF",
    b"gasp",
];

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(i..i + 4)?.try_into().ok()?))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The font without hinting and glyph names; with `duplicates`, glyph `g + n` is a copy of glyph `g`
/// for each of the font's `n` glyphs (same outline, advance and side bearing, no cmap entry). `None`
/// when it is not a plain TrueType (`glyf`) font or the copies would not fit in 16-bit glyph ids.
pub(crate) fn embeddable(font: &[u8], duplicates: bool) -> Option<Vec<u8>> {
    let num_tables = usize::from(u16_at(font, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(num_tables);
    for i in 0..num_tables {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = usize::try_from(u32_at(font, record + 8)?).ok()?;
        let length = usize::try_from(u32_at(font, record + 12)?).ok()?;
        tables.push((tag, font.get(offset..offset.checked_add(length)?)?.to_vec()));
    }
    let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| d);
    let head = table(b"head")?;
    let long_loca = u16_at(head, 50)? == 1;
    let num_glyphs = usize::from(u16_at(table(b"maxp")?, 4)?);
    let (loca, glyf) = (table(b"loca")?, table(b"glyf")?);
    let loca_at = |i: usize| -> Option<usize> {
        if long_loca {
            usize::try_from(u32_at(loca, 4 * i)?).ok()
        } else {
            Some(usize::from(u16_at(loca, 2 * i)?) * 2)
        }
    };

    let copies = if duplicates { 2 } else { 1 };
    let total_glyphs = u16::try_from(num_glyphs * copies).ok()?;
    let mut glyphs = Vec::with_capacity(num_glyphs);
    for gid in 0..num_glyphs {
        glyphs.push(strip_glyph(glyf.get(loca_at(gid)?..loca_at(gid + 1)?)?)?);
    }
    let mut new_glyf = Vec::with_capacity(glyf.len() * copies);
    let mut new_loca = Vec::with_capacity(4 * (usize::from(total_glyphs) + 1));
    // A duplicate is a byte copy, not a composite pointing at the original: a subset then holds
    // only glyphs that are drawn, each with its own ToUnicode entry.
    for glyph in glyphs.iter().cycle().take(usize::from(total_glyphs)) {
        new_loca.extend(u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        new_glyf.extend(glyph);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend(u32::try_from(new_glyf.len()).ok()?.to_be_bytes());

    // Full metrics for every glyph (numberOfHMetrics = glyph count), duplicates included.
    let mut hhea = table(b"hhea")?.clone();
    let long_metrics = usize::from(u16_at(&hhea, 34)?).clamp(1, num_glyphs);
    let hmtx = table(b"hmtx")?;
    let mut new_hmtx = Vec::with_capacity(4 * usize::from(total_glyphs));
    for gid in (0..num_glyphs).cycle().take(usize::from(total_glyphs)) {
        let advance = hmtx.get(4 * gid.min(long_metrics - 1)..)?.get(..2)?;
        let lsb_at = if gid < long_metrics {
            4 * gid + 2
        } else {
            4 * long_metrics + 2 * (gid - long_metrics)
        };
        new_hmtx.extend(advance);
        new_hmtx.extend(hmtx.get(lsb_at..lsb_at + 2)?);
    }
    hhea.get_mut(34..36)?
        .copy_from_slice(&total_glyphs.to_be_bytes());
    // Glyph names (post format 2) are for font tools, and would not cover the duplicates; version 3
    // keeps the header only, which is what printpdf's subsetter writes anyway.
    let post = table(b"post")
        .and_then(|post| post.get(..32))
        .map(|header| {
            let mut post = header.to_vec();
            post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
            post
        });

    let mut head = head.clone();
    head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
    head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    let mut maxp = table(b"maxp")?.clone();
    maxp.get_mut(4..6)?
        .copy_from_slice(&total_glyphs.to_be_bytes());
    if maxp.len() >= 32 {
        // maxSizeOfInstructions
        maxp[26..28].copy_from_slice(&[0, 0]);
    }

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = tables
        .iter()
        .filter(|(tag, _)| !DROPPED.contains(&tag))
        .map(|(tag, data)| {
            let data = match tag {
                b"glyf" => new_glyf.clone(),
                b"loca" => new_loca.clone(),
                b"head" => head.clone(),
                b"maxp" => maxp.clone(),
                b"hhea" => hhea.clone(),
                b"hmtx" => new_hmtx.clone(),
                b"post" => post.clone().unwrap_or_else(|| data.clone()),
                _ => data.clone(),
            };
            (*tag, data)
        })
        .collect();
    out_tables.sort_by_key(|(tag, _)| *tag);
    Some(write_sfnt(font.get(0..4)?, &out_tables))
}

fn strip_glyph(glyph: &[u8]) -> Option<Vec<u8>> {
    if glyph.is_empty() {
        return Some(Vec::new());
    }
    let contours = u16_at(glyph, 0)? as i16;
    if contours >= 0 {
        let end_pts = 10 + 2 * usize::try_from(contours).ok()?;
        let instructions = usize::from(u16_at(glyph, end_pts)?);
        let mut out = glyph.get(..end_pts)?.to_vec();
        out.extend([0, 0]);
        out.extend(glyph.get(end_pts + 2 + instructions..)?);
        return Some(out);
    }
    // Composite: walk the components, drop the trailing instructions and their flag.
    let mut out = glyph.get(..10)?.to_vec();
    let mut i = 10;
    loop {
        let flags = u16_at(glyph, i)?;
        let mut len = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        len += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        let start = out.len();
        out.extend(glyph.get(i..i + len)?);
        let cleared = flags & !0x0100;
        out.get_mut(start..start + 2)?
            .copy_from_slice(&cleared.to_be_bytes());
        i += len;
        if flags & 0x0020 == 0 {
            break;
        }
    }
    Some(out)
}

fn write_sfnt(version: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len();
    let mut entry_selector = 0u16;
    while (2usize << entry_selector) <= n {
        entry_selector += 1;
    }
    let search_range = (1u16 << entry_selector) * 16;
    let n16 = u16::try_from(n).unwrap_or(u16::MAX);
    let mut out = version.to_vec();
    out.extend(n16.to_be_bytes());
    out.extend(search_range.to_be_bytes());
    out.extend(entry_selector.to_be_bytes());
    out.extend((n16 * 16).saturating_sub(search_range).to_be_bytes());
    let mut offset = 12 + 16 * n;
    let mut body = Vec::new();
    for (tag, data) in tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend(u32::try_from(offset).unwrap_or(u32::MAX).to_be_bytes());
        out.extend(u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes());
        body.extend(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * n + body.len();
    }
    out.extend(body);
    out
}

#[cfg(test)]
mod tests {
    use rustybuzz::ttf_parser::{Face, GlyphId, OutlineBuilder, Tag};

    use super::*;

    #[derive(Default, PartialEq, Debug)]
    struct Path(Vec<(char, i32, i32)>);

    impl OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(('M', x as i32, y as i32));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(('L', x as i32, y as i32));
        }
        fn quad_to(&mut self, _: f32, _: f32, x: f32, y: f32) {
            self.0.push(('Q', x as i32, y as i32));
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, x: f32, y: f32) {
            self.0.push(('C', x as i32, y as i32));
        }
        fn close(&mut self) {
            self.0.push(('Z', 0, 0));
        }
    }

    #[test]
    fn embeddable_fonts_keep_every_outline_and_advance_and_duplicate_on_request() {
        for data in [
            crate::fonts::LAO_REGULAR,
            crate::fonts::LAO_BOLD,
            crate::fonts::LATIN_REGULAR,
            crate::fonts::LATIN_BOLD,
        ] {
            for duplicates in [false, true] {
                let slim = embeddable(data, duplicates).expect("TrueType font");
                let a = Face::parse(data, 0).expect("the bundled font parses");
                let b = Face::parse(&slim, 0).expect("the embeddable font parses");
                let n = a.number_of_glyphs();
                assert_eq!(b.number_of_glyphs(), if duplicates { 2 * n } else { n });
                for gid in 0..b.number_of_glyphs() {
                    let original = GlyphId(gid % n);
                    let (mut pa, mut pb) = (Path::default(), Path::default());
                    assert_eq!(
                        a.outline_glyph(original, &mut pa),
                        b.outline_glyph(GlyphId(gid), &mut pb)
                    );
                    assert_eq!(pa, pb, "glyph {gid}");
                    assert_eq!(
                        a.glyph_hor_advance(original),
                        b.glyph_hor_advance(GlyphId(gid)),
                        "advance of glyph {gid}"
                    );
                    assert_eq!(
                        a.glyph_hor_side_bearing(original),
                        b.glyph_hor_side_bearing(GlyphId(gid)),
                        "side bearing of glyph {gid}"
                    );
                }
                // Duplicates have no character of their own: the cmap is the original's.
                for c in ['a', 'ກ', 'າ', ' '] {
                    assert_eq!(a.glyph_index(c), b.glyph_index(c));
                }
                for tag in [b"fpgm", b"prep", b"cvt "] {
                    assert!(b.raw_face().table(Tag::from_bytes(tag)).is_none());
                }
                if !duplicates {
                    assert!(slim.len() < data.len());
                }
            }
        }
    }
}
