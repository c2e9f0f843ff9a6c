//! The SQLite side: the same records and index keys as the nssf store, in tables.
//!
//! `members` (member number → JSON), `documents` (`NUMBER/kind` → member number), `phones`, `name_tokens`
//! and `name_dob` (key, member number), `changes` and `audit` (as the store's change log and audit trail),
//! `meta` (the member counter) and `names_fts`, an FTS5 table with the trigram tokenizer over the folded
//! name tokens (`nssf_store::member_tokens`). For spelling-tolerant search it gets the same keys as the
//! store's `idx_name`: `names_keys`, an FTS5 table over the phonetic keys of the tokens (Lao romanised,
//! `nssf_store::member_phonetic_keys`), and `name_tokens_rev` (each token of 4 characters or more
//! reversed) beside `name_tokens` for the one-edit look-up. Key/value tables are `WITHOUT ROWID` (clustered on the key,
//! like sled's trees). WAL, `synchronous=FULL`, a 256 MiB page cache (sled's cache is 256 MiB too).

use std::path::Path;

use anyhow::{bail, Context as _, Result};
use chrono::{DateTime, Utc};
use nssf_api::{Reference, SearchHit};
use nssf_domain::change::{ChangeEntry, ChangeKind};
use nssf_domain::member::Context;
use nssf_domain::typo::{one_edit_apart, MIN_TYPO_CHARS};
use nssf_domain::{fold, phonetic, Draft, Member, Receipt, ReceiptNumber};
use nssf_store::{AuditAction, AuditEntry, FieldChange};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::{member_number, validate};

/// A row that may be absent.
fn optional<T>(r: rusqlite::Result<T>) -> Result<Option<T>> {
    Ok(r.optional()?)
}

/// A search result line from a member record, as `Desk::search` builds it (shared by both sides, so the
/// SQLite side builds the same lines).
pub fn hit_of(m: Member, reference: &Reference) -> SearchHit {
    let village = reference.gazetteer.village(&m.village_code);
    SearchHit {
        village_name_lo: village.map_or_else(|| m.village_name.clone(), |v| v.name_lo.clone()),
        village_name_en: village.map_or_else(|| m.village_name.clone(), |v| v.name_en.clone()),
        member_no: m.member_no,
        given_name_lo: m.given_name_lo,
        family_name_lo: m.family_name_lo,
        given_name_latin: m.given_name_latin,
        family_name_latin: m.family_name_latin,
        date_of_birth: m.date_of_birth.to_string(),
        matched: None,
    }
}

pub fn open(path: &Path) -> Result<Connection> {
    let db = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
    db.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA cache_size = -262144;",
    )?;
    Ok(db)
}

pub fn create_schema(db: &Connection) -> Result<()> {
    db.execute_batch(
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
         INSERT INTO meta VALUES ('counter/member', 0);
         CREATE TABLE members (member_no TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
         CREATE TABLE documents (number_kind TEXT PRIMARY KEY, member_no TEXT NOT NULL) WITHOUT ROWID;
         CREATE TABLE phones (e164 TEXT NOT NULL, member_no TEXT NOT NULL, PRIMARY KEY (e164, member_no)) WITHOUT ROWID;
         CREATE TABLE name_tokens (token TEXT NOT NULL, member_no TEXT NOT NULL, PRIMARY KEY (token, member_no)) WITHOUT ROWID;
         CREATE TABLE name_dob (key TEXT NOT NULL, member_no TEXT NOT NULL, PRIMARY KEY (key, member_no)) WITHOUT ROWID;
         CREATE TABLE changes (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);
         CREATE TABLE audit (target TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (target, seq)) WITHOUT ROWID;
         CREATE VIRTUAL TABLE names_fts USING fts5(text, member_no UNINDEXED, tokenize = 'trigram');
         CREATE VIRTUAL TABLE names_keys USING fts5(keys, member_no UNINDEXED);
         CREATE TABLE name_tokens_rev (token_rev TEXT NOT NULL, member_no TEXT NOT NULL, PRIMARY KEY (token_rev, member_no)) WITHOUT ROWID;
         CREATE TABLE receipts (receipt_no TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
         CREATE TABLE receipts_by_member (member_no TEXT NOT NULL, receipt_no TEXT NOT NULL, PRIMARY KEY (member_no, receipt_no)) WITHOUT ROWID;
         CREATE TABLE receipts_by_day (day_cashier_receipt TEXT PRIMARY KEY) WITHOUT ROWID;
         CREATE TABLE month_paid (member_no TEXT NOT NULL, month TEXT NOT NULL, receipt_no TEXT NOT NULL, PRIMARY KEY (member_no, month)) WITHOUT ROWID;
         CREATE TABLE day_closes (day_cashier TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;",
    )?;
    Ok(())
}

/// Writes one member with its index rows, a change-log entry and an audit entry (inside `tx`).
pub fn insert_member(
    tx: &Transaction<'_>,
    m: &Member,
    actor: &str,
    at: DateTime<Utc>,
    action: AuditAction,
) -> Result<()> {
    let no = m.member_no.as_str();
    tx.prepare_cached("INSERT INTO members (member_no, json) VALUES (?1, ?2)")?
        .execute(params![no, serde_json::to_string(m)?])?;
    let mut docs =
        tx.prepare_cached("INSERT INTO documents (number_kind, member_no) VALUES (?1, ?2)")?;
    for key in m.document_keys() {
        docs.execute(params![key, no])?;
    }
    if !m.phone.is_empty() {
        tx.prepare_cached("INSERT INTO phones (e164, member_no) VALUES (?1, ?2)")?
            .execute(params![m.phone, no])?;
    }
    let tokens = nssf_store::member_tokens(m);
    let mut tok =
        tx.prepare_cached("INSERT INTO name_tokens (token, member_no) VALUES (?1, ?2)")?;
    for t in &tokens {
        tok.execute(params![t, no])?;
    }
    let mut dob = tx.prepare_cached("INSERT INTO name_dob (key, member_no) VALUES (?1, ?2)")?;
    for k in nssf_store::name_dob_keys(m) {
        dob.execute(params![k, no])?;
    }
    tx.prepare_cached("INSERT INTO names_fts (text, member_no) VALUES (?1, ?2)")?
        .execute(params![tokens.join(" "), no])?;
    tx.prepare_cached("INSERT INTO names_keys (keys, member_no) VALUES (?1, ?2)")?
        .execute(params![
            nssf_store::member_phonetic_keys(&tokens).join(" "),
            no
        ])?;
    let mut rev =
        tx.prepare_cached("INSERT INTO name_tokens_rev (token_rev, member_no) VALUES (?1, ?2)")?;
    for t in tokens
        .iter()
        .filter(|t| t.chars().count() >= MIN_TYPO_CHARS - 1)
    {
        rev.execute(params![t.chars().rev().collect::<String>(), no])?;
    }
    record_change(
        tx,
        Change {
            at,
            actor,
            kind: ChangeKind::MemberRegistered,
            key: &m.member_no,
            record: serde_json::to_value(m)?,
            action,
            target: no,
            fields: Vec::new(),
        },
    )?;
    Ok(())
}

/// A durable registration: validation, then [`register_validated`].
pub fn register(
    db: &mut Connection,
    draft: &Draft,
    cx: &Context<'_>,
    district: u16,
    workstation: u8,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<String> {
    let m = validate(draft, cx)?;
    register_validated(db, m, district, workstation, actor, at)
}

/// Issues the member number, refuses a document already on file, writes everything in one transaction and
/// returns after the commit (WAL + `synchronous=FULL`: the WAL is fsync'd).
pub fn register_validated(
    db: &mut Connection,
    mut m: Member,
    district: u16,
    workstation: u8,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<String> {
    let tx = db.transaction()?;
    let counter: i64 = tx.query_row(
        "UPDATE meta SET value = value + 1 WHERE name = 'counter/member' RETURNING value",
        [],
        |r| r.get(0),
    )?;
    m.member_no = member_number(
        district,
        workstation,
        u64::try_from(counter).context("counter")?,
    )?;
    for key in m.document_keys() {
        if let Some(holder) = member_by_document_tx(&tx, &key)? {
            bail!("document {key} already belongs to {holder}");
        }
    }
    insert_member(&tx, &m, actor, at, AuditAction::Registered)?;
    tx.commit()?;
    Ok(m.member_no)
}

/// A durable payment, as `Store::record_payment` does it: the member must exist (its record read and
/// decoded, as `Desk::pay` finds the member), a closed day refuses, the receipt is numbered from the
/// year's durable counter, each month paid is marked (refusing a month already covered), the receipt and
/// its member and day index rows, a change-log entry and an audit entry; one transaction, returning after
/// the commit. `receipt` comes with its lines; its number is issued here. Returns the receipt number.
pub fn record_payment(
    db: &mut Connection,
    mut receipt: Receipt,
    district: u16,
    workstation: u8,
    at: DateTime<Utc>,
) -> Result<String> {
    let tx = db.transaction()?;
    let no = receipt.member_no.clone();
    let json: Option<String> = optional(
        tx.prepare_cached("SELECT json FROM members WHERE member_no = ?1")?
            .query_row([&no], |r| r.get(0)),
    )?;
    let Some(json) = json else {
        bail!("no member {no}");
    };
    let _member: Member = serde_json::from_str(&json).with_context(|| format!("decoding {no}"))?;
    let day_cashier = format!("{}\0{}", receipt.paid_on, receipt.cashier);
    if tx
        .prepare_cached("SELECT 1 FROM day_closes WHERE day_cashier = ?1")?
        .exists([&day_cashier])?
    {
        bail!("day {} closed", receipt.paid_on);
    }
    let year = chrono::Datelike::year(&receipt.paid_on);
    let counter_name = format!("counter/receipt/{year}");
    tx.prepare_cached("INSERT OR IGNORE INTO meta (name, value) VALUES (?1, 0)")?
        .execute([&counter_name])?;
    let counter: i64 = tx
        .prepare_cached("UPDATE meta SET value = value + 1 WHERE name = ?1 RETURNING value")?
        .query_row([&counter_name], |r| r.get(0))?;
    receipt.receipt_no = ReceiptNumber {
        district,
        workstation,
        year: u16::try_from(year).context("year")?,
        counter: u32::try_from(counter).context("receipt counter")?,
    }
    .to_string();
    receipt.issued_at = at;
    let rno = receipt.receipt_no.as_str();
    {
        let mut covered = tx.prepare_cached(
            "SELECT receipt_no FROM month_paid WHERE member_no = ?1 AND month = ?2",
        )?;
        let mut mark = tx.prepare_cached(
            "INSERT INTO month_paid (member_no, month, receipt_no) VALUES (?1, ?2, ?3)",
        )?;
        for line in &receipt.lines {
            if let Some(holder) =
                optional(covered.query_row(params![no, line.month], |r| r.get::<_, String>(0)))?
            {
                bail!("month {} already covered by {holder}", line.month);
            }
            mark.execute(params![no, line.month, rno])?;
        }
    }
    tx.prepare_cached("INSERT INTO receipts (receipt_no, json) VALUES (?1, ?2)")?
        .execute(params![rno, serde_json::to_string(&receipt)?])?;
    tx.prepare_cached("INSERT INTO receipts_by_member (member_no, receipt_no) VALUES (?1, ?2)")?
        .execute(params![no, rno])?;
    tx.prepare_cached("INSERT INTO receipts_by_day (day_cashier_receipt) VALUES (?1)")?
        .execute([format!("{day_cashier}\0{rno}")])?;
    record_change(
        &tx,
        Change {
            at,
            actor: &receipt.cashier,
            kind: ChangeKind::PaymentRecorded,
            key: &receipt.receipt_no,
            record: serde_json::to_value(&receipt)?,
            action: AuditAction::Paid,
            target: &no,
            fields: vec![FieldChange {
                field: "receipt".into(),
                before: String::new(),
                after: receipt.receipt_no.clone(),
            }],
        },
    )?;
    tx.commit()?;
    Ok(receipt.receipt_no)
}

fn member_by_document_tx(tx: &Transaction<'_>, key: &str) -> Result<Option<String>> {
    optional(
        tx.prepare_cached("SELECT member_no FROM documents WHERE number_kind = ?1")?
            .query_row([key], |r| r.get(0)),
    )
}

/// The member record, decoded.
pub fn member(db: &Connection, member_no: &str) -> Result<Option<Member>> {
    let json: Option<String> = optional(
        db.prepare_cached("SELECT json FROM members WHERE member_no = ?1")?
            .query_row([member_no], |r| r.get(0)),
    )?;
    json.map(|j| serde_json::from_str(&j).with_context(|| format!("decoding {member_no}")))
        .transpose()
}

pub fn member_by_document(db: &Connection, key: &str) -> Result<Option<String>> {
    optional(
        db.prepare_cached("SELECT member_no FROM documents WHERE number_kind = ?1")?
            .query_row([key], |r| r.get(0)),
    )
}

pub fn members_by_phone(db: &Connection, e164: &str, limit: usize) -> Result<Vec<String>> {
    let mut stmt = db.prepare_cached(
        "SELECT member_no FROM phones WHERE e164 = ?1 ORDER BY member_no LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![e164, limit as i64], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
}

/// The FTS5 query for typed text: each folded token of 3 or more characters as a phrase, all required
/// (the trigram tokenizer cannot match shorter strings).
pub fn match_expression(text: &str) -> Option<String> {
    let parts: Vec<String> = fold::tokens(text)
        .into_iter()
        .filter(|t| t.chars().count() >= 3)
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// Ranked name search (bm25) with the result lines, as `Desk::search` returns them.
pub fn search(
    db: &Connection,
    reference: &Reference,
    text: &str,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let Some(expr) = match_expression(text) else {
        return Ok(Vec::new());
    };
    let numbers: Vec<String> = {
        let mut stmt = db.prepare_cached(
            "SELECT member_no FROM names_fts WHERE names_fts MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![expr, limit as i64], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<Vec<String>>>()?
    };
    let mut hits = Vec::with_capacity(numbers.len());
    for no in numbers {
        if let Some(m) = member(db, &no)? {
            hits.push(hit_of(m, reference));
        }
    }
    Ok(hits)
}

/// The result lines of member numbers, in order.
fn hits_of(db: &Connection, reference: &Reference, numbers: Vec<String>) -> Result<Vec<SearchHit>> {
    let mut hits = Vec::with_capacity(numbers.len());
    for no in numbers {
        if let Some(m) = member(db, &no)? {
            hits.push(hit_of(m, reference));
        }
    }
    Ok(hits)
}

/// Name search by sound, in either script: every typed token's phonetic key (Lao romanised) required in
/// `names_keys`, ranked by bm25: the store's phonetic and cross-script tiers.
pub fn search_by_sound(
    db: &Connection,
    reference: &Reference,
    text: &str,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let keys: Vec<String> = fold::tokens(text)
        .iter()
        .map(|t| phonetic::key(t))
        .filter(|k| !k.is_empty())
        .map(|k| format!("\"{k}\""))
        .collect();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let numbers: Vec<String> = {
        let mut stmt = db.prepare_cached(
            "SELECT member_no FROM names_keys WHERE names_keys MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![keys.join(" AND "), limit as i64], |r| {
            r.get::<_, String>(0)
        })?;
        rows.collect::<rusqlite::Result<Vec<String>>>()?
    };
    hits_of(db, reference, numbers)
}

/// The end (exclusive) of the range of strings starting with `prefix`.
fn after_prefix(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Name search with one typo in the longest typed token (the store's typo tier): the distinct tokens
/// sharing its first half (`name_tokens`) or its last half (`name_tokens_rev`) one edit from it; then the
/// whole names with that token corrected (`name_dob`), then the corrected token's holders that hold every
/// other typed token too.
pub fn search_with_typo(
    db: &Connection,
    reference: &Reference,
    text: &str,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let tokens = fold::tokens(text);
    let Some(driver) = tokens.iter().max_by_key(|t| t.chars().count()) else {
        return Ok(Vec::new());
    };
    let chars: Vec<char> = driver.chars().collect();
    let n = chars.len();
    if n < MIN_TYPO_CHARS {
        return Ok(Vec::new());
    }
    let head: String = chars[..n / 2].iter().collect();
    let tail: String = chars[n / 2 + 1..].iter().rev().collect();
    let mut near: Vec<String> = Vec::new();
    for (sql, part, reversed) in [
        (
            "SELECT DISTINCT token FROM name_tokens WHERE token >= ?1 AND token < ?2 LIMIT 400",
            head,
            false,
        ),
        (
            "SELECT DISTINCT token_rev FROM name_tokens_rev WHERE token_rev >= ?1 AND token_rev < ?2 LIMIT 400",
            tail,
            true,
        ),
    ] {
        let mut stmt = db.prepare_cached(sql)?;
        let rows = stmt.query_map(params![part, after_prefix(&part)], |r| r.get::<_, String>(0))?;
        for t in rows {
            let t = t?;
            let t = if reversed { t.chars().rev().collect() } else { t };
            if &t != driver && one_edit_apart(&t, driver) && !near.contains(&t) {
                near.push(t);
            }
        }
    }
    let others: Vec<&String> = tokens.iter().filter(|t| *t != driver).collect();
    let mut numbers: Vec<String> = Vec::new();
    // As the store does: first the whole name with the typo corrected (`name_dob`'s folded full names, as
    // typed and, for two words, the other way round), then the holders of the corrected word.
    if tokens.len() > 1 {
        let mut whole = db.prepare_cached(
            "SELECT member_no FROM name_dob WHERE key >= ?1 AND key < ?2 LIMIT ?3",
        )?;
        'whole: for t in &near {
            let corrected: Vec<&str> = tokens
                .iter()
                .map(|w| if w == driver { t.as_str() } else { w.as_str() })
                .collect();
            let mut orders = vec![corrected.join(" ")];
            if corrected.len() == 2 {
                orders.push(format!("{} {}", corrected[1], corrected[0]));
            }
            for name in orders {
                let rows = whole.query_map(
                    params![format!("{name}\0"), format!("{name}\u{1}"), limit as i64],
                    |r| r.get::<_, String>(0),
                )?;
                for no in rows {
                    let no = no?;
                    if !numbers.contains(&no) {
                        numbers.push(no);
                        if numbers.len() >= limit {
                            break 'whole;
                        }
                    }
                }
            }
        }
        if numbers.len() >= limit {
            return hits_of(db, reference, numbers);
        }
    }
    let mut holders =
        db.prepare_cached("SELECT member_no FROM name_tokens WHERE token = ?1 LIMIT 600")?;
    let mut holds =
        db.prepare_cached("SELECT 1 FROM name_tokens WHERE token = ?1 AND member_no = ?2")?;
    'near: for t in &near {
        let rows = holders.query_map(params![t], |r| r.get::<_, String>(0))?;
        for no in rows {
            let no = no?;
            let mut all = true;
            for o in &others {
                all &= holds.exists(params![o, no])?;
            }
            if all && !numbers.contains(&no) {
                numbers.push(no);
                if numbers.len() >= limit {
                    break 'near;
                }
            }
        }
    }
    hits_of(db, reference, numbers)
}

/// A change as both logs take it: the change-log entry (`kind`, `key`, `record`) and its audit entry
/// (`action` on `target`, with `fields`).
struct Change<'a> {
    at: DateTime<Utc>,
    actor: &'a str,
    kind: ChangeKind,
    key: &'a str,
    record: serde_json::Value,
    action: AuditAction,
    target: &'a str,
    fields: Vec<FieldChange>,
}

/// Writes `change` to the change log and the audit trail. The change log's sequence is the rowid; the
/// audit entry takes the same number, chained as the sled store chains it (the SQLite side keeps no last
/// hash: the hash work is the cost).
fn record_change(tx: &Transaction<'_>, change: Change<'_>) -> Result<()> {
    let seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM changes", [], |r| {
        r.get(0)
    })?;
    let seq_u = u64::try_from(seq).context("sequence")?;
    let entry = ChangeEntry {
        seq: seq_u,
        at: change.at,
        actor: change.actor.to_owned(),
        kind: change.kind,
        key: change.key.to_owned(),
        record: change.record,
    };
    tx.prepare_cached("INSERT INTO changes (seq, json) VALUES (?1, ?2)")?
        .execute(params![seq, serde_json::to_string(&entry)?])?;
    let audit = AuditEntry::chained(
        seq_u,
        change.at,
        change.actor,
        change.action,
        change.target,
        change.fields,
        nssf_store::GENESIS_HASH,
    );
    tx.prepare_cached("INSERT INTO audit (target, seq, json) VALUES (?1, ?2, ?3)")?
        .execute(params![change.target, seq, serde_json::to_string(&audit)?])?;
    Ok(())
}
