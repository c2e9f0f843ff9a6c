//! Script runs, line layout and line breaking.

use std::ops::Range;

use icu_segmenter::{GraphemeClusterSegmenter, WordSegmenter};

use crate::fonts::{FontKey, Fonts};
use crate::shaping::{shape_face, Glyph};

/// Which bundled font family draws a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Lao letters, vowels, tone marks and digits (U+0E80–U+0EFF): Noto Sans Lao.
    Lao,
    /// Everything else: Noto Sans.
    Latin,
}

/// A maximal piece of a line drawn with one font.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Byte range in the line.
    pub range: Range<usize>,
    /// The font family that draws it.
    pub script: Script,
}

fn is_lao(c: char) -> bool {
    ('\u{0E80}'..='\u{0EFF}').contains(&c)
}

/// Characters that belong to whatever run they are in: spaces, joiners and combining marks.
/// Noto Sans Lao has a space and the common joiners; a combining mark must stay with its base.
fn is_neutral(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{00A0}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    ) || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Splits one line into runs by script. Spaces and combining marks join the run they follow
/// (a leading one joins the run after it), so `"ນາງ ເຈົ້າ"` is one Lao run and `"Phôngsali"`
/// one Latin run.
pub fn script_runs(line: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut pending_start: Option<usize> = None;
    for (i, c) in line.char_indices() {
        let end = i + c.len_utf8();
        if is_neutral(c) {
            match runs.last_mut() {
                Some(run) => run.range.end = end,
                None => {
                    pending_start.get_or_insert(i);
                }
            }
            continue;
        }
        let script = if is_lao(c) {
            Script::Lao
        } else {
            Script::Latin
        };
        match runs.last_mut() {
            Some(run) if run.script == script => run.range.end = end,
            Some(_) | None => runs.push(Run {
                range: pending_start.take().unwrap_or(i)..end,
                script,
            }),
        }
    }
    if let Some(start) = pending_start {
        // A line of nothing but spaces or marks.
        runs.push(Run {
            range: start..line.len(),
            script: Script::Latin,
        });
    }
    runs
}

/// A run after shaping.
#[derive(Debug, Clone)]
pub(crate) struct ShapedRun {
    pub(crate) font: FontKey,
    /// Byte range of the run in the line.
    pub(crate) range: Range<usize>,
    /// Clusters are byte offsets relative to `range.start`.
    pub(crate) glyphs: Vec<Glyph>,
}

/// A line ready to draw.
#[derive(Debug, Clone)]
pub(crate) struct ShapedLine {
    pub(crate) runs: Vec<ShapedRun>,
}

impl ShapedLine {
    pub(crate) fn shape(fonts: &Fonts, line: &str, bold: bool) -> ShapedLine {
        let runs = script_runs(line)
            .into_iter()
            .map(|run| {
                let font = FontKey::for_script(run.script, bold);
                let glyphs = shape_face(&fonts.face(font).shaper, &line[run.range.clone()]);
                ShapedRun {
                    font,
                    range: run.range,
                    glyphs,
                }
            })
            .collect();
        ShapedLine { runs }
    }

    /// Width in points at `size_pt`.
    pub(crate) fn width_pt(&self, fonts: &Fonts, size_pt: f32) -> f32 {
        self.runs
            .iter()
            .map(|run| {
                let upem = fonts.face(run.font).units_per_em;
                let units: i64 = run.glyphs.iter().map(|g| i64::from(g.x_advance)).sum();
                units as f32 * size_pt / upem
            })
            .sum()
    }
}

/// Width of `text` drawn on one line, in millimetres.
pub fn text_width_mm(fonts: &Fonts, text: &str, size_pt: f32, bold: bool) -> f32 {
    pt_to_mm(ShapedLine::shape(fonts, text, bold).width_pt(fonts, size_pt))
}

pub(crate) fn pt_to_mm(pt: f32) -> f32 {
    pt * 25.4 / 72.0
}

pub(crate) fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

// ICU 1.5 segmenters are not `Sync`; one per thread is cheap with compiled data.
thread_local! {
    // The dictionary model covers Lao, Thai, Khmer, Burmese and CJK.
    static WORDS: WordSegmenter = WordSegmenter::new_dictionary();
    static GRAPHEMES: GraphemeClusterSegmenter = GraphemeClusterSegmenter::new();
}

/// Breaks `text` into lines no wider than `width_mm`, at word boundaries (Lao words found with
/// ICU's dictionary segmenter), and at `\n`. A single word wider than the box is broken between
/// grapheme clusters, so no line ever starts with a combining mark.
///
/// The returned slices cover the text exactly: trailing spaces stay at the end of the line they
/// follow, and each `\n` stays at the end of its line, so concatenating them gives back `text`.
pub fn wrap_lines<'t>(
    fonts: &Fonts,
    text: &'t str,
    width_mm: f32,
    size_pt: f32,
    bold: bool,
) -> Vec<&'t str> {
    let mut lines = Vec::new();
    let mut paragraph_start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            wrap_paragraph(
                fonts,
                text,
                paragraph_start..i + 1,
                width_mm,
                size_pt,
                bold,
                &mut lines,
            );
            paragraph_start = i + 1;
        }
    }
    if paragraph_start < text.len() || lines.is_empty() {
        wrap_paragraph(
            fonts,
            text,
            paragraph_start..text.len(),
            width_mm,
            size_pt,
            bold,
            &mut lines,
        );
    }
    lines
}

fn fits(fonts: &Fonts, candidate: &str, width_mm: f32, size_pt: f32, bold: bool) -> bool {
    text_width_mm(fonts, candidate.trim_end(), size_pt, bold) <= width_mm + 1e-3
}

fn wrap_paragraph<'t>(
    fonts: &Fonts,
    text: &'t str,
    range: Range<usize>,
    width_mm: f32,
    size_pt: f32,
    bold: bool,
    lines: &mut Vec<&'t str>,
) {
    let paragraph = &text[range.clone()];
    // Break opportunities: word-segment boundaries, except where a break would split off spaces
    // from the word before them (a line may end in spaces, never start with them).
    let breaks: Vec<usize> = WORDS.with(|words| {
        words
            .segment_str(paragraph)
            .filter(|&b| b > 0 && b < paragraph.len())
            .filter(|&b| !paragraph[b..].starts_with([' ', '\u{00A0}', '\n']))
            .collect()
    });
    let mut start = 0;
    let mut last_fit: Option<usize> = None;
    let mut candidates = breaks.into_iter().chain(std::iter::once(paragraph.len()));
    let mut next = candidates.next();
    while let Some(b) = next {
        if fits(fonts, &paragraph[start..b], width_mm, size_pt, bold) {
            last_fit = Some(b);
            next = candidates.next();
            continue;
        }
        match last_fit.take() {
            Some(fit) => {
                lines.push(&text[range.start + start..range.start + fit]);
                start = fit;
                // Re-test `b` against the new line start.
            }
            None => {
                // One word wider than the box: split it between grapheme clusters.
                let word = &paragraph[start..b];
                let split = split_word(fonts, word, width_mm, size_pt, bold);
                lines.push(&text[range.start + start..range.start + start + split]);
                start += split;
            }
        }
    }
    if start < paragraph.len() || lines.is_empty() {
        lines.push(&text[range.start + start..range.end]);
    }
}

/// Byte length of the longest prefix of `word` (at least one grapheme) that fits.
fn split_word(fonts: &Fonts, word: &str, width_mm: f32, size_pt: f32, bold: bool) -> usize {
    let boundaries: Vec<usize> = GRAPHEMES.with(|g| g.segment_str(word).collect());
    let mut best = None;
    for b in boundaries {
        if b == 0 {
            continue;
        }
        if best.is_some() && !fits(fonts, &word[..b], width_mm, size_pt, bold) {
            break;
        }
        best = Some(b);
    }
    best.unwrap_or(word.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_by_script_and_keep_spaces_and_marks() {
        let cases: &[(&str, &[(&str, Script)])] = &[
            ("ນາງ ເຈົ້າ", &[("ນາງ ເຈົ້າ", Script::Lao)]),
            ("Phôngsali", &[("Phôngsali", Script::Latin)]),
            (
                "ບັດ / Card 12",
                &[("ບັດ ", Script::Lao), ("/ Card 12", Script::Latin)],
            ),
            (" ນ", &[(" ນ", Script::Lao)]),
            (
                "e\u{0301}ນ",
                &[("e\u{0301}", Script::Latin), ("ນ", Script::Lao)],
            ),
        ];
        for (line, expected) in cases {
            let got: Vec<(&str, Script)> = script_runs(line)
                .into_iter()
                .map(|r| (&line[r.range], r.script))
                .collect();
            assert_eq!(&got, expected, "{line}");
        }
    }
}
