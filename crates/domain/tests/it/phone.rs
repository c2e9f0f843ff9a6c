use nssf_domain::phone::{national_number, to_e164};

#[test]
fn lao_phone_spellings() {
    let check = |input: &str, expected: Option<&str>| {
        assert_eq!(to_e164(input).as_deref(), expected, "{input:?}")
    };
    check("020 5555 1234", Some("+8562055551234"));
    check("02055551234", Some("+8562055551234"));
    check("+856 20 5555 1234", Some("+8562055551234"));
    check("+856-20-5555-1234", Some("+8562055551234"));
    check("+856 020 5555 1234", Some("+8562055551234"));
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

/// Numbers libphonenumber's metadata for Laos has, which a hand-kept table refused: ten-digit 030 mobiles,
/// provincial landlines of every area code. And numbers it does not have.
#[test]
fn laos_numbering_plan_from_libphonenumber() {
    let check = |input: &str, expected: Option<&str>| {
        assert_eq!(national_number(input).as_deref(), expected, "{input:?}")
    };
    check("030 2123 4567", Some("3021234567")); // 10-digit mobile, 0302…
    check("030 4123 4567", Some("3041234567")); // 10-digit mobile, 0304…
    check("+856 30 2123 4567", Some("3021234567"));
    check("໐໓໐ ໒໑໒໓ ໔໕໖໗", Some("3021234567"));
    check("064 212 345", Some("64212345")); // Savannakhet province
    check("088 212 345", Some("88212345")); // Vientiane province
    check("041 212 345", Some("41212345")); // Savannakhet city
    check("023 212 345", Some("23212345"));
    check("+856 88 212 345", Some("88212345"));
    check("030 1123 4567", None); // ten digits, but no 0301… mobile range
    check("020 1555 1234", None); // no 0201… mobile range
    check("062 212 345", None); // no 062 area code
    check("089 212 345", None); // no 089 area code
    check("021 212 86", None); // landline one digit short
    check("+856 021 212 862", Some("21212862"));
    check("+85600 21 212 862", None);
}
