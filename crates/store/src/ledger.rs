//! Payments, voids, base changes and day closes: each one record, its index entries, a change-log entry
//! and an audit entry in one transaction, flushed before returning.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use nssf_domain::{DayClose, Member, Month, Receipt, ReceiptNumber, Void};
use sled::transaction::abort;
use sled::Transactional;

use crate::{flatten, from_json, key, next, to_json, ChangeKind, FieldChange, Store, StoreError};

/// A payment ready to be numbered and stored: the months and amounts are computed by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentDraft {
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
    pub receipts: Vec<Receipt>,
    pub voids: BTreeMap<String, Void>,
}

fn day_key(date: NaiveDate, cashier: &str) -> Vec<u8> {
    key(&[date.to_string().as_bytes(), cashier.as_bytes()])
}

impl Store {
    /// Everything about one member's contributions, in a few prefix scans.
    pub fn member_ledger(&self, member_no: &str) -> Result<MemberLedger, StoreError> {
        let prefix = key(&[member_no.as_bytes(), b""]);
        let mut ledger = MemberLedger::default();
        for kv in self.bases.scan_prefix(&prefix) {
            let (k, v) = kv?;
            let month = std::str::from_utf8(&k[prefix.len()..])
                .ok()
                .and_then(Month::parse);
            if let (Some(month), Ok(bytes)) = (month, <[u8; 8]>::try_from(v.as_ref())) {
                ledger.bases.push((month, i64::from_be_bytes(bytes)));
            }
        }
        for kv in self.month_paid.scan_prefix(&prefix) {
            let (k, v) = kv?;
            if let Some(month) = std::str::from_utf8(&k[prefix.len()..])
                .ok()
                .and_then(Month::parse)
            {
                ledger
                    .paid
                    .insert(month, String::from_utf8_lossy(&v).into_owned());
            }
        }
        for kv in self.receipts_by_member.scan_prefix(&prefix) {
            let (k, _) = kv?;
            let receipt_no = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
            if let Some(r) = self.receipt(&receipt_no)? {
                if let Some(v) = self.void_of(&receipt_no)? {
                    ledger.voids.insert(receipt_no, v);
                }
                ledger.receipts.push(r);
            }
        }
        Ok(ledger)
    }

    pub fn receipt(&self, receipt_no: &str) -> Result<Option<Receipt>, StoreError> {
        self.receipts
            .get(receipt_no.as_bytes())?
            .map(|b| from_json(receipt_no, &b))
            .transpose()
    }

    pub fn void_of(&self, receipt_no: &str) -> Result<Option<Void>, StoreError> {
        self.voids
            .get(receipt_no.as_bytes())?
            .map(|b| from_json(receipt_no, &b))
            .transpose()
    }

    pub fn day_close(
        &self,
        date: NaiveDate,
        cashier: &str,
    ) -> Result<Option<DayClose>, StoreError> {
        self.day_closes
            .get(day_key(date, cashier))?
            .map(|b| from_json("day close", &b))
            .transpose()
    }

    /// Stores a payment: numbers the receipt (district, workstation, year of payment, counter), marks its
    /// months paid (refusing any month already covered) and refuses a payment dated into a closed day.
    pub fn record_payment(
        &self,
        draft: &PaymentDraft,
        at: DateTime<Utc>,
    ) -> Result<Receipt, StoreError> {
        let office = self.office()?;
        let district: u16 = office.district_code.parse().unwrap_or(0);
        let r = &draft.receipt;
        let year = chrono::Datelike::year(&r.paid_on);
        let trees = [
            &self.meta,
            &self.changes,
            &self.audit,
            &self.receipts,
            &self.receipts_by_member,
            &self.month_paid,
            &self.receipts_by_day,
            &self.day_closes,
        ];
        let result = trees[..].transaction(|t| {
            let [meta, _, _, receipts, by_member, month_paid, by_day, closes] = &t[..] else {
                unreachable!("eight trees")
            };
            if closes.get(day_key(r.paid_on, &r.cashier))?.is_some() {
                return abort(StoreError::DayClosed(r.paid_on.to_string()));
            }
            let counter = next(meta, &format!("counter/receipt/{year}"))?;
            if counter > u64::from(ReceiptNumber::MAX_COUNTER) {
                return abort(StoreError::CounterExhausted);
            }
            let number = ReceiptNumber {
                district,
                workstation: office.workstation,
                year: year as u16,
                counter: counter as u32,
            };
            let mut receipt = r.clone();
            receipt.receipt_no = number.to_string();
            receipt.issued_at = at;
            for line in &receipt.lines {
                let k = key(&[receipt.member_no.as_bytes(), line.month.as_bytes()]);
                if let Some(holder) = month_paid.get(&k)? {
                    let receipt = String::from_utf8_lossy(&holder).into_owned();
                    return abort(StoreError::MonthAlreadyCovered {
                        month: line.month.clone(),
                        receipt,
                    });
                }
                month_paid.insert(k, receipt.receipt_no.as_bytes())?;
            }
            receipts.insert(receipt.receipt_no.as_bytes(), to_json(&receipt))?;
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
            self.log(
                t,
                at,
                &receipt.cashier,
                ChangeKind::PaymentRecorded,
                &receipt.receipt_no,
                &receipt,
            )?;
            let changes = vec![FieldChange {
                field: "receipt".into(),
                before: String::new(),
                after: receipt.receipt_no.clone(),
            }];
            self.audit_tx(t, at, &receipt.cashier, "paid", &receipt.member_no, changes)?;
            Ok(receipt)
        });
        let receipt = flatten(result)?;
        self.durable()?;
        Ok(receipt)
    }

    /// Voids a receipt: a void record pointing at it; its months become unpaid again. The receipt is kept.
    pub fn void_receipt(&self, void: &Void) -> Result<Void, StoreError> {
        let trees = [
            &self.meta,
            &self.changes,
            &self.audit,
            &self.receipts,
            &self.month_paid,
            &self.voids,
            &self.voids_by_day,
            &self.day_closes,
        ];
        let result = trees[..].transaction(|t| {
            let [_, _, _, receipts, month_paid, voids, by_day, closes] = &t[..] else {
                unreachable!("eight trees")
            };
            let Some(bytes) = receipts.get(void.receipt_no.as_bytes())? else {
                return abort(StoreError::ReceiptNotFound(void.receipt_no.clone()));
            };
            let receipt: Receipt = from_json(&void.receipt_no, &bytes).or_else(abort)?;
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
            voids.insert(void.receipt_no.as_bytes(), to_json(void))?;
            by_day.insert(
                key(&[
                    void.voided_on.to_string().as_bytes(),
                    void.receipt_no.as_bytes(),
                ]),
                &[],
            )?;
            self.log(
                t,
                void.voided_at,
                &void.voided_by,
                ChangeKind::ReceiptVoided,
                &void.receipt_no,
                void,
            )?;
            let changes = vec![FieldChange {
                field: "void".into(),
                before: void.receipt_no.clone(),
                after: void.reason.clone(),
            }];
            self.audit_tx(
                t,
                void.voided_at,
                &void.voided_by,
                "voided",
                &receipt.member_no,
                changes,
            )?;
            Ok(void.clone())
        });
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
        let trees = [
            &self.meta,
            &self.changes,
            &self.audit,
            &self.members,
            &self.bases,
        ];
        let result = trees[..].transaction(|t| {
            let [_, _, _, members, bases] = &t[..] else { unreachable!("five trees") };
            let Some(bytes) = members.get(member_no.as_bytes())? else {
                return abort(StoreError::MemberNotFound(member_no.to_owned()));
            };
            let mut member: Member = from_json(member_no, &bytes).or_else(abort)?;
            let k = key(&[member_no.as_bytes(), from.to_string().as_bytes()]);
            let before = bases.get(&k)?.and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok()).map(i64::from_be_bytes);
            bases.insert(k, &base_kip.to_be_bytes())?;
            let old_current = member.income_base_kip;
            // The member record shows the base of the latest change.
            if latest_from.is_none_or(|m| from >= m) {
                member.income_base_kip = base_kip;
                members.insert(member_no.as_bytes(), to_json(&member))?;
            }
            let record = serde_json::json!({ "member_no": member_no, "from": from.to_string(), "income_base_kip": base_kip });
            self.log(t, at, actor, ChangeKind::BaseChanged, member_no, &record)?;
            let changes = vec![FieldChange {
                field: format!("income_base_kip from {from}"),
                before: before.unwrap_or(old_current).to_string(),
                after: base_kip.to_string(),
            }];
            self.audit_tx(t, at, actor, "base-changed", member_no, changes)?;
            Ok(member)
        });
        let member = flatten(result)?;
        self.durable()?;
        Ok(member)
    }

    fn latest_base_month(&self, member_no: &str) -> Result<Option<Month>, StoreError> {
        let prefix = key(&[member_no.as_bytes(), b""]);
        Ok(match self.bases.scan_prefix(&prefix).keys().next_back() {
            Some(k) => std::str::from_utf8(&k?[prefix.len()..])
                .ok()
                .and_then(Month::parse),
            None => None,
        })
    }

    /// Receipts a cashier issued on a day, and receipts voided on that day.
    pub fn day_activity(&self, date: NaiveDate, cashier: &str) -> Result<DayActivity, StoreError> {
        let prefix = key(&[date.to_string().as_bytes(), cashier.as_bytes(), b""]);
        let mut receipts = Vec::new();
        for kv in self.receipts_by_day.scan_prefix(&prefix) {
            let (k, _) = kv?;
            let no = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
            if let Some(r) = self.receipt(&no)? {
                receipts.push(r);
            }
        }
        let prefix = key(&[date.to_string().as_bytes(), b""]);
        let mut voids = Vec::new();
        for kv in self.voids_by_day.scan_prefix(&prefix) {
            let (k, _) = kv?;
            let no = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
            if let (Some(v), Some(r)) = (self.void_of(&no)?, self.receipt(&no)?) {
                if v.voided_by == cashier || r.cashier == cashier {
                    voids.push((v, r));
                }
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
        let trees = [&self.meta, &self.changes, &self.audit, &self.receipt_prints];
        let result = trees[..].transaction(|t| {
            let before = t[3]
                .get(receipt_no.as_bytes())?
                .and_then(|v| <[u8; 4]>::try_from(v.as_ref()).ok())
                .map_or(0, u32::from_be_bytes);
            t[3].insert(receipt_no.as_bytes(), &(before + 1).to_be_bytes())?;
            let change = FieldChange {
                field: "prints".into(),
                before: before.to_string(),
                after: (before + 1).to_string(),
            };
            self.audit_tx(t, at, actor, "receipt-printed", receipt_no, vec![change])?;
            Ok(before)
        });
        let before = flatten(result)?;
        self.durable()?;
        Ok(before)
    }

    /// Closes a cashier's day. Refused if it is already closed.
    pub fn close_day(&self, close: &DayClose, actor: &str) -> Result<DayClose, StoreError> {
        let trees = [&self.meta, &self.changes, &self.audit, &self.day_closes];
        let result = trees[..].transaction(|t| {
            let k = day_key(close.date, &close.cashier);
            if t[3].get(&k)?.is_some() {
                return abort(StoreError::DayClosed(close.date.to_string()));
            }
            t[3].insert(k, to_json(close))?;
            let target = format!("day/{}/{}", close.date, close.cashier);
            self.log(
                t,
                close.closed_at,
                actor,
                ChangeKind::DayClosed,
                &target,
                close,
            )?;
            self.audit_tx(t, close.closed_at, actor, "day-closed", &target, Vec::new())?;
            Ok(close.clone())
        });
        let close = flatten(result)?;
        self.durable()?;
        Ok(close)
    }
}
