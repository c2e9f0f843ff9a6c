//! Member numbers: issued offline, unique nationwide without coordination, safe to type.
//!
//! Format `DDDD-WW-NNNNNNN-C` (14 digits): the district code of the office (`PPDD`, Lao Statistics Bureau), the
//! workstation code (`01`–`99`), the workstation's own counter (1 … 9,999,999) and a check digit. Two
//! workstations never share a (district, workstation) pair, and each counter only grows, so numbers never
//! collide. The check digit is Damm's algorithm over the 13 preceding digits: it catches every single
//! mistyped digit and every swap of two adjacent digits, with no letter (unlike ISO 7064 mod 11-2's `X`).

/// Damm's quasigroup of order 10 (weakly totally anti-symmetric).
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/// The Damm check digit of a string of ASCII digits (non-digits are skipped).
pub fn damm_check_digit(digits: &str) -> u8 {
    digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0, |interim, d| DAMM[interim as usize][(d - b'0') as usize])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MemberNumber {
    pub district: u16,
    pub workstation: u8,
    pub counter: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MemberNumberError {
    /// Not 14 digits once separators are removed.
    #[error("a member number has 14 digits")]
    Shape,
    /// The digits do not agree with the check digit: a typing mistake.
    #[error("the check digit does not match")]
    CheckDigit,
}

impl MemberNumber {
    pub const MAX_COUNTER: u32 = 9_999_999;

    fn body(self) -> String {
        format!(
            "{:04}{:02}{:07}",
            self.district, self.workstation, self.counter
        )
    }

    /// Reads a number typed with or without dashes or spaces, in ASCII or Lao digits.
    pub fn parse(text: &str) -> Result<MemberNumber, MemberNumberError> {
        let ascii = crate::text::ascii_digits(text.trim());
        if ascii
            .chars()
            .any(|c| !(c.is_ascii_digit() || c == '-' || c == ' '))
        {
            return Err(MemberNumberError::Shape);
        }
        let digits: String = ascii.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 14 {
            return Err(MemberNumberError::Shape);
        }
        // A valid Damm string (body + check digit) folds to 0.
        if damm_check_digit(&digits) != 0 {
            return Err(MemberNumberError::CheckDigit);
        }
        let field = |r: std::ops::Range<usize>| {
            digits[r]
                .parse::<u32>()
                .map_err(|_| MemberNumberError::Shape)
        };
        Ok(MemberNumber {
            district: field(0..4)? as u16,
            workstation: field(4..6)? as u8,
            counter: field(6..13)?,
        })
    }
}

impl std::fmt::Display for MemberNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = self.body();
        write!(
            f,
            "{}-{}-{}-{}",
            &body[0..4],
            &body[4..6],
            &body[6..13],
            damm_check_digit(&body)
        )
    }
}
