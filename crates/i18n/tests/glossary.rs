//! One term per idea: the tables of `docs/glossary.md` against every message of both locales. A message
//! named under "Where used" carries the row's term; no message uses a variant the glossary avoids. The
//! glossary is the data: adding a term or a variant is an edit of the page, not of this test.

use std::collections::BTreeMap;

use fluent_syntax::ast;
use nssf_i18n::locale_files;

const GLOSSARY: &str = include_str!("../../../docs/glossary.md");

/// Stands where a glossary term was cut out of a text, so that the text on either side does not join.
const CUT: &str = "\u{FFFC}";

/// One row of the terms table.
#[derive(Debug)]
struct Term {
    idea: String,
    lao: String,
    english: String,
    used_in: Vec<String>,
    avoid_lao: Vec<String>,
    avoid_english: Vec<String>,
}

/// The rows of the table whose header starts with `first_header`, as trimmed cells; the separator row
/// (`|---|`) is left out.
fn table(first_header: &str) -> Vec<Vec<String>> {
    let mut lines = GLOSSARY
        .lines()
        .skip_while(|line| !line.starts_with(&format!("| {first_header} |")))
        .take_while(|line| line.starts_with('|'));
    assert!(
        lines.next().is_some(),
        "docs/glossary.md has no table headed \"{first_header}\""
    );
    lines
        .map(|line| {
            line.trim()
                .trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_owned())
                .collect::<Vec<String>>()
        })
        .filter(|cells| !cells.iter().all(|c| c.chars().all(|ch| ch == '-')))
        .collect()
}

/// The texts in backticks of a cell.
fn quoted(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn terms() -> Vec<Term> {
    table("Idea")
        .into_iter()
        .map(|cells| {
            assert_eq!(cells.len(), 6, "a terms row has six cells: {cells:?}");
            Term {
                idea: cells[0].clone(),
                lao: cells[1].clone(),
                english: cells[2].clone(),
                used_in: quoted(&cells[3]),
                avoid_lao: quoted(&cells[4]),
                avoid_english: quoted(&cells[5]),
            }
        })
        .collect()
}

/// The words of the "avoid everywhere" table: (Lao variants, English variants).
fn words_to_avoid() -> (Vec<String>, Vec<String>) {
    let rows = table("Avoid in Lao");
    assert!(!rows.is_empty(), "the words-to-avoid table has rows");
    let lao = rows.iter().flat_map(|cells| quoted(&cells[0])).collect();
    let english = rows
        .iter()
        .flat_map(|cells| quoted(cells.get(1).map_or("", String::as_str)))
        .collect();
    (lao, english)
}

fn pattern_text(pattern: &ast::Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable { expression } => expression_text(expression, out),
        }
    }
}

/// The literal text of a placeable: a select's variants one after the other, a variable as a cut.
fn expression_text(expression: &ast::Expression<&str>, out: &mut String) {
    match expression {
        ast::Expression::Select { variants, .. } => {
            for variant in variants {
                out.push_str(CUT);
                pattern_text(&variant.value, out);
            }
            out.push_str(CUT);
        }
        ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
            out.push_str(value);
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            expression_text(expression, out);
        }
        ast::Expression::Inline(_) => out.push_str(CUT),
    }
}

/// Message id (and `id.attribute`) → its literal text, for one language.
fn messages(lang: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (_, file, text) in locale_files().iter().filter(|(l, _, _)| *l == lang) {
        let resource = fluent_syntax::parser::parse(*text)
            .unwrap_or_else(|(_, errors)| panic!("{lang}/{file}: {errors:?}"));
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                if let Some(value) = &m.value {
                    let mut text = String::new();
                    pattern_text(value, &mut text);
                    out.insert(m.id.name.to_owned(), text);
                }
                for attr in &m.attributes {
                    let mut text = String::new();
                    pattern_text(&attr.value, &mut text);
                    out.insert(format!("{}.{}", m.id.name, attr.id.name), text);
                }
            }
        }
    }
    out
}

/// The variants of `avoid` that `text` uses outside the glossary's own `terms` (longest cut first, so
/// that ເດືອນທີ່ຄ້າງຈ່າຍ is cut whole before a shorter term inside it is looked for). English is
/// compared in lower case: the caller passes lower-case terms and variants for it.
fn variants_used<'a>(text: &str, terms: &[String], avoid: &'a [String]) -> Vec<&'a str> {
    let mut rest = text.to_owned();
    let mut by_length: Vec<&String> = terms.iter().filter(|t| !t.is_empty()).collect();
    by_length.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    for term in by_length {
        rest = rest.replace(term.as_str(), CUT);
    }
    avoid
        .iter()
        .filter(|variant| rest.contains(variant.as_str()))
        .map(String::as_str)
        .collect()
}

/// The checker itself, on texts of the kind the locale files held before the glossary: it finds the
/// variants, and leaves the glossary's terms and the words that merely contain a variant alone.
#[test]
fn variants_are_found_outside_the_terms_only() {
    let strings = |items: &[&str]| {
        items
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<String>>()
    };
    let terms = strings(&[
        "ເງິນຄ້າງຈ່າຍ",
        "ເດືອນທີ່ຄ້າງຈ່າຍ",
        "ອັກສອນລາແຕັງ",
        "ເອກະສານຢັ້ງຢືນຕົວຕົນ",
        "latin script",
    ]);
    let avoid = strings(&["ຄ້າງ", "ຊຳລະ", "ລາແຕັງ", "ລາຕິນ", "ຢັ້ງຢືນ", "latin"]);
    let check = |text: &str, expected: &[&str]| {
        assert_eq!(variants_used(text, &terms, &avoid), expected, "{text}");
    };
    check("ຍອດຄ້າງຊຳລະ", &["ຄ້າງ", "ຊຳລະ"]);
    check("ເດືອນຕໍ່ໄປ (ເດືອນຄ້າງກ່ອນ)", &["ຄ້າງ"]);
    check("ຈຳນວນເດືອນທີ່ຄ້າງ", &["ຄ້າງ"]);
    check("ຈຳນວນເດືອນທີ່ຄ້າງຈ່າຍ", &[]);
    check("ເງິນຄ້າງຈ່າຍ", &[]);
    check("ຊອກຫາດ້ວຍຊື່ລາວ ຫຼື ລາຕິນ", &["ລາຕິນ"]);
    check("ຊື່ (ອັກສອນລາແຕັງ)", &[]);
    check("ໃບຢັ້ງຢືນບໍ່ຖືກຕ້ອງ.", &["ຢັ້ງຢືນ"]);
    check("ກະລຸນາປ້ອນເອກະສານຢັ້ງຢືນຕົວຕົນ", &[]);
    check("given name (latin)", &["latin"]);
    check("write this name in latin script.", &[]);
}

#[test]
fn the_glossary_names_every_idea_of_the_issue() {
    let terms = terms();
    // (English term, Lao term): the ideas the district offices asked to be said one way.
    let required = [
        ("arrears", "ເງິນຄ້າງຈ່າຍ"),
        ("acknowledgement", "ໃບຢືນຢັນ"),
        ("central office", "ສຳນັກງານກາງ"),
        ("dependant", "ຜູ້ຢູ່ໃນອຸປະການ"),
        ("consent", "ຄວາມເຫັນດີ"),
        ("issue", "ອອກຄັ້ງທີ"),
        ("family book", "ປຶ້ມສຳມະໂນຄົວ"),
        ("Latin script", "ອັກສອນລາແຕັງ"),
        ("domestic worker", "ຜູ້ເຮັດວຽກບ້ານ"),
        ("lost", "ສູນຫາຍ"),
        ("payment method", "ວິທີຈ່າຍ"),
    ];
    for (english, lao) in required {
        let row = terms.iter().find(|t| t.english == english);
        assert_eq!(
            row.map(|t| t.lao.as_str()),
            Some(lao),
            "glossary row for {english}"
        );
    }
    for term in &terms {
        assert!(
            term.lao
                .chars()
                .any(|c| ('\u{0E80}'..='\u{0EFF}').contains(&c))
                && !term.english.is_empty()
                && !term.used_in.is_empty(),
            "{term:?}: a Lao term, an English term and where it is used"
        );
    }
}

#[test]
fn every_message_the_glossary_names_uses_its_term() {
    let lo = messages("lo");
    let en = messages("en");
    let mut wrong = Vec::new();
    for term in terms() {
        for id in &term.used_in {
            match (lo.get(id), en.get(id)) {
                (Some(lao), Some(english)) => {
                    if !lao.contains(&term.lao) {
                        wrong.push(format!("lo {id} = {lao} (not {})", term.lao));
                    }
                    if !english
                        .to_lowercase()
                        .contains(&term.english.to_lowercase())
                    {
                        wrong.push(format!("en {id} = {english} (not {})", term.english));
                    }
                }
                _ => wrong.push(format!("{id} ({}) is not a message", term.idea)),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_message_uses_a_variant_the_glossary_avoids() {
    let terms = terms();
    let (lao_words, english_words) = words_to_avoid();
    let lower = |items: &[String]| items.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
    let lao_terms: Vec<String> = terms.iter().map(|t| t.lao.clone()).collect();
    let english_terms: Vec<String> = terms.iter().map(|t| t.english.to_lowercase()).collect();
    let lao_avoid: Vec<String> = terms
        .iter()
        .flat_map(|t| t.avoid_lao.clone())
        .chain(lao_words)
        .collect();
    let english_avoid: Vec<String> = lower(
        &terms
            .iter()
            .flat_map(|t| t.avoid_english.clone())
            .chain(english_words)
            .collect::<Vec<_>>(),
    );
    assert!(lao_avoid.len() > 10 && english_avoid.len() > 10);
    let mut found = Vec::new();
    for (id, text) in messages("lo") {
        for variant in variants_used(&text, &lao_terms, &lao_avoid) {
            found.push(format!("lo {id}: {variant} in {text}"));
        }
    }
    for (id, text) in messages("en") {
        for variant in variants_used(&text.to_lowercase(), &english_terms, &english_avoid) {
            found.push(format!("en {id}: {variant} in {text}"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
