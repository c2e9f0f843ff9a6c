//! What each drawn glyph reads back as: the text of its ToUnicode entry.
//!
//! poppler reads each line's `/ActualText`, but MuPDF (SumatraPDF), pdf.js and PDFium read the text of
//! every glyph from its font's ToUnicode map, which printpdf writes from the text given with each
//! glyph id (`Codepoint::cid`). Shaping makes that text less obvious than one glyph per character: Lao
//! marks ligate, take contextual variants, and the shaper splits ຳ into ໍ + າ; and a PDF font gives a
//! glyph one text, wherever it is drawn.

use std::collections::HashMap;

use printpdf::{Codepoint, Op, PdfFontHandle, TextItem};

use crate::fonts::{Face, FontKey, Fonts};
use crate::shaping::Glyph;

/// What HarfBuzz's Lao shaper splits a character into before the font sees it: LAO VOWEL SIGN AM (ຳ)
/// becomes NIGGAHITA + AA (ໍ + າ), the ໍ often ligated with a tone mark before it.
fn shaper_decomposition(c: char) -> Option<[char; 2]> {
    match c {
        '\u{0EB3}' => Some(['\u{0ECD}', '\u{0EB2}']),
        _ => None,
    }
}

/// Text for each glyph's ToUnicode entry, never empty: the text the glyph stands for, so that viewers
/// that read ToUnicode rather than `/ActualText` (MuPDF, pdf.js, PDFium) give back the source text.
///
/// Within each cluster, a glyph that the cmap maps from one of the cluster's characters gets that
/// character. A ຳ the shaper split gets matched piece by piece: its າ glyph then stands for the whole
/// ຳ and the glyph holding its ໍ (alone, or ligated with a tone mark) for the rest of its own text, so
/// ນ້ຳ reads back ນ + ້ + ຳ, not the compatibility spelling ນ້ໍາ. Characters left over (shaped into
/// variants and ligatures that have no cmap entry) go to the unmatched glyphs in order, the last of
/// them taking what remains. [`settle`] later gives each glyph one text per document.
pub(crate) fn glyph_texts(face: &Face, run_text: &str, glyphs: &[Glyph]) -> Vec<String> {
    /// One character of the cluster, or one half of a character the shaper split.
    struct Piece {
        c: char,
        /// Index of the cluster character it belongs to.
        owner: usize,
        /// The only or the second half.
        last: bool,
        /// The glyph (index within the cluster) it was given to.
        glyph: Option<usize>,
    }
    let cmap_glyph = |c: char| face.shaper.glyph_index(c).map(|g| g.0);
    let mut out = Vec::with_capacity(glyphs.len());
    let mut i = 0;
    while i < glyphs.len() {
        let cluster = glyphs[i].cluster;
        let mut j = i;
        while j < glyphs.len() && glyphs[j].cluster == cluster {
            j += 1;
        }
        let start = cluster as usize;
        let end = glyphs
            .iter()
            .map(|g| g.cluster as usize)
            .filter(|&c| c > start)
            .min()
            .unwrap_or(run_text.len());
        let cluster_text = run_text.get(start..end).unwrap_or_default();
        if j == i + 1 && !cluster_text.is_empty() {
            // One glyph for the whole cluster (most clusters): it stands for all of it.
            out.push(cluster_text.to_owned());
            i = j;
            continue;
        }
        let chars: Vec<char> = cluster_text.chars().collect();
        let mut pieces: Vec<Piece> = Vec::with_capacity(chars.len() + 1);
        for (owner, &c) in chars.iter().enumerate() {
            match shaper_decomposition(c) {
                Some([first, second]) => {
                    pieces.push(Piece {
                        c: first,
                        owner,
                        last: false,
                        glyph: None,
                    });
                    pieces.push(Piece {
                        c: second,
                        owner,
                        last: true,
                        glyph: None,
                    });
                }
                None => pieces.push(Piece {
                    c,
                    owner,
                    last: true,
                    glyph: None,
                }),
            }
        }
        let cluster_glyphs = &glyphs[i..j];
        // 1. Glyphs the cmap maps from a whole character, then from half of a split one.
        for (g, glyph) in cluster_glyphs.iter().enumerate() {
            let whole = (0..chars.len()).find(|&owner| {
                cmap_glyph(chars[owner]) == Some(glyph.id)
                    && pieces.iter().all(|p| p.owner != owner || p.glyph.is_none())
            });
            if let Some(owner) = whole {
                for piece in pieces.iter_mut().filter(|p| p.owner == owner) {
                    piece.glyph = Some(g);
                }
            } else if let Some(piece) = pieces
                .iter_mut()
                .find(|p| p.glyph.is_none() && cmap_glyph(p.c) == Some(glyph.id))
            {
                piece.glyph = Some(g);
            }
        }
        // 2. Leftovers to the glyphs still without text, in order; the last one takes the rest.
        let unmatched: Vec<usize> = (0..cluster_glyphs.len())
            .filter(|&g| pieces.iter().all(|p| p.glyph != Some(g)))
            .collect();
        let leftovers = pieces.iter_mut().filter(|p| p.glyph.is_none());
        for (k, piece) in leftovers.enumerate() {
            let last = unmatched.len().saturating_sub(1);
            piece.glyph = Some(
                unmatched
                    .get(k.min(last))
                    .copied()
                    .unwrap_or(cluster_glyphs.len() - 1),
            );
        }
        // 3. A split character's text goes to the glyph holding its second half, unless that leaves
        // the glyph holding its first half with no text at all: then each half stands for itself.
        let texts = |split_whole: &dyn Fn(usize) -> bool| -> Vec<String> {
            let mut texts = vec![String::new(); cluster_glyphs.len()];
            for piece in &pieces {
                let g = piece.glyph.unwrap_or(0);
                let same_glyph = pieces
                    .iter()
                    .filter(|p| p.owner == piece.owner)
                    .all(|p| p.glyph == piece.glyph);
                if same_glyph || split_whole(piece.owner) {
                    if piece.last {
                        texts[g].push(chars[piece.owner]);
                    }
                } else {
                    texts[g].push(piece.c);
                }
            }
            texts
        };
        let mut cluster_texts = texts(&|_| true);
        let starved: Vec<usize> = pieces
            .iter()
            .filter(|p| !p.last && cluster_texts[p.glyph.unwrap_or(0)].is_empty())
            .map(|p| p.owner)
            .collect();
        if !starved.is_empty() {
            cluster_texts = texts(&|owner| !starved.contains(&owner));
        }
        // 4. More glyphs than characters (a dotted circle the shaper inserted): the glyph's own
        // character, or a space, so that no entry is empty or U+FFFD.
        for (text, glyph) in cluster_texts.iter_mut().zip(cluster_glyphs) {
            if text.is_empty() {
                text.push(face.glyph_char(glyph.id).unwrap_or(' '));
            }
        }
        out.extend(cluster_texts);
        i = j;
    }
    out
}

/// Calls `f` with every glyph drawn by `pages` (each page's ops) and the face it is drawn in.
fn for_each_glyph(pages: &mut [&mut Vec<Op>], mut f: impl FnMut(FontKey, &mut Codepoint)) {
    for ops in pages.iter_mut() {
        let mut face = None;
        for op in ops.iter_mut() {
            if let Op::SetFont { font, .. } = op {
                face = match font {
                    PdfFontHandle::External(id) => FontKey::from_pdf_id(id),
                    PdfFontHandle::Builtin(_) => None,
                };
            } else if let (Op::ShowText { items }, Some(key)) = (op, face) {
                for item in items {
                    if let TextItem::GlyphIds(codepoints) = item {
                        for codepoint in codepoints {
                            f(key, codepoint);
                        }
                    }
                }
            }
        }
    }
}

/// Gives every glyph one text for the whole document. A PDF font maps each glyph to one text (its
/// ToUnicode entry, which printpdf fills with the last text it sees for the glyph), yet shaped Lao
/// draws some glyphs for different text in different places: the າ of ຊາດ is also the second half of
/// ນ້ຳ's ຳ. Of a glyph's texts, the character its cmap maps from (else the most common text, else the
/// first seen) keeps the glyph; the next moves to the glyph's duplicate where the face has them
/// (Lao); any further one, which no bundled text needs, reads back as the first.
pub(crate) fn settle(fonts: &Fonts, pages: &mut [&mut Vec<Op>]) {
    // Each glyph's texts with how often each is drawn, in first-seen order.
    let mut uses: HashMap<(FontKey, u16), Vec<(String, usize)>> = HashMap::new();
    for_each_glyph(pages, |key, codepoint| {
        let Some(text) = &codepoint.cid else { return };
        let texts = uses.entry((key, codepoint.gid)).or_default();
        match texts.iter_mut().find(|(known, _)| known == text) {
            Some((_, count)) => *count += 1,
            None => texts.push((text.clone(), 1)),
        }
    });
    /// A glyph drawn for `drawn`, a text it does not keep: draw glyph `gid` for `text` instead.
    struct Redraw {
        drawn: String,
        gid: u16,
        text: String,
    }
    let mut moves: HashMap<(FontKey, u16), Vec<Redraw>> = HashMap::new();
    for ((key, gid), texts) in uses.into_iter().filter(|(_, texts)| texts.len() > 1) {
        let face = fonts.face(key);
        let own = face.glyph_char(gid).map(String::from);
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&k| {
            (
                own.as_ref() != Some(&texts[k].0),
                std::cmp::Reverse(texts[k].1),
                k,
            )
        });
        let first = texts[order[0]].0.clone();
        let duplicate = face.duplicate_offset.and_then(|n| gid.checked_add(n));
        let list = moves.entry((key, gid)).or_default();
        for (rank, &k) in order.iter().enumerate().skip(1) {
            let drawn = texts[k].0.clone();
            list.push(match duplicate {
                Some(twin) if rank == 1 => Redraw {
                    text: drawn.clone(),
                    drawn,
                    gid: twin,
                },
                _ => Redraw {
                    drawn,
                    gid,
                    text: first.clone(),
                },
            });
        }
    }
    if moves.is_empty() {
        return;
    }
    for_each_glyph(pages, |key, codepoint| {
        let Some(list) = moves.get(&(key, codepoint.gid)) else {
            return;
        };
        if let Some(redraw) = list
            .iter()
            .find(|r| codepoint.cid.as_ref() == Some(&r.drawn))
        {
            codepoint.gid = redraw.gid;
            codepoint.cid = Some(redraw.text.clone());
        }
    });
}

#[cfg(test)]
mod tests {
    use printpdf::FontId;

    use super::*;
    use crate::shaping::shape_face;

    /// Each glyph's text when `text` is shaped in the Lao face (regular and bold alike).
    fn check(text: &str, expected: &[&str]) {
        for key in [FontKey::LaoRegular, FontKey::LaoBold] {
            let face = Fonts::bundled().face(key);
            let glyphs = shape_face(&face.shaper, text);
            assert_eq!(
                glyph_texts(face, text, &glyphs),
                expected,
                "{text} in {key:?}"
            );
        }
    }

    #[test]
    fn each_glyph_stands_for_its_text() {
        // One glyph per character.
        check("ກາ", &["ກ", "າ"]);
        // A ຳ the shaper keeps whole (no tone mark before it).
        check("ຄຳ", &["ຄ", "ຳ"]);
        // ຳ split, its ໍ ligated with the tone mark: the າ glyph stands for ຳ.
        check("ນ້ຳ", &["ນ", "້", "ຳ"]);
        check("ຕ່ຳ", &["ຕ", "່", "ຳ"]);
        check("ຫຼ້ຳ", &["ຫ", "ຼ", "້", "ຳ"]);
        // A ligature of two marks that are both in the text.
        check("ບໍ່", &["ບ", "ໍ່"]);
        check("ຂໍ້", &["ຂ", "ໍ້"]);
        // Contextual variants (the small tone mark, the centred vowel) keep their characters.
        check("ເຈົ້າ", &["ເ", "ຈ", "ົ", "້", "າ"]);
        check("ເສື້ອ", &["ເ", "ສ", "ື", "້", "ອ"]);
    }

    fn ops(key: FontKey, drawn: &[(u16, &str)]) -> Vec<Op> {
        vec![
            Op::SetFont {
                font: PdfFontHandle::External(key.pdf_id()),
                size: printpdf::Pt(10.0),
            },
            Op::ShowText {
                items: drawn
                    .iter()
                    .map(|&(gid, text)| {
                        TextItem::GlyphIds(vec![Codepoint {
                            gid,
                            offset: 0.0,
                            cid: Some(text.to_owned()),
                        }])
                    })
                    .collect(),
            },
        ]
    }

    /// Glyph ids and texts after [`settle`], for glyphs drawn as `drawn` in one document.
    fn settled(key: FontKey, drawn: &[(u16, &str)]) -> Vec<(u16, String)> {
        let mut page = ops(key, drawn);
        settle(Fonts::bundled(), &mut [&mut page]);
        let mut out = Vec::new();
        for op in &page {
            if let Op::ShowText { items } = op {
                for item in items {
                    if let TextItem::GlyphIds(codepoints) = item {
                        out.extend(
                            codepoints
                                .iter()
                                .map(|c| (c.gid, c.cid.clone().unwrap_or_default())),
                        );
                    }
                }
            }
        }
        out
    }

    #[test]
    fn a_glyph_drawn_for_two_texts_gets_one_each_on_two_glyphs() {
        let fonts = Fonts::bundled();
        let lao = fonts.face(FontKey::LaoRegular);
        let n = lao.duplicate_offset.expect("Lao faces have duplicates");
        let aa = lao.shaper.glyph_index('າ').expect("າ").0;
        // The ligature of ໍ + ້ (no cmap entry), which ຫຼ້ຳ draws for ້ alone.
        let ligature = shape_face(&lao.shaper, "ຂໍ້")[1].id;
        assert_eq!(lao.glyph_char(ligature), None);
        let owned = |v: &[(u16, &str)]| {
            v.iter()
                .map(|&(g, t)| (g, t.to_owned()))
                .collect::<Vec<_>>()
        };
        // The cmap's character keeps the glyph even when drawn less often.
        assert_eq!(
            settled(FontKey::LaoRegular, &[(aa, "ຳ"), (aa, "າ"), (aa, "ຳ")]),
            owned(&[(aa + n, "ຳ"), (aa, "າ"), (aa + n, "ຳ")])
        );
        // Otherwise the most common text keeps it; a third text reads as the first.
        assert_eq!(
            settled(
                FontKey::LaoRegular,
                &[
                    (ligature, "້"),
                    (ligature, "ໍ້"),
                    (ligature, "ໍ້"),
                    (ligature, "x")
                ]
            ),
            owned(&[
                (ligature + n, "້"),
                (ligature, "ໍ້"),
                (ligature, "ໍ້"),
                (ligature, "ໍ້")
            ])
        );
        // One text: nothing changes.
        assert_eq!(
            settled(FontKey::LaoBold, &[(aa, "ຳ"), (aa, "ຳ")]),
            owned(&[(aa, "ຳ"), (aa, "ຳ")])
        );
        // Latin faces have no duplicates: the second text reads as the first.
        let space = fonts
            .face(FontKey::LatinRegular)
            .shaper
            .glyph_index(' ')
            .expect("space")
            .0;
        assert_eq!(
            settled(FontKey::LatinRegular, &[(space, "\u{00A0}"), (space, " ")]),
            owned(&[(space, " "), (space, " ")])
        );
        assert_eq!(
            FontKey::from_pdf_id(&FontId("NSLAOB".into())),
            Some(FontKey::LaoBold)
        );
    }
}
