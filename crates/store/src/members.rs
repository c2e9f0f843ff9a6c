//! Member records (`members`, keyed by member number): registering and amending, each in one transaction
//! with the member's index entries, a change-log entry, an audit entry and the card print queue; and the
//! exact lookups by number, document, phone and name with birth date.

use chrono::{DateTime, Utc};
use nssf_domain::change::ChangeKind;
use nssf_domain::{Member, MemberNumber, Month};
use sled::transaction::abort;
use sled::{Transactional, Tree};

use crate::changelog::{AuditAction, FieldChange, Journal};
use crate::encoding::{decode, encode, encode_value, key, last_part, text};
use crate::member_index::{name_dob_keys, MemberIndexes};
use crate::trees::{flatten, next_counter, Trees, TxResult};
use crate::{Durability, Store, StoreError};

/// Compares two versions field by field, for the audit trail.
fn diff(audit: &Tree, before: &Member, after: &Member) -> Result<Vec<FieldChange>, StoreError> {
    let (serde_json::Value::Object(b), serde_json::Value::Object(a)) =
        (encode_value(audit, before)?, encode_value(audit, after)?)
    else {
        // A struct always serialises as an object.
        return Ok(Vec::new());
    };
    let show = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    Ok(a.iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, v)| FieldChange {
            field: k.clone(),
            before: show(b.get(k)),
            after: show(Some(v)),
        })
        .collect())
}

/// The trees an amendment of a member writes inside its transaction, besides the [`Journal`]'s: shared by
/// [`Store::update_member`] and the approval of a correction, which must write a member exactly alike.
pub(crate) struct MemberWrite<'t> {
    pub(crate) members: &'t sled::transaction::TransactionalTree,
    pub(crate) indexes: MemberIndexes<'t>,
    pub(crate) card_pending: &'t sled::transaction::TransactionalTree,
}

impl MemberWrite<'_> {
    /// Writes `member` over `old` (its stored version, read in this transaction): refuses a document
    /// another member holds; writes the record, its indexes, a `member_amended` change-log entry, an
    /// `amended` audit entry with the fields that changed, and puts the member in the card print queue.
    /// Returns the fields that changed; when none did, nothing is written.
    pub(crate) fn amend(
        &self,
        trees: &Trees,
        journal: &Journal<'_>,
        old: &Member,
        member: &Member,
        actor: &str,
        at: DateTime<Utc>,
    ) -> TxResult<Vec<FieldChange>> {
        let no = member.member_no.as_bytes();
        for doc in member.document_keys() {
            if let Some(holder) = self.indexes.documents.get(doc.as_bytes())? {
                if holder != no {
                    let member_no =
                        text(&trees.idx_document, doc.as_bytes(), &holder).or_else(abort)?;
                    return abort(StoreError::DuplicateDocument {
                        document: doc,
                        member_no,
                    });
                }
            }
        }
        let changed = diff(&trees.audit, old, member).or_else(abort)?;
        if changed.is_empty() {
            return Ok(changed);
        }
        self.members
            .insert(no, encode(&trees.members, member).or_else(abort)?)?;
        self.indexes.write(member, Some(old))?;
        journal.change(
            at,
            actor,
            ChangeKind::MemberAmended,
            &member.member_no,
            member,
        )?;
        journal.audit(
            at,
            actor,
            AuditAction::Amended,
            &member.member_no,
            changed.clone(),
        )?;
        // The print queue re-checks whether the card's own fields changed.
        self.card_pending.insert(no, &[])?;
        Ok(changed)
    }
}

impl Store {
    /// Registers a validated member: issues the member number, writes the record, its indexes, a change-log
    /// entry and an audit entry in one transaction. With [`Durability::FlushEach`] it returns only once all of
    /// it is on disk.
    pub fn insert_member(
        &self,
        member: &Member,
        actor: &str,
        at: DateTime<Utc>,
        durability: Durability,
    ) -> Result<Member, StoreError> {
        let trees = &self.trees;
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.members,
            &trees.idx_document,
            &trees.idx_phone,
            &trees.idx_name,
            &trees.idx_name_dob,
            &trees.name_tokens,
            &trees.bases,
            &trees.card_pending,
        )
            .transaction(
                |(
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                    members,
                    idx_document,
                    idx_phone,
                    idx_name,
                    idx_name_dob,
                    name_tokens,
                    bases,
                    card_pending,
                )| {
                    let counter = next_counter(trees, meta, "counter/member")?;
                    if counter > u64::from(MemberNumber::MAX_COUNTER) {
                        return abort(StoreError::CounterExhausted);
                    }
                    let number = MemberNumber {
                        district: self.district,
                        workstation: self.office().workstation,
                        counter: counter as u32,
                    };
                    let mut stored = member.clone();
                    stored.member_no = number.to_string();
                    for doc in stored.document_keys() {
                        if let Some(holder) = idx_document.get(doc.as_bytes())? {
                            let member_no = text(&trees.idx_document, doc.as_bytes(), &holder)
                                .or_else(abort)?;
                            return abort(StoreError::DuplicateDocument {
                                document: doc,
                                member_no,
                            });
                        }
                    }
                    let record = encode(&trees.members, &stored).or_else(abort)?;
                    members.insert(stored.member_no.as_bytes(), record)?;
                    let indexes = MemberIndexes {
                        documents: idx_document,
                        phones: idx_phone,
                        names: idx_name,
                        name_dobs: idx_name_dob,
                        tokens: name_tokens,
                    };
                    indexes.write(&stored, None)?;
                    // The chosen base holds from the registration month on.
                    let month = Month::of(stored.registered_on).to_string();
                    bases.insert(
                        key(&[stored.member_no.as_bytes(), month.as_bytes()]),
                        &stored.income_base_kip.to_be_bytes(),
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
                        actor,
                        ChangeKind::MemberRegistered,
                        &stored.member_no,
                        &stored,
                    )?;
                    journal.audit(
                        at,
                        actor,
                        AuditAction::Registered,
                        &stored.member_no,
                        Vec::new(),
                    )?;
                    // A new member needs a card: into the print queue.
                    card_pending.insert(stored.member_no.as_bytes(), &[])?;
                    Ok(stored)
                },
            );
        let stored = flatten(result)?;
        match durability {
            Durability::FlushEach => self.durable()?,
            Durability::Deferred => {}
        }
        Ok(stored)
    }

    /// Replaces a member's data (same member number), keeping the indexes, change log and audit in step.
    /// Returns the member as stored and the fields that changed.
    pub fn update_member(
        &self,
        member: &Member,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(Member, Vec<FieldChange>), StoreError> {
        let trees = &self.trees;
        let no = member.member_no.as_bytes();
        let result = (
            &trees.meta,
            &trees.changes,
            &trees.audit,
            &trees.audit_by_target,
            &trees.members,
            &trees.idx_document,
            &trees.idx_phone,
            &trees.idx_name,
            &trees.idx_name_dob,
            &trees.name_tokens,
            &trees.card_pending,
        )
            .transaction(
                |(
                    meta,
                    changes,
                    audit,
                    audit_by_target,
                    members,
                    idx_document,
                    idx_phone,
                    idx_name,
                    idx_name_dob,
                    name_tokens,
                    card_pending,
                )| {
                    let Some(old) = members.get(no)? else {
                        return abort(StoreError::MemberNotFound(member.member_no.clone()));
                    };
                    let old: Member = decode(&trees.members, no, &old).or_else(abort)?;
                    let write = MemberWrite {
                        members,
                        indexes: MemberIndexes {
                            documents: idx_document,
                            phones: idx_phone,
                            names: idx_name,
                            name_dobs: idx_name_dob,
                            tokens: name_tokens,
                        },
                        card_pending,
                    };
                    let journal = Journal {
                        trees,
                        meta,
                        changes,
                        audit,
                        audit_by_target,
                    };
                    let changed = write.amend(trees, &journal, &old, member, actor, at)?;
                    if changed.is_empty() {
                        return Ok((old, changed));
                    }
                    Ok((member.clone(), changed))
                },
            );
        let out = flatten(result)?;
        self.durable()?;
        Ok(out)
    }

    /// The member with this number, if any.
    pub fn member(&self, member_no: &str) -> Result<Option<Member>, StoreError> {
        let members = &self.trees.members;
        let k = member_no.as_bytes();
        members.get(k)?.map(|b| decode(members, k, &b)).transpose()
    }

    /// How many members the store holds.
    pub fn member_count(&self) -> usize {
        self.trees.members.len()
    }

    /// The member holding an ID document of this kind and number (number already compacted).
    pub fn member_by_document(&self, document_key: &str) -> Result<Option<String>, StoreError> {
        let index = &self.trees.idx_document;
        let k = document_key.as_bytes();
        index.get(k)?.map(|v| text(index, k, &v)).transpose()
    }

    /// Members holding a document with this number, of any kind.
    pub fn members_by_document_number(
        &self,
        number: &str,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let index = &self.trees.idx_document;
        let prefix = format!("{number}/");
        index
            .scan_prefix(prefix.as_bytes())
            .take(limit)
            .map(|kv| {
                let (k, v) = kv?;
                text(index, &k, &v)
            })
            .collect()
    }

    /// Members whose number starts with `prefix` (dashed form), in number order.
    pub fn members_by_number_prefix(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let members = &self.trees.members;
        members
            .scan_prefix(prefix.as_bytes())
            .keys()
            .take(limit)
            .map(|k| {
                let k = k?;
                text(members, &k, &k)
            })
            .collect()
    }

    /// Members whose E.164 phone starts with `e164_prefix`.
    pub fn members_by_phone(
        &self,
        e164_prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        suffixes(&self.trees.idx_phone, e164_prefix.as_bytes(), limit)
    }

    /// Members with the same folded name (either script) and birth date.
    pub fn same_name_and_birth(&self, member: &Member) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for k in name_dob_keys(member) {
            let prefix = key(&[k.as_bytes(), b""]);
            for no in suffixes(&self.trees.idx_name_dob, &prefix, 50)? {
                if no != member.member_no && !out.contains(&no) {
                    out.push(no);
                }
            }
        }
        Ok(out)
    }
}

/// The member numbers after the last `\0` of the first `limit` keys of `index` starting with `prefix`.
fn suffixes(index: &Tree, prefix: &[u8], limit: usize) -> Result<Vec<String>, StoreError> {
    index
        .scan_prefix(prefix)
        .keys()
        .take(limit)
        .map(|k| last_part(index, &k?))
        .collect()
}
