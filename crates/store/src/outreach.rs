//! Whole-office reads for the reports and the arrears lists (issue 14): every member with their bases and
//! paid months in one merge pass over three trees kept in member-number order (in parts by member-number
//! range, for one thread each), the voids and later receipts that put a past day's paid months back as
//! they were, and (in [`day_summary`]) the receipts of a period. Nothing here writes but the derived day
//! summaries.
//!
//! A per-member [`member_ledger`](Store::member_ledger) would cost three prefix scans and a receipt decode
//! per receipt for each of 50,000 members; the merge reads each row once.

mod day_summary;

pub use day_summary::ReceiptTotal;

use std::collections::{BTreeMap, HashSet};
use std::ops::Bound;

use chrono::NaiveDate;
use nssf_domain::{Member, Month, Receipt, Void};

use crate::encoding::{corrupt, decode, i64_be, last_part, text};
use crate::{Damage, Store, StoreError};

use day_summary::day_after;

/// One member and what the store knows of their contributions, as the whole-office pass reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberContributions {
    /// The member record.
    pub member: Member,
    /// Income base from a month on, oldest first.
    pub bases: Vec<(Month, i64)>,
    /// Months paid by a receipt that is not void, with that receipt's number (as [`MemberLedger::paid`](crate::MemberLedger)).
    pub paid: BTreeMap<Month, String>,
}

/// A pass of [`Store::members_with_contributions`] over one range of member numbers.
pub struct MembersWithContributions<'s> {
    store: &'s Store,
    members: sled::Iter,
    bases: std::iter::Peekable<sled::Iter>,
    paid: std::iter::Peekable<sled::Iter>,
    /// Whether the paid months carry their receipts' numbers (see [`MembersWithContributions::months_only`]).
    receipt_numbers: bool,
}

impl MembersWithContributions<'_> {
    /// The pass with the paid months' receipt numbers left empty: for a reader that needs only which
    /// months are paid (the arrears as of today), 600,000 fewer strings made.
    pub fn months_only(mut self) -> Self {
        self.receipt_numbers = false;
        self
    }
}

impl std::fmt::Debug for MembersWithContributions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MembersWithContributions")
    }
}

/// The month of a `YYYY-MM` key part, read from its bytes (the pass reads 600,000 of them: no text is
/// made for each).
fn month_of(part: &[u8]) -> Option<Month> {
    let digits = |bytes: &[u8]| -> Option<u32> {
        bytes.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    match part {
        [y @ .., b'-', m1, m2] if y.len() == 4 => {
            let month = digits(&[*m1, *m2])?;
            (1..=12).contains(&month).then_some(Month {
                year: i32::try_from(digits(y)?).ok()?,
                month,
            })
        }
        _ => None,
    }
}

impl MembersWithContributions<'_> {
    /// Takes the rows of `rows` that belong to `member_no` (rows of members that sort before it belong to
    /// no member: the check reports those), giving each month and value to `take`.
    fn rows_of(
        rows: &mut std::iter::Peekable<sled::Iter>,
        tree: &sled::Tree,
        member_no: &[u8],
        mut take: impl FnMut(Month, &[u8], &[u8]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        loop {
            let (k, _) = match rows.peek() {
                None => return Ok(()),
                Some(Ok(row)) => row,
                Some(Err(_)) => {
                    // The error itself, taken out of the iterator.
                    return Err(match rows.next() {
                        Some(Err(e)) => e.into(),
                        Some(Ok(_)) | None => StoreError::Sled(sled::Error::ReportableBug(
                            "a peeked error went away".into(),
                        )),
                    });
                }
            };
            let layout = || corrupt(tree, k, Damage::KeyLayout("member \\0 YYYY-MM"));
            let pos = k.iter().position(|b| *b == 0).ok_or_else(layout)?;
            match k[..pos].cmp(member_no) {
                std::cmp::Ordering::Less => {
                    rows.next();
                }
                std::cmp::Ordering::Equal => {
                    let month = month_of(&k[pos + 1..]).ok_or_else(layout)?;
                    if let Some(Ok((k, v))) = rows.next() {
                        take(month, &k, &v)?;
                    }
                }
                std::cmp::Ordering::Greater => return Ok(()),
            }
        }
    }
}

impl Iterator for MembersWithContributions<'_> {
    type Item = Result<MemberContributions, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (k, v) = match self.members.next()? {
            Ok(row) => row,
            Err(e) => return Some(Err(e.into())),
        };
        let t = &self.store.trees;
        let mut read = || -> Result<MemberContributions, StoreError> {
            let member: Member = decode(&t.members, &k, &v)?;
            let mut bases = Vec::new();
            Self::rows_of(&mut self.bases, &t.bases, &k, |month, key, value| {
                bases.push((month, i64_be(&t.bases, key, value)?));
                Ok(())
            })?;
            let mut paid = BTreeMap::new();
            let receipt_numbers = self.receipt_numbers;
            Self::rows_of(&mut self.paid, &t.month_paid, &k, |month, key, value| {
                let receipt = if receipt_numbers {
                    text(&t.month_paid, key, value)?
                } else {
                    String::new()
                };
                paid.insert(month, receipt);
                Ok(())
            })?;
            Ok(MemberContributions {
                member,
                bases,
                paid,
            })
        };
        Some(read())
    }
}

/// A key halfway between `low` and `high` in byte order (`low` ≤ `high`): where to split a pass over
/// member numbers. The keys are read as numbers whose digits are their bytes, in base 10 where both keys
/// hold a decimal digit (member numbers are a fixed prefix and a decimal counter, so the half falls
/// halfway along the counter), in base 256 elsewhere.
fn key_between(low: &[u8], high: &[u8]) -> Vec<u8> {
    let width = low.len().max(high.len());
    let byte = |k: &[u8], i: usize| k.get(i).copied().unwrap_or(0);
    let decimal: Vec<bool> = (0..width)
        .map(|i| byte(low, i).is_ascii_digit() && byte(high, i).is_ascii_digit())
        .collect();
    let radix = |i: usize| if decimal[i] { 10 } else { 256 };
    let value = |k: &[u8], i: usize| {
        let b = u32::from(byte(k, i));
        if decimal[i] {
            b - u32::from(b'0')
        } else {
            b
        }
    };
    // low + high, least significant digit first; the last carry goes in front.
    let mut sum = vec![0u32; width];
    let mut carry = 0;
    for i in (0..width).rev() {
        let s = value(low, i) + value(high, i) + carry;
        sum[i] = s % radix(i);
        carry = s / radix(i);
    }
    // Halved, most significant digit first (the carry is worth one unit of the first digit's radix).
    let mut rest = carry;
    let mut out = Vec::with_capacity(width);
    for (i, d) in sum.into_iter().enumerate() {
        let cur = rest * radix(i) + d;
        let half = cur / 2;
        rest = cur % 2;
        out.push(if decimal[i] {
            b'0' + half as u8
        } else {
            half as u8
        });
    }
    out
}

impl Store {
    /// Every member in member-number order with their bases and paid months: one pass over `members`,
    /// `bases` and `month_paid` together (all three keyed by member number first).
    pub fn members_with_contributions(&self) -> MembersWithContributions<'_> {
        self.members_in((Bound::Unbounded, Bound::Unbounded))
    }

    /// [`members_with_contributions`](Store::members_with_contributions) cut into `parts` passes over
    /// consecutive ranges of member numbers (fewer when there are few members), to run one thread each;
    /// the passes in order give every member once, in member-number order.
    pub fn members_with_contributions_in_parts(
        &self,
        parts: usize,
    ) -> Result<Vec<MembersWithContributions<'_>>, StoreError> {
        let members = &self.trees.members;
        let (Some((first, _)), Some((last, _))) = (members.first()?, members.last()?) else {
            return Ok(vec![self.members_with_contributions()]);
        };
        // Halve every range until there are enough, then move each cut to the first member number at or
        // after it: a real member number holds no `\0`, so no member's `member \0 …` rows straddle it.
        let mut cuts: Vec<Vec<u8>> = vec![first.to_vec(), last.to_vec()];
        while cuts.len() < parts + 1 {
            let halves: Vec<Vec<u8>> = cuts.windows(2).map(|w| key_between(&w[0], &w[1])).collect();
            let mut both = Vec::with_capacity(cuts.len() + halves.len());
            for (cut, half) in cuts.iter().zip(halves.iter().map(Some).chain([None])) {
                both.push(cut.clone());
                both.extend(half.cloned());
            }
            cuts = both;
        }
        // Halving gives a power of two of ranges: keep `parts - 1` cuts spread evenly among them.
        let ranges = cuts.len() - 1;
        let wanted: Vec<&Vec<u8>> = (1..parts.max(1))
            .map(|k| &cuts[(k * ranges).div_ceil(parts)])
            .collect();
        let mut real: Vec<Vec<u8>> = Vec::new();
        for cut in wanted {
            if let Some(kv) = members.range(cut.as_slice()..).next() {
                let (k, _) = kv?;
                if k.as_ref() > first.as_ref()
                    && real.last().is_none_or(|r| r.as_slice() < k.as_ref())
                {
                    real.push(k.to_vec());
                }
            }
        }
        let inner = &real[..];
        let mut out = Vec::with_capacity(inner.len() + 1);
        let mut low = Bound::Unbounded;
        for cut in inner {
            out.push(self.members_in((low, Bound::Excluded(cut.clone()))));
            low = Bound::Included(cut.clone());
        }
        out.push(self.members_in((low, Bound::Unbounded)));
        Ok(out)
    }

    /// The pass over the members whose numbers are in `range`. A member's base and payment rows are
    /// keyed `member \0 …`: for member numbers of one length those keys fall in the same range as the
    /// member numbers themselves.
    fn members_in(&self, range: (Bound<Vec<u8>>, Bound<Vec<u8>>)) -> MembersWithContributions<'_> {
        let t = &self.trees;
        MembersWithContributions {
            store: self,
            members: t.members.range(range.clone()),
            bases: t.bases.range(range.clone()).peekable(),
            paid: t.month_paid.range(range).peekable(),
            receipt_numbers: true,
        }
    }

    /// The numbers of the receipts dated after `date`, from the day index alone (nothing decoded).
    pub fn receipt_numbers_after(&self, date: NaiveDate) -> Result<HashSet<String>, StoreError> {
        let t = &self.trees;
        let mut out = HashSet::new();
        for kv in t.receipts_by_day.range(day_after(date)..) {
            let (k, _) = kv?;
            out.insert(last_part(&t.receipts_by_day, &k)?);
        }
        Ok(out)
    }

    /// The numbers of every voided receipt (the keys of `voids`, nothing decoded).
    pub fn voided_receipt_numbers(&self) -> Result<HashSet<String>, StoreError> {
        let t = &self.trees;
        let mut out = HashSet::new();
        for kv in t.voids.iter() {
            let (k, _) = kv?;
            out.insert(text(&t.voids, &k, &k)?);
        }
        Ok(out)
    }

    /// The voids made after `date`, each with the receipt it voids, in day order.
    pub fn voids_after(&self, date: NaiveDate) -> Result<Vec<(Void, Receipt)>, StoreError> {
        let t = &self.trees;
        let mut out = Vec::new();
        for kv in t.voids_by_day.range(day_after(date)..) {
            let (k, _) = kv?;
            let receipt_no = last_part(&t.voids_by_day, &k)?;
            let void = self.void_of(&receipt_no)?.ok_or_else(|| {
                crate::encoding::dangling(&t.voids_by_day, &k, &t.voids, &receipt_no)
            })?;
            let receipt = self.receipt(&receipt_no)?.ok_or_else(|| {
                crate::encoding::dangling(&t.voids_by_day, &k, &t.receipts, &receipt_no)
            })?;
            out.push((void, receipt));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{key_between, month_of};
    use nssf_domain::Month;

    #[test]
    fn a_key_between_two_keys_sorts_between_them() {
        // `expected`: how the half starts (what follows the counter is whatever sorts between).
        let check = |low: &[u8], high: &[u8], expected: &[u8]| {
            let mid = key_between(low, high);
            assert!(mid.starts_with(expected), "{low:?} {high:?}: {mid:?}");
            assert!(
                low <= mid.as_slice() && mid.as_slice() <= high,
                "{low:?} {high:?}"
            );
        };
        check(
            b"0101-03-0000001-6",
            b"0101-03-0050000-1",
            b"0101-03-0025000",
        );
        check(b"0101-03-0000001-6", b"0101-04-0000020-1", b"0101-03");
        check(b"a", b"c", b"b");
        check(b"a", b"b", b"a");
        check(b"a", b"a", b"a");
        check(b"", b"\xff", b"\x7f");
        check(b"09", b"10", b"09");
    }

    #[test]
    fn months_read_from_key_bytes() {
        let check = |bytes: &[u8], expected: Option<(i32, u32)>| {
            assert_eq!(
                month_of(bytes),
                expected.map(|(year, month)| Month { year, month }),
                "{bytes:?}"
            );
        };
        check(b"2026-01", Some((2026, 1)));
        check(b"1999-12", Some((1999, 12)));
        check(b"2026-13", None);
        check(b"2026-00", None);
        check(b"2026-1", None);
        check(b"26-01", None);
        check(b"2026/01", None);
        check(b"20a6-01", None);
        check(b"", None);
    }
}
