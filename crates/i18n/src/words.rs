//! Amounts in words for receipts, in Lao and English.
//!
//! Lao follows the usage on official receipts (product notes): ສິບເອັດ (11), ຊາວ (20), ຊາວເອັດ (21),
//! ສິບພັນ (10,000), ແສນ (100,000), ລ້ານ (1,000,000); a final one after tens or more is ເອັດ; amounts are
//! followed by "ກີບຖ້ວນ" ("kip exactly"). CLDR's Lao spell-out rules are not used: they contain Thai script.

const LAO_DIGITS: [&str; 10] = [
    "ສູນ",
    "ໜຶ່ງ",
    "ສອງ",
    "ສາມ",
    "ສີ່",
    "ຫ້າ",
    "ຫົກ",
    "ເຈັດ",
    "ແປດ",
    "ເກົ້າ",
];

/// 1 ..= 99 (tens and units), with ເອັດ for a final one after tens.
fn lao_below_100(n: u64, out: &mut String) {
    let (tens, units) = (n / 10, n % 10);
    match tens {
        0 => {}
        1 => out.push_str("ສິບ"),
        2 => out.push_str("ຊາວ"),
        t => {
            out.push_str(LAO_DIGITS[t as usize]);
            out.push_str("ສິບ");
        }
    }
    if units == 1 && tens > 0 {
        out.push_str("ເອັດ");
    } else if units > 0 {
        out.push_str(LAO_DIGITS[units as usize]);
    }
}

/// 1 ..= 999,999.
fn lao_below_million(n: u64, out: &mut String, after_something: bool) {
    let hundred_thousands = n / 100_000;
    let thousands = (n / 1_000) % 100;
    let hundreds = (n / 100) % 10;
    let rest = n % 100;
    if hundred_thousands > 0 {
        out.push_str(LAO_DIGITS[hundred_thousands as usize]);
        out.push_str("ແສນ");
    }
    if thousands > 0 {
        lao_below_100(thousands, out);
        out.push_str("ພັນ");
    }
    if hundreds > 0 {
        out.push_str(LAO_DIGITS[hundreds as usize]);
        out.push_str("ຮ້ອຍ");
    }
    if rest == 1 && (after_something || n > 1) {
        out.push_str("ເອັດ");
    } else if rest > 0 {
        lao_below_100(rest, out);
    }
}

/// A number in Lao words: 2,500,000 → ສອງລ້ານຫ້າແສນ.
pub fn lao_number(n: u64) -> String {
    if n == 0 {
        return LAO_DIGITS[0].to_owned();
    }
    let mut out = String::new();
    let millions = n / 1_000_000;
    let rest = n % 1_000_000;
    if millions > 0 {
        if millions == 1 {
            out.push_str(LAO_DIGITS[1]);
        } else {
            out.push_str(&lao_number(millions));
        }
        out.push_str("ລ້ານ");
    }
    if rest > 0 {
        lao_below_million(rest, &mut out, millions > 0);
    }
    out
}

/// A receipt's amount in Lao: "ສອງແສນຊາວຫ້າພັນກີບຖ້ວນ".
pub fn lao_kip(n: i64) -> String {
    format!("{}ກີບຖ້ວນ", lao_number(n.unsigned_abs()))
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn english_below_1000(n: u64) -> String {
    let mut parts = Vec::new();
    if n >= 100 {
        parts.push(format!("{} hundred", ONES[(n / 100) as usize]));
    }
    let rest = n % 100;
    if rest >= 20 {
        let t = TENS[(rest / 10) as usize];
        parts.push(if rest.is_multiple_of(10) {
            t.to_owned()
        } else {
            format!("{t}-{}", ONES[(rest % 10) as usize])
        });
    } else if rest > 0 {
        parts.push(ONES[rest as usize].to_owned());
    }
    parts.join(" ")
}

/// A number in English words: 225,000 → "two hundred twenty-five thousand".
pub fn english_number(n: u64) -> String {
    if n == 0 {
        return ONES[0].to_owned();
    }
    let scales = [
        (1_000_000_000_000, "trillion"),
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
    ];
    let mut parts = Vec::new();
    let mut rest = n;
    for (size, name) in scales {
        if rest >= size {
            parts.push(format!("{} {name}", english_below_1000(rest / size)));
            rest %= size;
        }
    }
    if rest > 0 {
        parts.push(english_below_1000(rest));
    }
    parts.join(" ")
}

/// A receipt's amount in English: "Two hundred twenty-five thousand kip".
pub fn english_kip(n: i64) -> String {
    let words = english_number(n.unsigned_abs());
    let mut chars = words.chars();
    let capitalised: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{capitalised} kip")
}
