//! No .notdef: every character we may print has a real glyph in the font the run splitter picks.

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use nssf_documents::shaping::shape;
use nssf_documents::text::script_runs;
use nssf_documents::Fonts;

use crate::support::repo_root;

/// Names a card or receipt may carry: Lao with stacked marks, Latin with diacritics, numbers.
pub const NAMES: &[&str] = &[
    "ນາງ ເຈົ້າ ນ້ຳໃຈ",
    "ທ້າວ ສົມສັກ ພົມມະວົງ",
    "ທ່ານ ບຸນເຫຼືອ ສີສຸວັນ",
    "ນາງ ແສງເດືອນ ຫຼວງລາດ",
    "ທ້າວ ຄຳໝັ້ນ ວົງກົດຕະລາດ",
    "ເສື້ອ ບໍ່ ຊື່ ຫຼ້າ ຖ້ຳ ເຂົ້າ ໂຕ໋ະ ກ໊ວຍ ເຫຼົ້າ",
    "ໂຮງໝໍມິດຕະພາບ ແຂວງຜົ້ງສາລີ",
    "໐໑໒໓໔໕໖໗໘໙ ກີບ",
    "Phôngsali",
    "Ms Chao NAMCHAI",
    "Mr Somsack PHOMMAVONG",
    "Lê Thị Hồng Nhung",
    "Nguyễn Văn Đức",
    "François Müller-Østergaard",
    "Zoë Saïd O'Brien",
    "Sékong, Xékong, Attapeu",
    "01-2024-000123 12/03/1985 ₭ 1,250,000 № 5 – “ok” — 100%",
];

fn pattern_texts(pattern: &Pattern<&str>, out: &mut Vec<String>) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push((*value).to_owned()),
            PatternElement::Placeable { expression } => expression_texts(expression, out),
        }
    }
}

fn expression_texts(expression: &Expression<&str>, out: &mut Vec<String>) {
    match expression {
        Expression::Select { variants, .. } => {
            for variant in variants {
                pattern_texts(&variant.value, out);
            }
        }
        Expression::Inline(InlineExpression::StringLiteral { value }) => {
            out.push((*value).to_owned())
        }
        Expression::Inline(_) => {}
    }
}

/// Text of every message, term and attribute value in locales/{lo,en}/*.ftl (placeables that
/// are variables or references skipped, select-expression variants included).
pub fn locale_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for lang in ["lo", "en"] {
        let dir = repo_root().join("locales").join(lang);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no .ftl files in {}", dir.display());
        for file in files {
            let source = std::fs::read_to_string(&file).expect("read ftl");
            let resource = fluent_syntax::parser::parse(source.as_str())
                .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", file.display()));
            let mut out = Vec::new();
            for entry in &resource.body {
                match entry {
                    Entry::Message(m) => {
                        if let Some(value) = &m.value {
                            pattern_texts(value, &mut out);
                        }
                        for attribute in &m.attributes {
                            pattern_texts(&attribute.value, &mut out);
                        }
                    }
                    Entry::Term(t) => {
                        pattern_texts(&t.value, &mut out);
                        for attribute in &t.attributes {
                            pattern_texts(&attribute.value, &mut out);
                        }
                    }
                    Entry::Comment(_)
                    | Entry::GroupComment(_)
                    | Entry::ResourceComment(_)
                    | Entry::Junk { .. } => {}
                }
            }
            let name = file.display().to_string();
            texts.extend(out.into_iter().map(|t| (name.clone(), t)));
        }
    }
    texts
}

/// Characters of `text` that shape to .notdef in the chosen font, in both weights.
fn missing_glyphs(text: &str) -> Vec<String> {
    let fonts = Fonts::bundled();
    let mut missing = Vec::new();
    for line in text.lines() {
        for run in script_runs(line) {
            let run_text = &line[run.range.clone()];
            for bold in [false, true] {
                let data = fonts.data(run.script, bold);
                let glyphs = shape(data, run_text);
                for glyph in glyphs.iter().filter(|g| g.id == 0) {
                    let c = run_text[glyph.cluster as usize..]
                        .chars()
                        .next()
                        .unwrap_or('?');
                    missing.push(format!(
                        "{c:?} (U+{:04X}) in {:?} run {run_text:?}, bold={bold}",
                        c as u32, run.script
                    ));
                }
            }
        }
    }
    missing
}

#[test]
fn every_locale_message_has_glyphs() {
    let texts = locale_texts();
    assert!(texts.len() > 100, "only {} texts found", texts.len());
    let mut problems = Vec::new();
    for (file, text) in &texts {
        for m in missing_glyphs(text) {
            problems.push(format!("{file}: {m}"));
        }
    }
    assert!(
        problems.is_empty(),
        "characters without a glyph:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_test_name_has_glyphs() {
    let mut problems = Vec::new();
    for name in NAMES {
        problems.extend(missing_glyphs(name));
    }
    assert!(
        problems.is_empty(),
        "characters without a glyph:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_notdef() {
    // Latin in the Lao font is exactly the failure the run splitter exists to prevent.
    let lao = Fonts::bundled().data(nssf_documents::text::Script::Lao, false);
    assert!(shape(lao, "A1").iter().all(|g| g.id == 0));
}
