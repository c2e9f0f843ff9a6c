//! Dates as clerks type them: `YYYY-MM-DD` or `DD/MM/YYYY`, in ASCII or Lao digits.

use chrono::{Datelike, NaiveDate};

use crate::text::ascii_digits;
use crate::{Problem, ProblemKind};

/// Parses a date; distinguishes a malformed text from a well-formed but impossible date (31/02/1990).
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, Problem> {
    let text = ascii_digits(raw.trim());
    let parts: Vec<&str> = if text.contains('-') {
        text.split('-').collect()
    } else {
        let mut p: Vec<&str> = text.split(['/', '.']).collect();
        p.reverse();
        p
    };
    let numbers: Option<Vec<u32>> = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            [y, m, d].iter().map(|s| s.parse::<u32>().ok()).collect()
        }
        _ => None,
    };
    let Some([y, m, d]) = numbers.as_deref().map(|n| [n[0], n[1], n[2]]) else {
        return Err(Problem::new(
            field,
            ProblemKind::DateFormat {
                value: raw.trim().to_owned(),
            },
        ));
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| {
        Problem::new(
            field,
            ProblemKind::DateImpossible {
                value: raw.trim().to_owned(),
            },
        )
    })
}

/// Whole years of age on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// A calendar month, the unit of contributions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Months from `self` to `other`, counting both ends; 0 when `other` is earlier.
    pub fn count_to(self, other: Month) -> u32 {
        let a = self.year * 12 + self.month as i32;
        let b = other.year * 12 + other.month as i32;
        if b < a {
            0
        } else {
            (b - a + 1) as u32
        }
    }

    /// `self` plus `n` months.
    pub fn plus(self, n: u32) -> Month {
        let index = self.year * 12 + (self.month as i32 - 1) + n as i32;
        Month {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// Reads `YYYY-MM` (Lao digits accepted).
    pub fn parse(text: &str) -> Option<Month> {
        let ascii = crate::text::ascii_digits(text.trim());
        let (y, m) = ascii.split_once('-')?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return None;
        }
        let (year, month) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        (1..=12).contains(&month).then_some(Month { year, month })
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}
