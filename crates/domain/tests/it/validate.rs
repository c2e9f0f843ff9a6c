use chrono::NaiveDate;
use nssf_domain::member::{validate, Context, Occupation};
use nssf_domain::{Code, Draft, DraftDependant, DraftDocument, Gazetteer, Schedule, TextOrNumber};

fn reference() -> (Gazetteer, Schedule) {
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

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

fn valid() -> Draft {
    Draft {
        title: "ms".into(),
        given_name_lo: "ເຈົ້າ".into(),
        family_name_lo: "ນ້ຳໃຈ".into(),
        given_name_latin: "Chao".into(),
        family_name_latin: "Namchai".into(),
        sex: "female".into(),
        date_of_birth: "1990-05-12".into(),
        documents: vec![DraftDocument {
            kind: "id_card".into(),
            number: "123456789".into(),
        }],
        phone: "020 5555 1234".into(),
        village_code: "0101001".into(),
        house_no: "12".into(),
        occupation: "vendor".into(),
        income_base_kip: TextOrNumber::Number(2_500_000),
        hospital: "MHS".into(),
        consent: true,
        ..Draft::default()
    }
}

/// Validates a draft changed by `change`; returns the (field, code) pairs of its problems.
fn problems(change: impl FnOnce(&mut Draft)) -> Vec<(String, Code)> {
    let (g, s) = reference();
    let hospitals = vec!["MHS".to_owned()];
    let cx = Context {
        gazetteer: &g,
        schedule: &s,
        hospitals: &hospitals,
        today: today(),
    };
    let mut d = valid();
    change(&mut d);
    match validate(&d, &cx) {
        Ok(_) => Vec::new(),
        Err(p) => p.into_iter().map(|p| (p.field, p.code)).collect(),
    }
}

#[track_caller]
fn check(change: impl FnOnce(&mut Draft), expected: &[(&str, Code)]) {
    let got = problems(change);
    let expected: Vec<(String, Code)> = expected
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
        gazetteer: &g,
        schedule: &s,
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
    use Code::*;
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
        &[("documents.0.number", DocumentNumberInvalid)],
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
