//! The secondary indexes of members (`idx_document`, `idx_phone`, `idx_name`, `idx_name_dob`,
//! `name_tokens`): which entries a member version owns, writing them in the member's transaction, and
//! rebuilding them from the records to check that they agree.

use std::collections::BTreeMap;

use nssf_domain::{fold, phonetic, Member};
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

/// The duplicate-warning keys of a person: folded full name in each script with the birth date, and, per
/// script, the full name's phonetic keys (`\x01` first) then that script's folded full name (its spelling)
/// then the birth date, so a spelling variant or the other script meets the same sound, and a search finds
/// the spellings of a sound one seek each and ranks each spelling once, without reading its holders' token
/// lists (`docs/search.md`, "The index").
pub fn name_dob_keys(m: &Member) -> Vec<String> {
    let mut keys = Vec::new();
    let mut sounds: Vec<String> = Vec::new();
    for (given, family) in [
        (&m.given_name_lo, &m.family_name_lo),
        (&m.given_name_latin, &m.family_name_latin),
    ] {
        let name = fold::name_key(given, family);
        if name.is_empty() {
            continue;
        }
        keys.push(format!("{name}\0{}", m.date_of_birth));
        let sound = name_sound(&name.split(' ').map(str::to_owned).collect::<Vec<_>>());
        let entry = format!("\u{1}{sound}\0{name}\0{}", m.date_of_birth);
        if !sound.is_empty() && !sounds.contains(&entry) {
            sounds.push(entry);
        }
    }
    keys.extend(sounds);
    keys
}

/// The phonetic keys of a whole name's folded tokens, in order, joined by spaces (empty tokens and keys
/// left out): what `idx_name_dob`'s `\x01` entries hold.
pub fn name_sound(tokens: &[String]) -> String {
    tokens
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| phonetic::key(t))
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first byte of `idx_name`'s phonetic entries: `\x01` phonetic key `\0` member number. Folded tokens
/// never start with a control character, so the three kinds of entries never mix in a scan.
pub(crate) const PHONETIC: u8 = 1;
/// The first byte of `idx_name`'s reversed entries: `\x02` token with its characters reversed `\0` member
/// number, for tokens of [`REVERSED_MIN_CHARS`] or more: a typo near a token's start keeps its end.
pub(crate) const REVERSED: u8 = 2;
/// The shortest stored token with a reversed entry: a typed token of
/// [`nssf_domain::typo::MIN_TYPO_CHARS`] with one letter too many.
pub(crate) const REVERSED_MIN_CHARS: usize = nssf_domain::typo::MIN_TYPO_CHARS - 1;

/// The phonetic keys of a member's folded tokens (Lao ones romanised), deduplicated, in token order.
pub fn member_phonetic_keys(tokens: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for t in tokens {
        let k = phonetic::key(t);
        if !k.is_empty() && !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// `idx_name`'s entries of one member: folded tokens, phonetic keys, reversed long tokens.
fn name_entries(tokens: &[String], no: &[u8]) -> Vec<Vec<u8>> {
    let mut entries: Vec<Vec<u8>> = tokens.iter().map(|t| key(&[t.as_bytes(), no])).collect();
    for k in member_phonetic_keys(tokens) {
        entries.push(key(&[&[&[PHONETIC], k.as_bytes()].concat(), no]));
    }
    for t in tokens {
        if t.chars().count() >= REVERSED_MIN_CHARS {
            let reversed: String = t.chars().rev().collect();
            entries.push(key(&[&[&[REVERSED], reversed.as_bytes()].concat(), no]));
        }
    }
    entries
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
        names: name_entries(&tokens, no),
        name_dobs: name_dob_keys(m)
            .iter()
            .map(|k| key(&[k.as_bytes(), no]))
            .collect(),
        tokens: tokens
            .iter()
            .map(|t| format!("{t}\t{}", phonetic::key(t)))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
    }
}

/// Schema 3 → 4: `idx_name` gains the phonetic and reversed-token entries of spelling-tolerant search,
/// rebuilt from the records with every other index ([`rebuild`]).
pub(crate) fn add_spelling_entries(store: &Store) -> Result<(), StoreError> {
    rebuild(store)
}

impl Store {
    /// Empties the member indexes (`idx_document`, `idx_phone`, `idx_name`, `idx_name_dob`,
    /// `name_tokens`) and writes them again from the records, streamed ([`rebuild`]). Not flushed.
    pub fn rebuild_member_indexes(&self) -> Result<(), StoreError> {
        rebuild(self)
    }
}

/// Every member index rebuilt from the records: what a schema upgrade that changes their key layout runs
/// (the indexes are derived; the 3 → 4 migration, and any later one that changes index keys, calls this).
/// Run again from the start if interrupted (the caller stamps the version after it); not flushed.
///
/// Streamed, not [`Store::rebuild_indexes`]: that one holds every entry twice (as rebuilt and as stored, to
/// compare them) and needed 5.5 GB of memory for a 100,000-member office, more than an office PC has. Here
/// the index trees are emptied and refilled one batch of [`MIGRATION_BATCH_MEMBERS`] members at a time.
pub(crate) fn rebuild(store: &Store) -> Result<(), StoreError> {
    let t = &store.trees;
    let trees = [
        &t.idx_document,
        &t.idx_phone,
        &t.idx_name,
        &t.idx_name_dob,
        &t.name_tokens,
    ];
    for tree in trees {
        tree.clear()?;
    }
    let mut batches: [sled::Batch; 5] = Default::default();
    let mut in_batch = 0;
    for kv in t.members.iter() {
        let (k, v) = kv?;
        let m: Member = decode(&t.members, &k, &v)?;
        let e = index_entries(&m);
        let no = m.member_no.as_bytes();
        let [documents, phones, names, name_dobs, tokens] = &mut batches;
        for d in &e.documents {
            documents.insert(d.as_slice(), no);
        }
        for (batch, keys) in [
            (phones, &e.phones),
            (names, &e.names),
            (name_dobs, &e.name_dobs),
        ] {
            for k in keys {
                batch.insert(k.as_slice(), &[][..]);
            }
        }
        tokens.insert(no, e.tokens);
        in_batch += 1;
        if in_batch == MIGRATION_BATCH_MEMBERS {
            apply_batches(&trees, &mut batches)?;
            in_batch = 0;
        }
    }
    apply_batches(&trees, &mut batches)
}

/// Members whose index entries one migration batch holds: a few MB.
const MIGRATION_BATCH_MEMBERS: usize = 5_000;

fn apply_batches(trees: &[&Tree; 5], batches: &mut [sled::Batch; 5]) -> Result<(), StoreError> {
    for (tree, batch) in trees.iter().zip(batches.iter_mut()) {
        tree.apply_batch(std::mem::take(batch))?;
    }
    Ok(())
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
    /// `idx_name`: folded token `\0` member number → empty; also `\x01` phonetic key and `\x02` reversed
    /// token entries of the same shape.
    pub names: BTreeMap<Vec<u8>, Vec<u8>>,
    /// `idx_name_dob`: folded full name `\0` birth date `\0` member number → empty; also `\x01` phonetic
    /// keys of the full name `\0` its spelling `\0` birth date `\0` member number, per script.
    pub name_dobs: BTreeMap<Vec<u8>, Vec<u8>>,
    /// `name_tokens`: member number → its folded name tokens, one per line, each with its phonetic key after
    /// a tab (what a search checks candidates against).
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
