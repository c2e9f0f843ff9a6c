//! Dates as clerks type them: `YYYY-MM-DD` or `DD/MM/YYYY`, in ASCII or Lao digits.

use chrono::{Datelike, NaiveDate};

use crate::text::ascii_digits;
use crate::{Code, Problem};

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
        return Err(Problem::new(field, Code::DateFormat).arg("value", raw.trim()));
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| Problem::new(field, Code::DateImpossible).arg("value", raw.trim()))
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
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}
