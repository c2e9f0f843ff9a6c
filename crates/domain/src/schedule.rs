//! The contribution schedule: effective-dated rows of rate, floor and ceiling, shipped as data because
//! decrees change them. The row in force on the first day of a month applies to that whole month.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::Month;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleRow {
    pub effective_from: NaiveDate,
    /// Basis points of the income base: 900 = 9 %.
    pub rate_basis_points: u32,
    pub floor_kip: i64,
    pub ceiling_kip: i64,
}

impl ScheduleRow {
    /// The monthly contribution for a base, in whole kip, rounded half up. Because each month is rounded on
    /// its own and a receipt adds months, a receipt's total is always the sum of its months.
    pub fn contribution_kip(&self, base_kip: i64) -> i64 {
        (base_kip * i64::from(self.rate_basis_points) + 5_000) / 10_000
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    rows: Vec<ScheduleRow>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("the schedule is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the schedule is empty")]
    Empty,
    #[error("row from {0} has a floor above its ceiling or a zero rate")]
    Row(NaiveDate),
}

impl Schedule {
    /// Reads the JSON array of rows (`assets/contribution-schedule.json`); rows may come in any order.
    pub fn from_json(json: &str) -> Result<Schedule, ScheduleError> {
        let mut rows: Vec<ScheduleRow> = serde_json::from_str(json)?;
        if rows.is_empty() {
            return Err(ScheduleError::Empty);
        }
        if let Some(bad) = rows
            .iter()
            .find(|r| r.floor_kip > r.ceiling_kip || r.rate_basis_points == 0 || r.floor_kip < 0)
        {
            return Err(ScheduleError::Row(bad.effective_from));
        }
        rows.sort_by_key(|r| r.effective_from);
        Ok(Schedule { rows })
    }

    pub fn rows(&self) -> &[ScheduleRow] {
        &self.rows
    }

    /// The row in force for a month, or `None` before the first row.
    pub fn for_month(&self, month: Month) -> Option<&ScheduleRow> {
        let first = month.first_day();
        self.rows.iter().rev().find(|r| r.effective_from <= first)
    }
}
