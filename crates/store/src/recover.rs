//! Applying what the central office held of the lost predecessor (`docs/backup-format.md`, "Recover:
//! what the central office writes back"): members, income bases, receipts and voids are put in the store
//! as received, under the numbers they were issued with, with their index entries, in one transaction
//! with one `recovered` audit entry.
//!
//! Nothing goes into the change log: the central office holds these very records already (it wrote
//! them back), and a successor may not register members or record payments under its predecessor's
//! numbers, so sending them again would come back as conflicts (`other-office`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use nssf_domain::change::ChangeEntry;
use nssf_domain::{Member, Month, Receipt, Void};
use sled::transaction::{abort, TransactionalTree};
use sled::Transactional;

use crate::backup::OFFICE_TARGET;
use crate::changelog::{AuditAction, FieldChange, Journal};
use crate::encoding::{decode, encode, i64_be, key, month_after};
use crate::member_index::MemberIndexes;
use crate::trees::flatten;
use crate::{Store, StoreError};

/// One income base from a month on, as the central office received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveredBase {
    /// The member.
    pub member_no: String,
    /// The first month it holds for.
    pub from: Month,
    /// The base, kip.
    pub income_base_kip: i64,
}

/// What the central office holds of the predecessor (checked by the caller: signed by the central
/// office, about the workstation this one succeeds).
#[derive(Debug, Clone, Copy)]
pub struct Recovered<'a> {
    /// The workstation the records come from, `DDDD-WW`: the one this store succeeds.
    pub workstation: &'a str,
    /// The last change of it the central office received: the predecessor's changes after this one
    /// never reached it.
    pub central_last_seq: u64,
    /// Members in their latest version at the central office.
    pub members: &'a [Member],
    /// Their income bases, in the order received.
    pub bases: &'a [RecoveredBase],
    /// Receipts.
    pub receipts: &'a [Receipt],
    /// Voids.
    pub voids: &'a [Void],
}

/// What applying a recovery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Members the store lacked.
    pub members_added: u64,
    /// Members held in an older version, replaced by the central office's.
    pub members_updated: u64,
    /// Members that differ and were changed here after the backup (or before it, in changes the central
    /// office never received): the version here is the newer one and stays.
    pub members_kept: u64,
    /// Receipts the store lacked.
    pub receipts_added: u64,
    /// Voids the store lacked.
    pub voids_added: u64,
    /// The predecessor's changes made before the backup that the central office never received.
    pub not_at_central: u64,
}

/// A member as it will be written: the central office's version with the base its bases give, and the
/// base rows to write.
struct MemberPlan<'a> {
    member: Member,
    central: &'a Member,
    keep_local: bool,
    base_rows: Vec<(Month, i64)>,
    /// The base of the latest month once the rows are written, when any row is.
    latest_base: Option<i64>,
}

impl Store {
    /// Applies `recovered`: members, receipts and voids the store lacks are added; a member held in
    /// another version takes the central office's, unless this office changed it in a change the central
    /// office does not hold (its own change log, or the predecessor's changes after
    /// `central_last_seq`), whose version is newer and stays; income bases the same way, month by month.
    /// Nothing held is removed. Index entries are written with the records and checked against a
    /// rebuild after; a `recovered` audit entry by `actor` at `at` says what was done.
    pub fn recover(
        &self,
        recovered: &Recovered<'_>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Recovery, StoreError> {
        let (changed_here, not_at_central) = self.changed_here(recovered)?;
        let plans = self.member_plans(recovered, &changed_here)?;
        self.forget_day_summaries()?; // reports: recovered receipts may fall on closed days (day_summary.rs)
        let t = &self.trees;
        let trees = [
            &t.meta,
            &t.changes,
            &t.audit,
            &t.audit_by_target,
            &t.members,
            &t.idx_document,
            &t.idx_phone,
            &t.idx_name,
            &t.idx_name_dob,
            &t.name_tokens,
            &t.bases,
            &t.card_pending,
            &t.receipts,
            &t.receipts_by_member,
            &t.month_paid,
            &t.receipts_by_day,
            &t.voids,
            &t.voids_by_day,
        ];
        let result = trees[..].transaction(|tx: &Vec<TransactionalTree>| {
            let [meta, changes, audit, audit_by_target, members, idx_document, idx_phone, idx_name, idx_name_dob, name_tokens, bases, card_pending, receipts, receipts_by_member, month_paid, receipts_by_day, voids, voids_by_day] =
                tx.as_slice()
            else {
                return abort(StoreError::Conflict("recovery trees".into()));
            };
            let mut done = Recovery {
                not_at_central,
                ..Recovery::default()
            };
            let indexes = MemberIndexes {
                documents: idx_document,
                phones: idx_phone,
                names: idx_name,
                name_dobs: idx_name_dob,
                tokens: name_tokens,
            };
            for plan in &plans {
                let m = &plan.member;
                let no = m.member_no.as_bytes();
                let local: Option<Member> = match members.get(no)? {
                    Some(bytes) => Some(decode(&t.members, no, &bytes).or_else(abort)?),
                    None => None,
                };
                match &local {
                    None => {
                        members.insert(no, encode(&t.members, m).or_else(abort)?)?;
                        indexes.write(m, None)?;
                        card_pending.insert(no, &[])?;
                        done.members_added += 1;
                    }
                    Some(held) if plan.keep_local => {
                        if held != plan.central {
                            done.members_kept += 1;
                        }
                        // The bases it lacked are written: its record shows the latest, as a base
                        // change does. Nothing indexed changes.
                        if let Some(kip) = plan.latest_base.filter(|k| *k != held.income_base_kip) {
                            let based = Member {
                                income_base_kip: kip,
                                ..held.clone()
                            };
                            members.insert(no, encode(&t.members, &based).or_else(abort)?)?;
                        }
                    }
                    Some(held) => {
                        if held != m {
                            members.insert(no, encode(&t.members, m).or_else(abort)?)?;
                            indexes.write(m, Some(held))?;
                            card_pending.insert(no, &[])?;
                            done.members_updated += 1;
                        }
                    }
                }
                for (month, kip) in &plan.base_rows {
                    bases.insert(
                        key(&[no, month.to_string().as_bytes()]),
                        &kip.to_be_bytes(),
                    )?;
                }
            }
            for r in recovered.receipts {
                let no = r.receipt_no.as_bytes();
                if receipts.get(no)?.is_some() {
                    continue;
                }
                receipts.insert(no, encode(&t.receipts, r).or_else(abort)?)?;
                receipts_by_member.insert(key(&[r.member_no.as_bytes(), no]), &[])?;
                receipts_by_day.insert(
                    key(&[r.paid_on.to_string().as_bytes(), r.cashier.as_bytes(), no]),
                    &[],
                )?;
                for line in &r.lines {
                    let k = key(&[r.member_no.as_bytes(), line.month.as_bytes()]);
                    // A month another receipt holds here stays with it: the ledger never pays a month
                    // twice, and the void that would free it travels with its own receipt.
                    if month_paid.get(&k)?.is_none() {
                        month_paid.insert(k, no)?;
                    }
                }
                done.receipts_added += 1;
            }
            for v in recovered.voids {
                let no = v.receipt_no.as_bytes();
                if voids.get(no)?.is_some() {
                    continue;
                }
                let Some(bytes) = receipts.get(no)? else {
                    continue;
                };
                let receipt: Receipt = decode(&t.receipts, no, &bytes).or_else(abort)?;
                for line in &receipt.lines {
                    let k = key(&[receipt.member_no.as_bytes(), line.month.as_bytes()]);
                    if month_paid.get(&k)?.as_deref() == Some(no) {
                        month_paid.remove(k)?;
                    }
                }
                voids.insert(no, encode(&t.voids, v).or_else(abort)?)?;
                voids_by_day.insert(key(&[v.voided_on.to_string().as_bytes(), no]), &[])?;
                done.voids_added += 1;
            }
            let journal = Journal {
                trees: t,
                meta,
                changes,
                audit,
                audit_by_target,
            };
            let field = |name: &str, value: String| FieldChange {
                field: name.into(),
                before: String::new(),
                after: value,
            };
            let fields = vec![
                field("from", recovered.workstation.to_owned()),
                field("members-added", done.members_added.to_string()),
                field("members-updated", done.members_updated.to_string()),
                field("members-kept", done.members_kept.to_string()),
                field("receipts-added", done.receipts_added.to_string()),
                field("voids-added", done.voids_added.to_string()),
            ];
            journal.audit(at, actor, AuditAction::Recovered, OFFICE_TARGET, fields)?;
            Ok(done)
        });
        let done = flatten(result)?;
        self.durable()?;
        // The entries were written with each member; a document two members hold (the person
        // registered again here before the recovery) is settled as a rebuild settles it.
        self.rebuild_indexes()?;
        Ok(done)
    }

    /// The records changed here in changes the central office does not hold, by key (member or receipt
    /// number): every change of this workstation's own log, and the predecessor's after
    /// `central_last_seq`; and how many of the latter there are.
    fn changed_here(
        &self,
        recovered: &Recovered<'_>,
    ) -> Result<(BTreeSet<String>, u64), StoreError> {
        let mut keys = BTreeSet::new();
        let own = &self.trees.changes;
        for kv in own.iter() {
            let (k, v) = kv?;
            let entry: ChangeEntry = decode(own, &k, &v)?;
            keys.insert(entry.key);
        }
        let name = format!("predecessor/{}/changes", recovered.workstation);
        let mut not_at_central = 0;
        if self
            .db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == name.as_bytes())
        {
            let theirs = self.db.open_tree(&name)?;
            for kv in theirs.range((recovered.central_last_seq + 1).to_be_bytes()..) {
                let (k, v) = kv?;
                let entry: ChangeEntry = decode(&theirs, &k, &v)?;
                keys.insert(entry.key);
                not_at_central += 1;
            }
        }
        Ok((keys, not_at_central))
    }

    /// Each member of `recovered` as it will be written, with its income base rows: the central office's
    /// rows over those held here, or for a member changed here only the months not held here; the
    /// member's base is then that of the latest month.
    fn member_plans<'a>(
        &self,
        recovered: &Recovered<'a>,
        changed_here: &BTreeSet<String>,
    ) -> Result<Vec<MemberPlan<'a>>, StoreError> {
        let mut received: BTreeMap<&str, Vec<(Month, i64)>> = BTreeMap::new();
        for b in recovered.bases {
            received
                .entry(b.member_no.as_str())
                .or_default()
                .push((b.from, b.income_base_kip));
        }
        let bases = &self.trees.bases;
        let mut plans = Vec::with_capacity(recovered.members.len());
        for central in recovered.members {
            let prefix = key(&[central.member_no.as_bytes(), b""]);
            let mut held = BTreeMap::new();
            for kv in bases.scan_prefix(&prefix) {
                let (k, v) = kv?;
                held.insert(month_after(bases, &k, &prefix)?, i64_be(bases, &k, &v)?);
            }
            let keep_local = changed_here.contains(&central.member_no);
            let mut rows: BTreeMap<Month, i64> = BTreeMap::new();
            for (month, kip) in received
                .get(central.member_no.as_str())
                .map_or(&[][..], Vec::as_slice)
            {
                if !(keep_local && held.contains_key(month)) {
                    rows.insert(*month, *kip);
                }
            }
            let mut merged = held;
            merged.extend(rows.iter().map(|(m, k)| (*m, *k)));
            if merged.is_empty() {
                // No base received or held: the member's own base, from its registration, as a
                // registration writes it.
                let month = Month::of(central.registered_on);
                rows.insert(month, central.income_base_kip);
                merged.insert(month, central.income_base_kip);
            }
            let mut member = central.clone();
            let latest = merged.iter().next_back().map(|(_, kip)| *kip);
            if let Some(kip) = latest {
                member.income_base_kip = kip;
            }
            plans.push(MemberPlan {
                member,
                central,
                keep_local,
                latest_base: latest.filter(|_| !rows.is_empty()),
                base_rows: rows.into_iter().collect(),
            });
        }
        Ok(plans)
    }
}
