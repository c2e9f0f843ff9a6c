//! The national reference file: the contribution schedule, the contracted hospitals and the benefit texts,
//! issued by the central office, numbered by it and signed with its Ed25519 key (the key that signs
//! acknowledgements). Three lines of UTF-8 (`docs/reference-format.md`):
//!
//! ```text
//! NSSF-REFERENCE 1
//! <body: one line of JSON, see ReferenceBody>
//! <standard base64 of the Ed25519 signature of "NSSF-REFERENCE-SIG-1\n" followed by the body line's bytes>
//! ```
//!
//! Reading checks the size before anything else, then the layout, the signature, and only then parses
//! and judges the content, so an unsigned byte is never interpreted.

use chrono::NaiveDate;
use ed25519_dalek::{SigningKey, VerifyingKey};
use nssf_domain::{Month, Schedule, ScheduleRow};
use serde::{Deserialize, Serialize};

use crate::{sha256_hex, signed, ExchangeError};

/// The first line of every reference file.
pub const REFERENCE_HEADER: &str = "NSSF-REFERENCE 1";
/// What the central office signs before the body line, so that a signature over a reference file cannot be
/// taken for one over an acknowledgement or anything else.
pub const REFERENCE_CONTEXT: &[u8] = b"NSSF-REFERENCE-SIG-1\n";
/// The `format` of every body.
pub const REFERENCE_FORMAT: &str = "nssf-reference";
/// The version of the reference format this code writes and reads.
pub const REFERENCE_VERSION: u32 = 1;
/// Nothing larger is read as a reference file (a real one is a few KiB).
pub const MAX_REFERENCE_BYTES: u64 = 4 * 1024 * 1024;
/// The most rows, hospitals or benefits a file may list; far above any real list.
pub const MAX_ENTRIES: usize = 10_000;

/// One row of the contribution schedule: what applies from its month on, and the decree that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleEntry {
    /// The first month the row applies to, `YYYY-MM`.
    pub effective_month: String,
    /// The contribution rate in basis points of the income base (900 = 9 %), 1 to 10 000.
    pub rate_basis_points: u32,
    /// The lowest income base, kip: a chosen base below it is lifted to it.
    pub floor_kip: i64,
    /// The highest income base, kip.
    pub ceiling_kip: i64,
    /// The decree that sets the row (its number and date, as published).
    pub decree: String,
}

/// A contracted hospital.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HospitalEntry {
    /// Short code (ASCII letters and digits), stored on the member.
    pub code: String,
    /// Name in Lao.
    pub name_lo: String,
    /// Name in English.
    pub name_en: String,
}

/// One figure of a benefit (an amount, a rate, a duration), for the outreach material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitFigure {
    /// What the figure is, a short ASCII name (`grant_kip`, `waiting_months`).
    pub name: String,
    /// The figure, a whole number in its unit.
    pub value: i64,
    /// Its unit: `kip`, `basis_points`, `days` or `months`.
    pub unit: String,
}

/// A benefit as the outreach material describes it. Stored by offices; not yet shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benefit {
    /// Short ASCII code (`maternity`, `old-age`).
    pub code: String,
    /// Title in Lao.
    pub title_lo: String,
    /// Title in English.
    pub title_en: String,
    /// Explanation in Lao.
    pub text_lo: String,
    /// Explanation in English.
    pub text_en: String,
    /// Its figures.
    #[serde(default)]
    pub figures: Vec<BenefitFigure>,
}

/// The national data a reference file carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceContent {
    /// The schedule, months strictly increasing.
    pub schedule: Vec<ScheduleEntry>,
    /// The contracted hospitals, codes unique.
    pub hospitals: Vec<HospitalEntry>,
    /// The benefit texts and figures, codes unique.
    pub benefits: Vec<Benefit>,
}

/// The signed body of a reference file (one line of JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceBody {
    /// Always [`REFERENCE_FORMAT`].
    pub format: String,
    /// [`REFERENCE_VERSION`].
    pub version: u32,
    /// The central office's number for this issue: 1, 2, 3, … A file never replaces one with a higher
    /// number.
    pub issue: u64,
    /// The day the central office issued it.
    pub issued_on: NaiveDate,
    /// The schedule, months strictly increasing.
    pub schedule: Vec<ScheduleEntry>,
    /// The contracted hospitals, codes unique.
    pub hospitals: Vec<HospitalEntry>,
    /// The benefit texts and figures, codes unique.
    pub benefits: Vec<Benefit>,
}

impl ReferenceBody {
    /// What the file carries.
    pub fn content(&self) -> ReferenceContent {
        ReferenceContent {
            schedule: self.schedule.clone(),
            hospitals: self.hospitals.clone(),
            benefits: self.benefits.clone(),
        }
    }
}

/// A reference file read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceFile {
    /// Its body.
    pub body: ReferenceBody,
    /// The SHA-256 of the whole file, hex: two files with the same issue are the same file only if
    /// this agrees.
    pub sha256: String,
}

fn invalid(detail: impl Into<String>) -> ExchangeError {
    ExchangeError::ReferenceInvalid(detail.into())
}

fn short_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn filled(text: &str) -> bool {
    !text.trim().is_empty() && text.len() <= 64 * 1024
}

fn unique<'a>(what: &str, codes: impl Iterator<Item = &'a str>) -> Result<(), ExchangeError> {
    let mut seen = std::collections::BTreeSet::new();
    for code in codes {
        if !seen.insert(code) {
            return Err(invalid(format!("{what} {code} is listed twice")));
        }
    }
    Ok(())
}

impl ReferenceContent {
    /// Reads the central office's input files (JSON arrays, see the format document); fields the format
    /// does not define are refused.
    pub fn from_json(
        schedule: &str,
        hospitals: &str,
        benefits: Option<&str>,
    ) -> Result<ReferenceContent, ExchangeError> {
        let parse_err = |what: &str, e: serde_json::Error| invalid(format!("{what}: {e}"));
        let content = ReferenceContent {
            schedule: serde_json::from_str(schedule).map_err(|e| parse_err("schedule", e))?,
            hospitals: serde_json::from_str(hospitals).map_err(|e| parse_err("hospitals", e))?,
            benefits: match benefits {
                Some(text) => serde_json::from_str(text).map_err(|e| parse_err("benefits", e))?,
                None => Vec::new(),
            },
        };
        content.validate()?;
        Ok(content)
    }

    /// Checks the content: a schedule of at least one row, months strictly increasing, each row a rate of
    /// 1–10 000 basis points, `0 <= floor <= ceiling` and a decree; at least one hospital; codes unique and
    /// short; names and texts filled.
    pub fn validate(&self) -> Result<(), ExchangeError> {
        if self.schedule.is_empty() {
            return Err(invalid("the schedule is empty"));
        }
        if self.hospitals.is_empty() {
            return Err(invalid("the hospital list is empty"));
        }
        if self.schedule.len() > MAX_ENTRIES
            || self.hospitals.len() > MAX_ENTRIES
            || self.benefits.len() > MAX_ENTRIES
        {
            return Err(invalid("too many entries"));
        }
        let mut previous: Option<Month> = None;
        for row in &self.schedule {
            let month = Month::parse(&row.effective_month)
                .filter(|m| m.to_string() == row.effective_month)
                .ok_or_else(|| {
                    invalid(format!("month {:?} is not YYYY-MM", row.effective_month))
                })?;
            if previous.is_some_and(|p| p >= month) {
                return Err(invalid(format!(
                    "month {month} does not follow the row before it"
                )));
            }
            previous = Some(month);
            if row.rate_basis_points == 0 || row.rate_basis_points > 10_000 {
                return Err(invalid(format!("the rate of {month} is out of range")));
            }
            if row.floor_kip < 0 || row.floor_kip > row.ceiling_kip {
                return Err(invalid(format!(
                    "the floor of {month} is negative or above its ceiling"
                )));
            }
            if !filled(&row.decree) {
                return Err(invalid(format!("the row of {month} names no decree")));
            }
        }
        for h in &self.hospitals {
            if !short_code(&h.code) || !filled(&h.name_lo) || !filled(&h.name_en) {
                return Err(invalid(format!("hospital {:?} is incomplete", h.code)));
            }
        }
        unique("hospital", self.hospitals.iter().map(|h| h.code.as_str()))?;
        for b in &self.benefits {
            let texts = [&b.title_lo, &b.title_en, &b.text_lo, &b.text_en];
            if !short_code(&b.code) || !texts.iter().all(|t| filled(t)) {
                return Err(invalid(format!("benefit {:?} is incomplete", b.code)));
            }
            for f in &b.figures {
                let unit_known =
                    matches!(f.unit.as_str(), "kip" | "basis_points" | "days" | "months");
                if !short_code(&f.name) || !unit_known {
                    return Err(invalid(format!(
                        "a figure of benefit {} is malformed",
                        b.code
                    )));
                }
            }
            unique("figure", b.figures.iter().map(|f| f.name.as_str()))?;
        }
        unique("benefit", self.benefits.iter().map(|b| b.code.as_str()))
    }

    /// The schedule as the ledger applies it (each row from the first day of its month).
    pub fn domain_schedule(&self) -> Result<Schedule, ExchangeError> {
        let rows = self
            .schedule
            .iter()
            .map(|row| {
                let month = Month::parse(&row.effective_month)
                    .ok_or_else(|| invalid("month is not YYYY-MM"))?;
                Ok(ScheduleRow {
                    effective_from: month.first_day(),
                    rate_basis_points: row.rate_basis_points,
                    floor_kip: row.floor_kip,
                    ceiling_kip: row.ceiling_kip,
                })
            })
            .collect::<Result<Vec<_>, ExchangeError>>()?;
        let json = serde_json::to_string(&rows).map_err(|e| invalid(e.to_string()))?;
        Schedule::from_json(&json).map_err(|e| invalid(e.to_string()))
    }
}

/// How a reference file is laid out and signed.
const KIND: signed::Kind = signed::Kind {
    header: REFERENCE_HEADER,
    context: REFERENCE_CONTEXT,
    max_bytes: MAX_REFERENCE_BYTES,
    invalid: |detail| invalid(detail),
};

/// Writes a signed reference file with the central office's key. The content is checked first.
pub fn write(
    content: &ReferenceContent,
    issue: u64,
    issued_on: NaiveDate,
    key: &SigningKey,
) -> Result<Vec<u8>, ExchangeError> {
    content.validate()?;
    let body = ReferenceBody {
        format: REFERENCE_FORMAT.into(),
        version: REFERENCE_VERSION,
        issue,
        issued_on,
        schedule: content.schedule.clone(),
        hospitals: content.hospitals.clone(),
        benefits: content.benefits.clone(),
    };
    let json = serde_json::to_vec(&body).map_err(|e| ExchangeError::Storage(e.to_string()))?;
    Ok(signed::seal(KIND, &json, key))
}

/// Reads and checks a reference file against the central office's key: size, layout, signature, then
/// content. [`ExchangeError::BadSignature`] for a file altered or signed with another key.
pub fn open(bytes: &[u8], key: &VerifyingKey) -> Result<ReferenceFile, ExchangeError> {
    let body = signed::open(KIND, bytes, key)?;
    let body: ReferenceBody = serde_json::from_slice(body).map_err(|e| invalid(e.to_string()))?;
    if body.format != REFERENCE_FORMAT {
        return Err(invalid("format"));
    }
    if body.version != REFERENCE_VERSION {
        return Err(ExchangeError::UnsupportedVersion(body.version));
    }
    if body.issue == 0 {
        return Err(invalid("issue 0"));
    }
    body.content().validate()?;
    Ok(ReferenceFile {
        body,
        sha256: sha256_hex(bytes),
    })
}

/// The body of a reference file that was verified with [`open`] when it was applied and kept since: the
/// layout and content are checked again, the signature is not (the office may have changed keys since).
pub fn read_stored(bytes: &[u8]) -> Result<ReferenceBody, ExchangeError> {
    let body = bytes
        .split(|b| *b == b'\n')
        .nth(1)
        .ok_or_else(|| invalid("truncated"))?;
    let body: ReferenceBody = serde_json::from_slice(body).map_err(|e| invalid(e.to_string()))?;
    body.content().validate()?;
    Ok(body)
}

/// The reference file's name: `nssf-reference-NNNNNN.ref`.
pub fn file_name(issue: u64) -> String {
    format!("nssf-reference-{issue:06}.ref")
}
