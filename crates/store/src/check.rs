//! Reading the whole store to say whether it is whole ([`Store::check`]): every row of every tree through
//! the decoder its reads use, then the references between trees (indexes and their records, receipts and
//! their members, batches and their files, the audit chain, the change log's numbering). Every damage is
//! listed, not only the first, so that whoever restores knows what was lost.

use std::collections::{BTreeMap, BTreeSet};

use nssf_domain::change::ChangeEntry;
use nssf_domain::{DayClose, Member, Receipt, Void};
use sled::Tree;

use crate::encoding::{
    corrupt, decode, i64_be, in_current_encoding, last_part, month_after, show_key, text, u32_be,
    u64_be,
};
use crate::member_index::index_entries;
use crate::{
    AppliedReference, AuditEntry, AuditVerdict, CardIssue, Correction, Office, StaffAccount, Store,
    StoreError,
};

/// What [`Store::check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreCheck {
    /// How many rows each tree holds, by tree name (every tree, also the empty ones).
    pub rows: BTreeMap<String, u64>,
    /// Every damage found, in the order the trees are read; empty when the store is whole.
    pub damage: Vec<Damaged>,
}

impl StoreCheck {
    /// Whether nothing is damaged.
    pub fn is_whole(&self) -> bool {
        self.damage.is_empty()
    }
}

/// One damaged row (or a row missing that should be there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    /// The tree (or `batches` for a batch file).
    pub tree: String,
    /// The row's key as text (the number for sequence keys; empty when the tree itself cannot be read).
    pub key: String,
    /// What is wrong, in words.
    pub what: String,
}

/// Collects damage while the trees are read.
struct Findings {
    damage: Vec<Damaged>,
}

impl Findings {
    fn add(&mut self, tree: &Tree, key: &[u8], what: impl Into<String>) {
        self.damage.push(Damaged {
            tree: name(tree),
            key: show_key(key),
            what: what.into(),
        });
    }

    /// Records a failed read: a row's own damage under its tree and key, anything else under `tree`.
    fn failed(&mut self, tree: &Tree, key: &[u8], error: StoreError) {
        if let StoreError::Corrupt { tree, key, damage } = error {
            self.damage.push(Damaged {
                tree,
                key,
                what: damage.to_string(),
            });
        } else {
            self.add(tree, key, error.to_string());
        }
    }

    /// Every row of `tree` through `read`, counting them; a row that does not read is listed and the scan
    /// goes on. Returns the count.
    fn rows(
        &mut self,
        tree: &Tree,
        mut read: impl FnMut(&[u8], &[u8]) -> Result<(), StoreError>,
    ) -> u64 {
        let mut count = 0;
        for kv in tree.iter() {
            match kv {
                Ok((k, v)) => {
                    count += 1;
                    if let Err(e) = read(&k, &v) {
                        self.failed(tree, &k, e);
                    }
                }
                Err(e) => {
                    // sled cannot go on past a page it cannot read.
                    self.add(tree, b"", StoreError::Sled(e).to_string());
                    break;
                }
            }
        }
        count
    }
}

fn name(tree: &Tree) -> String {
    String::from_utf8_lossy(&tree.name()).into_owned()
}

/// Whether `records` holds `key`; a read failure counts as held (it is reported where the record is read).
fn holds(records: &Tree, key: &[u8]) -> bool {
    records.contains_key(key).unwrap_or(true)
}

/// The member number before the first `\0` of a key.
fn first_part(tree: &Tree, key: &[u8]) -> Result<String, StoreError> {
    let end = key.iter().position(|b| *b == 0).unwrap_or(key.len());
    text(tree, key, &key[..end])
}

impl Store {
    /// Reads every row of every tree as its reads do, and checks what the trees say about each other:
    /// every index entry names a member and every member is indexed, receipts, voids, payments, card
    /// issues, photos and corrections name members and receipts that exist, each batch's file hashes to
    /// what was recorded, the audit chain is intact and the change log has no hole. Lists every damage
    /// found. sled stopping with a panic on its damaged pages is listed as damage of the tree `sled`.
    pub fn check(&self) -> StoreCheck {
        crate::unpanicked(|| Ok(self.read_everything())).unwrap_or_else(|e| {
            let mut found = Findings { damage: vec![] };
            found.failed(&self.trees.meta, b"", e);
            StoreCheck {
                rows: BTreeMap::new(),
                damage: found.damage,
            }
        })
    }

    fn read_everything(&self) -> StoreCheck {
        let t = &self.trees;
        let mut found = Findings { damage: vec![] };
        let mut rows = BTreeMap::new();
        let mut count = |tree: &Tree, n: u64| {
            rows.insert(name(tree), n);
        };

        let n = found.rows(&t.meta, |k, v| match k {
            b"office" => decode::<Office>(&t.meta, k, v).map(drop),
            b"schema_version" => u64_be(&t.meta, k, v).map(drop),
            b"audit/last_hash" if v.len() != 32 => Err(crate::encoding::corrupt(
                &t.meta,
                k,
                crate::Damage::Width {
                    expected: 32,
                    found: v.len(),
                },
            )),
            _ if k.starts_with(b"counter/") => u64_be(&t.meta, k, v).map(drop),
            _ => Ok(()),
        });
        count(&t.meta, n);

        // Members, and the index entries they should have.
        let mut expected: BTreeMap<String, BTreeMap<Vec<u8>, Vec<u8>>> = BTreeMap::new();
        let mut tokens: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        // Members whose record does not read: reported once, not again for each of their index entries.
        let mut unreadable: BTreeSet<Vec<u8>> = BTreeSet::new();
        let n = found.rows(&t.members, |k, v| {
            let m: Member = decode(&t.members, k, v).inspect_err(|_| {
                unreadable.insert(k.to_vec());
            })?;
            if !in_current_encoding(&t.members, v) {
                unreadable.insert(k.to_vec());
                return Err(corrupt(&t.members, k, crate::Damage::OldEncoding));
            }
            if m.member_no.as_bytes() != k {
                return Err(crate::encoding::corrupt(
                    &t.members,
                    k,
                    crate::Damage::KeyLayout("the record's own member number"),
                ));
            }
            let e = index_entries(&m);
            let no = m.member_no.into_bytes();
            let mut put = |index: &Tree, keys: Vec<Vec<u8>>, value: &[u8]| {
                let entries = expected.entry(name(index)).or_default();
                entries.extend(keys.into_iter().map(|k| (k, value.to_vec())));
            };
            put(&t.idx_document, e.documents, &no);
            put(&t.idx_phone, e.phones, b"");
            put(&t.idx_name, e.names, b"");
            put(&t.idx_name_dob, e.name_dobs, b"");
            tokens.insert(no, e.tokens);
            Ok(())
        });
        count(&t.members, n);
        let member_held = |no: &[u8]| holds(&t.members, no);
        for index in [&t.idx_document, &t.idx_phone, &t.idx_name, &t.idx_name_dob] {
            let mut want = expected.remove(&name(index)).unwrap_or_default();
            let n = found.rows(index, |k, v| {
                match want.remove(k) {
                    Some(value) if value == v => Ok(()),
                    Some(_) => Err(crate::encoding::corrupt(
                        index,
                        k,
                        crate::Damage::KeyLayout("an entry naming its member"),
                    )),
                    None => {
                        // An entry no member gives: it points at a member missing, or it is stale.
                        let no = if index.name() == t.idx_document.name() {
                            text(index, k, v)?
                        } else {
                            last_part(index, k)?
                        };
                        if unreadable.contains(no.as_bytes()) {
                            Ok(())
                        } else if member_held(no.as_bytes()) {
                            Err(crate::encoding::corrupt(
                                index,
                                k,
                                crate::Damage::KeyLayout("an entry of its member's current record"),
                            ))
                        } else {
                            Err(crate::encoding::dangling(index, k, &t.members, &no))
                        }
                    }
                }
            });
            count(index, n);
            for key in want.keys() {
                found.add(
                    index,
                    key,
                    "missing: the member's record has this entry, the index does not",
                );
            }
        }
        let n = found.rows(&t.name_tokens, |k, v| match tokens.remove(k) {
            Some(want) if want == v => Ok(()),
            Some(_) => Err(crate::encoding::corrupt(
                &t.name_tokens,
                k,
                crate::Damage::KeyLayout("the member's folded name tokens"),
            )),
            None if unreadable.contains(k) => Ok(()),
            None => Err(crate::encoding::dangling(
                &t.name_tokens,
                k,
                &t.members,
                &text(&t.name_tokens, k, k)?,
            )),
        });
        count(&t.name_tokens, n);
        for key in tokens.keys() {
            found.add(
                &t.name_tokens,
                key,
                "missing: the member has no name tokens",
            );
        }

        // The change log: numbered 1, 2, … up to the counter, without a hole.
        let mut next = 1u64;
        let mut holes = Vec::new();
        let n = found.rows(&t.changes, |k, v| {
            let seq = u64_be(&t.changes, k, k)?;
            if seq > next {
                holes.push((next, seq - 1));
            }
            next = next.max(seq + 1);
            decode::<ChangeEntry>(&t.changes, k, v).map(drop)
        });
        for (from, to) in holes {
            let what = if from == to {
                "missing: the change log jumps over this entry".to_owned()
            } else {
                format!("missing: the change log jumps from here to {to}")
            };
            found.add(&t.changes, &from.to_be_bytes(), what);
        }
        count(&t.changes, n);
        match self.last_change_seq() {
            Ok(last) if last + 1 > next => found.add(
                &t.changes,
                &last.to_be_bytes(),
                format!(
                    "missing: the change log ends at {} but the counter is {last}",
                    next - 1
                ),
            ),
            Ok(_) => {}
            Err(e) => found.failed(&t.meta, b"counter/change", e),
        }

        // The audit trail: every row decodes, the chain holds, the index names its rows.
        let n = found.rows(&t.audit, |k, v| {
            u64_be(&t.audit, k, k)?;
            decode::<AuditEntry>(&t.audit, k, v).map(drop)
        });
        count(&t.audit, n);
        match self.verify_audit() {
            Ok(AuditVerdict::Intact { .. }) => {}
            Ok(AuditVerdict::Broken { seq, why }) => found.add(
                &t.audit,
                &seq.to_be_bytes(),
                format!("the audit chain breaks here: {}", why.as_str()),
            ),
            Err(e) => found.failed(&t.audit, b"", e),
        }
        let n = found.rows(&t.audit_by_target, |k, _| {
            let seq = k.len().checked_sub(8).map(|at| &k[at..]).unwrap_or(k);
            let seq = u64_be(&t.audit_by_target, k, seq)?;
            if holds(&t.audit, &seq.to_be_bytes()) {
                Ok(())
            } else {
                Err(crate::encoding::dangling(
                    &t.audit_by_target,
                    k,
                    &t.audit,
                    &seq.to_string(),
                ))
            }
        });
        count(&t.audit_by_target, n);

        // Payments: member \0 month rows, receipts and what points at them.
        let member_of = |tree: &Tree, k: &[u8]| -> Result<String, StoreError> {
            let no = first_part(tree, k)?;
            if member_held(no.as_bytes()) {
                Ok(no)
            } else {
                Err(crate::encoding::dangling(tree, k, &t.members, &no))
            }
        };
        let receipt_at = |tree: &Tree, k: &[u8], no: &str, records: &Tree| {
            if holds(records, no.as_bytes()) {
                Ok(())
            } else {
                Err(crate::encoding::dangling(tree, k, records, no))
            }
        };
        let n = found.rows(&t.bases, |k, v| {
            let no = member_of(&t.bases, k)?;
            month_after(&t.bases, k, &[no.as_bytes(), b"\0"].concat())?;
            i64_be(&t.bases, k, v).map(drop)
        });
        count(&t.bases, n);
        let n = found.rows(&t.receipts, |k, v| {
            let r: Receipt = decode(&t.receipts, k, v)?;
            if !in_current_encoding(&t.receipts, v) {
                return Err(corrupt(&t.receipts, k, crate::Damage::OldEncoding));
            }
            if member_held(r.member_no.as_bytes()) {
                Ok(())
            } else {
                Err(crate::encoding::dangling(
                    &t.receipts,
                    k,
                    &t.members,
                    &r.member_no,
                ))
            }
        });
        count(&t.receipts, n);
        let n = found.rows(&t.receipts_by_member, |k, _| {
            member_of(&t.receipts_by_member, k)?;
            let no = last_part(&t.receipts_by_member, k)?;
            receipt_at(&t.receipts_by_member, k, &no, &t.receipts)
        });
        count(&t.receipts_by_member, n);
        let n = found.rows(&t.month_paid, |k, v| {
            let no = member_of(&t.month_paid, k)?;
            month_after(&t.month_paid, k, &[no.as_bytes(), b"\0"].concat())?;
            let receipt = text(&t.month_paid, k, v)?;
            receipt_at(&t.month_paid, k, &receipt, &t.receipts)
        });
        count(&t.month_paid, n);
        let n = found.rows(&t.receipts_by_day, |k, _| {
            let no = last_part(&t.receipts_by_day, k)?;
            receipt_at(&t.receipts_by_day, k, &no, &t.receipts)
        });
        count(&t.receipts_by_day, n);
        let n = found.rows(&t.voids, |k, v| {
            let void: Void = decode(&t.voids, k, v)?;
            receipt_at(&t.voids, k, &void.receipt_no, &t.receipts)
        });
        count(&t.voids, n);
        let n = found.rows(&t.voids_by_day, |k, _| {
            let no = last_part(&t.voids_by_day, k)?;
            receipt_at(&t.voids_by_day, k, &no, &t.voids)
        });
        count(&t.voids_by_day, n);
        let n = found.rows(&t.day_closes, |k, v| {
            decode::<DayClose>(&t.day_closes, k, v).map(drop)
        });
        count(&t.day_closes, n);
        let n = found.rows(&t.receipt_prints, |k, v| {
            u32_be(&t.receipt_prints, k, v)?;
            let no = text(&t.receipt_prints, k, k)?;
            receipt_at(&t.receipt_prints, k, &no, &t.receipts)
        });
        count(&t.receipt_prints, n);

        // Cards and photos.
        let n = found.rows(&t.photos, |k, _| member_of(&t.photos, k).map(drop));
        count(&t.photos, n);
        let n = found.rows(&t.card_issues, |k, v| {
            let issue: CardIssue = decode(&t.card_issues, k, v)?;
            if member_held(issue.member_no.as_bytes()) {
                Ok(())
            } else {
                Err(crate::encoding::dangling(
                    &t.card_issues,
                    k,
                    &t.members,
                    &issue.member_no,
                ))
            }
        });
        count(&t.card_issues, n);
        let n = found.rows(&t.card_pending, |k, _| {
            member_of(&t.card_pending, k).map(drop)
        });
        count(&t.card_pending, n);

        // The weekly batch: its numbers, and each batch's description and file together.
        if let Err(e) = self.exchange_state() {
            found.failed(&t.exch_meta, b"", e);
        }
        count(&t.exch_meta, t.exch_meta.len() as u64);
        let mut batches = BTreeSet::new();
        for tree in [&t.exch_batches, &t.exch_files] {
            let n = found.rows(tree, |k, _| {
                batches.insert(u64_be(tree, k, k)?);
                Ok(())
            });
            count(tree, n);
        }
        for batch in batches {
            if let Err(e) = self.exported_batch(batch) {
                found.failed(&t.exch_files, &batch.to_be_bytes(), e);
            }
        }
        let n = found.rows(&t.exch_rejected, |k, _| {
            u64_be(&t.exch_rejected, k, k).map(drop)
        });
        count(&t.exch_rejected, n);

        let n = found.rows(&t.reference, |k, v| {
            if k == b"last" {
                u64_be(&t.reference, k, v).map(drop)
            } else {
                u64_be(&t.reference, k, k)?;
                decode::<AppliedReference>(&t.reference, k, v).map(drop)
            }
        });
        count(&t.reference, n);
        let n = found.rows(&t.staff, |k, v| {
            decode::<StaffAccount>(&t.staff, k, v).map(drop)
        });
        count(&t.staff, n);
        let n = found.rows(&t.corrections, |k, v| {
            if k.starts_with(b"id\0") {
                let c: Correction = decode(&t.corrections, k, v)?;
                if member_held(c.member_no.as_bytes()) {
                    Ok(())
                } else {
                    Err(crate::encoding::dangling(
                        &t.corrections,
                        k,
                        &t.members,
                        &c.member_no,
                    ))
                }
            } else if k.starts_with(b"pending\0") {
                u64_be(&t.corrections, k, v).map(drop)
            } else if k.starts_with(b"member\0") {
                Ok(())
            } else {
                Err(crate::encoding::corrupt(
                    &t.corrections,
                    k,
                    crate::Damage::KeyLayout("id|pending|member \\0 …"),
                ))
            }
        });
        count(&t.corrections, n);

        StoreCheck {
            rows,
            damage: found.damage,
        }
    }
}
