//! Payments, voids, base changes and day closes: each one record, its index entries, a change-log entry
//! and an audit entry in one transaction, flushed before returning.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use nssf_domain::change::ChangeKind;
use nssf_domain::{DayClose, Member, Month, Receipt, ReceiptNumber, Void};
use sled::transaction::abort;
use sled::{Transactional, Tree};

use crate::changelog::{AuditAction, FieldChange, Journal};
use crate::encoding::{dangling, decode, encode, i64_be, key, month_after, rest, text, u32_be};
use crate::trees::{flatten, next_counter};
use crate::{Store, StoreError};

/// A payment ready to be numbered and stored: the months and amounts are computed by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentDraft {
    /// The receipt as it will be stored, but for its number and issue time, which the store sets.
    pub receipt: Receipt,
}

/// A cashier's receipts of a day, and the day's voids with the receipts they void.
pub type DayActivity = (Vec<Receipt>, Vec<(Void, Receipt)>);

/// What the store knows of one member's contributions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberLedger {
    /// Income base from a month on, oldest first.
    pub bases: Vec<(Month, i64)>,
    /// Months paid by a receipt that is not void.
    pub paid: BTreeMap<Month, String>,
    /// Every receipt of the member, void or not, in receipt-number order.
    pub receipts: Vec<Receipt>,
    /// The voids of the member's receipts, by receipt number.
    pub voids: BTreeMap<String, Void>,
}

fn day_key(date: NaiveDate, cashier: &str) -> Vec<u8> {
    key(&[date.to_string().as_bytes(), cashier.as_bytes()])
}

impl Store {
    /// Everything about one member's contributions, in a few prefix scans.
    pub fn member_ledger(&self, member_no: &str) -> Result<MemberLedger, StoreError> {
        let t = &self.trees;
        let prefix = key(&[member_no.as_bytes(), b""]);
        let mut ledger = MemberLedger::default();
        for kv in t.bases.scan_prefix(&prefix) {
            let (k, v) = kv?;
            let month = month_after(&t.bases, &k, &prefix)?;
            ledger.bases.push((month, i64_be(&t.bases, &k, &v)?));
        }
        for kv in t.month_paid.scan_prefix(&prefix) {
            let (k, v) = kv?;
            let month = month_after(&t.month_paid, &k, &prefix)?;
            ledger.paid.insert(month, text(&t.month_paid, &k, &v)?);
        }
        for kv in t.receipts_by_member.scan_prefix(&prefix) {
            let (k, _) = kv?;
            let receipt_no = rest(&t.receipts_by_member, &k, &prefix)?;
            let receipt = self.indexed_receipt(&t.receipts_by_member, &k, &receipt_no)?;
            if let Some(v) = self.void_of(&receipt_no)? {
                ledger.voids.insert(receipt_no, v);
            }
            ledger.receipts.push(receipt);
        }
        Ok(ledger)
    }

    /// The receipt with this number, if any.
    pub fn receipt(&self, receipt_no: &str) -> Result<Option<Receipt>, StoreError> {
        let receipts = &self.trees.receipts;
        let k = receipt_no.as_bytes();
        receipts
            .get(k)?
            .map(|b| decode(receipts, k, &b))
            .transpose()
    }

    /// The receipt an index entry (`index` at `index_key`) names: it must exist, receipts are never deleted.
    fn indexed_receipt(
        &self,
        index: &Tree,
        index_key: &[u8],
        receipt_no: &str,
    ) -> Result<Receipt, StoreError> {
        self.receipt(receipt_no)?
            .ok_or_else(|| dangling(index, index_key, &self.trees.receipts, receipt_no))
    }

    /// The void of a receipt, if it is void.
    pub fn void_of(&self, receipt_no: &str) -> Result<Option<Void>, StoreError> {
        let voids = &self.trees.voids;
        let k = receipt_no.as_bytes();
        voids.get(k)?.map(|b| decode(voids, k, &b)).transpose()
    }

    /// The close of a cashier's day, if the day is closed.
    pub fn day_close(
        &self,
        date: NaiveDate,
        cashier: &str,
    ) -> Result<Option<DayClose>, StoreError> {
        let closes = &self.trees.day_closes;
        let k = day_key(date, cashier);
        closes.get(&k)?.map(|b| decode(closes, &k, &b)).transpose()
    }

    /// Stores a payment: numbers the receipt (district, workstation, year of payment, counter), marks its
    /// months paid (refusing any month already covered) and refuses a payment dated into a closed day.
    pub fn record_payment(
        &self,
        draft: &PaymentDraft,
        at: DateTime<Utc>,
    ) -> Result<Receipt, StoreError> {
        self.record_payment_in(draft, at, crate::Durability::FlushEach)
    }

    /// [`record_payment`](Store::record_payment), durable as `durability` says: bulk loads (a payment
    /// history written for a demo or a benchmark) defer and flush once at the end.
    pub fn record_payment_in(
        &self,
        draft: &PaymentDraft,
        at: DateTime<Utc>,
        durability: crate::Durability,
    ) -> Result<Receipt, StoreError> {
        let r = &draft.receipt;
        let year = chrono::Datelike::year(&r.paid_on);
        let trees = &self.trees;
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.receipts,
            &trees.receipts_by_member,
            &trees.month_paid,
            &trees.receipts_by_day,
            &trees.day_closes,
        )
            .transaction(
                |(
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                    receipts,
                    by_member,
                    month_paid,
                    by_day,
                    closes,
                )| {
                    if closes.get(day_key(r.paid_on, &r.cashier))?.is_some() {
                        return abort(StoreError::DayClosed(r.paid_on.to_string()));
                    }
                    let counter = next_counter(trees, meta, &format!("counter/receipt/{year}"))?;
                    if counter > u64::from(ReceiptNumber::MAX_COUNTER) {
                        return abort(StoreError::CounterExhausted);
                    }
                    let number = ReceiptNumber {
                        district: self.district,
                        workstation: self.office().workstation,
                        year: year as u16,
                        counter: counter as u32,
                    };
                    let mut receipt = r.clone();
                    receipt.receipt_no = number.to_string();
                    receipt.issued_at = at;
                    for line in &receipt.lines {
                        let k = key(&[receipt.member_no.as_bytes(), line.month.as_bytes()]);
                        if let Some(holder) = month_paid.get(&k)? {
                            let receipt = text(&trees.month_paid, &k, &holder).or_else(abort)?;
                            return abort(StoreError::MonthAlreadyCovered {
                                month: line.month.clone(),
                                receipt,
                            });
                        }
                        month_paid.insert(k, receipt.receipt_no.as_bytes())?;
                    }
                    receipts.insert(
                        receipt.receipt_no.as_bytes(),
                        encode(&trees.receipts, &receipt).or_else(abort)?,
                    )?;
                    by_member.insert(
                        key(&[receipt.member_no.as_bytes(), receipt.receipt_no.as_bytes()]),
                        &[],
                    )?;
                    by_day.insert(
                        key(&[
                            receipt.paid_on.to_string().as_bytes(),
                            receipt.cashier.as_bytes(),
                            receipt.receipt_no.as_bytes(),
                        ]),
                        &[],
                    )?;
                    let journal = Journal {
                        trees,
                        meta,
                        changes,
                        audit,
                        audit_by_target,
                    };
                    journal.change(
                        at,
                        &receipt.cashier,
                        ChangeKind::PaymentRecorded,
                        &receipt.receipt_no,
                        &receipt,
                    )?;
                    let fields = vec![FieldChange {
                        field: "receipt".into(),
                        before: String::new(),
                        after: receipt.receipt_no.clone(),
                    }];
                    journal.audit(
                        at,
                        &receipt.cashier,
                        AuditAction::Paid,
                        &receipt.member_no,
                        fields,
                    )?;
                    Ok(receipt)
                },
            );
        let receipt = flatten(result)?;
        if durability == crate::Durability::FlushEach {
            self.durable()?;
        }
        Ok(receipt)
    }

    /// Voids a receipt: a void record pointing at it; its months become unpaid again. The receipt is kept.
    pub fn void_receipt(&self, void: &Void) -> Result<Void, StoreError> {
        let trees = &self.trees;
        let no = void.receipt_no.as_bytes();
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.receipts,
            &trees.month_paid,
            &trees.voids,
            &trees.voids_by_day,
            &trees.day_closes,
        )
            .transaction(
                |(
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                    receipts,
                    month_paid,
                    voids,
                    by_day,
                    closes,
                )| {
                    let Some(bytes) = receipts.get(no)? else {
                        return abort(StoreError::ReceiptNotFound(void.receipt_no.clone()));
                    };
                    let receipt: Receipt = decode(&trees.receipts, no, &bytes).or_else(abort)?;
                    if voids.get(void.receipt_no.as_bytes())?.is_some() {
                        return abort(StoreError::AlreadyVoided(void.receipt_no.clone()));
                    }
                    if closes
                        .get(day_key(void.voided_on, &void.voided_by))?
                        .is_some()
                    {
                        return abort(StoreError::DayClosed(void.voided_on.to_string()));
                    }
                    for line in &receipt.lines {
                        let k = key(&[receipt.member_no.as_bytes(), line.month.as_bytes()]);
                        if month_paid.get(&k)?.as_deref() == Some(receipt.receipt_no.as_bytes()) {
                            month_paid.remove(k)?;
                        }
                    }
                    voids.insert(no, encode(&trees.voids, void).or_else(abort)?)?;
                    by_day.insert(
                        key(&[
                            void.voided_on.to_string().as_bytes(),
                            void.receipt_no.as_bytes(),
                        ]),
                        &[],
                    )?;
                    let journal = Journal {
                        trees,
                        meta,
                        changes,
                        audit,
                        audit_by_target,
                    };
                    journal.change(
                        void.voided_at,
                        &void.voided_by,
                        ChangeKind::ReceiptVoided,
                        &void.receipt_no,
                        void,
                    )?;
                    let fields = vec![FieldChange {
                        field: "void".into(),
                        before: void.receipt_no.clone(),
                        after: void.reason.clone(),
                    }];
                    journal.audit(
                        void.voided_at,
                        &void.voided_by,
                        AuditAction::Voided,
                        &receipt.member_no,
                        fields,
                    )?;
                    Ok(void.clone())
                },
            );
        let void = flatten(result)?;
        self.durable()?;
        Ok(void)
    }

    /// Records a new income base from `from` on, and makes it the member's current base when it is the latest.
    pub fn change_base(
        &self,
        member_no: &str,
        from: Month,
        base_kip: i64,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Member, StoreError> {
        // Read before the transaction: sled deadlocks on a plain read of a tree the transaction holds.
        let latest_from = self.latest_base_month(member_no)?;
        let trees = &self.trees;
        let no = member_no.as_bytes();
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.members,
            &trees.bases,
        )
            .transaction(|(meta, changes, audit, audit_by_target, members, bases)| {
            let Some(bytes) = members.get(no)? else {
                return abort(StoreError::MemberNotFound(member_no.to_owned()));
            };
            let mut member: Member = decode(&trees.members, no, &bytes).or_else(abort)?;
            let k = key(&[no, from.to_string().as_bytes()]);
            let before = match bases.get(&k)? {
                Some(v) => Some(i64_be(&trees.bases, &k, &v).or_else(abort)?),
                None => None,
            };
            bases.insert(k, &base_kip.to_be_bytes())?;
            let old_current = member.income_base_kip;
            // The member record shows the base of the latest change.
            if latest_from.is_none_or(|m| from >= m) {
                member.income_base_kip = base_kip;
                members.insert(no, encode(&trees.members, &member).or_else(abort)?)?;
            }
            let record = serde_json::json!({ "member_no": member_no, "from": from.to_string(), "income_base_kip": base_kip });
            let journal = Journal { trees, meta, changes, audit, audit_by_target };
            journal.change(at, actor, ChangeKind::BaseChanged, member_no, &record)?;
            let fields = vec![FieldChange {
                field: format!("income_base_kip from {from}"),
                before: before.unwrap_or(old_current).to_string(),
                after: base_kip.to_string(),
            }];
            journal.audit(at, actor, AuditAction::BaseChanged, member_no, fields)?;
            Ok(member)
        });
        let member = flatten(result)?;
        self.durable()?;
        Ok(member)
    }

    fn latest_base_month(&self, member_no: &str) -> Result<Option<Month>, StoreError> {
        let bases = &self.trees.bases;
        let prefix = key(&[member_no.as_bytes(), b""]);
        match bases.scan_prefix(&prefix).keys().next_back() {
            Some(k) => Ok(Some(month_after(bases, &k?, &prefix)?)),
            None => Ok(None),
        }
    }

    /// Receipts a cashier issued on a day, and receipts voided on that day.
    pub fn day_activity(&self, date: NaiveDate, cashier: &str) -> Result<DayActivity, StoreError> {
        let t = &self.trees;
        let prefix = key(&[date.to_string().as_bytes(), cashier.as_bytes(), b""]);
        let mut receipts = Vec::new();
        for kv in t.receipts_by_day.scan_prefix(&prefix) {
            let (k, _) = kv?;
            let no = rest(&t.receipts_by_day, &k, &prefix)?;
            receipts.push(self.indexed_receipt(&t.receipts_by_day, &k, &no)?);
        }
        let prefix = key(&[date.to_string().as_bytes(), b""]);
        let mut voids = Vec::new();
        for kv in t.voids_by_day.scan_prefix(&prefix) {
            let (k, _) = kv?;
            let no = rest(&t.voids_by_day, &k, &prefix)?;
            let Some(v) = self.void_of(&no)? else {
                return Err(dangling(&t.voids_by_day, &k, &t.voids, &no));
            };
            let r = self.indexed_receipt(&t.voids_by_day, &k, &no)?;
            if v.voided_by == cashier || r.cashier == cashier {
                voids.push((v, r));
            }
        }
        Ok((receipts, voids))
    }

    /// Counts a print of a receipt; returns how many prints there were before (0 for the original).
    pub fn record_receipt_print(
        &self,
        receipt_no: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let trees = &self.trees;
        let no = receipt_no.as_bytes();
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.receipt_prints,
        )
            .transaction(|(meta, changes, audit, audit_by_target, prints)| {
                let before = match prints.get(no)? {
                    Some(v) => u32_be(&trees.receipt_prints, no, &v).or_else(abort)?,
                    None => 0,
                };
                prints.insert(no, &(before + 1).to_be_bytes())?;
                let change = FieldChange {
                    field: "prints".into(),
                    before: before.to_string(),
                    after: (before + 1).to_string(),
                };
                let journal = Journal {
                    trees,
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                };
                journal.audit(
                    at,
                    actor,
                    AuditAction::ReceiptPrinted,
                    receipt_no,
                    vec![change],
                )?;
                Ok(before)
            });
        let before = flatten(result)?;
        self.durable()?;
        Ok(before)
    }

    /// Closes a cashier's day. Refused if it is already closed.
    pub fn close_day(&self, close: &DayClose, actor: &str) -> Result<DayClose, StoreError> {
        self.close_day_in(close, actor, crate::Durability::FlushEach)
    }

    /// [`close_day`](Store::close_day), durable as `durability` says: a demo history closes hundreds of
    /// past days and flushes once at the end.
    pub fn close_day_in(
        &self,
        close: &DayClose,
        actor: &str,
        durability: crate::Durability,
    ) -> Result<DayClose, StoreError> {
        let trees = &self.trees;
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.day_closes,
        )
            .transaction(|(meta, changes, audit, audit_by_target, closes)| {
                let k = day_key(close.date, &close.cashier);
                if closes.get(&k)?.is_some() {
                    return abort(StoreError::DayClosed(close.date.to_string()));
                }
                closes.insert(k, encode(&trees.day_closes, close).or_else(abort)?)?;
                let target = format!("day/{}/{}", close.date, close.cashier);
                let journal = Journal {
                    trees,
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                };
                journal.change(
                    close.closed_at,
                    actor,
                    ChangeKind::DayClosed,
                    &target,
                    close,
                )?;
                journal.audit(
                    close.closed_at,
                    actor,
                    AuditAction::DayClosed,
                    &target,
                    Vec::new(),
                )?;
                Ok(close.clone())
            });
        let close = flatten(result)?;
        if durability == crate::Durability::FlushEach {
            self.durable()?;
        }
        Ok(close)
    }
}
