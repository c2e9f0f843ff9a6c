//! Both locales must carry the same messages with the same variables; every file must parse; every code of
//! the closed error sets (the API's refusals, the domain's field problems) must have its message
//! `error-<code>`. A half-translated screen is the most common complaint about such software.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use nssf_api::{Code, Refusal, Role};
use nssf_domain::{ProblemCode, ProblemKind};
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
    let ids: Vec<String> = Code::ALL
        .iter()
        .map(|c| c.message_id())
        .chain(ProblemCode::ALL.iter().map(|c| c.message_id()))
        .collect();
    assert!(
        ids.iter().any(|id| id == "error-possible-duplicate")
            && ids.iter().any(|id| id == "error-too-long"),
        "both sets are listed"
    );
    for lang in Language::ALL {
        let l10n = Localizer::new(lang);
        let missing: Vec<&String> = ids.iter().filter(|id| !l10n.has_message(id)).collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
    }
    // Codes are one namespace of messages: a problem and a refusal never share a code.
    let refusals: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let shared: Vec<&str> = ProblemCode::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| refusals.contains(c))
        .collect();
    assert!(shared.is_empty(), "codes of both sets: {shared:?}");
}

/// Every `error-*` message belongs to a code: a message left behind by a removed code is found.
#[test]
fn every_error_message_has_a_code() {
    let codes: BTreeSet<String> = Code::ALL
        .iter()
        .map(|c| c.message_id())
        .chain(ProblemCode::ALL.iter().map(|c| c.message_id()))
        .collect();
    let orphans: Vec<String> = catalogue("en")
        .into_keys()
        .filter(|id| id.starts_with("error-") && !codes.contains(id))
        .collect();
    assert!(orphans.is_empty(), "messages of no code: {orphans:?}");
}

/// Typed arguments become Fluent arguments in one place, `Localizer::error`: numbers stay numbers, kip
/// amounts are grouped, lists are joined, and no isolation marks are added.
#[test]
fn errors_are_formatted_from_typed_arguments() {
    fn check(lang: Language, coded: &impl serde::Serialize, expected: &str) {
        assert_eq!(Localizer::new(lang).error(coded), expected);
    }
    let below_floor = ProblemKind::BaseBelowFloor {
        floor_kip: 2_500_000,
        month: "2026-11".into(),
    };
    check(
        Language::En,
        &below_floor,
        "The income base must be at least 2,500,000 kip for 11/2026.",
    );
    check(
        Language::Lo,
        &below_floor,
        "ຖານລາຍຮັບຕ້ອງບໍ່ຕ່ຳກວ່າ 2,500,000 ກີບ ສຳລັບເດືອນ 11/2026.",
    );
    check(
        Language::Lo,
        &Refusal::DuplicateDocument {
            member_no: "0101-01-0000001-1".into(),
            document: "id_card:123".into(),
        },
        "ເອກະສານນີ້ເປັນຂອງສະມາຊິກ 0101-01-0000001-1 ແລ້ວ.",
    );
    check(
        Language::En,
        &Refusal::MemberNotFound {
            member_no: "0101-01-0000001-1".into(),
        },
        "There is no member 0101-01-0000001-1.",
    );
    check(
        Language::En,
        &Refusal::PossibleDuplicate {
            candidates: vec!["0101-01-0000001-5".into(), "0101-01-0000002-3".into()],
        },
        "A member with the same birth date and a similar name exists: 0101-01-0000001-5, 0101-01-0000002-3. Register anyway?",
    );
    check(
        Language::En,
        &Refusal::ExchangeGap {
            office: "0101-01".into(),
            expected: 7,
            got: 12,
        },
        "Held back: workstation 0101-01 must send change 7 next, but this batch starts at 12. Ask the office for its earlier batch.",
    );
    check(
        Language::En,
        &ProblemKind::TooLong {
            max: 60,
            length: 1234,
        },
        "Too long: at most 60 characters (this has 1234).",
    );
    check(
        Language::En,
        &Refusal::Forbidden {
            role: Role::Supervisor,
            action: nssf_api::Action::Void,
        },
        "Your role does not allow this.",
    );
    check(
        Language::En,
        &ProblemKind::Required {},
        "This field is required.",
    );
    // Days and months arrive in ISO form and are shown as official documents write them, in both languages.
    check(
        Language::Lo,
        &Refusal::DayClosed {
            date: "2026-11-20".into(),
        },
        "ວັນທີ 20/11/2026 ປິດບັນຊີແລ້ວ: ບໍ່ສາມາດບັນທຶກການຈ່າຍ ຫຼື ຍົກເລີກເຂົ້າໃນວັນນັ້ນໄດ້.",
    );
    check(
        Language::En,
        &ProblemKind::RangeInvalid {
            from: "2026-12".into(),
            to: "2026-11".into(),
        },
        "The months 12/2026 to 11/2026 are not a valid range.",
    );
    // A typed day that does not exist is reordered all the same; a month is not a typed value.
    check(
        Language::Lo,
        &ProblemKind::DateImpossible {
            value: "2026-02-30".into(),
        },
        "30/02/2026 ບໍ່ແມ່ນວັນທີທີ່ມີຢູ່ແທ້.",
    );
    check(
        Language::En,
        &ProblemKind::DateImpossible {
            value: "2026-02".into(),
        },
        "2026-02 is not a real date.",
    );
    // Whatever is not a day or a month in ISO form passes as it is.
    check(
        Language::En,
        &ProblemKind::RangeInvalid {
            from: "11/2026".into(),
            to: "soon".into(),
        },
        "The months 11/2026 to soon are not a valid range.",
    );
    // Not of the contract's shape: shown as it is rather than blank.
    check(Language::En, &"plain text", "\"plain text\"");
}

/// Plain message arguments follow the same rule: a day or a month in ISO form is shown as on documents.
#[test]
fn message_arguments_show_dates_as_documents_do() {
    let check = |lang: Language, id: &str, args: &[(&str, &str)], expected: &str| {
        assert_eq!(Localizer::new(lang).message(id, args), expected, "{id}");
    };
    check(
        Language::Lo,
        "day-page-title",
        &[("date", "2026-11-20")],
        "ວັນທີ 20/11/2026",
    );
    check(
        Language::En,
        "day-page-title",
        &[("date", "20/11/2026")],
        "Day of 20/11/2026",
    );
    // Only date arguments: a workstation code shaped like a month stays as it is.
    check(
        Language::En,
        "exchange-trusted",
        &[("office", "0101-01")],
        "The key of workstation 0101-01 is now trusted.",
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
