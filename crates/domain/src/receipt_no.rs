//! Receipt numbers: `DDDD-WW-YYYY-NNNNNN-C`, issued offline without collisions.
//!
//! District code, workstation code, the calendar year of the payment, the workstation's counter for that
//! year (1 … 999,999) and a Damm check digit over the 16 digits before it (see `member_no`).

use crate::member_no::damm_check_digit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReceiptNumber {
    pub district: u16,
    pub workstation: u8,
    pub year: u16,
    pub counter: u32,
}

impl ReceiptNumber {
    pub const MAX_COUNTER: u32 = 999_999;

    /// Reads a number with or without dashes or spaces, ASCII or Lao digits; `None` if the shape is wrong
    /// or the check digit disagrees.
    pub fn parse(text: &str) -> Option<ReceiptNumber> {
        let ascii = crate::text::ascii_digits(text.trim());
        if ascii
            .chars()
            .any(|c| !(c.is_ascii_digit() || c == '-' || c == ' '))
        {
            return None;
        }
        let digits: String = ascii.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 17 || damm_check_digit(&digits) != 0 {
            return None;
        }
        Some(ReceiptNumber {
            district: digits[0..4].parse().ok()?,
            workstation: digits[4..6].parse().ok()?,
            year: digits[6..10].parse().ok()?,
            counter: digits[10..16].parse().ok()?,
        })
    }
}

impl std::fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = format!(
            "{:04}{:02}{:04}{:06}",
            self.district, self.workstation, self.year, self.counter
        );
        write!(
            f,
            "{}-{}-{}-{}-{}",
            &body[0..4],
            &body[4..6],
            &body[6..10],
            &body[10..16],
            damm_check_digit(&body)
        )
    }
}
