use chrono::NaiveDate;
use nssf_domain::member::{validate, Context, Occupation};
use nssf_domain::{
    Draft, DraftDependant, DraftDocument, Gazetteer, Problem, ProblemCode, ProblemKind, Schedule,
    TextOrNumber,
};
use nssf_test_support::{applicant, today};

/// Read once: the tables below validate hundreds of forms.
fn reference() -> &'static (Gazetteer, Schedule) {
    static REFERENCE: std::sync::OnceLock<(Gazetteer, Schedule)> = std::sync::OnceLock::new();
    REFERENCE.get_or_init(read_reference)
}

fn read_reference() -> (Gazetteer, Schedule) {
    let g = Gazetteer::from_sources(
        include_str!("../../../../assets/gazetteer/laos_province_district_village.json"),
        include_str!("../../../../assets/gazetteer/la_provinces.csv"),
        include_str!("../../../../assets/gazetteer/la_districts.csv"),
    )
    .expect("gazetteer");
    let s = Schedule::from_json(include_str!(
        "../../../../assets/contribution-schedule.json"
    ))
    .expect("schedule");
    (g, s)
}

/// The shared applicant with a phone too, so that the rows about the phone change a filled field.
fn valid() -> Draft {
    applicant().phone("020 5555 1234").draft()
}

/// Validates a draft changed by `change`; returns the (field, code) pairs of its problems.
fn problems(change: impl FnOnce(&mut Draft)) -> Vec<(String, ProblemCode)> {
    let (g, s) = reference();
    let hospitals = vec!["MHS".to_owned()];
    let cx = Context {
        gazetteer: g,
        schedule: s,
        hospitals: &hospitals,
        today: today(),
    };
    let mut d = valid();
    change(&mut d);
    match validate(&d, &cx) {
        Ok(_) => Vec::new(),
        Err(p) => p.into_iter().map(|p| (p.field.clone(), p.code())).collect(),
    }
}

#[track_caller]
fn check(change: impl FnOnce(&mut Draft), expected: &[(&str, ProblemCode)]) {
    let got = problems(change);
    let expected: Vec<(String, ProblemCode)> = expected
        .iter()
        .map(|(f, c)| ((*f).to_owned(), *c))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn a_complete_form_is_valid_and_cleaned() {
    let (g, s) = reference();
    let hospitals = vec!["MHS".to_owned()];
    let cx = Context {
        gazetteer: g,
        schedule: s,
        hospitals: &hospitals,
        today: today(),
    };
    let mut d = valid();
    d.given_name_lo = "ເຈ້ົາ".into(); // typed in the other mark order: stored as typed, but NFC
    d.given_name_latin = "  Chao   ".into();
    d.documents[0].number = "໑໒-໓໔ ໕໖໗໘໙".into();
    d.income_base_kip = TextOrNumber::Text("໒,໕໐໐,໐໐໐".into());
    d.date_of_birth = "12/05/1990".into();
    d.dependants = vec![DraftDependant {
        name: "ບຸນມີ".into(),
        relation: "child".into(),
        date_of_birth: "2015-01-01".into(),
    }];
    let m = validate(&d, &cx).expect("valid");
    assert_eq!(m.given_name_latin, "Chao");
    assert_eq!(m.documents[0].number, "123456789");
    assert_eq!(m.income_base_kip, 2_500_000);
    assert_eq!(m.phone, "+8562055551234");
    assert_eq!(
        m.date_of_birth,
        NaiveDate::from_ymd_opt(1990, 5, 12).expect("date")
    );
    assert_eq!(m.registered_on, today());
    assert_eq!(m.district_code, "0101");
    assert_eq!(m.occupation, Occupation::Vendor);
    assert_eq!(m.member_no, "");
    // A member turns back into the same form.
    let again = validate(&m.to_draft(), &cx).expect("round trip");
    assert_eq!(again, m);
}

#[test]
fn hostile_input_gets_specific_codes() {
    use ProblemCode::*;
    check(|d| d.title = "dr".into(), &[("title", InvalidChoice)]);
    check(
        |d| d.given_name_lo = String::new(),
        &[("given_name_lo", Required)],
    );
    check(
        |d| d.given_name_lo = "Chao".into(),
        &[("given_name_lo", WrongScriptLao)],
    );
    check(
        |d| d.given_name_latin = "ເຈົ້າ".into(),
        &[("given_name_latin", WrongScriptLatin)],
    );
    check(
        |d| d.given_name_lo = "ເຈົ້າ\u{200B}".into(),
        &[("given_name_lo", InvisibleCharacter)],
    );
    check(
        |d| d.given_name_latin = "Chao\u{202E}".into(),
        &[("given_name_latin", InvisibleCharacter)],
    );
    check(
        |d| d.given_name_latin = "Ch\u{0007}ao".into(),
        &[("given_name_latin", ControlCharacter)],
    );
    check(
        |d| d.family_name_lo = "ກ".repeat(10_000),
        &[("family_name_lo", TooLong)],
    );
    check(|d| d.family_name_lo = String::new(), &[]); // the family name may be empty
    check(|d| d.family_name_latin = String::new(), &[]);
    check(|d| d.sex = "x".into(), &[("sex", InvalidChoice)]);
    check(
        |d| d.date_of_birth = "1990-02-30".into(),
        &[("date_of_birth", DateImpossible)],
    );
    check(
        |d| d.date_of_birth = "12 May 1990".into(),
        &[("date_of_birth", DateFormat)],
    );
    check(
        |d| d.date_of_birth = "2030-01-01".into(),
        &[("date_of_birth", DateInFuture)],
    );
    check(
        |d| d.date_of_birth = "2015-01-01".into(),
        &[("date_of_birth", AgeOutOfRange)],
    ); // 11
    check(
        |d| d.date_of_birth = "1960-01-01".into(),
        &[("date_of_birth", AgeOutOfRange)],
    ); // 66
    check(|d| d.date_of_birth = "2011-11-26".into(), &[]); // 15 today
    check(
        |d| d.date_of_birth = "2011-11-27".into(),
        &[("date_of_birth", AgeOutOfRange)],
    ); // 15 tomorrow
    check(|d| d.date_of_birth = "໑໙໙໐-໐໕-໑໒".into(), &[]); // Lao digits
    check(
        |d| d.registered_on = "2027-01-01".into(),
        &[("registered_on", DateInFuture)],
    );
    check(|d| d.documents.clear(), &[("documents", DocumentsMissing)]);
    check(
        |d| d.documents[0].kind = "licence".into(),
        &[("documents.0.kind", InvalidChoice)],
    );
    check(
        |d| d.documents[0].number = "12".into(),
        &[("documents.0.number", DocumentNumberLength)],
    );
    check(
        |d| d.documents[0].number = "12#45".into(),
        &[("documents.0.number", DocumentNumberInvalid)],
    );
    check(
        |d| {
            d.documents.push(DraftDocument {
                kind: "id_card".into(),
                number: "123-456-789".into(),
            })
        },
        &[("documents.1.number", DocumentRepeated)],
    );
    check(
        |d| {
            d.documents = vec![
                DraftDocument {
                    kind: "passport".into(),
                    number: "P1234567".into()
                };
                6
            ]
        },
        &[("documents", TooManyItems)],
    );
    check(|d| d.phone = "12345".into(), &[("phone", PhoneInvalid)]);
    check(|d| d.phone = String::new(), &[]);
    check(
        |d| d.village_code = "0101999".into(),
        &[("village_code", UnknownVillage)],
    );
    check(
        |d| d.village_code = "9999999".into(),
        &[("village_code", UnknownVillage)],
    );
    check(
        |d| d.village_code = String::new(),
        &[("village_code", Required)],
    );
    check(
        |d| {
            d.village_code = "0101001".into();
            d.district_code = "0102".into();
        },
        &[("village_code", VillageNotInDistrict)],
    );
    check(
        |d| {
            d.village_code = String::new();
            d.district_code = "0103".into();
            d.village_name = "ບ້ານໃໝ່".into();
        },
        &[],
    );
    check(
        |d| {
            d.village_code = String::new();
            d.district_code = "0199".into();
            d.village_name = "x".into();
        },
        &[("district_code", UnknownDistrict)],
    );
    check(
        |d| {
            d.village_code = String::new();
            d.district_code = "0103".into();
        },
        &[("village_name", Required)],
    );
    check(
        |d| d.occupation = "pilot".into(),
        &[("occupation", InvalidChoice)],
    );
    check(|d| d.tax_id = "TX 12-34".into(), &[]);
    check(
        |d| d.tax_id = "TX*1".into(),
        &[("tax_id", DocumentNumberInvalid)],
    );
    check(
        |d| d.income_base_kip = TextOrNumber::Number(2_499_999),
        &[("income_base_kip", BaseBelowFloor)],
    );
    check(
        |d| d.income_base_kip = TextOrNumber::Number(4_500_001),
        &[("income_base_kip", BaseAboveCeiling)],
    );
    check(
        |d| d.income_base_kip = TextOrNumber::Text("2.5 million".into()),
        &[("income_base_kip", NotANumber)],
    );
    check(
        |d| d.income_base_kip = TextOrNumber::Text(String::new()),
        &[("income_base_kip", Required)],
    );
    check(
        |d| d.income_base_kip = TextOrNumber::Text("4.500.000".into()),
        &[],
    );
    // The floor of the registration month applies: 1,600,000 was enough in September 2024.
    check(
        |d| {
            d.registered_on = "2024-09-15".into();
            d.income_base_kip = TextOrNumber::Number(1_600_000);
        },
        &[],
    );
    check(
        |d| {
            d.registered_on = "2018-01-15".into();
            d.date_of_birth = "1990-01-01".into();
        },
        &[("income_base_kip", NoScheduleForMonth)],
    );
    check(
        |d| d.hospital = "XYZ".into(),
        &[("hospital", UnknownHospital)],
    );
    check(|d| d.consent = false, &[("consent", ConsentMissing)]);
    check(
        |d| {
            d.dependants = vec![DraftDependant {
                name: String::new(),
                relation: "cousin".into(),
                date_of_birth: "2040-01-01".into(),
            }]
        },
        &[
            ("dependants.0.name", Required),
            ("dependants.0.relation", InvalidChoice),
            ("dependants.0.date_of_birth", DateInFuture),
        ],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let got = problems(|d| *d = Draft::default());
    let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "title",
            "given_name_lo",
            "given_name_latin",
            "sex",
            "date_of_birth",
            "documents",
            "village_code",
            "occupation",
            "income_base_kip",
            "hospital",
            "consent"
        ]
    );
}

/// One dependant, as the form has it.
fn dependant(relation: &str, date_of_birth: &str) -> DraftDependant {
    DraftDependant {
        name: "ບຸນມີ".into(),
        relation: relation.into(),
        date_of_birth: date_of_birth.into(),
    }
}

/// A number of the wrong length says how long numbers of its kind are, and how long this one is.
#[test]
fn a_document_number_of_the_wrong_length_says_so() {
    let check = |kind: &str, number: &str, expected: Option<ProblemKind>| {
        let got = problems_with_kinds(|d| {
            d.documents = vec![DraftDocument {
                kind: kind.into(),
                number: number.into(),
            }]
        });
        let expected: Vec<Problem> = expected
            .map(|k| Problem::new("documents.0.number", k))
            .into_iter()
            .collect();
        assert_eq!(got, expected, "{kind} {number:?}");
    };
    let length = |min, max, length| Some(ProblemKind::DocumentNumberLength { min, max, length });
    check("passport", "H1", length(3, 20, 2));
    check("passport", "H-1", length(3, 20, 2)); // dashes are not counted
    check("passport", "P123", None);
    check("id_card", "12", length(3, 20, 2));
    check("id_card", "123", None);
    check("id_card", "123456789012345678901", length(3, 20, 21));
    check("id_card", "12345678901234567890", None);
    check("family_book", "໑໒", length(3, 20, 2)); // Lao digits count as digits
    check("family_book", "FB0100000001", None);
    // Wrong characters are still said first, whatever the length.
    check(
        "passport",
        "H#",
        Some(ProblemKind::DocumentNumberInvalid { value: "H#".into() }),
    );
}

#[test]
fn a_licence_or_tax_number_of_the_wrong_length_says_so() {
    use ProblemCode::*;
    check(|d| d.tax_id = "T".repeat(30), &[]);
    check(
        |d| d.tax_id = "T".repeat(31),
        &[("tax_id", DocumentNumberLength)],
    );
    check(
        |d| d.business_licence_no = "B".repeat(31),
        &[("business_licence_no", DocumentNumberLength)],
    );
}

#[test]
fn title_and_sex_agree() {
    use ProblemCode::*;
    let check_pair = |title: &str, sex: &str, expected: &[(&str, ProblemCode)]| {
        check(
            |d| {
                d.title = title.into();
                d.sex = sex.into();
            },
            expected,
        )
    };
    check_pair("ms", "female", &[]);
    check_pair("mr", "male", &[]);
    check_pair("mr", "female", &[("title", TitleSexMismatch)]);
    check_pair("ms", "male", &[("title", TitleSexMismatch)]);
    // A choice that is not one is said as such, without a second problem about agreement.
    check_pair("dr", "male", &[("title", InvalidChoice)]);
    check_pair("mr", "x", &[("sex", InvalidChoice)]);
}

/// The member (the shared applicant) was born on 12/05/1990.
#[test]
fn dependants_ages_and_spouses_fit_the_member() {
    let check = |dependants: Vec<DraftDependant>, expected: &[(&str, ProblemKind)]| {
        let got = problems_with_kinds(|d| d.dependants = dependants.clone());
        let expected: Vec<Problem> = expected
            .iter()
            .map(|(f, k)| Problem::new(*f, k.clone()))
            .collect();
        assert_eq!(got, expected, "{dependants:?}");
    };
    let child_not_younger = || ProblemKind::ChildNotYounger {
        member_born: "12/05/1990".into(),
    };
    let parent_not_older = || ProblemKind::ParentNotOlder {
        member_born: "12/05/1990".into(),
    };
    check(vec![dependant("child", "2015-01-01")], &[]);
    check(vec![dependant("child", "1990-05-13")], &[]);
    check(
        vec![dependant("child", "1990-05-12")],
        &[("dependants.0.date_of_birth", child_not_younger())],
    );
    check(
        vec![dependant("child", "1960-01-01")],
        &[("dependants.0.date_of_birth", child_not_younger())],
    );
    check(vec![dependant("parent", "1960-01-01")], &[]);
    check(vec![dependant("parent", "1990-05-11")], &[]);
    check(
        vec![dependant("parent", "1990-05-12")],
        &[("dependants.0.date_of_birth", parent_not_older())],
    );
    check(
        vec![dependant("parent", "2015-01-01")],
        &[("dependants.0.date_of_birth", parent_not_older())],
    );
    // A spouse may be of any age the form accepts.
    check(vec![dependant("spouse", "2000-01-01")], &[]);
    check(vec![dependant("spouse", "1950-01-01")], &[]);
    check(
        vec![
            dependant("spouse", "1988-01-01"),
            dependant("child", "2015-01-01"),
            dependant("spouse", "1991-01-01"),
        ],
        &[("dependants.2.relation", ProblemKind::SpouseRepeated {})],
    );
    check(
        vec![
            dependant("spouse", "1988-01-01"),
            dependant("spouse", "1989-01-01"),
            dependant("spouse", "1991-01-01"),
        ],
        &[
            ("dependants.1.relation", ProblemKind::SpouseRepeated {}),
            ("dependants.2.relation", ProblemKind::SpouseRepeated {}),
        ],
    );
    // Several children and two parents are fine.
    check(
        vec![
            dependant("child", "2015-01-01"),
            dependant("child", "2018-03-04"),
            dependant("parent", "1960-01-01"),
            dependant("parent", "1962-01-01"),
        ],
        &[],
    );
}

/// With the member's date of birth unreadable, the dependants' ages are not compared with it.
#[test]
fn dependants_ages_need_the_members_date_of_birth() {
    use ProblemCode::*;
    check(
        |d| {
            d.date_of_birth = "1990-02-30".into();
            d.dependants = vec![dependant("child", "1960-01-01")];
        },
        &[("date_of_birth", DateImpossible)],
    );
}

/// Like [`problems`], with the kinds and their arguments.
fn problems_with_kinds(change: impl FnOnce(&mut Draft)) -> Vec<Problem> {
    let (g, s) = reference();
    let hospitals = vec!["MHS".to_owned()];
    let cx = Context {
        gazetteer: g,
        schedule: s,
        hospitals: &hospitals,
        today: today(),
    };
    let mut d = valid();
    change(&mut d);
    validate(&d, &cx).err().unwrap_or_default()
}

/// Every format character and default-ignorable code point is refused, in every text field of the form,
/// as an invisible character naming the field, whether the field is cleaned or matched against a list.
#[test]
fn invisible_characters_are_refused_in_every_field() {
    use ProblemCode::InvisibleCharacter;
    let hidden = [
        '\u{00AD}',
        '\u{034F}',
        '\u{061C}',
        '\u{115F}',
        '\u{180E}',
        '\u{200B}',
        '\u{200D}',
        '\u{202E}',
        '\u{2066}',
        '\u{3164}',
        '\u{FE0F}',
        '\u{FEFF}',
        '\u{FFA0}',
        '\u{FFF9}',
        '\u{1D173}',
        '\u{E0001}',
        '\u{E0041}',
        '\u{E007F}',
        '\u{E0100}',
    ];
    type Field = fn(&mut Draft, char);
    let fields: &[(&str, Field)] = &[
        ("given_name_lo", |d, c| d.given_name_lo.insert(3, c)),
        ("family_name_lo", |d, c| d.family_name_lo.push(c)),
        ("given_name_latin", |d, c| d.given_name_latin.insert(1, c)),
        ("family_name_latin", |d, c| d.family_name_latin.push(c)),
        ("title", |d, c| d.title.push(c)),
        ("sex", |d, c| d.sex.insert(0, c)),
        ("date_of_birth", |d, c| d.date_of_birth.push(c)),
        ("documents.0.kind", |d, c| d.documents[0].kind.push(c)),
        ("documents.0.number", |d, c| {
            d.documents[0].number.insert(2, c)
        }),
        ("phone", |d, c| d.phone.insert(3, c)),
        ("village_code", |d, c| d.village_code.push(c)),
        ("house_no", |d, c| d.house_no.push(c)),
        ("occupation", |d, c| d.occupation.push(c)),
        ("income_base_kip", |d, c| {
            d.income_base_kip = TextOrNumber::Text(format!("2500000{c}"))
        }),
        ("hospital", |d, c| d.hospital.push(c)),
        ("registered_on", |d, c| {
            d.registered_on = format!("{}{c}", today())
        }),
        ("dependants.0.name", |d, c| {
            d.dependants = vec![dependant("child", "2015-01-01")];
            d.dependants[0].name.insert(3, c);
        }),
        ("dependants.0.relation", |d, c| {
            d.dependants = vec![dependant("child", "2015-01-01")];
            d.dependants[0].relation.push(c);
        }),
        ("dependants.0.date_of_birth", |d, c| {
            d.dependants = vec![dependant("child", "2015-01-01")];
            d.dependants[0].date_of_birth.push(c);
        }),
    ];
    for c in hidden {
        for (field, put) in fields {
            let got = problems(|d| put(d, c));
            assert_eq!(
                got,
                [((*field).to_owned(), InvisibleCharacter)],
                "U+{:04X} in {field}",
                c as u32
            );
        }
    }
    // Without the character, each of those fields is valid as the test fills it.
    for (field, put) in fields {
        assert_eq!(
            problems(|d| {
                put(d, 'x');
                undo_x(d);
            }),
            [],
            "{field}"
        );
    }
}

/// Takes the test's 'x' back out of every field, so the table above can show that only the hidden
/// character was wrong.
fn undo_x(d: &mut Draft) {
    let strip = |s: &mut String| *s = s.replace('x', "");
    for s in [
        &mut d.given_name_lo,
        &mut d.family_name_lo,
        &mut d.title,
        &mut d.sex,
        &mut d.date_of_birth,
        &mut d.phone,
        &mut d.village_code,
        &mut d.house_no,
        &mut d.occupation,
        &mut d.hospital,
        &mut d.registered_on,
    ] {
        strip(s);
    }
    d.given_name_latin = valid().given_name_latin;
    d.family_name_latin = valid().family_name_latin;
    d.documents = valid().documents;
    d.income_base_kip = valid().income_base_kip;
    for dep in &mut d.dependants {
        strip(&mut dep.name);
        strip(&mut dep.relation);
        strip(&mut dep.date_of_birth);
    }
}

/// Names need letters, in either script, the dependants' as the member's: digits, marks and punctuation
/// alone are refused, and so is a word that begins with a mark.
#[test]
fn names_need_letters_and_dependants_names_follow_the_members_rules() {
    use ProblemCode::*;
    type Field = fn(&mut Draft, &str);
    let lao: Field = |d, name| d.given_name_lo = name.into();
    let latin: Field = |d, name| d.given_name_latin = name.into();
    let dependant_name: Field = |d, name| {
        d.dependants = vec![dependant("child", "2015-01-01")];
        d.dependants[0].name = name.into();
    };
    let cases: &[(Field, &str, &str, Option<ProblemCode>)] = &[
        (lao, "given_name_lo", "ເຈົ້າ", None),
        (lao, "given_name_lo", "ສົມ ສັກ", None),
        (lao, "given_name_lo", "໑໒໓", Some(NameWithoutLetters)),
        (
            lao,
            "given_name_lo",
            "\u{0EB4}\u{0EC8}",
            Some(NameWithoutLetters),
        ),
        (
            lao,
            "given_name_lo",
            "\u{0EC9}\u{0EC9}\u{0EC9}",
            Some(NameWithoutLetters),
        ),
        (lao, "given_name_lo", "\u{0EB4}ກ", Some(MarkWithoutLetter)),
        (
            lao,
            "given_name_lo",
            "ສົມ \u{0EC8}ສັກ",
            Some(MarkWithoutLetter),
        ),
        (lao, "given_name_lo", "ສົມ໑", Some(WrongScriptLao)),
        (lao, "given_name_lo", "123", Some(NameWithoutLetters)),
        (lao, "given_name_lo", "Chao", Some(WrongScriptLao)),
        (latin, "given_name_latin", "Chao", None),
        (latin, "given_name_latin", "O'Neil-Lê", None),
        (latin, "given_name_latin", "123", Some(NameWithoutLetters)),
        (latin, "given_name_latin", "'-.", Some(NameWithoutLetters)),
        (
            latin,
            "given_name_latin",
            "\u{0301}\u{0301}",
            Some(NameWithoutLetters),
        ),
        (
            latin,
            "given_name_latin",
            "\u{0301}Chao",
            Some(MarkWithoutLetter),
        ),
        (latin, "given_name_latin", "Chao2", Some(WrongScriptLatin)),
        (dependant_name, "dependants.0.name", "ບຸນມີ", None),
        (dependant_name, "dependants.0.name", "Bounmy", None),
        (
            dependant_name,
            "dependants.0.name",
            "໑໒໓",
            Some(NameWithoutLetters),
        ),
        (
            dependant_name,
            "dependants.0.name",
            "12345",
            Some(NameWithoutLetters),
        ),
        (
            dependant_name,
            "dependants.0.name",
            "\u{0EB4}\u{0EC8}",
            Some(NameWithoutLetters),
        ),
        (
            dependant_name,
            "dependants.0.name",
            "\u{0EB4}ບຸນ",
            Some(MarkWithoutLetter),
        ),
        (
            dependant_name,
            "dependants.0.name",
            "ບຸນມີ Bounmy",
            Some(WrongScriptLao),
        ),
        (
            dependant_name,
            "dependants.0.name",
            "Bounmy7",
            Some(WrongScriptLatin),
        ),
        (
            dependant_name,
            "dependants.0.name",
            "B\u{200B}ounmy",
            Some(InvisibleCharacter),
        ),
        (dependant_name, "dependants.0.name", "  ", Some(Required)),
    ];
    for (put, field, name, expected) in cases {
        let got = problems(|d| put(d, name));
        let expected: Vec<(String, ProblemCode)> = expected
            .iter()
            .map(|code| ((*field).to_owned(), *code))
            .collect();
        assert_eq!(got, expected, "{field} = {name:?}");
    }
}

/// A dependant's date of birth is not in the future and not further back than anyone lives (120
/// years), as the member's own date of birth is checked against the scheme's ages.
#[test]
fn dependants_are_born_within_plausible_dates() {
    let today = today();
    let years_ago = |years: u32, days_before: u64| {
        (today - chrono::Months::new(12 * years) - chrono::Days::new(days_before)).to_string()
    };
    let tomorrow = (today + chrono::Days::new(1)).to_string();
    let cases: Vec<(String, &str, Vec<ProblemKind>)> = vec![
        (today.to_string(), "child", vec![]),
        (
            tomorrow.clone(),
            "child",
            vec![ProblemKind::DateInFuture { value: tomorrow }],
        ),
        (years_ago(120, 0), "parent", vec![]),
        (
            years_ago(121, 0),
            "parent",
            vec![ProblemKind::AgeImplausible { age: 121, max: 120 }],
        ),
        (years_ago(120, 1), "parent", vec![]),
        (
            "1890-01-01".to_owned(),
            "spouse",
            vec![ProblemKind::AgeImplausible {
                age: nssf_domain::dates::age_on(
                    NaiveDate::from_ymd_opt(1890, 1, 1).expect("date"),
                    today,
                ),
                max: 120,
            }],
        ),
    ];
    for (born, relation, expected) in cases {
        let got = problems_with_kinds(|d| d.dependants = vec![dependant(relation, &born)]);
        let expected: Vec<Problem> = expected
            .into_iter()
            .map(|k| Problem::new("dependants.0.date_of_birth", k))
            .collect();
        assert_eq!(got, expected, "{relation} born {born}");
    }
}

/// Registration JSON with a field the form does not have is refused, naming the field, at any level;
/// the known fields still read.
#[test]
fn a_field_the_form_does_not_have_is_refused_by_name() {
    use nssf_domain::draft::DraftJsonError;
    let json = nssf_test_support::applicant().json();
    assert_eq!(
        Draft::from_json(&json).expect("the fixture reads"),
        applicant().draft()
    );
    let with = |extra: &str| {
        let mut value: serde_json::Value = serde_json::from_str(&json).expect("json");
        let extra: serde_json::Value = serde_json::from_str(extra).expect("extra");
        merge(&mut value, extra);
        value.to_string()
    };
    let check = |text: String, expected: Option<&str>| {
        let got = match Draft::from_json(&text) {
            Ok(_) => None,
            Err(DraftJsonError::UnknownField(p)) => {
                assert_eq!(
                    p.kind,
                    ProblemKind::UnknownField {
                        name: p.field.clone()
                    }
                );
                Some(p.field)
            }
            Err(DraftJsonError::Malformed(e)) => panic!("{text}: malformed, {e}"),
        };
        assert_eq!(got.as_deref(), expected, "{text}");
    };
    check(
        with(r#"{"phone_number": "020 5555 1234"}"#),
        Some("phone_number"),
    );
    check(with(r#"{"Phone": "020 5555 1234"}"#), Some("Phone"));
    check(
        with(r#"{"documents": [{"kind": "id_card", "numbr": "A1"}]}"#),
        Some("numbr"),
    );
    check(
        with(r#"{"dependants": [{"name": "ບຸນມີ", "relation": "child", "born": "2015-01-01"}]}"#),
        Some("born"),
    );
    check(with(r#"{"phone": "020 5555 1234"}"#), None);
    assert!(matches!(
        Draft::from_json("{\"phone\": 5}"),
        Err(DraftJsonError::Malformed(_))
    ));
    assert!(matches!(
        Draft::from_json("{"),
        Err(DraftJsonError::Malformed(_))
    ));
}

/// `extra`'s fields replace or join `value`'s.
fn merge(value: &mut serde_json::Value, extra: serde_json::Value) {
    if let (Some(into), serde_json::Value::Object(from)) = (value.as_object_mut(), extra) {
        into.extend(from);
    }
}
