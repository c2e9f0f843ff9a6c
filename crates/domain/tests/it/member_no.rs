use nssf_domain::member_no::{damm_check_digit, MemberNumberError};
use nssf_domain::MemberNumber;

#[test]
fn damm_vectors() {
    // Published example: 572 → check digit 4.
    let check =
        |digits: &str, expected: u8| assert_eq!(damm_check_digit(digits), expected, "{digits}");
    check("572", 4);
    check("5724", 0);
    check("", 0);
}

#[test]
fn format_and_parse_round_trip() {
    let check = |n: MemberNumber, text: &str| {
        assert_eq!(n.to_string(), text);
        assert_eq!(MemberNumber::parse(text), Ok(n));
        assert_eq!(MemberNumber::parse(&text.replace('-', "")), Ok(n));
        assert_eq!(MemberNumber::parse(&text.replace('-', " ")), Ok(n));
    };
    check(
        MemberNumber {
            district: 101,
            workstation: 1,
            counter: 1,
        },
        "0101-01-0000001-1",
    );
    check(
        MemberNumber {
            district: 1801,
            workstation: 99,
            counter: 9_999_999,
        },
        &MemberNumber {
            district: 1801,
            workstation: 99,
            counter: 9_999_999,
        }
        .to_string(),
    );
    // Lao digits are accepted.
    assert_eq!(
        MemberNumber::parse("໐໑໐໑-໐໑-໐໐໐໐໐໐໑-໑").map(|n| n.counter),
        Ok(1)
    );
}

#[test]
fn every_single_digit_error_and_adjacent_swap_is_caught() {
    for counter in [1u32, 42, 123_456, 9_999_999] {
        let n = MemberNumber {
            district: 1203,
            workstation: 7,
            counter,
        };
        let digits: Vec<u8> = n.to_string().bytes().filter(u8::is_ascii_digit).collect();
        for i in 0..digits.len() {
            for d in b'0'..=b'9' {
                if d == digits[i] {
                    continue;
                }
                let mut typo = digits.clone();
                typo[i] = d;
                let text = String::from_utf8(typo).expect("ascii");
                assert_eq!(
                    MemberNumber::parse(&text),
                    Err(MemberNumberError::CheckDigit),
                    "{text}"
                );
            }
            if i + 1 < digits.len() && digits[i] != digits[i + 1] {
                let mut swapped = digits.clone();
                swapped.swap(i, i + 1);
                let text = String::from_utf8(swapped).expect("ascii");
                assert_eq!(
                    MemberNumber::parse(&text),
                    Err(MemberNumberError::CheckDigit),
                    "{text}"
                );
            }
        }
    }
}

#[test]
fn malformed_numbers() {
    for text in [
        "",
        "0101-01",
        "0101-01-0000001-1-1",
        "ABCD-01-0000001-4",
        "0101 01 000000l 4",
    ] {
        assert_eq!(
            MemberNumber::parse(text),
            Err(MemberNumberError::Shape),
            "{text:?}"
        );
    }
}
