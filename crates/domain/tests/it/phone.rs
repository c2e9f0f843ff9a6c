use nssf_domain::phone::to_e164;

#[test]
fn lao_phone_spellings() {
    let check = |input: &str, expected: Option<&str>| {
        assert_eq!(to_e164(input).as_deref(), expected, "{input:?}")
    };
    check("020 5555 1234", Some("+8562055551234"));
    check("02055551234", Some("+8562055551234"));
    check("+856 20 5555 1234", Some("+8562055551234"));
    check("+856-20-5555-1234", Some("+8562055551234"));
    check("00856 20 5555 1234", Some("+8562055551234"));
    check("8562055551234", Some("+8562055551234"));
    check("2055551234", Some("+8562055551234"));
    check("໐໒໐ ໕໕໕໕ ໑໒໓໔", Some("+8562055551234"));
    check("030 555 1234", Some("+856305551234"));
    check("021 212 862", Some("+85621212862"));
    check("(021) 212-862", Some("+85621212862"));
    // Wrong length, wrong prefix, letters, foreign numbers.
    check("020 5555 123", None);
    check("020 5555 12345", None);
    check("011 212 862", None);
    check("020 5555 12a4", None);
    check("+66 81 234 5678", None);
    check("", None);
}
