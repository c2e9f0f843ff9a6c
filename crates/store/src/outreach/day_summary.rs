//! The receipts of a closed day, summarised once (issue 14's performance goal): a report of a period reads
//! one small row per closed cashier's day instead of every receipt of the period.
//!
//! Tree `day_summaries` (derived, rebuilt by [`Store::rebuild_day_summaries`]): `YYYY-MM-DD` `\0` cashier →
//! the receipts that cashier issued dated that day, in receipt-number order, each as its number, member,
//! payment method and total, in the compact layout of [`encode_summary`].
//!
//! Why this holds: once a cashier's day is closed, no receipt can be dated into it (`record_payment`
//! refuses it) and receipts are never changed or deleted, so the summary of a closed day is fixed. Voids
//! change nothing here: a summary keeps voided receipts with their numbers, and the reader leaves out the
//! voided ones (the keys of `voids`, a few hundred rows), so a void never has to update a summary. Days
//! not closed (today, a cashier who never closes) are read from the receipts themselves.
//!
//! A summary is used only while its day is closed (a backup taken while a day was being closed may
//! hold the summary without the close; the restored day is open again, so the summary is ignored and
//! rewritten when the day closes). A summary that is missing, of an older layout or unreadable is
//! computed again from the receipts and written: it is derived data, never a reason to refuse a report.
//! The one writer that adds receipts to past days without a day close, the recovery of a successor
//! workstation (`recover.rs`), forgets every summary first ([`Store::forget_day_summaries`]).

use std::collections::HashSet;

use chrono::NaiveDate;
use nssf_domain::Receipt;

use crate::encoding::{corrupt, dangling, decode, key, last_part, text};
use crate::{Damage, Store, StoreError};

/// The tree's name in sled.
const TREE: &str = "day_summaries";

/// The layout of a summary row; a row of another layout is computed again.
const LAYOUT: u8 = 1;

/// One receipt as a period's totals read it: who paid, when, how, how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiptTotal<'a> {
    /// The receipt number.
    pub receipt_no: &'a str,
    /// The member who paid.
    pub member_no: &'a str,
    /// The payment date.
    pub paid_on: NaiveDate,
    /// The payment method's code.
    pub method: &'a str,
    /// The receipt's total, kip.
    pub total_kip: i64,
}

/// A receipt read for a summary, owning its text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SummaryLine {
    receipt_no: String,
    member_no: String,
    paid_on: NaiveDate,
    method: String,
    total_kip: i64,
}

impl SummaryLine {
    fn total(&self) -> ReceiptTotal<'_> {
        ReceiptTotal {
            receipt_no: &self.receipt_no,
            member_no: &self.member_no,
            paid_on: self.paid_on,
            method: &self.method,
            total_kip: self.total_kip,
        }
    }
}

/// A summary row's bytes: the layout byte, the number of receipts (u32 LE), the methods used (a count
/// byte, then each as a length byte and its text), then each receipt as its number and member number
/// (a length byte and the text each), the method's index (one byte) and the total (i64 LE). Every text
/// here is a number or a short code: a length byte is enough, and a longer one is refused.
fn encode_summary(lines: &[SummaryLine]) -> Option<Vec<u8>> {
    let mut methods: Vec<&str> = Vec::new();
    for line in lines {
        if !methods.contains(&line.method.as_str()) {
            methods.push(&line.method);
        }
    }
    let mut out = Vec::with_capacity(8 + lines.len() * 48);
    out.push(LAYOUT);
    out.extend_from_slice(&u32::try_from(lines.len()).ok()?.to_le_bytes());
    out.push(u8::try_from(methods.len()).ok()?);
    let short = |out: &mut Vec<u8>, text: &str| -> Option<()> {
        out.push(u8::try_from(text.len()).ok()?);
        out.extend_from_slice(text.as_bytes());
        Some(())
    };
    for method in &methods {
        short(&mut out, method)?;
    }
    for line in lines {
        short(&mut out, &line.receipt_no)?;
        short(&mut out, &line.member_no)?;
        out.push(methods.iter().position(|m| *m == line.method).unwrap_or(0) as u8);
        out.extend_from_slice(&line.total_kip.to_le_bytes());
    }
    Some(out)
}

/// Reads a summary row of `day`, giving each receipt to `each`; `None` when the bytes are not a summary
/// of this layout (nothing is given then: the row is checked whole before the first receipt is given).
fn decode_summary(
    bytes: &[u8],
    day: NaiveDate,
    each: &mut dyn FnMut(ReceiptTotal<'_>),
) -> Option<()> {
    struct Reader<'a> {
        bytes: &'a [u8],
    }
    impl<'a> Reader<'a> {
        fn take(&mut self, n: usize) -> Option<&'a [u8]> {
            let (head, tail) = self.bytes.split_at_checked(n)?;
            self.bytes = tail;
            Some(head)
        }
        fn byte(&mut self) -> Option<u8> {
            self.take(1).map(|b| b[0])
        }
        fn short(&mut self) -> Option<&'a str> {
            let n = self.byte()? as usize;
            std::str::from_utf8(self.take(n)?).ok()
        }
        fn i64(&mut self) -> Option<i64> {
            Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
        }
    }
    // Read whole before the first receipt is given, so that a damaged row gives nothing.
    let mut r = Reader { bytes };
    if r.byte()? != LAYOUT {
        return None;
    }
    let count = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
    let methods: Vec<&str> = (0..r.byte()?).map(|_| r.short()).collect::<Option<_>>()?;
    let mut totals = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let receipt_no = r.short()?;
        let member_no = r.short()?;
        let method = *methods.get(r.byte()? as usize)?;
        let total_kip = r.i64()?;
        totals.push(ReceiptTotal {
            receipt_no,
            member_no,
            paid_on: day,
            method,
            total_kip,
        });
    }
    if !r.bytes.is_empty() {
        return None;
    }
    totals.into_iter().for_each(each);
    Some(())
}

/// The first key of the day after `date` in a tree keyed `YYYY-MM-DD \0 …`.
pub(crate) fn day_after(date: NaiveDate) -> Vec<u8> {
    date.succ_opt()
        .map_or_else(|| b"\xff".to_vec(), |d| d.to_string().into_bytes())
}

/// The day and cashier of a `YYYY-MM-DD \0 cashier [\0 …]` key of `tree`.
fn day_and_cashier<'k>(
    tree: &sled::Tree,
    k: &'k [u8],
) -> Result<(NaiveDate, &'k [u8]), StoreError> {
    let layout = || corrupt(tree, k, Damage::KeyLayout("YYYY-MM-DD \\0 cashier"));
    let day_end = k.iter().position(|b| *b == 0).ok_or_else(layout)?;
    let day = std::str::from_utf8(&k[..day_end])
        .ok()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or_else(layout)?;
    let rest = &k[day_end + 1..];
    let cashier = rest
        .iter()
        .position(|b| *b == 0)
        .map_or(rest, |end| &rest[..end]);
    Ok((day, cashier))
}

/// The first key after every key of the cashier's day `day \0 cashier \0 …` (and before the next
/// cashier's: names hold no control characters).
fn after_cashier_day(day: NaiveDate, cashier: &[u8]) -> Vec<u8> {
    let mut k = key(&[day.to_string().as_bytes(), cashier]);
    k.push(1);
    k
}

impl Store {
    fn day_summaries(&self) -> Result<sled::Tree, StoreError> {
        Ok(self.db.open_tree(TREE)?)
    }

    /// Gives `each` every receipt dated `from` to `to` (both included), void or not: from the summaries of
    /// closed days (computing and writing any that is missing), and from the receipts themselves for the
    /// days not closed; in no particular order.
    pub fn receipt_totals_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        each: &mut dyn FnMut(ReceiptTotal<'_>),
    ) -> Result<(), StoreError> {
        let t = &self.trees;
        let summaries = self.day_summaries()?;
        let start = from.to_string().into_bytes();
        let end = day_after(to);
        let mut closed: HashSet<Vec<u8>> = HashSet::new();
        for kv in t.day_closes.range(start.clone()..end.clone()) {
            let (k, _) = kv?;
            let (day, cashier) = day_and_cashier(&t.day_closes, &k)?;
            closed.insert(k.to_vec());
            self.summary_of(&summaries, day, cashier, each)?;
        }
        // The days not closed: the day index, skipping each closed cashier's day in one seek.
        let mut open: Vec<Vec<u8>> = Vec::new();
        let mut cursor = start;
        loop {
            let Some(kv) = t.receipts_by_day.range(cursor.clone()..end.clone()).next() else {
                break;
            };
            let (k, _) = kv?;
            let (day, cashier) = day_and_cashier(&t.receipts_by_day, &k)?;
            let day_key = key(&[day.to_string().as_bytes(), cashier]);
            let next = after_cashier_day(day, cashier);
            if !closed.contains(&day_key) {
                for kv in t.receipts_by_day.range(k.to_vec()..next.clone()) {
                    let (k, _) = kv?;
                    open.push(last_part(&t.receipts_by_day, &k)?.into_bytes());
                }
            }
            cursor = next;
        }
        for line in self.summary_lines(&t.receipts_by_day, open)? {
            each(line.total());
        }
        Ok(())
    }

    /// Gives `each` the receipts of a closed cashier's day from its summary, computing and writing the
    /// summary first when it is missing or unreadable.
    fn summary_of(
        &self,
        summaries: &sled::Tree,
        day: NaiveDate,
        cashier: &[u8],
        each: &mut dyn FnMut(ReceiptTotal<'_>),
    ) -> Result<(), StoreError> {
        let k = key(&[day.to_string().as_bytes(), cashier]);
        if let Some(row) = summaries.get(&k)? {
            if decode_summary(&row, day, each).is_some() {
                return Ok(());
            }
        }
        let lines = self.day_lines(day, cashier)?;
        if let Some(bytes) = encode_summary(&lines) {
            summaries.insert(k, bytes)?;
        }
        for line in &lines {
            each(line.total());
        }
        Ok(())
    }

    /// The receipts of a cashier's day, read from the receipts.
    fn day_lines(&self, day: NaiveDate, cashier: &[u8]) -> Result<Vec<SummaryLine>, StoreError> {
        let t = &self.trees;
        let prefix = key(&[day.to_string().as_bytes(), cashier, b""]);
        let mut wanted = Vec::new();
        for kv in t.receipts_by_day.scan_prefix(&prefix) {
            let (k, _) = kv?;
            wanted.push(last_part(&t.receipts_by_day, &k)?.into_bytes());
        }
        self.summary_lines(&t.receipts_by_day, wanted)
    }

    /// The receipts numbered `wanted` (named by `index`, which errors name when one is missing), in
    /// receipt-number order. They are read by walking the `receipts` tree in order from one wanted number
    /// to the next (a day's receipts are numbered close together), starting a new walk at the next wanted
    /// number when a walk passes over many receipts not wanted (a receipt dated back, a scattered set).
    fn summary_lines(
        &self,
        index: &sled::Tree,
        mut wanted: Vec<Vec<u8>>,
    ) -> Result<Vec<SummaryLine>, StoreError> {
        /// How many receipts not wanted a walk passes over before it jumps to the next wanted one.
        const MAX_PASSED: usize = 32;
        let t = &self.trees;
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = Vec::with_capacity(wanted.len());
        let missing = |w: &[u8]| dangling(index, w, &t.receipts, &String::from_utf8_lossy(w));
        let mut i = 0;
        'walks: while i < wanted.len() {
            let mut passed = 0;
            for kv in t.receipts.range(wanted[i].clone()..) {
                let (k, v) = kv?;
                match k.as_ref().cmp(wanted[i].as_slice()) {
                    std::cmp::Ordering::Less => {
                        passed += 1;
                        if passed > MAX_PASSED {
                            continue 'walks;
                        }
                    }
                    std::cmp::Ordering::Greater => return Err(missing(&wanted[i])),
                    std::cmp::Ordering::Equal => {
                        // The whole receipt: a binary record (schema 5) cannot skip its lines.
                        let stored: Receipt = decode(&t.receipts, &k, &v)?;
                        out.push(SummaryLine {
                            receipt_no: text(&t.receipts, &k, &k)?,
                            member_no: stored.member_no,
                            paid_on: stored.paid_on,
                            method: stored.method,
                            total_kip: stored.total_kip,
                        });
                        passed = 0;
                        i += 1;
                        if i == wanted.len() {
                            break 'walks;
                        }
                    }
                }
            }
            // The walk ran out of receipts before the wanted one.
            return Err(missing(&wanted[i]));
        }
        Ok(out)
    }

    /// Writes the summary of every closed cashier's day, replacing whatever the tree held: for an
    /// upgrade of the store's layout (the receipts it summarises may have been rewritten) and for tests.
    /// Returns how many days were summarised.
    pub fn rebuild_day_summaries(&self) -> Result<u64, StoreError> {
        let summaries = self.day_summaries()?;
        summaries.clear()?;
        let mut days = 0;
        for kv in self.trees.day_closes.iter() {
            let (k, _) = kv?;
            let (day, cashier) = day_and_cashier(&self.trees.day_closes, &k)?;
            self.summary_of(&summaries, day, cashier, &mut |_| {})?;
            days += 1;
        }
        Ok(days)
    }

    /// Forgets every day summary (they are computed again when next read): for a writer that adds
    /// receipts to days that may be closed, without a day close of its own.
    pub fn forget_day_summaries(&self) -> Result<(), StoreError> {
        Ok(self.day_summaries()?.clear()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(receipt_no: &str, member_no: &str, method: &str, total_kip: i64) -> SummaryLine {
        SummaryLine {
            receipt_no: receipt_no.into(),
            member_no: member_no.into(),
            paid_on: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap_or_default(),
            method: method.into(),
            total_kip,
        }
    }

    fn read_back(bytes: &[u8]) -> Option<Vec<SummaryLine>> {
        let mut out = Vec::new();
        let day = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap_or_default();
        decode_summary(bytes, day, &mut |r| {
            out.push(SummaryLine {
                receipt_no: r.receipt_no.into(),
                member_no: r.member_no.into(),
                paid_on: r.paid_on,
                method: r.method.into(),
                total_kip: r.total_kip,
            });
        })?;
        Some(out)
    }

    #[test]
    fn a_summary_reads_back_as_written_and_a_damaged_one_reads_as_nothing() {
        let check = |lines: Vec<SummaryLine>| {
            let bytes = encode_summary(&lines).expect("encodes");
            assert_eq!(read_back(&bytes), Some(lines.clone()), "{lines:?}");
            // Cut short, lengthened, or of another layout: nothing at all, never part of it.
            assert_eq!(read_back(&bytes[..bytes.len() - 1]), None);
            assert_eq!(read_back(&[bytes.as_slice(), &[0]].concat()), None);
            let mut other = bytes.clone();
            other[0] = LAYOUT + 1;
            assert_eq!(read_back(&other), None);
        };
        check(vec![]);
        check(vec![line(
            "0101-01-2026-000001-3",
            "0101-01-0000001-4",
            "cash",
            45_500,
        )]);
        check(vec![
            line("0101-01-2026-000001-3", "0101-01-0000001-4", "cash", 45_500),
            line(
                "0101-01-2026-000002-1",
                "0101-01-0000002-2",
                "mobile",
                91_000,
            ),
            line("0101-01-2026-000003-9", "0101-01-0000001-4", "cash", -1),
            line(
                "0101-01-2026-000004-7",
                "0101-01-0000003-0",
                "ທະນາຄານ",
                i64::MAX,
            ),
        ]);
    }

    #[test]
    fn keys_after_a_cashiers_day_skip_exactly_that_cashier() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap_or_default();
        let next = after_cashier_day(day, b"ab");
        assert!(next.as_slice() > b"2026-11-03\0ab\0\xff\xff".as_slice());
        assert!(next.as_slice() < b"2026-11-03\0abc\0".as_slice());
        assert!(next.as_slice() < b"2026-11-04".as_slice());
    }
}
