//! Whole-office reads for the reports and the arrears lists (issue 14): every member with their bases and
//! paid months in one merge pass over three trees kept in member-number order, and the receipts and voids
//! of a span of days through the day indexes. Nothing here writes.
//!
//! A per-member [`member_ledger`](Store::member_ledger) would cost three prefix scans and a receipt decode
//! per receipt for each of 50,000 members; the merge reads each row once.

use std::collections::{BTreeMap, HashSet};
use std::iter::Peekable;

use chrono::NaiveDate;
use nssf_domain::{Member, Month, Receipt, Void};

use crate::encoding::{corrupt, decode, i64_be, last_part, text};
use crate::{Damage, Store, StoreError};

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

/// What the report reads of a receipt: who paid, when, how, how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptTotal {
    /// The receipt number.
    pub receipt_no: String,
    /// The member who paid.
    pub member_no: String,
    /// The payment date.
    pub paid_on: NaiveDate,
    /// The payment method's code.
    pub method: String,
    /// The receipt's total, kip.
    pub total_kip: i64,
}

/// The fields of a stored receipt's JSON that [`ReceiptTotal`] keeps; its lines are skipped unread
/// (serde ignores fields a struct does not name), which is most of a receipt's bytes.
#[derive(serde::Deserialize)]
struct StoredTotal<'a> {
    #[serde(borrow)]
    member_no: std::borrow::Cow<'a, str>,
    paid_on: NaiveDate,
    #[serde(borrow)]
    method: std::borrow::Cow<'a, str>,
    total_kip: i64,
}

/// A sled iterator over `member \0 …` keys, looked at one row ahead.
type Rows = Peekable<sled::Iter>;

/// The pass of [`Store::members_with_contributions`].
pub struct MembersWithContributions<'s> {
    store: &'s Store,
    members: sled::Iter,
    bases: Rows,
    paid: Rows,
}

impl std::fmt::Debug for MembersWithContributions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MembersWithContributions")
    }
}

/// The member number and month of a `member \0 YYYY-MM` key of `tree`.
fn member_month(tree: &sled::Tree, key: &[u8]) -> Result<(Vec<u8>, Month), StoreError> {
    let layout = || corrupt(tree, key, Damage::KeyLayout("member \\0 YYYY-MM"));
    let pos = key.iter().position(|b| *b == 0).ok_or_else(layout)?;
    let month = std::str::from_utf8(&key[pos + 1..])
        .ok()
        .and_then(Month::parse)
        .ok_or_else(layout)?;
    Ok((key[..pos].to_vec(), month))
}

impl MembersWithContributions<'_> {
    /// Takes the rows of `rows` that belong to `member_no` (rows of members that sort before it belong to
    /// no member: the check reports those), each as its month and value.
    fn rows_of(
        rows: &mut Rows,
        tree: &sled::Tree,
        member_no: &[u8],
    ) -> Result<Vec<(Month, sled::IVec, sled::IVec)>, StoreError> {
        let mut out = Vec::new();
        loop {
            let Some(next) = rows.peek() else {
                return Ok(out);
            };
            let (k, _) = match next {
                Ok(row) => row,
                Err(_) => {
                    // The error itself, taken out of the iterator.
                    return Err(match rows.next() {
                        Some(Err(e)) => e.into(),
                        Some(Ok(_)) | None => StoreError::Sled(sled::Error::ReportableBug(
                            "a peeked error went away".into(),
                        )),
                    });
                }
            };
            let (owner, month) = member_month(tree, k)?;
            match owner.as_slice().cmp(member_no) {
                std::cmp::Ordering::Less => {
                    rows.next();
                }
                std::cmp::Ordering::Equal => {
                    if let Some(Ok((k, v))) = rows.next() {
                        out.push((month, k, v));
                    }
                }
                std::cmp::Ordering::Greater => return Ok(out),
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
        let store = self.store;
        let t = &store.trees;
        let mut read = || -> Result<MemberContributions, StoreError> {
            let member: Member = decode(&t.members, &k, &v)?;
            let bases = Self::rows_of(&mut self.bases, &t.bases, &k)?
                .into_iter()
                .map(|(month, key, value)| Ok((month, i64_be(&t.bases, &key, &value)?)))
                .collect::<Result<Vec<_>, StoreError>>()?;
            let paid = Self::rows_of(&mut self.paid, &t.month_paid, &k)?
                .into_iter()
                .map(|(month, key, value)| Ok((month, text(&t.month_paid, &key, &value)?)))
                .collect::<Result<BTreeMap<_, _>, StoreError>>()?;
            Ok(MemberContributions {
                member,
                bases,
                paid,
            })
        };
        Some(read())
    }
}

/// The first key of the day after `date` in a tree keyed `YYYY-MM-DD \0 …`.
fn day_after(date: NaiveDate) -> Vec<u8> {
    date.succ_opt()
        .map_or_else(|| b"\xff".to_vec(), |d| d.to_string().into_bytes())
}

impl Store {
    /// Every member in member-number order with their bases and paid months: one pass over `members`,
    /// `bases` and `month_paid` together (all three keyed by member number first).
    pub fn members_with_contributions(&self) -> MembersWithContributions<'_> {
        let t = &self.trees;
        MembersWithContributions {
            store: self,
            members: t.members.iter(),
            bases: t.bases.iter().peekable(),
            paid: t.month_paid.iter().peekable(),
        }
    }

    /// The receipts dated `from` to `to` (both included), void or not, in receipt-number order: their
    /// numbers from the day index, then the receipts themselves read in one ordered walk over the span of
    /// numbers they cover (a period's receipts are numbered close together), never one lookup each.
    pub fn receipt_totals_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ReceiptTotal>, StoreError> {
        let t = &self.trees;
        let mut wanted: Vec<Vec<u8>> = Vec::new();
        for kv in t
            .receipts_by_day
            .range(from.to_string().into_bytes()..day_after(to))
        {
            let (k, _) = kv?;
            wanted.push(last_part(&t.receipts_by_day, &k)?.into_bytes());
        }
        wanted.sort_unstable();
        let (Some(first), Some(last)) = (wanted.first(), wanted.last()) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::with_capacity(wanted.len());
        let mut next = wanted.iter().peekable();
        for kv in t.receipts.range(first.as_slice()..=last.as_slice()) {
            let (k, v) = kv?;
            // Receipts of other days in the span are passed over undecoded.
            while next.next_if(|w| w.as_slice() < k.as_ref()).is_some() {}
            if next.next_if(|w| w.as_slice() == k.as_ref()).is_none() {
                continue;
            }
            let stored: StoredTotal<'_> = serde_json::from_slice(&v)
                .map_err(|e| corrupt(&t.receipts, &k, Damage::Json(e)))?;
            out.push(ReceiptTotal {
                receipt_no: text(&t.receipts, &k, &k)?,
                member_no: stored.member_no.into_owned(),
                paid_on: stored.paid_on,
                method: stored.method.into_owned(),
                total_kip: stored.total_kip,
            });
        }
        if out.len() != wanted.len() {
            // An index entry without its receipt: name the first one missing.
            let found: HashSet<&str> = out.iter().map(|r| r.receipt_no.as_str()).collect();
            if let Some(missing) = wanted
                .iter()
                .filter_map(|w| std::str::from_utf8(w).ok())
                .find(|w| !found.contains(w))
            {
                return Err(crate::encoding::dangling(
                    &t.receipts_by_day,
                    missing.as_bytes(),
                    &t.receipts,
                    missing,
                ));
            }
        }
        Ok(out)
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
