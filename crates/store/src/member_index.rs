//! The secondary indexes of members (`idx_document`, `idx_phone`, `idx_name`, `idx_name_dob`,
//! `name_tokens`): which entries a member version owns, writing them in the member's transaction, and
//! rebuilding them from the records to check that they agree.

use std::collections::BTreeMap;

use nssf_domain::{fold, Member};
use sled::transaction::TransactionalTree;
use sled::Tree;

use crate::encoding::{decode, key};
use crate::trees::TxResult;
use crate::{Store, StoreError};

/// The index entries one member version owns; an amendment removes the old set and adds the new one.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct IndexEntries {
    pub(crate) documents: Vec<Vec<u8>>,
    pub(crate) phones: Vec<Vec<u8>>,
    pub(crate) names: Vec<Vec<u8>>,
    pub(crate) name_dobs: Vec<Vec<u8>>,
    pub(crate) tokens: Vec<u8>,
}

/// Folded name tokens of both scripts, deduplicated, in name order.
pub fn member_tokens(m: &Member) -> Vec<String> {
    let mut all = Vec::new();
    for part in [
        &m.given_name_lo,
        &m.family_name_lo,
        &m.given_name_latin,
        &m.family_name_latin,
    ] {
        for t in fold::tokens(part) {
            if !all.contains(&t) {
                all.push(t);
            }
        }
    }
    all
}

/// The duplicate-warning keys of a person: folded full name in each script with the birth date.
pub fn name_dob_keys(m: &Member) -> Vec<String> {
    let mut keys = Vec::new();
    for (given, family) in [
        (&m.given_name_lo, &m.family_name_lo),
        (&m.given_name_latin, &m.family_name_latin),
    ] {
        let name = fold::name_key(given, family);
        if !name.is_empty() {
            keys.push(format!("{name}\0{}", m.date_of_birth));
        }
    }
    keys
}

pub(crate) fn index_entries(m: &Member) -> IndexEntries {
    let no = m.member_no.as_bytes();
    let tokens = member_tokens(m);
    IndexEntries {
        documents: m.document_keys().map(String::into_bytes).collect(),
        phones: if m.phone.is_empty() {
            vec![]
        } else {
            vec![key(&[m.phone.as_bytes(), no])]
        },
        names: tokens.iter().map(|t| key(&[t.as_bytes(), no])).collect(),
        name_dobs: name_dob_keys(m)
            .iter()
            .map(|k| key(&[k.as_bytes(), no]))
            .collect(),
        tokens: tokens.join("\n").into_bytes(),
    }
}

/// The index trees inside a member transaction.
pub(crate) struct MemberIndexes<'t> {
    pub(crate) documents: &'t TransactionalTree,
    pub(crate) phones: &'t TransactionalTree,
    pub(crate) names: &'t TransactionalTree,
    pub(crate) name_dobs: &'t TransactionalTree,
    pub(crate) tokens: &'t TransactionalTree,
}

impl MemberIndexes<'_> {
    /// Replaces the entries of `old` (when amending) by those of `new`.
    pub(crate) fn write(&self, new: &Member, old: Option<&Member>) -> TxResult<()> {
        if let Some(old) = old {
            let old_entries = index_entries(old);
            for k in &old_entries.documents {
                self.documents.remove(k.as_slice())?;
            }
            for (tree, keys) in [
                (self.phones, &old_entries.phones),
                (self.names, &old_entries.names),
                (self.name_dobs, &old_entries.name_dobs),
            ] {
                for k in keys {
                    tree.remove(k.as_slice())?;
                }
            }
        }
        let new_entries = index_entries(new);
        for k in &new_entries.documents {
            self.documents
                .insert(k.as_slice(), new.member_no.as_bytes())?;
        }
        for (tree, keys) in [
            (self.phones, &new_entries.phones),
            (self.names, &new_entries.names),
            (self.name_dobs, &new_entries.name_dobs),
        ] {
            for k in keys {
                tree.insert(k.as_slice(), &[])?;
            }
        }
        self.tokens
            .insert(new.member_no.as_bytes(), new_entries.tokens)?;
        Ok(())
    }
}

/// Index contents as sorted maps, comparable between "as stored" and "as rebuilt from records".
#[derive(Debug, Default, PartialEq, Eq)]
pub struct IndexReport {
    /// `idx_document`: `NUMBER/kind` → member number.
    pub documents: BTreeMap<Vec<u8>, Vec<u8>>,
    /// `idx_phone`: E.164 `\0` member number → empty.
    pub phones: BTreeMap<Vec<u8>, Vec<u8>>,
    /// `idx_name`: folded token `\0` member number → empty.
    pub names: BTreeMap<Vec<u8>, Vec<u8>>,
    /// `idx_name_dob`: folded full name `\0` birth date `\0` member number → empty.
    pub name_dobs: BTreeMap<Vec<u8>, Vec<u8>>,
    /// `name_tokens`: member number → its folded name tokens, one per line (what a search re-ranks by).
    pub tokens: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl Store {
    /// Every index entry, rebuilt from the records: what the indexes must equal. Used by tests and by a
    /// future `check` command.
    pub fn index_report(&self) -> Result<IndexReport, StoreError> {
        let members = &self.trees.members;
        let mut expected = IndexReport::default();
        for kv in members.iter() {
            let (k, v) = kv?;
            let m: Member = decode(members, &k, &v)?;
            let e = index_entries(&m);
            for d in e.documents {
                expected
                    .documents
                    .insert(d, m.member_no.clone().into_bytes());
            }
            expected
                .phones
                .extend(e.phones.into_iter().map(|k| (k, vec![])));
            expected
                .names
                .extend(e.names.into_iter().map(|k| (k, vec![])));
            expected
                .name_dobs
                .extend(e.name_dobs.into_iter().map(|k| (k, vec![])));
            expected
                .tokens
                .insert(m.member_no.clone().into_bytes(), e.tokens);
        }
        Ok(expected)
    }

    /// Every index entry as stored.
    pub fn index_contents(&self) -> Result<IndexReport, StoreError> {
        let read = |t: &Tree| -> Result<BTreeMap<Vec<u8>, Vec<u8>>, StoreError> {
            t.iter()
                .map(|kv| {
                    kv.map(|(k, v)| (k.to_vec(), v.to_vec()))
                        .map_err(StoreError::from)
                })
                .collect()
        };
        Ok(IndexReport {
            documents: read(&self.trees.idx_document)?,
            phones: read(&self.trees.idx_phone)?,
            names: read(&self.trees.idx_name)?,
            name_dobs: read(&self.trees.idx_name_dob)?,
            tokens: read(&self.trees.name_tokens)?,
        })
    }
}
