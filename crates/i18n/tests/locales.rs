//! Both locales must carry the same messages with the same variables; every file must parse; every error
//! code must have a message. A half-translated screen is the most common complaint about such software.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use nssf_domain::Code;
use nssf_i18n::{format_kip, locale_files, parse_language, Language, Localizer};

type Catalogue = BTreeMap<String, BTreeSet<String>>;

fn collect_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_expr(expression, vars);
        }
    }
}

fn collect_expr(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => collect_inline(inline, vars),
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, vars);
            for v in variants {
                collect_vars(&v.value, vars);
            }
        }
    }
}

fn collect_inline(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => collect_expr(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                collect_inline(a, vars);
            }
        }
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. }
        | ast::InlineExpression::MessageReference { .. }
        | ast::InlineExpression::TermReference { .. } => {}
    }
}

/// Message id (and `id.attribute`) → variables used, for one language; panics on a parse error or a
/// message defined twice.
fn catalogue(lang: &str) -> Catalogue {
    let mut out = Catalogue::new();
    for (l, file, text) in locale_files().iter().filter(|(l, _, _)| *l == lang) {
        let resource = fluent_syntax::parser::parse(*text)
            .unwrap_or_else(|(_, errors)| panic!("{l}/{file}: {errors:?}"));
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(value) = &m.value {
                    collect_vars(value, &mut vars);
                }
                let previous = out.insert(m.id.name.to_owned(), vars);
                assert!(
                    previous.is_none(),
                    "{l}/{file}: {} is defined twice",
                    m.id.name
                );
                for attr in &m.attributes {
                    let mut vars = BTreeSet::new();
                    collect_vars(&attr.value, &mut vars);
                    out.insert(format!("{}.{}", m.id.name, attr.id.name), vars);
                }
            }
        }
    }
    out
}

#[test]
fn both_locales_have_the_same_messages_and_variables() {
    let lo = catalogue("lo");
    let en = catalogue("en");
    assert!(lo.len() > 50, "locales are embedded");
    let only_lo: Vec<&String> = lo.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<&String> = en.keys().filter(|k| !lo.contains_key(*k)).collect();
    assert!(
        only_lo.is_empty() && only_en.is_empty(),
        "only in lo: {only_lo:?}; only in en: {only_en:?}"
    );
    let differing: Vec<(&String, &BTreeSet<String>, &BTreeSet<String>)> = lo
        .iter()
        .filter(|(k, v)| en.get(*k) != Some(*v))
        .map(|(k, v)| (k, v, &en[k]))
        .collect();
    assert!(
        differing.is_empty(),
        "variables differ (id, lo, en): {differing:?}"
    );
}

#[test]
fn both_locales_have_the_same_files_and_all_parse() {
    let files = |lang: &str| -> BTreeSet<&str> {
        locale_files()
            .iter()
            .filter(|(l, _, _)| *l == lang)
            .map(|(_, f, _)| *f)
            .collect()
    };
    assert_eq!(files("lo"), files("en"));
    for lang in Language::ALL {
        let (_, problems) = parse_language(lang);
        assert!(problems.is_empty(), "{problems:?}");
    }
}

#[test]
fn every_error_code_has_a_message() {
    for lang in Language::ALL {
        let l10n = Localizer::new(lang);
        let missing: Vec<String> = Code::ALL
            .iter()
            .map(|c| c.message_id())
            .filter(|id| !l10n.has_message(id))
            .collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
    }
}

#[test]
fn messages_are_formatted_without_isolation_marks() {
    let check = |lang: Language, code: Code, args: &[(&str, &str)], expected: &str| {
        let args: BTreeMap<String, String> = args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(Localizer::new(lang).error(code, &args), expected);
    };
    check(
        Language::En,
        Code::BaseBelowFloor,
        &[("floor_kip", "2500000"), ("month", "2026-11")],
        "The income base must be at least 2,500,000 kip for 2026-11.",
    );
    check(
        Language::Lo,
        Code::BaseBelowFloor,
        &[("floor_kip", "2500000"), ("month", "2026-11")],
        "ຖານລາຍຮັບຕ້ອງບໍ່ຕ່ຳກວ່າ 2,500,000 ກີບ ສຳລັບເດືອນ 2026-11.",
    );
    check(
        Language::Lo,
        Code::DuplicateDocument,
        &[("member_no", "0101-01-0000001-1")],
        "ເອກະສານນີ້ເປັນຂອງສະມາຊິກ 0101-01-0000001-1 ແລ້ວ.",
    );
    check(
        Language::En,
        Code::MemberNotFound,
        &[("member_no", "0101-01-0000001-1")],
        "There is no member 0101-01-0000001-1.",
    );
}

#[test]
fn kip_grouping() {
    let check =
        |amount: i64, sep: char, expected: &str| assert_eq!(format_kip(amount, sep), expected);
    check(0, ',', "0");
    check(999, ',', "999");
    check(1_000, ',', "1,000");
    check(1_600_000, ',', "1,600,000");
    check(1_600_000, '.', "1.600.000");
    check(-225_000, ',', "-225,000");
}

#[test]
fn languages_parse() {
    assert_eq!(Language::parse("lo"), Some(Language::Lo));
    assert_eq!(Language::parse("EN"), Some(Language::En));
    assert_eq!(Language::parse("th"), None);
}
